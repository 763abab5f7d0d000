"""mt-placeholder-leak: machine-translation placeholders left in the text:
`0}`, `{1`, `&lbrace;`/`&rbrace;`, braces that belong to no construct."""

from __future__ import annotations

import re

from loclint import facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="mt-placeholder-leak", severity="error", nodes=("inline",),
            summary="Machine-translation placeholders left in the text (0}, {1, &lbrace;, &rbrace;, stray braces).")

# What braces legitimately do in AFM: snippets, heading ids, attribute
# blocks ({target=...}, {style=...}, {type=...}), classes.
_LEGIT = re.compile(
    r"\{\{[^{}\n]{0,300}\}\}|\{#[^{}\s]{1,200}\}|\{[^{}\n=]{0,200}=[^{}\n]{0,300}\}|\{\.[\w-]{1,100}\}"
    r"|\{[A-Za-z_][\w.-]{0,100}\}"  # a template variable: marketing.{channel}.val
)
_BRACE_ENTITY = re.compile(r"&(?:[lr]brace|#12[35]|#[xX]0*7[bBdD]);")
# In order: a braced stretch MT wrapped ({het overzicht van 0}), a stray
# `0}` or `{1`, any other brace.
_LEAK = re.compile(r"\{[^{}\n]{0,200}\}|(?<![\w{])\d{1,2}\}|\{\d{1,2}(?![\d}])|[{}]")


def _in_source(raw: str, start: int, end: int, source_text: str) -> bool:
    """Braces the source writes too, with what stands beside them (`( { } )`,
    `\\d{2}`, ` {0} `), are its text, not a leak; a lone brace needs more
    of its surroundings to say so."""
    lo = max(start - 2, 0)
    sides = [raw[lo : end + 2], raw[max(start - 3, 0) : end + 1]]
    if end - start >= 3:
        sides += [raw[start - 1 : end] if start else raw[start:end], raw[start : end + 1]]
    return any(len(side) > 2 and side in source_text for side in sides)


_GROUP = re.compile(r"\{[^{}\n]{0,200}\}")
_SPACE = re.compile(r"\s+")


def _squashed(group: str) -> str:
    return _SPACE.sub("", group).casefold()


@facts.per_page
def _source_groups(source) -> frozenset[str]:
    """The source page's braced stretches (`{CONTOSO.NTF}`), spaces taken out
    and case folded: MT respaces and recases them (`{CONTOSO. NTF}`,
    `{schema. nsf}`), which leaves them the source's text, not a leak."""
    return frozenset(_squashed(g) for g in _GROUP.findall(source.text))


def check(node, ctx, options):
    page = ctx.page
    inline = node.token
    raw = inline.content
    if "{" not in raw and "}" not in raw and ("&" not in raw or not _BRACE_ENTITY.search(raw)):
        return  # nothing a placeholder could be made of (most `&` are other references)
    text = facts.inline_scan(page, inline)[0]
    # Entities first, then blank them and every legitimate construct out.
    blanked = list(text)
    for m in _BRACE_ENTITY.finditer(text):
        line, col = page.inline_position(inline, m.start())
        yield Hit(line, col, f"MT placeholder `{m.group()}` left in the text", end_column=col + len(m.group()),
                  key=m.group())
        blanked[m.start() : m.end()] = " " * (m.end() - m.start())
    for m in _LEGIT.finditer(text):
        blanked[m.start() : m.end()] = " " * (m.end() - m.start())
    rest = "".join(blanked)
    source_text = ctx.source.text if ctx.source is not None else ""
    for m in _LEAK.finditer(rest):
        if source_text and _in_source(raw, m.start(), m.end(), source_text):
            continue
        written = raw[m.start() : m.end()]  # the page's own text, not the prose mask
        if source_text and len(written) > 2 and _squashed(written) in _source_groups(ctx.source):
            continue
        line, col = page.inline_position(inline, m.start())
        yield Hit(line, col, f"MT placeholder `{written}` left in the text", end_column=col + len(written),
                  key=written)
