"""Link targets with what localisation legitimately changes taken out, so
that a translated page's links compare with its source's."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from loclint.user_patterns import substitute

DOC_HOSTS = (
    "experienceleague.adobe.com", "helpx.adobe.com", "business.adobe.com", "www.adobe.com",
    "developer.adobe.com", "learn.microsoft.com", "docs.microsoft.com", "experienceleaguecommunities.adobe.com",
)
_LOCALE_SEGMENT = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)
_LOCALE_PARAMS = {"lang", "locale", "captions", "profile.language"}  # the community forums': profile.language


def normalize_url(url: str, extra: list[list[str]] | None = None) -> str:
    """A link target with what localisation legitimately changes taken out:
    the locale path segment and `lang=`/`captions=`/`profile.language=` on the doc hosts, and a
    localized video id (video.tv.adobe.com/v/<id>?captions=...)."""
    return _normalize_url(url, tuple(tuple(pair) for pair in extra or ()))


@lru_cache(maxsize=16384)  # a tree links the same targets from page after page
def _normalize_url(url: str, extra: tuple[tuple[str, ...], ...]) -> str:
    url = url.strip()
    for pattern, replacement in extra or ():
        url = substitute(pattern, replacement, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = parts.netloc.lower()
    if host == "video.tv.adobe.com":
        return "video.tv.adobe.com/v/*"
    if host not in DOC_HOSTS:
        return url
    segments = unquote(parts.path).split("/")
    if len(segments) > 1 and _LOCALE_SEGMENT.match(segments[1]):
        segments = [segments[0], *segments[2:]]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _LOCALE_PARAMS])
    return urlunsplit((parts.scheme.lower(), host, "/".join(segments) or "/", query, parts.fragment))
