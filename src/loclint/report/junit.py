"""JUnit XML: one testcase per file; it fails when a finding reaches --fail-on."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from loclint.finding import severity_rank
from loclint.report import escape

# Beyond the control characters, XML 1.0 cannot hold U+FFFE and U+FFFF.
_INVALID_XML = dict.fromkeys((0xFFFE, 0xFFFF), "\ufffd")


def _xml(text: str) -> str:
    return escape(text).translate(_INVALID_XML)


def render(findings, files, *, fail_on="error", **_):
    by_file = defaultdict(list)
    for f in findings:
        by_file[f.path].append(f)
    threshold = None if fail_on == "never" else severity_rank(fail_on)
    suite = ET.Element("testsuite", name="loclint", tests=str(len(files)))
    failures = 0
    for path in files:
        case = ET.SubElement(suite, "testcase", classname="loclint", name=_xml(path))
        found = by_file.get(path, [])
        lines = [_xml(f"{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}"
                      + (f" ({f.origin}; source {f.source})" if f.origin and f.source else "")) for f in found]
        failing = [f for f in found if threshold is not None and severity_rank(f.severity) >= threshold]
        if failing:
            failures += 1
            failure = ET.SubElement(case, "failure", message=f"{len(failing)} finding(s)", type=failing[0].rule)
            failure.text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites", name="loclint", tests=str(len(files)), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
