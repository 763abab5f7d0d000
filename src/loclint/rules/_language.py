"""Shared by the language rules: the detector for a page's languages."""

from __future__ import annotations

from functools import cache

from loclint.lang import Detector, supported
from loclint.pairing import lang_of

NAMES = {
    "en": "English", "nl": "Dutch", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "ja": "Japanese", "ko": "Korean", "zh-cn": "Chinese", "zh-tw": "Chinese", "sv": "Swedish",
    "da": "Danish", "no": "Norwegian", "fi": "Finnish", "pl": "Polish", "cs": "Czech", "tr": "Turkish", "ru": "Russian",
    "af": "Afrikaans",
}


def name(code: str) -> str:
    return NAMES.get(code, code or "an unknown language")


@cache
def _detector(target: str, source: str, kind: str) -> Detector:
    return Detector(target, source, kind)


def detector(ctx) -> Detector | None:
    """None when the page's language is unknown, the same as its source's,
    or one the detector does not know."""
    if not ctx.lang:
        return None
    kind = ctx.settings.detector
    target, source = lang_of(ctx.lang), lang_of(ctx.source_lang)
    if target == source or not supported(target, kind) or not supported(source, kind):
        return None
    return _detector(target, source, kind)
