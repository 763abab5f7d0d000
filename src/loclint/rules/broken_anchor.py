"""broken-anchor: a #fragment that matches no anchor of the page it points to."""

from __future__ import annotations

from loclint import anchors, facts
from loclint.finding import Consulted, Hit
from loclint.rule import Rule

RULE = Rule(id="broken-anchor", severity="error", nodes=("root",),
            summary="A #fragment matching no {#id}, heading slug or HTML id/name of the page it points to.")


def check(node, ctx, options):
    page = ctx.page
    for target, path, fragment in facts.local_targets(page):
        if not fragment or anchors.implicit(fragment):
            continue
        if not path:
            found = fragment.lower() in facts.page_anchors(page)
            where = "this page"
        else:
            rel, _ = ctx.docs.resolve(page.path, path)
            if rel is None or not rel.endswith(".md"):
                continue  # broken-link's finding, or not a page
            root = ctx.docs.root_of(page.path)
            yield Consulted(root / rel)
            found = ctx.docs.has_anchor(root, rel, fragment)
            where = f"`{rel}`"
        if found is False:
            yield Hit(target.line, target.column, f"anchor `#{fragment}` matches no heading or id in {where}",
                      key=target.url)
