"""The checks that read a block's words beside its aligned source block's:
translated-identifier, protected-name, changed-number. On a pair with a git
history (the English at the page's commit) every difference is an error;
with today's English only those between agreeing blocks count, as warnings."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from test_alignment import git

from loclint.cli import main

RULES = "translated-identifier,protected-name,changed-number"

ENGLISH = """\
# Send offers

Use [!DNL Campaign] and [!DNL Decision Management] with `sendEvent`.

Map journeyID to nms:recipient, then load visitorAPI.js.

Run `init` first.

The Campaign server and Decision Management pick the offer where channel = "email".

Run `start` next.

A batch holds 1,000 profiles of 2.5 MB each, with TLS version 1.2.

Run `stop` last.
"""

# After the translation the English reworded its second paragraph and the
# one after it, a code span added to each: with today's English the second
# stands beside a block that no longer agrees.
ENGLISH_LATER = ENGLISH.replace("Map journeyID to nms:recipient, then load visitorAPI.js.",
                                "Map journeyID to nms:recipient with `map`, then load visitorAPI.js.").replace(
                                "Run `init` first.", "Run `init` and `check` first.")


def dutch(commit: str) -> str:
    return f"""\
---
title: Aanbiedingen verzenden
source-git-commit: {commit}
---

# Aanbiedingen verzenden

Gebruik [!DNL Campaign] en [!DNL Decision Management] met `sendEvent`.

Wijs tripID toe aan nms:ontvanger en laad dan bezoekerAPI.js.

Voer eerst `init` uit.

De Campagne-server en Beslissingsbeheer kiezen de aanbieding waar kanaal = "e-mail".

Voer daarna `start` uit.

Een batch bevat 1.000 profielen van 25 MB elk, met TLS versie 1,2.

