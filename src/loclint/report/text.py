"""Plain text: one line per finding, then a summary."""

from __future__ import annotations

from collections import Counter

from loclint.report import escape


def render(findings, files, *, statistics=False, quiet=False, baselined=0, **_):
    # Line by line: tens of thousands of findings joined into one string
    # would hold the whole report in memory several times over.
    for f in findings:
        tag = f" ({f.origin}; source {f.source})" if f.origin and f.source else (f" ({f.origin})" if f.origin else "")
        yield escape(f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}{tag}") + "\n"
    if quiet:
        return
    if statistics and findings:
        for rule, count in sorted(Counter(f.rule for f in findings).items(), key=lambda kv: (-kv[1], kv[0])):
            yield f"{count:6d}  {rule}\n"
    by = Counter(f.severity for f in findings)
    with_findings = len({f.path for f in findings})
    parts = ", ".join(f"{by[s]} {s}" for s in ("error", "warning", "info") if by[s])
    n = len(findings)
    summary = f"{n} finding{'s' if n != 1 else ''}"
    summary += f" ({parts})" if parts else ""
    summary += f" in {with_findings} of {len(files)} file{'s' if len(files) != 1 else ''}"
    if baselined:
        summary += f"; {baselined} more in the baseline, not shown"
    yield summary + "\n"
