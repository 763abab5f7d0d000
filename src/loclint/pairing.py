"""Pairing a translated page with its source page, and reading the source
as it was when the page was translated (from git, when it can).

Layouts recognised without a flag:
  * sibling repositories `<name>.<lang>` / `<name>.<source-lang>`
    (`blueprints-learn.nl-NL` / `blueprints-learn.en`);
  * a locale folder inside one tree: `docs/nl/...` / `docs/en/...` (also
    `nl-NL`, `nl_NL` and `en-US`, `en_US`);
  * `[pairs]` in the config: target folder = source folder, for any other.
`--source DIR` pairs `<docs root>/<rel>` with `DIR/<rel>` and wins.
"""

from __future__ import annotations

import atexit
import os
import re
import subprocess
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from loclint.page import real

_LOCALE = re.compile(r"^([a-z]{2})(?:[-_]([A-Za-z]{2}))?$")
_SIBLING = re.compile(r"^(.+)\.([a-z]{2}(?:[-_][A-Za-z]{2})?)$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
# Where a translated page names the source commit it was made from: Adobe's
# key, Microsoft Learn's.
SOURCE_COMMIT_KEYS = ("source-git-commit", "ms.sourcegitcommit")
# A language with its region (nl-NL, nl_nl): what a repository named for its
# locale carries; a bare `.nl` could be any suffix.
_REGIONAL = re.compile(r"^[a-z]{2}[-_][A-Za-z]{2}$")


@dataclass(frozen=True)
class Pair:
    target_root: Path  # the folder that `rel` is relative to in the target tree
    source_root: Path
    rel: str
    target_lang: str
    how: str  # said with --verbose

    @property
    def source_path(self) -> Path:
        return self.source_root / self.rel


def source_wordcount(data) -> int | None:
    """The `source-wordcount` of front matter data (the English words the
    page was translated from), when it is a count."""
    try:
        words = int(str((data or {}).get("source-wordcount", "")).strip("'\""))
    except ValueError:
        return None
    return words if words > 0 else None


def source_commit(front_matter) -> tuple[str, str] | None:
    """(key, commit) of the source commit a page names, when it names a
    well-formed one."""
    data = front_matter.data if front_matter and front_matter.data else {}
    for key in SOURCE_COMMIT_KEYS:
        commit = str(data.get(key, "")).strip()
        if COMMIT.match(commit):
            return key, commit
    return None


def lang_of(locale: str) -> str:
    """nl-NL, nl_NL, nl -> nl."""
    return re.split(r"[-_]", locale)[0].lower()


def _source_names(prefix: str, sep: str, source_lang: str) -> tuple[str, ...]:
    """The names the source tree of a translated tree may have; a source
    repository named without a locale (Microsoft's `MIMDocs` beside
    `MIMDocs.nl-nl`) is the last guess."""
    up = source_lang.upper()
    locales = (source_lang, f"{source_lang}-{up}", f"{source_lang}_{up}", f"{source_lang}-us", f"{source_lang}-US")
    return tuple(f"{prefix}{sep}{s}" for s in locales) + (prefix,) if prefix else locales


def layouts_upward(folder: Path, source_lang: str):
    """For each folder upward named as a translated tree: (that folder, its
    locale, the kind of layout, where its source tree would be)."""
    for ancestor in [folder, *folder.parents]:
        yield from layouts_at(ancestor, source_lang)


def layouts_at(folder: Path, source_lang: str):
    """layouts_upward's answers for `folder` itself."""
    m = _SIBLING.match(folder.name)
    if m and lang_of(m.group(2)) != source_lang:
        yield (folder, m.group(2), "sibling repositories",
               [folder.parent / n for n in _source_names(m.group(1), ".", source_lang)])
    m = _LOCALE.match(folder.name)
    if m and m.group(1) != source_lang:
        yield folder, folder.name, "locale folders", [folder.parent / n for n in _source_names("", "", source_lang)]


class Pairer:
    """Finds the source page of each target page; memoised per folder."""

    def __init__(self, source: Path | None = None, source_lang: str = "en", lang: str | None = None,
                 pairs: dict[Path, Path] | None = None, docs=None):
        self.source = real(source) if source else None
        self.source_lang = source_lang
        self.lang = lang
        self.pairs = {real(t): real(s) for t, s in (pairs or {}).items()}
        self.docs = docs
        self._layouts: dict[Path, tuple[Path, Path, str, str] | None] = {}
        self._upward: dict[Path, tuple[Path, Path, str, str] | None] = {}

    def pair(self, page_path: Path) -> Pair | None:
        page_path = real(page_path)
        if self.source is not None:
            root = self.docs.root_of(page_path) if self.docs else page_path.parent
            rel = page_path.relative_to(root).as_posix() if page_path.is_relative_to(root) else page_path.name
            return Pair(root, self.source, rel, self.lang or "", f"--source {self.source}")
        layout = self._layout(page_path.parent)
        if layout is None:
            return None
        target_root, source_root, locale, how = layout
        rel = page_path.relative_to(target_root).as_posix()
        return Pair(target_root, source_root, rel, self.lang or locale, how)

    def _layout(self, folder: Path):
        if folder in self._layouts:
            return self._layouts[folder]
        found = None
        for target, source in self.pairs.items():
            if folder == target or folder.is_relative_to(target):
                found = (target, source, self.lang or "", f"config pair {target} = {source}")
                break
        if found is None:
            found = self._layout_upward(folder)
        self._layouts[folder] = found
        return found

    def _layout_upward(self, folder: Path):
        """The first layout of layouts_upward(folder) whose source tree is
        there: the folder's own, else its parent's (asked once per folder:
        the pages of a tree share its ancestors)."""
        if folder in self._upward:
            return self._upward[folder]
        found = None
        for ancestor, locale, kind, candidates in layouts_at(folder, self.source_lang):
            sibling = next((c for c in candidates if c.is_dir() and c != ancestor), None)
            if sibling:
                found = (ancestor, sibling, locale, f"{kind} {ancestor.name} / {sibling.name}")
                break
        if found is None and folder.parent != folder:
            found = self._layout_upward(folder.parent)
        self._upward[folder] = found
        return found

    def target_lang(self, page_path: Path) -> str | None:
        """The language a page is written in: --lang, else the layout it was
        paired in, else the name of a repository named for its locale
        (`site.nl-NL`) even without its source beside it."""
        if self.lang:
            return self.lang
        folder = real(page_path).parent
        layout = self._layout(folder)
        if layout and layout[2]:
            return layout[2]
        return next((locale for _, locale, kind, _ in layouts_upward(folder, self.source_lang)
                     if kind == "sibling repositories" and _REGIONAL.match(locale)), None)


# --- git ---------------------------------------------------------------------

# What points git at another repository than the one `-C` names (git's own
# `rev-parse --local-env-vars`): a pre-commit hook runs with GIT_DIR set.
_REPOSITORY_VARIABLES = frozenset((
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX",
    "GIT_INTERNAL_SUPER_PREFIX", "GIT_SHALLOW_FILE", "GIT_COMMON_DIR", "GIT_NAMESPACE",
))


def _git_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}


