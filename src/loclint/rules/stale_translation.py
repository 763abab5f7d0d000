"""stale-translation: the translatable content of the source page changed
after the commit the translation was made from.

What counts as content: the blocks of the page (headings, paragraphs, list
items, table cells, code blocks, HTML blocks) compared with whitespace
collapsed and HTML comments taken out, and the front matter values the
translation carries translated (`title` and `description` when the
translated page gives them, and any other key whose translated value differs
from the English one at that commit). A commit that touches only other
front matter keys (dates, managers, `ms.prod` renamed, descriptions added
to pages whose translation has none), only whitespace or only HTML comments
does not make a page stale."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from loclint import pairing
from loclint.finding import Hit
from loclint.page import Page, from_text
from loclint.prose import unit_kind
from loclint.rule import Rule
from loclint.rules.frontmatter_mismatch import key_lines

RULE = Rule(id="stale-translation", severity="warning", nodes=("root",), needs_source=True, compares_source=True,
            summary="The source page's content changed after the commit the translation was made from.")

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_ALWAYS_TRANSLATED = ("title", "description")
_SHOWN = 3  # blocks named in a message; the others are counted
_QUOTE = 40  # characters of a block quoted


@dataclass(frozen=True)
class Block:
    kind: str  # for messages: "heading", "paragraph", "code block", "`keywords`" ...
    text: str  # what is compared: whitespace collapsed, comments out
    line: int  # 1-based, on the page it was read from
    shown: str = ""  # what a message quotes, when not the text (a code block's without its language)

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.text


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def body_blocks(page: Page) -> list[Block]:
    """The content blocks of a page, in page order; a table row is one
    block (its cells joined)."""
    found = []
    tokens = page.tokens
    row: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            row, row_line = [], (token.map[0] + 1 if token.map else 1)
            continue
        if token.type == "tr_close" and row is not None:
            text = _collapsed(" | ".join(_COMMENT.sub("", cell) for cell in row))
            if text.strip(" |"):
                found.append(Block("table row", text, row_line))
            row = None
            continue
        if row is not None:
            if token.type == "inline":
                row.append(token.content)
            continue
        if not token.map:
            continue
        if token.type == "inline":
            kind, text = unit_kind(token, tokens, index), _COMMENT.sub("", token.content)
        elif token.type in ("fence", "code_block"):
            code = _collapsed(token.content)
            found.append(Block("code block", _collapsed(f"{token.info} {code}"), token.map[0] + 1, code))
            continue
        elif token.type == "html_block":
            kind, text = "HTML block", _COMMENT.sub("", token.content)
        else:
            continue
        text = _collapsed(text)
        if text:
            found.append(Block(kind, text, token.map[0] + 1))
    return found


def translated_keys(page: Page, source: Page) -> tuple[str, ...]:
    """The front matter keys the translated page carries translated: a
    non-empty value, for a key the English had at that commit, that is the
    title or description or differs from the English value."""
    t_data = page.front_matter.data if page.front_matter and page.front_matter.data else {}
    s_data = source.front_matter.data if source.front_matter and source.front_matter.data else {}
    return tuple(k for k, v in t_data.items() if isinstance(v, str) and v.strip() and k in s_data
                 and (k in _ALWAYS_TRANSLATED or v != s_data[k]))


def blocks(page: Page, keys: tuple[str, ...]) -> list[Block]:
    """The front matter values of `keys`, then the body's blocks."""
    data = page.front_matter.data if page.front_matter and page.front_matter.data else {}
    lines = key_lines(page)
    head = [Block(f"`{k}`" if k not in _ALWAYS_TRANSLATED else k, _collapsed(str(data.get(k) or "")),
                  lines.get(k, (1,))[0]) for k in keys]
    return head + body_blocks(page)


def _quote(block: Block) -> str:
    text = block.shown or block.text
    return f"'{text}'" if len(text) <= _QUOTE else f"'{text[:_QUOTE - 3].rstrip()}...'"


def _span(seconds: int) -> str:
    days = seconds // 86400
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    years, months = divmod(days * 12 // 365, 12)
    if not years:
        return f"{months} months"
    return f"{years} year{'s' if years != 1 else ''}" + (f" {months} month{'s' if months != 1 else ''}" if months else "")


def _differences(old: list[Block], new: list[Block]):
    """(block before or None, block after or None) for each change, in order."""
    matcher = difflib.SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[i1:i2], new[j1:j2]
        for k in range(max(len(before), len(after))):
            yield (before[k] if k < len(before) else None), (after[k] if k < len(after) else None)


def _describe(before: Block | None, after: Block | None, target_line, commit: str) -> str:
    if before is None:
        return f"a new {after.kind} at English line {after.line} {_quote(after)}"
    where = target_line(before)
    where = f"line {where}" if where else f"English line {before.line} at {commit[:7]}"
    if after is None:
        return f"the {before.kind} at {where}, removed"
    now = "now" if after.kind == before.kind else f"now a {after.kind}"
    return f"the {before.kind} at {where}, {now} {_quote(after)}"


def check(node, ctx, options):
    page = ctx.page
    fm = page.front_matter
    named = pairing.source_commit(fm)
    if named is None:
        return
    key, commit = named
    history = pairing.history(ctx.source.path, commit)
    if history is None or not history.changes:
        return  # no git checkout with that commit, or nothing newer touched the page
    versions: dict[str | None, list[Block]] = {}
    source = ctx.source if ctx.source_exact else from_text(history.text(history.base), ctx.source.path)
    keys = translated_keys(page, source)

    def version(blob):
        if blob not in versions:
            versions[blob] = blocks(from_text(history.text(blob), ctx.source.path), keys)
        return versions[blob]

    base = versions[history.base] = blocks(source, keys) if history.base else []
    changed = list(_differences(base, version(history.head)))
    if not changed:
        return  # only metadata, whitespace or comments changed, or a change was undone
    newest = next((c for c in history.changes if [b.key for b in version(c.before)] != [b.key for b in version(c.after)]),
                  history.changes[0])
    when = f"newest content change {newest.commit[:7]} on {newest.date}"
    if newest.time < history.time:  # made on a branch that was merged after the translated commit
        when += f", before {commit[:7]} but merged since"
    elif history.time:
        span = _span(newest.time - history.time)
        when += f", the same day as {commit[:7]}" if span == "0 days" else f", {span} after {commit[:7]}"
    if history.base is None:
        what = f"the source page was not at this path at {commit[:10]} (added or moved here since)"
    elif history.head is None:
        what = f"the source page was removed or moved since {commit[:10]}"
    else:
        # Where a changed block is on this page: where the blocks of the two
        # pages run in the same order (the same kinds, one for one).
        mine = blocks(page, keys)
        where = {id(b): t.line for b, t in zip(base, mine)} if [b.kind for b in mine] == [b.kind for b in base] else {}
        named_blocks = [_describe(b, a, lambda block: where.get(id(block)), commit) for b, a in changed]
        shown = ", ".join(named_blocks[:_SHOWN]) + (f", and {len(named_blocks) - _SHOWN} more"
                                                    if len(named_blocks) > _SHOWN else "")
        what = f"the source page changed since {commit[:10]}: {len(changed)} block{'s' if len(changed) != 1 else ''} changed: {shown}"
    line = key_lines(page).get(key, (fm.first_line,))[0]
    yield Hit(line, 1, f"{what}; {when}; the translation is stale")
