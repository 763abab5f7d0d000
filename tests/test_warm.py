"""The warm run's memo (speed/warm.py): a page's cache key and each file's
content hash are taken from the last run while what they were made from
is unchanged, and made again exactly when it changed; the cache then
answers as it does without the memo (LOCLINT_NO_SPEEDUPS=1).

A file changed less than a few seconds before it was hashed is hashed
again next run (its stat could hide a second change in the same tick):
the tests' files are all that fresh, so `settled` closes the window to
test the memo's stat path as a user's settled tree takes it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

import test_cache_deps
from loclint.speed import warm as memo_module
from test_alignment import git
from test_cache_deps import COUNT, TREES, TRANSLATED, broken_link, cold, site, warm, write  # noqa: F401 (site: a fixture)


@pytest.fixture(autouse=True)
def settled(monkeypatch):
    """Every test here (but the one of the window) trusts the stats of the files it wrote."""
    monkeypatch.setattr(memo_module, "_RACY_NS", 0)


# Every scenario of test_cache_deps again, with the memo trusting the stats of the files the test wrote.
for _name in dir(test_cache_deps):
    if _name.startswith("test_"):
        globals()[f"test_settled_{_name[5:]}"] = getattr(test_cache_deps, _name)


def memo_file(site):
    return next((site / ".loclint_cache").glob(f"v*/{memo_module.NAME}"))


def test_a_touched_page_is_read_again_and_not_relinted(site, monkeypatch):
    first, _ = warm(monkeypatch, *TREES)
    os.utime(site / "site.nl-NL" / "help" / "a.md")
    again, linted = warm(monkeypatch, *TREES)
    assert linted == [] and again == first


def test_a_page_changed_with_its_size_and_mtime_put_back_is_relinted(site, monkeypatch):
    page = site / "site.nl-NL" / "help" / "b.md"
    first, _ = warm(monkeypatch, *TREES)
    before = page.stat()
    text = TRANSLATED["b.md"].replace("Stappen", "Stapjes")  # as long
    write(page, text)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # the ctime still moves: it cannot be set
    assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.nl-NL/help/b.md"] and after == cold(site, *TREES)


def test_a_file_hashed_just_after_it_changed_is_hashed_again(tmp_path, monkeypatch):
    monkeypatch.setattr(memo_module, "_RACY_NS", 3_000_000_000)
    # The second write may fall in the same clock tick as the first: same
    # size, same mtime and ctime. Only the window tells them apart.
    page = tmp_path / "a.md"
    page.write_text("one\n")
    first = memo_module.Memo(None, "")
    assert first.digest(page) == hashlib.sha256(b"one\n").hexdigest()
    before = page.stat()
    page.write_text("two\n")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = memo_module.Memo(None, "")
    second._files = first._files  # what the first run left
    assert second.digest(page) == hashlib.sha256(b"two\n").hexdigest()


def test_a_damaged_memo_is_a_memo_of_nothing_and_rewritten(site, monkeypatch):
    first, _ = warm(monkeypatch, *TREES)
    for junk in (b"", b"{", b"[]", b'{"salt": 1}', b"\xff\xfe", b'{"files": {"a": [1]}}'):
        memo_file(site).write_bytes(junk)
        again, linted = warm(monkeypatch, *TREES)
        assert linted == [] and again == first
        assert memo_file(site).read_bytes().startswith(b'{"salt": ')


def test_a_memo_written_a_few_entries_at_a_time_is_read_back_whole(site, monkeypatch):
    monkeypatch.setattr(memo_module, "_BATCH", 2)  # every table of the memo in several pieces
    first, _ = warm(monkeypatch, *TREES)
    memo = json.loads(memo_file(site).read_bytes())
    assert len(memo["files"]) > 2 and len(memo["keys"]) > 2
    hashed = []
    real = memo_module.Memo._hash
    monkeypatch.setattr(memo_module.Memo, "_hash", lambda self, name: hashed.append(name) or real(self, name))
    again, linted = warm(monkeypatch, *TREES)
    assert linted == [] and hashed == [] and again == first
    after = json.loads(memo_file(site).read_bytes())
    assert (after["files"], after["keys"], after["names"]) == (memo["files"], memo["keys"], memo["names"])


def test_a_memo_of_another_config_is_not_used(site, monkeypatch):
    def salt() -> str:
        return json.loads(memo_file(site).read_bytes())["salt"]

    warm(monkeypatch, *TREES)
    before = salt()
    (site / ".loclint.toml").write_text("select = ['broken-link']\n", encoding="utf-8")
    after, linted = warm(monkeypatch, *TREES)
    assert salt() != before and len(linted) == 6 and "[broken-link]" in after and "[token-mismatch]" not in after


def test_without_the_speedups_there_is_no_memo(site, monkeypatch):
    monkeypatch.setenv("LOCLINT_NO_SPEEDUPS", "1")
    first, linted = warm(monkeypatch, *TREES)
    assert len(linted) == 6 and not list((site / ".loclint_cache").glob(f"v*/{memo_module.NAME}"))
    again, linted = warm(monkeypatch, *TREES)
    assert linted == [] and again == first


# --- a source tree that is a git checkout --------------------------------------------------

EN = "# Setup\n\nInstall the library with `npm install @adobe/alloy` first.\n"


def translated(commit: str) -> str:
    return (f"---\ntitle: Instellen\nsource-git-commit: {commit}\n---\n"
            "# Instellen\n\nInstalleer de bibliotheek eerst met `npm install @adobe/alloy`.\n")


def run(cwd, *args: str) -> tuple[str, int]:
    """(the report, the pages linted) of a warm run in a process of its own,
    as a user runs it: nothing kept in memory from the runs before."""
    done = subprocess.run([sys.executable, "-m", "loclint", "check", "--fail-on", "never", "-v", "--min-severity",
                           "info", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout, int(COUNT.search(done.stderr)[2])


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """site.en, a git checkout at commit A; site.nl-NL, translated from A."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site.en" / "help" / "setup.md", EN)
    write(tmp_path / "site.en" / "help" / "other.md", "# Other\n")
    git(tmp_path / "site.en", "init", "-q")
    git(tmp_path / "site.en", "add", ".")
    git(tmp_path / "site.en", "commit", "-qm", "A")
    write(tmp_path / "site.nl-NL" / "help" / "setup.md", translated(git(tmp_path / "site.en", "rev-parse", "HEAD")))
    return tmp_path


