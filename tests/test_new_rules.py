"""The rules of issue #17 that need no source: doubled-word,
pipeline-leftover, markup-spacing. What their pages' examples do not show:
the locale pack's words and their override, the languages without word
spaces, origin on a paired page, fixes that a second run leaves alone."""

from __future__ import annotations

import gc
import time

import pytest
from click.testing import CliRunner
from conftest import lint_text, positions
from test_fix import fixer

from loclint.cli import main


def _pair(tmp_path, english: str, dutch: str, rule: str):
    lint_text(tmp_path, english, name="en/page.md")
    return lint_text(tmp_path, dutch, rule, name="nl/page.md", lang="nl-NL")


@pytest.mark.parametrize("lang, text, expected", [
    ("nl-NL", "Zorg dat dat werkt en dat de de invoer klopt.\n", [(1, 27)]),
    ("de-DE", "Muster, die die Implementierung leiten, und der der Kampagne zugewiesene Umsatz.\n", []),
    ("fr-FR", "Nous nous connectons et vous vous inscrivez, puis le le profil.\n", [(1, 51)]),
    ("en", "It had had an effect on the the page.\n", [(1, 25)]),
    # three times is never grammar, not even of a word the grammar doubles
    ("nl-NL", "Kies test of of of standaardinhoud.\n", [(1, 11)]),
    # a doubling the grammar makes only in a phrase: there, and nowhere else
    ("nl-NL", "Zie één of andere andere activiteit, niet een andere andere reeks.\n", [(1, 47)]),
    ("nl-NL", "Toegang voor voor authentiek verklaarde, niet voor voor echtheid of tof andere andere.\n", [(1, 47), (1, 73)]),
    # no word spaces: a doubling is not a space apart, and Latin words on the page are not judged
    ("ja-JP", "Adobe Adobe Experience Platformを使用します。\n", []),
])
def test_doubled_words_the_grammar_allows_per_language(tmp_path, lang, text, expected):
    assert positions(lint_text(tmp_path, text, "doubled-word", lang=lang)) == expected


def test_a_page_of_unknown_language_allows_every_packs_words(tmp_path):
    assert positions(lint_text(tmp_path, "Zorg dat dat werkt, die die er staan, de de.\n", "doubled-word")) == [(1, 39)]


def test_doubled_words_are_overridden_per_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "a.md").write_text("Zorg dat dat werkt en de de invoer.\n")

    def found():
        result = CliRunner().invoke(main, ["check", "nl/a.md", "--lang", "nl-NL", "--select", "doubled-word",
                                           "-q", "--fail-on", "never", "--no-cache"])
        assert result.exit_code == 0, result.output
        return [line.split(": ")[0] for line in result.output.splitlines()]

    assert found() == ["nl/a.md:1:23"]
    (tmp_path / ".loclint.toml").write_text('[locales.nl]\ndoubled-words = ["de"]\n')  # `dat dat` reported now
    assert found() == ["nl/a.md:1:6"]
    (tmp_path / ".loclint.toml").write_text('[locales.nl]\ndoubled-words = "de"\n')
    result = CliRunner().invoke(main, ["check", "nl/a.md"])
    assert result.exit_code == 2 and "locales.nl.doubled-words: expected a list of words" in result.output


def test_a_doubling_the_source_has_is_inherited(tmp_path):
    found = _pair(tmp_path, "# Notes\n\nFixed Fixed an issue.\n", "# Notities\n\nFixed Fixed een probleem, de de pagina.\n",
                  "doubled-word")
    assert [(f.line, f.column, f.origin) for f in found] == [(3, 1, "inherited"), (3, 27, "introduced")]


def test_markup_spacing_the_source_has_is_inherited(tmp_path):
    found = _pair(tmp_path, "# Steps\n\n> [Step 6 ](step-6.md)\n", "# Stappen\n\n> [Stap 6 ](step-6.md) en [ Doel ](doel.md)\n",
                  "markup-spacing")
    assert [(f.line, f.column, f.origin) for f in found] == [(3, 3, "inherited"), (3, 27, "introduced")]


@pytest.mark.parametrize("text", [
    "Het `<HTML>` element, een `x` - of `y`-bestand, `ls` -1, `a` --b.\n",  # a dash, an elision, an option
    "Klik **Opslaan** - en dan **[!UICONTROL Save]** -knop.\n",  # token-spacing's
    "Bereken 5 ** 2 ** 3 en `** x **`.\n",  # no letter; code
    "Een woord__ met __ streepjes__ en **al bold** .\n",
    "Zie [ ](leeg.md) en ![ logo ](logo.png) en [tekst](<a b.md>).\n",  # blank (empty-link-text's); alt text
    "Kies &quot; open &quot;dicht of &quot;een&quot;, en &quot;oneven.\n",  # padded inside; an odd number
])
def test_markup_spacing_leaves_alone(tmp_path, text):
    assert positions(lint_text(tmp_path, text, "markup-spacing", lang="nl-NL")) == []


