"""broken-link: a relative link or image target that names no existing file."""

from __future__ import annotations

from loclint import facts
from loclint.docs import split_target
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(
    id='broken-link',
    summary='A relative link, image or reference target that names no existing file.',
    severity='error',
    nodes=('root',),
)


def check(node, ctx, options):
    page = ctx.page
    if ctx.docs is None:
        return
    for target in facts.link_targets(page):
        parts = split_target(target.url)
        if parts is None or not parts[0]:
            continue
        found, tried = ctx.docs.resolve(page.path, parts[0])
        if found is not None:
            continue
        if "..." in tried and len(tried) == 1:
            message = f"{target.kind} target `{target.url}` leaves the docs tree"
        else:
            message = f"{target.kind} target `{target.url}` does not exist (looked for {', '.join(t for t in tried if t != '...')})"
        yield Hit(target.line, target.column, message, key=target.url)
