"""Parallel runs and the cache: same output whatever --jobs; a warm run
re-lints nothing; anything that changes a page's findings invalidates it."""

from __future__ import annotations

import shutil
import socket

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEED, needs_corpus

import loclint.run
from loclint.cli import main


def check(*args):
    return CliRunner().invoke(main, ["check", "--fail-on", "never", *args], catch_exceptions=False)


def test_output_is_the_same_whatever_the_number_of_processes(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    outputs = {jobs: check("fixtures", "--root", "fixtures", "--no-cache", "--jobs", str(jobs), "--format", "json").output
               for jobs in (1, 2, 3)}
    assert outputs[1] == outputs[2] == outputs[3]
    assert '"rule": "token-spacing"' in outputs[1]


def test_a_worker_that_dies_loses_no_page_and_hangs_nothing(tmp_path, monkeypatch):
    # A worker killed mid-run (out of memory, a signal): its pages are
    # linted by the parent and the run ends with every page's findings.
    import os

    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    expected = check("fixtures", "--root", "fixtures", "--no-cache", "-j", "1", "--format", "json").output
    parent = os.getpid()
    real = loclint.run.process

    def dying(job, linter):
        if os.getpid() != parent and job.display.endswith("token-spacing.md"):
            os._exit(9)  # as if killed: no result, no clean-up
        return real(job, linter)

    monkeypatch.setattr(loclint.run, "process", dying)
    assert check("fixtures", "--root", "fixtures", "--no-cache", "-j", "3", "--format", "json").output == expected


def _spy(monkeypatch):
    calls = []
    real = loclint.run.process

    def counting(job, linter):
        calls.append(job.display)
        return real(job, linter)

    monkeypatch.setattr(loclint.run, "process", counting)
    return calls


def test_a_warm_run_lints_nothing_and_says_the_same(tree, monkeypatch):
    cold = check("docs/nl", "-j", "1").output
    calls = _spy(monkeypatch)
    warm = check("docs/nl", "-j", "1").output
    assert calls == [] and warm == cold
    assert (tree / ".loclint_cache" / "CACHEDIR.TAG").is_file()
    assert check("docs/nl", "-j", "1", "--no-cache").output == cold
    assert sorted(calls) == ["docs/nl/a.md", "docs/nl/b.md"]  # largest first


@pytest.mark.parametrize("change, page, before, after", [
    # the page itself
    (lambda t: (t / "docs/nl/a.md").write_text("# Overzicht\n\nGebruik [!DNL Campagne].\n"),
     "docs/nl/a.md", "", "token-mismatch"),
    # its source page (a token the page's then looks cut short from)
    (lambda t: (t / "docs/en/a.md").write_text("# Overview\n\nUse [!DNL Campaign Classic].\n"),
     "docs/nl/a.md", "", "token-mismatch"),
    # the headings of a page it links to
    (lambda t: (t / "docs/nl/a.md").write_text("# Anders\n\nGebruik [!DNL Campaign].\n"),
     "docs/nl/b.md", "", "broken-anchor"),
    # the set of files under the root
    (lambda t: (t / "docs/nl/c.md").write_text("# C\n"),
     "docs/nl/b.md", "broken-link", ""),
])
def test_what_changes_findings_invalidates_the_cache(tree, monkeypatch, change, page, before, after):
    first = [line for line in check("docs/nl", "-j", "1", "-q").output.splitlines() if line.startswith(page)]
    assert (before in " ".join(first)) if before else not any(after in line for line in first)
    change(tree)
    second = [line for line in check("docs/nl", "-j", "1", "-q").output.splitlines() if line.startswith(page)]
    if after:
        assert any(f"[{after}]" in line for line in second), second
    else:
        assert not any(f"[{before}]" in line for line in second), second


def test_clean_removes_the_cache_and_the_user_cache(tree, tmp_path_factory, monkeypatch):
    home_cache = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home_cache))
    (home_cache / "loclint" / "py3langid-1-2").mkdir(parents=True)
    check("docs/nl")
    assert (tree / ".loclint_cache").is_dir()
    result = CliRunner().invoke(main, ["clean"])
    assert result.exit_code == 0 and not (tree / ".loclint_cache").exists()
    assert not (home_cache / "loclint").exists() and home_cache.is_dir()


@needs_corpus()
def test_no_network_connection_is_ever_opened(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("loclint tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.chdir(tmp_path)
    result = check(str(SEED), "-j", "1", "--no-cache")
    assert "4 findings (4 warning) in 1 of 1 file" in result.output.splitlines()


def test_a_linted_page_is_freed_before_the_next(tmp_path):
    """Memory stays flat over a tree: no per-page cache keeps a page (or
    its context, which holds it) alive once it is linted; only the few
    the parser keeps for a page read twice in a row."""
    import gc

    from loclint import config, page
    from loclint.linter import Linter

    for lang, text in (("en", "# Page {}\n\nThe customer&#39;s [!DNL Campaign] page.\n"),
                       ("nl", "# Pagina {}\n\nDe klant&#39;s [!DNL  Campaign] pagina.\n")):
        (tmp_path / lang).mkdir()
        for i in range(10):
            (tmp_path / lang / f"p{i}.md").write_text(text.format(i))
    (tmp_path / ".git").mkdir()
    linter = Linter(config.load(None, tmp_path))
    for i in range(10):
        linted = linter.lint(tmp_path / "nl" / f"p{i}.md")
        assert {f.rule for f in linted.findings} == {"escaped-entity", "token-malformed"}  # with a safe fix each
    del linted
    gc.collect()
    assert len([o for o in gc.get_objects() if isinstance(o, page.Page)]) <= page._PARSED_PAGES


def test_a_page_never_gets_the_facts_of_a_freed_page():
    """Facts are kept by page while it lives: a page made where a freed one
    stood (CPython gives it the same id) works its own out."""
    from loclint import facts

    class Page:  # what per_page needs of a page: a weak reference to it
        def __init__(self, text: str):
            self.text = text

    @facts.per_page
    def length(page: Page) -> int:
        return len(page.text)

    ids = set()
    for n in range(50):
        page = Page("x" * n)
        ids.add(id(page))
        assert length(page) == n
        del page
    assert len(ids) < 50  # the test means something: ids were reused
