"""The Adobe Flavored Markdown (AFM) layer on top of CommonMark + tables.

AFM adds inline tokens (`[!DNL Campaign]`, `[!UICONTROL Save]`), heading ids
(`## Title {#id}`), attribute blocks after links (`{target="_blank"}`),
block keywords at the start of a blockquote (`>[!NOTE]`, `>[!TAB Label]`),
and leans on inline HTML (`<img>`, `<a id=...>`). markdown-it-py knows none of
it; this module finds it in the raw source that `page.py` keeps, with scanners
that are linear in the length of their input (no backtracking regexes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.entities import html5
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

TOKEN_KEYWORDS = ("DNL", "UICONTROL")
BLOCK_KEYWORDS = frozenset(
    "NOTE TIP IMPORTANT WARNING CAUTION INFO SUCCESS ERROR AVAILABILITY PREREQUISITES "
    "ADMIN MORELIKETHIS CONTEXTUALHELP VIDEO BADGE BEGINTABS TAB ENDTABS "
    "BEGINSHADEBOX ENDSHADEBOX".split()
)
# Keywords that may stand inline without being a DNL/UICONTROL token.
INLINE_KEYWORDS = frozenset({"BADGE", "VIDEO", "INCLUDE"})

MASK = "\0"
# Zero-width and no-break spaces that MT uses as padding, literal or escaped.
PAD_CHARS = " \t\n\u200b\u00a0\ufeff"
_PAD_ENTITY = re.compile(r"&(?:#x0*200[bB]|#0*8203|ZeroWidthSpace|nbsp|#0*160|#x0*[aA]0);")

ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_TOKEN_HEAD = re.compile(r"\[([ \t\u200b]{0,8})(!?)([ \t]{0,3})([A-Za-z]{2,20})")
HEADING_ID = re.compile(r"\{#([^{}\s]+)\}[ \t]*$")


def is_entity(ref: str) -> bool:
    """True for a character reference that HTML would decode."""
    if ref.startswith("&#"):
        return True
    return ref[1:] in html5


def find_entities(text: str, start: int = 0, end: int | None = None):
    """(offset, reference) of every real character reference in text[start:end]."""
    for m in ENTITY.finditer(text, start, len(text) if end is None else end):
        if is_entity(m.group()):
            yield m.start(), m.group()


def strip_padding(text: str) -> tuple[int, int]:
    """Offsets (lead, trail) of `text` with whitespace/zero-width padding,
    literal or written as entities, removed from both ends."""
    lead, trail = 0, len(text)
    while True:
        while lead < trail and text[lead] in PAD_CHARS:
            lead += 1
        m = _PAD_ENTITY.match(text, lead, trail)
        if not m:
            break
        lead = m.end()
    while trail > lead:
        while trail > lead and text[trail - 1] in PAD_CHARS:
            trail -= 1
        if trail > lead and text[trail - 1] == ";":
            amp = text.rfind("&", lead, trail)
            if amp >= 0 and _PAD_ENTITY.fullmatch(text, amp, trail):
                trail = amp
                continue
        break
    return lead, trail


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein + transpositions)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def intended_token_keyword(word: str) -> str | None:
    """The DNL/UICONTROL keyword that `word` is, or is a misspelling of."""
    return _intended_token_keyword(word.upper())


@lru_cache(maxsize=4096)  # a page asks about the same few words again and again
def _intended_token_keyword(upper: str) -> str | None:
    for kw in TOKEN_KEYWORDS:
        limit = 1 if kw == "DNL" else 2
        # The distance is at least the difference in length.
        if upper == kw or (abs(len(upper) - len(kw)) <= limit and osa_distance(upper, kw) <= limit):
            return kw
    return None


@dataclass(slots=True)
class AfmToken:
    """An inline `[!KEYWORD content]`, as written (well-formed or not)."""

    start: int  # offset of "[" in the inline source
    end: int  # offset after "]"; end of the source when never closed
    lead: str  # what stands between "[" and "!" (should be nothing)
    bang: bool
    gap: str  # what stands between "!" and the keyword (should be nothing)
    keyword: str
    content_start: int  # offset just after the keyword
    closed: bool = False
    nested: bool = False  # opened inside another token
    intended: str | None = field(init=False)  # the DNL/UICONTROL keyword it is meant to be, or None

    def __post_init__(self) -> None:
        self.intended = intended_token_keyword(self.keyword)

    @property
    def content_end(self) -> int:
        return self.end - 1 if self.closed else self.end


def scan_tokens(text: str) -> list[AfmToken]:
    """Every `[!WORD ...]` in `text` (masked prose), in order of their start.

    One pass with a bracket stack, so nesting and unclosed tokens cost nothing
    extra on hostile input.
    """
    found: list[AfmToken] = []
    stack: list[AfmToken | None] = []
    open_tokens = 0
    pos = 0
    n = len(text)
    # The next "[" and "]" at or after pos, each searched for again only once
    # passed: searching both at every bracket is quadratic on "]]]]...".
    lb, rb = text.find("["), text.find("]")
    while pos < n:
        if 0 <= lb < pos:
            lb = text.find("[", pos)
        if 0 <= rb < pos:
            rb = text.find("]", pos)
        if lb < 0 and rb < 0:
            break
        if rb < 0 or 0 <= lb < rb:
            m = _TOKEN_HEAD.match(text, lb)
            token = None
            if m and (m.group(2) or (m.group(4) in TOKEN_KEYWORDS and not m.group(1) and not m.group(3))):
                after = m.end()
                if after >= n or not text[after].isalnum():
                    token = AfmToken(lb, n, m.group(1), bool(m.group(2)), m.group(3), m.group(4), after)
                    if not token.bang and (after >= n or text[after] != " "):
                        token = None  # "[DNL]" alone is ordinary text, "[DNL x]" a broken token
            if token is not None:
                token.nested = open_tokens > 0
                found.append(token)
                open_tokens += 1
            stack.append(token)
            pos = lb + 1
        else:
            if stack:
                token = stack.pop()
                if token is not None:
                    token.end = rb + 1
                    token.closed = True
                    open_tokens -= 1
            pos = rb + 1
    return found


def prose_mask(inline: Token) -> str:
    """The inline source with everything that is not prose (code spans, HTML,
    autolinks, link destinations, backslash escapes) replaced by NUL, so
    offsets stay those of the source."""
    text = inline.content
    spans: list[tuple[int, int]] = []
    for child in walk_inline(inline):
        meta = child.meta or {}
        start, end = meta.get("start"), meta.get("end")
        if start is None:
            continue
        if child.type == "text_special" and child.info == "escape" and child.content == "]":
            # `\]` closes a token: AFM reads `[!DNL C:\Temp\]` as a path ending in `\`, not an escape.
            spans.append((start, end - 1))
        elif child.type in ("code_inline", "html_inline") or (
            child.type == "text_special" and child.info == "escape"
        ):
            spans.append((start, end))
        elif child.type == "link_open" and child.markup == "autolink":
            spans.append((start, end))
        elif child.type in ("link_open", "image") and meta.get("label_end", -1) >= 0:
            spans.append((meta["label_end"] + 1, end))
    if not spans:
        return text
    pieces, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)  # spans may nest
        if start < end:
            span = text[start:end]
            # Most spans are one line: no pattern needed to keep its newlines.
            pieces += [text[done:start], _NOT_NEWLINE.sub(MASK, span) if "\n" in span else MASK * len(span)]
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


_NOT_NEWLINE = re.compile(r"[^\n]")


def walk_inline(inline: Token) -> list[Token]:
    """Every token under an inline token, image alt children included."""
    flat = []
    stack = list(reversed(inline.children or []))
    while stack:
        tok = stack.pop()
        flat.append(tok)
        if tok.children:
            stack.extend(reversed(tok.children))
    return flat


# --- inline HTML -----------------------------------------------------------

_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_ATTR = re.compile(r"""[ \t\n/]*([^\s"'>/=]+)(?:[ \t\n]*=[ \t\n]*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


@dataclass(frozen=True, slots=True)
class HtmlAttr:
    name: str
    value: str | None
    value_start: int  # offset of the value's first character in the text


@dataclass(frozen=True, slots=True)
class HtmlTag:
    name: str  # lower-cased
    start: int
    end: int
    attrs: tuple[HtmlAttr, ...]

    def get(self, name: str) -> HtmlAttr | None:
        for attr in self.attrs:
            if attr.name == name:
                return attr
        return None


def comment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every HTML comment; an unclosed one runs to the end."""
    spans = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            return spans
        close = text.find("-->", start + 4)
        end = len(text) if close < 0 else close + 3
        spans.append((start, end))
        pos = end


@lru_cache(maxsize=256)  # the rules that read a block's tags each ask for them
def html_tags(text: str) -> tuple[HtmlTag, ...]:
    """Opening tags with their attributes, outside HTML comments."""
    tags = []
    comments = comment_spans(text)
    ci = 0
    pos = 0
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            break
        while ci < len(comments) and comments[ci][1] <= lt:
            ci += 1
        if ci < len(comments) and comments[ci][0] <= lt:
            pos = comments[ci][1]
            continue
        m = _TAG_NAME.match(text, lt)
        if not m:
            pos = lt + 1
            continue
        gt = text.find(">", m.end())
        if gt < 0:
            break  # no tag can close after this point
        attrs = []
        apos = m.end()
        while apos < gt:
            am = _ATTR.match(text, apos, gt)
            if not am or am.end() == apos:
                break
            value, vstart = am.group(2), am.start(2)
            if value is not None and value[:1] in "\"'":
                value, vstart = value[1:-1], vstart + 1
            attrs.append(HtmlAttr(am.group(1).lower(), value, vstart))
            apos = am.end()
        tags.append(HtmlTag(m.group(1).lower(), lt, gt + 1, tuple(attrs)))
        pos = gt + 1
    return tuple(tags)


# --- blocks ------------------------------------------------------------------

_BLOCK_KEYWORD = re.compile(r"\[!([A-Za-z]+)(?:[ \t]([^\]\n]*))?\][ \t]*$")


@dataclass(slots=True)
class BlockKeyword:
    keyword: str
    label: str | None  # as written, padding included
    label_start: int  # offset of the label in the inline source


def block_keyword(first_line: str) -> BlockKeyword | None:
    """The `[!KEYWORD label]` that a blockquote's first line consists of."""
    m = _BLOCK_KEYWORD.match(first_line)
    if not m:
        return None
    if m.group(2) is None:
        return BlockKeyword(m.group(1), None, m.end(1))
    return BlockKeyword(m.group(1), m.group(2), m.start(2))


def heading_id(heading_inline: Token) -> str | None:
    m = HEADING_ID.search(heading_inline.content)
    return m.group(1) if m else None
