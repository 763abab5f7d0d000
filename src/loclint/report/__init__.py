"""Reporters: each turns findings into one output format, nothing more.

A renderer returns its report as text, or (the line-based formats) as an
iterable of lines that the command line writes as they come."""

from __future__ import annotations

from importlib import import_module

FORMATS = ("text", "json", "github", "sarif", "junit")


def renderer(fmt: str):
    """The render function of a format (its module imported only when used)."""
    return import_module(f"loclint.report.{fmt}").render


def report_text(fmt: str, findings, files, **options) -> str:
    """The whole report as one string."""
    return "".join(renderer(fmt)(findings, files, **options))
