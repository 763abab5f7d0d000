"""The cyclic garbage collector, off while a page is linted: a page makes
few reference cycles, yet the objects its parse keeps alive set off
collection after collection, each walking all of them again. When the page
is done, the young generation (what the page made, and the few objects
made since the last collection before it) is collected once, which takes
any cycle the page made without walking the rest of the heap, and what
survives is frozen: no later collection walks it again."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.collect(0)
            gc.freeze()
            gc.enable()
