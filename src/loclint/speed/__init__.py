"""What loclint does only to be faster, none of it changing a finding: the
parser's rule loops, scanners and link cache, and one mapping for the
tokens' empty dicts (`mdit`), py3langid restricted to the languages at
stake without numpy (`langid`), the garbage collector paused while a page
is linted (`gc`), the memo of the last run that lets a warm run trust
files whose stat did not change (`warm`), and linting in worker
processes.

LOCLINT_NO_SPEEDUPS=1 turns all of it off (stock markdown-it-py, stock
py3langid, one process): the findings stay the same, which is how a
suspected speed-up bug is told from a rule bug."""

from __future__ import annotations

import os


def speedups_enabled() -> bool:
    """False when the environment asks for loclint without its speed-ups."""
    return os.environ.get("LOCLINT_NO_SPEEDUPS", "").strip() in ("", "0")
