"""The real pages: what loclint must find there, and stay quiet about."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import EN, NL, SEED, needs_corpus
from loclint.config import Config
from loclint.docs import DocsIndex
from loclint.rules import compares_with_source
from loclint.walker import Linter, lint_file

pytestmark = needs_corpus()


def test_seed_page_findings_are_exactly_the_known_defects():
    # Paired with its English source without a flag: no source rule finds
    # anything (tokens, links and ids match), and the three defects are the
    # translation's own.
    findings = lint_file(SEED, Config(), DocsIndex())
    assert [(f.line, f.column, f.rule, f.severity, f.origin) for f in findings] == [
        (15, 250, "escaped-entity", "warning", "introduced"),  # gebruiksscenario&#39;s
        (31, 11, "token-spacing", "warning", "introduced"),  # Adobe  [!DNL Campaign]  v8
        (39, 11, "token-spacing", "warning", "introduced"),  # Adobe  [!DNL Campaign]  v7
    ]


# Pinned after reading them: every finding of broken-link, empty-link-text,
# afm-keyword, token-malformed, token-mismatch, frontmatter-mismatch,
# heading-id-mismatch, code-mismatch and the link-mismatch findings at warning
# level; samples of the others. broken-anchor is real: MT translated the
# headings whose English slugs other pages link to. The info-level
# source-rule findings are on pages whose English source has grown since it
# was translated (source-wordcount far below today's count), so loclint
# says it is not sure.
CORPUS_COUNTS = {
    ("afm-keyword", "error"): 14,
    ("broken-anchor", "error"): 125,
    ("broken-link", "error"): 2,
    ("broken-link", "info"): 2,  # the same missing images in the English pages
    ("code-mismatch", "error"): 1,
    ("empty-link-text", "error"): 2,
    ("escaped-entity", "error"): 6,
    ("escaped-entity", "warning"): 996,
    ("frontmatter-mismatch", "error"): 3,
    ("frontmatter-mismatch", "info"): 48,
    ("link-mismatch", "info"): 272,
    ("link-mismatch", "warning"): 16,
    ("structure-mismatch", "info"): 20,
    ("structure-mismatch", "warning"): 7,
    ("token-malformed", "error"): 39,
    ("token-malformed", "info"): 1,  # [!DNL [!DNL Edge Network]] is in the English page too
    ("token-mismatch", "error"): 2,
    ("token-mismatch", "info"): 1,
    ("token-spacing", "warning"): 124,
}
ORIGINS = {"inherited": 3, "introduced": 1308, None: 370}


@pytest.fixture(scope="module")
def corpus_findings():
    linter = Linter(Config())
    pages = sorted(NL.rglob("*.md"))
    assert len(pages) == 94
    return [f for page in pages for f in linter.lint(page)]


def test_whole_dutch_corpus_counts_per_rule_and_severity(corpus_findings):
    assert dict(Counter((f.rule, f.severity) for f in corpus_findings)) == CORPUS_COUNTS


def test_whole_dutch_corpus_counts_per_origin(corpus_findings):
    assert dict(Counter(f.origin for f in corpus_findings)) == ORIGINS
    # Every finding of a target-only rule is classified; no source rule's is.
    assert all((f.origin is None) == compares_with_source(f.rule) for f in corpus_findings)
    assert {f.source for f in corpus_findings if f.path.endswith("customer-journeys/overview.md")} == {
        str(EN / "help/blueprints/customer-journeys/overview.md")
    }


def test_corpus_root_is_found_without_a_flag_so_site_absolute_links_resolve():
    toc = NL / "help/blueprints/TOC.md"
    findings = lint_file(toc, Config(), DocsIndex())
    # 70-odd /help/... links resolve; the one page that is missing in both
    # languages is reported.
    assert [(f.line, f.rule) for f in findings if f.rule == "broken-link"] == [(71, "broken-link")]
