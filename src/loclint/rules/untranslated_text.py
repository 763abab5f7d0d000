"""untranslated-text: a paragraph, heading, list item, table cell, image alt
or front matter title/description left in the source language."""

from __future__ import annotations

from loclint import prose
from loclint.finding import Hit
from loclint.lang import letters
from loclint.rules._language import detector, name

ID = "untranslated-text"
NODES = ("root",)
DEFAULT = {"product-names": [], "min-letters": 40, "min-confidence": 0.9, "detector": "py3langid"}
NEEDS_LANG = True


def check(node, page, options):
    det = detector(page, options)
    if det is None:
        return
    names = tuple(options["product-names"])
    min_letters, min_confidence = options["min-letters"], options["min-confidence"]
    source_raw = set()
    if page.source is not None:
        source_raw = {u.raw for u in prose.units(page.source, names) if u.raw}
    fm = page.front_matter.data if page.front_matter and page.front_matter.data else {}
    human = " (a human translation: workflow-type ht)" if fm.get("workflow-type") == "ht" else ""
    for unit in prose.units(page, names):
        n = letters(unit.text)
        if unit.raw in source_raw and n >= min_letters:
            yield Hit(unit.line, unit.column, f"{unit.kind} is identical to the source page's: not translated{human}",
                      key=f"identical:{unit.raw}")
            continue
        if n < min_letters:
            continue
        verdict = det.judge(unit.text)
        if verdict.lang == det.source and verdict.confidence >= min_confidence:
            yield Hit(unit.line, unit.column,
                      f"{unit.kind} is in {name(det.source)}, not {name(det.target)} "
                      f"(confidence {verdict.confidence:.2f}){human}", key=f"lang:{unit.raw}")
