"""The comparison rules on pairs with a git history: the translation named
the English commit it was made from, and the English moved on after it.
Compared at that commit, a difference is the translation's (an error); with
only today's English, a difference counts where the blocks around it still
align, at most as a warning saying why, and a passage the English added or
dropped says nothing."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from loclint.cli import main

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": "2026-01-02T00:00:00",
           "GIT_COMMITTER_DATE": "2026-01-02T00:00:00"}

ENGLISH = """\
# Set up tracking {#set-up}

Install the library with `npm install @adobe/alloy` first.

```js
alloy("configure", {
  edgeConfigId: "ebebf826"
});

```

## Send events {#send-events}

Call `sendEvent` with an [!DNL XDM] object, then open [!UICONTROL Assurance].

| Option | Default |
|---|---|
| `debugEnabled` | `false` |

See [the overview](overview.md).
"""

# What the English became after the translation: a new section, a reworded
# paragraph with a new code span.
ENGLISH_LATER = ENGLISH.replace(
    "## Send events {#send-events}\n",
    "## Consent {#consent}\n\nCall `setConsent` before any event.\n\n## Send events {#send-events}\n",
).replace("See [the overview](overview.md).", "See [the overview](overview.md) and `getIdentity`.")


def dutch(commit: str) -> str:
    """The translation of ENGLISH, with one defect of each class."""
    return f"""\
---
title: Tracking instellen
source-git-commit: {commit}
---

# Tracking instellen {{#tracking-instellen}}

Installeer de bibliotheek eerst met `npm installeren @adobe/alloy`.

```js
alloy("configure", {{
  edgeConfigId: "ebebf826"
}});
```

## Gebeurtenissen verzenden {{#send-events}}

Roep `sendEvent` aan met een XDM-object en open dan [!UICONTROL Assurance].

| Optie | Standaard |
|---|---|
| `debugEnabled` | `onwaar` |

