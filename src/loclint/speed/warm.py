"""What a run through the cache keeps for the next one, so that a page
nothing changed for costs a stat, not a read, a YAML parse and a git round
trip (issue 19):

- the content hash of each file a cache key or entry depends on, by the
  file's stat (device, inode, size, mtime, ctime): a file is hashed again
  only when its stat changed, or when it changed so shortly before it was
  hashed that a second change in the same clock tick would not show in its
  stat (git's "racily clean" files);
- each page's cache key with a digest of what it was computed from: the
  page's and its source page's content hashes, where the page stands (as
  Linter.cache_key reads it) and the state of its source's git repository
  (read once per repository and run: HEAD, and the files that a fetch, a gc
  or an unshallow rewrites). The key is computed again when one changed;
- the names each file writes inside `[!DNL]`, by its content hash: a tree's
  protected names, which every page's findings depend on, cost a stat per
  page, not a read;
- the anchors each page linked with a #fragment offers, by its content
  hash: a cached entry's dependencies cost a stat each, and re-linting a
  page reads none of the pages it links into;
- each docs root's folders by their stats and what each link target
  looked up in it found: while no folder of the root changed (a file added
  or removed changes its folder's stat), a cached entry's links are checked
  without listing the root.

One JSON file in the cache folder, read like an entry (never through a
link, never a FIFO; a bad one is an empty memo) and written by rename. It
only ever answers what the code it stands for would answer from the files
as they are. LOCLINT_NO_SPEEDUPS=1 turns it off with the other speed-ups."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from dataclasses import fields
from itertools import islice
from pathlib import Path

from loclint.docs_index import anchors_in_bytes, count_names, names_digest, protected_in_file
from loclint.finding import Edit, Finding, Fix
from loclint.page import PageError, read_bytes
from loclint.speed import speedups_enabled

# Finding's fields in order, set one by one through their slots: what
# Finding(...) does, in half the time (its frozen __init__ goes through
# object.__setattr__ for each field), for the tens of thousands of findings
# a warm run decodes from the cache.
_FINDING_FIELDS = ("path", "line", "column", "rule", "message", "severity", "end_column", "fix", "origin", "source",
                   "fingerprint", "excerpt", "source_excerpt")
if tuple(f.name for f in fields(Finding)) != _FINDING_FIELDS:
    raise ImportError("Finding's fields changed: change new_finding too")
(_path, _line, _column, _rule, _message, _severity, _end_column, _fix, _origin, _source, _fingerprint, _excerpt,
 _source_excerpt) = (getattr(Finding, name).__set__ for name in _FINDING_FIELDS)


def new_finding(path, line, column, rule, message, severity, end_column, fix, origin, source, fingerprint, excerpt,
                source_excerpt) -> Finding:
    """Finding(...) with every field given, in order."""
    finding = object.__new__(Finding)
    _path(finding, path)
    _line(finding, line)
    _column(finding, column)
    _rule(finding, rule)
    _message(finding, message)
    _severity(finding, severity)
    _end_column(finding, end_column)
    _fix(finding, fix)
    _origin(finding, origin)
    _source(finding, source)
    _fingerprint(finding, fingerprint)
    _excerpt(finding, excerpt)
    _source_excerpt(finding, source_excerpt)
    return finding


if tuple(f.name for f in fields(Edit)) != ("line", "column", "length", "replacement") or tuple(
        f.name for f in fields(Fix)) != ("edits", "unsafe"):
    raise ImportError("Edit's or Fix's fields changed: change new_edit and new_fix too")
_edit_line, _edit_column, _edit_length, _edit_replacement = (getattr(Edit, name).__set__
                                                             for name in ("line", "column", "length", "replacement"))
_fix_edits, _fix_unsafe = Fix.edits.__set__, Fix.unsafe.__set__


def new_edit(line, column, length, replacement) -> Edit:
    """Edit(...) as new_finding makes a Finding: most cached findings carry a fix."""
    edit = object.__new__(Edit)
    _edit_line(edit, line)
    _edit_column(edit, column)
    _edit_length(edit, length)
    _edit_replacement(edit, replacement)
    return edit


def new_fix(edits, unsafe) -> Fix:
    """Fix(edits, unsafe), likewise."""
    fix = object.__new__(Fix)
    _fix_edits(fix, edits)
    _fix_unsafe(fix, unsafe)
    return fix


def makers():
    """(Finding, Edit, Fix) constructors for findings read back (from the
    cache, from the spool): these, or the dataclasses' own without the
    speed-ups."""
    return (new_finding, new_edit, new_fix) if speedups_enabled() else (Finding, Edit, Fix)


# A file whose ctime is this close to the moment it was hashed may change
# again within the same timestamp tick (2 s on FAT, 1 s on some network
# file systems) without its stat showing it: it is hashed again next run.
_RACY_NS = 3_000_000_000
NAME = "warm.memo"  # not *.json: not an entry
_BATCH = 512  # entries of a table of the memo encoded at a time


def _sig(info: os.stat_result) -> list[int]:
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


class Memo:
    """Content hashes by stat, cache keys by their inputs, link answers by
    folder stats: loaded from `folder` (None: a memo of this run only) for
    runs of the same `salt` (loclint's code, the config, the working
    folder). `folder` reads and writes a file of the cache (cache.Cache's
    read and write)."""

    def __init__(self, folder, salt: str):
        self.folder = folder
        self.salt = salt
        self._files: dict[str, list] = {}  # path -> [dev, ino, size, mtime, ctime, hash]
        self._keys: dict[str, list[str]] = {}  # page -> [digest of its inputs, key]
        # root -> {"dirs": {rel: sig}, "found": {rel: found}, "md": [rel], "names": [of what, digest]}
        self._roots: dict[str, dict] = {}
        self._names: dict[str, list[str]] = {}  # content hash -> the names it protects
        self._name = {}.setdefault  # one str per name: a tree's pages write the same few hundred names
        self._anchors: dict[str, list[str] | None] = {}  # content hash -> the anchors it offers (None: unreadable)
        self._anchor_sets: dict[str, frozenset[str]] = {}  # this run's, made sets
        self._checked: dict[str, str] = {}  # this run's hashes
        self._tree_names: dict[Path, str] = {}  # this run's names digests
        self._repos: dict[Path, str] = {}  # this run's repository states
        self._fresh_roots: dict[str, bool] = {}  # root -> its folders are as recorded
        self.changed = False
        if folder is not None:
            self._load()

    def remembers_no_page(self) -> bool:
        """Whether no page's key was kept: a first run, every page to lint."""
        return not self._keys

    # --- content hashes ---------------------------------------------------

    def digest(self, path: Path | str, info: os.stat_result | None = None) -> str:
        """The sha256 of the file's bytes ("missing", "not a file"), from the
        recorded hash while the file's stat (`info`, when the caller has it)
        is as it was when hashed."""
        name = os.fspath(path)
        known = self._checked.get(name)
        if known is not None:
            return known
        found = self._files.get(name)
        if info is None:
            try:
                info = os.stat(name)
            except (OSError, ValueError):
                info = None
        if found is not None and info is not None and found[:5] == _sig(info):
            self._checked[name] = found[5]
            return found[5]
        self._checked[name] = value = self._hash(name)
        return value

    def _hash(self, name: str) -> str:
        """The hash digest gives, recorded with the stat of the file it
        read (fstat of the same descriptor) unless it changed just now."""
        now = time.time_ns()
        try:
            fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except (OSError, ValueError):
            self._forget(name)
            return "missing"
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                self._forget(name)
                return "not a file"
            with os.fdopen(fd, "rb", closefd=False) as handle:
                value = hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            self._forget(name)
            return "missing"
        finally:
            os.close(fd)
        if info.st_ctime_ns < now - _RACY_NS and info.st_mtime_ns < now - _RACY_NS:
            self._files[name] = [*_sig(info), value]
            self.changed = True
        else:
            self._forget(name)
        return value

    def _forget(self, name: str) -> None:
        if self._files.pop(name, None) is not None:
            self.changed = True

    # --- protected names --------------------------------------------------

    def protected(self, root: Path, fingerprint: str, files) -> str:
        """DocsIndex.names_fingerprint's answer for `root`, whose files
        `files()` lists (relative): its Markdown files as recorded while no
        folder of the root has changed, each read only when its hash is new,
        the names counted again only when one of the files changed."""
        found = self._tree_names.get(root)
        if found is None:
            record = self._root(root, fingerprint)
            if "md" not in record:
                record["md"] = sorted(f for f in files() if f.endswith(".md"))
                self.changed = True
            where = os.fspath(root)  # joined as a str: a Path per file costs more than its stat
            hashes = [self.digest(os.path.join(where, rel)) for rel in record["md"]]
            made_of = hashlib.sha256("\0".join(record["md"] + hashes).encode("utf-8", "surrogateescape")).hexdigest()
            if record.get("names") is not None and record["names"][0] == made_of:
                found = record["names"][1]  # the same files with the same contents: the same names
            else:
                found = names_digest(count_names(self._names_in(os.path.join(where, rel), digest)
                                                 for rel, digest in zip(record["md"], hashes)))
                record["names"] = [made_of, found]
                self.changed = True
            self._tree_names[root] = found
        return found

    def names_in(self, path: Path | str) -> list[str]:
        """protected_in_file(path), by the file's content hash: relinting one
        page reads the names of every page of its tree and its source's."""
        name = os.fspath(path)
        return self._names_in(name, self.digest(name))

    def _names_in(self, path: str, digest: str) -> list[str]:
        written = self._names.get(digest)
        if written is None:
            written = self._names[digest] = [self._name(n, n) for n in protected_in_file(path)]
            self.changed = True
        return written

    # --- anchors ---------------------------------------------------------

    def anchors_in(self, path: Path | str) -> frozenset[str] | None:
        """docs_index.anchors_in_file(path), by the file's content hash: a
        file is read and parsed only when its content is new."""
        name = os.fspath(path)
        digest = self.digest(name)
        if digest in ("missing", "not a file"):
            return None
        if digest not in self._anchors:
            try:
                data = read_bytes(Path(name))
            except (OSError, PageError):
                return None
            offered = anchors_in_bytes(data, name)
            if hashlib.sha256(data).hexdigest() != digest:
                return offered  # changed since it was hashed: not recorded
            self._anchors[digest] = None if offered is None else sorted(offered)
            self.changed = True
        found = self._anchor_sets.get(digest)
        if found is None and self._anchors[digest] is not None:
            found = self._anchor_sets[digest] = frozenset(self._anchors[digest])
        return found

    # --- cache keys -------------------------------------------------------

    def key(self, page: Path, inputs: list[str], compute) -> str:
        """The page's cache key: the one recorded when its `inputs` were the
        same, else compute() (recorded for the next run)."""
        name = os.fspath(page)
        digest = hashlib.sha256("\0".join(inputs).encode("utf-8", "surrogateescape")).hexdigest()
        found = self._keys.get(name)
        if found is not None and found[0] == digest:
            return found[1]
        key = compute()
        self._keys[name] = [digest, key]
        self.changed = True
        return key

    def repository(self, top: Path, git) -> str:
        """The state of the git repository at `top` that answers about its
        commits can change with: HEAD's commit and the stats of the files
        a commit, a fetch, a gc, an unshallow or a replace rewrites. `git(top,
        *args)` runs git (pairing._git). Read once per run."""
        state = self._repos.get(top)
        if state is None:
            out = (git(top, "rev-parse", "--absolute-git-dir", "--git-common-dir", "HEAD") or "").splitlines()
            if len(out) != 3:
                state = f"unknown {time.time_ns()} {os.getpid()}"  # never the same twice: keys are computed
            else:
                git_dir = Path(out[0])
                common = Path(top, out[1]) if not os.path.isabs(out[1]) else Path(out[1])
                parts = [out[2]]
                for where in (git_dir / "HEAD", common / "shallow", common / "FETCH_HEAD", common / "packed-refs",
                              common / "objects" / "pack", common / "objects" / "info" / "alternates",
                              common / "info" / "grafts", common / "refs" / "replace"):
                    try:
                        parts.append(repr(_sig(os.stat(where))))
                    except OSError:
                        parts.append("-")
                state = " ".join(parts)
            self._repos[top] = state
        return state

    # --- link targets -----------------------------------------------------

    def found(self, root: Path, rel: str, fingerprint: str, look) -> str | None:
        """What `look()` (DocsIndex.found(root, rel)) answers, from the
        answer recorded while no folder of the root has changed since and
        its docfx configuration (`fingerprint`) is the same."""
        answers = self._root(root, fingerprint)["found"]
        if rel in answers:
            return answers[rel]
        answers[rel] = value = look()
        self.changed = True
        return value

    def answers(self, root: Path, fingerprint: str) -> dict[str, str | None]:
        """found()'s recorded answers for `root`, rel -> what was found (the
        record's own dict: what found() adds shows in it)."""
        return self._root(root, fingerprint)["found"]

    def _root(self, root: Path, fingerprint: str) -> dict:
        """The root's record, anew when a folder of it or its docfx
        configuration changed since it was made."""
        name = os.fspath(root)
        memo = self._roots.get(name)
        if memo is None or memo.get("fingerprint") != fingerprint or not self._unchanged(name, memo):
            memo = self._roots[name] = {"fingerprint": fingerprint, "dirs": _folders(root), "found": {}}
            self._fresh_roots[name] = True
            self.changed = True
        return memo

    def _unchanged(self, name: str, memo: dict) -> bool:
        fresh = self._fresh_roots.get(name)
        if fresh is None:
            fresh = self._fresh_roots[name] = all(_folder_sig(os.path.join(name, rel)) == sig
                                                  for rel, sig in memo["dirs"].items())
        return fresh

    # --- the file ---------------------------------------------------------

    def _load(self) -> None:
        data = self.folder.read(NAME)
        try:
            memo = json.loads(data) if data is not None else None
        except (ValueError, RecursionError):
            memo = None
        if not (isinstance(memo, dict) and memo.get("salt") == self.salt):
            return
        files, keys, roots = memo.get("files"), memo.get("keys"), memo.get("roots")
        names, anchors = memo.get("names"), memo.get("anchors")
        if isinstance(files, dict) and all(_is_file_record(v) for v in files.values()):
            self._files = files
        if isinstance(keys, dict) and all(type(v) is list and len(v) == 2 and all(type(s) is str for s in v)
                                          for v in keys.values()):
            self._keys = keys
        if isinstance(roots, dict) and all(_is_root_record(v) for v in roots.values()):
            self._roots = roots
        if isinstance(names, dict) and all(type(v) is list and all(type(n) is str for n in v) for v in names.values()):
            self._names = {digest: [self._name(n, n) for n in written] for digest, written in names.items()}
        if isinstance(anchors, dict) and all(v is None or (type(v) is list and all(type(a) is str for a in v))
                                             for v in anchors.values()):
            self._anchors = anchors

    def save(self) -> None:
        """Written when the run learnt something (by rename: a run reading
        it meanwhile reads the old or the new one whole)."""
        if self.folder is None or not self.changed:
            return
        # Only the names of contents a file still has: each edit of a page would add its new hash's for good.
        live = {record[5] for record in self._files.values()}
        names = {digest: written for digest, written in self._names.items() if digest in live}
        anchors = {digest: offered for digest, offered in self._anchors.items() if digest in live}
        parts = {"salt": self.salt, "files": self._files, "keys": self._keys, "roots": self._roots, "names": names,
                 "anchors": anchors}
        self.folder.write(NAME, _encoded(parts))  # one that cannot be written is only a slower next run
        self.changed = False


