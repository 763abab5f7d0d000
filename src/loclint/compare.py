"""How the source-aware rules compare a page with its source: the
differences of two lists of items, a rough alignment of a source line to
the target page, and URLs with their locale taken out."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from loclint.facts import Item, block_lines
from loclint.finding import Hit
from loclint.page import Page


def aligned_line(source: Page, target: Page, source_line: int) -> int:
    """The target line that stands where `source_line` stands in the source:
    the block at the same relative place in the page."""
    s_blocks, t_blocks = block_lines(source), block_lines(target)
    if not t_blocks:
        return target.body_start + 1
    if not s_blocks:
        return t_blocks[0]
    index = max(bisect.bisect_right(s_blocks, source_line) - 1, 0)
    if len(s_blocks) == 1:
        return t_blocks[0]
    return t_blocks[round(index * (len(t_blocks) - 1) / (len(s_blocks) - 1))]


def block_of(page: Page, line: int) -> int:
    """The first line of the block that holds `line`."""
    blocks = block_lines(page)
    index = bisect.bisect_right(blocks, line) - 1
    return blocks[index] if index >= 0 else line


def differences(source: Page, target: Page, s_items: list[Item], t_items: list[Item]):
    """Compare two multisets of items. Yields ("changed", t_item, s_item) for
    an item the target has in place of one the source had in the same
    aligned block, ("added", t_item, None) and ("missing", None, s_item)."""
    lacks, adds = multiset_diff([i.value for i in s_items], [i.value for i in t_items])
    missing = []
    for item in s_items:
        if lacks[item.value] > 0:
            lacks[item.value] -= 1
            missing.append(item)
    for item in t_items:
        if adds[item.value] > 0:
            adds[item.value] -= 1
            block = block_of(target, item.line)
            here = [m for m in missing if aligned_line(source, target, m.line) == block]
            # Of the source items that stood here, the most alike was changed into this one.
            partner = max(here, key=lambda m: SequenceMatcher(None, m.value.lower(), item.value.lower()).ratio(),
                          default=None)
            if partner is not None:
                missing.remove(partner)
                yield "changed", item, partner
            else:
                yield "added", item, None
    for item in missing:
        yield "missing", None, item


def difference_hits(source: Page, target: Page, s_items: list[Item], t_items: list[Item], show, changed_hint=""):
    """Findings for what `differences` finds, worded with `show(value)`."""
    for how, mine, theirs in differences(source, target, s_items, t_items):
        if how == "changed":
            yield Hit(mine.line, mine.column, f"{show(mine.value)} differs from the source's {show(theirs.value)} "
                      f"(line {theirs.line}){changed_hint}", key=f"~{theirs.value}")
        elif how == "added":
            yield Hit(mine.line, mine.column, f"{show(mine.value)} is not in the source page", key=f"+{mine.value}")
        else:
            yield Hit(aligned_line(source, target, theirs.line), 1,
                      f"{show(theirs.value)} of the source (line {theirs.line}) is missing here", key=f"-{theirs.value}")


# --- links -------------------------------------------------------------------

DOC_HOSTS = (
    "experienceleague.adobe.com", "helpx.adobe.com", "business.adobe.com", "www.adobe.com",
    "developer.adobe.com", "learn.microsoft.com", "docs.microsoft.com",
)
_LOCALE_SEGMENT = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)
_LOCALE_PARAMS = {"lang", "locale", "captions"}


def normalize_url(url: str, extra: list[list[str]] | None = None) -> str:
    """A link target with what localisation legitimately changes taken out:
    the locale path segment and `lang=`/`captions=` on the doc hosts, and a
    localized video id (video.tv.adobe.com/v/<id>?captions=...)."""
    return _normalize_url(url, tuple(tuple(pair) for pair in extra or ()))


@lru_cache(maxsize=16384)  # a tree links the same targets from page after page
def _normalize_url(url: str, extra: tuple[tuple[str, ...], ...]) -> str:
    url = url.strip()
    for pattern, replacement in extra or ():
        url = re.sub(pattern, replacement, url)
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


def multiset_diff(source: list[str], target: list[str]) -> tuple[Counter, Counter]:
    """(what the target lacks, what the target adds), as multisets."""
    s, t = Counter(source), Counter(target)
    return s - t, t - s
