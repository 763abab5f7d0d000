"""Linting (and fixing) many files: in parallel, through the cache, in a
fixed order whatever the number of processes."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import sys
from collections import deque
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from loclint import pairing
from loclint.cache import Cache, code_hash
from loclint.config import Config
from loclint.docs_index import anchors_digest, anchors_in_file, find_root
from loclint.finding import Finding
from loclint.fix import fix_text, unified_diff, write_atomically
from loclint.linter import Linted, Linter, display_path
from loclint.page import PageError, decode, read_bytes, real, real_name
from loclint.speed import gc as speed_gc
from loclint.speed import speedups_enabled, warm
from loclint.spool import Spool


@dataclass(slots=True)  # a run holds one a page until its report
class Outcome:
    findings: list[Finding]  # until run() keeps them in its Spool
    notes: list[str] = field(default_factory=list)
    pairs: set = field(default_factory=set)
    diff: str = ""
    error: str | None = None  # a fix that could not be written
    deps: dict[str, str] = field(default_factory=dict)
    lang: str | None = None  # as Linted's: what --verbose counts
    compared: str = ""
    links: set = field(default_factory=set)  # (root, candidate, found) of every link target looked up
    cached: bool = False  # answered from the cache, not linted


@dataclass(frozen=True, slots=True)
class Job:
    path: Path
    display: str
    fix: bool = False  # write fixes
    diff: bool = False  # compute fixes, write nothing
    unsafe: bool = False


def process(job: Job, linter: Linter) -> Outcome:
    """Lint (and fix) one file with this process's linter."""
    if not speedups_enabled():
        return _process(job, linter)
    with speed_gc.paused():
        return _process(job, linter)


def _process(job: Job, linter: Linter) -> Outcome:
    outcome = Outcome([])
    linter.docs.looked_up = linter.source_docs.looked_up = outcome.links
    try:
        linted = _fix(job, linter, outcome) if job.fix or job.diff else linter.lint(job.path, job.display)
    finally:
        linter.docs.looked_up = linter.source_docs.looked_up = None
    outcome.findings = linted.findings
    outcome.notes = list(linted.notes)
    outcome.pairs = {linted.pair} if linted.pair else set()
    outcome.deps = {str(p): anchors_digest(linter.docs.anchors_now(p)) for p in sorted(linted.consulted)}
    outcome.lang, outcome.compared = linted.lang, linted.compared
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


def _fix(job: Job, linter: Linter, outcome: Outcome) -> Linted:
    try:
        if linter.docs.leaves_root(job.path):
            raise PageError("symlink out of the docs root")  # never read, nor written through
        data = read_bytes(job.path, linter.config.rule_options["page-limits"]["max-bytes"])  # a bigger page is not fixed
        text, has_bom = decode(data, job.path)
    except (OSError, PageError):
        return linter.lint(job.path, job.display)
    result = fix_text(text, lambda t: linter.lint(job.path, job.display, text=t).findings, job.unsafe)
    # What the findings of the final text depend on, and what to say about it.
    linted = replace(linter.lint(job.path, job.display, text=result.fixed), findings=result.findings)
    if not result.changed:
        return linted
    outcome.diff = unified_diff(result.original, result.fixed, job.display)
    if job.fix:
        try:
            write_atomically(job.path, result.fixed, has_bom, data, _docs_root(job.path, linter))
        except OSError as err:
            outcome.error = str(err)
            return linter.lint(job.path, job.display)
    return linted


def shard(pages: list[Path], config: Config, k: int, n: int) -> list[Path]:
    """The pages of shard k of n: a page by its path inside its tree, so
    that it falls in the same shard on every run and beside its source and
    the source's other translations (same path in each tree)."""
    linter = Linter(config)

    def place(page: Path) -> str:
        pair = linter.pairer.pair(page)
        if pair is not None:
            return pair.rel
        root = linter.docs.root_of(page)
        return os.path.relpath(real(page), root).replace(os.sep, "/")

    return [p for p in pages if int(hashlib.sha256(place(p).encode()).hexdigest(), 16) % n == k - 1]


