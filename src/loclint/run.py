"""Linting (and fixing) many files: in parallel, through the cache, in a
fixed order whatever the number of processes."""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from loclint.cache import Cache, file_hash
from loclint.config import Config
from loclint.finding import Finding
from loclint.fix import fix_text, split_lines, write_atomically
from loclint.page import PageError, decode, real
from loclint.walker import Linter, display_path


@dataclass
class Outcome:
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    pairs: set = field(default_factory=set)
    diff: str = ""
    error: str | None = None  # a fix that could not be written
    deps: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    path: Path
    display: str
    fix: bool = False  # write fixes
    diff: bool = False  # compute fixes, write nothing
    unsafe: bool = False


def process(job: Job, linter: Linter) -> Outcome:
    """Lint (and fix) one file with this process's linter."""
    # No cyclic GC while a page is linted. A page makes no reference cycles
    # (its tree has no parent links), yet the ~100,000 objects its parse
    # keeps alive set off collection after collection, each walking them all
    # again: a fifth of a run's time, mostly waiting on memory. What a page
    # leaves alive (the last parses, kept for the next page) is then frozen:
    # the first collection after it would walk all of it once more (6% of a
    # worker's time). Frozen objects are still freed by reference counting;
    # a full collection every few dozen pages takes any cycle that did form.
    global _LINTED
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _process(job, linter)
    finally:
        if enabled:
            _LINTED += 1
            if _LINTED % _COLLECT_EVERY == 0:
                gc.unfreeze()
                gc.collect()
            gc.freeze()
            gc.enable()


_LINTED = 0
_COLLECT_EVERY = 50


def _process(job: Job, linter: Linter) -> Outcome:
    linter.notes.clear()
    linter.pairs_seen.clear()
    linter.docs.consulted.clear()
    outcome = Outcome([])
    if job.fix or job.diff:
        outcome.findings = _fix(job, linter, outcome)
    else:
        outcome.findings = linter.lint(job.path, job.display)
    outcome.notes = list(linter.notes)
    outcome.pairs = set(linter.pairs_seen)
    outcome.deps = {str(p): file_hash(p) for p in sorted(linter.docs.consulted)}
    return outcome


def _by_source(todo: list[int], pages: list[Path], linter: Linter) -> list[list[int]]:
    """The pages to lint, grouped by the source page they are compared with
    (a source page in the run goes first in its group): one worker lints a
    group in a row and parses the shared source page once."""
    groups: dict[Path, list[int]] = {}
    for i in todo:
        pair = linter.pairer.pair(pages[i])
        key = real(pair.source_path) if pair is not None else real(pages[i])
        group = groups.setdefault(key, [])
        group.insert(0, i) if key == real(pages[i]) else group.append(i)
    return list(groups.values())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _fix(job: Job, linter: Linter, outcome: Outcome) -> list[Finding]:
    try:
        data = job.path.read_bytes()
        text, has_bom = decode(data, job.path)
    except (OSError, PageError):
        return linter.lint(job.path, job.display)
    result = fix_text(text, lambda t: linter.lint(job.path, job.display, text=t), job.unsafe)
    if not result.changed:
        return result.findings
    import difflib

    outcome.diff = "".join(difflib.unified_diff(
        split_lines(result.original), split_lines(result.fixed), f"a/{job.display}", f"b/{job.display}"))
    if job.fix:
        try:
            write_atomically(job.path, result.fixed, has_bom, data, _docs_root(job.path, linter))
        except OSError as err:
            outcome.error = str(err)
            return linter.lint(job.path, job.display)
    return result.findings


