"""Hostile input: every rule stays linear on long lines built to make
regular expressions backtrack (10x the input may cost at most 20x the time).

CI compares 20 KB with 200 KB; the same test at 100 KB against 1 MB (a few
minutes) was run by hand, see the README."""

from __future__ import annotations

import gc
import time

import pytest
from conftest import lint_text

pytestmark = pytest.mark.slow

UNITS = {
    "spaces": " ", "brackets": "[", "closing": "]", "ampersands": "&#", "tokens": "[!DNL ",
    "padded-tokens": "[!UICONTROL &#x200B; ", "braces": "{#", "attributes": '<a x="', "bang-space": "[! ",
    "backticks": "`", "comments": "<!--", "stars": "*", "pipes": "| ", "quotes": '>[!TAB  ',
    # Many tokens and many emphases in one paragraph: rules that compare each
    # with all the others are quadratic in their number.
    "afm-tokens": "[!DNL a] , ", "emphasis": "*a* ", "strong": "**a** ",
    # Thousands of fixable findings on one line: their edits are placed and checked once each.
    "entities": "een &quot;woord&quot; ",
}
# Emphasis nested n deep: (opening, closing) repeated n times around a word.
NESTED = {"em": ("*a ", " a*"), "strong": ("**a ", " a**"), "mixed": ("*a **b ", " b** a*"), "underscores": ("_a ", " a_")}


def _seconds(tmp_path, text: str, repeat: int = 1) -> float:
    """The best of `repeat` runs: a shared machine's hiccup must not fail the
    test. The cyclic GC is off while a page is linted, as in loclint's runs
    (run.process): its cost grows with everything earlier tests left alive."""
    best = float("inf")
    for i in range(repeat):
        gc.disable()
        try:
            start = time.perf_counter()
            lint_text(tmp_path, text + "\n" * i, lang="nl-NL")  # with the language rules; never the kept parse
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize("unit", list(UNITS.values()), ids=list(UNITS))
def test_time_grows_linearly(tmp_path, unit):
    small, large = (f"Tekst {unit * (n // len(unit))} einde\n" for n in (20_000, 200_000))
    _seconds(tmp_path, "warm up the parser\n")  # not `small` itself: a page parsed once is kept
    ratio = _seconds(tmp_path, large, 2) / max(_seconds(tmp_path, small, 3), 1e-3)
    assert ratio < 20, f"{ratio:.1f}x the time for 10x the input"


@pytest.mark.parametrize("pair", list(NESTED.values()), ids=list(NESTED))
def test_time_grows_linearly_with_nesting(tmp_path, pair):
    opening, closing = pair
    small, large = (f"Tekst {opening * (n // len(opening))}midden{closing * (n // len(closing))} einde\n"
                    for n in (10_000, 100_000))
    _seconds(tmp_path, "warm up the parser\n")
    ratio = _seconds(tmp_path, large, 2) / max(_seconds(tmp_path, small, 3), 1e-3)
    assert ratio < 20, f"{ratio:.1f}x the time for 10x the input"
