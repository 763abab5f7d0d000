"""The findings cache: one JSON file per (page, everything it depends on).

The key (Linter.cache_key) covers loclint's own code, the config, the page's
bytes, place and language, its pairing, its source page exactly as the lint
reads it, and its docs root (where it is, its docfx configuration). The
entry records what else the findings read: the pages whose anchors its links
read (with their hashes: editing a linked page's headings re-lints the pages
that link to it) and every link target it looked up with what was found
there (an image that appears re-lints only the pages whose links named it,
not every page of the tree). Both are checked on every lookup. JSON, not
pickle: a cache folder must never be able to run code. With the speed-ups
on, a run takes each page's key and each file's hash from the memo the
last run left (speed/warm.py) while what they were made from is unchanged.

Whoever can write into the folder can plant anything there: an entry of any
shape is checked before it is used (a bad one is a miss, then rewritten), and
nothing is ever written through a link (every step is taken with O_NOFOLLOW
from a folder already opened, and a file lands by rename).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from loclint import __version__
from loclint.docs_index import anchors_digest, anchors_in_file
from loclint.finding import SEVERITIES, Finding
from loclint.ruledocs import pages_dir
from loclint.rules import RULES
from loclint.speed.warm import makers

FOLDER_NAME = ".loclint_cache"
ENTRY_FORMAT = 3  # in the folder's name: a run never reads entries of another shape
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# loclint's findings cache (https://bford.info/cachedir/)\n"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO does not wait for a writer
_AT = {os.open, os.mkdir, os.unlink, os.rename, os.stat} <= os.supports_dir_fd  # os.replace is os.rename's twin


@cache
def code_hash() -> str:
    """loclint's own code (every .py file of the package) and its rule pages:
    after an edit to a rule, no finding of the old rule is served."""

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for folder, pattern in ((package, "*.py"), (pages_dir(), "*.md")):
        for path in sorted(folder.rglob(pattern)):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.entries = folder / f"v{__version__}-{ENTRY_FORMAT}"
        self._entries_name = os.fspath(self.entries)
        self._digests: dict[str, str] = {}  # the anchors of the pages depended on, read once per run
        self._marked = False  # .gitignore and CACHEDIR.TAG checked

    def _file(self, key: str) -> str:
        return os.path.join(self._entries_name, key[:2], f"{key}.json")  # a str: one per page of a warm run

    def get(self, key: str, found, anchors_of=anchors_in_file) -> dict | None:
        """The entry for `key` if it is one loclint wrote, every page whose
        anchors it read offers the same (`anchors_of(path)`) and every link
        target it looked up finds what it found then (`found(root, rel)`,
        the root as written: DocsIndex.found)."""
        entry = _entry(_read_regular(self._file(key)))
        if entry is None:
            return None
        for dep, then in entry["deps"].items():
            if dep not in self._digests:
                self._digests[dep] = anchors_digest(anchors_of(dep))
            if self._digests[dep] != then:
                return None
        for root, rel, then in entry["links"]:
            if found(root, rel) != then:
                return None
        return entry

    def put(self, key: str, findings: list[Finding], deps: dict[str, str], notes: list[str], pairs,
            lang: str | None = None, compared: str = "", links=()) -> None:
        rows, names = _rows(findings)
        entry = {"findings": rows, "names": names, "deps": deps, "notes": notes,
                 "pairs": [[str(t), str(s)] for t, s in pairs], "lang": lang, "compared": compared,
                 "links": [list(link) for link in sorted(links, key=str)]}
        self._store((key[:2], f"{key}.json"), (json.dumps(entry).encode("utf-8"),))

    def read(self, name: str) -> bytes | None:
        """A file of this version's folder that is not an entry (the warm
        run's memo), read as an entry is."""
        return _read_regular(self.entries / name)

    def write(self, name: str, chunks: Iterable[bytes]) -> None:
        self._store((name,), chunks)

    def _store(self, where: tuple[str, ...], chunks: Iterable[bytes]) -> None:
        """The bytes of `chunks`, in turn, as the file `where` (folders,
        then its name) of this version's folder, made as safely as the
        platform allows."""
        *folders, filename = where
        marks = ((".gitignore", b"*\n"), ("CACHEDIR.TAG", _TAG.encode()))  # never committed, never backed up
        opened: list[int] = []
        try:
            self.folder.parent.mkdir(parents=True, exist_ok=True)  # where the user asked for it
            if not _AT:  # no *at() calls (Windows): by path, as safely as the platform allows
                target = self.entries.joinpath(*where)
                target.parent.mkdir(parents=True, exist_ok=True)
                for name, text in marks:
                    if not (self.folder / name).is_file():
                        _write(None, str(self.folder / name), (text,))
                _write(None, str(target), chunks)
                return
            # The cache folder itself may be a link the user made; a link below it is replaced.
            opened.append(_open_folder(None, str(self.folder), replace=False))
            if not self._marked:
                for name, text in marks:
                    if not _is_regular(opened[0], name):
                        _write(opened[0], name, (text,))
                self._marked = True
            for name in (self.entries.name, *folders):
                opened.append(_open_folder(opened[-1], name))
            _write(opened[-1], filename, chunks)
        except OSError:
            pass  # a cache that cannot be written is only a slower run
        finally:
            for fd in opened:
                os.close(fd)

    def clean(self) -> bool:
        if self.folder.is_symlink():
            self.folder.unlink()  # the link, never what it points at
            return True
        if self.folder.is_dir():

            shutil.rmtree(self.folder)
            return True
        return False


