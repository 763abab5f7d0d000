"""The counts the summaries share (the GitHub job summary, the HTML report):
per page and per rule, by severity and by who must act on a finding."""

from __future__ import annotations

from dataclasses import dataclass, field

# Who must act: the translation ("introduced"), the English writers
# ("inherited"), or no one can tell (the page has no source page).
ACTORS = ("introduced", "inherited", "unpaired")


def actor(finding) -> str:
    """Who must act on a finding. A difference from the source page (a
    comparing rule's finding, which has no origin) is the translation's."""
    if finding.origin:
        return finding.origin
    return "introduced" if finding.source else "unpaired"


@dataclass
class Row:
    """The counts of one page, one rule or the whole run."""

    name: str
    error: int = 0
    warning: int = 0
    info: int = 0
    introduced: int = 0
    inherited: int = 0
    unpaired: int = 0
    fixable: int = 0  # with --fix
    unsafe: int = 0  # only with --unsafe-fixes
    findings: list = field(default_factory=list, repr=False)

    @property
    def total(self) -> int:
        return len(self.findings)

    def add(self, f) -> None:
        setattr(self, f.severity, getattr(self, f.severity) + 1)
        setattr(self, actor(f), getattr(self, actor(f)) + 1)
        if f.fix is not None:
            if f.fix.unsafe:
                self.unsafe += 1
            else:
                self.fixable += 1
        self.findings.append(f)


def worst_first(row: Row) -> tuple:
    return (-row.error, -row.warning, -row.total, row.name)


def totals(findings) -> Row:
    row = Row("all")
    for f in findings:
        row.add(f)
    return row


def by_page(findings) -> list[Row]:
    """A row per page with findings, worst first (errors, then warnings)."""
    rows: dict[str, Row] = {}
    for f in findings:
        rows.setdefault(f.path, Row(f.path)).add(f)
    return sorted(rows.values(), key=worst_first)


def by_rule(findings) -> list[Row]:
    """A row per rule that found something, the most findings first."""
    rows: dict[str, Row] = {}
    for f in findings:
        rows.setdefault(f.rule, Row(f.rule)).add(f)
    return sorted(rows.values(), key=lambda r: (-r.total, r.name))
