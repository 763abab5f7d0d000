"""GitLab Code Quality report: a JSON array of issues, each with a
fingerprint GitLab uses to tell new issues from old ones across runs."""

from __future__ import annotations

import hashlib

from loclint.report import json_list

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def _fingerprint(f) -> str:
    # Engine findings (an unreadable page) have none: their place is what they are.
    return f.fingerprint or hashlib.sha256(f"{f.rule}\0{f.path}\0{f.message}".encode()).hexdigest()[:32]


def render(findings, files, **_):
    issues = ({
        "type": "issue",
        "check_name": f.rule,
        "description": f"[{f.rule}] {f.message}",
        "categories": ["Style"],
        "severity": SEVERITY[f.severity],
        "fingerprint": _fingerprint(f),
        "location": {"path": f.path, "lines": {"begin": f.line}},
    } for f in findings)
    yield from json_list(issues, 0)
    yield "\n"
