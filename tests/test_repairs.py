"""The source-aware repairs: a [!DNL] token whose content the translation
mangled gets the source token's back (token-mismatch), a heading that lost
its {#id} gets the source heading's (heading-id-mismatch). Safe against the
English at the commit the page names, unsafe against today's English, and
only where the one repair is certain."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from loclint.cli import main

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": "2026-01-02T00:00:00",
           "GIT_COMMITTER_DATE": "2026-01-02T00:00:00"}
RULES = "token-mismatch,heading-id-mismatch"

ENGLISH = """\
# Set up {#set-up}

Use [!DNL Adobe Campaign] and [!DNL Journey Optimizer] with `alloy`.

## Send events {#send-events}

Call `sendEvent` first.

## Next steps {#next-steps}

See [!DNL Target] and [the overview](overview.md).
"""

DUTCH = """\
# Instellen {{#set-up}}

Gebruik [!DNL Adobe Campagne] en [!DNL Journey Optimizer] met `alloy`.

## Gebeurtenissen verzenden

Roep `sendEvent` eerst aan.

## Volgende stappen {{#next-steps}}

Zie [!DNL Target] en [het overzicht](overview.md).
"""

FIXED = DUTCH.replace("Adobe Campagne", "Adobe Campaign").replace("verzenden\n", "verzenden {{#send-events}}\n")


def git(cwd, *args) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                         env={**os.environ, **GIT_ENV})
    return out.stdout.strip()


def pair(tmp_path, english: str, dutch: str, later: str | None = None):
    """site.en as a git checkout (changed to `later` after the commit the
    translation names, when given) and site.nl-NL/a.md translated from it:
    the Dutch page's path and its front matter's line count."""
    en = tmp_path / "site.en"
    en.mkdir()
    (en / "a.md").write_text(english)
    (en / "overview.md").write_text("# Overview\n")
    git(en, "init", "-q")
    git(en, "add", ".")
    git(en, "commit", "-qm", "first")
    commit = git(en, "rev-parse", "HEAD")
    if later is not None:
        (en / "a.md").write_text(later)
        git(en, "commit", "-qam", "second")
    nl = tmp_path / "site.nl-NL"
    nl.mkdir()
    (nl / "overview.md").write_text("# Overzicht\n")
    page = nl / "a.md"
    page.write_text(f"---\nsource-git-commit: {commit}\n---\n" + dutch.format())
    return page


def check(*args):
    result = CliRunner().invoke(main, ["check", "site.nl-NL", "--select", RULES, "--no-cache", "--jobs", "1",
                                       "--fail-on", "never", *args])
    assert result.exit_code in (0, 1), result.output  # --diff exits 1 when it shows a change
    return result.output


def findings(*args):
    report = json.loads(check("--format", "json", *args))
    return [(f["line"], f["column"], f["severity"], f["rule"], f.get("fix") and f["fix"]["unsafe"])
            for f in report["findings"]]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return pair(tmp_path, ENGLISH, DUTCH)


def test_at_the_commit_the_fixes_are_safe_and_rewrite_exactly_the_token_and_the_id(tree):
    head = tree.read_text().split("# Instellen")[0]
    assert findings() == [(6, 9, "error", "token-mismatch", False), (8, 1, "error", "heading-id-mismatch", False)]
    check("--fix")
    assert tree.read_text() == head + FIXED.format()
    assert findings() == []
    before = tree.read_bytes()
    check("--fix")  # a second run changes nothing
    assert tree.read_bytes() == before
    assert check("--diff", "-q") == ""


def test_the_diff_is_the_two_lines(tree):
    assert check("--diff", "-q").splitlines()[2:] == [
        "@@ -3,9 +3,9 @@", " ---", " # Instellen {#set-up}", " ",
        "-Gebruik [!DNL Adobe Campagne] en [!DNL Journey Optimizer] met `alloy`.",
        "+Gebruik [!DNL Adobe Campaign] en [!DNL Journey Optimizer] met `alloy`.", " ",
        "-## Gebeurtenissen verzenden", "+## Gebeurtenissen verzenden {#send-events}", " ",
        " Roep `sendEvent` eerst aan.", " "]


@pytest.mark.parametrize("defect, repaired", [
    (DUTCH.replace("verzenden\n", "verzenden {{#send-events}}\n"), FIXED),
    (DUTCH.replace("Adobe Campagne", "Adobe Campaign"), FIXED),
])
def test_with_todays_english_the_fixes_are_unsafe(tmp_path, monkeypatch, defect, repaired):
    # One defect at a time: against today's English a difference counts only
    # between blocks that agree with it (two side by side say nothing).
    monkeypatch.chdir(tmp_path)
    page = pair(tmp_path, ENGLISH, defect)
    shutil.rmtree(tmp_path / "site.en" / ".git")
    assert [f[2:] for f in findings()] == [("warning", "heading-id-mismatch" if "Campaign]" in defect else
                                            "token-mismatch", True)]
    before = page.read_text()
    check("--fix")
    assert page.read_text() == before  # not without --unsafe-fixes
    check("--fix", "--unsafe-fixes")
    assert page.read_text() == before.split("# Instellen")[0] + repaired.format()
    after = page.read_bytes()
    check("--fix", "--unsafe-fixes")
    assert page.read_bytes() == after


def test_the_repair_takes_the_english_of_the_commit_not_todays(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = pair(tmp_path, ENGLISH, DUTCH, later=ENGLISH.replace("Adobe Campaign", "Adobe Campaign v8")
                .replace("{#send-events}", "{#send}"))
    check("--fix")
    assert "[!DNL Adobe Campaign] en" in page.read_text()
    assert "## Gebeurtenissen verzenden {#send-events}\n" in page.read_text()


@pytest.mark.parametrize("dutch", [
    # Two tokens differ: which is which is not certain.
    DUTCH.replace("Journey Optimizer", "Reisoptimalisatie"),
    # One token more than the source block has.
    DUTCH.replace("met `alloy`", "met `alloy` en [!DNL Analytics]"),
    # A Dutch word pulled inside, a word left outside: words to move across the bracket.
    DUTCH.replace("[!DNL Adobe Campagne]", "[!DNL Adobe Campaign-instantie]"),
    DUTCH.replace("[!DNL Adobe Campagne]", "Adobe [!DNL Campaign]"),
    # Written across a line end.
    DUTCH.replace("[!DNL Adobe Campagne]", "[!DNL Adobe\nCampagne]"),
])
def test_a_token_is_not_repaired_where_the_repair_is_not_certain(tmp_path, monkeypatch, dutch):
    monkeypatch.chdir(tmp_path)
    page = pair(tmp_path, ENGLISH, dutch)
    tokens = [f for f in findings() if f[3] == "token-mismatch"]
    assert tokens and all(f[4] is None for f in tokens)
    before = page.read_text()
    check("--fix", "--unsafe-fixes")
    assert page.read_text().split("## Gebeurtenissen")[0] == before.split("## Gebeurtenissen")[0]


def test_a_case_mangled_token_is_repaired(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = pair(tmp_path, ENGLISH, DUTCH.replace("Adobe Campagne", "adobe campaign"))
    check("--fix")
    assert "Gebruik [!DNL Adobe Campaign] en" in page.read_text()


@pytest.mark.parametrize("dutch", [
    # The id already stands on another heading of the page.
    DUTCH.replace("# Instellen {{#set-up}}", "# Instellen {{#send-events}}"),
    # A closing sequence, a broken id of its own.
    DUTCH.replace("## Gebeurtenissen verzenden\n", "## Gebeurtenissen verzenden ##\n"),
    DUTCH.replace("## Gebeurtenissen verzenden\n", "## Gebeurtenissen verzenden {{# send-events}}\n"),
    # A paragraph of the source dropped next to it: the headings may not be each other's.
    DUTCH.replace("Roep `sendEvent` eerst aan.\n\n", ""),
])
def test_an_id_is_not_added_where_the_repair_is_not_certain(tmp_path, monkeypatch, dutch):
    monkeypatch.chdir(tmp_path)
    page = pair(tmp_path, ENGLISH, dutch)
    ids = [f for f in findings() if f[3] == "heading-id-mismatch"]
    assert ids and all(f[4] is None for f in ids)
    check("--fix", "--unsafe-fixes")
    assert "{#send-events}" not in page.read_text().replace("# Instellen {#send-events}", "")


def test_a_translated_id_is_reported_not_fixed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pair(tmp_path, ENGLISH, DUTCH.replace("verzenden\n", "verzenden {{#gebeurtenissen}}\n"))
    assert (8, 29, "error", "heading-id-mismatch", None) in findings()


def test_without_a_source_page_nothing_is_compared_or_fixed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "site.nl-NL" / "a.md"
    page.parent.mkdir()
    page.write_text(DUTCH.format())
    assert findings() == []
    check("--fix", "--unsafe-fixes")
    assert page.read_text() == DUTCH.format()
