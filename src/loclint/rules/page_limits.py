"""page-limits: a page, or part of one, too large or too deeply nested for
loclint to check. The engine reports a page over `max-page-bytes` without
parsing it; this check reports content nested deeper than the parser goes."""

from __future__ import annotations

from loclint.finding import Hit
from loclint.page import parser

ID = "page-limits"
NODES = ("root",)
DEFAULT = {"max-page-bytes": 2_000_000}


def check(node, page, options):
    limit = parser().options["maxNesting"]
    deepest = max((t for t in page.tokens if t.map), key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= limit - 1:
        line, col = page.block_position(deepest)
        yield Hit(line, col, f"content nested deeper than {limit} levels (blockquotes, lists) is not checked")
