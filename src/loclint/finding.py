"""A finding: one defect at one place of one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, order=True, slots=True)
class Edit:
    """Replace `length` characters at (line, column) with `replacement`;
    never across a line end."""

    line: int
    column: int
    length: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    # Unsafe: may change what the page means (applied with --unsafe-fixes only).
    unsafe: bool = False


@dataclass(frozen=True)
class Hit:
    """What a rule yields: where and what. The engine adds the rest."""

    line: int
    column: int
    message: str
    severity: str | None = None  # None: the rule's configured severity
    end_column: int | None = None
    fix: Fix | None = None
    # What makes two findings "the same defect" on a page and its source;
    # the message, unless it carries translated words.
    key: str | None = None
    # False for a source rule's finding that does not depend on the source
    # page (a malformed localisation key), so no doubt about the source applies.
    uses_source: bool = True
    # For a comparison: the blocks around it aligned with the source's, so
    # the difference is the translation's even when the source has moved on.
    anchored: bool = True


# slots: a run holds every finding until its report (tens of thousands), and
# an instance dict would take as much again as the fields.
@dataclass(frozen=True, order=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: str = field(compare=False, default="error")
    end_column: int | None = field(compare=False, default=None)
    fix: Fix | None = field(compare=False, default=None)
    origin: str | None = field(compare=False, default=None)  # introduced | inherited
    source: str | None = field(compare=False, default=None)  # the paired source page
    # The same for the same defect after lines above it moved: made of the
    # rule, the path, the text of its line and the message without numbers.
    fingerprint: str | None = field(compare=False, default=None)
    # The text around it on its line, and the English text that stands at
    # the same place of the source page (a rough alignment), for a reviewer
    # who does not read the target language.
    excerpt: str | None = field(compare=False, default=None)
    source_excerpt: str | None = field(compare=False, default=None)

    def to_dict(self) -> dict:
        data = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "origin": self.origin,
            "source": self.source,
            "fingerprint": self.fingerprint,
            "excerpt": self.excerpt,
            "source_excerpt": self.source_excerpt,
        }
        if self.fix:
            data["fix"] = {
                "unsafe": self.fix.unsafe,
                "edits": [
                    {"line": e.line, "column": e.column, "length": e.length, "replacement": e.replacement}
                    for e in self.fix.edits
                ],
            }
        return data


@dataclass(frozen=True)
class Consulted:
    """What a rule yields besides hits: a linked page whose anchors its
    findings depend on, for the cache (which records those anchors)."""

    path: Path
