"""The registry: every rule, by id. Adding a rule: its module, one line here,
its page in rules/<id>.md, a fixture."""

from __future__ import annotations

from loclint.rule import Rule, registry
from loclint.rules import (
    afm_keyword,
    broken_anchor,
    broken_link,
    changed_number,
    code_mismatch,
    detached_attribute,
    doubled_word,
    empty_emphasis,
    empty_link_text,
    escaped_entity,
    front_matter,
    frontmatter_mismatch,
    glossary_term,
    hard_coded_locale,
    heading_id_mismatch,
    link_mismatch,
    markup_spacing,
    missing_alt_text,
    mt_placeholder_leak,
    mt_spacing,
    page_limits,
    pipeline_leftover,
    protected_name,
    source_pattern,
    stale_translation,
    structure_mismatch,
    term_consistency,
    token_malformed,
    token_mismatch,
    token_spacing,
    translated_identifier,
    untranslated_text,
    wrong_language,
)

# Findings the engine makes itself: they have an id, a severity and a page,
# but nothing to check node by node.
UNREADABLE_PAGE = Rule(
    id="unreadable-page",
    summary="A file that cannot be read as a UTF-8 Markdown page (I/O error, binary, bad encoding).",
    severity="error",
)
INVALID_SUPPRESSION = Rule(
    id="invalid-suppression",
    summary="A loclint suppression comment of no known form, or naming a rule that does not exist.",
    severity="warning",
)
MISSING_PAGE = Rule(
    id="missing-page",
    summary="With --missing, a source page without translation, or a translated page whose source is gone.",
    severity="info",
)

RULES = registry(
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
    UNREADABLE_PAGE,
    INVALID_SUPPRESSION,
    page_limits,
    # against the source page
    token_mismatch,
    link_mismatch,
    code_mismatch,
    frontmatter_mismatch,
    heading_id_mismatch,
    structure_mismatch,
    stale_translation,
    MISSING_PAGE,
    # language and machine-translation artifacts
    untranslated_text,
    wrong_language,
    mt_spacing,
    mt_placeholder_leak,
    empty_emphasis,
    detached_attribute,
    hard_coded_locale,
    doubled_word,
    pipeline_leftover,
    markup_spacing,
    translated_identifier,
    protected_name,
    changed_number,
    source_pattern,
    glossary_term,
    term_consistency,
)
