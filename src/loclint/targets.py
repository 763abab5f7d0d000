"""The link targets of a page with their positions: links, images,
reference definitions, `<img src>` and `<a href>`."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

from loclint import afm

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Target:
    url: str
    kind: str  # link, image, reference, img, a
    line: int
    column: int


NODE_TYPES = ("link", "image", "html_inline", "html_block", "root")


def node_targets(node, page):
    """Targets of one node of the types in NODE_TYPES."""
    if node.type in ("link", "image"):
        token = node.first_token
        if token.markup == "autolink":
            return
        meta = token.meta
        src = meta["src"].content
        after = meta.get("label_end", -1) + 1
        if after <= 0 or src[after : after + 1] != "(":
            return  # a reference link: its definition is checked instead
        url = token.attrGet("href" if node.type == "link" else "src") or ""
        yield Target(url, node.type, *page.inline_position(token))
    elif node.type in ("html_inline", "html_block"):
        position = page.locator(node.token)
        for tag in afm.html_tags(node.token.content):
            yield from _tag_targets(tag, position)
    elif node.type == "root":
        for ref in page.env.get("references", {}).values():
            line = ref["map"][0] if ref.get("map") else page.body_start
            raw = page.lines[line]
            yield Target(ref["href"], "reference", line + 1, len(raw) - len(raw.lstrip()) + 1)


def _tag_targets(tag, position):
    attr = {"img": "src", "a": "href"}.get(tag.name)
    if attr:
        value = tag.get(attr)
        if value and value.value is not None:
            yield Target(html.unescape(value.value), tag.name, *position(value.value_start))


def split_target(target: str) -> tuple[str, str | None] | None:
    """(path, fragment) of a local target; None for URLs, mail and templates."""
    target = target.strip()
    if not target or _SCHEME.match(target) or target.startswith("//") or "{{" in target:
        return None
    path, _, fragment = target.partition("#")
    path = path.partition("?")[0]
    return unquote(path), (unquote(fragment) if _ else None)
