"""token-spacing: extra spaces beside a [!DNL]/[!UICONTROL] token, or a space
between the token and the punctuation or suffix that belongs to it. The
emphasis that wraps a token (`**[!UICONTROL Save]** .`) counts as the token."""

from __future__ import annotations

import re

from loclint import afm, facts
from loclint.finding import Edit, Fix, Hit
from loclint.rule import Rule

RULE = Rule(id="token-spacing", severity="warning", nodes=("inline", "root"), fixable=True,
            summary="Extra spaces beside a [!DNL]/[!UICONTROL] token, or a space before its punctuation or suffix.")

_CLOSING_PUNCT = ",.):;!?"
_EMPHASIS = "*_"
# The front matter values that are translated prose shown to readers.
_PROSE_KEYS = re.compile(r"(title|description)[ \t]*:[ \t]*")


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


def _markers_before(text: str, pos: int) -> int:
    """How many emphasis markers (at most 3) stand right before `pos`."""
    n = 0
    while n < 3 and pos - n > 0 and text[pos - n - 1] in _EMPHASIS:
        n += 1
    return n


def _markers_after(text: str, pos: int) -> int:
    n = 0
    while n < 3 and pos + n < len(text) and text[pos + n] in _EMPHASIS:
        n += 1
    return n


def extent(text: str, token: afm.AfmToken) -> tuple[int, int]:
    """Where a token starts and ends with the emphasis that wraps it."""
    return token.start - _markers_before(text, token.start), token.end + _markers_after(text, token.end)


def _spacing(text: str, token: afm.AfmToken, punct: str):
    """(what is wrong, offset of the first wrong space, edits as (offset,
    length, replacement)) for one token of `text`, its wrapping emphasis
    included."""
    issues, first, edits = [], None, []
    start, end = extent(text, token)
    before = _spaces_before(text, start)
    at = start - before
    if before >= 2 and at > 0 and text[at - 1] != "\n":
        issues.append(f"{before} spaces before it (expected one)")
        first = at
        edits.append((at, before, " "))
    after = _spaces_after(text, end)
    following = text[end + after] if end + after < len(text) else "\n"
    if after >= 2 and following != "\n":
        issues.append(f"{after} spaces after it (expected one)")
        edits.append((end, after, " "))
    elif after == 1 and following in punct:
        issues.append(f"a space between it and `{following}` (expected none)")
        edits.append((end, 1, ""))
    elif after == 1 and following == "-" and text[end + 2 : end + 3].isalpha():
        issues.append("a space between it and its hyphenated suffix (expected none)")
        edits.append((end, 1, ""))
    return issues, (first if first is not None else end), edits


def _message(text: str, token: afm.AfmToken, issues: list[str]) -> str:
    return f"`{text[token.start : token.end]}` has {' and '.join(issues)}"


def check(node, ctx, options):
    punct = ctx.settings.locale(ctx.lang)[0].unspaced_punctuation(_CLOSING_PUNCT)
    if node.type == "root":
        yield from _check_front_matter(ctx.page, punct)
        return
    page = ctx.page
    inline = node.token
    text, tokens = facts.inline_scan(page, inline)
    for token in tokens:
        if token.intended is None or not token.closed:
            continue
        issues, first, edits = _spacing(text, token, punct)
        if not issues:
            continue
        fix = Fix(tuple(Edit(*page.inline_position(inline, at), length, new) for at, length, new in edits))
        line, col = page.inline_position(inline, first)
        yield Hit(line, col, _message(text, token, issues), fix=fix)


def prose_values(page):
    """(0-based line index, offset of the value in the line, the value) of
    each one-line `title` and `description` of the front matter, inside its
    quotes when quoted: translated prose a reader sees."""
    fm = page.front_matter
    if fm is None or fm.data is None:
        return
    for index in range(fm.first_line, fm.last_line - 1):
        line = page.lines[index]
        key = _PROSE_KEYS.match(line)
        if not key:
            continue
        lo, hi = key.end(), len(line.rstrip())
        if lo < hi and line[lo] in "'\"" and line[hi - 1] == line[lo] and hi - lo > 1:
            lo, hi = lo + 1, hi - 1
        elif line[lo : lo + 1] in ("|", ">", "&", "*", "!", "[", "{"):
            continue  # a block scalar, anchor, tag or flow collection: not one line of prose
        yield index, lo, line[lo:hi]


def keeps_yaml(page, index: int, lo: int, value: str, edits) -> bool:
    """Whether the line stays the same key with a string value once `edits`
    ((offset in value, length, replacement)) are made: a fix that breaks
    the YAML is no fix."""
    line = page.lines[index]
    fixed = value
    for at, length, new in sorted(edits, reverse=True):
        fixed = fixed[:at] + new + fixed[at + length :]
    key = _PROSE_KEYS.match(line).group(1)
    import yaml  # here: a warm run that lints no page never needs it

    try:
        data = yaml.safe_load(line[:lo] + fixed + line[lo + len(value) :])
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and isinstance(data.get(key), str)


def _check_front_matter(page, punct: str):
    for index, lo, value in prose_values(page):
        if "[" not in value:
            continue
        for token in afm.scan_tokens(value):
            if token.intended is None or not token.closed:
                continue
            issues, first, edits = _spacing(value, token, punct)
            if not issues:
                continue
            fix = None
            if keeps_yaml(page, index, lo, value, edits):
                fix = Fix(tuple(Edit(index + 1, lo + at + 1, length, new) for at, length, new in edits))
            yield Hit(index + 1, lo + first + 1, _message(value, token, issues), fix=fix)
