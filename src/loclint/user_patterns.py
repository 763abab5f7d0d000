"""Regular expressions a user writes in the config, run with RE2: its time
is linear in the text whatever the pattern, so a catastrophic pattern cannot
stall a run (Python's `re` backtracks). RE2 has no back-references or
lookaround inside a pattern; replacements may name its groups (`\\1`,
`\\g<1>`, `\\g<name>`)."""

from __future__ import annotations

import re
from functools import lru_cache

_GROUP_REFERENCE = re.compile(r"\\(?:g<(\w+)>|(\d+))")


class PatternError(ValueError):
    """A pattern or replacement RE2 cannot use; the message says why."""


@lru_cache(maxsize=1)
def _re2():
    """The re2 module, imported when a config first has a pattern: its
    library is 2.6 MB of every process's memory, and most configs have none."""
    import re2

    options = re2.Options()
    options.log_errors = False  # the error comes back as the exception, not on stderr
    return re2, options


@lru_cache(maxsize=256)
def compile_pattern(pattern: str):
    re2, options = _re2()
    try:
        return re2.compile(pattern, options=options)
    except re2.error as err:
        raise PatternError(f"bad pattern {pattern!r}: {err.args[0].decode() if err.args else err}") from None


def check_replacement(pattern: str, replacement: str) -> None:
    """Raise PatternError when `replacement` names a group `pattern` lacks."""
    compiled = compile_pattern(pattern)
    names = set(compiled.groupindex)
    for named, number in _GROUP_REFERENCE.findall(replacement):
        group = named or number
        if not (group in names or (group.isdigit() and int(group) <= compiled.groups)):
            raise PatternError(f"replacement {replacement!r} names group {group}, which {pattern!r} does not have")


def substitute(pattern: str, replacement: str, text: str) -> str:
    return compile_pattern(pattern).sub(replacement, text)


# --- target templates: a pattern that names groups of a source pattern's match ---

# `\\` is a backslash (kept); `\g<name>`, `\g<1>` and `\1` name a group.
_TEMPLATE_PART = re.compile(r"\\\\|\\g<(\w+)>|\\(\d+)")


def check_template(pattern: str, template: str) -> None:
    """Raise PatternError unless `template` is an RE2 pattern once the
    groups of `pattern` it names stand in it: every group it names exists,
    and it compiles with a literal in their place."""
    compiled = compile_pattern(pattern)
    names = set(compiled.groupindex)
    for m in _TEMPLATE_PART.finditer(template):
        group = m.group(1) or m.group(2)
        if group is not None and not (group in names or (group.isdigit() and int(group) <= compiled.groups)):
            raise PatternError(f"{template!r} names group {group}, which {pattern!r} does not have")
    try:
        compile_pattern(_TEMPLATE_PART.sub(lambda m: m.group() if m.group() == "\\\\" else "x", template))
    except PatternError as err:
        raise PatternError(f"{template!r} with its groups filled in: {err}") from None


def expand_template(template: str, match) -> str:
    """`template` with each group it names replaced by that group's text in
    `match` (an RE2 match of the pattern it was checked against), escaped:
    the text stands for itself. A group that did not take part is empty."""
    def fill(m) -> str:
        if m.group() == "\\\\":
            return m.group()
        group = m.group(1) or m.group(2)
        return _re2()[0].escape(match.group(int(group) if group.isdigit() else group) or "")
    return _TEMPLATE_PART.sub(fill, template)
