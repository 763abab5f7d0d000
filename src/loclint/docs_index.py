"""The read-only index of a docs tree: which files exist, which anchors each
page offers, where the root is. Built once per run; lookups never touch the
network and never leave the root."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from loclint import anchors, pairing
from loclint.page import PageError, decode, read_bytes, real, real_name

# A Microsoft Learn repository's publishing config stands at its top, as .git
# does: a checkout without its .git (an export, an archive) keeps it.
ROOT_MARKERS = (".git", ".loclint.toml", ".openpublishing.publish.config.json")
# A `[!DNL name]` token as a tree's pages write it (padding and all).
# A one-word name the trees wrap in `[!DNL]` this many times is the product
# (Target), not a label wrapped once (Edit): protected-name's threshold.
FIRMLY_PROTECTED = 10
_DNL = re.compile(r"\[!DNL\s+([^\]\[\n`]{1,80}?)\s*\]")

_PADDING = re.compile(r"&#x200B;|\u200b|\s+", re.IGNORECASE)


# Folders no run lints: tools' own, dependencies, hidden ones.
SKIP_DIRS = frozenset({".git", "node_modules", ".loclint_cache", ".venv", "venv", "__pycache__"})


def markdown_files(folder: Path):
    """Every *.md under `folder` a run lints, in a fixed order (the folders
    that are skipped skipped, links to folders not followed)."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".md"):
                yield Path(dirpath) / name


def find_root(start: Path) -> Path:
    """The docs root of a page: the nearest folder upward holding one of
    ROOT_MARKERS; failing that, the nearest one holding a `help/` folder
    (the layout of the Adobe docs repositories); failing that, the working
    folder."""
    return _upward(start, _marked) or _upward(start, _holds_help) or real(Path.cwd())


# Asked once per folder: every page of a tree shares its ancestors.
@lru_cache(maxsize=8192)
def _upward(folder: Path, test) -> Path | None:
    """The nearest folder upward from `folder` (itself first) that passes `test`."""
    if test(folder):
        return folder
    return None if folder.parent == folder else _upward(folder.parent, test)


@lru_cache(maxsize=4096)
def _marked(folder: Path) -> bool:
    return any((folder / m).exists() for m in ROOT_MARKERS) or _has_loclint_table(folder / "pyproject.toml")


@lru_cache(maxsize=4096)
def _holds_help(folder: Path) -> bool:
    return (folder / "help").is_dir()


def _has_loclint_table(path: Path) -> bool:
    try:
        return "[tool.loclint" in path.read_text(encoding="utf-8")
    except OSError:
        return False


# The files that make a tree a docfx (Microsoft Learn) repository.
DOCFX_CONFIGS = (".openpublishing.publish.config.json", "docfx.json")
REDIRECTIONS = ".openpublishing.redirection.json"


@dataclass(frozen=True)
class Docfx:
    """What a docfx repository's publishing config says: its docsets' folders
    (relative to the root) and the site path its pages are published under
    (`/microsoft-identity-manager/`), as its redirections name it."""

    folders: tuple[str, ...]
    site_path: str | None


def read_docfx(root: Path) -> Docfx | None:
    """The docfx config of a root, or None when it is not a docfx repository;
    a config that cannot be read counts as one with no docsets."""
    if not any((root / name).is_file() for name in DOCFX_CONFIGS):
        return None
    folders = []
    try:
        config = json.loads((root / DOCFX_CONFIGS[0]).read_text(encoding="utf-8-sig"))
        for docset in config.get("docsets_to_publish", []):
            folder = str(docset.get("build_source_folder", "")).strip("/")
            if folder not in folders and folder != ".":
                folders.append(folder)
    except (OSError, ValueError, AttributeError):
        pass
    firsts: dict[str, int] = {}
    try:
        redirections = json.loads((root / REDIRECTIONS).read_text(encoding="utf-8-sig"))
        for entry in redirections.get("redirections", []):
            url = str(entry.get("redirect_url", ""))
            if url.startswith("/") and url.count("/") >= 2:
                first = url.split("/")[1]
                firsts[first] = firsts.get(first, 0) + 1
    except (OSError, ValueError, AttributeError):
        pass
    site = max(firsts, key=firsts.__getitem__) if firsts else None
    return Docfx(tuple(folders) or ("",), site)


