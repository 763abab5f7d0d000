"""token-mismatch: the [!DNL] tokens differ from the source page's, or the
number of [!UICONTROL] tokens does."""

from __future__ import annotations

from loclint import differences, facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="token-mismatch", severity="error", nodes=("root",), needs_source=True, compares_source=True,
            summary="The [!DNL] tokens differ from the source page's, or the number of [!UICONTROL] tokens does.")


def check(node, ctx, options):
    page = ctx.page
    source = ctx.source
    s_dnl, t_dnl = facts.afm_items(source, "DNL"), facts.afm_items(page, "DNL")
    yield from differences.difference_hits(source, page, s_dnl, t_dnl, lambda v: f"`[!DNL {v}]`")
    s_ui, t_ui = facts.afm_items(source, "UICONTROL"), facts.afm_items(page, "UICONTROL")
    if len(s_ui) != len(t_ui):
        # Their content is translated: only the count can be compared. Say
        # it at the first target token past the common count, or where the
        # first missing source token would stand.
        if len(t_ui) > len(s_ui):
            line, col = t_ui[len(s_ui)].line, t_ui[len(s_ui)].column
        else:
            line, col = differences.aligned_line(source, page, s_ui[len(t_ui)].line), 1
        yield Hit(line, col, f"{len(t_ui)} `[!UICONTROL]` tokens; the source page has {len(s_ui)}", key="uicontrol-count")
