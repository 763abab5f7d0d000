"""Reporters: each turns findings into one output format, nothing more.

A renderer returns its report as text, or (the line-based formats) as an
iterable of lines that the command line writes as they come."""

from __future__ import annotations

import json as _json
import re
from importlib import import_module

FORMATS = ("text", "grouped", "json", "github", "gitlab", "sarif", "junit", "html")

# What a terminal or a CI log acts on rather than shows: C0 (tab and line
# end too: a line end in a message would start a line of the reader's own,
# `::error ...` a forged workflow command), DEL, C1, the Unicode line and
# paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")  # what json.dumps leaves as it is
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _shown(m: re.Match) -> str:
    c = m.group()
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def _json_escaped(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def escape(text: str, *, json: bool = False) -> str:
    """Page text made safe to print: each control character as an escape
    (`\\n`, `\\x1b`, `\\u2028`). With `json`, on a serialised JSON document
    (whose serialiser escaped C0 already): the rest as \\uXXXX escapes,
    which decode to the same string."""
    return _JSON_RAW.sub(_json_escaped, text) if json else _CONTROL.sub(_shown, text)


def json_list(items, depth: int):
    """A JSON list `depth` levels into its document, as json.dumps(indent=2)
    lays it out and escaped as escape(json=True), an item at a time: a
    run's findings may wait on disk (spool.py)."""
    pad = "  " * (depth + 1)
    opened = False
    for item in items:
        text = pad + _json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n" + pad)
        yield ("[\n" if not opened else ",\n") + escape(text, json=True)
        opened = True
    yield "\n" + "  " * depth + "]" if opened else "[]"


def renderer(fmt: str):
    """The render function of a format (its module imported only when used)."""
    return import_module(f"loclint.report.{fmt}").render


def report_text(fmt: str, findings, files, **options) -> str:
    """The whole report as one string."""
    return "".join(renderer(fmt)(findings, files, **options))