Zie [het overzicht](overview.md).
"""


def git(cwd, *args) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                         env={**os.environ, **GIT_ENV})
    return out.stdout.strip()


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """site.en (a git checkout whose page changed after commit A) and
    site.nl-NL (translated from commit A)."""
    monkeypatch.chdir(tmp_path)
    en = tmp_path / "site.en" / "help"
    en.mkdir(parents=True)
    (en / "overview.md").write_text("# Overview\n")
    (en / "setup.md").write_text(ENGLISH)
    git(en.parent, "init", "-q")
    git(en.parent, "add", ".")
    git(en.parent, "commit", "-qm", "first")
    commit = git(en.parent, "rev-parse", "HEAD")
    (en / "setup.md").write_text(ENGLISH_LATER)
    git(en.parent, "commit", "-qam", "second")
    nl = tmp_path / "site.nl-NL" / "help"
    nl.mkdir(parents=True)
    (nl / "overview.md").write_text("---\ntitle: Overzicht\n---\n# Overzicht\n")
    (nl / "setup.md").write_text(dutch(commit))
    return tmp_path


COMPARISONS = "code-mismatch,token-mismatch,heading-id-mismatch,link-mismatch,structure-mismatch"


def findings(*args):
    result = CliRunner().invoke(main, ["check", *args, "--select", COMPARISONS, "--format", "json", "--no-cache",
                                       "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    import json

    return [(f["line"], f["column"], f["severity"], f["rule"], f["message"]) for f in json.loads(result.output)["findings"]]


def test_at_the_commit_every_difference_is_the_translations_and_an_error(tree):
    assert findings("site.nl-NL") == [
        (6, 22, "error", "heading-id-mismatch", "heading id `{#tracking-instellen}` differs from the source's heading "
         "id `{#set-up}` in the aligned heading at line 1 (\"Set up tracking {#set-up}\") (translated or renamed?)"),
        (8, 37, "error", "code-mismatch", "code span `npm installeren @adobe/alloy` differs from the source's "
         "`npm install @adobe/alloy` in the aligned paragraph at line 3 (\"Install the library with `npm install "
         "@adobe/alloy` first.\")"),
        (18, 1, "error", "token-mismatch", "`[!DNL XDM]` of the source's paragraph at line 14 (\"Call `sendEvent` with "
         "an [!DNL XDM] object, then open [!UIC…\") is missing here"),
        (22, 20, "error", "code-mismatch", "code span `onwaar` differs from the source's `false` in the aligned table "
         "row at line 18 (\"`debugEnabled` | `false`\")"),
    ]


def test_whitespace_inside_a_fence_is_no_difference(tree):
    # The English fence ends with a blank line the translation trimmed.
    assert not [f for f in findings("site.nl-NL") if f[3] == "code-mismatch" and f[0] in range(10, 15)]


def test_with_todays_english_only_what_is_evidently_the_translations_counts_and_says_why(tree):
    shutil.rmtree(tree / "site.en" / ".git")
    # The English reworded a paragraph since, and grew no section (a grown
    # one makes the whole page drift: test_without_history_passages_...).
    (tree / "site.en" / "help" / "setup.md").write_text(
        ENGLISH.replace("See [the overview](overview.md).", "See [the overview](overview.md) and `getIdentity`."))
    # A token lost, an id renamed, a code span replaced, the English's new
    # span: any may be the English's edit; a token cut short is MT's.
    page = tree / "site.nl-NL" / "help" / "setup.md"
    page.write_text(page.read_text().replace("een XDM-object", "een [!DNL XD]-object"))
    # (The translated code span beside the renamed heading id stands between
    # blocks that differ: not anchored, nothing said.)
    assert findings("site.nl-NL") == [
        (18, 30, "warning", "token-mismatch", "`[!DNL XD]` differs from the source's `[!DNL XDM]` in the aligned "
         "paragraph at line 14 (\"Call `sendEvent` with an [!DNL XDM] object, then open [!UIC…\") (uncertain: "
         "compared with the source as it is now, not as it was when this page was translated)")]


def test_a_passage_dropped_by_the_translation_is_reported_where_it_was(tree):
    page = tree / "site.nl-NL" / "help" / "setup.md"
    text = page.read_text()
    page.write_text(text.replace("| Optie | Standaard |\n|---|---|\n| `debugEnabled` | `onwaar` |\n\n", ""))
    structure = [f for f in findings("site.nl-NL") if f[3] == "structure-mismatch"]
    assert structure == [(20, 1, "warning", "structure-mismatch", "2 blocks of the source are missing here, from its "
                          "table row at line 16 (\"Option | Default\")")]


def test_a_lost_code_span_is_reported_in_its_own_block_not_at_a_like_one_elsewhere(tree):
    page = tree / "site.nl-NL" / "help" / "setup.md"
    page.write_text(page.read_text().replace("Roep `sendEvent` aan", "Roep &grave;&grave; aan"))
    spans = [f for f in findings("site.nl-NL") if f[3] == "code-mismatch" and "sendEvent" in f[4]]
    assert [(f[0], f[1]) for f in spans] == [(18, 1)]
    assert spans[0][4].startswith("code span `sendEvent` of the source's paragraph at line 14 ")


def test_an_empty_dnl_token_of_the_source_may_be_dropped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    en = tmp_path / "site.en"
    en.mkdir()
    (en / "a.md").write_text("# Video\n\nThis video uses the [!DNL ]Target guided workflow and [!DNL Analytics].\n")
    git(en, "init", "-q")
    git(en, "add", ".")
    git(en, "commit", "-qm", "first")
    nl = tmp_path / "site.nl-NL"
    nl.mkdir()
    (nl / "a.md").write_text(f"---\nsource-git-commit: {git(en, 'rev-parse', 'HEAD')}\n---\n# Video\n\n"
                             "Deze video gebruikt de begeleide workflow van Target.\n")
    assert [(f[0], f[4]) for f in findings("site.nl-NL")] == [
        (6, "`[!DNL Analytics]` of the source's paragraph at line 3 (\"This video uses the [!DNL ]Target guided "
            "workflow and [!DNL…\") is missing here")]


def test_without_history_passages_the_english_grew_make_the_page_stale_and_quiet(tree):
    shutil.rmtree(tree / "site.en" / ".git")
    result = CliRunner().invoke(main, ["check", "site.nl-NL", "--select", f"stale-translation,{COMPARISONS}",
                                       "--format", "json", "--no-cache", "--jobs", "1"])
    import json

    # Said once; the differences the grown English shows are not reported.
    assert [(f["line"], f["severity"], f["rule"], f["message"]) for f in json.loads(result.output)["findings"]] == [
        (3, "warning", "stale-translation", "the source page has likely changed since this translation: 2 of its "
         "blocks (14% of its words) have no counterpart here, from its heading at line 12 (\"Consent {#consent}\")")]
