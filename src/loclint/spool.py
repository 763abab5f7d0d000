"""The findings of a run, kept for its report: in memory up to a bound,
past it in an anonymous temporary file, read back a page at a time each
time the report walks them. A run over a hundred thousand pages then holds
its pages' outcomes, not every finding (about 1.3 KB each) until the end."""

from __future__ import annotations

import heapq
import math
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from itertools import groupby
from operator import attrgetter

from loclint.finding import Finding
from loclint.speed.warm import makers

HELD = 8_000  # findings kept in memory (about 8 MB); the rest wait on disk

_ROW = attrgetter(*(f.name for f in fields(Finding)))
_FIX = 7  # the place of Finding.fix in a row


def _row(f: Finding) -> tuple:
    """A finding as plain values, its fix as (unsafe, edits as tuples): a
    dataclass in a pickle costs a Python call each way (copyreg), and most
    findings carry a fix."""
    row = _ROW(f)
    if f.fix is None:
        return row
    edits = [(e.line, e.column, e.length, e.replacement) for e in f.fix.edits]
    return (*row[:_FIX], (f.fix.unsafe, edits), *row[_FIX + 1:])


def _findings(rows: list[tuple]) -> list[Finding]:
    make, make_edit, make_fix = makers()
    found = []
    for row in rows:
        fix = row[_FIX]
        if fix is not None:
            fix = make_fix(tuple(make_edit(*e) for e in fix[1]), fix[0])
        found.append(make(*row[:_FIX], fix, *row[_FIX + 1:]))
    return found


class Spool:
    """Each page's findings by the page's place in the run."""

    def __init__(self, held: int | None = None):
        self._left = HELD if held is None else held
        self._held: dict[int, list[Finding]] = {}
        self._spilled: dict[int, tuple[int, int]] = {}  # place -> (offset, length) in the file
        self._file = None
        self.count = 0

    def put(self, place: int, findings: list[Finding]) -> None:
        findings = sorted(findings)
        self.count += len(findings)
        if not findings:
            return
        if len(findings) <= self._left or not self._spill(place, findings):
            self._left -= len(findings)
            self._held[place] = findings

    def _spill(self, place: int, findings: list[Finding]) -> bool:
        """Write a page's findings to the file; False when it cannot be
        written (no writable temporary folder, a full disk): the run then
        holds them, and every page after, rather than lose any."""
        data = pickle.dumps([_row(f) for f in findings], protocol=pickle.HIGHEST_PROTOCOL)
        try:
            if self._file is None:
                # Unlinked from the start: no other process can open or replace
                # it, which is what makes reading it back with pickle safe;
                # unbuffered, so that a failed write leaves nothing pending.
                self._file = tempfile.TemporaryFile(prefix="loclint-", buffering=0)
            offset = self._file.seek(0, 2)
            rest = memoryview(data)
            while rest:
                rest = rest[self._file.write(rest):]
        except OSError:
            self._left = math.inf
            return False
        self._spilled[place] = (offset, len(data))
        return True

    def page(self, place: int) -> list[Finding]:
        if place in self._held:
            return self._held[place]
        if place not in self._spilled:
            return []
        offset, length = self._spilled[place]
        self._file.seek(offset)
        return _findings(pickle.loads(self._file.read(length)))

    def in_order(self, paths: list[str], extra: Iterable[Finding] = ()) -> Findings:
        """Every finding sorted, as one sorted list of them would be: the
        pages' (`paths`: each place's display path, a page's findings all
        carry it) and `extra`'s."""
        order = sorted(range(len(paths)), key=lambda place: (paths[place], place))
        extra = sorted(extra)

        def walk() -> Iterator[Finding]:
            pages = _pages(self, order, paths)
            yield from heapq.merge(pages, extra) if extra else pages

        return Findings(walk, self.count + len(extra))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _pages(spool: Spool, order: list[int], paths: list[str]) -> Iterator[Finding]:
    for _, same in groupby(order, key=paths.__getitem__):
        same = list(same)
        if len(same) == 1:
            yield from spool.page(same[0])
        else:  # two pages shown under one name: their findings interleave by line
            yield from heapq.merge(*(spool.page(place) for place in same))


class Findings:
    """Findings in report order that a report may walk as often as it
    needs, never holding them all: each walk reads them again."""

    def __init__(self, walk: Callable[[], Iterator[Finding]], count: int | None = None):
        self._walk, self._count = walk, count

    def __iter__(self) -> Iterator[Finding]:
        return self._walk()

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self._walk())
        return self._count

    def __bool__(self) -> bool:
        return len(self) > 0

    def where(self, keep: Callable[[Finding], bool]) -> Findings:
        return Findings(lambda: filter(keep, self._walk()))

    @classmethod
    def of(cls, findings: list[Finding]) -> Findings:
        return cls(lambda: iter(findings), len(findings))
