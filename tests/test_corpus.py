"""The real pages: what loclint must find there, and stay quiet about."""

from __future__ import annotations

from collections import Counter

from conftest import NL, SEED, needs_corpus
from loclint.config import Config
from loclint.docs import DocsIndex
from loclint.walker import lint_file

pytestmark = needs_corpus()


def test_seed_page_findings_are_exactly_the_known_defects():
    findings = lint_file(SEED, Config(), DocsIndex())
    assert [(f.line, f.column, f.rule, f.severity) for f in findings] == [
        (15, 250, "escaped-entity", "warning"),  # gebruiksscenario&#39;s
        (31, 11, "token-spacing", "warning"),  # Adobe  [!DNL Campaign]  v8
        (39, 11, "token-spacing", "warning"),  # Adobe  [!DNL Campaign]  v7
    ]


# Read one by one (broken-link, empty-link-text, afm-keyword, token-malformed)
# or by sample (escaped-entity, token-spacing, broken-anchor): see the note of
# the issue that pinned them. broken-anchor is real: MT translated headings
# whose English slugs other pages link to.
CORPUS_COUNTS = {
    "escaped-entity": 1002,
    "broken-anchor": 125,
    "token-spacing": 124,
    "token-malformed": 40,
    "afm-keyword": 14,
    "broken-link": 4,
    "empty-link-text": 2,
}


def test_whole_dutch_corpus_counts_per_rule():
    docs = DocsIndex()
    config = Config()
    counts = Counter()
    pages = sorted(NL.rglob("*.md"))
    assert len(pages) == 94
    for page in pages:
        counts.update(f.rule for f in lint_file(page, config, docs))
    assert dict(counts) == CORPUS_COUNTS


def test_corpus_root_is_found_without_a_flag_so_site_absolute_links_resolve():
    toc = NL / "help/blueprints/TOC.md"
    findings = lint_file(toc, Config(), DocsIndex())
    # 70-odd /help/... links resolve; the one page that is missing in both
    # languages is reported.
    assert [(f.line, f.rule) for f in findings if f.rule == "broken-link"] == [(71, "broken-link")]
