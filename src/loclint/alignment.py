"""Which block of a translated page stands for which block of its source:
made once per pair of pages and used by every rule that compares them.

A block is a heading, a paragraph, a list item's paragraph, a table row, a
fenced or indented code block or an HTML block (HTML comments left out). Two
blocks are aligned in two passes: first on their kind and what translation
never changes (tokens, code, link targets, numbers, heading ids), then, in
the stretches between, on their kind alone. A pair is *anchored* when the
pairs on either side of it agree on both: there the translation matched the
source, so a difference between the two blocks is the translation's."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from typing import TYPE_CHECKING

from loclint import afm, facts, urls
from loclint.facts import Item, per_page
from loclint.page import Page

if TYPE_CHECKING:
    from markdown_it.token import Token

_DIGITS = re.compile(r"\d+")
_ENTITY = re.compile(r"&#?\w{1,32};")
_AFM_MARKER = re.compile(r"\s*\[!\w{1,40}\]")  # > [!NOTE]: the block's keyword, translated or not
# What renders as no text: tags, no-break spaces, white space, nothing else.
_SPACERS = re.compile(r"(?:<[^<>]{0,200}>|&nbsp;|&#160;|&#xa0;|\s)*", re.I)
_CONTAINERS = {"bullet_list_open": "item", "ordered_list_open": "item", "blockquote_open": "quote"}
_CLOSERS = {"bullet_list_close", "ordered_list_close", "blockquote_close"}
_EXCERPT = 60
_GROWN = 0.1  # of the source's words in passages the page lacks: the source grew


@dataclass(frozen=True, eq=False, slots=True)
class Block:
    kind: str  # h1..h6, p, item, quote, afm, row, fence, code, html
    line: int  # first line on disk, 1-based
    end: int  # the line after it
    text: str  # its Markdown, for messages
    signature: tuple  # what translation never changes in it
    fence: str | None = None  # a code block's content
    cells: int = 0  # a table row's

    def excerpt(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"

    def describe(self) -> str:
        """How a message names it: `the paragraph at line 12 ("…")`."""
        name = "heading" if _HEADING.fullmatch(self.kind) else _NAMES.get(self.kind, self.kind)
        return f"{name} at line {self.line} (\"{self.excerpt()}\")"

    @property
    def heading_level(self) -> int | None:
        return int(self.kind[1]) if _HEADING.fullmatch(self.kind) else None

    @property
    def lines(self) -> int:
        return self.end - self.line


_HEADING = re.compile(r"h[1-6]")
_NAMES = {"p": "paragraph", "item": "list item", "quote": "quoted paragraph", "afm": "note block", "row": "table row",
          "fence": "code block", "code": "code block", "html": "HTML block"}


@dataclass(frozen=True, eq=False, slots=True)
class Pair:
    source: Block | None
    target: Block | None
    same: bool = False  # kind and signature agree
    anchored: bool = False  # the pairs around it agree: a difference here is the translation's


@dataclass(frozen=True, eq=False)
class Alignment:
    pairs: tuple[Pair, ...]
    source_blocks: tuple[Block, ...]
    target_blocks: tuple[Block, ...]

    def unpaired_runs(self):
        """(the pairs of a stretch of blocks with no counterpart, the pair
        after it or None) for each such stretch, in page order; a block
        split in two or two merged into one (the neighbour's other side
        spans the lines of both: a line that became a list item) is none."""
        run: list[Pair] = []
        before = None  # the last pair with both sides
        for pair in (*self.pairs, None):
            if pair is not None and (pair.source is None or pair.target is None):
                run.append(pair)
                continue
            if run and not _split_or_merged(run, before, pair):
                yield run, pair
            run = []
            before = pair

    def grown(self) -> tuple[list[Block], float] | None:
        """(the source blocks, their share of its words) of the passages
        the source has and the page lacks, when they are two blocks or more
        and a tenth of its words or more: a translation pipeline does not
        drop whole passages; the source grew after the translation."""
        added = [p.source for run, _ in self.unpaired_runs() if all(q.target is None for q in run) for p in run]
        words = sum(len(b.text.split()) for b in self.source_blocks) or 1
        share = sum(len(b.text.split()) for b in added) / words
        return (added, share) if len(added) >= 2 and share >= _GROWN else None

    def pair_of_target_line(self, line: int) -> Pair | None:
        return self._pair_at(line, target=True)

    def pair_of_source_line(self, line: int) -> Pair | None:
        return self._pair_at(line, target=False)

    def target_line_for(self, source_line: int) -> int:
        """Where a source line's block stands in the target: its aligned
        block, or the next target block after it when it has none."""
        pair = self._pair_at(source_line, target=False)
        if pair is not None:
            for later in self.pairs[self._lookup[1][id(pair.source)][1]:]:
                if later.target is not None:
                    return later.target.line
        return self.target_blocks[-1].line if self.target_blocks else 1

    @cached_property
    def _lookup(self) -> tuple[dict[int, tuple[Pair, int]], dict[int, tuple[Pair, int]], list[int], list[int]]:
        """Found once: each block's pair and its place in `pairs` (target
        blocks, source blocks), and the first lines of either side's blocks:
        a lookup per finding must not walk the page."""
        by_target, by_source = {}, {}
        for i, pair in enumerate(self.pairs):
            if pair.target is not None:
                by_target[id(pair.target)] = (pair, i)
            if pair.source is not None:
                by_source[id(pair.source)] = (pair, i)
        return by_target, by_source, [b.line for b in self.target_blocks], [b.line for b in self.source_blocks]

    def _pair_at(self, line: int, target: bool) -> Pair | None:
        by_target, by_source, t_lines, s_lines = self._lookup
        blocks, starts, pairs = ((self.target_blocks, t_lines, by_target) if target
                                 else (self.source_blocks, s_lines, by_source))
        i = bisect.bisect_right(starts, line) - 1
        if i < 0 or line >= blocks[i].end:
            return None
        found = pairs.get(id(blocks[i]))
        return found[0] if found else None


def _split_or_merged(run, before, after) -> bool:
    for pair in (before, after):
        if pair is None:
            continue
        extra_target = sum(p.target.lines for p in run if p.target is not None)
        extra_source = sum(p.source.lines for p in run if p.source is not None)
        if extra_source == 0 and pair.source.lines >= pair.target.lines + extra_target:
            return True
        if extra_target == 0 and pair.target.lines >= pair.source.lines + extra_source:
            return True
    return False


@per_page
def blocks(page: Page) -> tuple[Block, ...]:
    """The page's blocks in page order."""
    found: list[Block] = []
    containers: list[str] = []
    row: list[Token] | None = None  # the cells of the table row being read
    heading_level = None
    for token in page.tokens:
        kind = token.type
        if kind in _CONTAINERS:
            containers.append(_CONTAINERS[kind])
        elif kind in _CLOSERS and containers:
            containers.pop()
        elif kind == "heading_open":
            heading_level = token.tag
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row:
                found.append(_inline_block(page, "row", row))
            row = None
        elif kind == "inline" and token.map:
            if row is None and _SPACERS.fullmatch(token.content):
                heading_level = None  # a spacer (`<br>`, `&nbsp;`): no text to align
            elif row is not None:
                row.append(token)
            elif heading_level:
                found.append(_inline_block(page, heading_level, [token]))
            elif containers and containers[-1] == "quote" and _AFM_MARKER.match(token.content):
                found.append(_inline_block(page, "afm", [token]))
            else:
                found.append(_inline_block(page, containers[-1] if containers else "p", [token]))
            heading_level = None
        elif kind in ("fence", "code_block") and token.map:
            code = _code_lines(token.content)
            found.append(Block("fence" if kind == "fence" else "code", token.map[0] + 1, token.map[1] + 1,
                               token.content, ("code", code), fence=token.content))
        elif kind == "html_block" and token.map and not _SPACERS.fullmatch(_without_comments(token.content)):
            found.append(Block("html", token.map[0] + 1, token.map[1] + 1, token.content,
                               tuple(sorted(_DIGITS.findall(_without_comments(token.content))))))
    return tuple(found)


