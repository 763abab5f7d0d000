"""A baseline: the findings an old repository already had when it adopted
loclint, so that a run reports only new ones. A finding matches its entry
by rule, path and fingerprint (the text of its line, not its number), so
that edits above it do not bring it back."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from loclint.finding import Finding
from loclint.spool import Findings

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names it."""


def _key(f: Finding) -> tuple[str, str, str]:
    return f.rule, f.path, f.fingerprint or f"{f.line}:{f.column}:{f.message}"


def write(path: Path, findings: list[Finding]) -> None:
    entries = [dict(zip(("rule", "path", "fingerprint"), _key(f))) for f in findings]
    path.write_text(json.dumps({"version": VERSION, "findings": entries}, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def load(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}, expected {VERSION}")
        return Counter((e["rule"], e["path"], e["fingerprint"]) for e in data["findings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise BaselineError(f"--baseline: {path}: not a loclint baseline ({err})") from None


def new_findings(findings: Findings, baseline: Counter) -> tuple[Findings, int]:
    """(the findings not in the baseline, how many it hid); each baseline
    entry hides one finding, the first in report order."""

    def new():
        left = Counter(baseline)
        for f in findings:
            key = _key(f)
            if left[key] > 0:
                left[key] -= 1
            else:
                yield f

    kept = Findings(new)
    return kept, len(findings) - len(kept)
