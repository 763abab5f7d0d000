from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import loclint
from loclint.config import Config
from loclint.docs_index import DocsIndex
from loclint.linter import lint_file
from loclint.rules import RULES

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpus"
NL = CORPUS / "blueprints-learn.nl-NL"
EN = CORPUS / "blueprints-learn.en"
SEED = NL / "help/blueprints/customer-journeys/overview.md"
FIXTURES = PROJECT / "fixtures"
REGENERATE_ENV = "LOCLINT_REGENERATE"
_rewritten: list[Path] = []


def pytest_addoption(parser):
    parser.addoption("--regenerate", action="store_true",
                     help=f"rewrite fixtures/**/*.expected and the pinned corpus counts from the current code "
                          f"(or set {REGENERATE_ENV}=1); review them with `git diff`")


def pytest_sessionstart(session):
    # A test run against an installed copy passes or fails for code that is not this checkout's.
    imported = Path(loclint.__file__).resolve()
    if not imported.is_relative_to(PROJECT / "src"):
        pytest.exit(f"the tests imported loclint from {imported.parent}, not from {PROJECT / 'src'}: "
                    f"install the checkout in editable mode (pip install -e '.[test]')", returncode=4)


def pytest_terminal_summary(terminalreporter):
    if _rewritten:
        terminalreporter.write_line(f"loclint: rewrote {len(_rewritten)} file(s); review them with `git diff`:")
        for path in _rewritten:
            terminalreporter.write_line(f"  {path.relative_to(PROJECT).as_posix()}")


@pytest.fixture(scope="session")
def regenerate(request) -> bool:
    """True when this run rewrites expected outputs instead of comparing them."""
    return request.config.getoption("--regenerate") or os.environ.get(REGENERATE_ENV, "") not in ("", "0")


def rewrite(path: Path, text: str) -> None:
    """Write a regenerated expected output, remembering it for the summary when it changed."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        if path not in _rewritten:
            _rewritten.append(path)


def check_json(*args: str, cwd: Path) -> dict:
    """`loclint check ARGS --format json --no-cache` run in `cwd` as a user
    would run it (a process of this interpreter's loclint): the parsed report."""
    done = subprocess.run([sys.executable, "-m", "loclint", "check", *args, "--format", "json", "--no-cache"],
                          cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in (0, 1), f"loclint exited {done.returncode}: {done.stderr}"
    return json.loads(done.stdout)


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