def _git_bytes(cwd: Path, *args: str) -> bytes | None:

    try:
        done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=30,
                              stdin=subprocess.DEVNULL, env=_git_env())
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _git(cwd: Path, *args: str) -> str | None:
    out = _git_bytes(cwd, *args)
    return None if out is None else out.decode("utf-8", "replace")


@cache
def git_toplevel(folder: Path) -> Path | None:
    checkout = _checkout(folder)
    if checkout is None:
        return None  # not a checkout: do not even start git
    return _toplevel(checkout)  # git finds the same repository from any folder below its .git


@cache
def _checkout(folder: Path) -> Path | None:
    """The nearest folder upward holding .git, asked once per folder: the
    folders of a tree share their parents."""
    if (folder / ".git").exists():
        return folder
    return None if folder.parent == folder else _checkout(folder.parent)


@cache
def _toplevel(checkout: Path) -> Path | None:
    """Once per checkout, not per folder of it."""
    out = _git(checkout, "rev-parse", "--show-toplevel")
    return Path(out.strip()) if out else None


# One `git cat-file --batch-check` per repository and process answers what a
# name is (a commit, a page at a commit, HEAD): a warm run asks about every
# page, a round trip each instead of a git process each.
_CHECKERS: dict[Path, object] = {}
_CHECKERS_PID = [0]
# Likewise one `git cat-file --batch` per repository reads blobs: the pages
# linked from a source page, read at its commit, are many small reads.
_READERS: dict[Path, object] = {}


