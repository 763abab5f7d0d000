"""Applying the fixes of findings to a file, without ever damaging it.

Fixes are edits on the original text, never a re-render: everything not
fixed stays byte for byte (line endings, BOM, final newline included).
Overlapping edits are resolved in a fixed order (the first finding wins);
after each round the text is linted again, and the round repeats on what
is left, so that one `--fix` reaches the state a second one would not change.
A round whose fixes create a finding the text did not have is undone and
retried one fix at a time, keeping only the fixes that create nothing.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from loclint.finding import Edit, Finding

MAX_ROUNDS = 10
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class FixResult:
    original: str  # the decoded text as read (BOM removed)
    fixed: str
    findings: list[Finding]  # what remains after fixing
    applied: int  # how many findings were fixed

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def split_lines(text: str) -> list[str]:
    """Lines with their own line ends, as on disk (\\r\\n, \\r or \\n)."""
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (given in the order they should win)."""
    lines = split_lines(text)
    taken: dict[int, list[tuple[int, int]]] = {}
    chosen = []
    for edit in edits:
        start, end = edit.column - 1, edit.column - 1 + edit.length
        spans = taken.setdefault(edit.line, [])
        if edit.line > len(lines) or any(s < end and start < e for s, e in spans) or (
            edit.length == 0 and any(s <= start < e for s, e in spans)
        ):
            continue
        spans.append((start, end))
        chosen.append(edit)
    for edit in sorted(chosen, key=lambda e: (e.line, e.column), reverse=True):
        line = lines[edit.line - 1]
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        start = edit.column - 1
        body = body[:start] + edit.replacement + body[start + edit.length :]
        lines[edit.line - 1] = body + ending
    return "".join(lines)


def _fixable(findings: list[Finding], unsafe: bool) -> list[Finding]:
    return [f for f in findings if f.fix and (unsafe or not f.fix.unsafe)]


def _signature(findings: list[Finding]) -> Counter:
    # By rule and line: edits never add or remove lines, while messages quote
    # the text around a finding, which a fix nearby may change.
    return Counter((f.rule, f.line) for f in findings)


def fix_text(text: str, lint, unsafe: bool = False) -> FixResult:
    """Fix `text`; `lint(text)` returns the findings of a version of it."""
    findings = lint(text)
    current, applied = text, 0
    for _ in range(MAX_ROUNDS):
        todo = _fixable(findings, unsafe)
        if not todo:
            break
        candidate = apply_edits(current, [e for f in todo for e in f.fix.edits])
        after = lint(candidate)
        if _new_findings(findings, after, todo):
            candidate, after, kept = _one_by_one(current, findings, todo, lint)
            if not kept:
                break
            applied += kept
        else:
            applied += len(todo)
        if candidate == current:
            break
        current, findings = candidate, after
    return FixResult(text, current, findings, applied)


def _new_findings(before: list[Finding], after: list[Finding], fixed: list[Finding]) -> bool:
    """Does `after` hold a finding that neither `before` had nor a fix removed?"""
    return bool(_signature(after) - _signature(before))


def _one_by_one(text: str, findings: list[Finding], todo: list[Finding], lint):
    kept = 0
    current, current_findings = text, findings
    for finding in todo:
        candidate = apply_edits(current, list(finding.fix.edits))
        if candidate == current:
            continue
        after = lint(candidate)
        if not _new_findings(current_findings, after, [finding]):
            current, current_findings, kept = candidate, after, kept + 1
    return current, current_findings, kept


def write_atomically(path: Path, text: str, has_bom: bool, expected: bytes) -> None:
    """Replace `path` with `text` (UTF-8, BOM kept), keeping its mode, unless
    it changed on disk since it was read as `expected`."""
    if path.read_bytes() != expected:
        raise OSError(f"{path}: changed on disk during the run; not overwritten")
    data = ("\ufeff" if has_bom else "").encode("utf-8") + text.encode("utf-8")
    mode = path.stat().st_mode
    import tempfile  # only a --fix that changes a file needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".loclint", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
