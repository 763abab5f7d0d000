"""How the source-aware rules compare a page with its source: the
differences of two lists of items, and a rough alignment of a source line
to the target page."""

from __future__ import annotations

import bisect
from collections import Counter
from difflib import SequenceMatcher

from loclint.facts import Item, block_lines
from loclint.finding import Hit
from loclint.page import Page


def aligned_line(source: Page, target: Page, source_line: int) -> int:
    """The target line that stands where `source_line` stands in the source:
    the block at the same relative place in the page."""
    s_blocks, t_blocks = block_lines(source), block_lines(target)
    if not t_blocks:
        return target.body_start + 1
    if not s_blocks:
        return t_blocks[0]
    index = max(bisect.bisect_right(s_blocks, source_line) - 1, 0)
    if len(s_blocks) == 1:
        return t_blocks[0]
    return t_blocks[round(index * (len(t_blocks) - 1) / (len(s_blocks) - 1))]


def block_of(page: Page, line: int) -> int:
    """The first line of the block that holds `line`."""
    blocks = block_lines(page)
    index = bisect.bisect_right(blocks, line) - 1
    return blocks[index] if index >= 0 else line


def differences(source: Page, target: Page, s_items: list[Item], t_items: list[Item]):
    """Compare two multisets of items. Yields ("changed", t_item, s_item) for
    an item the target has in place of one the source had in the same
    aligned block, ("added", t_item, None) and ("missing", None, s_item)."""
    lacks, adds = multiset_diff([i.value for i in s_items], [i.value for i in t_items])
    missing = []
    for item in s_items:
        if lacks[item.value] > 0:
            lacks[item.value] -= 1
            missing.append(item)
    for item in t_items:
        if adds[item.value] > 0:
            adds[item.value] -= 1
            block = block_of(target, item.line)
            here = [m for m in missing if aligned_line(source, target, m.line) == block]
            # Of the source items that stood here, the most alike was changed into this one.
            partner = max(here, key=lambda m: SequenceMatcher(None, m.value.lower(), item.value.lower()).ratio(),
                          default=None)
            if partner is not None:
                missing.remove(partner)
                yield "changed", item, partner
            else:
                yield "added", item, None
    for item in missing:
        yield "missing", None, item


def difference_hits(source: Page, target: Page, s_items: list[Item], t_items: list[Item], show, changed_hint=""):
    """Findings for what `differences` finds, worded with `show(value)`."""
    for how, mine, theirs in differences(source, target, s_items, t_items):
        if how == "changed":
            yield Hit(mine.line, mine.column, f"{show(mine.value)} differs from the source's {show(theirs.value)} "
                      f"(line {theirs.line}){changed_hint}", key=f"~{theirs.value}")
        elif how == "added":
            yield Hit(mine.line, mine.column, f"{show(mine.value)} is not in the source page", key=f"+{mine.value}")
        else:
            yield Hit(aligned_line(source, target, theirs.line), 1,
                      f"{show(theirs.value)} of the source (line {theirs.line}) is missing here", key=f"-{theirs.value}")


def multiset_diff(source: list[str], target: list[str]) -> tuple[Counter, Counter]:
    """(what the target lacks, what the target adds), as multisets."""
    s, t = Counter(source), Counter(target)
    return s - t, t - s
