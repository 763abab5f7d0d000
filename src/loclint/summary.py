"""A run counted: what its findings add up to (the closing summary, the
per-rule and per-page tables of every report, by who must act) and how its
pages were paired (what --verbose says first). Numbers only; the reporters
word them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from loclint.docs_index import DocsIndex
from loclint.finding import SEVERITIES, Finding, severity_rank
from loclint.spool import Findings

WORST_PAGES = 5

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
    total: int = 0

    def add(self, f) -> None:
        setattr(self, f.severity, getattr(self, f.severity) + 1)
        setattr(self, actor(f), getattr(self, actor(f)) + 1)
        if f.fix is not None:
            if f.fix.unsafe:
                self.unsafe += 1
            else:
                self.fixable += 1
        self.total += 1


def worst_first(row: Row) -> tuple:
    return (-row.error, -row.warning, -row.total, row.name)


@dataclass(frozen=True)
class Tally:
    """The counts of a run's findings, from one walk of them."""

    total: Row
    pages: list[Row]  # a row per page with findings, worst first (errors, then warnings)
    rules: list[Row]  # a row per rule that found something, the most findings first


def tally(findings) -> Tally:
    total, pages, rules = Row("all"), {}, {}
    for f in findings:
        total.add(f)
        _row(pages, f.path).add(f)
        _row(rules, f.rule).add(f)
    return Tally(total, sorted(pages.values(), key=worst_first), _most_first(rules))


def _row(rows: dict[str, Row], name: str) -> Row:
    return rows.get(name) or rows.setdefault(name, Row(name))


def _most_first(rows: dict[str, Row]) -> list[Row]:
    return sorted(rows.values(), key=lambda r: (-r.total, r.name))


def shown_and_hidden(findings: Findings, min_severity: str,
                     keep: frozenset[str] = frozenset()) -> tuple[Findings, Findings]:
    """(the findings at `min_severity` or above, or of a rule in `keep`;
    the others)."""
    floor = severity_rank(min_severity)

    def shown(f: Finding) -> bool:
        return severity_rank(f.severity) >= floor or f.rule in keep

    return findings.where(shown), findings.where(lambda f: not shown(f))


@dataclass(frozen=True)
class RuleCount:
    rule: str
    count: int
    fixable: int  # with --fix
    unsafe_fixable: int  # with --unsafe-fixes only


@dataclass(frozen=True)
class PageCount:
    path: str
    errors: int
    warnings: int


@dataclass(frozen=True)
class Summary:
    """The findings of a run after the baseline, shown or hidden by
    --min-severity alike (--fix fixes a hidden finding too; an inherited
    finding is info unless the config keeps its severity)."""

    findings: int
    files: int
    files_with_findings: int
    by_severity: dict[str, int]
    introduced: int
    inherited: int
    differences: int  # of a page from its source page (the comparison rules): neither introduced nor inherited
    fixable: int
    unsafe_fixable: int
    worst_pages: tuple[PageCount, ...]  # errors, then warnings; pages with neither are not in it
    hidden: int  # below --min-severity
    min_severity: str
    baselined: int  # hidden by --baseline
    rules: tuple[RuleCount, ...]  # most frequent first
    shown_rules: tuple[RuleCount, ...]  # of the shown findings alone

    @property
    def unpaired(self) -> int:
        """On pages without a source page (no origin to tell)."""
        return self.findings - self.introduced - self.inherited - self.differences


def summarize(shown, files: int, *, hidden=(), min_severity: str = "info", baselined: int = 0) -> Summary:
    """From one walk of `shown` and one of `hidden`."""
    total, pages, rules, shown_rules = Row("all"), {}, {}, {}
    introduced = differences = hidden_count = 0
    for are_shown, findings in ((True, shown), (False, hidden)):
        for f in findings:
            total.add(f)
            _row(pages, f.path).add(f)
            _row(rules, f.rule).add(f)
            if are_shown:
                _row(shown_rules, f.rule).add(f)
            else:
                hidden_count += 1
            if f.origin == "introduced":
                introduced += 1
            elif f.origin is None and f.source:
                differences += 1
    return Summary(
        findings=total.total,
        files=files,
        files_with_findings=len(pages),
        by_severity={s: getattr(total, s) for s in reversed(SEVERITIES) if getattr(total, s)},
        introduced=introduced,
        inherited=total.inherited,
        differences=differences,
        fixable=total.fixable,
        unsafe_fixable=total.unsafe,
        worst_pages=tuple(PageCount(row.name, row.error, row.warning)
                          for row in sorted(pages.values(), key=worst_first) if row.error or row.warning)[:WORST_PAGES],
        hidden=hidden_count,
        min_severity=min_severity,
        baselined=baselined,
        rules=_rule_counts(_most_first(rules)),
        shown_rules=_rule_counts(_most_first(shown_rules)),
    )


def rule_counts(findings) -> tuple[RuleCount, ...]:
    """Findings per rule, most frequent first (then by rule id)."""
    return _rule_counts(tally(findings).rules)


def _rule_counts(rows: list[Row]) -> tuple[RuleCount, ...]:
    return tuple(RuleCount(row.name, row.total, row.fixable, row.unsafe) for row in rows)


# --- how the pages were paired (--verbose) ----------------------------------

@dataclass(frozen=True)
class TreeCount:
    """The pages of one translated tree: with which source tree, in which
    language, and how each page's source page was read."""

    target: Path | None  # None: the pages paired in no tree
    source: Path | None
    langs: tuple[str, ...]
    at_commit: int  # compared with the source page at the commit the page names
    working: int  # compared with the source page's working file
    unpaired: int  # no source page to compare with


def tree_counts(outcomes) -> tuple[TreeCount, ...]:
    """Per tree (pages paired in no tree last), from each page's outcome:
    its `pairs` (the trees it was paired in), `lang` and `compared`
    ("commit", "working" or "": no source page)."""
    trees: dict = {}
    for o in outcomes:
        key = min(o.pairs) if o.pairs else (None, None)
        counts = trees.setdefault(key, {"langs": Counter(), "commit": 0, "working": 0, "": 0})
        if o.lang:
            counts["langs"][o.lang] += 1
        counts[o.compared or ""] += 1
    ordered = sorted(trees.items(), key=lambda kv: (kv[0][0] is None, str(kv[0][0]), str(kv[0][1])))
    return tuple(TreeCount(target, source, tuple(lang for lang, _ in c["langs"].most_common()),
                           c["commit"], c["working"], c[""]) for (target, source), c in ordered)


def docs_roots(pages: list[Path], root: Path | None) -> Counter:
    """The docs roots of the pages (links starting with / resolve there),
    with how many pages each holds: `root` when given, else each page's own."""
    index = DocsIndex(root)
    roots = Counter(index.root_of(p) for p in pages)
    if root and not roots:
        roots[index.root] = 0
    return roots
