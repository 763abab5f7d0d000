from __future__ import annotations

from pathlib import Path

import pytest

from loclint.config import Config
from loclint.docs import DocsIndex
from loclint.rules import RULES
from loclint.linter import lint_file

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpus"
NL = CORPUS / "blueprints-learn.nl-NL"
EN = CORPUS / "blueprints-learn.en"
SEED = NL / "help/blueprints/customer-journeys/overview.md"
FIXTURES = PROJECT / "fixtures"


def lint_text(tmp_path: Path, text: str | bytes, rules=None, name: str = "example.md", **config):
    """Write `text` as a page in a fresh docs tree and lint it: the findings."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    cfg = Config(base=tmp_path, root=tmp_path, **config)
    if rules is not None:
        cfg.select = frozenset([rules] if isinstance(rules, str) else rules)
    return lint_file(path, cfg, DocsIndex(tmp_path))


def positions(findings, rule=None):
    return [(f.line, f.column) for f in findings if rule is None or f.rule == rule]


@pytest.fixture
def lint(tmp_path):
    return lambda text, rules=None, **kw: lint_text(tmp_path, text, rules, **kw)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A small docs tree, the working folder: English and Dutch pages side by
    side, one Dutch page linking to another's heading and to a missing page."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    for lang, text in (("en", "# Overview\n\nUse [!DNL Campaign].\n"), ("nl", "# Overzicht\n\nGebruik [!DNL Campaign].\n")):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "a.md").write_text(text)
    (tmp_path / "docs" / "nl" / "b.md").write_text("# B\n\n## Stappen\n\nZie [a](a.md#overzicht) en [c](c.md).\n")
    return tmp_path


def needs_corpus():
    return pytest.mark.skipif(not NL.is_dir(), reason="../shared/corpus is not there")


__all__ = ["RULES", "lint_text", "positions"]
