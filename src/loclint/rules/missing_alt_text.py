"""missing-alt-text: an image (Markdown or <img>) with no alt text, or a
blank one. `<img alt="">` (decorative) and hidden images need none."""

from __future__ import annotations

import html

from loclint import afm
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="missing-alt-text", severity="warning", nodes=("image", "html_inline", "html_block"),
            summary="A Markdown image or <img> with no alt text, or a blank one.")


def _hidden(tag) -> bool:
    """Whether an image is hidden from assistive technology (`aria-hidden="true"`,
    `role="presentation"` or `role="none"`)."""
    hidden, role = tag.get("aria-hidden"), tag.get("role")
    return bool((hidden and (hidden.value or "").strip().lower() == "true")
                or (role and (role.value or "").strip().lower() in ("presentation", "none")))


def _img_hits(text: str, position):
    for tag in afm.html_tags(text):
        if tag.name != "img":
            continue
        alt = tag.get("alt")
        src = tag.get("src")
        name = f"`{src.value}`" if src and src.value else "`<img>`"
        if _hidden(tag) or (alt is not None and alt.value == ""):
            continue  # out of the accessibility tree, or `alt=""`: a decorative image
        if alt is None or alt.value is None:
            yield Hit(*position(tag.start), f"image {name} has no alt attribute")
        elif not html.unescape(alt.value).strip(afm.PAD_CHARS):
            yield Hit(*position(tag.start), f"image {name} has a blank alt text; write one, or `alt=\"\"` if it is decorative")


def check(node, ctx, options):
    page = ctx.page
    token = node.token
    if node.type == "image":
        alt = "".join(c.content for c in afm.walk_inline(token) if c.type in ("text", "text_special", "code_inline"))
        if not alt.strip(afm.PAD_CHARS):
            line, col = page.inline_position(token)
            yield Hit(line, col, f"image `{token.attrGet('src')}` has no alt text")
    else:
        yield from _img_hits(token.content, page.locator(token))
