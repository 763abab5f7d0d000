"""link-mismatch: the link and image targets differ from the source page's,
beyond what localisation legitimately changes."""

from __future__ import annotations

import posixpath
from pathlib import Path

from loclint import differences, facts, urls
from loclint.docs_index import find_root
from loclint.page import real
from loclint.rule import OptionError, Rule
from loclint.targets import split_target
from loclint.user_patterns import PatternError, check_replacement

# A target that differs from a source's this little was mangled, not replaced
# (an em dash for `---`, a translated word in a file name).
_MANGLED = 0.8


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
    # move (a migrated host, a renamed page) unless it is MT's doing: the
    # source's mangled (an em dash for `---`, a translated word in the URL)
    # or a file name translated into one this tree does not have; a target
    # gone counts where its text stands in the block unparsed (`&lt;img`).
    evident = differences.evident(ctx, _MANGLED)

    def keep(d) -> bool:
        return evident is None or evident(d) or (d.how == "changed" and _missing_here(ctx, d.target.value))
    yield from differences.difference_hits(source, page, s_items, t_items, lambda v: f"target `{v}`", keep=keep)


def _missing_here(ctx, target: str) -> bool:
    parts = split_target(target)
    return bool(parts and parts[0]) and not _local_exists(ctx.page.path, target)


def _local_exists(beside: Path, target: str) -> bool:
    """Whether a target of the docs tree names a file or folder that exists
    in the tree of the page `beside` (the English, for the source page)."""
    parts = split_target(target)
    if parts is None or not parts[0]:
        return False
    path = parts[0]
    if path.startswith("/"):
        root = find_root(real(beside).parent)
        candidates = [root / path.lstrip("/"), root / "help" / path.lstrip("/")]
    else:
        candidates = [beside.parent / posixpath.normpath(path)]
    return any(c.exists() for c in candidates)