def _docs_root(path: Path, linter: Linter) -> Path:
    """The docs root of the folder a page stands in (a link's own, not its
    target's)."""
    return linter.docs.root or find_root(real(path.parent))


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(config: Config, pages: list[Path], *, jobs: int = 1, cache: Cache | None = None, fix: bool = False,
        diff: bool = False, unsafe: bool = False, progress=None) -> tuple[list[Outcome], Spool]:
    """One Outcome per page, in the order of `pages`, and their findings
    kept by the page's place in `pages`."""
    spool = Spool()
    jobs_for = [Job(p, display_path(p), fix, diff, unsafe) for p in pages]
    outcomes: list[Outcome | None] = [None] * len(pages)
    keys: dict[int, str] = {}
    main_linter = Linter(config)
    memo = None
    with ExitStack() as stack:
        workers = None
        if cache is not None and not (fix or diff):
            # Tens of thousands of findings decoded: no collection walks them over and over.
            with speed_gc.paused() if speedups_enabled() else nullcontext():
                memo = _memo(cache, main_linter)
            if memo is not None:  # a page linted here or in a worker reads names and anchors through the memo
                main_linter.docs.names_in = main_linter.source_docs.names_in = memo.names_in
                main_linter.docs.anchors_in = main_linter.source_docs.anchors_in = memo.anchors_in
                if memo.remembers_no_page() and jobs > 1 and len(pages) > 1:
                    # Every page is to be linted: workers forked after the keys
                    # would start with the tables the keys leave (the digest of
                    # every file, every tree's names), under their largest page.
                    workers = stack.enter_context(_Workers(jobs, main_linter))
            with speed_gc.paused() if speedups_enabled() else nullcontext():
                _from_cache(jobs_for, outcomes, keys, cache, main_linter, memo, spool, progress)
        todo = [i for i, outcome in enumerate(outcomes) if outcome is None]

        def done(i: int, outcome: Outcome) -> None:
            # Into the cache as it comes, then kept without what only the cache
            # needed and its findings in the spool: the run holds every page's
            # outcome until its report.
            if cache is not None and i in keys and outcome.error is None:
                cache.put(keys[i], outcome.findings, outcome.deps, outcome.notes, outcome.pairs, outcome.lang,
                          outcome.compared, outcome.links)
            spool.put(i, outcome.findings)
            outcome.findings, outcome.deps, outcome.links = [], {}, set()
            outcomes[i] = outcome

        # Largest groups first: a big page meets a heap that holds few findings
        # yet, and in workers the run ends when the last group does (a big page
        # handed out last would leave the other processes idle).
        groups = sorted(_by_source(todo, pages, main_linter), key=lambda group: -sum(_size(pages[i]) for i in group))
        if jobs > 1 and len(groups) > 1 and speedups_enabled():
            if workers is None:
                workers = stack.enter_context(_Workers(min(jobs, len(groups)), main_linter))
            for g, finished in workers.lint([[jobs_for[i] for i in group] for group in groups]):
                for i, outcome in zip(groups[g], finished):
                    done(i, outcome)
                if progress:
                    progress(len(finished))
        else:
            for group in groups:
                for i in group:
                    done(i, process(jobs_for[i], main_linter))
                    if progress:
                        progress(1)
    if memo is not None:
        memo.save()
    return outcomes, spool


