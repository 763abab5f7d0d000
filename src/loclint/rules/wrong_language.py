"""wrong-language: the page as a whole is not in its expected language."""

from __future__ import annotations

from loclint import facts
from loclint.facts import block_lines
from loclint.finding import Hit
from loclint.lang import has_letters
from loclint.rule import OptionError, Rule
from loclint.rules._language import detector, is_legal_notice, name


def _validate(options) -> None:
    if not 0 <= options["min-confidence"] <= 1:
        raise OptionError(f"min-confidence: {options['min-confidence']} is not between 0 and 1")
    if not all(isinstance(c, str) for c in options["candidate-languages"]):
        raise OptionError("candidate-languages: expected a list of language codes")


# candidate-languages: the locales documentation sites are translated into,
# the languages a page in the wrong folder is likely to be in.
RULE = Rule(id="wrong-language", severity="error", nodes=("root",), needs_lang=True,
            summary="The page as a whole is not in its expected language.",
            options={
                "min-confidence": 0.9,
                "candidate-languages": ["en", "nl", "de", "fr", "es", "it", "pt", "ja", "ko", "zh", "sv", "da", "fi",
                                        "no", "nb", "pl", "cs", "tr", "ru", "hu", "af"],
            },
            validate=_validate)

_MIN_PAGE_LETTERS = 200
_SAMPLE_CHARS = 4000
# Most pages are plainly in their language after a thousand characters: only
# a page that is not gets judged on the whole sample.
_FIRST_LOOK_CHARS = 1000
_PLAINLY = 0.999


def check(node, ctx, options):
    page = ctx.page
    det = detector(ctx)
    if det is None or is_legal_notice(ctx):
        return
    # A page's language shows in its first few thousand letters; judging
    # megabytes would only cost time.
    parts, size = [], 0
    for unit in facts.units(page, ctx.settings.product_names):
        if unit.kind != "image alt" and size < _SAMPLE_CHARS:
            parts.append(unit.text)
            size += len(unit.text) + 1
    text = "\n".join(parts)[:_SAMPLE_CHARS]
    if not has_letters(text, _MIN_PAGE_LETTERS):
        return  # too little to judge
    among = tuple(options["candidate-languages"])
    first_look = det.judge(text[:_FIRST_LOOK_CHARS], among=among)
    if first_look.lang == det.target and first_look.confidence >= _PLAINLY:
        return
    verdict = det.judge(text, among=among)
    if verdict.lang and verdict.lang != det.target and verdict.confidence >= options["min-confidence"]:
        blocks = block_lines(page)
        line = blocks[0] if blocks else page.body_start + 1
        yield Hit(line, 1, f"the page is in {name(verdict.lang)}, not {name(det.target)} "
                           f"(confidence {verdict.confidence:.2f})")
