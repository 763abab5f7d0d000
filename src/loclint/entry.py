"""The `loclint` command. A check whose last run's record still holds is
answered from that record before click or any rule is imported (record.py);
every other command line goes to the CLI."""

from __future__ import annotations

import sys


def main() -> None:
    from loclint.record import replay

    argv = sys.argv[1:]
    try:
        code = replay(argv)
    except BrokenPipeError:  # `loclint check | head`: quiet, as click is
        sys.stdout = None
        sys.exit(1)
    if code is not None:
        sys.exit(code)
    from loclint.cli import main as cli

    cli(args=argv, obj=argv)  # obj: the command line, for the record of this run
