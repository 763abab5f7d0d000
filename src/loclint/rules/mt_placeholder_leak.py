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
        # Braces the source writes at the same place (`( { } )`) are its text, not a leak.
        if source_text and raw[max(m.start() - 2, 0) : m.end() + 2] in source_text:
            continue
        written = raw[m.start() : m.end()]  # the page's own text, not the prose mask
        line, col = page.inline_position(inline, m.start())
        yield Hit(line, col, f"MT placeholder `{written}` left in the text", end_column=col + len(written),
                  key=written)
