"""broken-link: a relative link or image target that names no existing file."""

from __future__ import annotations

import re
from urllib.parse import unquote

from loclint import facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="broken-link", severity="error", nodes=("root",),
            summary="A relative link, image or reference target that names no existing file.")

# An AFM slide embed, `>[!SLIDE](analyze-project)`: its target is a slide's id.
_SLIDE = re.compile(r"\[!SLIDE\]\(")


def check(node, ctx, options):
    docs, page = ctx.docs, ctx.page
    for target, path, _ in facts.local_targets(page):
        if target.kind == "link" and _SLIDE.match(page.lines[target.line - 1], target.column - 1):
            continue
        found, tried = docs.resolve(page.path, path) if path else (path, [])
        if found is not None or docs.elsewhere_on_site(page.path, path):
            continue
        if _from_source_docset(ctx, path):
            continue
        shown = unquote(target.url)  # as written: the parser percent-encodes what is not ASCII
        if "..." in tried and len(tried) == 1:
            message = f"{target.kind} target `{shown}` leaves the docs tree"
        else:
            looked = [t for t in tried if t != "..."]
            more = f" and {len(looked) - 3} more" if len(looked) > 3 else ""
            message = f"{target.kind} target `{shown}` does not exist (looked for {', '.join(looked[:3])}{more})"
        yield Hit(target.line, target.column, message, key=target.url)


def _from_source_docset(ctx, path: str) -> bool:
    """Whether a translated docfx docset leaves this target to its source
    repository, as docfx does: the paired source page finds it at the same place."""
    if ctx.source is None or ctx.docs.docfx(ctx.docs.root_of(ctx.page.path)) is None:
        return False
    return ctx.docs.resolve(ctx.source.path, path)[0] is not None
