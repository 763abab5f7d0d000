"""JSON report, schema version 1 (see README: "JSON report")."""

from __future__ import annotations

from loclint.report import json_list


def render(findings, files, **_):
    """The document json.dumps(indent=2) writes, a finding at a time: a run
    over a whole docs tree need not hold a dict of every finding and the
    document twice over (as serialised, then as escaped)."""
    yield f'{{\n  "version": 1,\n  "files": {len(files)},\n  "findings": '
    yield from json_list((f.to_dict() for f in findings), 1)
    yield "\n}\n"
