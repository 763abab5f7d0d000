"""Linting one file: read it, pair it with its source page, make its
context, and hand it to the engine."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from loclint import alignment, __version__, engine, facts, pairing
from loclint.cache import code_hash
from loclint.config import Config
from loclint.context import Context
from loclint.docs_index import DocsIndex, markdown_files
from loclint.finding import Finding
from loclint.page import (
    Page,
    PageError,
    decode,
    from_text,
    one_newline,
    read,
    read_bytes,
    real,
    real_name,
    split_front_matter,
)
from loclint.pairing import Pairer
from loclint.rules import MISSING_PAGE, RULES, UNREADABLE_PAGE


@dataclass(frozen=True)
class Linted:
    """What linting one file gave: its findings and what they depend on."""

    findings: list[Finding]
    consulted: frozenset[Path] = frozenset()  # linked pages whose anchors were read
    notes: tuple[str, ...] = ()  # what --verbose says about the page
    pair: tuple[Path, Path] | None = None  # (target tree, source tree) it was paired in
    lang: str | None = None  # the page's language, as the rules took it
    compared: str = ""  # its source page read at its "commit", the "working" file, or "" (none)


# A note that starts so is said on every run, not only with --verbose.
WARNING = "warning: "

# loclint's count of the current source page against source-wordcount:
# outside this range the working file is not what was translated
# (docs/internals.md, "Drift").
_DRIFT_RANGE = (0.5, 1.5)


def _drift(page: Page, source: Page) -> tuple[int, int] | None:
    """(words then, words now) when the working file of the source is not
    what was translated: its word count far from `source-wordcount`, or
    passages grown since (alignment.grown); words then 0 when unknown."""
    recorded = pairing.source_wordcount(page.front_matter.data if page.front_matter else None) or 0
    now = facts.word_count(source)
    if recorded > 0 and not _DRIFT_RANGE[0] <= now / recorded <= _DRIFT_RANGE[1]:
        return recorded, now
    if alignment.alignment(page, source).grown() and not (recorded and recorded >= now):
        return recorded, now
    return None


def display_path(path: Path) -> str:
    """A path as the user sees it: relative to the working folder."""
    return _display_path(os.fspath(path), os.getcwd())


@lru_cache(maxsize=8192)  # a page is shown in its findings and in the list of files, one after the other
def _display_path(path: str, cwd: str) -> str:
    name, base = real_name(os.path.join(cwd, path)), real_name(cwd)
    if name.startswith(base + os.sep):  # below the working folder: relpath's answer without its work
        return name[len(base) + 1 :].replace(os.sep, "/")
    try:
        return os.path.relpath(name, base).replace(os.sep, "/")
    except ValueError:  # another drive
        return Path(path).as_posix()


class Linter:
    """Lints files one by one against a config, a docs index and, where a
    page has one, its source page."""

    def __init__(self, config: Config, docs: DocsIndex | None = None):
        self.config = config
        self.docs = docs or DocsIndex(config.root)
        self.source_docs = DocsIndex()
        self.pairer = Pairer(config.source, config.source_lang, config.lang, config.pairs, self.docs)

    def lint(self, path: Path, display: str | None = None, text: str | None = None) -> Linted:
        """Findings of one file (or of `text` as that file would hold it); a
        file that cannot be read is one finding."""
        display = display or path.as_posix()
        rules = self.config.rules_for(path)
        try:
            size = path.stat().st_size if text is None else len(text.encode("utf-8"))
            if self.docs.leaves_root(path):
                raise PageError("symlink out of the docs root")
            limit = self.config.rule_options["page-limits"]["max-bytes"]
            if size > limit and "page-limits" in rules:
                return Linted([Finding(display, 1, 1, "page-limits", f"page is {size / 1e6:.1f} MB, over the "
                                       f"{limit / 1e6:.1f} MB limit (max-bytes): not checked",
                                       self.config.severity_of("page-limits"))])
            page = read(path) if text is None else from_text(text, path)
        except (OSError, PageError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            if UNREADABLE_PAGE.id not in rules:
                return Linted([])
            return Linted([Finding(display, 1, 1, UNREADABLE_PAGE.id, f"cannot read page: {reason}",
                                   self.config.severity_of(UNREADABLE_PAGE.id))])
        notes: list[str] = []
        ctx, source_display, pair = self._context(page, display, notes)
        if ctx.lang is None and any(RULES[r].needs_lang for r in rules):
            notes.append(f"{display}: language rules are off: its language is not known "
                         "(give --lang, `lang` in the config, or use a *.nl-NL / nl/ layout)")
        if ctx.lang is not None and not ctx.settings.locale(ctx.lang)[1]:
            # Not naming the page: the run says it once per language.
            notes.append(f"language {pairing.lang_of(ctx.lang)}: no locale pack: its pages are checked "
                         "with the neutral defaults")
        result = engine.lint_page(ctx, self.config, display, source_display, self.source_docs)
        compared = "" if ctx.source is None else "commit" if ctx.source_exact else "working"
        return Linted(result.findings, result.consulted, tuple(notes), pair, ctx.lang, compared)

    def _source_bytes(self, source_path: Path, commit: str) -> tuple[bytes | None, bool]:
        """The source page as translated (at `commit`, from git) or, failing
        that, as it is now: (bytes or None when there is none, exact)."""
        if commit:
            data = pairing.source_at_commit(source_path, commit)
            if data is not None:
                return data, True
        try:
            return read_bytes(source_path), False
        except (OSError, PageError):  # none, or no regular file: no source page to compare with
            return None, False

    @staticmethod
    def _commit(front_matter) -> str:
        named = pairing.source_commit(front_matter)
        return named[1] if named else ""

    def _context(self, page: Page, display: str, notes: list[str]) -> tuple[Context, str | None, tuple | None]:
        """The page's context (its source page, when it has one), the
        source's path as shown, and the trees it was paired in."""
        lang = self.pairer.target_lang(page.path)
        unpaired = Context(page, self.config.settings, self.docs, lang, self.config.source_lang)
        pair = self.pairer.pair(page.path)
        if pair is None:
            notes.append(f"{display}: no source page (no --source, and no layout recognised)")
            return unpaired, None, None
        trees = (pair.target_root, pair.source_root)
        source_path = pair.source_path
        commit = self._commit(page.front_matter)
        data, exact = self._source_bytes(source_path, commit)
        if data is None:
            notes.append(f"{display}: its source page {display_path(source_path)} does not exist")
            return unpaired, None, trees
        uncertain = None
        if commit and not exact:
            top = pairing.git_toplevel(real(source_path.parent)) if source_path.parent.is_dir() else None
            if top is not None and pairing.is_shallow(top) and not pairing.has_commit(top, commit):
                why = "its checkout is a shallow clone without that commit: fetch its history (git fetch --unshallow)"
                uncertain = f"compared with the working file: the shallow clone of the source lacks {commit[:10]}"
                # Said once per run, verbose or not: every page of the tree is compared less well.
                notes.append(f"{WARNING}{display_path(top)} is a shallow clone without the source commits its "
                             "translations name: they are compared with its working files, as uncertain, and "
                             f"stale-translation cannot tell what changed; fetch its history "
                             f"(git -C {display_path(top)} fetch --unshallow; in CI, check out with fetch-depth: 0)")
            else:
                why = "no git checkout with that commit"
            notes.append(f"{display}: compared with the working file of {display_path(source_path)}, "
                         f"not with it at its source commit {commit[:10]} ({why})")
        try:
            text, has_bom = decode(data, source_path)
        except PageError as err:
            notes.append(f"{display}: its source page {display_path(source_path)} cannot be read: {err}")
            return unpaired, None, trees
        source = from_text(text, source_path, has_bom)
        drift = None if exact else _drift(page, source)
        if drift:
            notes.append(f"{display}: its source page has changed since it was translated "
                         f"({drift[0] or 'unknown'} words then, about {drift[1]} now): "
                         "its differences from it are not reported")
        ctx = Context(page, self.config.settings, self.docs, lang, self.config.source_lang, source, exact, drift,
                      uncertain)
        return ctx, display_path(source_path), trees

    def roots_of(self, path: Path) -> set[Path]:
        """The roots a page's links (and its source page's) are looked up in."""
        roots = {self.docs.root_of(path)}
        pair = self.pairer.pair(path)
        if pair is not None:
            roots |= {self.docs.root_of(pair.source_path), self.source_docs.root_of(pair.source_path)}
        return roots

    def cache_key(self, path: Path, data: bytes, display: str) -> str:
        """Everything a page's findings depend on besides what its lint
        records in the entry (the pages whose anchors it reads, the link
        targets it looks up): loclint's code, the config, the page (its
        bytes, where it is, its language), its docs root and the names its
        pages protect, its pairing and its source page exactly as the lint
        reads it."""
        root = self.docs.root_of(path)
        parts = [self.fingerprint, code_hash(), display, str(real(path)), hashlib.sha256(data).hexdigest(),
                 self.docs.fingerprint(root), self.docs.names_fingerprint(root), self.pairer.target_lang(path) or ""]
        pair = self.pairer.pair(path)
        if pair is not None:
            source_path = pair.source_path
            # The source page is linted too (inherited or introduced?), against the files of its own tree.
            parts += ["pair", str(pair.target_root), str(source_path), str(real(source_path)), pair.target_lang,
                      display_path(source_path), self.source_docs.fingerprint(self.source_docs.root_of(source_path)),
                      self.source_docs.names_fingerprint(self.source_docs.root_of(source_path))]
            try:  # the commit as the lint parses it: the same front matter, the same YAML
                commit = self._commit(split_front_matter(one_newline(decode(data, path)[0])))
            except PageError:
                commit = ""  # an unreadable page is never paired
            blob = None
            if commit:
                # staleness counts to HEAD; a page at a commit never changes
                head = pairing.head_if_has(source_path, commit)
                blob = pairing.source_blob(source_path, commit) if head is not None else None
                parts += [commit, "no such commit" if head is None else head]
            if blob is not None:
                parts += ["git", blob]
            else:
                source, _ = self._source_bytes(source_path, "")
                parts += ["file", hashlib.sha256(source).hexdigest() if source is not None else "none"]
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()

    @cached_property
    def fingerprint(self) -> str:
        c = self.config
        return repr((__version__, sorted(RULES), sorted(c.select), sorted(c.severity.items()),
                     sorted((k, sorted(v)) for k, v in c.per_file_ignores.items()),
                     sorted((rid, sorted(o.items())) for rid, o in c.rule_options.items()), c.settings,
                     str(c.root), str(c.source), c.source_lang, c.lang, sorted(map(str, c.pairs.items())), c.inherited))

def missing_pages(pairs) -> list[Finding]:
    """Pages of the paired trees that have no counterpart (--missing)."""
    found = []
    for target_root, source_root in sorted(pairs):
        # The pages a run of each tree would lint, no others (not node_modules/).
        targets = {p.relative_to(target_root).as_posix() for p in markdown_files(target_root)}
        sources = {p.relative_to(source_root).as_posix() for p in markdown_files(source_root)}
        for rel in sorted(sources - targets):
            found.append(Finding(display_path(source_root / rel), 1, 1, MISSING_PAGE.id,
                                 f"source page has no translation ({display_path(target_root / rel)} does not exist)",
                                 MISSING_PAGE.severity))
        for rel in sorted(targets - sources):
            found.append(Finding(display_path(target_root / rel), 1, 1, MISSING_PAGE.id,
                                 f"translated page whose source is gone ({display_path(source_root / rel)} does not exist)",
                                 MISSING_PAGE.severity))
    return found


def lint_file(path: Path, config: Config, docs: DocsIndex | None = None, display: str | None = None) -> list[Finding]:
    return Linter(config, docs).lint(path, display).findings
