"""page-limits: a page, or part of one, too large or too deeply nested for
loclint to check. The engine reports a page over `max-bytes` without
parsing it; this check reports content nested deeper than the parser goes."""

from __future__ import annotations

from loclint.finding import Hit
from loclint.page import parser
from loclint.rule import OptionError, Rule


def _validate(options) -> None:
    if options["max-bytes"] <= 0:
        raise OptionError(f"max-bytes: {options['max-bytes']} is not a positive number of bytes")


RULE = Rule(id="page-limits", severity="warning", nodes=("root",),
            summary="A page too large, or nested too deeply, for loclint to check (all of it, or the deep part).",
            options={"max-bytes": 2000000},
            validate=_validate)


def check(node, ctx, options):
    page = ctx.page
    limit = parser().options["maxNesting"]
    deepest = max((t for t in page.tokens if t.map), key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= limit - 1:
        line, col = page.block_position(deepest)
        yield Hit(line, col, f"content nested deeper than {limit} levels (blockquotes, lists) is not checked")
