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



def shown_and_hidden(findings: list[Finding], min_severity: str,
                     keep: frozenset[str] = frozenset()) -> tuple[list[Finding], list[Finding]]:
    """(the findings at `min_severity` or above, or of a rule in `keep`;
    the others)."""
    floor = severity_rank(min_severity)
    shown, hidden = [], []
    for f in findings:
        (shown if severity_rank(f.severity) >= floor or f.rule in keep else hidden).append(f)
    return shown, hidden


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

    @property
    def unpaired(self) -> int:
        """On pages without a source page (no origin to tell)."""
        return self.findings - self.introduced - self.inherited - self.differences


def summarize(shown: list[Finding], files: int, *, hidden: list[Finding] = (), min_severity: str = "info",
              baselined: int = 0) -> Summary:
    every = [*shown, *hidden]
    total = totals(every)
    worst = [PageCount(row.name, row.error, row.warning) for row in by_page(every) if row.error or row.warning]
    return Summary(
        findings=total.total,
        files=files,
        files_with_findings=len({f.path for f in every}),
        by_severity={s: getattr(total, s) for s in reversed(SEVERITIES) if getattr(total, s)},
        introduced=sum(1 for f in every if f.origin == "introduced"),
        inherited=total.inherited,
        differences=sum(1 for f in every if f.origin is None and f.source),
        fixable=total.fixable,
        unsafe_fixable=total.unsafe,
        worst_pages=tuple(worst[:WORST_PAGES]),
        hidden=len(hidden),
        min_severity=min_severity,
        baselined=baselined,
        rules=rule_counts(every),
    )


def rule_counts(findings: list[Finding]) -> tuple[RuleCount, ...]:
    """Findings per rule, most frequent first (then by rule id)."""
    return tuple(RuleCount(row.name, row.total, row.fixable, row.unsafe) for row in by_rule(findings))


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
