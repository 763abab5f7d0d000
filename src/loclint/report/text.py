"""Text for people and for tools that read lines: one line per finding
(`path:line:col: severity [rule] message`, what editors and grep read) or,
grouped (`--format grouped`, the default on a terminal), a header per file
and its findings under it; then a closing summary. Colour only when the
command line says so (a terminal, FORCE_COLOR)."""

from __future__ import annotations

from itertools import groupby

from loclint.finding import severity_rank
from loclint.linter import display_path
from loclint.report import escape
from loclint.rules import RULES
from loclint.summary import Summary, rule_counts, summarize

# SGR codes: bold red, yellow, cyan; bold; dim.
_STYLE = {"error": "1;31", "warning": "33", "info": "36", "path": "1", "dim": "2", "bold": "1"}


class _Paint:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if self.color and text else text


def render(findings, files, *, statistics=False, quiet=False, baselined=0, hidden=(), min_severity="info",
           color=False, grouped=False, **_):
    """`findings`: those shown; `hidden`: those below `min_severity`, only
    counted. Line by line, walking the findings as they come (a run's may
    wait on disk, spool.py): a whole report joined into one string would
    hold it in memory several times over."""
    paint = _Paint(color)
    if statistics:
        yield from _statistics(findings, paint)
        return
    yield from (_grouped(findings, paint) if grouped else _flat(findings, paint))
    if quiet:
        return
    if grouped and findings:
        yield "\n"
    summary = summarize(findings, len(files), hidden=hidden, min_severity=min_severity, baselined=baselined)
    for line in summary_lines(summary, paint):
        yield line + "\n"


def _tag(f, with_source: bool = True) -> str:
    if f.origin and f.source and with_source:
        return f" ({f.origin}; source {f.source})"
    return f" ({f.origin})" if f.origin else ""


def _flat(findings, paint):
    for f in findings:
        if not paint.color:
            line = f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}{_tag(f)}"
            # A printable line holds nothing escape() changes, and most lines are: a C loop instead of a regex.
            yield (line if line.isprintable() else escape(line)) + "\n"
            continue
        yield (f"{paint(escape(f.path), 'path')}:{f.line}:{f.column}: {paint(f.severity, f.severity)} "
               f"[{f.rule}] {escape(f.message)}{paint(escape(_tag(f)), 'dim')}\n")


def _grouped(findings, paint):
    first = True
    for path, group in groupby(findings, key=lambda f: f.path):
        group = list(group)
        sources = {f.source for f in group if f.source}
        header = paint(escape(path), "path")
        if len(sources) == 1:
            header += paint(escape(f" (source {next(iter(sources))})"), "dim")
        yield ("" if first else "\n") + header + "\n"
        first = False
        places = [f"{f.line}:{f.column}" for f in group]
        place_width = max(map(len, places))
        rule_width = max(len(f.rule) for f in group)
        for f, place in zip(group, places):
            severity = paint(f.severity.ljust(7), f.severity)
            tag = _tag(f, with_source=len(sources) != 1)
            yield (f"  {place.ljust(place_width)}  {severity}  {f.rule.ljust(rule_width)}  {escape(f.message)}"
                   f"{paint(escape(tag), 'dim')}\n")


def _counts(by_severity: dict[str, int], paint) -> str:
    return ", ".join(paint(f"{n} {s}", s) for s, n in by_severity.items())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_lines(s: Summary, paint=None) -> list[str]:
    """The closing summary: at most eleven lines, each something to act on."""
    paint = paint or _Paint(False)
    parts = _counts(s.by_severity, paint)
    head = paint(_plural(s.findings, "finding"), "bold") + (f" ({parts})" if parts else "")
    lines = [head + f" in {s.files_with_findings} of {_plural(s.files, 'file')}"]
    not_shown = []
    if s.hidden:
        hidden = {sev: n for sev, n in s.by_severity.items() if _below(sev, s.min_severity)}
        not_shown.append(" and ".join(f"{n} {sev}" for sev, n in hidden.items())
                         + (" finding hidden (--min-severity info shows it)" if s.hidden == 1
                            else " findings hidden (--min-severity info shows them)"))
    if s.baselined:
        not_shown.append(f"{s.baselined} more in the baseline, not shown")
    if not_shown:
        lines.append("; ".join(not_shown))
    if s.introduced or s.inherited or s.differences:
        origin = f"Origin: {s.introduced} introduced by the translation, {s.inherited} inherited from the source page"
        if s.differences:
            origin += f", {s.differences} {'a difference' if s.differences == 1 else 'differences'} from it"
        if s.unpaired:
            origin += f", {s.unpaired} on pages without one"
        lines.append(origin)
    if s.fixable or s.unsafe_fixable:
        fixes = [f"{s.fixable} with --fix"] if s.fixable else []
        if s.unsafe_fixable:
            fixes.append(f"{s.unsafe_fixable} {'more ' if s.fixable else ''}with --fix --unsafe-fixes")
        lines.append("Fixable: " + ", ".join(fixes))
    if len(s.worst_pages) > 1:
        lines.append("Worst pages:")
        counts = [", ".join(c for c in (_plural(p.errors, "error") if p.errors else "",
                                        _plural(p.warnings, "warning") if p.warnings else "") if c)
                  for p in s.worst_pages]
        width = max(map(len, counts))
        lines.extend(f"  {c.ljust(width)}  {escape(p.path)}" for c, p in zip(counts, s.worst_pages))
    top = (s.shown_rules or s.rules)[:1]
    if top:
        rule = top[0]
        lines.append(f'Run "loclint explain {rule.rule}" for what a rule checks '
                     f"({rule.rule} is the most frequent here: {rule.count})")
    return lines


