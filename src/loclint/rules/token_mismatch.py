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
    for how, mine, theirs in compare.differences(source, page, s_dnl, t_dnl):
        if how == "changed":
            yield Hit(mine.line, mine.column, f"`[!DNL {mine.value}]` differs from the source's `[!DNL {theirs.value}]` "
                      f"(line {theirs.line})", key=f"~{theirs.value}")
        elif how == "added":
            yield Hit(mine.line, mine.column, f"`[!DNL {mine.value}]` is not in the source page", key=f"+{mine.value}")
        else:
            yield Hit(compare.aligned_line(source, page, theirs.line), 1,
                      f"`[!DNL {theirs.value}]` of the source (line {theirs.line}) is missing here", key=f"-{theirs.value}")
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
