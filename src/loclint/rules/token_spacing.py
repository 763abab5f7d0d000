"""token-spacing: extra spaces beside a [!DNL]/[!UICONTROL] token, or a space
between the token and the punctuation or suffix that belongs to it."""

from __future__ import annotations

from loclint import facts
from loclint.finding import Edit, Fix, Hit
from loclint.rule import Rule

RULE = Rule(id="token-spacing", severity="warning", nodes=("inline",), fixable=True,
            summary="Extra spaces beside a [!DNL]/[!UICONTROL] token, or a space before its punctuation or suffix.")

_CLOSING_PUNCT = ",.)"
# French sets a space before these; other languages do not.
_SPACED_IN_FRENCH = ":;!?"


def _spaces_before(text: str, pos: int) -> int:
    n = 0
    while pos - n > 0 and text[pos - n - 1] == " ":
        n += 1
    return n


def _spaces_after(text: str, pos: int) -> int:
    n = 0
    while pos + n < len(text) and text[pos + n] == " ":
        n += 1
    return n


def check(node, ctx, options):
    page = ctx.page
    inline = node.token
    text, tokens = facts.inline_scan(page, inline)
    french = (ctx.lang or "").lower().startswith("fr")
    punct = _CLOSING_PUNCT + ("" if french else _SPACED_IN_FRENCH)
    for token in tokens:
        if token.intended is None or not token.closed:
            continue
        name = text[token.start : token.end]
        issues, first, edits = [], None, []

        def edit(offset: int, length: int, replacement: str) -> None:
            edits.append(Edit(*page.inline_position(inline, offset), length, replacement))

        before = _spaces_before(text, token.start)
        at = token.start - before
        if before >= 2 and at > 0 and text[at - 1] != "\n":
            issues.append(f"{before} spaces before it (expected one)")
            first = at
            edit(at, before, " ")
        after = _spaces_after(text, token.end)
        following = text[token.end + after] if token.end + after < len(text) else "\n"
        if after >= 2 and following != "\n":
            issues.append(f"{after} spaces after it (expected one)")
            edit(token.end, after, " ")
        elif after == 1 and following in punct:
            issues.append(f"a space between it and `{following}` (expected none)")
            edit(token.end, 1, "")
        elif after == 1 and following == "-" and text[token.end + 2 : token.end + 3].isalpha():
            issues.append("a space between it and its hyphenated suffix (expected none)")
            edit(token.end, 1, "")
        if not issues:
            continue
        line, col = page.inline_position(inline, first if first is not None else token.end)
        yield Hit(line, col, f"`{name}` has {' and '.join(issues)}", fix=Fix(tuple(edits)))
