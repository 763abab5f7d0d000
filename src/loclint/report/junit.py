"""JUnit XML: one testcase per file; it fails when a finding reaches --fail-on.

Written a testcase at a time as the findings come (a run's may wait on
disk, spool.py): the totals the document opens with are counted in a first
walk over them, each testcase is laid out by ElementTree as the whole
document would be."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from itertools import groupby

from loclint.finding import severity_rank
from loclint.report import escape

# Beyond the control characters, XML 1.0 cannot hold U+FFFE and U+FFFF.
_INVALID_XML = dict.fromkeys((0xFFFE, 0xFFFF), "\ufffd")


def _xml(text: str) -> str:
    return escape(text).translate(_INVALID_XML)


def render(findings, files, *, fail_on="error", **_):
    """`findings` in report order, sorted by path (spool.Findings, a
    sorted list): each file's are taken as they come, never gathered."""
    threshold = None if fail_on == "never" else severity_rank(fail_on)
    shown = Counter(files)  # two pages may be shown under one name: a testcase each, as listed

    def by_file():
        """(path, its findings) of each file with findings, in report order."""
        return ((path, list(found)) for path, found in groupby(findings, key=lambda f: f.path) if path in shown)

    def failing(found):
        return [f for f in found if threshold is not None and severity_rank(f.severity) >= threshold]

    failures = sum(shown[path] for path, found in by_file() if failing(found))
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<testsuites name="loclint" tests="{len(files)}" failures="{failures}">\n'
    suite = f'<testsuite name="loclint" tests="{len(files)}" failures="{failures}" errors="0"'
    if not files:
        yield f"  {suite} />\n</testsuites>\n"
        return
    yield f"  {suite}>"
    # Files in the order the findings come (sorted by path), each path once.
    found_in = by_file()
    ahead = next(found_in, None)
    for path in sorted(shown):
        found = []
        if ahead is not None and ahead[0] == path:
            found = ahead[1]
            ahead = next(found_in, None)
        case = _testcase(path, found, failing(found))
        for _ in range(shown[path]):
            yield "\n    " + case
    yield "\n  </testsuite>\n</testsuites>\n"


def _testcase(path: str, found, failing) -> str:
    case = ET.Element("testcase", classname="loclint", name=_xml(path))
    lines = [_xml(f"{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}"
                  + (f" ({f.origin}; source {f.source})" if f.origin and f.source else "")) for f in found]
    if failing:
        failure = ET.SubElement(case, "failure", message=f"{len(failing)} finding(s)", type=failing[0].rule)
        failure.text = "\n".join(lines)
    elif lines:
        ET.SubElement(case, "system-out").text = "\n".join(lines)
    ET.indent(case, level=2)
    return ET.tostring(case, encoding="unicode")
