"""The cyclic garbage collector, off while a page is linted: a page makes
no reference cycles, yet the objects its parse keeps alive set off
collection after collection, each walking all of them again. What a page
leaves alive is then frozen (the next collection would walk it once more);
a full collection every few dozen pages takes any cycle that did form."""

from __future__ import annotations

import gc
from contextlib import contextmanager

_COLLECT_EVERY = 50
_linted = 0


@contextmanager
def paused():
    global _linted
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _linted += 1
            if _linted % _COLLECT_EVERY == 0:
                gc.unfreeze()
                gc.collect()
            gc.freeze()
            gc.enable()
