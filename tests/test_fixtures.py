"""Every fixture page yields exactly the findings its .expected file lists
(`pytest --regenerate` rewrites them from the current code, for `git diff`)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, check_json, rewrite

# Unpaired pages, and translated pages paired with their sources as locale
# folders (pairs/nl/x.md is the translation of pairs/en/x.md).
TREES = ("pages", "pairs/nl", "language/nl")
PAGES = [page for tree in TREES for page in sorted((FIXTURES / tree).rglob("*.md"))]


@pytest.fixture(scope="module")
def found() -> dict[str, list[str]]:
    """Each fixture page's findings as `line:column severity rule [origin]`,
    from one run of the CLI over every tree, as fixtures/README.md runs it."""
    report = check_json(*TREES, "--root", ".", "--jobs", "1", cwd=FIXTURES)
    lines: dict[str, list[str]] = {}
    for f in report["findings"]:
        lines.setdefault(f["path"], []).append(
            f"{f['line']}:{f['column']} {f['severity']} {f['rule']}" + (f" {f['origin']}" if f["origin"] else ""))
    assert report["files"] == len(PAGES)
    return lines


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture(page, found, regenerate):
    lines = found.get(page.relative_to(FIXTURES).as_posix(), [])
    expected = page.with_suffix(".expected")
    if regenerate:
        rewrite(expected, "".join(f"{line}\n" for line in lines))
    elif not expected.is_file():
        pytest.fail(f"{expected.name} is missing: write it with `pytest --regenerate`, then review it")
    assert lines == [line for line in expected.read_text(encoding="utf-8").split("\n") if line]


def test_every_rule_has_a_fixture_that_fires_it():
    from loclint.rules import RULES

    fired = set()
    for expected in (page.with_suffix(".expected") for page in PAGES if page.with_suffix(".expected").is_file()):
        fired |= {line.split()[2] for line in expected.read_text().split("\n") if line}
    # A page that cannot be read is made by test_page; git histories and
    # missing pages by test_pairing; the comparisons at a commit of the
    # source (the fixture pairs have no history) by test_alignment; the
    # checks a config defines (source-pattern) by test_user_checks; the
    # glossary rules, which need a glossary in the config, by test_glossary.
    assert set(RULES) - fired == {"unreadable-page", "stale-translation", "missing-page", "structure-mismatch",
                                  "code-mismatch", "heading-id-mismatch", "token-mismatch", "source-pattern", "glossary-term",
                                  "term-consistency"}
