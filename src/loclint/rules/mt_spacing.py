"""mt-spacing: a space before `: ; , . ! ? )` or after `(` in prose, or two
or more spaces inside a sentence."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from loclint import afm, differences, facts
from loclint.finding import Edit, Fix, Hit
from loclint.rule import Rule
from loclint.rules import token_spacing

RULE = Rule(id="mt-spacing", severity="warning", nodes=("inline", "root"), fixable=True,
            summary='A space before punctuation or after "(", or two spaces inside a sentence.')

_NS = r"[^\s\0]"
_AFTER_PAREN = re.compile(rf"\(( +)(?={_NS})")
_DOUBLE = re.compile(rf"(?<={_NS})( {{2,}})(?={_NS})")
# Characters shown in parentheses, `( )`, `( ? )`, `( { } )`: literals, not prose.
_SHOWN = re.compile(r"\( +(?:(?:&#?\w{1,10};|[^\w\s()]){1,3} +){0,3}\)")
_HEADING_ID = re.compile(r"\{#[^{}\s]+\}[ \t]*$")
# A parenthesis padded inside, `( ![icon](a.svg) )`, `( Outbound* )`.
_PADDED_PAREN = re.compile(r"\( +\S|[^\s(] +\)")
_PAREN_WHATS = ("a space after `(`", "a space before `)`")
# Where any of the rule's spacings could be: a quick test before the real ones.
_ANY_SPACING = re.compile(r"  |\( | [,;).!?:]")
_BASE_PUNCT = ",;)"


@lru_cache(maxsize=16)
def _before_punct(others: str, dots: str, colon: bool) -> re.Pattern:
    """A space before punctuation that closes something, after text or a
    code span or link (masked). What may follow is checked so that ` .NET`,
    ` ![image]` and ` :-)` are left alone; `nms :recipient` is reported."""
    parts = []
    if others:
        parts.append(f"[{re.escape(others)}]")
    if dots:
        parts.append(f"[{re.escape(dots)}](?=[\\s)*\"']|$)")
    if colon:
        parts.append(r":(?=[\s\w]|$)")
    return re.compile(rf"(?<=[^\s])( +)({'|'.join(parts)})")


def _pattern(pack) -> re.Pattern:
    unspaced = pack.unspaced_punctuation(_BASE_PUNCT)
    dots = "".join(c for c in ".!?" if c not in pack.spaced_punctuation)
    return _before_punct(unspaced, dots, ":" not in pack.spaced_punctuation)


def _near_token(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Spaces that touch or pad an AFM token are token-spacing's,
    token-malformed's or afm-keyword's to report: some token starts at or
    before `end` and ends at or after `start`. `starts` are the tokens'
    starts in order, `reach[k]` the furthest end of the first k+1 tokens
    (a bisection, not a scan of every token for every spacing)."""
    k = bisect_right(starts, end)
    return k > 0 and reach[k - 1] >= start


def _spacings(text: str, pattern: re.Pattern):
    """(start, end, what, offset, length, replacement) of each spacing in
    `text` (masked prose: code and link targets are NUL)."""
    shown = [m.span() for m in _SHOWN.finditer(text)] if "( " in text else []

    def literal(at: int) -> bool:
        return any(s <= at < e for s, e in shown)

    for m in pattern.finditer(text):
        punct = m.group(2)[0]
        if text[m.start() - 1] in ".!?" and punct == ".":
            continue  # an ellipsis written with spaces
        if not literal(m.start()):
            yield m.start(), m.end(), f"a space before `{punct}`", m.start(1), len(m.group(1)), ""
    for m in _AFTER_PAREN.finditer(text):
        if not literal(m.start()):
            yield m.start(), m.end(), "a space after `(`", m.start(1), len(m.group(1)), ""
    for m in _DOUBLE.finditer(text):
        if "|" in (text[m.start() - 1], text[m.end()]):
            continue  # columns lined up in a table-like paragraph
        if text[m.start() - 1] in ".!?:" and not text[m.end()].islower():
            continue  # two spaces after a full stop are a typing convention; not before a lower-case word
        if _HEADING_ID.match(text, m.end()):
            continue  # before a heading id: taken off, nothing shows
        yield m.start(), m.end(), f"{len(m.group(1))} spaces inside a sentence", m.start(1), len(m.group(1)), " "


def _padded_both_sides(text: str, at: int) -> bool:
    """Whether the parenthesis at `at` (an opening or closing one) and its
    partner are both padded, `( x )`: a style; `( x)` is a slip."""
    step, opening = (1, "(") if text[at] == "(" else (-1, ")")
    closing = ")" if opening == "(" else "("
    depth, pos = 0, at
    while 0 <= pos < len(text) and abs(pos - at) < 400 and text[pos] != "\n":
        if text[pos] == opening:
            depth += 1
        elif text[pos] == closing:
            depth -= 1
            if depth == 0:
                inner = text[pos - 1] if step > 0 else text[pos + 1 : pos + 2]
                return inner == " "
        pos += step
    return False


