"""Regular expressions a user writes in the config, run with RE2: its time
is linear in the text whatever the pattern, so a catastrophic pattern cannot
stall a run (Python's `re` backtracks). RE2 has no back-references or
lookaround inside a pattern; replacements may name its groups (`\\1`,
`\\g<1>`, `\\g<name>`)."""

from __future__ import annotations

import re
from functools import lru_cache

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # the error comes back as the exception, not on stderr
_GROUP_REFERENCE = re.compile(r"\\(?:g<(\w+)>|(\d+))")


class PatternError(ValueError):
    """A pattern or replacement RE2 cannot use; the message says why."""


@lru_cache(maxsize=256)
def compile_pattern(pattern: str):
    try:
        return re2.compile(pattern, options=_OPTIONS)
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