class DocsIndex:
    """What exists under each docs root. Files are listed once per root."""

    def __init__(self, root: Path | None = None):
        self.root = real(root) if root else None
        self._files: dict[Path, frozenset[str]] = {}
        self._roots: dict[str, Path] = {}  # by folder
        self._places: dict[Path, tuple[Path, str]] = {}
        self._anchor_sets: dict[Path, frozenset[str] | None] = {}
        self._fingerprints: dict[Path, str] = {}
        self._names_fingerprints: dict[Path, str] = {}
        self._docfx: dict[Path, Docfx | None] = {}
        self._folded_names: dict[Path, dict[str, str]] = {}
        # While a page is linted for the cache: (root, candidate, what it
        # found) of every link target looked up, what its findings depend on.
        self.looked_up: set[tuple[str, str, str | None]] | None = None
        self._protected: dict[Path, Mapping[str, int]] = {}
        self.commit: str | None = None  # linked pages are read at this commit (see at_commit)
        # The names a file writes inside `[!DNL]` (protected_in_file); a warm
        # run's memo answers by the file's content hash (speed.warm).
        self.names_in = protected_in_file
        self.anchors_in = anchors_in_file  # the anchors of a page as it is now, likewise
        self._at: dict[str, DocsIndex] = {}

    def at_commit(self, commit: str) -> DocsIndex:
        """This index with the pages links point at read as they were at
        `commit` (from git, where their tree is a checkout that has it; else
        as they are): a source page read at a translation's commit links to
        pages as they were then. One view per commit, cached."""
        view = self._at.get(commit)
        if view is None:
            view = self._at[commit] = copy.copy(self)  # the file lists are shared; the anchors are its own
            view._anchor_sets, view._at, view.commit = {}, {}, commit
        return view

    def docfx(self, root: Path) -> Docfx | None:
        """The docfx config of a root (None: not a docfx repository)."""
        if root not in self._docfx:
            self._docfx[root] = read_docfx(root)
        return self._docfx[root]

    def root_of(self, page_path: Path) -> Path:
        if self.root:
            return self.root
        folder = os.path.dirname(real_name(page_path))  # a str: a warm run asks for every page
        if folder not in self._roots:
            self._roots[folder] = find_root(Path(folder))
        return self._roots[folder]

    def files(self, root: Path) -> frozenset[str]:
        if root not in self._files:
            found = set()
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", ".loclint_cache")]
                rel = os.path.relpath(dirpath, root)
                rel = "" if rel == "." else rel.replace(os.sep, "/")
                if rel:
                    found.add(rel)
                found.update(posixpath.join(rel, f) if rel else f for f in filenames)
            self._files[root] = frozenset(found)
        return self._files[root]

    def leaves_root(self, page_path: Path) -> bool:
        """Whether a page is a link (or stands in a linked folder) to a file
        outside the docs root found from where the page stands: its text
        is not to be read, nor quoted in a report."""
        written = Path(os.path.abspath(page_path))
        root = self.root or real(find_root(written.parent))
        if real(page_path).is_relative_to(root):
            return False
        # A page that stands outside the root itself (--root elsewhere) is linted as before.
        return written.is_relative_to(root) or (real(page_path.parent) / page_path.name).is_relative_to(root)

    def _place(self, page_path: Path) -> tuple[Path, str]:
        """(its root, its folder relative to the root) of a page, worked out
        once per page (a page has dozens of links; a run does not chdir)."""
        place = self._places.get(page_path)
        if place is None:
            root = self.root_of(page_path)
            place = self._places[page_path] = (root, os.path.relpath(real(page_path).parent, root).replace(os.sep, "/"))
        return place

    def resolve(self, page_path: Path, path: str) -> tuple[str | None, list[str]]:
        """Resolve a link path. Returns (existing relative path or None, the
        candidates tried, relative to the root); a candidate that leaves the
        root is given as "..."."""
        root, page_dir = self._place(page_path)
        if path.startswith("/"):
            bases = ["", "help"]
            rels = [posixpath.normpath(posixpath.join(b, path.lstrip("/"))) for b in bases]
        else:
            rels = [posixpath.normpath(posixpath.join(page_dir, path))]
        docfx = self.docfx(root)
        if docfx and path.startswith("~/"):
            # docfx's `~/`: the folder of the docset.
            rels = [posixpath.normpath(posixpath.join(folder, path[2:])) for folder in docfx.folders]
        elif docfx and docfx.site_path and path.split("/")[1:2] == [docfx.site_path]:
            # A site path of the docset: `/site-path/rest` is `rest` (docfx drops `.md`) in a docset folder.
            rest = path.split("/", 2)[2] if path.count("/") >= 2 else ""
            for folder in docfx.folders:
                rel = posixpath.normpath(posixpath.join(folder, rest))
                rels += [rel] if posixpath.splitext(rel)[1] else [rel, f"{rel}.md"]
        tried = []
        for rel in rels:
            if rel == ".." or rel.startswith("../"):
                tried.append("...")
                continue
            found = self.found(root, rel)
            if self.looked_up is not None:
                self.looked_up.add((str(root), rel, found))
            if found is not None:
                return found, tried
            tried.append(rel)
        return None, tried

    def found(self, root: Path, rel: str) -> str | None:
        """The file or folder under the root that `rel` names (None: none);
        docfx finds a file whatever the case of its name (`x.PNG` is `x.png`)."""
        if rel in self.files(root) or rel == ".":
            return rel
        return self._folded(root).get(rel.lower()) if self.docfx(root) else None

    def _folded(self, root: Path) -> dict[str, str]:
        if root not in self._folded_names:
            self._folded_names[root] = {f.lower(): f for f in sorted(self.files(root), reverse=True)}
        return self._folded_names[root]

    def elsewhere_on_site(self, page_path: Path, path: str) -> bool:
        """Whether a site path (`/azure/...`) of a page of a docfx repository
        names another docset of the site, which this tree does not hold."""
        docfx = self.docfx(self.root_of(page_path))
        return bool(docfx and path.startswith("/") and path.split("/")[1:2] != [docfx.site_path])

    def has_anchor(self, root: Path, rel: str, fragment: str) -> bool | None:
        """Whether page `rel` offers `#fragment`; None when it cannot be read."""
        path = root / rel
        if not real(path).is_relative_to(real(root)):
            return None  # a link out of the root: not looked up
        offered = self._anchors(path)
        return None if offered is None else fragment.lower() in offered

    def anchors_now(self, path: Path) -> frozenset[str] | None:
        """The anchors page `path` offers as it is now, whatever the
        index's commit: what a cache entry records of a page it consulted."""
        return self._anchors(path) if self.commit is None else self.anchors_in(path)

    def _anchors(self, path: Path) -> frozenset[str] | None:
        if path not in self._anchor_sets:
            if self.commit is None:
                self._anchor_sets[path] = self.anchors_in(path)
            else:
                try:
                    self._anchor_sets[path] = anchors.of_text(self._read(path))
                except (OSError, PageError):
                    self._anchor_sets[path] = None
        return self._anchor_sets[path]

    def protected_names(self, root: Path) -> Mapping[str, int]:
        """Every name the tree writes inside `[!DNL ...]` in one of its
        Markdown files (the names the repository itself says are never
        translated; MT's zero-width padding left out), with how many times."""
        if root not in self._protected:
            self._protected[root] = MappingProxyType(count_names(
                self.names_in(root / rel) for rel in sorted(self.files(root)) if rel.endswith(".md")))
        return self._protected[root]

    def names_fingerprint(self, root: Path) -> str:
        """What the findings of a page of `root` depend on in its other
        pages' `[!DNL]` tokens: names_digest of the root's names."""
        if root not in self._names_fingerprints:
            self._names_fingerprints[root] = names_digest(self.protected_names(root))
        return self._names_fingerprints[root]

    def _read(self, path: Path) -> str:
        """The text of a linked page (at the index's commit, when it has one)."""
        data = pairing.source_at_commit(path, self.commit) if self.commit else None
        return decode(read_bytes(path) if data is None else data, path)[0]

    def fingerprint(self, root: Path) -> str:
        """What every page of a root depends on besides the link targets it
        looked up: where the root is and its docfx configuration."""
        if root not in self._fingerprints:
            digest = hashlib.sha256(os.fsencode(root))
            for name in (*DOCFX_CONFIGS, REDIRECTIONS):
                try:
                    digest.update(b"\0" + hashlib.sha256(read_bytes(root / name)).digest())
                except (OSError, PageError):
                    digest.update(b"\0missing")
            self._fingerprints[root] = digest.hexdigest()
        return self._fingerprints[root]


