"""What the source-aware rules compare: the parts of a page that translation
must carry over unchanged (tokens, links, code, ids, skeleton), each with
where it stands, and a rough alignment of a source line to the target page."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from loclint import afm
from loclint.page import Page


@dataclass(frozen=True)
class Item:
    value: str
    line: int
    column: int


def _inline_tokens(page: Page) -> list:
    """The page's inline blocks, listed once per parse."""
    found = page.derived.get("inline_tokens")
    if found is None:
        found = page.derived["inline_tokens"] = [t for t in page.tokens if t.type == "inline" and t.map]
    return found


def block_lines(page: Page) -> list[int]:
    """1-based first line of every block that holds text, in page order."""
    if "block_lines" not in page.memo:
        lines = sorted({t.map[0] + 1 for t in page.tokens if t.map and t.type in ("inline", "fence", "code_block", "html_block")})
        page.memo["block_lines"] = lines
    return page.memo["block_lines"]


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


_WORD = re.compile(r"[^\W_][\w'’.-]*")


def word_count(page: Page) -> int:
    """Words of prose, headings and title/description, the way the
    localisation pipeline roughly counts them for `source-wordcount`
    (code, URLs, HTML and ids left out)."""
    count = 0
    for inline in _inline_tokens(page):
        count += len(_WORD.findall(afm.HEADING_ID.sub("", afm.inline_tokens(inline)[0])))
    data = page.front_matter.data if page.front_matter and page.front_matter.data else {}
    for key in ("title", "description"):
        if isinstance(data.get(key), str):
            count += len(_WORD.findall(data[key]))
    return count


def difference_hits(source: Page, target: Page, s_items: list[Item], t_items: list[Item], show, changed_hint=""):
    """Findings for what `differences` finds, worded with `show(value)`."""
    from loclint.finding import Hit

    for how, mine, theirs in differences(source, target, s_items, t_items):
        if how == "changed":
            yield Hit(mine.line, mine.column, f"{show(mine.value)} differs from the source's {show(theirs.value)} "
                      f"(line {theirs.line}){changed_hint}", key=f"~{theirs.value}")
        elif how == "added":
            yield Hit(mine.line, mine.column, f"{show(mine.value)} is not in the source page", key=f"+{mine.value}")
        else:
            yield Hit(aligned_line(source, target, theirs.line), 1,
                      f"{show(theirs.value)} of the source (line {theirs.line}) is missing here", key=f"-{theirs.value}")


def afm_tokens(page: Page, keyword: str) -> list[Item]:
    """Well-formed enough `[!KEYWORD content]` tokens, outside code (every
    keyword's found in one pass over the page)."""
    by_keyword = page.memo.get("afm_items")
    if by_keyword is None:
        by_keyword = page.memo["afm_items"] = {}
        for inline in _inline_tokens(page):
            text, tokens = afm.inline_tokens(inline)
            for tok in tokens:
                if tok.closed and tok.intended is not None:
                    lead, trail = afm.strip_padding(text[tok.content_start : tok.content_end])
                    content = " ".join(text[tok.content_start + lead : tok.content_start + trail].split())
                    by_keyword.setdefault(tok.intended, []).append(Item(content, *page.inline_position(inline, tok.start)))
    return by_keyword.get(keyword, [])


def code_spans(page: Page) -> list[Item]:
    if "code_spans" not in page.memo:
        found = []
        for inline in _inline_tokens(page):
            for child in afm.walk_inline(inline):
                if child.type == "code_inline":
                    found.append(Item(child.content, *page.inline_position(child)))
        page.memo["code_spans"] = found
    return page.memo["code_spans"]


def fences(page: Page) -> list[tuple[int, str]]:
    """(1-based line of the opening fence, content) of each fenced code block."""
    if "fences" not in page.memo:
        page.memo["fences"] = [(t.map[0] + 1, t.content) for t in page.tokens if t.type == "fence" and t.map]
    return page.memo["fences"]


def heading_ids(page: Page) -> list[Item]:
    found = []
    for i, token in enumerate(page.tokens):
        if token.type == "heading_open":
            inline = page.tokens[i + 1]
            explicit = afm.heading_id(inline)
            if explicit:
                found.append(Item(explicit, *page.inline_position(inline, inline.content.rfind("{#"))))
    return found


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
