"""The engine: one walk over a page's tree, each node sent to the rules that
asked for its type; suppression comments and severities applied here."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from functools import cached_property, lru_cache
from pathlib import Path

from loclint import __version__, afm, pairing
from loclint.compare import word_count
from loclint.config import Config
from loclint.docs import DocsIndex, markdown_files
from loclint.finding import Finding, Hit
from loclint.page import Page, PageError, decode, from_text, read, real
from loclint.pairing import Pairer
from loclint.ruledocs import rule_pages
from loclint.rules import RULES, compares_with_source

_DIRECTIVE = re.compile(r"^\s*loclint-(disable-next-line|disable|enable)\b([^\n]*)$")


class Suppressions:
    """`<!-- loclint-disable RULE, ... -->`, `-enable`, `-disable-next-line`,
    resolved into: is rule R disabled on line L?"""

    def __init__(self, page: Page):
        self.ranges: list[tuple[int, str, frozenset[str] | None]] = []  # (line, kind, rules)
        self.next_line: dict[int, frozenset[str] | None] = {}
        if "loclint-" not in page.text:
            return  # no directive on this page
        for token in page.tokens:
            if token.type == "html_block":
                self._scan(token.content, page.locator(token))
            elif token.type == "inline":
                for child in token.children or []:
                    if child.type == "html_inline":
                        self._scan(child.content, page.locator(child))

    def _scan(self, text: str, position) -> None:
        for start, end in afm.comment_spans(text):
            inner = text[start + 4 : end].removesuffix("-->")
            m = _DIRECTIVE.match(inner.replace("\n", " "))
            if not m:
                continue
            names = [n.strip() for n in m.group(2).replace(",", " ").split() if n.strip()]
            rules = frozenset(names) if names else None
            if m.group(1) == "disable-next-line":
                last_line = position(max(end - 1, start))[0]
                self.next_line[last_line + 1] = rules
            else:
                self.ranges.append((position(start)[0], m.group(1), rules))

    def disabled(self, rule: str, line: int) -> bool:
        if line in self.next_line:
            rules = self.next_line[line]
            if rules is None or rule in rules:
                return True
        state = False
        for at, kind, rules in self.ranges:
            if at > line:
                break
            if rules is None or rule in rules:
                state = kind == "disable"
        return state

    def __bool__(self) -> bool:
        return bool(self.ranges or self.next_line)


def _hits(page: Page, config: Config, rule_ids) -> list[tuple[str, Hit]]:
    dispatch: dict[str, list] = defaultdict(list)
    for rule_id in sorted(rule_ids):
        for node_type in RULES[rule_id].NODES:
            dispatch[node_type].append((rule_id, RULES[rule_id].check))
    # Depends on the parse alone: shared by the copies of one parse.
    suppressions = page.derived.get("suppressions")
    if suppressions is None:
        suppressions = page.derived["suppressions"] = Suppressions(page)
    hits = []
    options = config.options
    for node in page.nodes:
        rules = dispatch.get(node.type)
        if not rules:
            continue
        for rule_id, check in rules:
            for hit in check(node, page, options):
                if not (suppressions and suppressions.disabled(rule_id, hit.line)):
                    hits.append((rule_id, hit))
    return hits


def lint_page(page: Page, config: Config, display: str, source_display: str | None = None) -> list[Finding]:
    """Findings of one page (paired with `page.source` when it has one)."""
    rule_ids = config.rules_for(page.path)
    hits = _hits(page, config, rule_ids)
    inherited: Counter = Counter()
    if page.source is not None:
        # A defect the source page has too was inherited, not introduced;
        # only the rules that found something here need to look there.
        own = {rule for rule, _ in hits if not compares_with_source(rule)}
        if own:
            inherited = Counter((rule, hit.key or hit.message) for rule, hit in _hits(page.source, config, own))
    defaults = rule_pages()
    findings = []
    for rule, hit in hits:
        severity = config.severity.get(rule) or hit.severity or defaults[rule].severity
        message = hit.message
        if page.source_drift and compares_with_source(rule) and hit.uses_source and rule != "stale-translation":
            severity = "info"
            message += (f" (uncertain: the source page has changed since this translation, "
                        f"{page.source_drift[0]} words then, about {page.source_drift[1]} now)")
        origin = None
        if page.source is not None and not compares_with_source(rule):
            key = (rule, hit.key or hit.message)
            origin = "inherited" if inherited[key] > 0 else "introduced"
            if origin == "inherited":
                inherited[key] -= 1
                if config.inherited == "info":
                    severity = "info"
        findings.append(Finding(display, hit.line, hit.column, rule, message, severity, hit.end_column, hit.fix,
                                origin, source_display if page.source is not None else None))
    return sorted(set(findings))


# source-wordcount against loclint's own count of the current source page:
# measured on the 93 pairs of ../shared/corpus, pages whose source did not
# change count 0.69-1.06 of the recorded number, pages whose source grew
# 1.18-2.70. Outside [0.6, 1.12] the working file is not what was translated.
_DRIFT_RANGE = (0.6, 1.12)


def _drift(page: Page, source: Page) -> tuple[int, int] | None:
    data = page.front_matter.data if page.front_matter and page.front_matter.data else {}
    try:
        recorded = int(str(data.get("source-wordcount", "")).strip("'\""))
    except ValueError:
        return None
    now = word_count(source)
    if recorded > 0 and not _DRIFT_RANGE[0] <= now / recorded <= _DRIFT_RANGE[1]:
        return recorded, now
    return None


def display_path(path: Path) -> str:
    """A path as the user sees it: relative to the working folder."""
    return _display_path(os.fspath(path), os.getcwd())


@lru_cache(maxsize=65536)  # every page is shown in its findings and in the list of files
def _display_path(path: str, cwd: str) -> str:
    try:
        return Path(os.path.relpath(real(Path(cwd, path)), real(Path(cwd)))).as_posix()
    except ValueError:  # another drive
        return Path(path).as_posix()


_COMMIT_LINE = re.compile(rb"(?m)^source-git-commit:[ \t]*['\"]?([0-9a-f]{40})['\"]?[ \t]*\r?$")


class Linter:
    """Lints files one by one against a config, a docs index and, where a
    page has one, its source page. `notes` collects what --verbose says."""

    def __init__(self, config: Config, docs: DocsIndex | None = None):
        self.config = config
        self.docs = docs or DocsIndex(config.root)
        self.source_docs = DocsIndex()
        self.pairer = Pairer(config.source, config.source_lang, config.lang, config.pairs, self.docs)
        self.notes: list[str] = []
        self.pairs_seen: set[tuple[Path, Path]] = set()

    def lint(self, path: Path, display: str | None = None, text: str | None = None) -> list[Finding]:
        """Findings of one file (or of `text` as that file would hold it); a
        file that cannot be read is one finding."""
        display = display or path.as_posix()
        try:
            size = path.stat().st_size if text is None else len(text.encode("utf-8"))
            if self.docs.leaves_root(path):
                raise PageError("symlink out of the docs root")
            limit = self.config.options["max-page-bytes"]
            if size > limit and "page-limits" in self.config.rules_for(path):
                severity = self.config.severity.get("page-limits") or rule_pages()["page-limits"].severity
                return [Finding(display, 1, 1, "page-limits", f"page is {size / 1e6:.1f} MB, over the "
                                f"{limit / 1e6:.1f} MB limit (max-page-bytes): not checked", severity)]
            page = read(path) if text is None else from_text(text, path)
        except (OSError, PageError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            if "unreadable-page" not in self.config.rules_for(path):
                return []
            severity = self.config.severity.get("unreadable-page") or rule_pages()["unreadable-page"].severity
            return [Finding(display, 1, 1, "unreadable-page", f"cannot read page: {reason}", severity)]
        page.docs = self.docs
        page.lang = self.pairer.target_lang(path)
        page.source_lang = self.config.source_lang
        source_display = self._pair(page, display)
        if page.lang is None and any(getattr(RULES[r], "NEEDS_LANG", False) for r in self.config.rules_for(path)):
            self.notes.append(f"{display}: language rules are off: its language is not known "
                              "(give --lang, `lang` in the config, or use a *.nl-NL / nl/ layout)")
        return lint_page(page, self.config, display, source_display)

    def _source_bytes(self, source_path: Path, commit: str) -> tuple[bytes | None, bool]:
        """The source page as translated (at `commit`, from git) or, failing
        that, as it is now: (bytes or None when there is none, exact)."""
        if commit:
            data = pairing.source_at_commit(source_path, commit)
            if data is not None:
                return data, True
        try:
            return source_path.read_bytes(), False
        except OSError:
            return None, False

    @staticmethod
    def _commit(front_matter) -> str:
        data = front_matter.data if front_matter and front_matter.data else {}
        commit = str(data.get("source-git-commit", ""))
        return commit if pairing.COMMIT.match(commit) else ""

    def _pair(self, page: Page, display: str) -> str | None:
        pair = self.pairer.pair(page.path)
        if pair is None:
            self.notes.append(f"{display}: no source page (no --source, and no layout recognised)")
            return None
        self.pairs_seen.add((pair.target_root, pair.source_root))
        page.lang = page.lang or pair.target_lang or None
        source_path = pair.source_path
        commit = self._commit(page.front_matter)
        data, exact = self._source_bytes(source_path, commit)
        if data is None:
            self.notes.append(f"{display}: its source page {display_path(source_path)} does not exist")
            return None
        if commit and not exact:
            self.notes.append(f"{display}: compared with the working file of {display_path(source_path)}, "
                              f"not with it at source-git-commit {commit[:10]} (no git checkout with that commit)")
        try:
            text, has_bom = decode(data, source_path)
        except PageError as err:
            self.notes.append(f"{display}: its source page {display_path(source_path)} cannot be read: {err}")
            return None
        source = from_text(text, source_path, has_bom)
        source.docs = self.source_docs
        source.lang = self.config.source_lang
        page.source = source
        page.source_exact = exact
        if not exact:
            page.source_drift = _drift(page, source)
            if page.source_drift:
                self.notes.append(f"{display}: its source page has changed since it was translated "
                                  f"({page.source_drift[0]} words then, about {page.source_drift[1]} now): "
                                  "source-rule findings are reported as uncertain, at info level")
        return display_path(source_path)

    def cache_key(self, path: Path, data: bytes, display: str) -> str:
        """Everything a page's findings depend on besides the pages whose
        anchors it reads (those are recorded as dependencies): the page, its
        source page as compared, the set of files under its root, the
        config and this version of loclint."""
        parts = [self.fingerprint, display, hashlib.sha256(data).hexdigest()]
        root = self.docs.root_of(path)
        parts.append(self.docs.fingerprint(root))
        pair = self.pairer.pair(path)
        if pair is not None:
            # The commit as the page states it; no YAML parsing on the warm path.
            m = _COMMIT_LINE.search(data[:4096])
            commit = m.group(1).decode() if m else ""
            top = pairing.git_toplevel(real(pair.source_path.parent)) if pair.source_path.parent.exists() else None
            if commit and top is not None and pairing.has_commit(top, commit):
                # Content at a commit never changes; staleness depends on HEAD.
                parts += ["git", commit, str(pair.source_path), pairing.head(top)]
            else:
                source, _ = self._source_bytes(pair.source_path, "")
                parts += ["file", hashlib.sha256(source).hexdigest() if source is not None else "none"]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    @cached_property
    def fingerprint(self) -> str:
        c = self.config
        return repr((__version__, sorted(RULES), sorted(c.select), sorted(c.severity.items()),
                     sorted((k, sorted(v)) for k, v in c.per_file_ignores.items()), sorted(c.options.items()),
                     str(c.root), str(c.source), c.source_lang, c.lang, sorted(map(str, c.pairs.items())), c.inherited))

def missing_pages(pairs) -> list[Finding]:
    """Pages of the paired trees that have no counterpart (--missing)."""
    found = []
    for target_root, source_root in sorted(pairs):
        # The pages a run of each tree would lint, no others (not node_modules/).
        targets = {p.relative_to(target_root).as_posix() for p in markdown_files(target_root)}
        sources = {p.relative_to(source_root).as_posix() for p in markdown_files(source_root)}
        for rel in sorted(sources - targets):
            found.append(Finding(display_path(source_root / rel), 1, 1, "missing-page",
                                 f"source page has no translation ({display_path(target_root / rel)} does not exist)",
                                 "info"))
        for rel in sorted(targets - sources):
            found.append(Finding(display_path(target_root / rel), 1, 1, "missing-page",
                                 f"translated page whose source is gone ({display_path(source_root / rel)} does not exist)",
                                 "info"))
    return found


def lint_file(path: Path, config: Config, docs: DocsIndex | None = None, display: str | None = None) -> list[Finding]:
    return Linter(config, docs).lint(path, display)
