"""GitHub Actions workflow commands: an annotation per finding, errors
first, as many of each kind as a step shows; and a Markdown job summary
appended to $GITHUB_STEP_SUMMARY when the variable is set."""

from __future__ import annotations

import os
import re

from loclint import summary
from loclint.report import escape

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
ORDER = ("error", "warning", "info")

# GitHub shows 10 error, 10 warning and 10 notice annotations of a step and
# drops the rest: more would only lengthen the log.
ANNOTATIONS = 10
SUMMARY_PAGES = 20  # the worst pages in the job summary
SUMMARY_ERRORS = 50  # introduced errors shown with their English text


def _data(value: str) -> str:
    # Escaped first: no line end of a page's text reaches the log as one.
    return escape(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _annotation(f) -> str:
    title = f.rule + (f" ({f.origin})" if f.origin else "")
    end = f",endColumn={f.end_column}" if f.end_column else ""
    return (f"::{LEVELS[f.severity]} file={_prop(f.path)},line={f.line},col={f.column}{end},"
            f"title={_prop(title)}::{_data(f.message + (f' (source: {f.source})' if f.source else ''))}\n")


def render(findings, files, *, annotations=ANNOTATIONS, summary_path=None, baselined=0, **_):
    summary_path = summary_path or os.environ.get("GITHUB_STEP_SUMMARY")
    wrote = None
    if summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as handle:  # appended: other steps write there too
                handle.write(job_summary(findings, files, baselined))
            wrote = True
        except OSError as err:
            wrote = False
            yield f"loclint: cannot write the job summary to {escape(summary_path)}: {err.strerror}\n"
    # One walk of the findings (they may wait on disk): the first of each kind kept, the rest counted.
    shown, left = {s: [] for s in ORDER}, dict.fromkeys(ORDER, 0)
    for f in findings:
        if len(shown[f.severity]) < annotations:
            shown[f.severity].append(f)
        else:
            left[f.severity] += 1
    for severity in ORDER:
        yield from map(_annotation, shown[severity])
    if sum(left.values()):
        kinds = ", ".join(f"{n} {LEVELS[s]}{'s' if n != 1 else ''}" for s, n in left.items() if n)
        where = "the job summary counts them all; " if wrote else ""
        yield (f"loclint: {sum(left.values())} more findings not annotated ({kinds}): GitHub shows "
               f"{annotations} of each kind per step; {where}`loclint check` lists every one\n")


_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def md(text: str) -> str:
    """Page text as literal Markdown: each punctuation character escaped
    (no link, image, HTML or table cell of the page's own), control
    characters shown as escapes."""
    return _MARKDOWN.sub(r"\\\1", escape(text))


def code(text: str) -> str:
    """Page text as a Markdown code span: shown as it is, never read as
    Markdown (a `|` escaped, as a table cell needs)."""
    text = escape(text).replace("|", "\\|")
    ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}" if text.strip() else ""


def _counts(row: summary.Row) -> str:
    return f"{row.error} | {row.warning} | {row.info} | {row.introduced} | {row.inherited} | {row.fixable}"


def job_summary(findings, files, baselined: int = 0) -> str:
    """The per-rule and per-page tables and the introduced errors with the
    English text beside the translated one, as GitHub-flavoured Markdown."""
    counted = summary.tally(findings)
    total, pages = counted.total, counted.pages
    n = len(findings)
    out = [f"## loclint: {n} finding{'s' if n != 1 else ''} in {len(pages)} of {len(files)} "
           f"page{'s' if len(files) != 1 else ''}", ""]
    if baselined:
        out += [f"{baselined} more in the baseline, not shown.", ""]
    if not findings:
        return "\n".join(out) + "\n"
    out += [f"{total.error} errors, {total.warning} warnings, {total.info} info; "
            f"{total.introduced} introduced by the translation, {total.inherited} inherited from the English pages"
            + (f", {total.unpaired} on pages without a source page" if total.unpaired else "")
            + f"; {total.fixable} fixable with `--fix`"
            + (f", {total.unsafe} more with `--unsafe-fixes`" if total.unsafe else "") + ".", ""]
    head = "| errors | warnings | info | introduced | inherited | fixable |"
    out += ["### Rules", "", "| rule " + head, "|---" + "|--:" * 6 + "|"]
    out += [f"| `{row.name}` | {_counts(row)} |" for row in counted.rules]
    out += ["", f"### Pages, worst first{f' ({SUMMARY_PAGES} of {len(pages)})' if len(pages) > SUMMARY_PAGES else ''}",
            "", "| page " + head, "|---" + "|--:" * 6 + "|"]
    out += [f"| {code(row.name)} | {_counts(row)} |" for row in pages[:SUMMARY_PAGES]]
    errors, count = [], 0
    for f in findings:
        if f.severity == "error" and summary.actor(f) == "introduced":
            count += 1
            if count <= SUMMARY_ERRORS:
                errors.append(f)
    if errors:
        shown = f" ({SUMMARY_ERRORS} of {count})" if count > SUMMARY_ERRORS else ""
        out += ["", f"### Introduced errors, the English beside the translation{shown}", "",
                "| where | rule | finding | English | translation |", "|---|---|---|---|---|"]
        out += [f"| {code(f'{f.path}:{f.line}')} | `{f.rule}` | {md(f.message)} | {code(f.source_excerpt or '')} "
                f"| {code(f.excerpt or '')} |" for f in errors]
    return "\n".join(out) + "\n"
