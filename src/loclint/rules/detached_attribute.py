"""detached-attribute: a Markdown attribute block that machine translation
separated from the link or image it belongs to, so that it shows as text."""

from __future__ import annotations

import re

from loclint import facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="detached-attribute", severity="error", nodes=("inline",),
            summary='An attribute block ({target="_blank"}, {width=...}) torn off its link or image, so it shows as text.')

_ATTRIBUTES = re.compile(r"\{[ \t]*(?:[A-Za-z][\w-]{0,40}[ \t]*=[^{}\n]{0,300}|\.[\w-]{1,100})\}")


def check(node, ctx, options):
    page = ctx.page
    inline = node.token
    text, tokens = facts.inline_scan(page, inline)
    ends = {t.meta.get("end") for t in facts.inline_children(page, inline) if t.type in ("link_open", "image") and t.meta}
    ends |= {t.end for t in tokens if t.closed}  # [!BADGE Beta]{type=Informative}
    # An image's alt text is never shown as text: what is in it shows nowhere.
    alts = [(t.meta["start"] + 2, t.meta["label_end"]) for t in facts.inline_children(page, inline)
            if t.type == "image" and t.meta and "label_end" in t.meta]
    for m in _ATTRIBUTES.finditer(text):
        if m.start() in ends or any(lo <= m.start() < hi for lo, hi in alts):
            continue
        if not text[: m.start()].strip() and not text[m.end() :].strip():
            continue  # a block attribute on a line of its own (after a table, an image)
        line, col = page.inline_position(inline, m.start())
        yield Hit(line, col, f"attribute block `{m.group()}` is detached from the link or image it belongs to "
                             "and will show as text", key=m.group())
