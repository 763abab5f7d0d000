"""The read-only index of a docs tree: which files exist, which anchors each
page offers, where the root is. Built once per run; lookups never touch the
network and never leave the root."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote

from loclint import afm
from loclint.page import Page, PageError, read, real

ROOT_MARKERS = (".git", ".loclint.toml")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_TOKEN_IN_TEXT = re.compile(r"\[!(?:DNL|UICONTROL) ([^\]]*)\]")


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
    """The docs root of a page: the nearest folder upward with .git or a
    loclint config; failing that, the nearest one holding a `help/` folder
    (the layout of the Adobe docs repositories); failing that, the working
    folder."""
    folders = [start, *start.parents]
    for folder in folders:
        if _marked(folder):
            return folder
    for folder in folders:
        if _holds_help(folder):
            return folder
    return real(Path.cwd())


# Asked once per folder: every page of a tree shares its ancestors.
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


def split_target(target: str) -> tuple[str, str | None] | None:
    """(path, fragment) of a local target; None for URLs, mail and templates."""
    target = target.strip()
    if not target or _SCHEME.match(target) or target.startswith("//") or "{{" in target:
        return None
    path, _, fragment = target.partition("#")
    path = path.partition("?")[0]
    return unquote(path), (unquote(fragment) if _ else None)


def slug(text: str) -> str:
    """GitHub-style heading anchor."""
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def page_anchors(page: Page) -> frozenset[str]:
    """Every anchor a page offers, lower-cased: explicit `{#id}`s, GitHub
    slugs of its headings (with and without AFM tokens), HTML id/name."""
    anchors: set[str] = set()
    counts: dict[str, int] = {}
    tokens = page.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            explicit = afm.heading_id(inline)
            if explicit:
                anchors.add(explicit.lower())
            raw = afm.HEADING_ID.sub("", inline.content)
            plain = "".join(
                c.content for c in afm.walk_inline(inline) if c.type in ("text", "text_special", "code_inline")
            )
            plain = afm.HEADING_ID.sub("", plain)
            _add_heading(anchors, counts, plain, raw)
        elif token.type in ("html_block", "inline"):
            for tag in _tags_of(token):
                for name in ("id", "name"):
                    attr = tag.get(name)
                    if attr and attr.value:
                        anchors.add(attr.value.lower())
    return frozenset(anchors)


def _add_heading(anchors: set[str], counts: dict[str, int], plain: str, raw: str) -> None:
    """The slugs of a heading (its text, with AFM tokens as their words, as
    written), numbered -1, -2, ... when a slug repeats, as GitHub does."""
    for variant in {plain, _TOKEN_IN_TEXT.sub(r"\1", raw), raw}:
        base = slug(variant)
        n = counts.get(base, 0)
        counts[base] = n + 1
        anchors.add(base if n == 0 else f"{base}-{n}")
        anchors.add(base)


def _tags_of(token):
    if token.type == "html_block":
        yield from afm.html_tags(token.content)
    else:
        for child in token.children or []:
            if child.type == "html_inline":
                yield from afm.html_tags(child.content)


class DocsIndex:
    """What exists under each docs root. Files are listed once per root."""

    def __init__(self, root: Path | None = None):
        self.root = real(root) if root else None
        self._files: dict[Path, frozenset[str]] = {}
        self._roots: dict[Path, Path] = {}
        self._places: dict[Path, tuple[Path, str]] = {}
        # The pages whose anchors were read since the last reset: what a
        # page's findings depend on besides itself (for the cache).
        self.consulted: set[Path] = set()

    def root_of(self, page_path: Path) -> Path:
        if self.root:
            return self.root
        folder = real(page_path).parent
        if folder not in self._roots:
            self._roots[folder] = find_root(folder)
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
        files = self.files(root)
        tried = []
        for rel in rels:
            if rel == ".." or rel.startswith("../"):
                tried.append("...")
                continue
            if rel in files or rel == ".":
                return rel, tried
            tried.append(rel)
        return None, tried

    def has_anchor(self, root: Path, rel: str, fragment: str) -> bool | None:
        """Whether page `rel` offers `#fragment`; None when it cannot be read."""
        self.consulted.add(root / rel)
        anchors = self._anchors(root, rel)
        return None if anchors is None else fragment.lower() in anchors

    @cache
    def _anchors(self, root: Path, rel: str) -> frozenset[str] | None:
        if not real(root / rel).is_relative_to(real(root)):
            return None  # a link out of the root: not looked up
        try:
            return page_anchors(read(root / rel))
        except (OSError, PageError):
            return None

    @cache
    def fingerprint(self, root: Path) -> str:
        """Changes whenever a file under the root appears or disappears."""
        return hashlib.sha256("\n".join(sorted(self.files(root))).encode()).hexdigest()
