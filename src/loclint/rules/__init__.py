"""The registry: every rule, by id. Adding a rule: its module, one line here,
its page in rules/<id>.md, a fixture."""

from __future__ import annotations

from loclint.rules import (
    afm_keyword,
    broken_anchor,
    broken_link,
    empty_link_text,
    escaped_entity,
    front_matter,
    missing_alt_text,
    token_malformed,
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
    )
}


def default_options() -> dict:
    options: dict = {}
    for module in RULES.values():
        options.update(module.DEFAULT)
    return options
