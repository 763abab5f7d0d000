"""structure-mismatch: the page's skeleton differs from the source page's:
headings per level, AFM blocks, collapsibles, snippets, tables and their
columns, images, fenced code blocks, list items."""

from __future__ import annotations

import re

from loclint import afm, compare
from loclint.finding import Hit
from loclint.rules.afm_keyword import block_keywords

ID = "structure-mismatch"
NODES = ("root",)
DEFAULT = {}
NEEDS_SOURCE = True

_SNIPPET = re.compile(r"\{\{[^{}\n]{1,200}\}\}")


def _headings(page):
    return [(t.tag, t.map[0] + 1) for t in page.tokens if t.type == "heading_open"]


def _afm_blocks(page):
    return [(kw.keyword.upper(), line) for line, _, kw, _ in block_keywords(page)]


def _collapsibles(page):
    return [("+++", t.map[0] + 1 + i) for t in page.tokens if t.type == "inline" and t.map
            for i, line in enumerate(t.content.split("\n")) if line.startswith("+++")]


def _snippets(page):
    found = []
    for token in page.tokens:
        if token.type == "inline" and token.map:
            masked = afm.inline_tokens(token)[0]
            found += [(m.group(), page.inline_position(token, m.start())[0]) for m in _SNIPPET.finditer(masked)]
    return found


def _tables(page):
    found, columns, start = [], 0, None
    for token in page.tokens:
        if token.type == "table_open":
            columns, start = 0, token.map[0] + 1
        elif token.type == "th_open":
            columns += 1
        elif token.type == "thead_close":
            found.append((f"{columns} columns", start))
    return found


def _images(page):
    found = []
    for token in page.tokens:
        if token.type == "inline" and token.map:
            found += [("image", page.inline_position(c)[0]) for c in afm.walk_inline(token) if c.type == "image"]
            found += [("image", page.inline_position(c)[0]) for c in token.children or []
                      if c.type == "html_inline" and any(tag.name == "img" for tag in afm.html_tags(c.content))]
        elif token.type == "html_block":
            found += [("image", token.map[0] + 1) for tag in afm.html_tags(token.content) if tag.name == "img"]
    return found


def _fences(page):
    return [("code block", line) for line, _ in compare.fences(page)]


def _list_items(page):
    return [("item", t.map[0] + 1) for t in page.tokens if t.type == "list_item_open"]


PARTS = (
    ("headings", _headings),
    ("AFM blocks", _afm_blocks),
    ("collapsibles", _collapsibles),
    ("snippets", _snippets),
    ("tables", _tables),
    ("images", _images),
    ("fenced code blocks", _fences),
    ("list items", _list_items),
)


def check(node, page, options):
    source = page.source
    if source is None:
        return
    for what, extract in PARTS:
        s_items, t_items = extract(source), extract(page)
        s_values, t_values = [v for v, _ in s_items], [v for v, _ in t_items]
        if s_values == t_values:
            continue
        i = next((k for k, (a, b) in enumerate(zip(s_values, t_values)) if a != b), min(len(s_values), len(t_values)))
        if i < len(t_items):
            line = t_items[i][1]
        else:
            line = compare.aligned_line(source, page, s_items[i][1])
        here = t_values[i] if i < len(t_values) else "nothing"
        there = s_values[i] if i < len(s_values) else "nothing"
        detail = f"{here} here, {there} in the source" if here != there and what in ("headings", "AFM blocks", "tables", "snippets") else ""
        counts = f"{len(t_values)} {what} here, {len(s_values)} in the source"
        yield Hit(line, 1, f"{what} differ from the source page from here on: {detail + '; ' if detail else ''}{counts}",
                  key=what)
