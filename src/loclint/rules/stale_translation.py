"""stale-translation: the source page changed after the commit the
translation was made from."""

from __future__ import annotations

from loclint import pairing
from loclint.finding import Hit
from loclint.rule import Rule
from loclint.rules.frontmatter_mismatch import key_lines

RULE = Rule(id="stale-translation", severity="warning", nodes=("root",), needs_source=True, compares_source=True,
            summary="The source page changed after the commit the translation was made from.")


def check(node, ctx, options):
    page = ctx.page
    fm = page.front_matter
    if fm is None or fm.data is None:
        return
    named = pairing.source_commit(fm)
    if named is None:
        return
    key, commit = named
    stale = pairing.staleness(ctx.source.path, commit)
    if stale is None:
        return
    line = key_lines(page).get(key, (fm.first_line,))[0]
    yield Hit(line, 1, f"the source page has {stale.commits_behind} newer commit{'s' if stale.commits_behind != 1 else ''} "
                       f"than {commit[:10]} (newest: {stale.newest_commit}, {stale.newest_date}); the translation is stale")
