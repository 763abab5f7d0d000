"""structure-mismatch: the page's skeleton differs from the source page's:
headings per level, AFM blocks, collapsibles, snippets, tables and their
columns, images, fenced code blocks, list items."""

from __future__ import annotations

import re

from loclint import afm, differences, facts
from loclint.finding import Hit
from loclint.rule import Rule
from loclint.rules.afm_keyword import block_keywords

RULE = Rule(id="structure-mismatch", severity="warning", nodes=("root",), needs_source=True, compares_source=True,
            summary="The page's skeleton (headings, AFM blocks, tables, images, code blocks, list items, ...) differs from the source's.")

_SNIPPET = re.compile(r"\{\{[^{}\n]{1,200}\}\}")


WHAT = ("headings", "AFM blocks", "collapsibles", "snippets", "tables", "images", "fenced code blocks", "list items")


def skeleton(page) -> dict[str, list[tuple[str, int]]]:
    """(value, line) of each part of the page's skeleton, in one pass."""
    parts: dict[str, list[tuple[str, int]]] = {what: [] for what in WHAT}
    columns, start = 0, 0
    for token in page.tokens:
        kind = token.type
        if kind == "inline" and token.map:
            content = token.content
            if "+++" in content:
                parts["collapsibles"] += [("+++", token.map[0] + 1 + i) for i, line in enumerate(content.split("\n"))
                                          if line.startswith("+++")]
            if "{{" in content:
                masked = facts.inline_scan(page, token)[0]
                parts["snippets"] += [(m.group(), page.inline_position(token, m.start())[0])
                                      for m in _SNIPPET.finditer(masked)]
            if "![" in content or "<" in content:
                parts["images"] += [("image", page.inline_position(c)[0]) for c in afm.walk_inline(token)
                                    if c.type == "image"]
                parts["images"] += [("image", page.inline_position(c)[0]) for c in token.children or []
                                    if c.type == "html_inline" and any(t.name == "img" for t in afm.html_tags(c.content))]
        elif kind == "heading_open":
            parts["headings"].append((token.tag, token.map[0] + 1))
        elif kind == "list_item_open":
            parts["list items"].append(("item", token.map[0] + 1))
        elif kind == "html_block":
            parts["images"] += [("image", token.map[0] + 1) for tag in afm.html_tags(token.content) if tag.name == "img"]
        elif kind == "table_open":
            columns, start = 0, token.map[0] + 1
        elif kind == "th_open":
            columns += 1
        elif kind == "thead_close":
            parts["tables"].append((f"{columns} columns", start))
    parts["AFM blocks"] = [(kw.keyword.upper(), line) for line, _, kw, _ in block_keywords(page)]
    parts["fenced code blocks"] = [("code block", line) for line, _ in facts.fences(page)]
    return parts


def check(node, ctx, options):
    page = ctx.page
    source = ctx.source
    source_parts, parts = skeleton(source), skeleton(page)
    for what in WHAT:
        s_items, t_items = source_parts[what], parts[what]
        s_values, t_values = [v for v, _ in s_items], [v for v, _ in t_items]
        if s_values == t_values:
            continue
        i = next((k for k, (a, b) in enumerate(zip(s_values, t_values)) if a != b), min(len(s_values), len(t_values)))
        if i < len(t_items):
            line = t_items[i][1]
        else:
            line = differences.aligned_line(source, page, s_items[i][1])
        here = t_values[i] if i < len(t_values) else "nothing"
        there = s_values[i] if i < len(s_values) else "nothing"
        detail = f"{here} here, {there} in the source" if here != there and what in ("headings", "AFM blocks", "tables", "snippets") else ""
        counts = f"{len(t_values)} {what} here, {len(s_values)} in the source"
        yield Hit(line, 1, f"{what} differ from the source page from here on: {detail + '; ' if detail else ''}{counts}",
                  key=what)