def _read_regular(path: Path | str) -> bytes | None:
    """The bytes of `path` if it is a regular file, not a link (a FIFO or a
    link to /dev/zero planted in the cache would hang the run)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        parts = []
        while chunk := os.read(fd, info.st_size + 1 if not parts else 1 << 20):  # a file may grow meanwhile
            parts.append(chunk)
        return b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(fd)


def _open_folder(parent: int | None, name: str, replace: bool = True) -> int:
    """A descriptor of folder `name` in the folder open as `parent` (or of
    the path `name`), made if missing; with `replace`, a link or a file in
    its place is removed (never followed) and a folder made instead."""
    for _ in range(3):  # another run may be making the same folder at the same time
        try:
            return os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=parent)
        except FileNotFoundError:
            pass
        except OSError:
            if not replace:
                raise
            try:
                os.unlink(name, dir_fd=parent)
            except FileNotFoundError:
                pass
        try:
            os.mkdir(name, 0o777, dir_fd=parent)
        except FileExistsError:
            pass
    raise OSError(f"cannot make the cache folder {name}")


def _is_regular(folder: int, name: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _write(folder: int | None, name: str, chunks: Iterable[bytes]) -> None:
    """The bytes of `chunks` as file `name` of the folder open as `folder`
    (or as the path `name`): written to a new file of an unpredictable name
    (never through a link), then renamed over whatever is at `name` (a link
    is replaced). Nothing is renamed if making a chunk fails."""
    head, base = os.path.split(name)
    tmp = os.path.join(head, f".{base}.{os.urandom(8).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o666, dir_fd=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=folder)
        except OSError:
            pass
        raise


def _entry(data: bytes | None) -> dict | None:
    """A cache entry as loclint wrote it, its findings made Findings; None
    for anything else (another shape, truncated, binary)."""
    if data is None:
        return None
    try:
        entry = json.loads(data)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not (isinstance(entry, dict) and isinstance(entry.get("findings"), list)
            and _is_list_of_str(entry.get("names"))
            and _is_map_of_str(entry.get("deps")) and _is_list_of_str(entry.get("notes"))
            and isinstance(entry.get("pairs"), list)
            and all(isinstance(p, list) and len(p) == 2 and _is_list_of_str(p) for p in entry["pairs"])
            and isinstance(entry.get("lang"), (str, type(None))) and entry.get("compared") in ("commit", "working", "")
            and isinstance(entry.get("links"), list) and all(_is_link(link) for link in entry["links"])):
        return None
    findings = _findings(entry["findings"], entry["names"])
    if findings is None:
        return None
    entry["findings"] = findings
    return entry


# A finding is a row, not an object: a warm run decodes every finding of
# the trees (tens of thousands). A row holds Finding's fields in its order,
# the path and the source page as indexes into the entry's "names" (the
# same one or two for every finding of a page).
_ORIGINS = (None, "introduced", "inherited")
# Each finding's rule, severity and origin as one shared string, not a
# copy from the JSON each (a warm run holds tens of thousands of findings).
_WORDS = {word: word for word in (*RULES, *SEVERITIES, *_ORIGINS[1:])}


def _rows(findings: list[Finding]) -> tuple[list, list[str]]:
    """(the rows, the names they index) of a page's findings."""
    names: dict[str, int] = {}
    rows = []
    for f in findings:
        fix = None if f.fix is None else [f.fix.unsafe, [[e.line, e.column, e.length, e.replacement] for e in f.fix.edits]]
        path = names.setdefault(f.path, len(names))
        source = None if f.source is None else names.setdefault(f.source, len(names))
        rows.append([path, f.line, f.column, f.rule, f.message, f.severity, f.end_column, fix, f.origin, source,
                     f.fingerprint, f.excerpt, f.source_excerpt])
    return rows, list(names)


