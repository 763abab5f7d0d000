"""Text grouped by file: a header line per file, its findings under it
(the default on a terminal; see report/text.py)."""

from __future__ import annotations

from loclint.report import text


def render(findings, files, **options):
    return text.render(findings, files, **{**options, "grouped": True})
