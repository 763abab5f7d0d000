"""markdown-it-py giving the same tokens faster: its rule loops try at each
position only the rules that can start there, link destinations are
scanned a run of plain characters at a time, and table rows are split into
cells by string methods.

At every line (block rules) and at every character that is not plain text
(inline rules), markdown-it-py calls each rule in turn, and each begins by
checking the one character it can start with. Asking that question once,
by looking the character up, gives the same tokens for a tenth less
parsing; a rule whose character is not listed here is tried everywhere, as
before. The loops below are markdown-it-py's own `tokenize` and
`skipToken` (the same from 3.0 to 4.3) but for the lookup. Tested against
markdown-it-py itself on generated pages (tests/test_properties.py, on the
newest and the oldest version allowed) and on the corpus."""

from __future__ import annotations

import re
from functools import lru_cache
from types import FunctionType, MappingProxyType, SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# The character each inline rule requires at the current position.
# `text` takes any other, and is tried everywhere (it stops at its own
# terminators, which extensions may add to).
INLINE = {"newline": "\n", "escape": "\\", "backticks": "`", "strikethrough": "~", "emphasis": "*_", "link": "[",
          "image": "!", "autolink": "<", "html_inline": "<", "entity": "&"}
# The first non-blank character of the line each block rule requires (the
# fence rule's default markers). Tables, indented code, setext headings and
# paragraphs can start at any character.
BLOCK = {"fence": "`~", "blockquote": ">", "hr": "*-_", "list": "*-+0123456789", "reference": "[",
         "html_block": "<", "heading": "#"}
# The passes after inline parsing and the characters without which each
# has nothing to do: only emphasis and strikethrough push delimiters, and
# only their delimiter runs leave text tokens side by side to be joined.
# Likewise the source's normalisation, for \r and NUL.
POST = {"balance_pairs": "*_~", "strikethrough": "~", "emphasis": "*_", "fragments_join": "*_~"}
CORE = {"normalize": "\r\0"}


def install(md: MarkdownIt) -> None:
    _options(md)
    _inline(md)
    _table(md)
    _block(md)
    _helpers(md)
    # An extension's inline rule may push delimiters of other characters.
    if all(rule.name in INLINE or rule.name in ("text", "linkify") for rule in md.inline.ruler.__rules__):
        _skipping(md.inline.ruler2, POST)
    _skipping(md.core.ruler, CORE)
    # Percent-encoding and punycoding every link target is a tenth of a
    # parse; a docs tree links the same targets over and over (a translated
    # page, all of its source's).
    md.normalizeLink = lru_cache(maxsize=8192)(md.normalizeLink)


def _lookup(ruler, triggers: dict[str, str]):
    """(char -> the rules of the ruler's main chain that can start with it,
    in their order: the characters met so far; a function that adds a
    character), or None when the chain is not what the ruler runs."""
    chain = [(rule.name, rule.fn) for rule in ruler.__rules__ if rule.enabled]
    if [fn for _, fn in chain] != list(ruler.getRules("")):
        return None
    by_char: dict[str, tuple] = {}

    def add(ch: str) -> tuple:
        # "" (no character) is in every string: every rule is tried.
        rules = by_char[ch] = tuple(fn for name, fn in chain if ch in triggers.get(name, ch))
        return rules

    return by_char, add


def _options(md: MarkdownIt) -> None:
    # markdown-it-py reads these with `options.get(key, False)` in every
    # list, blockquote and inline block. Its options are a Mapping ABC, where
    # an absent key costs a raised and caught KeyError each time (640 ns
    # against 100 ns; ~52,000 times over the corpus, ~1% of a parse). Set,
    # they hold the same value.
    for key in ("store_labels", "tasklists", "tasklists_editable", "alerts", "strikethrough_single_tilde",
                "inline_definitions"):
        md.options.setdefault(key, False)


def _append_pending(state, text: str) -> None:
    state.pending += text  # markdown-it-py before 4.3 has no append_pending


