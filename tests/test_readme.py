"""The README's rule tables are the registry as a user reads it: one row per
rule, with the rule's default severity."""

from __future__ import annotations

import re
from collections import Counter

from conftest import PROJECT

from loclint.rules import RULES

_RULE_ID = re.compile(r"^`([a-z][a-z0-9-]*)`$")


def default_severity(rule_id: str) -> str:
    """A rule's default severity, as loclint applies it."""
    return RULES[rule_id].severity


def _tables(text: str):
    """Each Markdown table outside code fences, as a list of rows of cells."""
    tables, rows, fence = [], [], False
    for line in text.splitlines() + [""]:
        if line.startswith("```"):
            fence = not fence
        if not fence and line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            tables.append(rows)
            rows = []
    return tables


def _rule_tables(text: str):
    """(header, body rows) of every table whose first column is a backticked
    rule id."""
    found = []
    for header, _delimiter, *body in (t for t in _tables(text) if len(t) > 2):
        if all(_RULE_ID.match(row[0]) for row in body):
            found.append((header, body))
    return found


def _readme_rules():
    return _rule_tables((PROJECT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_rule_tables_list_every_rule_once():
    ids = [_RULE_ID.match(row[0]).group(1) for _header, body in _readme_rules() for row in body]
    assert [rule for rule, n in Counter(ids).items() if n > 1] == []
    missing, unknown = sorted(set(RULES) - set(ids)), sorted(set(ids) - set(RULES))
    assert (missing, unknown) == ([], [])


def test_each_readme_rule_row_gives_the_rule_s_default_severity():
    tables = _readme_rules()
    assert tables
    for header, body in tables:
        assert header[:2] == ["rule", "default"]
        rows = {_RULE_ID.match(row[0]).group(1): row[1] for row in body}
        assert rows == {rule: default_severity(rule) for rule in rows}