def test_padded_bold_is_reported_only_when_trimming_makes_it_bold(tmp_path):
    text = "Klik ** Upgrade** of **Bewaar ** en ** niets ** *of* __ dit__.\n"
    assert positions(lint_text(tmp_path, text, "markup-spacing", lang="nl-NL")) == [(1, 6), (1, 22), (1, 37), (1, 54)]
    # `x**` closes the bold `**Bewaar` opened: trimming ` **` would only move it
    text = "Klik **Bewaar ** en x** y.\n"
    assert positions(lint_text(tmp_path, text, "markup-spacing", lang="nl-NL")) == []


@pytest.mark.parametrize("unsafe, before, after", [
    (False, "Voer de `get` -bewerking uit, zie [ Doel ](doel.md) en het **X** -bestand.\n",
            "Voer de `get`-bewerking uit, zie [Doel](doel.md) en het **X**-bestand.\n"),
    (True, "Klik ** Upgrade of Repareer**, de &quot;Ingang&quot;en de de pagina.\n",
           "Klik **Upgrade of Repareer**, de &quot;Ingang&quot; en de pagina.\n"),
    (True, "Een test test test.\n", "Een test.\n"),
])
def test_fixes_are_idempotent(tmp_path, unsafe, before, after):
    fix = fixer(tmp_path, unsafe=unsafe, select=frozenset({"markup-spacing", "doubled-word"}))
    assert fix(before).fixed == after
    assert not fix(after).changed


def test_padded_bold_is_not_fixed_without_unsafe_fixes(tmp_path):
    fix = fixer(tmp_path, select=frozenset({"markup-spacing"}))
    assert not fix("Klik ** Upgrade of Repareer** nu.\n").changed


@pytest.mark.parametrize("text, expected", [
    ("Zie -ERR:REF-NOT-FOUND- hier.\n\n<|im_end|>\n", [(1, 5), (3, 1)]),
    ("Een ERR: fout en ERR:x, `ERR:REF` en <| x |>.\n", []),  # no marker: lower case, blank, code
    ("<p>-ERR:REF-NOT-FOUND-</p>\n<!-- ERR:TODO -->\n", [(1, 4)]),
    ("---\ntitle: Kop<｜end▁of▁sentence｜>\n---\n\n# Kop\n", [(2, 11)]),
    # a page that is one fence: only when it is Markdown holding a heading or a link
    ("```markdown\n# Kop\n\nTekst.\n```\n", [(1, 1)]),
    ("```\nZie [de gids](gids.md).\n```\n", [(1, 1)]),
    ("```json\n{\"a\": \"# b\"}\n```\n", []),
    ("```markdown\nAlleen tekst.\n```\n", []),
    ("# Kop\n\n```markdown\n# Voorbeeld\n```\n", []),
])
def test_pipeline_leftovers(tmp_path, text, expected):
    assert positions(lint_text(tmp_path, text, "pipeline-leftover", lang="nl-NL")) == expected


@pytest.mark.parametrize("before, after", [
    ("Voer de `get` -bewerking uit en klik ** Upgrade of Repareer**.\n",
     "Voer de `get`-bewerking uit en klik **Upgrade of Repareer**.\n"),
    ("Voer de `get` -bewerking uit ( nu ) en klik op ** Upgrade**.\n",
     "Voer de `get`-bewerking uit (nu) en klik op **Upgrade**.\n"),
])
def test_fixes_tried_one_by_one_on_one_line_keep_their_columns(tmp_path, before, after):
    # The bold fix changes what the page renders, so the round is retried
    # fix by fix; a fix after another on its line waits for the next round
    # (its columns were those of the line before), instead of cutting letters.
    fix = fixer(tmp_path, unsafe=True, select=frozenset({"markup-spacing", "mt-spacing"}))
    assert fix(before).fixed == after


HOSTILE = {"doubled": "de de ", "long-word": "a" * 5000 + " ", "suffix": "`a` -b ", "padded-link": "[ a ](b) ",
           "padded-bold": "** a** ", "open-bold": "** a ", "glued-quote": "&quot;a&quot;b ", "markers": "<|a|> ERR:A ",
           "fences": "```markdown\n"}


@pytest.mark.slow
@pytest.mark.parametrize("unit", list(HOSTILE.values()), ids=list(HOSTILE))
def test_the_new_rules_stay_linear(tmp_path, unit):
    # These rules only (test_hostile times every rule on its own units).
    rules = ("doubled-word", "pipeline-leftover", "markup-spacing")

    def seconds(text: str, repeat: int) -> float:
        # The cyclic GC off, as in loclint's runs and test_hostile: on one
        # huge page it walks the tokens again and again (13-23x here with it
        # on, 9-12x with it off).
        best = float("inf")
        for i in range(repeat):
            gc.disable()
            try:
                start = time.perf_counter()
                lint_text(tmp_path, text + "\n" * i, rules, lang="nl-NL")
                best = min(best, time.perf_counter() - start)
            finally:
                gc.enable()
        return best

    small, large = (f"Tekst {unit * (n // len(unit))} einde\n" for n in (20_000, 200_000))
    seconds("warm up the parser\n", 1)
    ratio = seconds(large, 2) / max(seconds(small, 3), 1e-3)
    assert ratio < 20, f"{ratio:.1f}x the time for 10x the input"
