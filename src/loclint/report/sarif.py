"""SARIF 2.1.0, with each rule's metadata and page."""

from __future__ import annotations

import json
from urllib.parse import quote

from loclint import __version__
from loclint.report import escape, json_list
from loclint.ruledocs import rule_pages, what_it_does
from loclint.rules import RULES

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
HELP_URI = "https://github.com/loclint/loclint/blob/main/rules/{}.md"


def _location(path: str, line: int, column: int, end_column: int | None = None) -> dict:
    region = {"startLine": line, "startColumn": column}
    if end_column:
        region["endColumn"] = end_column
    return {"physicalLocation": {"artifactLocation": {"uri": quote(path)}, "region": region}}


def _tags(rule) -> list[str]:
    kind = "source comparison" if rule.compares_source else "language" if rule.needs_lang else "page"
    return ["translation", kind] + (["fixable"] if rule.fixable else [])


def render(findings, files, **_):
    pages = rule_pages()
    ids = sorted(RULES)
    rules = [
        {
            "id": rid,
            "name": rid,
            "shortDescription": {"text": RULES[rid].summary},
            "fullDescription": {"text": what_it_does(pages[rid])},
            "helpUri": HELP_URI.format(rid),
            "help": {"text": RULES[rid].summary, "markdown": pages[rid].body},
            "defaultConfiguration": {"level": LEVELS[RULES[rid].severity]},
            "properties": {"fixable": RULES[rid].fixable, "tags": _tags(RULES[rid])},
        }
        for rid in ids
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "loclint", "version": __version__,
                                    "informationUri": "https://github.com/loclint/loclint", "rules": rules}},
                "results": _RESULTS,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    # The document json.dumps(indent=2) writes, a result at a time (as the
    # JSON report): a run's findings may wait on disk (spool.py).
    head, tail = escape(json.dumps(log, indent=2, ensure_ascii=False), json=True).split(json.dumps(_RESULTS))
    yield head
    yield from json_list((_result(f, ids) for f in findings), 3)  # runs, a run, its results
    yield tail + "\n"


_RESULTS = "\0results\0"  # where the results go in the document


def _result(f, ids: list[str]) -> dict:
    result = {
        "ruleId": f.rule,
        "ruleIndex": ids.index(f.rule),
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [_location(f.path, f.line, f.column, f.end_column)],
    }
    if f.fingerprint:
        result["partialFingerprints"] = {"loclint/v1": f.fingerprint}
    if f.origin:
        result["properties"] = {"origin": f.origin}
    if f.fix:
        result["fixes"] = [{
            "description": {"text": ("unsafe fix (--unsafe-fixes): " if f.fix.unsafe else "fix: ") + f.rule},
            "artifactChanges": [{
                "artifactLocation": {"uri": quote(f.path)},
                "replacements": [
                    {"deletedRegion": {"startLine": e.line, "startColumn": e.column,
                                       "endColumn": e.column + e.length},
                     "insertedContent": {"text": e.replacement}}
                    for e in f.fix.edits
                ],
            }],
        }]
    if f.source:
        result["relatedLocations"] = [
            {"id": 1, "message": {"text": "source page"},
             "physicalLocation": {"artifactLocation": {"uri": quote(f.source)}}}
        ]
    return result