def _from_cache(jobs: list[Job], outcomes: list[Outcome | None], keys: dict[int, str], cache: Cache,
                linter: Linter, memo: warm.Memo | None, spool: Spool, progress=None) -> None:
    """Each page's cache key into `keys` and, where the cache holds its
    findings and nothing they depend on changed, its outcome into `outcomes`
    and its findings into `spool`."""
    keyer = _Keys(linter, memo, linter.config.rule_options["page-limits"]["max-bytes"])
    trees: dict[tuple[str, str], tuple[Path, Path]] = {}  # the few pairs of trees, made Paths once
    for i, job in enumerate(jobs):
        known = keyer.key(job)
        if known is None:
            continue  # the worker reports it
        key, found = known
        keys[i] = key
        entry = cache.get(key, found, memo.anchors_in if memo else anchors_in_file)
        if entry is not None:
            pairs = {trees.get((t, s)) or trees.setdefault((t, s), (Path(t), Path(s))) for t, s in entry["pairs"]}
            outcomes[i] = Outcome([], entry["notes"], pairs, lang=entry["lang"], compared=entry["compared"],
                                  cached=True)
            spool.put(i, entry["findings"])
            if progress:
                progress(1)


def _memo(cache: Cache, linter: Linter) -> warm.Memo | None:
    """What the last run through this cache remembered (speed.warm), for
    runs of the same code, config and working folder."""
    if not speedups_enabled():
        return None
    cwd = os.getcwd()
    return warm.Memo(cache, "\0".join((linter.fingerprint, code_hash(), cwd, str(real(Path(cwd))))))


