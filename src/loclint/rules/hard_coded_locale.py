"""hard-coded-locale: a link to the documentation site that still points at
the source language in a translated page."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from loclint import facts
from loclint.finding import Hit
from loclint.pairing import lang_of
from loclint.rule import Rule

RULE = Rule(id="hard-coded-locale", severity="warning", nodes=("root",), needs_lang=True,
            summary="A link to the documentation site that still points at the source language in a translated page.",
            options={"hosts": ["experienceleague.adobe.com", "helpx.adobe.com", "business.adobe.com"]})

_LOCALE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)


def locale_of(url: str) -> tuple[str | None, str | None]:
    """(locale path segment, lang= value) of a URL."""
    parts = urlsplit(url)
    first = parts.path.split("/")[1] if parts.path.count("/") >= 1 and len(parts.path) > 1 else ""
    segment = first if _LOCALE.match(first) else None
    param = next((v for k, v in parse_qsl(parts.query) if k.lower() == "lang"), None)
    return segment, param


def check(node, ctx, options):
    page = ctx.page
    if not ctx.lang or lang_of(ctx.lang) == lang_of(ctx.source_lang):
        return
    target = lang_of(ctx.lang)
    pack = ctx.settings.locale(ctx.lang)[0]
    hosts = set(options["hosts"])
    for link in facts.link_targets(page):
        try:
            host = urlsplit(link.url).netloc.lower()
        except ValueError:
            continue
        if host not in hosts:
            continue
        segment, param = locale_of(link.url)
        # The site's own name for the language (helpx's Japanese is `/jp/`), else any form of the language.
        site = pack.url_locale(host)
        expected = f"`{site or ctx.lang}`"
        wrong = None
        if segment and (segment.lower() != site if site else lang_of(segment) != target):
            wrong = segment
        elif param and lang_of(param) != target and param.lower() != site:
            wrong = param
        if wrong:
            yield Hit(link.line, link.column, f"`{link.url}` points at the `{wrong}` pages; expected {expected}",
                      key=link.url)
        elif not segment and not param:
            yield Hit(link.line, link.column, f"`{link.url}` has no locale; readers land on the "
                                              f"{ctx.source_lang} pages instead of {expected}", key=link.url)
