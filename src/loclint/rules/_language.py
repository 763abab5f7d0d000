"""Shared by the language rules: the detector for a page's languages."""

from __future__ import annotations

import re
from functools import cache

from loclint.lang import Detector, supported
from loclint.page import real
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


# LICENSE.md, licence.md, COPYING, NOTICE, ThirdPartyNotices.md, LICENSE-CODE.md ...
_LEGAL_NAME = re.compile(r"(?:licen[cs]es?|copying|copyright|notices?|third[-_ ]?party[-_ ]?notices?)(?:[-_.].*)?",
                         re.IGNORECASE)


def is_legal_notice(ctx) -> bool:
    """Whether the page is its repository's licence or notice file: one
    named so at the root of its docs tree. Its text is the licence itself,
    binding in the words it was granted in (translations carry the English
    text on purpose), so it is no translated page."""
    path = ctx.page.path
    if not _LEGAL_NAME.fullmatch(path.name):
        return False
    return real(path).parent == ctx.docs.root_of(path)
