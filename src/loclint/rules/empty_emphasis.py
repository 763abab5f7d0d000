"""empty-emphasis: bold or italics with nothing in them (`****`, `** **`,
`**&#x200B;**`)."""

from __future__ import annotations

import re

from loclint import facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="empty-emphasis", severity="warning", nodes=("inline",),
            summary="Bold or italics with nothing in them (****, ** **, **&#x200B;**).")

_BLANK = "[ \\t\u200b\u00a0]|&#x0*200[bB];|&#0*8203;|&nbsp;|&ZeroWidthSpace;"
# A delimiter run of two, nothing visible, the same run again: left as
# literal asterisks when markdown-it did not take it as emphasis.
# (The run comes first and what precedes it is looked at from behind it:
# a pattern that starts with an assertion tests it at every position.)
_LITERAL = re.compile(rf"(\*\*|__)(?<![*_\\]\*\*|[*_\\]__)(?:{_BLANK}){{0,20}}\1(?![*_])")
_INVISIBLE = set(" \t\u200b\u00a0\ufeff")


def check(node, ctx, options):
    page = ctx.page
    inline = node.token
    if "*" not in inline.content and "_" not in inline.content:
        return
    text = facts.inline_scan(page, inline)[0]
    if "*" not in text and "_" not in text:
        return  # only in code, URLs, HTML or escapes, where they make no emphasis
    children = facts.inline_children(page, inline)
    markup_runs = set()
    for i, tok in enumerate(children):
        if tok.type in ("strong_open", "em_open"):
            markup_runs.add(tok.meta.get("start"))
            close = tok.type.replace("_open", "_close")
            empty = True  # until something visible comes before the close
            # By index: islice would step over the i tokens before it again (quadratic).
            for j in range(i + 1, len(children)):
                nxt = children[j]
                if nxt.type == close and nxt.level == tok.level:
                    break
                if nxt.type not in ("text", "text_special") or not set(nxt.content) <= _INVISIBLE:
                    empty = False
                    break
            if empty:
                line, col = page.inline_position(inline, tok.meta["start"])
                yield Hit(line, col, f"empty {'bold' if tok.type == 'strong_open' else 'italics'}: "
                                     f"`{text[tok.meta['start']:tok.meta['start'] + 16]}`", key="markup")
        elif tok.type in ("strong_close", "em_close"):
            markup_runs.add(tok.meta.get("start"))
    for m in _LITERAL.finditer(text):
        if m.start() in markup_runs or (m.end() - 2) in markup_runs:
            continue  # markdown-it made emphasis of it: judged above
        line, col = page.inline_position(inline, m.start())
        yield Hit(line, col, f"empty emphasis shown as literal characters: `{m.group()}`", key=m.group())