def _encoded(parts: dict):
    """The JSON of `parts` a few hundred entries at a time: at the end of a
    first run the memo is megabytes, and its text held whole while written
    was the run's largest moment."""
    yield b"{"
    for n, (name, value) in enumerate(parts.items()):
        yield (b", " if n else b"") + json.dumps(name).encode() + b": "
        if type(value) is not dict:
            yield json.dumps(value, ensure_ascii=False).encode("utf-8")
            continue
        yield b"{"
        items = iter(value.items())
        for k, some in enumerate(iter(lambda: dict(islice(items, _BATCH)), {})):
            yield (b", " if k else b"") + json.dumps(some, ensure_ascii=False).encode("utf-8")[1:-1]
        yield b"}"
    yield b"}"


def _folder_sig(path: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]


def _folders(root: Path) -> dict[str, list[int] | None]:
    """Every folder DocsIndex.files lists under `root` (and the root), by
    its stat: a file added, removed or renamed in one changes its mtime. A
    folder changed just now is recorded as None: it may change again within
    the same tick, so the next run lists the root again."""
    now = time.time_ns()
    found: dict[str, list[int] | None] = {".": None}  # a root that is not there yet
    for dirpath, dirnames, _ in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", ".loclint_cache")]
        sig = _folder_sig(dirpath)
        found[os.path.relpath(dirpath, root)] = sig if sig and max(sig[2:]) < now - _RACY_NS else None
    return found


def _is_file_record(value) -> bool:
    return (type(value) is list and len(value) == 6 and all(type(v) is int for v in value[:5])
            and type(value[5]) is str)


def _is_root_record(value) -> bool:
    return (type(value) is dict and type(value.get("fingerprint")) is str and type(value.get("dirs")) is dict
            and all(v is None or (type(v) is list and len(v) == 4 and all(type(i) is int for i in v))
                    for v in value["dirs"].values())
            and type(value.get("found")) is dict
            and all(type(k) is str and (v is None or type(v) is str) for k, v in value["found"].items())
            and ("md" not in value or (type(value["md"]) is list and all(type(r) is str for r in value["md"])))
            and ("names" not in value or (type(value["names"]) is list and len(value["names"]) == 2
                                          and all(type(n) is str for n in value["names"]))))