def _own_pipes() -> None:
    if _CHECKERS_PID[0] != os.getpid():  # a forked worker: the parent's pipes are not its own
        _CHECKERS.clear()
        _READERS.clear()
        _CHECKERS_PID[0] = os.getpid()


def _object(top: Path, name: str) -> tuple[str, str] | None:
    """(object id, type) of `name` in the repository at `top`; None when it
    names nothing there."""

    if "\n" in name:
        return None  # cannot be asked on one line
    checker = _batch(_CHECKERS, top, "--batch-check")
    if checker is None:
        return None
    try:
        checker.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        checker.stdin.flush()
        answer = checker.stdout.readline().split()
    except (OSError, ValueError):
        answer = []
    if not answer:  # git is gone: ask a new one next time
        _CHECKERS.pop(top, None)
        return None
    # "<id> <type> <size>", or "<name> missing" (the name may hold spaces).
    if len(answer) != 3 or not answer[2].isdigit() or not re.fullmatch(rb"[0-9a-f]{40,64}", answer[0]):
        return None
    return answer[0].decode(), answer[1].decode()


def _blob_bytes(top: Path, blob: str) -> bytes | None:
    """The content of blob `blob` of the repository at `top`."""
    if not re.fullmatch(r"[0-9a-f]{40,64}", blob):
        return None
    reader = _batch(_READERS, top, "--batch")
    if reader is None:
        return None
    try:
        reader.stdin.write(blob.encode() + b"\n")
        reader.stdin.flush()
        answer = reader.stdout.readline().split()
        if len(answer) == 3 and answer[1] == b"blob" and answer[2].isdigit():
            size = int(answer[2])
            data = reader.stdout.read(size + 1)
            return data[:size] if len(data) == size + 1 else None
    except (OSError, ValueError):
        answer = []
    if not answer:  # git is gone: ask a new one next time
        _READERS.pop(top, None)
    return None


def _batch(pool: dict, top: Path, mode: str):
    """The `git cat-file` process of `mode` kept for the repository at
    `top` (one per repository and mode, closed at exit), or None."""
    _own_pipes()
    process = pool.get(top)
    if process is None:
        try:
            process = subprocess.Popen(["git", "-C", str(top), "cat-file", mode], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_git_env())
        except OSError:
            return None
        if not _CHECKERS and not _READERS:
            atexit.register(_close_checkers)
        pool[top] = process
    return process


def _close_checkers() -> None:

    if _CHECKERS_PID[0] != os.getpid():
        return
    for checker in [*_CHECKERS.values(), *_READERS.values()]:
        try:
            checker.stdin.close()
            checker.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass  # leaving: nothing more to do about it
    _CHECKERS.clear()
    _READERS.clear()


