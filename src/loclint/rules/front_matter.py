"""front-matter-invalid: a YAML front matter block that cannot be read."""

from __future__ import annotations

from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="front-matter-invalid", severity="error", nodes=("root",),
            summary="The YAML front matter cannot be read (broken YAML, not a mapping, never closed).")


def check(node, ctx, options):
    page = ctx.page
    fm = page.front_matter
    if fm is not None and fm.error:
        yield Hit(fm.error_line, 1, fm.error)