def _docs_root(path: Path, linter: Linter) -> Path:
    """The docs root of the folder a page stands in (a link's own, not its
    target's)."""
    from loclint.docs import find_root

    return linter.docs.root or find_root(real(path.parent))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(config: Config, pages: list[Path], *, jobs: int = 1, cache: Cache | None = None, fix: bool = False,
        diff: bool = False, unsafe: bool = False, progress=None) -> list[Outcome]:
    """One Outcome per page, in the order of `pages`."""
    jobs_for = [Job(p, display_path(p), fix, diff, unsafe) for p in pages]
    outcomes: list[Outcome | None] = [None] * len(pages)
    keys: dict[int, str] = {}
    main_linter = Linter(config)
    if cache is not None and not (fix or diff):
        for i, job in enumerate(jobs_for):
            try:
                data = job.path.read_bytes()
            except OSError:
                continue  # the worker reports it
            keys[i] = main_linter.cache_key(job.path, data, job.display)
            entry = cache.get(keys[i])
            if entry is not None:
                outcomes[i] = Outcome(entry["findings"], entry["notes"], {(Path(t), Path(s)) for t, s in entry["pairs"]})
                if progress:
                    progress(1)
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    groups = _by_source(todo, pages, main_linter)
    if jobs > 1 and len(groups) > 1:
        # Largest groups first: the run ends when the last group does, and a
        # big page handed out last would leave the other processes idle.
        groups.sort(key=lambda group: -sum(_size(pages[i]) for i in group))
        tasks = [[jobs_for[i] for i in group] for group in groups]
        for g, done in _in_workers(tasks, min(jobs, len(groups)), main_linter):
            for i, outcome in zip(groups[g], done):
                outcomes[i] = outcome
            if progress:
                progress(len(done))
    else:
        for group in groups:
            for i in group:
                outcomes[i] = process(jobs_for[i], main_linter)
                if progress:
                    progress(1)
    if cache is not None:
        for i in todo:
            if i in keys and outcomes[i].error is None:
                cache.put(keys[i], outcomes[i].findings, outcomes[i].deps, outcomes[i].notes, outcomes[i].pairs)
    return outcomes


def _in_workers(tasks: list[list[Job]], n: int, linter: Linter):
    """(task index, its outcomes) of every task, in the order they finish,
    linted by `n` worker processes that start from `linter` (with fork, as
    it is: the file index and pairings the parent made come along).

    Each worker has a pipe of its own and always a second task waiting in
    it, so that it never waits for the parent between two; the parent only
    waits on the pipes. (A multiprocessing Pool costs the parent a tenth of
    a CPU-second per run in its worker-handler thread, which wakes whenever
    a result waits in the shared queue: CPU taken from the workers on a
    small machine.)"""
    import multiprocessing  # a warm run, every page from the cache, never needs it
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    pending = deque(range(len(tasks)))
    sent: dict = {}  # pipe -> the tasks its worker has, oldest first
    workers, pipes = [], []
    finished = False

    def hand_out(pipe, up_to: int = _IN_FLIGHT) -> None:
        while pending and len(sent[pipe]) < up_to:
            task = pending.popleft()
            try:
                pipe.send(tasks[task])
            except OSError:  # its worker is gone: the task waits for another
                pending.appendleft(task)
                break
            sent[pipe].append(task)
        if not sent[pipe]:
            del sent[pipe]  # nothing more will come from it

    try:
        sys.stdout.flush()  # a forked worker would write what is still buffered again
        sys.stderr.flush()
        for _ in range(n):
            ours, theirs = context.Pipe()
            worker = context.Process(target=_serve, args=(theirs, linter), daemon=True)
            worker.start()
            theirs.close()
            workers.append(worker)
            pipes.append(ours)
            sent[ours] = deque()
        for up_to in range(1, _IN_FLIGHT + 1):  # the first tasks one to each worker
            for pipe in list(sent):
                hand_out(pipe, up_to)
        while sent:
            for pipe in wait(list(sent)):
                try:
                    done = pipe.recv()
                except (EOFError, OSError):
                    # Its worker died (killed, out of memory): its tasks are
                    # linted here, where whatever killed it shows.
                    pipe.close()
                    for task in sent.pop(pipe):
                        yield task, [process(job, linter) for job in tasks[task]]
                    continue
                yield sent[pipe].popleft(), done
                hand_out(pipe)
        for task in pending:  # every worker died: the rest is linted here
            yield task, [process(job, linter) for job in tasks[task]]
        finished = True
    finally:
        for pipe in pipes:
            if finished and not pipe.closed:
                try:
                    pipe.send(None)  # done (a later worker holds a copy of this end: no EOF comes)
                except OSError:
                    pass
            pipe.close()
        for worker in workers:
            if not finished:
                worker.terminate()  # an error or Ctrl-C here: no task is waited for
            worker.join()


_IN_FLIGHT = 2  # tasks a worker holds: the one it lints and the next


def _serve(pipe, linter: Linter) -> None:
    """A worker: lints the tasks it is sent until its pipe closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            jobs = pipe.recv()
        except EOFError:
            return
        if jobs is None:
            return
        pipe.send([process(job, linter) for job in jobs])
