"""The record of a run: the same command over unchanged files gives back the
last run's report without importing the linter.

A warm run through the page cache still starts Python, click and every rule
module, hashes every page and reads every entry: a third of a second however
little changed. The record keeps what `loclint check` last printed for one
command line (arguments, working folder, loclint and Python), and the
stat signature of everything that report depends on: every folder and page
under the docs roots and source trees (a folder's times change when an
entry appears, goes or is renamed), the config files and root markers
upward, the git state of the checkouts pages were compared in, loclint's
own files. Nothing changed, nothing to lint: like make's up-to-date check
and git's index, it trusts file times, but never a time close to the run
(a file written during the run could have been read before the change).

Records live in the cache folder (`loclint clean` removes them); a link in
the user's cache folder, named by the command line, finds them. Only JSON
is read back: a record is never executed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

from loclint import __version__

# Files changed within this long before a run started may have changed while
# it read them: such a run leaves no record (git's "racy" files).
RACY_NS = 2_000_000_000
# Walking the trees for their folders and pages skips what is never a page's
# input (the same folders the docs index skips).
_SKIP = frozenset({".git", "node_modules", ".loclint_cache"})


def _user_folder() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "loclint", "runs")


def _key(argv: list[str]) -> str:
    parts = [__version__, sys.version, sys.executable, os.getcwd(), *argv]
    return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8", "surrogateescape")).hexdigest()


def _signature(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_mode]


def _kind(path: str) -> str | None:
    """What a lookup finds at `path`: a folder, a file or nothing."""
    return "dir" if os.path.isdir(path) else "file" if os.path.exists(path) else None


def replay(argv: list[str]) -> int | None:
    """Print the recorded report of this command and return its exit code;
    None (nothing printed) when there is no record or any input changed."""
    try:
        with open(os.path.join(_user_folder(), _key(argv) + ".json"), encoding="utf-8") as handle:
            record = json.load(handle)
        files, lookups = record["files"], record["lookups"]
        out, err, code = record["stdout"], record["stderr"], record["code"]
        if any(_signature(path) != sig for path, sig in files.items()):
            return None
        if any(_kind(path) != kind for path, kind in lookups.items()):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    # In the order the run printed them: notes on stderr, then the report.
    sys.stderr.write(err)
    sys.stderr.flush()
    sys.stdout.write(out)
    sys.stdout.flush()
    return code


def write(argv: list[str], cache_folder, inputs: tuple[set[str], set[str]], started_ns: int, stdout: str,
          stderr: str, code: int) -> bool:
    """Record this run's report; False when it cannot be trusted later (an
    input changed close to or during the run) or cannot be written."""
    files, lookups = inputs
    signatures = {path: _signature(path) for path in sorted(files)}
    if any(sig is not None and max(sig[0], sig[1]) >= started_ns - RACY_NS for sig in signatures.values()):
        return False
    key = _key(argv)
    folder = os.path.join(os.fspath(cache_folder), "runs")
    target = os.path.join(folder, key + ".json")
    link = os.path.join(_user_folder(), key + ".json")
    try:
        os.makedirs(folder, exist_ok=True)
        os.makedirs(os.path.dirname(link), exist_ok=True)
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump({"files": signatures, "lookups": {p: _kind(p) for p in sorted(lookups)},
                       "stdout": stdout, "stderr": stderr, "code": code}, handle)
        os.replace(tmp, target)
        tmp_link = f"{link}.{os.getpid()}.tmp"
        os.symlink(os.path.abspath(target), tmp_link)
        os.replace(tmp_link, link)
        _prune(folder)
        _prune(os.path.dirname(link))
    except (OSError, NotImplementedError):
        return False  # no record: the next run is only slower
    return True


# Records kept per folder: one per command line, and a pre-commit hook gives
# a new command line (the staged files) at every commit.
KEEP = 32


def _prune(folder: str) -> None:
    """Only the KEEP newest records (or links to them) stay."""
    entries = []
    for entry in os.scandir(folder):
        try:
            entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
        except OSError:
            continue
    for _, path in sorted(entries)[:-KEEP]:
        try:
            os.unlink(path)
        except OSError:
            pass


def inputs(config, given: list[str], pages, outcomes, cache_folder) -> tuple[set[str], set[str]] | None:
    """What the report of this run depends on: (files and folders whose
    content counts, paths of which only what is there counts); None when
    that cannot be told from file times (a git checkout whose objects are
    elsewhere) or the trees cannot be read."""
    try:
        return _inputs(config, given, pages, outcomes, cache_folder)
    except (OSError, ValueError):
        return None  # no record: the next run is only slower


def _inputs(config, given: list[str], pages, outcomes, cache_folder) -> tuple[set[str], set[str]] | None:
    from pathlib import Path

    from loclint import pairing
    from loclint.docs import ROOT_MARKERS, DocsIndex
    from loclint.page import real
    from loclint.ruledocs import pages_dir

    docs = DocsIndex(config.root)
    roots = {docs.root_of(p) for p in pages}
    for outcome in outcomes:
        for target_root, source_root in outcome.pairs:
            roots |= {real(target_root), real(source_root)}
    trees = roots | {real(Path(p)) for p in given if os.path.isdir(p)}
    files: set[str] = {os.path.abspath(p) for p in [*pages, *given]}
    for tree in trees:
        _walk(str(tree), files, skip={os.path.abspath(cache_folder)})
    # Looked for upward from every page, tree and the working folder: the
    # config, the docs root's markers, the source tree of a layout.
    lookups: set[str] = set()
    starts = trees | {real(p).parent for p in pages} | {real(Path.cwd())}
    for folder in {a for f in starts for a in (f, *f.parents)}:
        lookups |= {str(folder / name) for name in (*ROOT_MARKERS, "help")}
        files |= {str(folder / ".loclint.toml"), str(folder / "pyproject.toml")}
    for folder in starts:
        for *_, candidates in pairing.layouts_upward(folder, config.source_lang):
            lookups |= set(map(str, candidates))
    if config.path is not None:
        files.add(os.path.abspath(config.path))
    for top in {pairing.git_toplevel(t) for t in roots} - {None}:
        git = _git_inputs(top)
        if git is None:
            return None
        files |= git
    # loclint itself (its bytecode is rewritten at will, and says nothing new)
    _walk(os.path.dirname(os.path.abspath(__file__)), files, everything=True, skip_names=_SKIP | {"__pycache__"})
    _walk(str(pages_dir()), files, everything=True)
    return files, lookups


def _walk(top: str, found: set[str], skip: frozenset[str] | set[str] = frozenset(), everything: bool = False,
          skip_names: frozenset[str] = _SKIP) -> None:
    """The folders under `top` and its pages and config files (every file
    when `everything`), but not the folders in `skip` or named in `skip_names`."""
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d not in skip_names and os.path.join(dirpath, d) not in skip]
        found.add(dirpath)
        found.update(os.path.join(dirpath, f) for f in filenames
                     if everything or f.endswith(".md") or f in ("pyproject.toml", ".loclint.toml"))


def _git_inputs(top) -> set[str] | None:
    """What changes when a commit is made, fetched or checked out: HEAD, the
    refs, and the folders objects are written into."""
    git = os.path.join(top, ".git")
    if not os.path.isdir(git) or os.path.exists(os.path.join(git, "objects", "info", "alternates")):
        return None  # a worktree, submodule or borrowed object store
    found = {os.path.join(git, n) for n in ("HEAD", "packed-refs", "shallow", "config")}
    _walk(os.path.join(git, "refs"), found, everything=True)
    objects = os.path.join(git, "objects")
    found.add(objects)
    try:
        found.update(os.path.join(objects, d) for d in os.listdir(objects))
    except OSError:
        return None
    return found
