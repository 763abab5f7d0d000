"""Reporters: each turns findings into one output format, nothing more."""

from __future__ import annotations

from importlib import import_module

FORMATS = ("text", "json", "github", "sarif", "junit")


def renderer(fmt: str):
    """The render function of a format (its module imported only when used)."""
    return import_module(f"loclint.report.{fmt}").render
