"""heading-id-mismatch: an explicit heading id {#id} differs from the
aligned source heading's (dropped, translated, renamed)."""

from __future__ import annotations

import re
from dataclasses import replace

from loclint import alignment, differences, facts
from loclint.finding import Edit, Fix
from loclint.rule import Rule
from loclint.rules import _repair

RULE = Rule(id="heading-id-mismatch", severity="error", nodes=("root",), fixable=True, needs_source=True,
            compares_source=True,
            summary="An explicit heading id {#id} differs from the aligned source heading's (dropped, translated, renamed).")


def check(node, ctx, options):
    repairs = _id_repairs(ctx)
    for hit in differences.difference_hits(ctx.source, ctx.page, facts.heading_ids(ctx.source), facts.heading_ids(ctx.page),
                                           lambda v: f"heading id `{{#{v}}}`", " (translated or renamed?)"):
        # An id the source heading lacks breaks no link into the page.
        if not hit.key.startswith("+"):
            fix = repairs.get((hit.line, hit.key))
            yield replace(hit, fix=fix) if fix else hit


# --- the repair: a dropped id copied from the source heading ----------------------

_ATX = re.compile(r"(?:[ ]{0,3}>[ ]?)*[ ]{0,3}#{1,6}[ \t]+\S")  # `## Title`, `> ## Title`
_CLOSING = re.compile(r"[ \t]#+$")  # `## Title ##`: the id would land after the closing sequence


def _id_repairs(ctx) -> dict:
    """Fixes by (line, key) of the hit they repair: a one-line ATX heading
    surely paired with its source heading (`_repair.surely_paired`) that
    lost the source heading's id gets ` {#id}` at the end of its line,
    unless the page has that id elsewhere already. Safe
    when the source is the English the page was translated from; unsafe
    against today's English (its id may have been renamed since)."""
    page = ctx.page
    align = alignment.alignment(page, ctx.source)
    taken = {item.value for item in facts.heading_ids(page)}
    repairs = {}
    for d in alignment.differences(align, facts.heading_ids(ctx.source), facts.heading_ids(page)):
        target = d.pair.target
        if d.how != "missing" or target.heading_level is None or target.lines != 1:
            continue
        if not _repair.surely_paired(align, d.pair):
            continue
        if d.source.value in taken or not 0 < target.line <= len(page.lines):
            continue
        line = page.lines[target.line - 1]
        body = line.rstrip()
        if not _ATX.match(body) or _CLOSING.search(body) or "{#" in body:
            continue
        repairs[(target.line, f"-{d.source.value}")] = Fix((Edit(target.line, len(body) + 1, 0, f" {{#{d.source.value}}}"),),
                                                           unsafe=not ctx.source_exact)
    return repairs