def test_a_commit_in_the_source_repository_relints_the_pages_read_at_a_commit(checkout):
    first, linted = run(checkout, "site.nl-NL")
    assert linted == 1 and "stale-translation" not in first
    assert run(checkout, "site.nl-NL") == (first, 0)
    # The page changes in a commit, and the working file is put back as it was: only git tells.
    write(checkout / "site.en" / "help" / "setup.md", EN.replace("first", "before anything else"))
    git(checkout / "site.en", "commit", "-qam", "B")
    git(checkout / "site.en", "checkout", "HEAD~1", "--", "help/setup.md")
    after, linted = run(checkout, "site.nl-NL")
    assert linted == 1 and "stale-translation" in after
    assert after == cold(checkout, "site.nl-NL")
    assert run(checkout, "site.nl-NL") == (after, 0)



def test_linked_pages_first_in_their_folder_leave_the_others_keyed_by_their_own(site, monkeypatch):
    # A folder's plain pages share its answers (docs root, pairing, source
    # folder); a page or a source page that is a link is asked on its own,
    # even when it comes first.
    nl, en = site / "site.nl-NL" / "help", site / "site.en" / "help"
    write(site / "elsewhere" / "help" / "0.md", "# Steps\n\nSee [the overview](a.md#overview).\n")
    (site / "elsewhere" / ".git").mkdir()  # a docs root of its own
    (en / "0.md").symlink_to(site / "elsewhere" / "help" / "0.md")
    write(nl / "0.md", TRANSLATED["b.md"])
    (nl / "1.md").symlink_to("c.md")
    first, _ = warm(monkeypatch, *TREES)
    assert first == cold(site, *TREES) and warm(monkeypatch, *TREES) == (first, [])
    write(en / "images" / "flow.png", "")
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.de-DE/help/a.md", "site.nl-NL/help/a.md"]
    assert "(introduced; source site.en/help/a.md)" in after and after == cold(site, *TREES)


