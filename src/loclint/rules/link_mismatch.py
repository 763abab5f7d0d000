"""link-mismatch: the link and image targets differ from the source page's,
beyond what localisation legitimately changes."""

from __future__ import annotations

import re

from loclint import differences, facts, urls
from loclint.rule import OptionError, Rule
from loclint.user_patterns import PatternError, check_replacement

# A target that differs from a source's this little was mangled, not replaced
# (an em dash for `---`, a translated word in a file name).


def _validate(options) -> None:
    pairs = options["normalize"]
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs):
        raise OptionError("normalize: expected a list of [pattern, replacement] pairs")
    for pattern, replacement in pairs:
        try:
            check_replacement(pattern, replacement)
        except PatternError as err:
            raise OptionError(f"normalize: bad pair: {err}") from None
    for key, why in (("localised-hosts", urls.bad_host), ("locale-parameters", urls.bad_parameter),
                     ("localised-ids", urls.bad_host)):
        for entry in options[key]:
            if (problem := why(entry)) is not None:
                raise OptionError(f"{key}: {problem}")


RULE = Rule(id="link-mismatch", severity="error", nodes=("root",), needs_source=True, compares_source=True,
            summary="The link and image targets differ from the source page's, beyond what localisation changes.",
            options={"normalize": [], "localised-hosts": list(urls.LOCALISED_HOSTS),
                     "locale-parameters": list(urls.LOCALE_PARAMETERS), "localised-ids": list(urls.LOCALISED_IDS)},
            validate=_validate)


def check(node, ctx, options):
    page, source = ctx.page, ctx.source
    policy = urls.UrlPolicy(tuple(options["localised-hosts"]), tuple(options["locale-parameters"]),
                            tuple(options["localised-ids"]))
    extra = options["normalize"]
    s_items = [facts.Item(urls.normalize_url(t.url, extra, policy), t.line, t.column) for t in facts.link_targets(source)]
    t_targets = facts.link_targets(page)
    t_items = [facts.Item(urls.normalize_url(t.url, extra, policy), t.line, t.column) for t in t_targets]
    # Against today's English, a target changed in place is the English's
    # move (a migrated host, a renamed page) unless MT mangled it: the page's
    # holds what nobody types into a URL and the source's does not (an em
    # dash for `---`, a space, a host translated into punycode); a target
    # gone counts where its text stands in the block unparsed (`&lt;img`).
    keep = differences.evident(ctx, 0.0, mangled=_mangled)
    yield from differences.difference_hits(source, page, s_items, t_items, lambda v: f"target `{v}`", keep=keep)


def _mangled(source: str, target: str) -> bool:
    return (any(sign in target and sign not in source for sign in _SIGNS)
            or any(not c.isascii() for c in target if c not in source)
            or len(_ENCODED.findall(target)) > len(_ENCODED.findall(source)))


_SIGNS = (" ", "%20", "xn--", "&#", "&amp;")
_ENCODED = re.compile(r"%[C-Fc-f][0-9A-Fa-f]")  # a non-ASCII character, percent-encoded as links are
