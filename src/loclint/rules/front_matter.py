"""front-matter-invalid: a YAML front matter block that cannot be read."""

from __future__ import annotations

from loclint.finding import Hit

ID = "front-matter-invalid"
NODES = ("root",)
DEFAULT = {}


def check(node, page, options):
    fm = page.front_matter
    if fm is not None and fm.error:
        yield Hit(fm.error_line, 1, fm.error)
