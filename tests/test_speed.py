"""LOCLINT_NO_SPEEDUPS=1 runs loclint without its speed-ups (stock
markdown-it-py loops): the report is byte for byte the same."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref

import pytest
from conftest import CORPUS, FIXTURES, needs_corpus

from loclint.speed import gc as speed_gc


def _check(folder, **env):
    return subprocess.run(
        [sys.executable, "-m", "loclint", "check", str(folder), "--format", "json", "--no-cache"],
        env={**os.environ, **env}, capture_output=True, timeout=300,
    )


def test_findings_are_the_same_without_the_speedups(tmp_path):
    pages = tmp_path / "docs"
    pages.mkdir()
    (pages / "a.md").write_text("# A\n\nZie [`a` b](weg.md) en `&#39;`, [[!DNL Target]  x](b.md) en ![`c`](d.png).\n")
    for folder in (FIXTURES, pages):
        fast, stock = _check(folder), _check(folder, LOCLINT_NO_SPEEDUPS="1")
        assert (stock.returncode, stock.stdout, stock.stderr) == (fast.returncode, fast.stdout, fast.stderr)
        assert fast.returncode == 1 and b'"rule"' in fast.stdout  # there is something to compare


@pytest.mark.slow
@needs_corpus()
def test_real_pages_in_two_languages_give_the_same_report_without_the_speedups(tmp_path):
    """The language rules too: py3langid restricted without numpy and the
    stock model agree, and one process gives what two do."""
    for name in ("blueprints-learn.nl-NL", "blueprints-learn.ja-JP"):
        fast, stock = _check(CORPUS / name), _check(CORPUS / name, LOCLINT_NO_SPEEDUPS="1")
        assert (stock.returncode, stock.stdout) == (fast.returncode, fast.stdout)
        assert b'"untranslated-text"' in fast.stdout or b'"wrong-language"' in fast.stdout or name.endswith("ja-JP")


def test_a_cycle_made_while_the_collector_is_paused_is_collected_when_the_pause_ends():
    """What a page leaves in cycles is freed with the page, not at the end
    of the run (nor every few dozen pages)."""

    class Node:
        pass

    assert gc.isenabled()
    with speed_gc.paused():
        node = Node()
        node.self = node
        left = weakref.ref(node)
        del node
        assert left() is not None  # a cycle: refcounting alone does not free it
    assert left() is None
    assert gc.isenabled()
