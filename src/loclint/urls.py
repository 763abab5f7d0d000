"""Link targets with what localisation legitimately changes taken out, so
that a translated page's links compare with its source's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from loclint.user_patterns import substitute

# Hosts whose URLs name the locale in their first path segment (`/en/`,
# `/nl-nl/`, helpx's `/jp/`); an entry covers its subdomains too.
LOCALISED_HOSTS = ("adobe.com", "microsoft.com")
# Query parameters that carry the reader's language, on any host (`hl=` on
# Google's, `language=` on Salesforce's, `profile.language=` on the Adobe
# community forums'); `host?name` limits one to a host (and its subdomains).
LOCALE_PARAMETERS = ("lang", "locale", "language", "hl", "captions", "profile.language", "setlang",
                     "microsoft.com?clcid", "microsoft.com?mkt")
# Hosts that serve one id per locale of the same resource (a video dubbed or
# captioned per language: video.tv.adobe.com/v/<id>): any of its links stands for another.
LOCALISED_IDS = ("video.tv.adobe.com",)

_LOCALE_SEGMENT = re.compile(r"[a-z]{2}(?:[-_][a-z]{2,4})?", re.IGNORECASE)
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
_PARAMETER = re.compile(r"[^\s=&?#]+")


@dataclass(frozen=True)
class UrlPolicy:
    """Where a URL names its locale: hosts with a locale path segment, locale
    query parameters, hosts with per-locale ids (link-mismatch's options)."""

    localised_hosts: tuple[str, ...] = LOCALISED_HOSTS
    locale_parameters: tuple[str, ...] = LOCALE_PARAMETERS
    localised_ids: tuple[str, ...] = LOCALISED_IDS


DEFAULT_POLICY = UrlPolicy()


def bad_host(entry: str) -> str | None:
    """Why a host entry is no host name (None: it is one)."""
    if not _HOST.fullmatch(entry):
        return f"{entry!r} is no host name (write it lowercase, without scheme, port or path: `helpx.adobe.com`)"
    return None


def bad_parameter(entry: str) -> str | None:
    """Why a locale-parameter entry (`name` or `host?name`) is malformed."""
    host, _, name = entry.rpartition("?")
    if not _PARAMETER.fullmatch(name) or (host and bad_host(host)):
        return f"{entry!r} is no parameter name nor `host?name` (e.g. `lang`, `go.microsoft.com?clcid`)"
    return None


def _on(host: str, entries) -> bool:
    return any(host == e or host.endswith("." + e) for e in entries)


def normalize_url(url: str, extra: list[list[str]] | None = None, policy: UrlPolicy = DEFAULT_POLICY) -> str:
    """A link target with what localisation legitimately changes taken out:
    the locale path segment on the localised hosts, the locale query
    parameters, and the id of a resource a host serves per locale
    (video.tv.adobe.com/v/<id>?captions=...)."""
    return _normalize_url(url, tuple(tuple(pair) for pair in extra or ()), policy)


@lru_cache(maxsize=16384)  # a tree links the same targets from page after page
def _normalize_url(url: str, extra: tuple[tuple[str, ...], ...], policy: UrlPolicy) -> str:
    url = url.strip()
    for pattern, replacement in extra or ():
        url = substitute(pattern, replacement, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    if not host:
        return url  # a page of the docs tree: no locale to take out
    if _on(host, policy.localised_ids):
        return f"{host}/*"
    segments = unquote(parts.path).split("/")
    if _on(host, policy.localised_hosts) and len(segments) > 1 and _LOCALE_SEGMENT.fullmatch(segments[1]):
        segments = [segments[0], *segments[2:]]
    dropped = {name.lower() for entry in policy.locale_parameters
               for where, _, name in [entry.rpartition("?")] if not where or _on(host, [where])}
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k.lower() not in dropped]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "/".join(segments) or "/", query, parts.fragment))