def _inline(md: MarkdownIt) -> None:
    from markdown_it.rules_inline import StateInline

    append_pending = getattr(StateInline, "append_pending", _append_pending)
    inline = md.inline
    lookup = _lookup(inline.ruler, INLINE)
    if lookup is None:
        return
    rules, add = lookup
    max_nesting = md.options["maxNesting"]

    def tokenize(state) -> None:
        end = state.posMax
        src = state.src
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                for rule in rules.get(src[pos]) or add(src[pos]):
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            append_pending(state, src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skip_token(state) -> None:
        ok = False
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        if state.level < max_nesting:
            for rule in rules.get(state.src[pos]) or add(state.src[pos]):
                state.level += 1
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax  # too deep: skip to the end, as markdown-it-py does
        if not ok:
            state.pos += 1
        cache[pos] = state.pos

    inline.tokenize = tokenize
    inline.skipToken = skip_token


def _block(md: MarkdownIt) -> None:
    block = md.block
    lookup = _lookup(block.ruler, BLOCK)
    if lookup is None:
        return
    rules, add = lookup
    # The rules that may end a paragraph, a list, ... are asked at each of
    # its lines, in loops inside those rules: there, each rule with a
    # character of its own is asked through a guard.
    for rule in block.ruler.__rules__:
        if rule.name in BLOCK:
            rule.fn = _guarded(rule.fn, BLOCK[rule.name])
    block.ruler.__cache__ = None
    max_nesting = md.options["maxNesting"]

    def tokenize(state, start_line: int, end_line: int) -> None:
        line = start_line
        has_empty_lines = False
        src = state.src
        while line < end_line:
            state.line = line = state.skipEmptyLines(line)
            if line >= end_line:
                break
            if state.sCount[line] < state.blkIndent:
                break  # the end of a nested call (blockquotes, lists)
            if state.level >= max_nesting:
                state.line = end_line  # too deep: skip to the end, as markdown-it-py does
                break
            pos = state.bMarks[line] + state.tShift[line]
            ch = src[pos] if pos < state.eMarks[line] else ""
            ok = False
            for rule in rules.get(ch) or add(ch):
                ok = rule(state, line, end_line, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines
            line = state.line
            if (line - 1) < end_line and state.isEmpty(line - 1):
                has_empty_lines = True  # a paragraph may eat the empty line after it in lists
            if line < end_line and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line

    block.tokenize = tokenize


def _table(md: MarkdownIt) -> None:
    """The table rule, asked at every line and at every line of a paragraph
    (whether it ends there), asked only where the next line starts as a
    delimiter row must; and its cell splitter, which reads a row one
    character (and one function call) at a time, as two string methods."""
    rules = [rule for rule in md.block.ruler.__rules__ if rule.name == "table"]
    fn = rules[0].fn if rules else None
    if getattr(fn, "__module__", "") != "markdown_it.rules_block.table" or "escapedSplit" not in fn.__code__.co_names:
        return
    # The same code, reading `escapedSplit` from globals of its own.
    fast = FunctionType(fn.__code__, {**fn.__globals__, "escapedSplit": _escaped_split}, fn.__name__)
    rules[0].fn = _guarded(fast, "|-:", ahead=1)
    md.block.ruler.__cache__ = None


def _escaped_split(row: str) -> list[str]:
    """markdown-it-py's escapedSplit: the cells between the pipes no
    backslash comes just before, and in them `\\|` as `|`."""
    if "\\|" not in row:
        return row.split("|")
    return [cell.replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(row)]


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _skipping(ruler, needs: dict[str, str]) -> None:
    """The listed rules of `ruler`, markdown-it-py's own, run only when the
    source holds one of the characters each needs."""

    def skipping(fn, chars: str):
        def rule(state) -> None:
            src = state.src
            for ch in chars:
                if ch in src:
                    fn(state)
                    return

        return rule

    for rule in ruler.__rules__:
        if rule.name in needs and rule.fn.__module__.startswith("markdown_it."):
            rule.fn = skipping(rule.fn, needs[rule.name])
    ruler.__cache__ = None


def _guarded(fn, trigger: str, ahead: int = 0):
    """The block rule `fn`, asked only where the line `ahead` lines down
    (markdown-it-py asks every rule of a block about lines inside it) starts
    with a character of `trigger`."""

    def rule(state, start_line: int, end_line: int, silent: bool) -> bool:
        line = start_line + ahead
        if line < end_line:
            pos = state.bMarks[line] + state.tShift[line]
            if pos < state.eMarks[line] and state.src[pos] in trigger:
                return fn(state, start_line, end_line, silent)
        return False

    return rule


def _helpers(md: MarkdownIt) -> None:
    # The link, image and reference rules call the helpers through md.helpers.
    try:
        from markdown_it.helpers.parse_link_destination import (
            _Result,
            parseLinkDestination,
        )
    except ImportError:
        return
    helpers = md.helpers

    def link_destination(string: str, pos: int, maximum: int):
        """markdown-it-py's parseLinkDestination, which reads a destination
        one character (and one function call) at a time."""
        if string[pos : pos + 1] == "<":
            return parseLinkDestination(string, pos, maximum)
        result = _Result()
        start, level = pos, 0
        while pos < maximum:
            plain = _PLAIN_DESTINATION.match(string, pos, maximum)
            if plain:
                pos = plain.end()
                if pos >= maximum:
                    break
            ch = string[pos]
            if ch <= " " or ch == "\x7f":
                break
            if ch == "\\":
                if pos + 1 < maximum:
                    if string[pos + 1] == " ":
                        break
                    pos += 2
                    continue
            elif ch == "(":
                level += 1
                if level > 32:
                    return result
            elif ch == ")":
                if level == 0:
                    break
                level -= 1
            pos += 1
        if start == pos or level != 0:
            return result
        from markdown_it.common.utils import unescapeAll

        result.str = unescapeAll(string[start:pos])
        result.pos = pos
        result.ok = True
        return result

    md.helpers = SimpleNamespace(parseLinkDestination=link_destination, parseLinkLabel=helpers.parseLinkLabel,
                                 parseLinkTitle=helpers.parseLinkTitle)


# What a destination holds between the characters parseLinkDestination
# looks at: spaces and controls (its end), backslashes and parentheses.
_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f\\()]+")


_NOTHING = MappingProxyType({})


def share_empty_dicts(tokens) -> None:
    """Every token's empty `attrs` and `meta` made one read-only mapping:
    most tokens have neither, and their two empty dicts are an eighth of a
    parsed page. Nothing changes a page once parsed; a write would raise,
    not reach every token."""
    for token in tokens:
        if not token.attrs:
            token.attrs = _NOTHING
        if not token.meta:
            token.meta = _NOTHING
        if token.children:
            share_empty_dicts(token.children)
