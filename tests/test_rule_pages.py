"""The rule pages are the rules at a glance: every rule has one, and every
example on them is run here."""

from __future__ import annotations

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
        # Paired as locale folders: nl/example.md is the translation of en/example.md.
        lint_text(tmp_path, example.source, name="en/example.md")
        findings = lint_text(tmp_path, example.text, example.rule, name="nl/example.md", lang="nl-NL")
    else:
        # Examples are Dutch pages: the language rules need to know that.
        findings = lint_text(tmp_path, example.text, example.rule, lang="nl-NL")
    expected = list(example.expected) if example.kind == "bad" else []
    assert positions(findings) == expected, [f.message for f in findings]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_option_a_rule_declares_is_on_its_page_and_no_other(rule_id):
    assert options_documented(rule_pages()[rule_id]) == set(RULES[rule_id].options)
