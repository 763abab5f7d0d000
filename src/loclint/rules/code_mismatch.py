"""code-mismatch: a fenced code block or a code span differs from the
source page's: code is never translated."""

from __future__ import annotations

import re
from dataclasses import replace

from difflib import SequenceMatcher

from loclint import alignment, differences, facts, urls
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="code-mismatch", severity="error", nodes=("root",), needs_source=True, compares_source=True,
            summary="A fenced code block or a code span differs from the source page's.")


def check(node, ctx, options):
    page, source = ctx.page, ctx.source
    align = alignment.alignment(page, source)
    keep = differences.evident(ctx, _ALIKE)
    for pair in align.pairs:
        s, t = pair.source, pair.target
        # Indented code blocks are left out: in docs they are mostly prose
        # indented by accident, which the translation rightly translates.
        if s is None or t is None or s.kind != "fence" or t.kind != "fence" or s.signature == t.signature:
            continue
        s_lines, t_lines = alignment.code_lines(s.fence), alignment.code_lines(t.fence)
        k = next((i for i, (a, b) in enumerate(zip(s_lines, t_lines)) if a[1] != b[1]), min(len(s_lines), len(t_lines)))
        t_at, s_at = _line_of(t, t_lines, k), _line_of(s, s_lines, k)
        if keep is not None and not (k < len(s_lines) and k < len(t_lines)
                                     and SequenceMatcher(None, s_lines[k][1], t_lines[k][1]).ratio() >= _ALIKE):
            continue  # against today's English, a line added or rewritten may be the English's
        if k < len(s_lines) and k < len(t_lines):
            what = f"`{_short(t_lines[k][1])}` here, `{_short(s_lines[k][1])}` in the source"
        elif k < len(s_lines):
            what = f"the source's `{_short(s_lines[k][1])}` and what follows it is missing here"
        else:
            what = f"`{_short(t_lines[k][1])}` and what follows it is not in the source"
        yield Hit(t_at, 1, f"code block differs from the source's (line {s_at}): {what}", anchored=pair.anchored)
    for d in alignment.differences(align, _spans(source), _spans(page)):
        if keep is not None and not keep(d):
            continue
        if d.how == "changed":
            yield Hit(d.target.line, d.target.column, f"code span `{d.target.value}` differs from the source's "
                      f"`{d.source.value}` in the aligned {d.pair.source.describe()}", anchored=d.anchored)
        elif d.how == "added":
            yield Hit(d.target.line, d.target.column,
                      f"code span `{d.target.value}` is not in the aligned {d.pair.source.describe()} of the source",
                      anchored=d.anchored)
        else:
            yield Hit(d.pair.target.line, 1, f"code span `{d.source.value}` of the source's "
                      f"{d.pair.source.describe()} is missing here", anchored=d.anchored)


def _spans(page) -> list[facts.Item]:
    """The page's code spans; a URL with what localisation changes in it
    taken out (`?lang=nl-NL` added to a URL shown as code is no change)."""
    return [replace(i, value=urls.normalize_url(i.value)) if _URL.match(i.value) else i for i in facts.code_spans(page)]


_ALIKE = 0.6  # a changed line or span this alike to the source's was mangled, not rewritten
_URL = re.compile(r"https?://\S+\Z")


def _line_of(block, lines, k: int) -> int:
    """The line on disk of the block's k-th line that counts (its last when
    it has fewer): a fence's content starts on the line after it opens."""
    if not lines:
        return block.line
    return block.line + (block.kind == "fence") + lines[min(k, len(lines) - 1)][0]


def _short(line: str, width: int = 50) -> str:
    line = line.strip()
    return line if len(line) <= width else line[: width - 1] + "…"
