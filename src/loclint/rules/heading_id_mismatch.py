"""heading-id-mismatch: explicit heading ids {#id} differ from the source
page's (dropped, translated, renamed, reordered)."""

from __future__ import annotations

from loclint import compare
from loclint.finding import Hit

ID = "heading-id-mismatch"
NODES = ("root",)
DEFAULT = {}
NEEDS_SOURCE = True


def check(node, page, options):
    source = page.source
    if source is None:
        return
    s_ids, t_ids = compare.heading_ids(source), compare.heading_ids(page)
    yield from compare.difference_hits(source, page, s_ids, t_ids, lambda v: f"heading id `{{#{v}}}`",
                                       " (translated or renamed?)")
    same = [i.value for i in s_ids] == [i.value for i in t_ids]
    if not same and sorted(i.value for i in s_ids) == sorted(i.value for i in t_ids):
        first = next(t for s, t in zip(s_ids, t_ids) if s.value != t.value)
        yield Hit(first.line, first.column, "heading ids are in another order than in the source page")