Voer als laatste `stop` uit.
"""


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    en = tmp_path / "site.en" / "help"
    en.mkdir(parents=True)
    (en / "offers.md").write_text(ENGLISH)
    git(en.parent, "init", "-q")
    git(en.parent, "add", ".")
    git(en.parent, "commit", "-qm", "first")
    commit = git(en.parent, "rev-parse", "HEAD")
    (en / "offers.md").write_text(ENGLISH_LATER)
    git(en.parent, "commit", "-qam", "second")
    nl = tmp_path / "site.nl-NL" / "help"
    nl.mkdir(parents=True)
    (nl / "offers.md").write_text(dutch(commit))
    return tmp_path


def findings(*args, rules=RULES):
    result = CliRunner().invoke(main, ["check", *args, "--select", rules, "--format", "json", "--no-cache", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    return [(f["line"], f["column"], f["severity"], f["rule"], f["message"]) for f in json.loads(result.output)["findings"]]


def pair(tmp_path, english: str, translated: str, folder: str = "site.nl-NL") -> None:
    """help/page.md in site.en and its translation in `folder`."""
    for tree, text in (("site.en", english), (folder, translated)):
        (tmp_path / tree / "help").mkdir(parents=True)
        (tmp_path / tree / "help" / "page.md").write_text(text)


PARAGRAPH_9 = "paragraph at line 5 (\"Map journeyID to nms:recipient, then load visitorAPI.js.\")"
PARAGRAPH_13 = "paragraph at line 9 (\"The Campaign server and Decision Management pick the offer …\")"
PARAGRAPH_17 = "paragraph at line 13 (\"A batch holds 1,000 profiles of 2.5 MB each, with TLS versi…\")"


def test_at_the_commit_every_translated_identifier_name_and_number_is_an_error(tree):
    assert findings("site.nl-NL") == [
        (10, 6, "error", "translated-identifier", f"`tripID` stands where the source's {PARAGRAPH_9} has `journeyID`: "
         "identifiers are not translated"),
        (10, 21, "error", "translated-identifier", f"`nms:ontvanger` stands where the source's {PARAGRAPH_9} has "
         "`nms:recipient`: identifiers are not translated"),
        (10, 47, "error", "translated-identifier", f"`bezoekerAPI.js` stands where the source's {PARAGRAPH_9} has "
         "`visitorAPI.js`: identifiers are not translated"),
        (14, 1, "error", "protected-name", f"the protected name `Campaign` of the source's {PARAGRAPH_13} is missing "
         "here: product names are not translated (write it, or `[!DNL Campaign]`)"),
        (14, 1, "error", "protected-name", f"the protected name `Decision Management` of the source's {PARAGRAPH_13} "
         "is missing here: product names are not translated (write it, or `[!DNL Decision Management]`)"),
        (14, 77, "error", "translated-identifier", f"`\"e-mail\"` stands where the source's {PARAGRAPH_13} has "
         "`\"email\"`: quoted values are not translated"),
        (18, 37, "error", "changed-number", f"`25` stands where the source's {PARAGRAPH_17} has `2.5`: a number changed"),
        (18, 63, "error", "changed-number", f"`1,2` stands where the source's {PARAGRAPH_17} has `1.2`: a number changed"),
    ]


def test_with_todays_english_only_agreeing_blocks_count_as_warnings(tree):
    shutil.rmtree(tree / "site.en" / ".git")
    got = findings("site.nl-NL")
    # The reworded paragraph (line 10) no longer agrees with the English: nothing is said of it.
    assert [(line, col, severity, rule) for line, col, severity, rule, _ in got] == [
        (14, 1, "warning", "protected-name"), (14, 1, "warning", "protected-name"),
        (14, 77, "warning", "translated-identifier"),
        (18, 37, "warning", "changed-number"), (18, 63, "warning", "changed-number")]
    assert all(message.endswith("(uncertain: compared with the source as it is now, not as it was when this page "
                                "was translated)") for *_, message in got)


def test_the_languages_number_format_is_no_change_and_a_config_can_say_otherwise(tree):
    # 1.000 is Dutch for 1,000: not reported. Under a house style that writes numbers the English way it is
    # 1, and 2,5 is no number at all.
    assert [f[4].split(" stands")[0] for f in findings("site.nl-NL", rules="changed-number")] == ["`25`", "`1,2`"]
    (tree / ".loclint.toml").write_text('[locales.nl]\ndecimal-separator = "."\ngroup-separators = ","\n')
    page = tree / "site.nl-NL" / "help" / "offers.md"
    page.write_text(page.read_text().replace("1.000 profielen van 25 MB", "1.000 profielen van 2,5 MB"))
    got = [(f[1], f[4].split(" stands")[0]) for f in findings("site.nl-NL", rules="changed-number")]
    assert got == [(17, "`1.000`"), (37, "`2,5`"), (64, "`1,2`")]


@pytest.mark.parametrize("english, dutch", [
    ("Target sends offers.", "Doel verzendt aanbiedingen."),  # a sentence's first word: maybe the English word
    ("Open the Ad Campaign Name column.", "Open de kolom Naam advertentiecampagne."),  # a title-case label
    ("## Campaign Targets", "## Campagnedoelen"),  # headings are title case
    ("Use [!DNL Target] here.", "Gebruik [!DNL Doel] hier."),  # inside a token: token-mismatch's
])
def test_a_one_word_name_counts_only_where_the_source_writes_it_as_a_name(tmp_path, monkeypatch, english, dutch):
    monkeypatch.chdir(tmp_path)
    pair(tmp_path, f"Run `a` first.\n\n{english}\n\nRun `b` next.\n",
         f"Run `a` first.\n\n{dutch}\n\nRun `b` next.\n")
    (tmp_path / "site.en" / "help" / "names.md").write_text("[!DNL Target] and [!DNL Campaign] are products.\n")
    assert findings("site.nl-NL/help/page.md", rules="protected-name") == []


@pytest.mark.parametrize("tokens, found", [(10, [(3, 1, "warning", "protected-name")]), (9, [])])
def test_a_one_word_name_the_tree_protects_often_on_other_pages_counts_mid_sentence(tmp_path, monkeypatch, tokens, found):
    # Target wrapped ten times is the product; a word wrapped now and then is a UI label once wrapped (Edit).
    monkeypatch.chdir(tmp_path)
    pair(tmp_path, "Run `a` first.\n\nYou can use Target here.\n", "Run `a` first.\n\nU kunt Doel hier gebruiken.\n")
    (tmp_path / "site.nl-NL" / "help" / "names.md").write_text("[!DNL Target] is een product.\n\n" * tokens)
    assert [f[:4] for f in findings("site.nl-NL/help/page.md", rules="protected-name")] == found


def test_scare_quotes_and_identifiers_without_a_replacement_say_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    english = 'Run `a` first.\n\nA "boomerang" touchpoint counts; set eventType in the schema.\n'
    dutch = 'Run `a` first.\n\nEen "boemerang" aanraakpunt telt; stel het gebeurtenistype in het schema in.\n'
    pair(tmp_path, english, dutch)
    assert findings("site.nl-NL/help/page.md", rules="translated-identifier") == []


@pytest.mark.parametrize("folder, text, found", [
    ("site.nl-NL", "Gebruik Beslissingsbeheer hier.", [(3, 1, "warning", "protected-name")]),
    # The German and French interfaces name the feature themselves; the docs follow them.
    ("site.de-DE", "Verwenden Sie hier das Entscheidungs-Management.", []),
    ("site.fr-FR", "Utilisez ici la gestion des décisions.", []),
])
def test_a_feature_name_counts_only_in_languages_whose_interface_is_english(tmp_path, monkeypatch, folder, text, found):
    monkeypatch.chdir(tmp_path)
    pair(tmp_path, "Run `a` first.\n\nUse Decision Management here.\n", f"Run `a` first.\n\n{text}\n", folder)
    (tmp_path / "site.en" / "help" / "names.md").write_text("[!DNL Decision Management] decides.\n")
    assert [f[:4] for f in findings(f"{folder}/help/page.md", rules="protected-name")] == found


def test_a_name_left_only_in_a_link_address_is_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    english = ("Run `a` first.\n\nLoad the [Web SDK](https://x.test/web-sdk/home.html)"
               " and see https://x.test/decision-management.\n")
    dutch = ("Run `a` first.\n\nLaad de [SDK van het Web](https://x.test/web-sdk/home.html)"
             " en zie https://x.test/decision-management.\n")
    pair(tmp_path, english, dutch)
    (tmp_path / "site.en" / "help" / "names.md").write_text("[!DNL Web SDK] and [!DNL Decision Management].\n")
    # The address keeps `web-sdk`, not the name; a name the English has only in an address is no name there.
    assert [f[:4] + (f[4].split("`")[1],) for f in findings("site.nl-NL/help/page.md", rules="protected-name")] == [
        (3, 1, "warning", "protected-name", "Web SDK")]
