"""link-mismatch: the link and image targets differ from the source page's,
beyond what localisation legitimately changes."""

from __future__ import annotations

from loclint import differences, facts, urls
from loclint.rule import OptionError, Rule
from loclint.user_patterns import PatternError, check_replacement


def _validate(options) -> None:
    pairs = options["normalize"]
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs):
        raise OptionError("normalize: expected a list of [pattern, replacement] pairs")
    for pattern, replacement in pairs:
        try:
            check_replacement(pattern, replacement)
        except PatternError as err:
            raise OptionError(f"normalize: bad pair: {err}") from None


RULE = Rule(id="link-mismatch", severity="warning", nodes=("root",), needs_source=True, compares_source=True,
            summary="The link and image targets differ from the source page's, beyond what localisation changes.",
            options={"normalize": []},
            validate=_validate)


def check(node, ctx, options):
    page = ctx.page
    source = ctx.source
    extra = options["normalize"]
    s_items = [facts.Item(urls.normalize_url(t.url, extra), t.line, t.column) for t in facts.link_targets(source)]
    t_items = [facts.Item(urls.normalize_url(t.url, extra), t.line, t.column) for t in facts.link_targets(page)]
    yield from differences.difference_hits(source, page, s_items, t_items, lambda v: f"target `{v}`")
