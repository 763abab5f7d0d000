"""pipeline-leftover: what a translation pipeline or a language model left in
the page: `-ERR:REF-NOT-FOUND-` markers, `<|endoftext|>` special tokens, a
whole page body wrapped in one code fence."""

from __future__ import annotations

import re

from loclint import afm, facts
from loclint.finding import Hit
from loclint.rule import Rule
from loclint.rules import token_spacing

RULE = Rule(
    id="pipeline-leftover",
    summary="A translation pipeline's error marker (-ERR:REF-NOT-FOUND-), a model's special token (<|endoftext|>), "
            "or a whole page wrapped in one code fence.",
    severity="error",
    nodes=("inline", "root"),
    fixable=False,
)

# An error marker in capitals after `ERR:` (`-ERR:REF-NOT-FOUND-`, the
# dashes the pipeline puts around it included), or a model's special token
# (`<|endoftext|>`, `<|im_end|>`, DeepSeek's full-width `<｜end▁of▁sentence｜>`).
_MARKER = re.compile(
    r"-?\bERR:[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*-?"
    r"|<\|[A-Za-z_][\w.:/-]{0,60}\|>|<｜[^｜\s<>]{1,60}｜>"
)
_MAY_HOLD = ("ERR:", "<|", "<｜")
# A fence a model writes its answer in: Markdown, or no language at all.
_MARKDOWN_INFO = {"", "markdown", "md", "mdx"}
# What shows the fence holds a page, not a code sample: a heading or a link.
_PAGE_LIKE = re.compile(r"^ {0,3}#{1,6} \S|\]\([^)\s]+\)", re.MULTILINE)


def check(node, ctx, options):
    if node.type == "root":
        yield from _check_page(ctx.page)
        return
    inline = node.token
    if not any(s in inline.content for s in _MAY_HOLD):
        return
    text = facts.inline_scan(ctx.page, inline)[0]  # code spans and link targets are not what a reader sees as text
    for m in _MARKER.finditer(text):
        yield _hit(*ctx.page.inline_position(inline, m.start()), m.group())


def _hit(line: int, col: int, marker: str) -> Hit:
    what = "a translation pipeline's error marker" if "ERR:" in marker else "a language model's special token"
    return Hit(line, col, f"`{marker}` is {what} left in the page; expected the translated text",
               end_column=col + len(marker), key=marker)


def _check_page(page):
    for index, lo, value in token_spacing.prose_values(page):
        if any(s in value for s in _MAY_HOLD):
            for m in _MARKER.finditer(value):
                yield _hit(index + 1, lo + m.start() + 1, m.group())
    for token in page.tokens:
        if token.type == "html_block" and any(s in token.content for s in _MAY_HOLD):
            comments = afm.comment_spans(token.content)
            at = page.locator(token)
            for m in _MARKER.finditer(token.content):
                if not any(s <= m.start() < e for s, e in comments):
                    yield _hit(*at(m.start()), m.group())
    blocks = [t for t in page.tokens if t.map and t.level == 0 and not t.type.endswith("_close")]
    if len(blocks) == 1 and blocks[0].type == "fence":
        fence = blocks[0]
        if fence.info.strip().lower() in _MARKDOWN_INFO and _PAGE_LIKE.search(fence.content):
            line, col = page.block_position(fence)
            yield Hit(line, col, f"the whole page is one code fence (```{fence.info.strip()}): "
                                 "a model's answer pasted as it was; expected the page's Markdown itself",
                      key="page in a fence")
