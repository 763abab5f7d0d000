"""What the source-aware repairs (token-mismatch, heading-id-mismatch) ask
of the alignment before they copy anything from the source."""

from __future__ import annotations

from loclint.alignment import Alignment, Pair


def surely_paired(align: Alignment, pair: Pair) -> bool:
    """True when `pair`'s two blocks are surely each other's: from the
    nearest pair before it whose blocks agree (kind and signature) to the
    nearest one after it, or the page's ends, every block of either page
    has its counterpart. There the translation follows the source block by
    block, whatever else the blocks in between differ in; an anchored pair
    is the shortest such stretch."""
    pairs = align.pairs
    at = next((i for i, p in enumerate(pairs) if p is pair), None)
    if at is None or pair.source is None or pair.target is None:
        return False
    for step in (-1, 1):
        i = at + step
        while 0 <= i < len(pairs) and not pairs[i].same:
            if pairs[i].source is None or pairs[i].target is None:
                return False
            i += step
    return True