def test_the_memo_keeps_the_names_of_contents_a_file_still_has(site, monkeypatch):
    page = site / "site.en" / "help" / "c.md"
    warm(monkeypatch, *TREES)
    for n in range(3):
        write(page, test_cache_deps.EN["c.md"] + f"\nSee [!DNL Journey Optimizer {n}].\n")
        after, _ = warm(monkeypatch, *TREES)
        assert after == cold(site, *TREES)
    memo = json.loads(memo_file(site).read_bytes())
    assert ["Journey Optimizer 2"] in memo["names"].values()
    assert not any("Journey Optimizer 0" in n or "Journey Optimizer 1" in n for n in memo["names"].values())
    assert set(memo["names"]) <= {record[5] for record in memo["files"].values()}





def test_renaming_a_source_page_and_a_folder_relints_the_pages_they_pair(site):
    # Each run in a process of its own: where a docs root is is asked once per process.
    # (A page renamed moves its [!DNL] names to another page: every page's key changes with its tree's names.)
    en = site / "site.en" / "help"
    first, linted = run(site, *TREES)
    assert linted == 6 and "(inherited; source site.en/help/a.md)" in first
    (en / "a.md").rename(en / "e.md")  # a.md's translations lose their source page
    after, _ = run(site, *TREES)
    assert after == cold(site, *TREES) and "source site.en/help/a.md" not in after
    (site / "site.de-DE" / "help").rename(site / "site.de-DE" / "docs")  # no help/: its docs root is the working folder
    moved, linted = run(site, *TREES)
    assert linted == 3 and moved == cold(site, *TREES) and "(looked for site.de-DE/docs/images/" in moved
    (en / "e.md").rename(en / "a.md")
    back, _ = run(site, *TREES)
    assert back == cold(site, *TREES) and "(inherited; source site.en/help/a.md)" in back
    assert run(site, *TREES) == (back, 0)


def test_a_relinted_page_reads_the_anchors_of_the_pages_it_links_into_from_the_memo(site, monkeypatch):
    import loclint.anchors

    first, _ = warm(monkeypatch, *TREES)
    read = []
    real = loclint.anchors.of_text
    monkeypatch.setattr(loclint.anchors, "of_text", lambda text: read.append(text) or real(text))
    write(site / "site.nl-NL" / "help" / "b.md", TRANSLATED["b.md"] + "\nMeer.\n")  # links to a.md#overzicht
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.nl-NL/help/b.md"] and read == []  # a.md and its source page: as the memo has them
    renamed = TRANSLATED["a.md"].replace("# Overzicht", "# Samenvatting")
    write(site / "site.nl-NL" / "help" / "a.md", renamed)
    again, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.nl-NL/help/a.md", "site.nl-NL/help/b.md"] and "[broken-anchor]" in again
    # The new a.md, once; and the English a.md, which b.md's source page links into, read for the first
    # time: only now has b.md a finding to tell inherited or introduced.
    assert sorted(read) == sorted([renamed, test_cache_deps.EN["a.md"]]) and again == cold(site, *TREES)
    read.clear()
    write(site / "site.nl-NL" / "help" / "b.md", TRANSLATED["b.md"] + "\nNog meer.\n")
    last, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.nl-NL/help/b.md"] and read == [] and last == cold(site, *TREES)
