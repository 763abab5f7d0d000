"""untranslated-text: a paragraph, heading, list item, table cell, image alt
or front matter title/description left in the source language."""

from __future__ import annotations

import re

from loclint import facts
from loclint.finding import Hit
from loclint.lang import has_letters
from loclint.rule import OptionError, Rule
from loclint.rules._language import detector, is_legal_notice, name


def _validate(options) -> None:
    if not 0 <= options["min-confidence"] <= 1:
        raise OptionError(f"min-confidence: {options['min-confidence']} is not between 0 and 1")
    if options["min-letters"] < 0:
        raise OptionError(f"min-letters: {options['min-letters']} is negative")


RULE = Rule(id="untranslated-text", severity="warning", nodes=("root",), needs_lang=True,
            summary="A paragraph, heading, list item, table cell, image alt or title/description left in the source language.",
            options={"min-letters": 40, "min-confidence": 0.9},
            validate=_validate)

_WORD = re.compile(r"[^\W\d_]{2,}")
# Translated blocks share few words with their source page (names, terms);
# blocks left in the source language most of theirs.
_PLAINLY_TRANSLATED = 0.5


def _words(text: str) -> list[str]:
    text = text.lower()
    return _WORD.findall(text)


_FRONT_MATTER = ("title", "description")

# A UI menu path, `Campaigns > Select campaign > All time report`: three or
# more labels of a few words each. Where the UI is not translated (the
# locale pack's `uicontrol-translated` is off), its labels are English on
# purpose, as `[!UICONTROL]` labels are.
_LABEL = r"[^\W_][\w'.&-]*(?: [^\W_][\w'.&-]*){0,3}"
_MENU_PATH = re.compile(rf"{_LABEL}(?: +[>›→] +{_LABEL}){{2,}}")


def _dnl_names(page, source) -> tuple[str, ...]:
    """The contents of the [!DNL] tokens of the page and its source page."""
    found = {item.value for p in (page, source) if p is not None for item in facts.afm_items(p, "DNL")}
    return tuple(sorted(n for n in found if n))


def check(node, ctx, options):
    page = ctx.page
    det = detector(ctx)
    if det is None or is_legal_notice(ctx):
        return
    names = ctx.settings.product_names
    min_letters, min_confidence = options["min-letters"], options["min-confidence"]
    source_raw, source_words = set(), None
    if ctx.source is not None:
        source_units = facts.units(ctx.source, names)
        source_raw = {u.raw for u in source_units if u.raw}
        # Raw text is enough for the vocabulary, and much cheaper than clean.
        source_words = set(_words("\n".join(u.raw for u in source_units)))
    fm = page.front_matter.data if page.front_matter and page.front_matter.data else {}
    human = " (a human translation: workflow-type ht)" if fm.get("workflow-type") == "ht" else ""
    own_names = None
    english_ui = not ctx.settings.locale(ctx.lang)[0].uicontrol_translated
    for unit in facts.units(page, names):
        if len(unit.raw) < min_letters or not has_letters(unit.raw, min_letters):
            continue  # cleaning only ever removes letters
        text = unit.text
        if unit.kind in _FRONT_MATTER:
            # Front matter has no tokens: the names the page marks [!DNL] are names there too.
            if own_names is None:
                own_names = _dnl_names(page, ctx.source)
            text = unit.text_without(own_names)
        if english_ui and (">" in text or "›" in text or "→" in text):
            text = _MENU_PATH.sub(" ", text)
        words = _words(text)
        # The words hold no more letters than the text: enough in them is
        # enough in the text, without counting it again.
        if sum(map(len, words)) < min_letters and not has_letters(text, min_letters):
            continue
        if unit.raw in source_raw:
            yield Hit(*unit.position(page), f"{unit.kind} is identical to the source page's: not translated{human}",
                      key=f"identical:{unit.raw}")
            continue
        if source_words is not None:
            # Plainly translated: it shares hardly a word with its source
            # page (names and terms aside). No need to ask the detector.
            if words and sum(map(source_words.__contains__, words)) < _PLAINLY_TRANSLATED * len(words):
                continue
        verdict = det.judge(text)
        if verdict.lang == det.source and verdict.confidence >= min_confidence:
            yield Hit(*unit.position(page),
                      f"{unit.kind} is in {name(det.source)}, not {name(det.target)} "
                      f"(confidence {verdict.confidence:.2f}){human}", key=f"lang:{unit.raw}")