def _without_comments(html: str) -> str:
    """HTML with its comments taken out, in one pass (an unclosed `<!--`
    hides the rest, as in a browser)."""
    out, at = [], 0
    while (start := html.find("<!--", at)) >= 0:
        out.append(html[at:start])
        end = html.find("-->", start + 4)
        if end < 0:
            return "".join(out)
        at = end + 3
    out.append(html[at:])
    return "".join(out)


def _code_lines(code: str) -> tuple[str, ...]:
    """A code block's lines as they matter: blank lines and trailing spaces
    left out (the translation pipeline trims them)."""
    return tuple(line.rstrip() for line in code.split("\n") if line.strip())


def code_lines(code: str) -> list[tuple[int, str]]:
    """(index of the line in the block, the line) of each line that counts."""
    return [(i, line.rstrip()) for i, line in enumerate(code.split("\n")) if line.strip()]


def _inline_block(page: Page, kind: str, inlines: list[Token]) -> Block:
    first, last = inlines[0], inlines[-1]
    signature: list[str] = []
    for inline in inlines:
        masked, tokens = facts.inline_scan(page, inline)
        for tok in tokens:
            if tok.closed and tok.intended == "DNL":
                signature.append("dnl:" + " ".join(masked[tok.content_start : tok.content_end].split()))
            elif tok.closed and tok.intended == "UICONTROL":
                signature.append("ui")
        for child in facts.inline_children(page, inline):
            if child.type == "code_inline":
                signature.append("code:" + child.content)
            elif child.type in ("link_open", "image"):
                url = child.attrGet("href" if child.type == "link_open" else "src") or ""
                signature.append("url:" + urls.normalize_url(url))
        signature += ("n:" + d for d in _DIGITS.findall(_ENTITY.sub(" ", masked)))
        if _HEADING.fullmatch(kind):
            hid = afm.heading_id(inline)
            if hid:
                signature.append("id:" + hid)
    text = " | ".join(i.content for i in inlines)
    return Block(kind, first.map[0] + 1, max(last.map[1], first.map[0] + 1) + 1, text, tuple(sorted(signature)),
                 cells=len(inlines) if kind == "row" else 0)


