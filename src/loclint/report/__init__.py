"""Reporters: each turns findings into one output format, nothing more."""

from __future__ import annotations

from loclint.report import github, json, junit, sarif, text

FORMATS = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
