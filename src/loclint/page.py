"""A file on disk -> a `Page`: front matter, markdown-it-py tokens, the
nodes the rules are sent, and the one place where positions in the file are
computed.

Positions: every line and column loclint reports is that of the file on disk
(1-based, columns in characters, front matter lines included). markdown-it-py
only gives block tokens a 0-based line range (`map`) and inline tokens nothing,
so this module
  * parses the body with the front matter lines blanked out, which keeps every
    `map` relative to the file;
  * wraps every inline rule so that each inline token it pushes records the
    offsets (`meta["start"]`, `meta["end"]`) of its source in the raw inline
    text, and points back at that text (`meta["src"]`, an `InlineSource`);
  * maps an offset in such a raw inline text to (line, column) on disk.
The `text_join` core rule is disabled so entities stay `text_special` tokens.
"""

from __future__ import annotations

import bisect
import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loclint.speed import mdit, speedups_enabled

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


_FM_OPEN = re.compile(r"---[ \t]*\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def real(path: Path) -> Path:
    """Path.resolve() that leaves a symlink loop be (resolve() raises on one
    in Python 3.11): reading the file reports it instead. Memoised by the
    absolute path, so that a relative path is never taken from another
    working folder."""
    return _real_path(os.path.abspath(path))


def real_name(path: Path | str) -> str:
    """real(path) as a str, for code that only joins and compares names (a
    warm run asks for thousands: a Path costs more to make than to find)."""
    return _real(os.path.abspath(path))


# Bounded: a run asks about a page and its folders while it lints the page,
# and a run of a hundred thousand pages would otherwise keep every name.
@lru_cache(maxsize=8192)
def _real_path(absolute: str) -> Path:
    return Path(_real(absolute))


@lru_cache(maxsize=8192)
def _real(absolute: str) -> str:
    # Folder by folder, each resolved once: os.path.realpath would lstat
    # every component of every page's path again.
    parent, name = os.path.split(absolute)
    if not name or parent == absolute:
        return absolute
    candidate = os.path.join(_real(parent), name)
    return os.path.realpath(candidate) if os.path.islink(candidate) else candidate


class PageError(Exception):
    """The file cannot be read as a Markdown page at all."""


@dataclass(frozen=True, slots=True)  # slots: one per inline block of every page and source
class InlineSource:
    """The raw Markdown of one inline block (paragraph, heading, table cell)
    and the file position of each of its lines."""

    content: str
    line_offsets: tuple[int, ...]  # offset in content where each content line starts
    # 1-based (line, column) on disk of each; a column may be below 1 when the
    # line's leading whitespace in content is not the file's (a tab expanded).
    origins: tuple[tuple[int, int], ...]
    # Offsets in content before which the file holds one more character: the
    # backslash of a `\|` that a table cell's content lost.
    gaps: tuple[int, ...] = ()

    def position(self, offset: int) -> tuple[int, int]:
        # Binary search would be overkill: inline blocks are a few lines long.
        k = 0
        for i, start in enumerate(self.line_offsets):
            if start <= offset:
                k = i
            else:
                break
        line, col = self.origins[k]
        start = self.line_offsets[k]
        shift = bisect.bisect_right(self.gaps, offset) - bisect.bisect_left(self.gaps, start) if self.gaps else 0
        return line, max(1, col + offset - start + shift)


@dataclass
class FrontMatter:
    data: dict[str, Any] | None  # None when absent or broken
    first_line: int  # 1-based line of the opening ---
    last_line: int  # 1-based line of the closing ---
    error: str | None = None
    error_line: int = 1


@dataclass(frozen=True, eq=False)  # eq=False: compared and hashed as itself (facts are cached per page)
class Page:
    """A parsed page. Nothing changes it after parsing: what pairing adds
    travels beside it (context.Context), what is derived from it is in
    facts.py."""

    path: Path
    text: str  # BOM removed, line endings normalised to \n
    lines: tuple[str, ...]
    has_bom: bool = False
    newline: str = "\n"
    front_matter: FrontMatter | None = None
    tokens: tuple[Token, ...] = ()
    env: dict = field(default_factory=dict)  # markdown-it-py's: the reference definitions
    # What the rules are sent, in document order: the page itself ("root"),
    # every leaf block token (inline, fence, code_block, html_block, ...)
    # and, inside inline blocks, every link, image and inline HTML; HTML
    # comments left out (no check looks at one).
    nodes: tuple[Node, ...] = ()

    @property
    def body_start(self) -> int:
        """0-based index of the first line after the front matter."""
        return self.front_matter.last_line if self.front_matter else 0

    def block_position(self, token: Token) -> tuple[int, int]:
        line = token.map[0] if token.map else self.body_start
        raw = self.lines[line] if line < len(self.lines) else ""
        return line + 1, len(raw) - len(raw.lstrip()) + 1

    def inline_position(self, token: Token, offset: int = 0) -> tuple[int, int]:
        """Position on disk of `offset` characters into `token`'s own source."""
        src: InlineSource | None = token.meta.get("src") if token.meta else None
        if src is None:
            return self.block_position(token)
        return src.position(token.meta.get("start", 0) + offset)

    def text_position(self, first_line: int, content: str, offset: int) -> tuple[int, int]:
        """Position on disk of `offset` into `content`, a block's text whose
        first line is the file's 0-based line `first_line` (code blocks, HTML
        blocks, front matter: their lines are the file's, maybe de-indented)."""
        line_index = content.count("\n", 0, offset)
        line_start = content.rfind("\n", 0, offset) + 1
        line_end = content.find("\n", line_start)
        content_line = content[line_start : line_end if line_end >= 0 else len(content)]
        file_line = min(first_line + line_index, len(self.lines) - 1)
        col = self.lines[file_line].find(content_line) if content_line else 0
        return file_line + 1, max(col, 0) + offset - line_start + 1

    def locator(self, token: Token):
        """offset into `token.content` -> (line, column) on disk, for any
        token with text: inline ones, code and HTML blocks."""
        if token.meta and "src" in token.meta:
            return lambda offset: self.inline_position(token, offset)
        first = token.map[0] + (1 if token.type == "fence" else 0)
        return lambda offset: self.text_position(first, token.content, offset)

    def position(self, node: Node | Token) -> tuple[int, int]:
        token = node.first_token if isinstance(node, Node) else node
        if token.meta and "src" in token.meta:
            return self.inline_position(token)
        return self.block_position(token)


class Node:
    """What a rule is sent: a type and its token (a link: its opening token
    and the tokens of its text), made in one pass over the tokens."""

    __slots__ = ("type", "token", "opening", "inner")

    def __init__(self, type_: str, token: Token | None = None, opening: Token | None = None):
        self.type = type_
        self.token = token
        self.opening = opening  # a link's link_open
        self.inner: list[Token] | tuple = ()  # a link's tokens between its opening and closing

    @property
    def first_token(self) -> Token:
        return self.opening if self.opening is not None else self.token

    @property
    def attrs(self) -> dict:
        return self.first_token.attrs if self.first_token is not None else {}


def _is_comment(token: Token) -> bool:
    return token.type in ("html_block", "html_inline") and token.content.lstrip().startswith("<!--")


# Inline tokens a check is sent: only these become nodes (a link keeps the
# tokens of its text in `inner`); every other inline token stays a token.
_INLINE_NODES = frozenset({"link_open", "image", "html_inline"})


def _nodes(tokens: list[Token]) -> list[Node]:
    found = [Node("root")]
    for token in tokens:
        if token.nesting or _is_comment(token):
            continue
        found.append(Node(token.type, token=token))
        if token.children and token.type == "inline":
            _add_inline(found, token.children)
    return found


def _add_inline(found: list[Node], tokens: list[Token]) -> None:
    links: list[Node] = []  # the links open at this point, innermost last
    for token in tokens:
        for link in links:
            link.inner.append(token)
        if token.type == "link_close":
            links.pop().inner.pop()  # its own closing token
        elif token.type in _INLINE_NODES and not _is_comment(token):
            if token.type == "link_open":
                node = Node("link", opening=token)
                node.inner = []
                links.append(node)
            else:
                node = Node(token.type, token=token)
            found.append(node)


def _stamping(rule_name: str, fn):
    """Wrap an inline rule so the tokens it pushes know where they came from."""
    def rule(state, silent: bool) -> bool:
        if silent:  # label scans: nothing is pushed
            return fn(state, silent)
        start = state.pos
        before = len(state.tokens)
        # Reading `state.pending` would join its buffer on every call.
        try:
            had_pending = bool(state._pending or state._pending_buffer)
        except AttributeError:  # another markdown-it-py version
            had_pending = bool(state.pending)
        ok = fn(state, silent)
        if ok:
            new = state.tokens[before + (1 if had_pending else 0) :]
            label_end = -1
            if rule_name in ("link", "image") and new:
                # The rule's own call again (a link's "[" is at start, an image's
                # after its "!"): every position it visits is in state.cache by
                # now, so no rule runs again and no rule's state changes.
                end = state.pos
                link = rule_name == "link"
                label_end = state.md.helpers.parseLinkLabel(state, start if link else start + 1, link)
                state.pos = end
            for tok in new:
                if tok.meta is None:
                    tok.meta = {}
                if "start" not in tok.meta:
                    tok.meta["start"] = start
                    tok.meta["end"] = state.pos
                    if label_end >= 0:
                        tok.meta["label_end"] = label_end
        return ok

    return rule


# The rules whose tokens some check locates; `text`, by far the most
# called, only gathers pending text and pushes nothing.
_STAMPED = ("escape", "backticks", "emphasis", "link", "image", "autolink", "html_inline", "entity")


def make_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # here: a warm run parses no page and never needs it

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.disable("text_join")
    for rule in md.inline.ruler.__rules__:
        if rule.name in _STAMPED:
            rule.fn = _stamping(rule.name, rule.fn)
    md.inline.ruler.__cache__ = None
    if speedups_enabled():
        mdit.install(md)
    return md


_PARSER: MarkdownIt | None = None


def parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        _PARSER = make_parser()
    return _PARSER


def decode(data: bytes, path: Path) -> tuple[str, bool]:
    if b"\x00" in data:  # anywhere: a NUL after the first 8 KB is no text either
        raise PageError("binary file (contains NUL bytes)")
    has_bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PageError(f"not valid UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r})") from None
    return text, has_bom


def one_newline(text: str) -> str:
    """\r\n and \r line ends as \n (positions count lines alike for all three)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def front_matter_close(text: str) -> re.Match | None:
    """The closing --- (or ...) of the front matter `text` opens, if any."""
    return _FM_CLOSE.search(text, 4) if _FM_OPEN.match(text) else None


def split_front_matter(text: str) -> FrontMatter | None:
    if not _FM_OPEN.match(text):
        return None
    close = front_matter_close(text)
    if close is None:
        return FrontMatter(None, 1, 1, "front matter opened with --- is never closed", 1)
    last_line = text.count("\n", 0, close.start()) + 1
    fm = FrontMatter(None, 1, last_line)
    block = text[text.index("\n") + 1 : close.start()]
    import yaml  # here, as markdown_it in make_parser: a warm run reads no front matter
    from frontmatter.default_handlers import SafeLoader, YAMLHandler

    try:
        # No aliases: a kilobyte of anchors to anchors to lists loads as
        # shared references, and whatever prints or converts a value then
        # expands them into gigabytes. An alias needs a "*"; the event scan
        # is linear and only runs when there is one.
        alias = next((e for e in yaml.parse(block, Loader=SafeLoader) if isinstance(e, yaml.AliasEvent)),
                     None) if "*" in block else None
        if alias is not None:
            fm.error = f"front matter uses the YAML alias *{alias.anchor}: aliases are not allowed in front matter"
            fm.error_line = 2 + alias.start_mark.line
            return fm
        data = YAMLHandler().load(block) if block.strip() else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        if getattr(err, "context_mark", None):
            mark = err.context_mark  # where the unclosed thing opened
        fm.error = "front matter is not valid YAML: " + " ".join(
            str(getattr(err, "problem", None) or err).split()
        )
        fm.error_line = 2 + (mark.line if mark else 0)
        return fm
    if not isinstance(data, dict):
        fm.error = f"front matter must be a YAML mapping, not {type(data).__name__}"
        fm.error_line = 2
        return fm
    fm.data = data
    return fm


def parse(text: str, path: Path, has_bom: bool = False, newline: str = "\n") -> Page:
    lines = tuple(text.split("\n"))
    front_matter = split_front_matter(text)
    body = text
    if front_matter and front_matter.last_line > 1:
        # Blank the front matter out so that every `map` stays file-relative.
        n = front_matter.last_line
        body = "\n" * n + "\n".join(lines[n:])
    env: dict = {}
    tokens = parser().parse(body, env)
    _attach_inline_sources(lines, tokens)
    if speedups_enabled():
        mdit.share_empty_dicts(tokens)
    return Page(path, text, lines, has_bom, newline, front_matter, tuple(tokens), env, tuple(_nodes(tokens)))


def heading_tokens(text: str) -> list[Token]:
    """`text` (decoded, any line ends) parsed as `parse` parses a page, but
    with the inline content parsed only of its headings and of the blocks
    that hold HTML (a `<`): what a page's anchors are read from, at a
    fraction of a whole parse (no other inline block has children)."""
    text = one_newline(text)
    close = front_matter_close(text)
    body = text
    if close is not None:  # blanked out, as `parse` does: a closing --- is no setext heading
        n = text.count("\n", 0, close.start()) + 1
        body = "\n" * n + "\n".join(text.split("\n")[n:])
    from markdown_it.rules_core import StateCore  # as in make_parser

    md = parser()
    env: dict = {}
    state = StateCore(body, md, env)
    for rule in md.core.ruler.__rules__:
        if rule.enabled and rule.name != "inline":
            rule.fn(state)
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "inline" and ((i and tokens[i - 1].type == "heading_open") or "<" in token.content):
            token.children = []
            md.inline.parse(token.content, md, env, token.children)
    return tokens


def read(path: Path) -> Page:
    """Read and parse `path`; raises PageError (OSError too) when it cannot."""
    text, has_bom = decode(read_bytes(path), path)
    return from_text(text, path, has_bom)


_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket"}


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file (of at most `limit` bytes, when given);
    PageError for anything else (a FIFO would block forever, /dev/zero never
    ends), decided on the opened file itself so that nothing can be swapped
    in between."""
    # Non-blocking: opening a FIFO with no writer would wait for one.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise PageError(f"not a regular file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')})")
        if limit is not None and info.st_size > limit:
            raise PageError(f"{info.st_size} bytes, over the limit of {limit}")
        with open(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def from_text(text: str, path: Path, has_bom: bool = False) -> Page:
    """A page from decoded text, whatever its line ends (positions count
    lines the same way for \r\n, \r and \n).

    The last few pages parsed are kept: a run lints a source page and then
    its translations, which compare with it, and the fixer re-lints what it
    just wrote. Each caller gets its own Page sharing the parsed tokens and
    nodes, which nothing changes after parsing."""
    key = (real(path), text, has_bom)
    parsed = _PARSED.pop(key, None)
    if parsed is None:
        newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
        parsed = parse(one_newline(text), path, has_bom, newline)
    if len(text) <= _PARSED_MAX_CHARS:
        _PARSED[key] = parsed
        while len(_PARSED) > _PARSED_PAGES:
            del _PARSED[next(iter(_PARSED))]
    # A Page of its own: the facts worked out for it (facts.py, kept as long
    # as their page lives) go with it, not with the parse kept here.
    return replace(parsed, path=path)


_PARSED: dict[tuple[Path, str, bool], Page] = {}  # oldest first
_PARSED_PAGES = 4
_PARSED_MAX_CHARS = 512 * 1024


def _attach_inline_sources(lines: tuple[str, ...], tokens: list[Token]) -> None:
    cursors: dict[int, int] = {}  # per line: where the last located cell ended
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        src = _locate(lines, token, cursors)
        token.meta = token.meta or {}
        token.meta["src"] = src
        token.meta["start"] = 0
        token.meta["end"] = len(token.content)
        _attach_children(token.children or [], src, 0)


def _attach_children(tokens: list[Token], src: InlineSource, shift: int) -> None:
    for tok in tokens:
        if tok.meta is None:
            tok.meta = {}
        tok.meta["src"] = src
        if shift:
            for key in ("start", "end", "label_end"):
                if key in tok.meta:
                    tok.meta[key] += shift
        if tok.children:
            # An image parses its alt text as a separate source: its children's
            # offsets count from the alt text, just after "![".
            _attach_children(tok.children, src, tok.meta.get("start", 0) + 2)


def _locate(lines: tuple[str, ...], token: Token, cursors: dict[int, int]) -> InlineSource:
    content = token.content
    first = token.map[0]
    if "\n" not in content and first < len(lines):
        # One line found where it starts (most headings, cells, list
        # items): what the search below would find first.
        col = lines[first].find(content, cursors.get(first, 0)) if content else cursors.get(first, 0)
        if col >= 0:
            cursors[first] = col + len(content)
            return InlineSource(content, (0,), ((first + 1, col + 1),))
        if "|" in content:
            cell = _escaped_cell(lines[first], content, cursors.get(first, 0))
            if cell is not None:
                col, end, gaps = cell
                cursors[first] = end
                return InlineSource(content, (0,), ((first + 1, col + 1),), gaps)
    content_lines = content.split("\n")
    first, last = token.map[0], max(token.map[1], token.map[0] + 1)
    offsets, origins = [], []
    offset = 0
    line_no = first
    for cl in content_lines:
        # markdown-it-py strips a block's content with str.strip(), which also
        # drops leading lines of form feeds and other odd whitespace that the
        # block's `map` still counts: search forward within the block.
        found = None
        for candidate in range(line_no, min(last, len(lines))):
            raw = lines[candidate]
            cursor = cursors.get(candidate, 0)
            col = raw.find(cl, cursor) if cl else cursor
            if col >= 0:
                found = (candidate, col)
                break
            if cl.strip():
                # The content's leading whitespace is not the file's (a tab
                # expanded to spaces): its first other character is.
                stripped = cl.lstrip()
                at = raw.find(stripped, cursor)
                if at >= 0:
                    found = (candidate, at - (len(cl) - len(stripped)))
                    break
        if found is None:
            found = (min(line_no, len(lines) - 1), 0)
        line_no, col = found
        cursors[line_no] = max(col + len(cl), 0)
        offsets.append(offset)
        origins.append((line_no + 1, col + 1))
        offset += len(cl) + 1
        line_no += 1
    return InlineSource(token.content, tuple(offsets), tuple(origins))


def _escaped_cell(raw: str, content: str, cursor: int) -> tuple[int, int, tuple[int, ...]] | None:
    """(start, end, gaps) of a table cell's `content` in its line `raw`, where
    each `|` of the content may stand as `\\|` (the table rule drops the
    backslash); None when it is not there."""
    parts = content.split("|")
    pattern = re.compile(r"(\\?)\|".join(re.escape(part) for part in parts))
    m = pattern.search(raw, cursor)
    if m is None:
        return None
    gaps, offset = [], 0
    for i, part in enumerate(parts[:-1]):
        offset += len(part)
        if m.group(i + 1):
            gaps.append(offset)
        offset += 1
    return m.start(), m.end(), tuple(gaps)
