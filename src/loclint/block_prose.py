"""The prose of each aligned block, for the rules that compare what a
block's words carry (identifiers, names, numbers) with its source block's:
the inline source with code spans, HTML, link targets, images and every
`[!KEYWORD ...]` token masked, so offsets stay those of the page."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loclint import afm, alignment, facts
from loclint.alignment import Block
from loclint.facts import per_page
from loclint.page import Page

if TYPE_CHECKING:
    from markdown_it.token import Token

MASK = afm.MASK


@dataclass(frozen=True, eq=False, slots=True)
class Prose:
    inline: Token
    text: str  # the inline source, what is not prose (and AFM tokens) masked by NUL
    dnl: tuple[str, ...]  # the contents of its [!DNL] tokens

    def position(self, page: Page, offset: int) -> tuple[int, int]:
        return page.inline_position(self.inline, offset)


@per_page
def _by_block(page: Page) -> dict[int, list[Prose]]:
    blocks = alignment.blocks(page)
    starts = [b.line for b in blocks]
    found: dict[int, list[Prose]] = {}
    for inline in facts.inline_blocks(page):
        line = inline.map[0] + 1
        i = bisect.bisect_right(starts, line) - 1
        if i < 0 or line >= blocks[i].end:
            continue
        masked, tokens = facts.inline_scan(page, inline)
        # Alt text is the translator's to word, file-name-like or not.
        spans = [(child.meta["start"], child.meta["end"]) for child in facts.inline_children(page, inline)
                 if child.type == "image" and child.meta and child.meta.get("start") is not None]
        dnl = []
        for tok in tokens:
            if tok.intended == "DNL" and tok.closed:
                dnl.append(" ".join(masked[tok.content_start : tok.content_end].replace(MASK, " ").split()))
            spans.append((tok.start, tok.end))
        text = masked  # itself, not a copy, when nothing is masked: every inline of a page and its source is held
        if spans:
            chars = list(masked)
            for start, end in spans:
                _mask(chars, masked, start, end)
            text = "".join(chars)
        found.setdefault(id(blocks[i]), []).append(Prose(inline, text, tuple(dnl)))
    return found


def _mask(chars: list[str], text: str, start: int, end: int) -> None:
    """Mask `text[start:end]` in `chars` (its characters), line ends kept."""
    end = min(end, len(chars))
    if start < end:
        part = text[start:end]
        chars[start:end] = MASK * (end - start) if "\n" not in part else _LINE_CHARACTER.sub(MASK, part)


_LINE_CHARACTER = re.compile("[^\n]")


def of_block(page: Page, block: Block) -> list[Prose]:
    """The prose of each inline of `block`, one of `alignment.blocks(page)`."""
    return _by_block(page).get(id(block), [])


def aligned_pairs(page: Page, source: Page):
    """(pair, the source block's prose, the target block's prose) for every
    pair of aligned blocks that hold text."""
    for pair in alignment.alignment(page, source).pairs:
        if pair.source is None or pair.target is None or pair.source.fence is not None or pair.target.fence is not None:
            continue
        theirs, mine = of_block(source, pair.source), of_block(page, pair.target)
        if theirs and mine:
            yield pair, theirs, mine
