"""Every fixture page yields exactly the findings its .expected file lists."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from loclint.config import Config
from loclint.docs import DocsIndex
from loclint.linter import lint_file

# Unpaired pages, and translated pages paired with their sources as locale
# folders (pairs/nl/x.md is the translation of pairs/en/x.md).
PAGES = sorted((FIXTURES / "pages").rglob("*.md")) + [
    page for tree in ("pairs", "language") for page in sorted((FIXTURES / tree / "nl").rglob("*.md"))
]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture(page):
    expected = page.with_suffix(".expected").read_text(encoding="utf-8").split("\n")
    config = Config(base=FIXTURES, root=FIXTURES)
    found = [f"{f.line}:{f.column} {f.severity} {f.rule}" + (f" {f.origin}" if f.origin else "")
             for f in lint_file(page, config, DocsIndex(FIXTURES))]
    assert found == [line for line in expected if line]


def test_every_rule_has_a_fixture_that_fires_it():
    from loclint.rules import RULES

    fired = set()
    for page in PAGES:
        fired |= {line.split()[2] for line in page.with_suffix(".expected").read_text().split("\n") if line}
    # A page that cannot be read is made by test_page; git histories and
    # missing pages by test_pairing.
    assert set(RULES) - fired == {"unreadable-page", "stale-translation", "missing-page"}
