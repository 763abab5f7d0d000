"""empty-link-text: a link whose visible text is empty, blank or only
zero-width spaces."""

from __future__ import annotations

from loclint import afm
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="empty-link-text", severity="error", nodes=("link",),
            summary="A link whose visible text is empty, blank or only zero-width spaces.")

_TEXT_TYPES = ("text", "text_special", "code_inline")


def visible_text(node) -> str | None:
    """The text a reader sees, or None when the link shows an image or HTML."""
    parts = []
    for token in node.inner:
        if token.type in ("image", "html_inline"):
            return None
        if token.type in _TEXT_TYPES:
            parts.append(token.content)
    return "".join(parts)


def check(node, ctx, options):
    page = ctx.page
    text = visible_text(node)
    if text is None or text.strip(afm.PAD_CHARS):
        return
    opening = node.opening
    line, col = page.inline_position(opening)
    label = opening.meta["src"].content[opening.meta["start"] : opening.meta.get("label_end", -1) + 1]
    href = node.attrs.get("href", "")
    yield Hit(line, col, f"link to `{href}` has no visible text: `{label}`", key=str(href))
