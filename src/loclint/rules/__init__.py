"""The registry: every rule, by id. Adding a rule: its module, one line here,
its page in rules/<id>.md, a fixture."""

from __future__ import annotations

from loclint.rules import (
    afm_keyword,
    broken_anchor,
    broken_link,
    code_mismatch,
    empty_link_text,
    escaped_entity,
    front_matter,
    frontmatter_mismatch,
    heading_id_mismatch,
    link_mismatch,
    missing_alt_text,
    missing_page,
    stale_translation,
    structure_mismatch,
    token_malformed,
    token_mismatch,
    token_spacing,
    unreadable,
)

RULES = {
    module.ID: module
    for module in (
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
        token_mismatch,
        link_mismatch,
        code_mismatch,
        frontmatter_mismatch,
        heading_id_mismatch,
        structure_mismatch,
        stale_translation,
        missing_page,
    )
}


def compares_with_source(rule_id: str) -> bool:
    return getattr(RULES[rule_id], "NEEDS_SOURCE", False)


def default_options() -> dict:
    options: dict = {}
    for module in RULES.values():
        options.update(module.DEFAULT)
    return options