@per_page
def alignment(target: Page, source: Page) -> Alignment:
    """The blocks of `target` aligned with those of `source`."""
    s_blocks, t_blocks = blocks(source), blocks(target)
    raw: list[tuple[Block | None, Block | None]] = []
    si = ti = 0
    for a, b in _anchors(s_blocks, t_blocks) + [(len(s_blocks), len(t_blocks))]:
        raw += _align_run(s_blocks[si:a], t_blocks[ti:b])
        if a < len(s_blocks):
            raw.append((s_blocks[a], t_blocks[b]))
        si, ti = a + 1, b + 1
    same = [s is not None and t is not None and (s.kind, s.signature) == (t.kind, t.signature) for s, t in raw]
    pairs = []
    for i, (s, t) in enumerate(raw):
        around = (i == 0 or same[i - 1]) and (i + 1 == len(raw) or same[i + 1])
        pairs.append(Pair(s, t, same[i], s is not None and t is not None and (same[i] or around)))
    return Alignment(tuple(pairs), s_blocks, t_blocks)


def _anchors(s_blocks, t_blocks) -> list[tuple[int, int]]:
    """Blocks that are surely each other's: a kind and signature found once
    on each side, kept where they stand in the same order on both (the
    longest increasing run, as patience diff does)."""
    def once(blocks):
        seen: dict = {}
        for i, b in enumerate(blocks):
            if b.signature:
                key = (b.kind, b.signature)
                seen[key] = None if key in seen else i
        return {k: i for k, i in seen.items() if i is not None}
    s_once, t_once = once(s_blocks), once(t_blocks)
    candidates = sorted((i, t_once[k]) for k, i in s_once.items() if k in t_once)
    # Longest run increasing in both: patience sorting on the target index.
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for n, (_, j) in enumerate(candidates):
        k = bisect.bisect_left(tails, j)
        back.append(tail_at[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = j, n
    run, n = [], tail_at[-1] if tail_at else -1
    while n >= 0:
        run.append(candidates[n])
        n = back[n]
    return run[::-1]


_MAX_CELLS = 40_000  # a larger stretch is aligned by kind in order, not scored pair by pair


def _align_run(s_run, t_run) -> list[tuple[Block | None, Block | None]]:
    """Pairs of a stretch between anchors: the alignment of best total
    likeness (kinds must agree), the rest unpaired."""
    if not s_run or not t_run:
        return [(s, None) for s in s_run] + [(None, t) for t in t_run]
    if len(s_run) * len(t_run) > _MAX_CELLS:
        return _by_kind(s_run, t_run)
    n, m = len(s_run), len(t_run)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = score[i], score[i + 1]
        for j in range(m - 1, -1, -1):
            best = below[j] if below[j] > row[j + 1] else row[j + 1]
            like = _likeness(s_run[i], t_run[j])
            if like and below[j + 1] + like > best:
                best = below[j + 1] + like
            row[j] = best
    out: list[tuple[Block | None, Block | None]] = []
    i = j = 0
    while i < n and j < m:
        like = _likeness(s_run[i], t_run[j])
        if like and score[i][j] == score[i + 1][j + 1] + like:
            out.append((s_run[i], t_run[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            out.append((s_run[i], None))
            i += 1
        else:
            out.append((None, t_run[j]))
            j += 1
    return out + [(s, None) for s in s_run[i:]] + [(None, t) for t in t_run[j:]]


def _likeness(s: Block, t: Block) -> float:
    """How alike two blocks are, 0 when they cannot be each other's."""
    if s.kind != t.kind and not (s.heading_level and t.heading_level):
        return 0.0  # a heading may change level; a paragraph is not a table row
    if s.signature or t.signature:
        shared = _common(s.signature, t.signature) / max(len(s.signature), len(t.signature))
    else:
        shared = 0.5
    a, b = len(s.text), len(t.text)
    like = 1.0 + 2.0 * shared + (min(a, b) / max(a, b) if a and b else 1.0)
    return like if s.kind == t.kind else like / 2


def _common(a: tuple, b: tuple) -> int:
    """How many items two signatures share, as multisets: both are sorted
    (a block's signature is), so one walk along both tells."""
    i = j = n = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            n, i, j = n + 1, i + 1, j + 1
        elif a[i] < b[j]:
            i += 1
        else:
            j += 1
    return n


def _by_kind(s_run, t_run):
    out: list[tuple[Block | None, Block | None]] = []
    si = ti = 0
    matcher = SequenceMatcher(None, [b.kind for b in s_run], [b.kind for b in t_run], autojunk=False)
    for match in matcher.get_matching_blocks():
        out += [(s, None) for s in s_run[si : match.a]] + [(None, t) for t in t_run[ti : match.b]]
        out += [(s_run[match.a + k], t_run[match.b + k]) for k in range(match.size)]
        si, ti = match.a + match.size, match.b + match.size
    return out


# --- the differences of what two aligned blocks carry ---------------------------


@dataclass(frozen=True, slots=True)
class Difference:
    how: str  # changed | added | missing
    target: Item | None
    source: Item | None
    pair: Pair

    @property
    def anchored(self) -> bool:
        return self.pair.anchored


def differences(align: Alignment, s_items: list[Item], t_items: list[Item]):
    """The items of each pair of aligned blocks that differ, as multisets
    per block. Items of a block with no counterpart are not compared: the
    block itself is the difference (structure-mismatch says it)."""
    by_source: dict[int, list[Item]] = {}
    by_target: dict[int, list[Item]] = {}
    for item in s_items:
        if (pair := align.pair_of_source_line(item.line)) is not None:
            by_source.setdefault(id(pair), []).append(item)
    for item in t_items:
        if (pair := align.pair_of_target_line(item.line)) is not None:
            by_target.setdefault(id(pair), []).append(item)
    for pair in align.pairs:
        if pair.source is None or pair.target is None:
            continue
        theirs, mine = by_source.get(id(pair), []), by_target.get(id(pair), [])
        if not theirs and not mine:
            continue  # most pairs: nothing to compare
        lacks = Counter(i.value for i in theirs) - Counter(i.value for i in mine)
        adds = Counter(i.value for i in mine) - Counter(i.value for i in theirs)
        missing, added = _beyond(theirs, lacks), _beyond(mine, adds)
        for item in added:
            partner = max(missing, key=lambda m: SequenceMatcher(None, m.value.lower(), item.value.lower()).ratio(),
                          default=None)
            if partner is not None:
                missing.remove(partner)
                yield Difference("changed", item, partner, pair)
            else:
                yield Difference("added", item, None, pair)
        for item in missing:
            yield Difference("missing", None, item, pair)


def _beyond(items: list[Item], extra: Counter) -> list[Item]:
    """The items of `items` that make up the multiset `extra`, first first."""
    left, out = Counter(extra), []
    for item in items:
        if left[item.value] > 0:
            left[item.value] -= 1
            out.append(item)
    return out
