"""The rule pages are the rules at a glance: every rule has one, and every
example on them is run here."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace

import pytest
from conftest import lint_text, positions

from loclint.ruledocs import examples, options_documented, rule_pages
from loclint.rules import RULES

ALL_EXAMPLES = [ex for page in rule_pages().values() for ex in examples(page)]


def test_every_rule_has_a_page_and_every_page_a_rule():
    assert set(rule_pages()) == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_page_shows_bad_and_good_or_says_why_not(rule_id):
    kinds = {ex.kind for ex in examples(rule_pages()[rule_id])}
    page = rule_pages()[rule_id]
    assert kinds == {"bad", "good"} or "No Markdown example can show it" in page.body
    for section in ("## What it does", "## Why is this bad?", "## Fix safety", "## Options"):
        assert section in page.body, f"rules/{rule_id}.md lacks {section}"


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda ex: f"{ex.rule}-{ex.kind}-line{ex.line}")
def test_rule_page_example(tmp_path, example):
    if example.source is not None:
        # Paired as locale folders: nl/example.md is the translation of
        # en/example.md, made from the commit of en/ that it names (the
        # harness adds that line to its front matter; positions are the example's).
        lint_text(tmp_path, example.source, name="en/example.md")
        commit = _committed(tmp_path / "en")
        text, added = _naming_commit(example.text, commit)
        findings = lint_text(tmp_path, text, example.rule, name="nl/example.md", lang="nl-NL")
        findings = [replace(f, line=f.line - added) for f in findings]
    else:
        # Examples are Dutch pages: the language rules need to know that.
        findings = lint_text(tmp_path, example.text, example.rule, lang="nl-NL")
    expected = list(example.expected) if example.kind == "bad" else []
    assert positions(findings) == expected, [f.message for f in findings]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_option_a_rule_declares_is_on_its_page_and_no_other(rule_id):
    assert options_documented(rule_pages()[rule_id]) == set(RULES[rule_id].options)


def _committed(folder) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "source"]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, check=True, capture_output=True,
                          text=True).stdout.strip()


def _naming_commit(text: str, commit: str) -> tuple[str, int]:
    """The page with `source-git-commit` in its front matter, and how many
    lines that added above the example's own. An example naming a commit
    of its own keeps it."""
    if "source-git-commit:" in text:
        return text, 0
    if text.startswith("---\n"):
        return f"---\nsource-git-commit: {commit}\n{text[4:]}", 1
    return f"---\nsource-git-commit: {commit}\n---\n{text}", 3
