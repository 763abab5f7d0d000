"""Joining the reports of shards (`loclint check --shard K/N`) into one:
JSON reports into one JSON report, SARIF logs into one log."""

from __future__ import annotations

import json


class MergeError(Exception):
    """Reports that cannot be joined; the message names the file."""


def _kind(report: dict) -> str | None:
    if report.get("version") == 1 and isinstance(report.get("findings"), list):
        return "json"
    if report.get("version") == "2.1.0" and isinstance(report.get("runs"), list):
        return "sarif"
    return None


def merge(reports: list[tuple[str, str]]) -> str:
    """One report from (name, text) pairs of reports of one kind."""
    parsed = []
    for name, text in reports:
        try:
            report = json.loads(text)
        except ValueError as err:
            raise MergeError(f"{name}: not JSON ({err})") from None
        kind = _kind(report) if isinstance(report, dict) else None
        if kind is None:
            raise MergeError(f"{name}: neither a loclint JSON report nor a SARIF log")
        parsed.append((name, kind, report))
    kinds = {kind for _, kind, _ in parsed}
    if len(kinds) > 1:
        raise MergeError("the reports are of different kinds (JSON and SARIF): merge each kind on its own")
    docs = [report for _, _, report in parsed]
    merged = _json(docs) if kinds == {"json"} else _sarif(docs)
    return json.dumps(merged, indent=2, ensure_ascii=False) + "\n"


def _order(f: dict) -> tuple:
    return f["path"], f["line"], f["column"], f["rule"], f["message"]


def _json(docs: list[dict]) -> dict:
    findings = sorted((f for d in docs for f in d["findings"]), key=_order)
    return {"version": 1, "files": sum(d.get("files", 0) for d in docs), "findings": findings}


def _sarif(docs: list[dict]) -> dict:
    runs = [run for d in docs for run in d["runs"]]
    if not runs:
        return docs[0]
    rules = {r["id"]: r for run in runs for r in run["tool"]["driver"].get("rules", [])}
    ids = sorted(rules)
    results = []
    for run in runs:
        for result in run.get("results", []):
            results.append({**result, "ruleIndex": ids.index(result["ruleId"])} if result["ruleId"] in rules else result)
    results.sort(key=lambda r: (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                                r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"]))
    first = runs[0]
    driver = {**first["tool"]["driver"], "rules": [rules[i] for i in ids]}
    return {**docs[0], "runs": [{**first, "tool": {**first["tool"], "driver": driver}, "results": results}]}
