#!/usr/bin/env python3
"""Scaffold a new rule: its module, its registry line, its page, its fixture.

    python3 tools/new_rule.py double-word --nodes inline --option allowed=[]

Writes src/loclint/rules/<module>.py (the declaration and an empty check),
adds the module to the registry in src/loclint/rules/__init__.py, writes
rules/<id>.md (every section, with a bad and a good example to fill in) and
fixtures/pages/<id>.md, then prints the command that writes the fixture's
expected findings and the corpus counts for review. Overwrites nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

RULE_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
NAME = re.compile(r"[a-z_][a-z0-9_]*(?:-[a-z0-9_]+)*")
REGENERATE = ".venv/bin/python -m pytest --regenerate tests/test_fixtures.py tests/test_corpus.py"


class ScaffoldError(Exception):
    """Something the scaffold will not do; the message is the one line it prints."""


def parse_option(text: str) -> tuple[str, object]:
    """`name=default`, the default read as a TOML value (`3`, `true`,
    `["a"]`), else taken as a string: the value the config file would hold."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not NAME.fullmatch(name):
        raise ScaffoldError(f"--option {text!r}: expected name=default, e.g. allowed=[] or max=3")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    if isinstance(value, dict) or not isinstance(value, (str, int, float, bool, list)):
        raise ScaffoldError(f"--option {name}: a default is a string, number, boolean or list")
    return name, value


def insert_in_tuple(text: str, opening: str, line: str, *, sorted_: bool = False) -> str:
    """`text` with `line` added before the `)` that closes the first
    parenthesis opened by a line equal to `opening` (`RULES = registry(`);
    among the lines already there in order when `sorted_`."""
    lines = text.splitlines(keepends=True)
    try:
        start = next(i for i, existing in enumerate(lines) if existing.rstrip() == opening)
    except StopIteration:
        raise ScaffoldError(f"no line `{opening}` to add `{line.strip()}` to") from None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == ")"), None)
    if end is None:
        raise ScaffoldError(f"`{opening}` is never closed by a `)` line")
    if any(existing.strip() == line.strip() for existing in lines[start + 1:end]):
        raise ScaffoldError(f"`{line.strip()}` is already in `{opening}`")
    at = end
    if sorted_:
        at = next((i for i in range(start + 1, end) if lines[i].strip() > line.strip()
                   and not lines[i].lstrip().startswith("#")), end)
    return "".join(lines[:at] + [line + "\n"] + lines[at:])


def add_to_registry(text: str, module: str) -> str:
    """The registry module with `module` imported (in order) and listed last in `RULES = registry(`."""
    text = insert_in_tuple(text, "from loclint.rules import (", f"    {module},", sorted_=True)
    return insert_in_tuple(text, "RULES = registry(", f"    {module},")


def module_text(rule_id: str, nodes: tuple[str, ...], options: dict) -> str:
    return f'''"""{rule_id}: TODO: what it finds, in one line."""

from __future__ import annotations

from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(
    id={rule_id!r},
    summary={"TODO: what it finds, in one sentence."!r},
    severity={"warning"!r},
    nodes={nodes!r},
    fixable=False,
    options={options!r},
    needs_source=False,
    needs_lang=False,
)


def check(node, ctx, options):
    # ctx.page: the frozen Page; ctx.source: the source Page or None;
    # ctx.lang: the page language or None; options: this rule's options only
    return  # TODO: find the defect; until then the tests of its page and fixture fail
    yield Hit(1, 1, "TODO: what is wrong, and what is expected")
'''


def _default(value) -> str:
    """A default as the rule pages show it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value) if value else "none"
    if isinstance(value, str):
        return f"`{value}`"
    return str(value)


def page_text(rule_id: str, options: dict) -> str:
    listed = "\n".join(f"- `{name}` (default: {_default(value)}): TODO: what it does." for name, value in options.items())
    return f"""# {rule_id}

## What it does
TODO: what it finds, where, and what it leaves alone.

## Why is this bad?
TODO: what a reader of the translated page sees.

## Example
```markdown bad 1:1
TODO: a line with the defect; the positions above are each finding's line:column.
```

## Use instead
```markdown good
TODO: the same line without the defect, and the traps the rule must leave alone.
```

## Fix safety
Not fixable.

## Options
{listed or "None."}
"""


def fixture_text(rule_id: str) -> str:
    return f"""---
title: {rule_id}
---

# {rule_id}

TODO: the defect class of {rule_id}, once or twice, with its traps beside it.
"""


def scaffold(root: Path, rule_id: str, nodes: tuple[str, ...], options: dict) -> list[Path]:
    """Write the rule's files under `root`; the paths written. Nothing is
    written when any of them exists or the registry cannot take the rule."""
    if not RULE_ID.fullmatch(rule_id):
        raise ScaffoldError(f"{rule_id!r}: a rule id is lowercase words joined by hyphens, e.g. double-word")
    module = rule_id.replace("-", "_")
    registry = root / "src/loclint/rules/__init__.py"
    files = {
        root / f"src/loclint/rules/{module}.py": module_text(rule_id, nodes, options),
        root / f"rules/{rule_id}.md": page_text(rule_id, options),
        root / f"fixtures/pages/{rule_id}.md": fixture_text(rule_id),
    }
    for path in files:
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} exists already: not overwritten")
    if not registry.is_file():
        raise ScaffoldError(f"{registry.relative_to(root)}: no rule registry here (give --root)")
    files[registry] = add_to_registry(registry.read_text(encoding="utf-8"), module)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return list(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rule_id", metavar="RULE-ID")
    parser.add_argument("--nodes", default="inline", help="node types it is sent, comma-separated (default: inline; root = the page once)")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=DEFAULT", help="an option and its default (repeatable)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1], help="the project (default: this checkout)")
    args = parser.parse_args(argv)
    try:
        nodes = tuple(n.strip() for n in args.nodes.split(",") if n.strip())
        if not nodes or not all(NAME.fullmatch(n) for n in nodes):
            raise ScaffoldError(f"--nodes {args.nodes!r}: expected node types, e.g. inline,heading or root")
        options = dict(parse_option(text) for text in args.option)
        written = scaffold(args.root, args.rule_id, nodes, options)
    except ScaffoldError as err:
        print(f"new_rule: error: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(args.root)}")
    print(f"Write the check, the page's examples and the fixture, then write the expected findings:\n  {REGENERATE}\n"
          "and review them with `git diff`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
