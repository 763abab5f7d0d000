"""link-mismatch: the link and image targets differ from the source page's,
beyond what localisation legitimately changes."""

from __future__ import annotations

from loclint import compare
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
    yield from compare.difference_hits(source, page, s_items, t_items, lambda v: f"target `{v}`")
