"""--fix over copies of three real repositories: every safe-fixable finding
goes, no other comes, only lines with safe-fixable findings change, and a
second run changes nothing."""

from __future__ import annotations

import difflib
import shutil
from collections import Counter

import pytest
from conftest import CORPUS, needs_corpus

from loclint.config import Config
from loclint.fix import fix_text, split_lines, write_atomically
from loclint.linter import Linter
from loclint.page import decode

pytestmark = [needs_corpus(), pytest.mark.slow]


def _writable_copy(source, target):
    shutil.copytree(source, target)
    for path in target.rglob("*"):  # the shared corpus is read-only, and --fix respects that
        path.chmod(path.stat().st_mode | 0o200)


@pytest.mark.parametrize("repo", ["blueprints-learn", "target", "marketo-measure"])
def test_fix_the_whole_dutch_corpus(tmp_path, repo):
    for name in (f"{repo}.nl-NL", f"{repo}.en"):
        _writable_copy(CORPUS / name, tmp_path / name)
    pages = sorted((tmp_path / f"{repo}.nl-NL").rglob("*.md"))
    linter = Linter(Config())
    before = {page: linter.lint(page).findings for page in pages}
    fixed_pages = 0
    for page in pages:
        data = page.read_bytes()
        text, has_bom = decode(data, page)
        result = fix_text(text, lambda t, p=page: linter.lint(p, text=t).findings)
        if not result.changed:
            continue
        fixed_pages += 1
        write_atomically(page, result.fixed, has_bom, data)
        fixable_lines = {e.line for f in before[page] if f.fix and not f.fix.unsafe for e in f.fix.edits}
        changed = set()
        matcher = difflib.SequenceMatcher(None, split_lines(result.original), split_lines(result.fixed), autojunk=False)
        for tag, i1, i2, _, _ in matcher.get_opcodes():
            if tag != "equal":
                changed |= set(range(i1 + 1, i2 + 1))
        assert changed <= fixable_lines, page
    assert fixed_pages > 50

    after = {page: linter.lint(page).findings for page in pages}
    for page in pages:
        assert not [f for f in after[page] if f.fix and not f.fix.unsafe], page
        kept_before = Counter((f.line, f.rule) for f in before[page] if not (f.fix and not f.fix.unsafe))
        # A comparison with the source (no origin, a source) may show up: a
        # padded title, fixed, is the English one, untranslated.
        kept_after = Counter((f.line, f.rule) for f in after[page] if f.origin is not None or f.source is None)
        # None comes; one may go with a fix beside it (`( &quot; )` fixed is
        # no longer mt-spacing's).
        assert not kept_after - kept_before, page

    for page in pages:  # a second run changes nothing
        text, _ = decode(page.read_bytes(), page)
        assert not fix_text(text, lambda t, p=page: linter.lint(p, text=t).findings).changed, page
