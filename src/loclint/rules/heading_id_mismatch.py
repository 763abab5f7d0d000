"""heading-id-mismatch: explicit heading ids {#id} differ from the source
page's (dropped, translated, renamed, reordered)."""

from __future__ import annotations

from loclint import differences, facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="heading-id-mismatch", severity="error", nodes=("root",), needs_source=True, compares_source=True,
            summary="Explicit heading ids {#id} differ from the source page's (dropped, translated, renamed, reordered).")


def check(node, ctx, options):
    page = ctx.page
    source = ctx.source
    s_ids, t_ids = facts.heading_ids(source), facts.heading_ids(page)
    yield from differences.difference_hits(source, page, s_ids, t_ids, lambda v: f"heading id `{{#{v}}}`",
                                       " (translated or renamed?)")
    same = [i.value for i in s_ids] == [i.value for i in t_ids]
    if not same and sorted(i.value for i in s_ids) == sorted(i.value for i in t_ids):
        first = next(t for s, t in zip(s_ids, t_ids) if s.value != t.value)
        yield Hit(first.line, first.column, "heading ids are in another order than in the source page")