def _below(severity: str, floor: str) -> bool:
    return severity_rank(severity) < severity_rank(floor)


def _statistics(findings, paint):
    """The per-rule table alone, as ruff's --statistics: count, rule, a
    fixable mark ([*] by --fix, [-] by --unsafe-fixes only), summary."""
    counts = rule_counts(findings)
    if not counts:
        return
    count_width = max(len(str(c.count)) for c in counts)
    rule_width = max(len(c.rule) for c in counts)
    for c in counts:
        mark = "[*]" if c.fixable else "[-]" if c.unsafe_fixable else "   "
        summary = RULES[c.rule].summary if c.rule in RULES else ""
        yield f"{str(c.count).rjust(count_width)}  {c.rule.ljust(rule_width)}  {mark} {summary}".rstrip() + "\n"


# --- what --verbose says first (on stderr) ----------------------------------

def setup_lines(config_path, root, roots) -> list[str]:
    """The config file used and the docs roots (`roots`: root -> pages)."""
    lines = [f"config: {display_path(config_path)}" if config_path else "config: none found (the defaults)"]
    if root:
        lines.append(f"docs root: {display_path(root)} (given)")
    elif roots:
        named = [display_path(r) for r, _ in roots.most_common()]
        more = f" and {len(named) - 3} more" if len(named) > 3 else ""
        lines.append(f"docs root{'s' if len(named) > 1 else ''}: {', '.join(named[:3])}{more} "
                     "(found: the nearest folder up with .git, a loclint or publishing config, else one holding help/)")
    return lines


def tree_lines(trees) -> list[str]:
    """Per translated tree: its language, its source tree and how its pages
    were paired."""
    lines = []
    for t in trees:
        langs = ", ".join(t.langs) or "language unknown"
        pages = t.at_commit + t.working + t.unpaired
        if t.target is None:
            lines.append(f"{_plural(pages, 'page')} ({langs}) in no paired tree: no source page to compare with "
                         "(give --source, or use a site.nl-NL / nl/ layout)")
            continue
        how = [f"{t.at_commit} at their source commit" if t.at_commit else "",
               f"{t.working} with the working file" if t.working else "",
               f"{t.unpaired} unpaired (no source page)" if t.unpaired else ""]
        lines.append(f"{display_path(t.target)} ({langs}) paired with {display_path(t.source)}, "
                     f"{_plural(pages, 'page')}: {', '.join(h for h in how if h)}")
    return lines


def note_lines(notes, shown_per_page: int = 2) -> list[str]:
    """The pages' notes (`notes`: (page, its notes) per page): a note that
    names no page once; one that many pages share word for word after their
    name ("a.md: no source page ...") once, with how many and which first,
    rather than a line per page."""
    pages_of: dict[str, list[str]] = {}
    for page, page_notes in notes:
        for note in page_notes:
            prefix = f"{page}: "
            rest = note[len(prefix):] if note.startswith(prefix) else None
            pages_of.setdefault(rest if rest is not None else note, []).append(page if rest is not None else "")
    lines = []
    for note, pages in pages_of.items():
        named = list(dict.fromkeys(p for p in pages if p))
        if not named:
            lines.append(note)
        elif len(named) <= shown_per_page:
            lines.extend(f"{page}: {note}" for page in named)
        else:
            lines.append(f"{len(named)} pages: {note} ({', '.join(named[:shown_per_page])} "
                         f"and {len(named) - shown_per_page} more)")
    return lines
