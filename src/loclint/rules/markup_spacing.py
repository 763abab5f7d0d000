"""markup-spacing: spacing that breaks inline markup: a space before the
hyphenated suffix of a code span, emphasis or link (`` `get` -bewerking ``),
link text padded with spaces (`[ Doel ](url)`), bold padded inside so that
it shows as asterisks (`** Upgrade**`), a closing `&quot;` glued to the next
word."""

from __future__ import annotations

import re

from loclint import facts
from loclint.finding import Edit, Fix, Hit
from loclint.page import parser
from loclint.rule import Rule
from loclint.rules import token_spacing

RULE = Rule(
    id="markup-spacing",
    summary="A space before the hyphenated suffix of code, emphasis or a link, link text padded with spaces, "
            "bold padded inside (shown as asterisks), a closing &quot; glued to the next word.",
    severity="warning",
    nodes=("inline",),
    fixable=True,
)

# ` -bewerking` after the markup: a suffix of letters (not `-1`, not an
# option `--x`), ending the word.
_SUFFIX = re.compile(r" -([^\W\d_]+)(?![\w-])")
# `**Lees** -en **Schrijf**`: the garbled `Lees- en Schrijf-`; removing
# the space would not make it right.
_CONJUNCTIONS = frozenset({"en", "of", "und", "oder", "bzw", "and", "or", "et", "ou"})
_MARKUP_ENDS = ("code_inline", "strong_close", "em_close", "link_close", "s_close")
# A `**` or `__` run, padding, something with a letter, padding, the same
# run: literal asterisks if markdown-it did not take the runs as bold.
_PADDED_BOLD = re.compile(
    r"(?<![*_\\])(\*\*|__)(?![*_])( *)([^\s*_](?:[^*\n]{0,300}?[^\s*_\\])?)( *)(?<![*_])\1(?![*_])")
_QUOTE = "&quot;"
_QUOTES = re.compile(re.escape(_QUOTE))
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{1,60}")


def check(node, ctx, options):
    page = ctx.page
    inline = node.token
    content = inline.content
    text, tokens = facts.inline_scan(page, inline)
    children = facts.inline_children(page, inline)
    if " -" in content:
        yield from _suffixes(page, inline, text, tokens, children)
    if "[ " in content or " ]" in content:
        yield from _padded_links(page, inline, children)
    if "** " in content or " **" in content or "__ " in content or " __" in content:
        yield from _padded_bold(page, inline, text, children)
    if content.count(_QUOTE) >= 2:
        yield from _glued_quotes(page, inline, text)


def _fix(page, inline, edits, unsafe=False) -> Fix:
    return Fix(tuple(Edit(*page.inline_position(inline, at), length, new) for at, length, new in edits), unsafe=unsafe)


def _suffixes(page, inline, text, tokens, children):
    # Token-spacing reports the suffix of a [!DNL]/[!UICONTROL] token and of the emphasis around it.
    token_ends = {token_spacing.extent(text, t)[1] for t in tokens if t.closed}
    ends = sorted({c.meta["end"] for c in children if c.type in _MARKUP_ENDS and c.meta and "end" in c.meta})
    for end in ends:
        m = _SUFFIX.match(text, end)
        if m is None or end in token_ends or m.group(1).lower() in _CONJUNCTIONS:
            continue
        line, col = page.inline_position(inline, end)
        shown = inline.content[max(end - 12, 0) : m.end()].split("\n")[-1]
        yield Hit(line, col, f"a space before the hyphenated suffix `-{m.group(1)}`: `{shown}`; expected none",
                  end_column=col + 2, key="space before suffix -" + m.group(1), fix=_fix(page, inline, [(end, 1, "")]))


