"""broken-link: a relative link or image target that names no existing file."""

from __future__ import annotations

from loclint import facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="broken-link", severity="error", nodes=("root",),
            summary="A relative link, image or reference target that names no existing file.")


def check(node, ctx, options):
    for target, path, _ in facts.local_targets(ctx.page):
        found, tried = ctx.docs.resolve(ctx.page.path, path) if path else (path, [])
        if found is not None:
            continue
        if "..." in tried and len(tried) == 1:
            message = f"{target.kind} target `{target.url}` leaves the docs tree"
        else:
            message = f"{target.kind} target `{target.url}` does not exist (looked for {', '.join(t for t in tried if t != '...')})"
        yield Hit(target.line, target.column, message, key=target.url)
