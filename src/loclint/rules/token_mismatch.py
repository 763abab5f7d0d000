"""token-mismatch: the [!DNL] tokens differ from the source page's, or the
number of [!UICONTROL] tokens does."""

from __future__ import annotations

from loclint import compare
from loclint.finding import Hit

ID = "token-mismatch"
NODES = ("root",)
DEFAULT = {}
NEEDS_SOURCE = True


def check(node, page, options):
    source = page.source
    if source is None:
        return
    s_dnl, t_dnl = compare.afm_tokens(source, "DNL"), compare.afm_tokens(page, "DNL")
    yield from compare.difference_hits(source, page, s_dnl, t_dnl, lambda v: f"`[!DNL {v}]`")
    s_ui, t_ui = compare.afm_tokens(source, "UICONTROL"), compare.afm_tokens(page, "UICONTROL")
    if len(s_ui) != len(t_ui):
        # Their content is translated: only the count can be compared. Say
        # it at the first target token past the common count, or where the
        # first missing source token would stand.
        if len(t_ui) > len(s_ui):
            line, col = t_ui[len(s_ui)].line, t_ui[len(s_ui)].column
        else:
            line, col = compare.aligned_line(source, page, s_ui[len(t_ui)].line), 1
        yield Hit(line, col, f"{len(t_ui)} `[!UICONTROL]` tokens; the source page has {len(s_ui)}", key="uicontrol-count")
