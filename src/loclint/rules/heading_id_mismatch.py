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
    for how, mine, theirs in compare.differences(source, page, s_ids, t_ids):
        if how == "changed":
            yield Hit(mine.line, mine.column,
                      f"heading id `{{#{mine.value}}}` differs from the source's `{{#{theirs.value}}}` (translated or renamed?)")
        elif how == "added":
            yield Hit(mine.line, mine.column, f"heading id `{{#{mine.value}}}` is not in the source page")
        else:
            yield Hit(compare.aligned_line(source, page, theirs.line), 1,
                      f"heading id `{{#{theirs.value}}}` of the source (line {theirs.line}) is missing here")
    same = [i.value for i in s_ids] == [i.value for i in t_ids]
    if not same and sorted(i.value for i in s_ids) == sorted(i.value for i in t_ids):
        first = next(t for s, t in zip(s_ids, t_ids) if s.value != t.value)
        yield Hit(first.line, first.column, "heading ids are in another order than in the source page")
