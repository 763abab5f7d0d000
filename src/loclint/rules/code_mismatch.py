"""code-mismatch: a fenced code block or a code span differs from the
source page's: code is never translated."""

from __future__ import annotations

from loclint import differences, facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="code-mismatch", severity="error", nodes=("root",), needs_source=True, compares_source=True,
            summary="A fenced code block or a code span differs from the source page's.")


def check(node, ctx, options):
    page = ctx.page
    source = ctx.source
    for (s_line, s_code), (t_line, t_code) in zip(facts.fences(source), facts.fences(page)):
        if s_code != t_code:
            s_lines, t_lines = s_code.split("\n"), t_code.split("\n")
            k = next((i for i, (a, b) in enumerate(zip(s_lines, t_lines)) if a != b), min(len(s_lines), len(t_lines)))
            yield Hit(t_line + 1 + k, 1, f"code block differs from the source's (line {s_line + 1 + k}) from here on")
    s_spans, t_spans = facts.code_spans(source), facts.code_spans(page)
    lacks, adds = differences.multiset_diff([s.value for s in s_spans], [t.value for t in t_spans])
    if not lacks and not adds:
        return
    for s_item, t_item in zip(s_spans, t_spans):
        if s_item.value != t_item.value and (adds[t_item.value] or lacks[s_item.value]):
            yield Hit(t_item.line, t_item.column,
                      f"code span `{t_item.value}` differs from the source's `{s_item.value}` (line {s_item.line})")
            return
    if len(t_spans) > len(s_spans):
        extra = t_spans[len(s_spans)]
        yield Hit(extra.line, extra.column, f"code span `{extra.value}` is not in the source page")
    else:
        missing = s_spans[len(t_spans)]
        yield Hit(differences.aligned_line(source, page, missing.line), 1,
                  f"code span `{missing.value}` of the source (line {missing.line}) is missing here")
