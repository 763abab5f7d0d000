"""escaped-entity: an HTML character reference written where the literal
character belongs. Severity by context: an error where it renders literally
or breaks a token, a warning where it only clutters the source."""

from __future__ import annotations

import html

from loclint import afm
from loclint.finding import Hit

ID = "escaped-entity"
NODES = ("inline", "fence", "code_block", "html_block", "root")
DEFAULT = {"allowed-entities": ["&lt;", "&gt;", "&#x200B;"]}


def _shown(ref: str) -> str:
    char = html.unescape(ref)
    if not char.isprintable() or char.isspace():
        return f"U+{ord(char[0]):04X}"
    return f"`{char}`"


def _hit(position, ref: str, where: str, severity: str) -> Hit:
    line, col = position
    fix = "it renders literally" if severity == "error" else "write the character itself"
    return Hit(line, col, f"`{ref}` is an escaped {_shown(ref)} in {where}; {fix}",
               severity=severity, end_column=col + len(ref))


# Escaped braces are machine-translation placeholders: mt-placeholder-leak's.
_BRACES = frozenset("{}")


def _allowed(options) -> frozenset[str]:
    return frozenset(html.unescape(e) for e in options["allowed-entities"]) | _BRACES


def _check_inline(node, page, options):
    inline = node.token
    text = inline.content
    allowed = _allowed(options)
    tokens = [t for t in afm.inline_tokens(inline)[1] if t.closed and t.intended is not None]
    # Padding inside a token's brackets is token-malformed's to report.
    token_cores = []
    for t in tokens:
        lead, trail = afm.strip_padding(text[t.content_start : t.content_end])
        token_cores.append((t.start, t.end, t.content_start + lead, t.content_start + trail))

    def in_token(offset: int):
        inside = None  # the innermost token holding the offset decides
        for start, end, core_start, core_end in token_cores:
            if start <= offset < end:
                inside = core_start <= offset < core_end
        return inside

    link_depth = 0
    for child in afm.walk_inline(inline):
        kind = child.type
        if kind == "link_open":
            link_depth += 1
        elif kind == "link_close":
            link_depth -= 1
        elif kind == "text_special" and child.info == "entity":
            offset = child.meta["start"]
            token_state = in_token(offset)
            if token_state is False:
                continue
            if html.unescape(child.markup) in _BRACES:
                continue
            if token_state:
                yield _hit(page.inline_position(inline, offset), child.markup, "a [!DNL]/[!UICONTROL] token", "error")
                continue
            if html.unescape(child.markup) in allowed:
                continue
            where = "link text" if link_depth else "text"
            yield _hit(page.inline_position(inline, offset), child.markup, where, "warning")
        elif kind == "code_inline":
            start, end = child.meta["start"], child.meta["end"]
            for offset, ref in afm.find_entities(text, start, end):
                yield _hit(page.inline_position(inline, offset), ref, "a code span", "error")
        elif kind == "html_inline":
            yield from _check_html(child.content, allowed, page.locator(child))


def _check_html(text: str, allowed, position):
    for tag in afm.html_tags(text):
        for attr in tag.attrs:
            if attr.value is None:
                continue
            for offset, ref in afm.find_entities(attr.value):
                if html.unescape(ref) not in allowed:
                    yield _hit(position(attr.value_start + offset), ref, "an HTML attribute", "warning")


def check(node, page, options):
    if node.type == "inline":
        yield from _check_inline(node, page, options)
    elif node.type in ("fence", "code_block"):
        position = page.locator(node.token)
        for offset, ref in afm.find_entities(node.token.content):
            yield _hit(position(offset), ref, "a code block", "error")
    elif node.type == "html_block":
        yield from _check_html(node.token.content, _allowed(options), page.locator(node.token))
    elif node.type == "root" and page.front_matter and page.front_matter.last_line > 1:
        fm = page.front_matter
        block = "\n".join(page.lines[fm.first_line : fm.last_line - 1])
        for offset, ref in afm.find_entities(block):
            yield _hit(page.text_position(fm.first_line, block, offset), ref, "front matter", "error")
