"""hard-coded-locale: a link to the documentation site that still points at
the source language in a translated page."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from loclint.finding import Hit
from loclint.pairing import lang_of
from loclint.rules._targets import all_targets

ID = "hard-coded-locale"
NODES = ("root",)
DEFAULT = {"localized-hosts": ["experienceleague.adobe.com", "helpx.adobe.com", "business.adobe.com"]}
NEEDS_LANG = True

_LOCALE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)


def locale_of(url: str) -> tuple[str | None, str | None]:
    """(locale path segment, lang= value) of a URL."""
    parts = urlsplit(url)
    first = parts.path.split("/")[1] if parts.path.count("/") >= 1 and len(parts.path) > 1 else ""
    segment = first if _LOCALE.match(first) else None
    param = next((v for k, v in parse_qsl(parts.query) if k.lower() == "lang"), None)
    return segment, param


def check(node, page, options):
    if not page.lang or lang_of(page.lang) == lang_of(page.source_lang):
        return
    target = lang_of(page.lang)
    hosts = set(options["localized-hosts"])
    for link in all_targets(page):
        try:
            host = urlsplit(link.url).netloc.lower()
        except ValueError:
            continue
        if host not in hosts:
            continue
        segment, param = locale_of(link.url)
        said = [v for v in (segment, param) if v]
        if any(lang_of(v) != target for v in said):
            wrong = next(v for v in said if lang_of(v) != target)
            yield Hit(link.line, link.column, f"`{link.url}` points at the `{wrong}` pages; expected `{page.lang}`",
                      key=link.url)
        elif not said:
            yield Hit(link.line, link.column, f"`{link.url}` has no locale; readers land on the "
                                              f"{page.source_lang} pages instead of `{page.lang}`", key=link.url)
