"""JSON report, schema version 1 (see README: "JSON report")."""

from __future__ import annotations

import json

from loclint.report import escape


def render(findings, files, **_):
    """The document json.dumps(indent=2) writes, a finding at a time: a run
    over a whole docs tree need not hold a dict of every finding and the
    document twice over (as serialised, then as escaped)."""
    yield f'{{\n  "version": 1,\n  "files": {len(files)},\n'
    opened = False
    for finding in findings:
        item = "    " + json.dumps(finding.to_dict(), indent=2, ensure_ascii=False).replace("\n", "\n    ")
        yield (",\n" if opened else '  "findings": [\n') + escape(item, json=True)
        opened = True
    yield "\n  ]\n}\n" if opened else '  "findings": []\n}\n'
