"""Applying the fixes of findings to a file, without ever damaging it.

Fixes are edits on the original text, never a re-render: everything not
fixed stays byte for byte (line endings, BOM, final newline included).
Overlapping edits are resolved in a fixed order (the first finding wins);
after each round the text is linted again, and the round repeats on what
is left, so that one `--fix` reaches the state a second one would not change.
A round whose fixes create a finding the text did not have, or that changes
what the page renders (its HTML tags, or for escaped-entity what a reader
sees) or what its front matter means, is undone and retried one fix at a
time, keeping only the fixes that do neither.
"""

from __future__ import annotations

import bisect
import difflib
import html
import os
import re
import secrets
import signal
import stat
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from loclint.finding import Edit, Finding, Fix

MAX_ROUNDS = 10
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass
class FixResult:
    original: str  # the decoded text as read (BOM removed)
    fixed: str
    findings: list[Finding]  # what remains after fixing
    applied: int  # how many findings were fixed

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def unified_diff(original: str, fixed: str, path: str) -> str:
    """A patch `git apply` and `patch` take: a last line without a line end
    is marked as such ("\\ No newline at end of file")."""
    lines = []
    for line in difflib.unified_diff(split_lines(original), split_lines(fixed), f"a/{path}", f"b/{path}"):
        lines.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def split_lines(text: str) -> list[str]:
    """Lines with their own line ends, as on disk (\\r\\n, \\r or \\n)."""
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (given in the order they should win)."""
    lines = split_lines(text)
    taken: dict[int, list[tuple[int, int]]] = {}  # per line, the spans taken, sorted
    longest: dict[int, int] = {}  # per line, the longest span taken: how far back a clash can start
    chosen: dict[int, list[Edit]] = {}
    for edit in edits:
        start, end = edit.column - 1, edit.column - 1 + edit.length
        if edit.line > len(lines):
            continue
        spans = taken.setdefault(edit.line, [])
        reach = longest.get(edit.line, 0)
        i = bisect.bisect_right(spans, (end, len(lines[edit.line - 1]) + 1))  # spans starting at end too
        clash = False
        while i > 0 and spans[i - 1][0] >= start - reach:  # only spans starting this near can overlap
            s, e = spans[i - 1]
            if (s < end and start < e) or (edit.length == 0 and s <= start < e):
                clash = True
                break
            i -= 1
        if clash:
            continue
        bisect.insort(spans, (start, end))
        longest[edit.line] = max(reach, edit.length)
        chosen.setdefault(edit.line, []).append(edit)
    for number, line_edits in chosen.items():
        line = lines[number - 1]
        body = line.rstrip("\r\n")
        pieces, at = [], 0
        for edit in sorted(line_edits, key=lambda e: e.column):
            start = edit.column - 1
            pieces += [body[at:start], edit.replacement]
            at = start + edit.length
        pieces.append(body[at:])
        lines[number - 1] = "".join(pieces) + line[len(body):]
    return "".join(lines)


def _fixable(findings: list[Finding], unsafe: bool) -> list[Finding]:
    return [f for f in findings if f.fix and (unsafe or not f.fix.unsafe)]


def _signature(findings: list[Finding]) -> Counter:
    # By rule and line: edits never add or remove lines, while messages quote
    # the text around a finding, which a fix nearby may change.
    return Counter((f.rule, f.line) for f in findings)


def fix_text(text: str, lint, unsafe: bool = False) -> FixResult:
    """Fix `text`; `lint(text)` returns the findings of a version of it."""
    findings = lint(text)
    current, applied = text, 0
    refused: set = set()  # findings whose safe fix would change the page's meaning
    for _ in range(MAX_ROUNDS):
        todo = [f for f in _fixable(findings, unsafe) if _key(f) not in refused]
        if not todo:
            break
        candidate = apply_edits(current, [e for f in todo for e in f.fix.edits])
        after = lint(candidate)
        if _new_findings(findings, after, todo) or not _keeps_meaning(current, candidate, todo):
            candidate, after, kept = _one_by_one(current, findings, todo, lint, refused)
            if not kept:
                break
            applied += kept
        else:
            applied += len(todo)
        if candidate == current:
            break
        current, findings = candidate, after
    return FixResult(text, current, findings, applied)


def _key(finding: Finding):
    return finding.rule, finding.fix


def _new_findings(before: list[Finding], after: list[Finding], fixed: list[Finding]) -> bool:
    """Does `after` hold a finding that neither `before` had nor a fix removed?
    A comparison with the source page (no origin, a source) does not count:
    a fix can only show what differs from the source (a padded title that,
    fixed, is the English one), not make a defect."""
    return bool(_signature([f for f in after if f.origin is not None or f.source is None]) - _signature(before))


def _one_by_one(text: str, findings: list[Finding], todo: list[Finding], lint, refused: set):
    kept = 0
    current, current_findings = text, findings
    changed: set[int] = set()  # lines a kept fix changed
    for finding in todo:
        lines = {e.line for e in finding.fix.edits}
        if lines & changed:
            continue  # its columns are those of the line before that fix: the next round finds it again
        candidate = apply_edits(current, list(finding.fix.edits))
        if candidate == current:
            continue
        if not _keeps_meaning(current, candidate, [finding]):
            refused.add(_key(finding))
            continue
        after = lint(candidate)
        if not _new_findings(current_findings, after, [finding]):
            current, current_findings, kept = candidate, after, kept + 1
            changed |= lines
    return current, current_findings, kept


# The rules whose fixes only write a character reference as its character:
# what a reader sees must stay the same too, not only the HTML's tags.
_SAME_TEXT = frozenset({"escaped-entity"})


def _keeps_meaning(before: str, after: str, fixed: list[Finding]) -> bool:
    if all(f.fix.unsafe for f in fixed):
        return True  # asked for with --unsafe-fixes: they may change meaning
    a, b = _text_meaning(before), _text_meaning(after)
    if all(f.rule in _SAME_TEXT for f in fixed):
        return a == b
    # Their fixes move spaces: in front matter the data may differ in its
    # spaces only (a comment, a split list item or a new key is more).
    return _unspaced(a.front_matter) == _unspaced(b.front_matter) and (a.rendered == b.rendered or a.tags == b.tags)


def _unspaced(data: Any) -> Any:
    return _strings_mapped(data, lambda text: "".join(text.split()))


def _strings_mapped(data: Any, fn) -> Any:
    """Front matter data with `fn` applied to every string in it, keys too."""
    if isinstance(data, str):
        return fn(data)
    if isinstance(data, dict):
        return {_strings_mapped(k, fn): _strings_mapped(v, fn) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(_strings_mapped(v, fn) for v in data)
    return data


@lru_cache(maxsize=8)  # a round compares the text it starts from again and again
def _text_meaning(text: str) -> Meaning:
    return meaning(text)


class Meaning:
    """What a page means, modulo how characters are written: its rendered
    HTML's tags (attributes decoded), the text a reader sees between them
    (inside code decoded once more: a reference there is the character it
    names, written as the fix will write it) and its front matter's data
    (strings decoded)."""

    def __init__(self, rendered: str, front_matter: Any):
        self.rendered = rendered
        self.front_matter = front_matter

    def __eq__(self, other) -> bool:
        if not isinstance(other, Meaning) or self.front_matter != other.front_matter:
            return False
        # Most fixes leave the HTML as it was, byte for byte: no need to read it.
        return self.rendered == other.rendered or self._read == other._read

    __hash__ = None

    @property
    def tags(self) -> tuple[str, ...]:
        return self._read[0]

    @cached_property
    def _read(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        tags, texts, code, pos = [], [], 0, 0
        for m in _TAG.finditer(self.rendered):
            texts.append(_seen(self.rendered[pos : m.start()], code))
            tag = m.group()
            tags.append(html.unescape(tag))
            if tag.startswith("<code"):
                code += 1
            elif tag == "</code>":
                code = max(code - 1, 0)
            pos = m.end()
        texts.append(_seen(self.rendered[pos:], code))
        return tuple(tags), tuple(texts)


_TAG = re.compile(r"<[^<>]*>")


def meaning(text: str, tokens=None, env=None, front_matter=None) -> Meaning:
    """The Meaning of a page's text; `tokens`, `env` and `front_matter` when
    the page is already parsed (as loclint parses it, text with \\n line ends)."""
    from loclint.page import one_newline, parser, split_front_matter

    md = parser()
    if tokens is None:
        text = one_newline(text)
        front_matter = split_front_matter(text)
        body = text
        if front_matter and front_matter.last_line > 1:
            lines = text.split("\n")
            body = "\n" * front_matter.last_line + "\n".join(lines[front_matter.last_line :])
        env = {}
        tokens = md.parse(body, env)
    rendered = _renderer().render(tokens, md.options, env)
    fm = None
    if front_matter is not None and front_matter.error:
        # What broken YAML means is not known: any change to it is one.
        fm = ("broken", "\n".join(one_newline(text).split("\n")[: front_matter.last_line]))
    elif front_matter is not None:
        fm = _strings_mapped(front_matter.data, html.unescape)
    return Meaning(rendered, fm)


@cache
def _renderer():
    from markdown_it.renderer import RendererHTML

    class Renderer(RendererHTML):
        # loclint's parser keeps entities as text_special tokens (no
        # text_join): rendered as the text they are, in an image's alt too.
        def renderInlineAsText(self, tokens, options, env):
            joined = [t.copy(type="text") if t.type == "text_special" else t for t in tokens]
            return super().renderInlineAsText(joined, options, env)

        # markdown-it writes the alt text into the image's own token: a copy
        # is rendered, as the page's tokens never change once parsed.
        def image(self, tokens, idx, options, env):
            alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
            shown = tokens[idx].copy(attrs={**tokens[idx].attrs, "alt": alt})
            return self.renderToken([shown], 0, options, env)

    renderer = Renderer()
    renderer.rules["text_special"] = renderer.rules["text"]
    return renderer


def _seen(text: str, code: int) -> str:
    text = html.unescape(text)
    return html.unescape(text) if code else text




# Renders one page may cost when some of its fixes change it: each is of the
# whole page, so a page of thousands of bad fixes must not get one each.
RENDER_BUDGET = 32


def meaning_keepers(text: str, fixes: list[Fix], before: Callable[[], Meaning] | None = None,
                    confirms: Callable[[list[Edit]], bool] | None = None) -> list[bool]:
    """Which of `fixes` (edits on `text`) may be applied, all of them
    together, leaving the page's Meaning unchanged: one render when they all
    may, a halving search for the ones that may not; what the budget of
    renders leaves unjudged is not applied. `before` gives the Meaning of
    `text` when it is known cheaper than by parsing it; `confirms` (edits ->
    True when they surely keep it) saves the renders where it can."""
    original: list[Meaning] = []  # made when first needed
    budget = [RENDER_BUDGET]

    def keeps(group: list[int]) -> bool:
        if budget[0] <= 0:
            return False
        budget[0] -= 1
        edits = [e for i in group for e in fixes[i].edits]
        if confirms is not None and confirms(edits):
            return True
        if not original:
            original.append(before() if before is not None else meaning(text))
        return meaning(apply_edits(text, edits)) == original[0]

    everything = list(range(len(fixes)))
    kept = _halving(everything, keeps) if everything else []
    if kept and len(kept) < len(everything) and not keeps(kept):
        # Fixes judged in different halves may change the page together
        # (`&#45;&#45;&#45;`: a rule): added one at a time.
        together: list[int] = []
        for i in kept:
            if keeps(together + [i]):
                together.append(i)
        kept = together
    chosen = set(kept)
    return [i in chosen for i in everything]


def _halving(group: list[int], keeps) -> list[int]:
    """The members of `group` that `keeps` keeps, by halves. Not a closure
    calling itself: that is a reference cycle, and with it the page's text
    and render would stay alive until the next collection."""
    if keeps(group):
        return group
    if len(group) == 1:
        return []
    mid = len(group) // 2
    return _halving(group[:mid], keeps) + _halving(group[mid:], keeps)


def write_atomically(path: Path, text: str, has_bom: bool, expected: bytes, root: Path | None = None) -> None:
    """Replace `path` with `text` (UTF-8, BOM kept) through a temporary file
    in its folder, keeping its owner, group and mode; unless it changed on
    disk since it was read as `expected`, is read-only, is no regular file,
    or is a symbolic link to a file outside `root` (the docs root). Raises
    OSError with a one-line message when it is not rewritten."""
    target = path
    if os.path.islink(path):
        from loclint.page import real

        target = real(path)
        inside = root is not None and (target == real(root) or real(root) in target.parents)
        if not inside:
            raise OSError(f"{path}: a symbolic link to {target}, outside the docs root; not rewritten")
    info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path}: not a regular file; not rewritten")
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise OSError(f"{path}: read-only; not rewritten")
    if target.read_bytes() != expected:
        raise OSError(f"{path}: changed on disk during the run; not overwritten")
    data = ("\ufeff" if has_bom else "").encode("utf-8") + text.encode("utf-8")
    tmp = target.parent / f".{target.name}.{secrets.token_hex(8)}.loclint"
    # Ctrl-C or a terminating parent waits for the few system calls that
    # leave either the old file or the new one, never a temporary file.
    signals = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        if info.st_nlink > 1:
            _write_in_place(path, target, data, expected, tmp)
        else:
            _replace(path, target, data, info, tmp)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


@contextmanager
def _private_file(name: Path):
    """A new file only its owner can read, removed again if writing it fails."""
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise


def _replace(path: Path, target: Path, data: bytes, info: os.stat_result, tmp: Path) -> None:
    """`data` written to `tmp` with the owner, group and mode of `info`, then renamed over `target`."""
    with _private_file(tmp) as handle:
        handle.write(data)
        handle.flush()
        if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            except PermissionError:
                raise OSError(f"{path}: its owner or group cannot be kept; not rewritten") from None
        os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))  # after fchown, which drops set-id bits
        os.fsync(handle.fileno())
    try:
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    with suppress(OSError):  # the rename itself on disk
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _write_in_place(path: Path, target: Path, data: bytes, expected: bytes, backup: Path) -> None:
    """A file with several hard links is rewritten in place, as editors do,
    so that every name sees the fix (a rename would leave the others with the
    old text). Its old bytes are copied to `backup` first and removed once the
    new bytes are on disk; a failure leaves the backup and names it."""
    with _private_file(backup) as handle:
        handle.write(expected)
        os.fsync(handle.fileno())
    try:
        with open(target, "r+b") as handle:
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as err:
        raise OSError(f"{path}: rewriting it in place failed ({err.strerror}); its old text is in {backup}") from None
    os.unlink(backup)
