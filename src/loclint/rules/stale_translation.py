"""stale-translation: the translatable content of the source page changed
after the commit the translation was made from.

What counts as content: the blocks of the page (headings, paragraphs, list
items, table rows, code blocks, HTML blocks) compared with whitespace
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
from functools import lru_cache
from types import SimpleNamespace

from loclint import alignment, pairing
from loclint.finding import Hit
from loclint.page import Page, front_matter_close, make_parser, one_newline, split_front_matter
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


def body_blocks(tokens) -> tuple[Block, ...]:
    """The content blocks of a page's tokens, in page order; a table row is
    one block (its cells joined)."""
    found = []
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
    return tuple(found)


@dataclass(frozen=True)
class Version:
    """A version of a page as compared: its front matter, the lines of its
    keys, its blocks."""

    data: dict
    key_lines: dict
    body: tuple[Block, ...]


def of_page(page: Page) -> Version:
    data = page.front_matter.data if page.front_matter and page.front_matter.data else {}
    return Version(data, key_lines(page), body_blocks(page.tokens))


_BLOCK_PARSER = None
_BLANKS = re.compile(r"\n{3,}")
_TOP_KEY = re.compile(r"^([A-Za-z0-9_.-]+)[ \t]*:")


@dataclass(frozen=True)
class _Front:
    data: dict
    key_lines: dict
    lines: tuple[str, ...]
    body_start: int  # 0-based line after the front matter


def _front(text: str) -> _Front:
    text = one_newline(text.removeprefix("\ufeff"))
    lines = tuple(text.split("\n"))
    fm = split_front_matter(text)
    return _Front(fm.data if fm and fm.data else {}, key_lines(SimpleNamespace(front_matter=fm, lines=lines)),
                  lines, fm.last_line if fm and fm.last_line > 1 else 0)


def _alike(text: str, keys: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """What two versions alike in have the same blocks and the same values
    of `keys`, read without YAML or Markdown: the front matter lines of those
    keys, and the body with trailing spaces and runs of blank lines taken
    out (most newer commits of a page touch only other keys or spacing)."""
    text = one_newline(text.removeprefix("\ufeff"))
    close = front_matter_close(text)
    head, body = (text[:close.start()], text[close.end():]) if close else ("", text)
    picked, keep = [], False
    for line in head.split("\n")[1:]:
        top = _TOP_KEY.match(line)
        if top:
            keep = top.group(1) in keys
        if keep:
            picked.append(line.rstrip())
    # Line by line: a pattern for the trailing spaces tries every space of the page.
    body = "\n".join(line.rstrip(" \t") for line in body.split("\n"))
    return tuple(picked), _BLANKS.sub("\n\n", body).strip("\n")


def of_text(text: str) -> Version:
    """A version read from git: its blocks only, without the inline parse a
    page gets (nothing here looks inside a block)."""
    global _BLOCK_PARSER
    if _BLOCK_PARSER is None:
        _BLOCK_PARSER = make_parser().disable("inline")  # the page parser's blocks, no inline pass
    front = _front(text)
    body = "\n" * front.body_start + "\n".join(front.lines[front.body_start:])
    return Version(front.data, front.key_lines, body_blocks(_BLOCK_PARSER.parse(body)))


def translated_keys(page, source) -> tuple[str, ...]:
    """The front matter keys the translated page carries translated (of two
    versions with `data`): a non-empty value, for a key the English had at
    that commit, that is the title or description or differs from the English."""
    return tuple(k for k, v in page.data.items() if isinstance(v, str) and v.strip() and k in source.data
                 and (k in _ALWAYS_TRANSLATED or v != source.data[k]))


def blocks(version: Version, keys: tuple[str, ...]) -> list[Block]:
    """The front matter values of `keys`, then the body's blocks."""
    head = [Block(f"`{k}`" if k not in _ALWAYS_TRANSLATED else k, _collapsed(str(version.data.get(k) or "")),
                  version.key_lines.get(k, (1,))[0]) for k in keys]
    return head + list(version.body)


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