class _Keys:
    """Each page's cache key (Linter.cache_key), through the memo when
    there is one: what the key reads, its slow parts by content hashes and
    repository states, worked out once per folder where a folder decides
    it (its docs root, its source tree's, the source's repository)."""

    def __init__(self, linter: Linter, memo: warm.Memo | None, limit: int):
        self.linter, self.memo, self.limit = linter, memo, limit
        self._pairs: dict[Path, object] = {}
        self._sources: dict[tuple[str, str], list[str]] = {}
        self._found: dict[tuple[str, str | None], object] = {}
        self._langs: dict[str, str] = {}
        self._folders: dict[str, _Folder] = {}

    def key(self, job: Job) -> tuple[str, object] | None:
        """(its key, found_under for its entry); None for a page the cache
        does not hold: never a FIFO or a device (the run would hang here),
        nor a page too big to lint or unreadable, which the worker reports."""

        def compute() -> str:
            return self.linter.cache_key(job.path, read_bytes(job.path, self.limit), job.display)

        try:
            if self.memo is None:
                return compute(), self.found_under(job.path)
            info = os.lstat(job.path)
            linked = stat.S_ISLNK(info.st_mode)
            if linked:
                info = os.stat(job.path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > self.limit:
                return None
            if linked:  # its folder does not say where it is: asked page by page
                return self.memo.key(job.path, self._inputs(job), compute), self.found_under(job.path)
            return self._by_folder(job, info, compute)
        except (OSError, ValueError, PageError):
            return None

    def _by_folder(self, job: Job, info: os.stat_result, compute) -> tuple[str, object]:
        """key() of a page that is no link, from what its folder decides
        (_Folder): the same inputs as _inputs, a string join each."""
        path, memo = job.path, self.memo
        folder_name, name = os.path.split(os.fspath(path))
        folder = self._folders.get(folder_name)
        if folder is None:
            folder = self._folders[folder_name] = self._folder(path)
        inputs = [job.display, os.path.join(folder.real, name), memo.digest(path, info), *folder.page]
        if folder.target_root is None:
            return memo.key(path, inputs, compute), folder.found
        source = os.path.join(folder.source, name)
        try:
            seen = os.lstat(source)
        except OSError:
            seen = None
        if seen is not None and stat.S_ISLNK(seen.st_mode):  # a linked source page: asked as it is
            return memo.key(path, self._inputs(job), compute), self.found_under(path)
        if folder.source_facts is None:  # from the first source page that is no link, as _inputs reads it
            source_path = Path(source)
            folder.source_real = os.path.dirname(real_name(source_path))
            folder.source_facts = self._source_folder(source_path)
            folder.found = self.found_under(path)
        inputs += ["pair", folder.target_root, source, os.path.join(folder.source_real, name), folder.lang,
                   memo.digest(source, seen), *folder.source_facts]
        return memo.key(path, inputs, compute), folder.found

    def _folder(self, path: Path) -> _Folder:
        """What every page of `path`'s folder that is no link shares, worked
        out from `path` (no link either) as _inputs reads it."""
        linter, memo = self.linter, self.memo
        root = linter.docs.root_of(path)
        fingerprint = linter.docs.fingerprint(root)
        page = [fingerprint, memo.protected(root, fingerprint, lambda: linter.docs.files(root)), self._lang(path)]
        real = os.path.dirname(real_name(path))
        pair = self._pair(path)
        if pair is None:
            return _Folder(real, page, self.found_under(path))
        return _Folder(real, page, None, str(pair.target_root), pair.target_lang, os.path.dirname(str(pair.source_path)))

    def _lang(self, path: Path) -> str:
        """Pairer.target_lang, once per folder: the page's folder decides it."""
        folder = os.path.dirname(real_name(path))
        found = self._langs.get(folder)
        if found is None:
            found = self._langs[folder] = self.linter.pairer.target_lang(path) or ""
        return found

    def _pair(self, path: Path):
        if path not in self._pairs:
            self._pairs[path] = self.linter.pairer.pair(path)
        return self._pairs[path]

    def _inputs(self, job: Job) -> list[str]:
        """What Linter.cache_key reads, each part as it reads it but for the
        slow ones: the page's bytes and its source page's by their content
        hashes, and what it asks git (the source page at the commit the page
        names, HEAD) by the state of the source's repository."""
        path, linter, memo = job.path, self.linter, self.memo
        root = linter.docs.root_of(path)
        fingerprint = linter.docs.fingerprint(root)
        inputs = [job.display, real_name(path), memo.digest(path), fingerprint,
                  memo.protected(root, fingerprint, lambda: linter.docs.files(root)), self._lang(path)]
        pair = self._pair(path)
        if pair is not None:
            source = pair.source_path
            # The source as shown (display_path) is real(source) seen from real(cwd), which the salt holds.
            inputs += ["pair", str(pair.target_root), str(source), real_name(source), pair.target_lang,
                       memo.digest(source), *self._source_folder(source)]
        return inputs

    def _source_folder(self, source: Path) -> list[str]:
        """Its docs root's fingerprint, its repository and the repository's
        state: the same for every page of the folder."""
        place = (os.path.dirname(source), os.path.dirname(real_name(source)))
        found = self._sources.get(place)
        if found is None:
            linter = self.linter
            top = pairing.git_toplevel(real(source.parent)) if source.parent.exists() else None
            root = linter.source_docs.root_of(source)
            fingerprint = linter.source_docs.fingerprint(root)
            found = self._sources[place] = [
                fingerprint, self.memo.protected(root, fingerprint, lambda: linter.source_docs.files(root)),
                str(top), self.memo.repository(top, pairing._git) if top else ""]
        return found

    def found_under(self, path: Path):
        """_found_under the page's roots (Linter.roots_of), once per folder
        of the page and of its source."""
        if self.memo is None:
            return _found_under(self.linter.roots_of(path), self.linter.docs)
        pair = self._pair(path)
        source = None if pair is None else os.path.dirname(real_name(pair.source_path))
        place = (os.path.dirname(real_name(path)), source)
        found = self._found.get(place)
        if found is None:
            found = self._found[place] = _found_under(self.linter.roots_of(path), self.linter.docs, self.memo)
        return found


@dataclass
class _Folder:
    """What the pages of a folder that are no links share in their keys:
    the folder's real name, the inputs its docs root and language give,
    found_under, and when they are paired, their target root and language,
    their source folder as named, and once a source page that is no link
    was seen, that folder's real name and facts (_source_folder)."""

    real: str
    page: list[str]
    found: object
    target_root: str | None = None
    lang: str = ""
    source: str = ""
    source_real: str = ""
    source_facts: list[str] | None = None


def _found_under(roots: set[Path], docs, memo: warm.Memo | None = None):
    """What a link target finds now, for a cache entry's check: under the
    roots the page's links are looked up in, and nowhere else (a planted
    entry naming / would have the whole disk listed); through the memo, when
    there is one, which lists a root only when one of its folders changed."""

    by_name = {str(root): root for root in roots}
    answers: dict[str, dict[str, str | None]] = {}  # a root's recorded answers, checked once per folder

    def found(root: str, rel: str) -> str | None:
        if root not in by_name:
            return "(not a root of this page)"
        where = by_name[root]
        if memo is None:
            return docs.found(where, rel)
        known = answers.get(root)
        if known is None:
            known = answers[root] = memo.answers(where, docs.fingerprint(where))
        if rel in known:
            return known[rel]
        return memo.found(where, rel, docs.fingerprint(where), lambda: docs.found(where, rel))

    return found


class _Workers:
    """`n` worker processes forked from `linter` as it is (the file index
    and pairings the parent made come along), linting the tasks they are
    sent; as a context, they end with it.

    Each worker has a pipe of its own and always a second task waiting in
    it, so that it never waits for the parent between two; the parent only
    waits on the pipes. (A multiprocessing Pool costs the parent a tenth of
    a CPU-second per run in its worker-handler thread, which wakes whenever
    a result waits in the shared queue: CPU taken from the workers on a
    small machine.)"""

    def __init__(self, n: int, linter: Linter):
        import multiprocessing  # here: a run that lints in one process (a warm one) never needs it

        self.linter = linter
        self.workers, self.pipes = [], []
        self._busy = False  # tasks handed out and not all answered
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        sys.stdout.flush()  # a forked worker would write what is still buffered again
        sys.stderr.flush()
        try:
            for _ in range(n):
                ours, theirs = context.Pipe()
                # The worker closes its copies of the parent's ends (its own and the
                # earlier workers'): were the parent to die, each then reads EOF.
                worker = context.Process(target=_serve, args=(theirs, linter, os.getpid(), [*self.pipes, ours]),
                                         daemon=True)
                worker.start()
                theirs.close()
                self.workers.append(worker)
                self.pipes.append(ours)
        except BaseException:
            self.__exit__()
            raise

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, error=None, *_) -> None:
        finished = error is None and not self._busy
        for pipe in self.pipes:
            if finished and not pipe.closed:
                try:
                    pipe.send(None)  # done (a later worker holds a copy of this end: no EOF comes)
                except OSError:
                    pass
            pipe.close()
        for worker in self.workers:
            if not finished:
                worker.terminate()  # an error or Ctrl-C here: no task is waited for
            worker.join()

    def lint(self, tasks: list[list[Job]]):
        """(task index, its outcomes) of every task, in the order they finish."""
        from multiprocessing.connection import wait

        self._busy = True
        pending = deque(range(len(tasks)))
        sent: dict = {pipe: deque() for pipe in self.pipes}  # pipe -> the tasks its worker has, oldest first

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
                        yield task, [process(job, self.linter) for job in tasks[task]]
                    continue
                yield sent[pipe].popleft(), done
                hand_out(pipe)
        for task in pending:  # every worker died: the rest is linted here
            yield task, [process(job, self.linter) for job in tasks[task]]
        self._busy = False


_IN_FLIGHT = 2  # tasks a worker holds: the one it lints and the next


def _serve(pipe, linter: Linter, parent: int = 0, parents_ends=()) -> None:
    """A worker: lints the tasks it is sent until its pipe closes, and ends
    with the parent (`parent`, its pid) however that ends: an orphan would
    hold the report's stdout open (`loclint check | cat` would never end)."""

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    if parent and os.getppid() != parent:
        return  # the parent died before the line above took effect
    for end in parents_ends:
        end.close()
    while True:
        try:
            jobs = pipe.recv()
        except (EOFError, OSError):
            return
        if jobs is None:
            return
        try:
            pipe.send([process(job, linter) for job in jobs])
        except OSError:  # the parent is gone
            return


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when its parent ends, even by
    SIGKILL. Elsewhere EOF on the pipe ends a waiting worker."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
