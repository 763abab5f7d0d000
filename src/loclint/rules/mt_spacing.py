"""mt-spacing: a space before `: ; , . ! ? )` or after `(` in prose, or two
or more spaces inside a sentence."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from loclint import facts
from loclint.finding import Edit, Fix, Hit
from loclint.rule import Rule

RULE = Rule(id="mt-spacing", severity="warning", nodes=("inline",), fixable=True,
            summary='A space before punctuation or after "(", or two spaces inside a sentence.')

_NS = r"[^\s\0]"
# A space before punctuation that closes something; what may follow the
# punctuation is checked so that ` .NET`, ` ![image]` and ` :-)` are left alone.
_BEFORE_PUNCT = re.compile(rf"(?<={_NS})( +)([,;)]|[.!?](?=[\s)*\"']|$)|:(?=[\s\d]|$))")
_AFTER_PAREN = re.compile(rf"\(( +)(?={_NS})")
_DOUBLE = re.compile(rf"(?<={_NS})( {{2,}})(?={_NS})")
_FRENCH_SPACED = ":;!?"
# Where any of the above could be: a quick test before the real ones.
_ANY_SPACING = re.compile(r"  |\( | [,;).!?:]")


def _near_token(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Spaces that touch or pad an AFM token are token-spacing's,
    token-malformed's or afm-keyword's to report: some token starts at or
    before `end` and ends at or after `start`. `starts` are the tokens'
    starts in order, `reach[k]` the furthest end of the first k+1 tokens
    (a bisection, not a scan of every token for every spacing)."""
    k = bisect_right(starts, end)
    return k > 0 and reach[k - 1] >= start


def check(node, ctx, options):
    page = ctx.page
    inline = node.token
    raw = inline.content
    if not _ANY_SPACING.search(raw):
        return  # none of the spacings this rule looks for
    text, tokens = facts.inline_scan(page, inline)
    french = (ctx.lang or "").lower().startswith("fr")
    source_text = ctx.source.text if ctx.source is not None else ""
    tokens = sorted(tokens, key=lambda t: t.start)
    starts = [t.start for t in tokens]
    reach = list(accumulate((t.end for t in tokens), max))
    found = []
    for m in _BEFORE_PUNCT.finditer(text):
        punct = m.group(2)[0]
        if french and punct in _FRENCH_SPACED:
            continue
        if text[m.start() - 1] in ".!?" and punct == ".":
            continue  # an ellipsis written with spaces
        found.append((m.start(), m.end(), f"a space before `{punct}`", m.start(1), len(m.group(1)), ""))
    for m in _AFTER_PAREN.finditer(text):
        found.append((m.start(), m.end(), "a space after `(`", m.start(1), len(m.group(1)), ""))
    for m in _DOUBLE.finditer(text):
        if text[m.start() - 1] in ".!?:":
            continue  # two spaces after a full stop are a typing convention
        found.append((m.start(), m.end(), f"{len(m.group(1))} spaces inside a sentence", m.start(1), len(m.group(1)), " "))
    for start, end, what, at, length, replacement in sorted(found):
        if _near_token(starts, reach, start, end):
            continue
        # The same spacing in the source page is the source's style, not MT's.
        context = text[max(start - 2, 0) : end + 1].lstrip("\0")
        if source_text and len(context) > 2 and "\0" not in context and context in source_text:
            continue
        line, col = page.inline_position(inline, start)
        snippet = " ".join(text[max(start - 8, 0) : end + 3].replace("\0", "").split("\n"))
        # Unsafe: MT spacing is usually wrong, but the tool cannot know the
        # writer did not mean it (a French quotation, an aligned list).
        fix = Fix((Edit(*page.inline_position(inline, at), length, replacement),), unsafe=True)
        yield Hit(line, col, f"{what}: `{snippet.strip()}`", end_column=col + end - start, key=what + context, fix=fix)