def anchors_in_file(path: Path | str) -> frozenset[str] | None:
    """The anchors a page offers as it is now, read from its text; None for
    a file that cannot be read (or is no regular file, or no UTF-8 text)."""
    try:
        return anchors_in_bytes(read_bytes(Path(path)), path)
    except (OSError, PageError):
        return None


def anchors_in_bytes(data: bytes, path: Path | str) -> frozenset[str] | None:
    """anchors_in_file of a file whose bytes are `data`."""
    try:
        return anchors.of_text(decode(data, Path(path))[0])
    except PageError:
        return None


def anchors_digest(offered: frozenset[str] | None) -> str:
    """What a page linking to another with a #fragment depends on there: a
    digest of the anchors it offers (`offered`: anchors_in_file's answer).
    An edit that leaves them as they were re-lints no page linking to it."""
    if offered is None:
        return "unreadable"
    return hashlib.sha256("\0".join(sorted(offered)).encode("utf-8", "surrogateescape")).hexdigest()


def count_names(pages) -> dict[str, int]:
    """name -> how many times, over the names of each page."""
    counts: dict[str, int] = {}
    for names in pages:
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    return counts


def protected_in_file(path: Path) -> list[str]:
    """protected_in of a file's text; none for a file that cannot be read or
    is no regular file (a FIFO is never waited for)."""
    try:
        return protected_in(read_bytes(path).decode("utf-8", errors="replace"))
    except (OSError, PageError):
        return []


def protected_in(text: str) -> list[str]:
    """The names a page's text writes inside `[!DNL ...]`, in order (MT's
    zero-width padding left out)."""
    found = []
    for m in _DNL.finditer(text):
        name = _PADDING.sub(" ", m.group(1)).strip()
        if any(c.isalpha() for c in name):
            found.append(name)
    return found


def names_digest(names: Mapping[str, int]) -> str:
    """A digest of a tree's protected names (name -> count), each count
    told apart only up to FIRMLY_PROTECTED: wrapping a name once more
    elsewhere changes no finding."""
    digest = hashlib.sha256()
    for name, count in sorted(names.items()):
        digest.update(f"\0{name}\0{min(count, FIRMLY_PROTECTED)}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
