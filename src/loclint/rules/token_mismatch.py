"""token-mismatch: the [!DNL] tokens of a block differ from its source
block's, or the number of [!UICONTROL] tokens does."""

from __future__ import annotations

from loclint import alignment, differences, facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="token-mismatch", severity="error", nodes=("root",), needs_source=True, compares_source=True,
            summary="The [!DNL] tokens of a block differ from its source block's, or the number of [!UICONTROL] tokens does.")


def check(node, ctx, options):
    page, source = ctx.page, ctx.source
    # An empty `[!DNL ]` names nothing: dropping it loses nothing.
    s_dnl = [i for i in facts.afm_items(source, "DNL") if i.value]
    t_dnl = [i for i in facts.afm_items(page, "DNL") if i.value]
    yield from differences.difference_hits(source, page, s_dnl, t_dnl, lambda v: f"`[!DNL {v}]`")
    # [!UICONTROL] content is translated: per block, only the count compares.
    align = alignment.alignment(page, source)
    counts: dict[int, list] = {}
    for side, items in ((0, facts.afm_items(source, "UICONTROL")), (1, facts.afm_items(page, "UICONTROL"))):
        for item in items:
            pair = align.pair_of_source_line(item.line) if side == 0 else align.pair_of_target_line(item.line)
            if pair is not None and pair.source is not None and pair.target is not None:
                counts.setdefault(id(pair), [pair, [], []])[1 + side].append(item)
    for pair, theirs, mine in counts.values():
        if len(theirs) != len(mine):
            at = mine[len(theirs)] if len(mine) > len(theirs) else None
            yield Hit(at.line if at else pair.target.line, at.column if at else 1,
                      f"{len(mine)} `[!UICONTROL]` tokens here; the source's {pair.source.describe()} has {len(theirs)}",
                      key="uicontrol-count", anchored=pair.anchored)
