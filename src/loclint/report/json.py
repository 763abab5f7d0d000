"""JSON report, schema version 1 (see README: "JSON report")."""

from __future__ import annotations

import json

from loclint.report import escape


def render(findings, files, **_):
    return escape(json.dumps(
        {
            "version": 1,
            "files": len(files),
            "findings": [f.to_dict() for f in findings],
        },
        indent=2,
        ensure_ascii=False,
    ), json=True) + "\n"
