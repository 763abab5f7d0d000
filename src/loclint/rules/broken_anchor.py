"""broken-anchor: a #fragment that matches no anchor of the page it points to."""

from __future__ import annotations

from loclint.docs import page_anchors, split_target
from loclint.finding import Hit
from loclint.rules import _targets

ID = "broken-anchor"
NODES = ("root",)  # every target of the page, listed once for both link rules
DEFAULT = {}


def check(node, page, options):
    if page.docs is None:
        return
    for target in _targets.all_targets(page):
        parts = split_target(target.url)
        if parts is None or not parts[1]:
            continue
        path, fragment = parts
        if not path:
            if "anchors" not in page.memo:
                page.memo["anchors"] = page_anchors(page)
            found = fragment.lower() in page.memo["anchors"]
            where = "this page"
        else:
            rel, _ = page.docs.resolve(page.path, path)
            if rel is None or not rel.endswith(".md"):
                continue  # broken-link's finding, or not a page
            found = page.docs.has_anchor(page.docs.root_of(page.path), rel, fragment)
            where = f"`{rel}`"
        if found is False:
            yield Hit(target.line, target.column, f"anchor `#{fragment}` matches no heading or id in {where}",
                      key=target.url)
