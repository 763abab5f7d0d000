"""source-pattern: a team's own checks on the aligned blocks: what a
pattern finds in a source block, a second pattern (which may name its
groups) must find in the target block."""

from __future__ import annotations

from loclint import alignment
from loclint.finding import Hit
from loclint.rule import OptionError, Rule
from loclint.user_patterns import PatternError, check_template, compile_pattern, expand_template

_KEYS = {"name": True, "source": True, "target": True, "message": False}  # key: required
# Distinct source matches per block and check whose target pattern is
# searched for: each search reads the target block, so a bound keeps a run
# linear in the page's size whatever the pattern matches.
MAX_MATCHES = 100
_CODE = {"fence", "code"}  # code blocks are code-mismatch's


def _validate(options) -> None:
    names = set()
    for i, check in enumerate(options["checks"]):
        where = f"checks[{i}]"
        if not isinstance(check, dict):
            raise OptionError(f"{where}: expected a table with name, source and target")
        for key in check:
            if key not in _KEYS:
                raise OptionError(f"{where}.{key}: unknown key (known: {', '.join(_KEYS)})")
        for key, required in _KEYS.items():
            if key not in check and required:
                raise OptionError(f"{where}.{key}: missing")
            if key in check and not (isinstance(check[key], str) and check[key]):
                raise OptionError(f"{where}.{key}: expected a non-empty string, got {check[key]!r}")
        if check["name"] in names:
            raise OptionError(f"{where}.name: {check['name']!r} names two checks")
        names.add(check["name"])
        try:
            compile_pattern(check["source"])
        except PatternError as err:
            raise OptionError(f"{where}.source: {err}") from None
        try:
            check_template(check["source"], check["target"])
        except PatternError as err:
            raise OptionError(f"{where}.target: {err}") from None


RULE = Rule(id="source-pattern", severity="error", nodes=("root",), needs_source=True, compares_source=True,
            summary="What a configured pattern finds in a source block, its target pattern does not find in the aligned block.",
            options={"checks": []},
            validate=_validate)


def check(node, ctx, options):
    if not options["checks"]:
        return
    align = alignment.alignment(ctx.page, ctx.source)
    for pair in align.pairs:
        if pair.source is None or pair.target is None or pair.source.kind in _CODE:
            continue
        for spec in options["checks"]:
            yield from _check_pair(spec, pair)


def _check_pair(spec, pair):
    source, target = pair.source.text, pair.target.text
    demanded: dict[str, str] = {}  # target pattern -> the first source match that asks for it
    for match in compile_pattern(spec["source"]).finditer(source):
        if match.end() == match.start():
            continue  # an empty match asks for nothing
        wanted = expand_template(spec["target"], match)
        if wanted not in demanded:
            if len(demanded) == MAX_MATCHES:
                break
            demanded[wanted] = match.group(0)
    for wanted, found in demanded.items():
        try:
            if compile_pattern(wanted).search(target):
                continue
        except PatternError:
            continue  # filled in, too large for RE2 (`\1\1\1` of a whole block): nothing can be said
        theirs = pair.source.describe()
        if "message" in spec:
            said = f"{spec['message'].replace('{match}', found)} (the source's {theirs})"
        else:
            said = f"`{found}` of the source's {theirs} has no match of `{wanted}` here"
        yield Hit(pair.target.line, 1, f"{spec['name']}: {said}", key=f"{spec['name']}|{found}",
                  anchored=pair.anchored)
