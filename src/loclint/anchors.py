"""The anchors a page offers: explicit `{#id}`s, the GitHub slugs of its
headings, HTML `id`/`name` attributes."""

from __future__ import annotations

import re

from loclint import afm
from loclint.page import Page

_TOKEN_IN_TEXT = re.compile(r"\[!(?:DNL|UICONTROL) ([^\]]*)\]")


def slug(text: str) -> str:
    """GitHub-style heading anchor."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def page_anchors(page: Page) -> frozenset[str]:
    """Every anchor a page offers, lower-cased: explicit `{#id}`s, GitHub
    slugs of its headings (with and without AFM tokens), HTML id/name."""
    anchors: set[str] = set()
    counts: dict[str, int] = {}
    tokens = page.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            explicit = afm.heading_id(inline)
            if explicit:
                anchors.add(explicit.lower())
            raw = afm.HEADING_ID.sub("", inline.content)
            plain = "".join(
                c.content for c in afm.walk_inline(inline) if c.type in ("text", "text_special", "code_inline")
            )
            plain = afm.HEADING_ID.sub("", plain)
            _add_heading(anchors, counts, plain, raw)
        elif token.type in ("html_block", "inline"):
            for tag in _tags_of(token):
                for name in ("id", "name"):
                    attr = tag.get(name)
                    if attr and attr.value:
                        anchors.add(attr.value.lower())
    return frozenset(anchors)


def _add_heading(anchors: set[str], counts: dict[str, int], plain: str, raw: str) -> None:
    """The slugs of a heading (its text, with AFM tokens as their words, as
    written), numbered -1, -2, ... when a slug repeats, as GitHub does."""
    for variant in {plain, _TOKEN_IN_TEXT.sub(r"\1", raw), raw}:
        base = slug(variant)
        n = counts.get(base, 0)
        counts[base] = n + 1
        anchors.add(base if n == 0 else f"{base}-{n}")
        anchors.add(base)


def _tags_of(token):
    if token.type == "html_block":
        yield from afm.html_tags(token.content)
    else:
        for child in token.children or []:
            if child.type == "html_inline":
                yield from afm.html_tags(child.content)
