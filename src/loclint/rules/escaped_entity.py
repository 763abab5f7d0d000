"""escaped-entity: an HTML character reference written where the literal
character belongs. Severity by context: an error where it renders literally
or breaks a token, a warning where it only clutters the source."""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from functools import cache

from loclint import afm, facts
from loclint.finding import Edit, Fix, Hit
from loclint.fix import meaning, meaning_keepers
from loclint.rule import Rule
from loclint.speed import meaning as speed_meaning
from loclint.speed import speedups_enabled

RULE = Rule(id="escaped-entity", severity="warning", nodes=("inline", "fence", "code_block", "html_block", "root"), fixable=True,
            summary="An HTML character reference (&#39;, &quot;, &amp;, ...) written where the literal character belongs.",
            options={"allowed": ["&lt;", "&gt;", "&#x200B;", "&nbsp;", "&#8209;"]})


def _shown(ref: str) -> str:
    char = html.unescape(ref)
    if not char.isprintable() or char.isspace():
        return f"U+{ord(char[0]):04X}"
    return f"`{char}`"


# Characters whose literal form Markdown would read as syntax: their
# references are never replaced.
_SYNTAX = set("\\`*_[]{}#|!~")
_ENTITY_AHEAD = re.compile(r"#?\w{1,32};")


def safe_in_markdown(char: str, text: str, end: int) -> bool:
    """Would `char`, written at `end - len(ref)` of `text`, read as itself?"""
    after = text[end : end + 1]
    line_start = text.rfind("\n", 0, end) + 1
    if char == "<":
        return not (after.isalpha() or after in ("/", "!", "?"))
    if char == "&":
        return not _ENTITY_AHEAD.match(text, end)
    if char == ">":
        return bool(text[line_start : end - 4].strip())  # not where a blockquote would start
    return char not in _SYNTAX and not char.isspace()


def _writable(text: str) -> bool:
    """Can this be written into a line of the page? Not nothing (a reference
    to an invalid code point decodes to ""), not a line end, not a control
    character."""
    return bool(text) and all(c == "\t" or unicodedata.category(c) not in ("Cc", "Zl", "Zp") for c in text)


def _fix(position, ref: str, replacement: str | None, unsafe: bool = False) -> Fix | None:
    if replacement is None or not _writable(html.unescape(ref)):
        return None
    return Fix((Edit(position[0], position[1], len(ref), replacement),), unsafe)


def _hit(position, ref: str, where: str, severity: str, fix: Fix | None = None) -> Hit:
    line, col = position
    advice = "it renders literally" if severity == "error" else "write the character itself"
    return Hit(line, col, f"`{ref}` is an escaped {_shown(ref)} in {where}; {advice}",
               severity=severity, end_column=col + len(ref), fix=fix)


# Escaped braces are machine-translation placeholders: mt-placeholder-leak's.
_BRACES = frozenset("{}")


def _allowed(options) -> frozenset[str]:
    return _allowed_chars(tuple(options["allowed"]))


@cache
def _allowed_chars(entities: tuple[str, ...]) -> frozenset[str]:
    return frozenset(html.unescape(e) for e in entities) | _BRACES


def _source_code(ctx) -> tuple[frozenset[str], frozenset[str]]:
    """The source page's code spans and code block lines: where the literal
    character stands there, writing it here is safe."""
    return facts.code_texts(ctx.source) if ctx.source is not None else (frozenset(), frozenset())


@facts.per_page
def _escaped_in(source) -> frozenset[str]:
    """The characters the source page writes as references: where it escapes
    `*` as `&#42;`, so may the translation."""
    return frozenset(html.unescape(ref) for _, ref in afm.find_entities(source.text))


def _check_inline(node, ctx, options):
    page = ctx.page
    inline = node.token
    text = inline.content
    if "&" not in text:
        return  # no reference without an ampersand
    allowed = _allowed(options)
    tokens = [t for t in facts.inline_scan(page, inline)[1] if t.closed and t.intended is not None]
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

    source_spans = _source_code(ctx)[0]
    link_depth = 0
    for child in facts.inline_children(page, inline):
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
            char = html.unescape(child.markup)
            position = page.inline_position(inline, offset)
            literal = char if safe_in_markdown(char, text, child.meta["end"]) else None
            if token_state:
                yield _hit(position, child.markup, "a [!DNL]/[!UICONTROL] token", "error",
                           _fix(position, child.markup, literal))
                continue
            if char in allowed:
                continue
            if char in _SYNTAX and (ctx.source is None or char in _escaped_in(ctx.source)):
                continue  # `&#42;` keeps a `*` from being read as emphasis: an escape, as `\*` is
            where = "link text" if link_depth else "text"
            yield _hit(position, child.markup, where, "warning", _fix(position, child.markup, literal))
        elif kind == "code_inline":
            start, end = child.meta["start"], child.meta["end"]
            # Safe to write literally only where the source page's code has
            # the character; elsewhere the reference may be meant.
            unsafe = html.unescape(child.content) not in source_spans
            # Where the source's code has the very reference, it is meant.
            meant = child.content in source_spans
            for offset, ref in afm.find_entities(text, start, end):
                position = page.inline_position(inline, offset)
                fix = None if meant else _fix(position, ref, html.unescape(ref), unsafe)
                yield _hit(position, ref, "a code span", "error", fix)
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


