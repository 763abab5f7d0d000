"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from loclint.report import escape

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: str) -> str:
    # Escaped first: no line end of a page's text reaches the log as one.
    return escape(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(findings, files, **_):
    for f in findings:
        title = f.rule + (f" ({f.origin})" if f.origin else "")
        end = f",endColumn={f.end_column}" if f.end_column else ""
        yield (f"::{LEVELS[f.severity]} file={_prop(f.path)},line={f.line},col={f.column}{end},"
               f"title={_prop(title)}::{_data(f.message + (f' (source: {f.source})' if f.source else ''))}\n")
