"""Suppression comments, markdownlint's forms: which findings each one
silences, and what a misspelt one says."""

from __future__ import annotations

import pytest
from conftest import lint_text, positions

PAGE = """Een &amp; hier.
<!-- {directive} -->
Twee &amp; hier.
Drie &amp; hier.
"""


@pytest.mark.parametrize("directive, left", [
    ("loclint-disable escaped-entity", [(1, 5)]),
    ("loclint-disable", [(1, 5)]),
    ("loclint-disable token-spacing", [(1, 5), (3, 6), (4, 6)]),
    ("loclint-disable-next-line escaped-entity", [(1, 5), (4, 6)]),
    ("loclint-disable-file escaped-entity", []),
    ("loclint-enable escaped-entity", [(1, 5), (3, 6), (4, 6)]),
])
def test_each_form_silences_what_it_says(tmp_path, directive, left):
    findings = lint_text(tmp_path, PAGE.format(directive=directive), "escaped-entity")
    assert positions(findings) == left


def test_disable_line_silences_its_own_line_only(tmp_path):
    page = "Een &amp; hier. <!-- loclint-disable-line escaped-entity -->\nTwee &amp; hier.\n"
    assert positions(lint_text(tmp_path, page, "escaped-entity")) == [(2, 6)]


def test_enable_ends_a_disable(tmp_path):
    page = "<!-- loclint-disable -->\nEen &amp; hier.\n<!-- loclint-enable -->\nTwee &amp; hier.\n"
    assert positions(lint_text(tmp_path, page, "escaped-entity")) == [(4, 6)]


@pytest.mark.parametrize("directive, message", [
    ("loclint-disable-lines escaped-entity", "`loclint-disable-lines` is no suppression directive"),
    ("loclint-ignore escaped-entity", "`loclint-ignore` is no suppression directive"),
    ("loclint-disable escaped-entiteit", "`loclint-disable` names unknown rule `escaped-entiteit`"),
])
def test_a_misspelt_directive_silences_nothing_and_is_a_finding(tmp_path, directive, message):
    findings = lint_text(tmp_path, PAGE.format(directive=directive), ["escaped-entity", "invalid-suppression"])
    assert [(f.line, f.column, f.rule) for f in findings] == [
        (1, 5, "escaped-entity"), (2, 1, "invalid-suppression"), (3, 6, "escaped-entity"), (4, 6, "escaped-entity")]
    assert message in next(f.message for f in findings if f.rule == "invalid-suppression")