def _drifted(ctx):
    """Without the English of the time: the English has grown passages the
    page lacks (alignment.grown), or its word count is far from
    `source-wordcount` (ctx.source_drift)."""
    page, source = ctx.page, ctx.source
    if not ctx.source_drift:
        return
    then, now = ctx.source_drift
    count = f"source-wordcount {then}, about {now} words now" if then else ""
    grown = alignment.alignment(page, source).grown()
    if not grown:
        return  # the word counts alone: the pipeline counts otherwise than loclint (2 of 2 read were current)
    added, share = grown
    what = (f"{len(added)} of its blocks ({round(share * 100)}% of its words) have no counterpart here, "
            f"from its {added[0].describe()}" + (f"; {count}" if count else ""))
    fm = page.front_matter
    keys = key_lines(page)
    line = next((keys[k][0] for k in ("source-wordcount", "source-git-commit", "ms.sourcegitcommit") if k in keys),
                fm.first_line if fm else page.body_start + 1)
    yield Hit(line, 1, f"the source page has likely changed since this translation: {what}")


class _Versions:
    """A source page's History read as this rule compares its versions,
    each version read once: by the page and by the pages linted next that
    name the same commit (its translations in the other locales, a fix's
    rounds)."""

    def __init__(self, history: pairing.History | None):
        self.history = history
        self._versions: dict[str | None, Version] = {}
        self._alike: dict[tuple[str, tuple[str, ...]], tuple] = {}

    def version(self, blob: str | None) -> Version:
        if blob not in self._versions:
            self._versions[blob] = of_text(self.history.text(blob))  # an absent page reads as empty
        return self._versions[blob]

    def alike(self, blob: str, keys: tuple[str, ...]) -> tuple:
        if (blob, keys) not in self._alike:
            self._alike[blob, keys] = _alike(self.history.text(blob), keys)
        return self._alike[blob, keys]


# One: a long-lived page's versions, parsed, take megabytes; the pages that share them come in a row.
@lru_cache(maxsize=1)
def _versions(source_path, commit: str) -> _Versions:
    return _Versions(pairing.history(source_path, commit))


def check(node, ctx, options):
    page = ctx.page
    fm = page.front_matter
    named = pairing.source_commit(fm)
    read = _versions(ctx.source.path, named[1]) if named else None
    history = read.history if read else None
    if history is None:  # no git checkout with that commit: what today's English shows
        if not ctx.source_exact:
            yield from _drifted(ctx)
        return
    if not history.changes:
        return  # nothing newer touched the page
    key, commit = named
    mine = of_page(page)
    keys = translated_keys(mine, read.version(history.base))
    versions: dict[str | None, list[Block]] = {}

    def version(blob):
        if blob not in versions:
            versions[blob] = blocks(read.version(blob), keys) if blob else []
        return versions[blob]

    def same(a, b) -> bool:
        if a == b or (a and b and read.alike(a, keys) == read.alike(b, keys)):
            return True
        return [x.key for x in version(a)] == [x.key for x in version(b)]

    if same(history.base, history.head):
        return  # only metadata, whitespace or comments changed, or a change was undone
    base = version(history.base)
    changed = list(_differences(base, version(history.head)))
    newest = next((c for c in history.changes if not same(c.before, c.after)), history.changes[0])
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
        here = blocks(mine, keys)
        where = {id(b): t.line for b, t in zip(base, here)} if [b.kind for b in here] == [b.kind for b in base] else {}
        named_blocks = [_describe(b, a, lambda block: where.get(id(block)), commit) for b, a in changed]
        shown = ", ".join(named_blocks[:_SHOWN]) + (f", and {len(named_blocks) - _SHOWN} more"
                                                    if len(named_blocks) > _SHOWN else "")
        count = f"{len(changed)} block{'s' if len(changed) != 1 else ''} changed"
        what = f"the source page changed since {commit[:10]}: {count}: {shown}"
    line = key_lines(page).get(key, (fm.first_line,))[0]
    yield Hit(line, 1, f"{what}; {when}; the translation is stale")
