"""structure-mismatch: the page's blocks no longer follow the source's: a
passage of the source has no counterpart here (dropped or abridged), the
page has one the source lacks, a heading changed level, a table row lost
or gained cells, or an AFM block became something else."""

from __future__ import annotations

from loclint import alignment
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="structure-mismatch", severity="warning", nodes=("root",), needs_source=True, compares_source=True,
            summary="The page's blocks no longer follow the source's (passages dropped or added, heading levels, table cells).")


def check(node, ctx, options):
    align = alignment.alignment(ctx.page, ctx.source)
    for run, after in align.unpaired_runs():
        yield _unpaired(align, run, after)
    for pair in align.pairs:
        if pair.source is None or pair.target is None:
            continue
        if pair.source.kind != pair.target.kind:
            yield Hit(pair.target.line, 1, f"a level-{pair.target.heading_level} heading here, level "
                      f"{pair.source.heading_level} in the "
                      f"source's {pair.source.describe()}", anchored=pair.anchored)
        elif pair.source.cells != pair.target.cells:
            yield Hit(pair.target.line, 1, f"this table row has {pair.target.cells} cells, the source's "
                      f"{pair.source.describe()} has {pair.source.cells}", anchored=pair.anchored)


def _unpaired(align, run, after) -> Hit:
    """One finding for a stretch of blocks with no counterpart: the
    source's passage it stands for, or the page's it added. Never anchored:
    without the English of the time, it may be the English that changed."""
    theirs = [p.source for p in run if p.source is not None]
    mine = [p.target for p in run if p.target is not None]
    if mine:
        line = mine[0].line
    elif after is not None:
        line = after.target.line
    else:
        line = align.target_blocks[-1].end if align.target_blocks else 1
    if theirs and mine:
        message = (f"{_count(mine)} here stand for {_count(theirs)} of the source (from its "
                   f"{theirs[0].describe()}): the passage differs in shape")
    elif theirs:
        message = f"{_count(theirs)} of the source {'is' if len(theirs) == 1 else 'are'} missing here, from its {theirs[0].describe()}"
    else:
        message = f"{_count(mine)} here {'has' if len(mine) == 1 else 'have'} no counterpart in the source, from this {mine[0].describe()}"
    return Hit(line, 1, message, anchored=False)


def _count(blocks) -> str:
    return f"{len(blocks)} block{'s' if len(blocks) != 1 else ''}"