def _findings(rows: list, names: list[str]) -> list[Finding] | None:
    """The Findings of an entry's rows; None if any row is not one loclint
    writes. One loop, no call per row but the Finding's: its checks are
    most of a warm run's decoding. type() is, not isinstance: JSON gives no
    subclasses, and True is no line number."""
    count = len(names)
    make, make_edit, make_fix = makers()
    findings = []
    shared: dict[str, str] = {}  # equal texts of the page's findings held once, as the engine made them
    for row in rows:
        if type(row) is not list or len(row) != 13:
            return None
        path, line, column, rule, message, severity, end_column, fix, origin, source, fingerprint, excerpt, source_excerpt = row
        if not (type(path) is int and 0 <= path < count and type(line) is int and type(column) is int
                and (end_column is None or type(end_column) is int) and type(rule) is str and rule in RULES
                and severity in SEVERITIES and type(message) is str and origin in _ORIGINS
                and (source is None or (type(source) is int and 0 <= source < count))
                and (fingerprint is None or type(fingerprint) is str) and (excerpt is None or type(excerpt) is str)
                and (source_excerpt is None or type(source_excerpt) is str)):
            return None
        if fix is not None:
            # [unsafe, [[line, column, length, replacement], ...]]
            if not (type(fix) is list and len(fix) == 2 and type(fix[0]) is bool and type(fix[1]) is list):
                return None
            edits = []
            for e in fix[1]:
                if not (type(e) is list and len(e) == 4 and type(e[0]) is int and type(e[1]) is int
                        and type(e[2]) is int and type(e[3]) is str):
                    return None
                edits.append(make_edit(e[0], e[1], e[2], e[3]))
            fix = make_fix(tuple(edits), fix[0])
        findings.append(make(names[path], line, column, _WORDS[rule], shared.setdefault(message, message),
                             _WORDS[severity], end_column, fix, origin and _WORDS[origin],
                             None if source is None else names[source], fingerprint,
                             excerpt and shared.setdefault(excerpt, excerpt),
                             source_excerpt and shared.setdefault(source_excerpt, source_excerpt)))
    return findings


def _is_list_of_str(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_map_of_str(value) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _is_link(value) -> bool:
    """[root, candidate, what was found there or null], as DocsIndex.looked_up holds them."""
    return (type(value) is list and len(value) == 3 and type(value[0]) is str and type(value[1]) is str
            and (value[2] is None or type(value[2]) is str))
