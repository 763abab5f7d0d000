"""token-malformed: a [!DNL ...] / [!UICONTROL ...] token that is broken."""

from __future__ import annotations

from loclint import afm, facts
from loclint.finding import Edit, Fix, Hit
from loclint.rule import Rule

RULE = Rule(id="token-malformed", severity="error", nodes=("inline",), fixable=True,
            summary="A [!DNL ...] or [!UICONTROL ...] token is broken (keyword, brackets, padding, nesting).")


def _at_block_keyword_place(node, page, token: afm.AfmToken) -> bool:
    """The first thing in a blockquote is afm-keyword's to judge."""
    if token.start != 0:
        return False
    return id(node.token) in facts.blockquote_leads(page)


def problems(token: afm.AfmToken, text: str, known: frozenset[str]) -> list[tuple[str, str]]:
    """(kind, explanation) of each thing wrong with the token."""
    intended = token.intended
    written = text[token.start : token.content_start]
    if intended is None:
        if token.keyword.upper() in known or not token.closed:
            return []
        return [("unknown", f"unknown token keyword `{written}`; expected `[!DNL` or `[!UICONTROL` (translated or misspelled?)")]
    found = []
    if token.nested:
        found.append(("nested", "token nested inside another token"))
    if not token.closed:
        # Where it was meant to end is not known: say so and judge nothing else.
        return [("unclosed", f"`{written}` is never closed with `]`")]
    if token.lead or token.gap:
        found.append(("space", f"space inside `{written}`; expected `[!{intended}`"))
    if not token.bang:
        found.append(("bang", f"`{written}` lacks the `!`; expected `[!{intended}`"))
    elif token.keyword != intended:
        how = "lower-cased" if token.keyword.upper() == intended else "misspelled"
        found.append((how, f"keyword {how}: `{token.keyword}`; expected `{intended}`"))
    raw = text[token.content_start : token.content_end]
    if "\n" in raw:
        found.append(("split", "token split across lines"))
    lead, trail = afm.strip_padding(raw)
    if lead >= trail:
        found.append(("empty", "token is empty"))
    elif raw[:lead] != " " or trail != len(raw):
        found.append(("padded", f"padded inside the brackets; expected `[!{intended} {raw[lead:trail].strip()}]`"))
    return found


_UNFIXABLE = {"unknown", "unclosed", "nested", "split", "empty"}


def repair(token: afm.AfmToken, text: str, inline, page, kinds: set[str],
           source_tokens: frozenset[tuple[str, str]] = frozenset()) -> Fix | None:
    """Trim the padding, restore `[!KEYWORD `: edits at the head and the tail
    of the token only, so that entities inside stay escaped-entity's."""
    if kinds & _UNFIXABLE or afm.MASK in text[token.start : token.end]:
        return None
    raw = text[token.content_start : token.content_end]
    lead, trail = afm.strip_padding(raw)
    if "misspelled" in kinds and (token.intended, raw[lead:trail].strip()) not in source_tokens:
        # `[!DNS ...]` may mean DNS: the keyword is only a guess unless the
        # source page has that very token.
        return None
    head_end = token.content_start + lead
    edits = [Edit(*page.inline_position(inline, token.start), head_end - token.start, f"[!{token.intended} ")]
    if trail < len(raw):
        edits.append(Edit(*page.inline_position(inline, token.content_start + trail), len(raw) - trail, ""))
    return Fix(tuple(edits))


@facts.per_page
def _tokens_of(source) -> frozenset[tuple[str, str]]:
    """(keyword, content) of every well-formed token of a (source) page."""
    pairs = set()
    for inline in facts.inline_blocks(source):
        text, tokens = facts.inline_scan(source, inline)
        for t in tokens:
            if t.closed and t.intended is not None and t.keyword == t.intended and t.bang:
                lead, trail = afm.strip_padding(text[t.content_start : t.content_end])
                pairs.add((t.keyword, text[t.content_start + lead : t.content_start + trail].strip()))
    return frozenset(pairs)


def check(node, ctx, options):
    page = ctx.page
    source_tokens = _tokens_of(ctx.source) if ctx.source is not None else frozenset()
    inline = node.token
    text, tokens = facts.inline_scan(page, inline)
    if not tokens:
        return  # most brackets are links
    known = afm.BLOCK_KEYWORDS | afm.INLINE_KEYWORDS | ctx.settings.afm_keywords
    for token in tokens:
        if token.intended is None and _at_block_keyword_place(node, page, token):
            continue
        found = problems(token, text, known)
        if found:
            line, col = page.inline_position(inline, token.start)
            shown = inline.content[token.start : min(token.end, token.start + 60)].split("\n")[0]
            kinds = [kind for kind, _ in found]
            yield Hit(line, col, f"`{shown}`: " + "; ".join(why for _, why in found),
                      key=f"{token.intended or token.keyword.upper()}|{','.join(kinds)}",
                      fix=repair(token, text, inline, page, set(kinds), source_tokens))
