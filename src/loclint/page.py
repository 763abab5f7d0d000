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
import copy
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

# markdown-it-py and PyYAML are imported where they are used: a warm run
# (every page from the cache) and `loclint rules` never need them, and a
# pre-commit hook pays every millisecond of start-up.
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from loclint.docs import DocsIndex

_FM_OPEN = re.compile(r"---[ \t]*\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def real(path: Path) -> Path:
    """Path.resolve() that leaves a symlink loop be (resolve() raises on one
    in Python 3.11): reading the file reports it instead. Memoised by the
    absolute path, so that a relative path is never taken from another
    working folder."""
    return _real(os.path.abspath(path))


@lru_cache(maxsize=65536)
def _real(absolute: str) -> Path:
    # Folder by folder, each resolved once: os.path.realpath would lstat
    # every component of every page's path again.
    parent, name = os.path.split(absolute)
    if not name or parent == absolute:
        return Path(absolute)
    candidate = os.path.join(_real(parent), name)
    return Path(os.path.realpath(candidate)) if os.path.islink(candidate) else Path(candidate)


class PageError(Exception):
    """The file cannot be read as a Markdown page at all."""


@dataclass
class InlineSource:
    """The raw Markdown of one inline block (paragraph, heading, table cell)
    and the file position of each of its lines."""

    content: str
    line_offsets: list[int]  # offset in content where each content line starts
    # 1-based (line, column) on disk of each; a column may be below 1 when the
    # line's leading whitespace in content is not the file's (a tab expanded).
    origins: list[tuple[int, int]]
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


@dataclass
class Page:
    path: Path
    text: str  # BOM removed, line endings normalised to \n
    has_bom: bool = False
    newline: str = "\n"
    front_matter: FrontMatter | None = None
    tokens: list[Token] = field(default_factory=list)
    env: dict = field(default_factory=dict)
    docs: DocsIndex | None = None
    lang: str | None = None  # the page's language, when known
    source_lang: str = "en"  # the language it was translated from
    source: Page | None = None  # the paired source page, when there is one
    source_exact: bool = False  # the source as it was at source-git-commit
    # (words recorded in source-wordcount, words now) when the working file of
    # the source has clearly changed since the translation was made from it.
    source_drift: tuple[int, int] | None = None
    # What rules derive from the whole page once (anchors, ...), by name.
    memo: dict = field(default_factory=dict)
    # What is derived from the parsed text alone (the nodes, ...): shared by every
    # Page made from one parse.
    derived: dict = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def nodes(self) -> list[Node]:
        """What the rules are sent, in document order: the page itself
        ("root"), every leaf block token (inline, fence, code_block,
        html_block, ...) and, inside inline blocks, every link, image and
        inline HTML; HTML comments left out (no check looks at one;
        suppression directives are read from the tokens). No rule asks for
        a container (paragraph, list, table: the tokens know those), so
        there is no tree to build. Made once per parse: a source page is
        walked as a page and again for each of its translations."""
        nodes = self.derived.get("nodes")
        if nodes is None:
            nodes = self.derived["nodes"] = _nodes(self.tokens)
        return nodes

    def index_of(self, token: Token) -> int:
        """Where a block-level token is in `tokens`."""
        index = self.derived.get("index")
        if index is None:
            index = self.derived["index"] = {id(t): i for i, t in enumerate(self.tokens)}
        return index[id(token)]

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
    from markdown_it.helpers import parseLinkLabel

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
                end = state.pos
                label_end = parseLinkLabel(state, start + (1 if rule_name == "link" else 2), True)
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
    from markdown_it import MarkdownIt

    from loclint import mdit_fast

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.disable("text_join")
    for rule in md.inline.ruler.__rules__:
        if rule.name in _STAMPED:
            rule.fn = _stamping(rule.name, rule.fn)
    md.inline.ruler.__cache__ = None
    mdit_fast.install(md)
    # Percent-encoding and punycoding every link target is a tenth of a
    # parse; a docs tree links the same targets over and over (a translated
    # page, all of its source's).
    md.normalizeLink = lru_cache(maxsize=8192)(md.normalizeLink)
    return md


_PARSER: MarkdownIt | None = None


def parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        _PARSER = make_parser()
    return _PARSER


def decode(data: bytes, path: Path) -> tuple[str, bool]:
    if b"\x00" in data[:8192]:
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
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    try:
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
    page = Page(path=path, text=text, has_bom=has_bom, newline=newline)
    page.front_matter = split_front_matter(text)
    body = text
    if page.front_matter and page.front_matter.last_line > 1:
        # Blank the front matter out so that every `map` stays file-relative.
        n = page.front_matter.last_line
        body = "\n" * n + "\n".join(page.lines[n:])
    page.tokens = parser().parse(body, page.env)
    _attach_inline_sources(page)
    return page


def read(path: Path) -> Page:
    """Read and parse `path`; raises PageError (OSError too) when it cannot."""
    text, has_bom = decode(path.read_bytes(), path)
    return from_text(text, path, has_bom)


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
    page = copy.copy(parsed)  # shares tokens, lines, nodes; not what callers set
    page.path = path
    page.memo = {}
    return page


_PARSED: dict[tuple[Path, str, bool], Page] = {}  # oldest first
_PARSED_PAGES = 4
_PARSED_MAX_CHARS = 512 * 1024


def _attach_inline_sources(page: Page) -> None:
    cursors: dict[int, int] = {}  # per line: where the last located cell ended
    for token in page.tokens:
        if token.type != "inline" or not token.map:
            continue
        src = _locate(page.lines, token, cursors)
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


def _locate(lines: list[str], token: Token, cursors: dict[int, int]) -> InlineSource:
    content = token.content
    first = token.map[0]
    if "\n" not in content and first < len(lines):
        # One line found where it starts (most headings, cells, list
        # items): what the search below would find first.
        col = lines[first].find(content, cursors.get(first, 0)) if content else cursors.get(first, 0)
        if col >= 0:
            cursors[first] = col + len(content)
            return InlineSource(content, [0], [(first + 1, col + 1)])
        if "|" in content:
            cell = _escaped_cell(lines[first], content, cursors.get(first, 0))
            if cell is not None:
                col, end, gaps = cell
                cursors[first] = end
                return InlineSource(content, [0], [(first + 1, col + 1)], gaps)
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
    return InlineSource(token.content, offsets, origins)


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
