"""heading-id-mismatch: an explicit heading id {#id} differs from the
aligned source heading's (dropped, translated, renamed)."""

from __future__ import annotations

from loclint import differences, facts
from loclint.rule import Rule

RULE = Rule(id="heading-id-mismatch", severity="error", nodes=("root",), needs_source=True, compares_source=True,
            summary="An explicit heading id {#id} differs from the aligned source heading's (dropped, translated, renamed).")


def check(node, ctx, options):
    for hit in differences.difference_hits(ctx.source, ctx.page, facts.heading_ids(ctx.source), facts.heading_ids(ctx.page),
                                           lambda v: f"heading id `{{#{v}}}`", " (translated or renamed?)"):
        # An id the source heading lacks breaks no link into the page.
        if not hit.key.startswith("+"):
            yield hit
