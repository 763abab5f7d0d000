"""The anchors a page offers: explicit `{#id}`s, the GitHub slugs of its
headings, HTML `id` attributes and `<a name>`."""

from __future__ import annotations

import re
import unicodedata

from loclint import afm
from loclint.page import Page, heading_tokens

_TOKEN_IN_TEXT = re.compile(r"\[!(?:DNL|UICONTROL) ([^\]]*)\]")
# GitHub's line links (`#L7`, `#L3C24-L88`): a range's columns need both ends.
_LINE_LINK = re.compile(r"L\d+(?:C\d+)?-L\d+(?:C\d+)?|L\d+")


def slug(text: str) -> str:
    """GitHub's heading anchor (github-slugger): lower-cased; every character
    but letters, marks, numbers, connector punctuation, `-` and spaces
    removed (emoji too); each space a `-`. Nothing is trimmed."""
    kept = [c for c in text.lower() if c in " -" or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc"]
    return "".join(kept).replace(" ", "-")


def implicit(fragment: str) -> bool:
    """A fragment every page has: `#top` (the HTML spec) and GitHub's line links."""
    return fragment.lower() == "top" or _LINE_LINK.fullmatch(fragment) is not None


def page_anchors(page: Page) -> frozenset[str]:
    """Every anchor a page offers, lower-cased: explicit `{#id}`s, slugs of
    its headings (as GitHub and as AFM render them), HTML ids and `<a name>`."""
    return of_tokens(page.tokens)


def of_text(text: str) -> frozenset[str]:
    """The anchors of a page not otherwise parsed (one a link points to),
    from its text: only its headings and HTML are parsed inline."""
    return of_tokens(heading_tokens(text))


def of_tokens(tokens) -> frozenset[str]:
    """The anchors of a page's tokens (only the inline children of its
    headings and of the blocks holding HTML are read)."""
    anchors: set[str] = set()
    counts: dict[str, dict[str, int]] = {"github": {}, "afm": {}, "written": {}}
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            explicit = afm.heading_id(inline)
            if explicit:
                anchors.add(explicit.lower())
            text = heading_text(inline)
            written = afm.HEADING_ID.sub("", text).rstrip()  # AFM drops the id and the space before it
            views = {"github": text, "afm": _TOKEN_IN_TEXT.sub(r"\1", written), "written": written}
            for view, variant in views.items():
                _add_numbered(anchors, counts[view], slug(variant))
        elif token.type in ("html_block", "inline"):
            for tag in _tags_of(token):
                names = ("id", "name") if tag.name == "a" else ("id",)
                for name in names:
                    attr = tag.get(name)
                    if attr and attr.value:
                        anchors.add(attr.value.lower())
    return frozenset(anchors)


def heading_text(inline) -> str:
    """What a reader sees of a heading (its text content): text, escapes and
    code; not HTML, and not the alt text of an image."""
    parts = []
    stack = list(reversed(inline.children or []))
    while stack:
        child = stack.pop()
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.children and child.type != "image":
            stack.extend(reversed(child.children))
    return "".join(parts)


def _add_numbered(anchors: set[str], counts: dict[str, int], base: str) -> None:
    """A slug, numbered -1, -2, ... when it repeats, as GitHub does."""
    n = counts.get(base, 0)
    counts[base] = n + 1
    anchors.add(base if n == 0 else f"{base}-{n}")


def _tags_of(token):
    if token.type == "html_block":
        yield from afm.html_tags(token.content)
    else:
        for child in token.children or []:
            if child.type == "html_inline":
                yield from afm.html_tags(child.content)
