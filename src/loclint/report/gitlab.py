"""GitLab Code Quality report: a JSON array of issues, each with a
fingerprint GitLab uses to tell new issues from old ones across runs."""

from __future__ import annotations

import hashlib
import json

from loclint.report import escape

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def _fingerprint(f) -> str:
    # Engine findings (an unreadable page) have none: their place is what they are.
    return f.fingerprint or hashlib.sha256(f"{f.rule}\0{f.path}\0{f.message}".encode()).hexdigest()[:32]


def render(findings, files, **_):
    """The document json.dumps(indent=2) writes, an issue at a time (as the
    JSON report): a run's findings may wait on disk (spool.py)."""
    opened = False
    for f in findings:
        issue = {
            "type": "issue",
            "check_name": f.rule,
            "description": f"[{f.rule}] {f.message}",
            "categories": ["Style"],
            "severity": SEVERITY[f.severity],
            "fingerprint": _fingerprint(f),
            "location": {"path": f.path, "lines": {"begin": f.line}},
        }
        item = "  " + json.dumps(issue, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield ("[\n" if not opened else ",\n") + escape(item, json=True)
        opened = True
    yield "\n]\n" if opened else "[]\n"