def check(node, ctx, options):
    hits, kept = _judged(ctx, tuple(options["allowed"]))
    for hit in hits.get(id(node), ()):
        if hit.fix is not None and not hit.fix.unsafe and hit.fix not in kept:
            hit = dataclasses.replace(hit, fix=None)  # writing the character would change the page
        yield hit


@facts.per_page
def _judged_by_page(page) -> dict[tuple[str, ...], tuple[dict[int, list[Hit]], frozenset[Fix]]]:
    return {}


def _judged(ctx, allowed: tuple[str, ...]) -> tuple[dict[int, list[Hit]], frozenset[Fix]]:
    """The hits of each of the page's nodes (by id), and the safe fixes
    among them that, applied together, leave what the page renders and what
    its front matter holds unchanged but for the characters written (`&#45; `
    at a line start would make a list, `&#32;#` in front matter a comment):
    the page rendered before and after, once. Kept per page, not per
    context: a cache key holding the context would hold its page, and no
    page would ever be freed."""
    judged = _judged_by_page(ctx.page)
    if allowed not in judged:
        options = {"allowed": list(allowed)}
        hits = {id(n): found for n in ctx.page.nodes if n.type in RULE.nodes and (found := list(_hits(n, ctx, options)))}
        safe = [h.fix for found in hits.values() for h in found if h.fix is not None and not h.fix.unsafe]
        judged[allowed] = hits, _meaning_kept(ctx.page, list(dict.fromkeys(safe)))
    return judged[allowed]


def _meaning_kept(page, fixes: list[Fix]) -> frozenset[Fix]:
    if not fixes:
        return frozenset()
    confirms = speed_meaning.confirmer(page) if speedups_enabled() else None
    kept = meaning_keepers(page.text, fixes, lambda: meaning(page.text, page.tokens, page.env, page.front_matter),
                           confirms)
    return frozenset(f for f, ok in zip(fixes, kept) if ok)


def _hits(node, ctx, options):
    page = ctx.page
    if node.type == "inline":
        yield from _check_inline(node, ctx, options)
    elif node.type in ("fence", "code_block"):
        locate = page.locator(node.token)
        content = node.token.content
        source_lines = _source_code(ctx)[1]
        for offset, ref in afm.find_entities(content):
            start = content.rfind("\n", 0, offset) + 1
            end = content.find("\n", offset)
            line_text = content[start : end if end >= 0 else len(content)]
            position = locate(offset)
            fix = None if line_text in source_lines else _fix(
                position, ref, html.unescape(ref), html.unescape(line_text) not in source_lines)
            yield _hit(position, ref, "a code block", "error", fix)
    elif node.type == "html_block":
        yield from _check_html(node.token.content, _allowed(options), page.locator(node.token))
    elif node.type == "root" and page.front_matter and page.front_matter.last_line > 1:
        fm = page.front_matter
        block = "\n".join(page.lines[fm.first_line : fm.last_line - 1])
        for offset, ref in afm.find_entities(block):
            position = page.text_position(fm.first_line, block, offset)
            yield _hit(position, ref, "front matter", "error",
                       _fix(position, ref, _yaml_literal(block, offset, html.unescape(ref))))


_YAML_KEY = re.compile(r"[ \t]*[\w-]+[ \t]*:[ \t]*")


def _yaml_literal(block: str, offset: int, char: str) -> str | None:
    """The character as written inside this YAML value, or None when that
    cannot be said safely (the re-lint after fixing checks the YAML too)."""
    line_start = block.rfind("\n", 0, offset) + 1
    m = _YAML_KEY.match(block, line_start)
    value_start = m.end() if m and m.end() <= offset else line_start
    quote = block[value_start : value_start + 1]
    if offset == value_start or char in "#\\" or not char.isprintable():
        return None
    if quote == "'":
        return "''" if char == "'" else char
    if quote == '"':
        return '\\"' if char == '"' else char
    return None if char in ":" else char