def _context(text: str, raw: str, start: int, end: int) -> str:
    """What the source page must hold for the spacing to be its style: after
    `(`, what the paren opens (`( ![icon]`, the words before are translated);
    else two characters before it, or the whole code span or link target it
    follows."""
    if text[start] == "(":
        return raw[start : end + 2]
    left = max(start - 2, 0)
    if text[start - 1] == afm.MASK:
        left = start - 1
        while left > 0 and text[left - 1] == afm.MASK and start - left < 80:
            left -= 1
    return raw[left : end + 1]


@facts.per_page
def _padded_blocks(page, source) -> frozenset[int]:
    """The blocks of `page` (first lines) whose aligned source block pads a
    parenthesis: its words are translated, so only the place can say the
    padding is the source's style."""
    lines = set()
    for inline in facts.inline_blocks(source):
        if "( " in inline.content or " )" in inline.content:
            if _PADDED_PAREN.search(facts.inline_scan(source, inline)[0]):
                lines.add(differences.aligned_line(source, page, inline.map[0] + 1))
    return frozenset(lines)


def _inherited(ctx, page, inline, text: str, raw: str, start: int, end: int, what: str) -> bool:
    """The same spacing in the source page is the source's style, not MT's:
    the same characters around it, or, for a parenthesis padded on both
    sides, a padded one in the aligned source block."""
    if ctx.source is None:
        return False
    paren = what in _PAREN_WHATS
    if paren and not _padded_both_sides(text, start if text[start] == "(" else end - 1):
        return False
    context = _context(text, raw, start, end)
    if len(context) > 2 and context in ctx.source.text:
        return True
    return paren and differences.block_of(page, inline.map[0] + 1) in _padded_blocks(page, ctx.source)


def _key(text: str, raw: str, start: int, end: int, what: str) -> str:
    """What makes the finding the same as one of the source: a parenthesis
    padded on one side only (`( x)`) is never the same as `( x )`."""
    key = what + _context(text, raw, start, end)
    if what in _PAREN_WHATS and not _padded_both_sides(text, start if text[start] == "(" else end - 1):
        key += " (one side)"
    return key


def check(node, ctx, options):
    pack = ctx.settings.locale(ctx.lang)[0]
    source_text = ctx.source.text if ctx.source is not None else ""
    if node.type == "root":
        yield from _check_front_matter(ctx.page, _pattern(pack), source_text)
        return
    page = ctx.page
    inline = node.token
    raw = inline.content
    if not _ANY_SPACING.search(raw):
        return  # none of the spacings this rule looks for
    text, tokens = facts.inline_scan(page, inline)
    extents = sorted(token_spacing.extent(text, t) for t in tokens)
    starts = [s for s, _ in extents]
    reach = list(accumulate((e for _, e in extents), max))
    for start, end, what, at, length, replacement in sorted(_spacings(text, _pattern(pack))):
        if _near_token(starts, reach, start, end):
            continue
        if _inherited(ctx, page, inline, text, raw, start, end, what):
            continue
        line, col = page.inline_position(inline, start)
        # Unsafe: MT spacing is usually wrong, but the tool cannot know the
        # writer did not mean it (a French quotation, an aligned list).
        fix = Fix((Edit(*page.inline_position(inline, at), length, replacement),), unsafe=True)
        yield Hit(line, col, f"{what}: `{_snippet(raw, start, end)}`", end_column=col + end - start,
                  key=_key(text, raw, start, end, what), fix=fix)


def _snippet(raw: str, start: int, end: int) -> str:
    return " ".join(raw[max(start - 8, 0) : end + 3].split("\n")).strip()


def _check_front_matter(page, pattern: re.Pattern, source_text: str):
    """The same spacings in the one-line `title` and `description` values."""
    for index, lo, value in token_spacing.prose_values(page):
        if not _ANY_SPACING.search(value):
            continue
        extents = sorted(token_spacing.extent(value, t) for t in afm.scan_tokens(value))
        starts = [s for s, _ in extents]
        reach = list(accumulate((e for _, e in extents), max))
        for start, end, what, at, length, replacement in sorted(_spacings(value, pattern)):
            if _near_token(starts, reach, start, end):
                continue
            context = value[max(start - 2, 0) : end + 1]
            if source_text and len(context) > 2 and context in source_text:
                continue
            fix = None
            if token_spacing.keeps_yaml(page, index, lo, value, [(at, length, replacement)]):
                fix = Fix((Edit(index + 1, lo + at + 1, length, replacement),), unsafe=True)
            yield Hit(index + 1, lo + start + 1, f"{what}: `{_snippet(value, start, end)}`",
                      end_column=lo + end + 1, key=what + context, fix=fix)
