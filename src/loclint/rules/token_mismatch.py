"""token-mismatch: the [!DNL] tokens of a block differ from its source
block's, or the number of [!UICONTROL] tokens does."""

from __future__ import annotations

from dataclasses import replace

from loclint import afm, alignment, differences, facts
from loclint.finding import Edit, Fix, Hit
from loclint.rule import Rule
from loclint.rules import _repair

RULE = Rule(id="token-mismatch", severity="error", nodes=("root",), fixable=True, needs_source=True, compares_source=True,
            summary="The [!DNL] tokens of a block differ from its source block's, or the number of [!UICONTROL] tokens does.")


def check(node, ctx, options):
    page, source = ctx.page, ctx.source
    # An empty `[!DNL ]` names nothing: dropping it loses nothing.
    s_dnl = [i for i in facts.afm_items(source, "DNL") if i.value]
    t_dnl = [i for i in facts.afm_items(page, "DNL") if i.value]
    repairs = _dnl_repairs(ctx, s_dnl, t_dnl)
    for hit in differences.difference_hits(source, page, s_dnl, t_dnl, lambda v: f"`[!DNL {v}]`",
                                           keep=differences.evident(ctx, 0.6, unparsed=False)):
        fix = repairs.get((hit.line, hit.column, hit.key))
        yield replace(hit, fix=fix) if fix else hit
    if not ctx.source_exact:
        return  # a [!UICONTROL] count that differs from today's English may be the English's edit
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


# --- the repair: a mangled [!DNL] restored from its source token ------------------


def _dnl_repairs(ctx, s_dnl, t_dnl) -> dict:
    """Fixes by (line, column, key) of the hit they repair: in a pair of
    blocks surely each other's (`_repair.surely_paired`) with as many
    [!DNL] tokens on each side, of which exactly one differs, that token's
    content becomes the source token's. Safe when the source is the
    English the page was translated from; unsafe against today's English
    (it may have renamed the product since)."""
    align = alignment.alignment(ctx.page, ctx.source)
    counts: dict[int, list[int]] = {}
    for side, items, at in ((0, s_dnl, align.pair_of_source_line), (1, t_dnl, align.pair_of_target_line)):
        for item in items:
            if (pair := at(item.line)) is not None:
                counts.setdefault(id(pair), [0, 0])[side] += 1
    by_pair: dict[int, list] = {}
    for d in alignment.differences(align, s_dnl, t_dnl):
        by_pair.setdefault(id(d.pair), []).append(d)
    repairs = {}
    for found in by_pair.values():
        d = found[0]
        theirs, mine = counts.get(id(d.pair), [0, 0])
        if (len(found) != 1 or d.how != "changed" or theirs != mine
                or not _repair.surely_paired(align, d.pair)):
            continue
        fix = _restored(ctx.page, d.target, d.source.value, unsafe=not ctx.source_exact)
        if fix is not None:
            repairs[(d.target.line, d.target.column, f"~{d.source.value}")] = fix
    return repairs


def _restored(page, item, wanted: str, unsafe: bool) -> Fix | None:
    """The edit that writes `wanted` as the content of the [!DNL] token at
    `item`, or None where that is not surely the one right repair."""
    have, want = item.value.casefold(), wanted.casefold()
    if have != want and (have in want or want in have):
        # Words moved across the bracket (`[!DNL Campaign-instantie]`,
        # `Adobe [!DNL Campaign]` for `[!DNL Adobe Campaign]`): which
        # words go inside is not known.
        return None
    if afm.MASK in wanted or not wanted:
        return None
    found = _token_at(page, item.line, item.column)
    if found is None:
        return None
    inline, text, token = found
    raw = text[token.content_start : token.content_end]
    lead, trail = afm.strip_padding(raw)
    content = raw[lead:trail]
    if not content or "\n" in content or afm.MASK in content:
        return None
    line, column = page.inline_position(inline, token.content_start + lead)
    on_disk = page.lines[line - 1][column - 1 : column - 1 + len(content)] if 0 < line <= len(page.lines) else ""
    if on_disk != content:
        return None  # written otherwise on disk (escaped, across a line end): leave it
    return Fix((Edit(line, column, len(content), wanted),), unsafe=unsafe)


def _token_at(page, line: int, column: int):
    """(inline, masked text, token) of the well-formed [!DNL] token that
    starts at (line, column)."""
    return _dnl_tokens(page).get((line, column))


@facts.per_page
def _dnl_tokens(page) -> dict:
    """The page's closed [!DNL] tokens by where they start: looked up once
    per page, however many are repaired."""
    found = {}
    for inline in facts.inline_blocks(page):
        text, tokens = facts.inline_scan(page, inline)
        for token in tokens:
            if token.closed and token.intended == "DNL":
                found.setdefault(page.inline_position(inline, token.start), (inline, text, token))
    return found
