"""The registry: every rule, by id. Adding a rule: its module, one line here,
its page in rules/<id>.md, a fixture."""

from __future__ import annotations

from loclint.rules import (
    afm_keyword,
    broken_anchor,
    broken_link,
    code_mismatch,
    detached_attribute,
    empty_emphasis,
    empty_link_text,
    escaped_entity,
    front_matter,
    frontmatter_mismatch,
    hard_coded_locale,
    heading_id_mismatch,
    link_mismatch,
    missing_alt_text,
    missing_page,
    mt_placeholder_leak,
    mt_spacing,
    page_limits,
    stale_translation,
    structure_mismatch,
    token_malformed,
    token_mismatch,
    token_spacing,
    unreadable,
    untranslated_text,
    wrong_language,
)

RULES = {
    module.ID: module
    for module in (
        # on the page alone
        token_malformed,
        token_spacing,
        escaped_entity,
        empty_link_text,
        missing_alt_text,
        broken_link,
        broken_anchor,
        afm_keyword,
        front_matter,
        unreadable,
        page_limits,
        # against the source page
        token_mismatch,
        link_mismatch,
        code_mismatch,
        frontmatter_mismatch,
        heading_id_mismatch,
        structure_mismatch,
        stale_translation,
        missing_page,
        # language and machine-translation artifacts
        untranslated_text,
        wrong_language,
        mt_spacing,
        mt_placeholder_leak,
        empty_emphasis,
        detached_attribute,
        hard_coded_locale,
    )
}


def compares_with_source(rule_id: str) -> bool:
    return getattr(RULES[rule_id], "NEEDS_SOURCE", False)


def default_options() -> dict:
    options: dict = {}
    for module in RULES.values():
        options.update(module.DEFAULT)
    return options