def _padded_links(page, inline, children):
    content = inline.content
    for child in children:
        if child.type != "link_open" or child.markup == "autolink" or not child.meta:
            continue
        start, label_end = child.meta.get("start"), child.meta.get("label_end", -1)
        if start is None or label_end <= start or content[start] != "[":
            continue
        label = content[start + 1 : label_end]
        lead = len(label) - len(label.lstrip(" "))
        trail = len(label) - len(label.rstrip(" "))
        if not (lead or trail) or not label.strip() or "\n" in label[:lead] + label[len(label) - trail :]:
            continue  # not padded, blank (empty-link-text's), or a line break, which shows nothing
        sides = " and ".join(s for s, n in (("before", lead), ("after", trail)) if n)
        line, col = page.inline_position(inline, start)
        edits = [(start + 1, lead, "")] if lead else []
        if trail:
            edits.append((label_end - trail, trail, ""))
        yield Hit(line, col, f"link text `{_short(label)}` padded with spaces {sides} it; expected none",
                  end_column=col + label_end - start + 1, key="padded link text", fix=_fix(page, inline, edits))


def _short(label: str) -> str:
    return label if len(label) <= 40 else label[:37] + "..."


def _padded_bold(page, inline, text, children):
    runs = {c.meta.get("start") for c in children
            if c.type in ("strong_open", "strong_close", "em_open", "em_close") and c.meta}
    for m in _PADDED_BOLD.finditer(text):
        lead, trail = len(m.group(2)), len(m.group(4))
        close = m.start(4) + trail
        if not (lead or trail) or not _LETTER.search(m.group(3)) or m.start() in runs or close in runs:
            continue
        if not _bold_once_trimmed(inline.content, m.start(), m.end(), m.start(2), lead, m.start(4), trail):
            continue
        edits = [(at, n, "") for at, n in ((m.start(2), lead), (m.start(4), trail)) if n]
        line, col = page.inline_position(inline, m.start())
        shown = inline.content[m.start() : m.end()]
        yield Hit(line, col, f"`{_short(shown)}` shows its asterisks: bold padded inside; expected `{m.group(1)}"
                             f"{_short(m.group(3))}{m.group(1)}`",
                  end_column=col + m.end() - m.start(), key="padded bold",
                  # Unsafe: the one right fix, but it changes what the page renders
                  # (asterisks become bold), which no safe fix may.
                  fix=_fix(page, inline, edits, unsafe=True))


def _bold_once_trimmed(content: str, start: int, end: int, lead_at: int, lead: int, trail_at: int, trail: int) -> bool:
    """Whether the stretch `start:end` (the pair and what it holds), with
    the character on each side that decides how its runs flank, shows bold
    once the padding is taken out: markdown-it says. Only the stretch is
    parsed, so a paragraph of many stays linear; the runs elsewhere in the
    paragraph were judged by the page's own parse (none of the pair's runs
    is emphasis there)."""
    lo, hi = max(start - 1, 0), min(end + 1, len(content))
    trimmed = content[lo:lead_at] + content[lead_at + lead : trail_at] + content[trail_at + trail : hi]
    return any(t.type == "strong_open" for t in _flat(parser().parseInline(trimmed)))


def _flat(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _flat(token.children)


def _glued_quotes(page, inline, text):
    """Quotes written `&quot;`, paired in order within the block: a closing
    one with a letter right after it (`&quot;Ingang&quot;en`) lacks its space."""
    at = [m.start() for m in _QUOTES.finditer(text)]
    if len(at) % 2:
        return  # unpaired: which one closes is a guess
    n = len(_QUOTE)
    for opening, closing in zip(at[::2], at[1::2]):
        after = closing + n
        inside = text[opening + n : closing]
        if not inside.strip() or inside[-1].isspace():
            continue  # a space before it: not written as a closing quote, the pairing is off
        if after < len(text) and _LETTER.match(text, after):
            line, col = page.inline_position(inline, closing)
            word = _WORD.match(text, after).group()
            # Unsafe: the pairing of the quotes is read from their order.
            yield Hit(line, col, f"closing `&quot;` glued to the next word `{word}`: `{_short(text[opening:after + len(word)])}`;"
                                 " expected a space (or a hyphen, in a compound)", end_column=col + n, key="glued quote",
                      fix=_fix(page, inline, [(after, 0, " ")], unsafe=True))
