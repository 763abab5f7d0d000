"""link-mismatch: the link and image targets differ from the source page's,
beyond what localisation legitimately changes."""

from __future__ import annotations

from loclint import compare
from loclint.finding import Hit
from loclint.rules._targets import all_targets

ID = "link-mismatch"
NODES = ("root",)
DEFAULT = {"link-normalize": []}
NEEDS_SOURCE = True


def check(node, page, options):
    source = page.source
    if source is None:
        return
    extra = options["link-normalize"]
    s_items = [compare.Item(compare.normalize_url(t.url, extra), t.line, t.column) for t in all_targets(source)]
    t_items = [compare.Item(compare.normalize_url(t.url, extra), t.line, t.column) for t in all_targets(page)]
    for how, mine, theirs in compare.differences(source, page, s_items, t_items):
        if how == "changed":
            yield Hit(mine.line, mine.column, f"target `{mine.value}` differs from the source's `{theirs.value}` "
                      f"(line {theirs.line})", key=f"~{theirs.value}")
        elif how == "added":
            yield Hit(mine.line, mine.column, f"target `{mine.value}` is not in the source page", key=f"+{mine.value}")
        else:
            yield Hit(compare.aligned_line(source, page, theirs.line), 1,
                      f"target `{theirs.value}` of the source (line {theirs.line}) is missing here", key=f"-{theirs.value}")
