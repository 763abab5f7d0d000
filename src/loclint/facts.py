"""Everything derived from a parsed page, each fact a function of the page
(and its arguments), worked out once per page whatever number of rules
asks. A page never changes, so a fact never goes stale; it is dropped with
its page.

Facts of one inline block (its AFM scan) are kept per page too, keyed by
the block."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, TypeVar
from weakref import finalize

from loclint import afm, anchors, targets
from loclint.page import Page
from loclint.prose import IMAGE_ALT_KIND, Unit, unit_kind, without_images
from loclint.suppression import Suppressions
from loclint.targets import split_target

if TYPE_CHECKING:
    from markdown_it.token import Token

T = TypeVar("T")


def per_page(fn: Callable[..., T]) -> Callable[..., T]:
    """Cache `fn(page, *args)` for as long as the page lives."""
    # By the page's id, dropped by a finalizer when the page goes (before
    # its id can be another's): a WeakKeyDictionary made a weak reference
    # at every lookup, a million a run.
    store: dict[int, dict[tuple, T]] = {}

    @wraps(fn)
    def fact(page: Page, *args) -> T:
        values = store.get(id(page))
        if values is None:
            values = store[id(page)] = {}
            finalize(page, store.pop, id(page), None)
        value = values.get(args, _UNKNOWN)
        if value is _UNKNOWN:
            value = values[args] = fn(page, *args)
        return value

    return fact


_UNKNOWN = object()


@dataclass(frozen=True, slots=True)
class Item:
    """A thing translation carries over unchanged, where it stands."""

    value: str
    line: int
    column: int


# --- the parse -----------------------------------------------------------------


@per_page
def blockquote_leads(page: Page) -> frozenset[int]:
    """The ids of the inline tokens that open a blockquote (its first
    paragraph's text), where a `[!NOTE]`-like keyword stands."""
    tokens = page.tokens
    return frozenset(id(tokens[i]) for i in range(2, len(tokens)) if tokens[i].type == "inline"
                     and tokens[i - 1].type == "paragraph_open" and tokens[i - 2].type == "blockquote_open")


@per_page
def inline_blocks(page: Page) -> list[Token]:
    """The page's inline blocks (paragraphs, headings, cells, items)."""
    return [t for t in page.tokens if t.type == "inline" and t.map]


@per_page
def _inline_scans(page: Page) -> dict[int, tuple[str, list[afm.AfmToken]]]:
    return {}


def inline_scan(page: Page, inline: Token) -> tuple[str, list[afm.AfmToken]]:
    """(prose mask, AFM tokens) of one of the page's inline blocks."""
    scans = _inline_scans(page)
    scan = scans.get(id(inline))
    if scan is None:
        masked = afm.prose_mask(inline)
        scan = scans[id(inline)] = (masked, afm.scan_tokens(masked))
    return scan


@per_page
def _inline_children(page: Page) -> dict[int, tuple[Token, ...]]:
    return {}


def inline_children(page: Page, inline: Token) -> tuple[Token, ...]:
    """Every token under one of the page's inline blocks (afm.walk_inline),
    walked once: half a dozen rules read them."""
    walks = _inline_children(page)
    found = walks.get(id(inline))
    if found is None:
        found = walks[id(inline)] = tuple(afm.walk_inline(inline))
    return found


@per_page
def suppressions(page: Page) -> Suppressions:
    return Suppressions(page)


# --- blocks and what translation carries over ------------------------------------


@per_page
def block_lines(page: Page) -> list[int]:
    """1-based first line of every block that holds text, in page order."""
    return sorted({t.map[0] + 1 for t in page.tokens if t.map and t.type in ("inline", "fence", "code_block", "html_block")})


@per_page
def fences(page: Page) -> list[tuple[int, str]]:
    """(1-based line of the opening fence, content) of each fenced code block."""
    return [(t.map[0] + 1, t.content) for t in page.tokens if t.type == "fence" and t.map]


@per_page
def code_spans(page: Page) -> list[Item]:
    return [Item(child.content, *page.inline_position(child))
            for inline in inline_blocks(page) for child in inline_children(page, inline) if child.type == "code_inline"]


@per_page
def code_texts(page: Page) -> tuple[frozenset[str], frozenset[str]]:
    """(every code span, every line of every fence): the page's code as text."""
    return (frozenset(i.value for i in code_spans(page)),
            frozenset(line for _, code in fences(page) for line in code.split("\n")))


@per_page
def _afm_items(page: Page) -> dict[str, list[Item]]:
    by_keyword: dict[str, list[Item]] = {}
    for inline in inline_blocks(page):
        text, tokens = inline_scan(page, inline)
        for tok in tokens:
            if tok.closed and tok.intended is not None:
                lead, trail = afm.strip_padding(text[tok.content_start : tok.content_end])
                content = " ".join(text[tok.content_start + lead : tok.content_start + trail].split())
                by_keyword.setdefault(tok.intended, []).append(Item(content, *page.inline_position(inline, tok.start)))
    return by_keyword


def afm_items(page: Page, keyword: str) -> list[Item]:
    """Well-formed enough `[!KEYWORD content]` tokens, outside code."""
    return _afm_items(page).get(keyword, [])


@per_page
def heading_ids(page: Page) -> list[Item]:
    found = []
    for i, token in enumerate(page.tokens):
        if token.type == "heading_open":
            inline = page.tokens[i + 1]
            explicit = afm.heading_id(inline)
            if explicit:
                found.append(Item(explicit, *page.inline_position(inline, inline.content.rfind("{#"))))
    return found


_WORD = re.compile(r"[^\W_][\w'’.-]*")
_HTML_MARKUP = re.compile(r"<[^<>]{0,2000}>|&#?\w{1,32};")


@per_page
def word_count(page: Page) -> int:
    """Words of prose, headings and title/description, the way the
    localisation pipeline roughly counts them for `source-wordcount`
    (code, URLs, HTML and ids left out)."""
    count = 0
    for inline in inline_blocks(page):
        count += len(_WORD.findall(afm.HEADING_ID.sub("", inline_scan(page, inline)[0])))
    for token in page.tokens:
        if token.type == "html_block":  # an HTML table's text is translated too
            count += len(_WORD.findall(_HTML_MARKUP.sub(" ", token.content)))
    data = page.front_matter.data if page.front_matter and page.front_matter.data else {}
    for key in ("title", "description"):
        if isinstance(data.get(key), str):
            count += len(_WORD.findall(data[key]))
    return count


# --- links and anchors ---------------------------------------------------------


@per_page
def link_targets(page: Page) -> list[targets.Target]:
    """Every target of a page, in page order (HTML comments left out)."""
    found = [t for node in page.nodes if node.type in targets.NODE_TYPES for t in targets.node_targets(node, page)]
    return sorted(found, key=lambda t: (t.line, t.column))


@per_page
def local_targets(page: Page) -> list[tuple[targets.Target, str, str | None]]:
    """(target, path, fragment) of every target inside the docs tree (no
    URL, mail or template)."""
    return [(t, *parts) for t in link_targets(page) if (parts := split_target(t.url)) is not None]


@per_page
def page_anchors(page: Page) -> frozenset[str]:
    return anchors.page_anchors(page)


# --- prose ---------------------------------------------------------------------


@per_page
def units(page: Page, names: tuple[str, ...] = ()) -> list[Unit]:
    """Every translatable unit of a page, in page order: title and
    description, inline blocks, image alt texts."""
    found: list[Unit] = []
    fm = page.front_matter
    if fm and fm.data:
        for name in ("title", "description"):
            value = fm.data.get(name)
            if isinstance(value, str):
                line = next((i + 1 for i in range(fm.first_line, fm.last_line - 1)
                             if page.lines[i].startswith(f"{name}:")), fm.first_line)
                found.append(Unit(name, value, value, None, names, (line, 1)))
    for index, token in enumerate(page.tokens):
        if token.type != "inline" or not token.map:
            continue
        masked = inline_scan(page, token)[0]
        found.append(Unit(unit_kind(token, page.tokens, index), without_images(masked), token.content.strip(),
                          token, names))
        if "![" not in token.content:
            continue  # no image, no alt text
        for child in inline_children(page, token):
            if child.type == "image":
                alt = "".join(c.content for c in afm.walk_inline(child) if c.type in ("text", "text_special"))
                found.append(Unit(IMAGE_ALT_KIND, alt, alt, child, names))
    return found