@cache
def is_shallow(folder: Path) -> bool:
    """Whether the git checkout holding `folder` is a shallow clone."""
    top = git_toplevel(folder)
    return top is not None and (_git(top, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def has_commit(top: Path, commit: str) -> bool:
    found = COMMIT.match(commit) is not None and _object(top, f"{commit}^{{commit}}")
    return bool(found) and found[1] == "commit"


def _in_repository(source_path: Path, commit: str) -> tuple[Path, str] | None:
    """(the repository's top, the page's path in it) when the source tree is
    a git checkout that has `commit`."""
    top = git_toplevel(real(source_path.parent)) if source_path.parent.exists() else None
    if top is None or not has_commit(top, commit):
        return None
    try:
        return top, real(source_path).relative_to(top).as_posix()
    except ValueError:  # a link out of the repository
        return None


def source_blob(source_path: Path, commit: str) -> str | None:
    """The git object id of the source page at `commit`: what
    source_at_commit reads, None when it reads nothing."""
    where = _in_repository(source_path, commit)
    found = _object(where[0], f"{commit}:{where[1]}") if where else None
    return found[0] if found and found[1] == "blob" else None


def source_at_commit(source_path: Path, commit: str) -> bytes | None:
    """The source page's bytes at `commit`, when its tree is a git checkout
    that has that commit and the page existed then."""
    blob = source_blob(source_path, commit)
    if blob is None:
        return None
    return _blob_bytes(_in_repository(source_path, commit)[0], blob)


@dataclass(frozen=True)
class Change:
    """One newer commit that touched a source page: its id, its committer
    date, and the page's blob before and after it (None: none there)."""

    commit: str
    time: int  # committer time, seconds since the epoch
    date: str  # committer date, YYYY-MM-DD
    before: str | None
    after: str | None


@dataclass(frozen=True)
class History:
    """A source page from the commit a translation names up to HEAD: read in
    one `git log` pass and the repository's `git cat-file --batch`."""

    commit: str  # the commit the translation names
    time: int  # its committer time
    date: str
    base: str | None  # the page's blob at that commit
    head: str | None  # the page's blob at HEAD (None: removed since)
    changes: tuple[Change, ...]  # newest first
    blobs: dict[str, bytes]  # every blob named above

    def text(self, blob: str | None) -> str:
        """A version's text (an absent page reads as empty)."""
        return "" if blob is None else self.blobs.get(blob, b"").decode("utf-8", "replace")


_NO_BLOB = re.compile(r"^0+$")


@cache
def _commit_time(top: Path, commit: str) -> tuple[int, str]:
    out = (_git(top, "show", "-s", "--format=%ct %cs", commit) or "").split()
    return (int(out[0]), out[1]) if len(out) == 2 and out[0].isdigit() else (0, "?")


def _read_blobs(top: Path, ids) -> dict[str, bytes]:
    """The contents of these blobs (through the repository's one reader)."""
    found = {}
    for blob in sorted(set(ids)):
        data = _blob_bytes(top, blob)
        if data is not None:
            found[blob] = data
    return found


@lru_cache(maxsize=4)
def history(source_path: Path, commit: str) -> History | None:
    """The source page's versions since `commit`, when its tree is a git
    checkout that has that commit; cached for the pages linted next (the
    translations of every locale that name that commit, which a run lints
    in a row, and a fix's rounds), not for the run: it holds every
    version's bytes, 400 KB for a page of a long-lived repository."""
    where = _in_repository(source_path, commit)
    if where is None:
        return None
    top, rel = where
    log = _git(top, "log", "--format=%x01%H %ct %cs", "--raw", "--no-abbrev", "--no-renames",
               f"{commit}..HEAD", "--", rel)
    if log is None:
        return None
    changes, current = [], None
    for line in log.splitlines():
        if line.startswith("\x01"):
            current = line[1:].split()
        elif line.startswith(":") and current and len(current) == 3:
            fields = line.split("\t", 1)[0].split()
            if len(fields) >= 4:
                before, after = (None if _NO_BLOB.match(b) else b for b in fields[2:4])
                changes.append(Change(current[0], int(current[1]), current[2], before, after))
                current = None  # a merge lists the page once per parent: keep the first
    base = source_blob(source_path, commit)
    found = _object(top, f"HEAD:{rel}")
    head = found[0] if found and found[1] == "blob" else None
    blobs = _read_blobs(top, [b for c in changes for b in (c.before, c.after) if b] + [b for b in (base, head) if b])
    time, date = _commit_time(top, commit)
    return History(commit, time, date, base, head, tuple(changes), blobs)


def head_if_has(source_path: Path, commit: str) -> str | None:
    """The commit checked out in the source page's repository when that
    repository has `commit` (what staleness counts up to); None otherwise."""
    where = _in_repository(source_path, commit)
    if where is None:
        return None
    found = _object(where[0], "HEAD")
    return found[0] if found else ""
