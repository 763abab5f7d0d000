"""How the source-aware rules word what the block alignment finds: the
items of two aligned blocks that differ, and where a source line stands in
the target page."""

from __future__ import annotations

import bisect
from difflib import SequenceMatcher

from loclint import alignment
from loclint.facts import Item, block_lines
from loclint.finding import Hit
from loclint.page import Page


def aligned_line(source: Page, target: Page, source_line: int) -> int:
    """The target line that stands where `source_line` stands in the source."""
    return alignment.alignment(target, source).target_line_for(source_line)


def block_of(page: Page, line: int) -> int:
    """The first line of the block that holds `line`."""
    blocks = block_lines(page)
    index = bisect.bisect_right(blocks, line) - 1
    return blocks[index] if index >= 0 else line


def evident(ctx, alike: float, unparsed: bool = True, mangled=None):
    """What a comparison with today's English (not the English of the
    page's commit) can still tell for the translation's: an item changed
    into one this alike to it or cut from it (mangled, not replaced), an item whose text
    stands in the block unparsed (`&lt;img src=...`, a code span without its
    backticks; not for tokens, whose names stand in other tokens too). An
    item added or simply gone may be the English's edit. `mangled(source,
    target)` decides for a changed item instead of likeness. None (keep
    everything) when the source is exact."""
    if ctx.source_exact:
        return None

    def keep(d) -> bool:
        if d.how == "changed":
            if mangled is not None:
                return mangled(d.source.value, d.target.value)
            mine, theirs = d.target.value.casefold(), d.source.value.casefold()
            return mine in theirs or theirs in mine or SequenceMatcher(None, theirs, mine).ratio() >= alike
        return unparsed and d.how == "missing" and len(d.source.value) > 2 and d.source.value in d.pair.target.text

    return keep


def difference_hits(source: Page, target: Page, s_items: list[Item], t_items: list[Item], show, changed_hint="",
                    keep=None):
    """Findings for the items that differ between aligned blocks (those
    `keep(difference)` accepts), worded with `show(value)`, each naming the
    source block it was compared with."""
    for d in alignment.differences(alignment.alignment(target, source), s_items, t_items):
        if keep is not None and not keep(d):
            continue
        theirs = d.pair.source.describe()
        if d.how == "changed":
            yield Hit(d.target.line, d.target.column, f"{show(d.target.value)} differs from the source's "
                      f"{show(d.source.value)} in the aligned {theirs}{changed_hint}",
                      key=f"~{d.source.value}", anchored=d.anchored)
        elif d.how == "added":
            yield Hit(d.target.line, d.target.column, f"{show(d.target.value)} is not in the aligned {theirs} of the source",
                      key=f"+{d.target.value}", anchored=d.anchored)
        else:
            yield Hit(d.pair.target.line, 1, f"{show(d.source.value)} of the source's {theirs} is missing here",
                      key=f"-{d.source.value}", anchored=d.anchored)
