"""A warm run re-lints only the pages whose findings can change (issue 19):
an image that appears re-lints the pages whose links name it and no other,
an edited source page its translations; and each warm run prints what a
cold run prints."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import loclint.run
from loclint.cli import main

EN = {
    "a.md": "# Overview\n\nUse [!DNL Campaign].\n\n![Flow](images/flow.png)\n",
    "b.md": "# Steps\n\nSee [the overview](a.md#overview).\n",
    "c.md": "# Setup\n\n![Screen](images/screen.png)\n",
}
TRANSLATED = {
    "a.md": "# Overzicht\n\nGebruik [!DNL Campaign].\n\n![Stroom](images/flow.png)\n",
    "b.md": "# Stappen\n\nZie [het overzicht](a.md#overzicht).\n",
    "c.md": "# Instellen\n\n![Scherm](images/screen.png)\n",
}
TREES = ("site.nl-NL", "site.de-DE")
COUNT = re.compile(r"^loclint: (\d+) pages: (\d+) linted, (\d+) from the cache$", re.MULTILINE)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """An English tree and two translations of it; every image is missing
    but one, the translations' screen.png."""
    monkeypatch.chdir(tmp_path)
    for rel, text in EN.items():
        write(tmp_path / "site.en" / "help" / rel, text)
    for tree in TREES:
        for rel, text in TRANSLATED.items():
            write(tmp_path / tree / "help" / rel, text)
        write(tmp_path / tree / "help" / "images" / "screen.png", "")
    return tmp_path


def cold(cwd: Path, *paths: str) -> str:
    """A run with no cache, in a process of its own: nothing kept from the
    runs before it."""
    done = subprocess.run([sys.executable, "-m", "loclint", "check", "--fail-on", "never", "--no-cache", "--min-severity", "info", *paths],
                          cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def broken_link(report: str, page: str, line: int) -> bool:
    return any(f.startswith(f"{page}:{line}:") and "[broken-link]" in f for f in report.splitlines())


def warm(monkeypatch, *paths: str) -> tuple[str, list[str]]:
    """(the report, the pages linted rather than read from the cache) of a run
    through the cache; the counter -v prints agrees with the pages linted."""
    linted = []
    real = loclint.run.process

    def spy(job, linter):
        linted.append(job.display)
        return real(job, linter)

    monkeypatch.setattr(loclint.run, "process", spy)
    result = CliRunner().invoke(main, ["check", "--fail-on", "never", "-j", "1", "-v", "--min-severity", "info", *paths],
                                catch_exceptions=False)
    monkeypatch.setattr(loclint.run, "process", real)
    count = COUNT.search(result.stderr)
    assert count, result.stderr
    assert (int(count[2]), int(count[3])) == (len(linted), int(count[1]) - len(linted))
    return result.stdout, sorted(linted)


def test_an_image_no_page_links_to_relints_nothing(site, monkeypatch):
    first, linted = warm(monkeypatch, *TREES)
    assert len(linted) == 6 and first == cold(site, *TREES)
    write(site / "site.nl-NL" / "help" / "images" / "unused.png", "")
    write(site / "site.nl-NL" / "help" / "notes" / "todo.txt", "")  # a folder appears too
    again, linted = warm(monkeypatch, *TREES)
    assert linted == [] and again == first == cold(site, *TREES)


def test_an_image_that_appears_relints_the_pages_linking_to_it_and_clears_their_finding(site, monkeypatch):
    first, _ = warm(monkeypatch, *TREES)
    assert broken_link(first, "site.nl-NL/help/a.md", 5)
    write(site / "site.nl-NL" / "help" / "images" / "flow.png", "")
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.nl-NL/help/a.md"]
    assert not broken_link(after, "site.nl-NL/help/a.md", 5) and broken_link(after, "site.de-DE/help/a.md", 5)
    assert after == cold(site, *TREES)


def test_an_image_that_goes_relints_the_pages_linking_to_it(site, monkeypatch):
    first, _ = warm(monkeypatch, *TREES)
    assert not broken_link(first, "site.de-DE/help/c.md", 3)
    (site / "site.de-DE" / "help" / "images" / "screen.png").unlink()
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.de-DE/help/c.md"]
    assert broken_link(after, "site.de-DE/help/c.md", 3) and after == cold(site, *TREES)


def test_an_image_appearing_in_the_source_tree_relints_the_translations_it_relabels(site, monkeypatch):
    # a.md's missing image is missing in its source page too: inherited.
    first, _ = warm(monkeypatch, *TREES)
    assert "(inherited; source site.en/help/a.md)" in first
    write(site / "site.en" / "help" / "images" / "flow.png", "")
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.de-DE/help/a.md", "site.nl-NL/help/a.md"]
    assert "(introduced; source site.en/help/a.md)" in after and after == cold(site, *TREES)


def test_an_edited_source_page_relints_exactly_its_translations(site, monkeypatch):
    first, _ = warm(monkeypatch, *TREES)
    # Within a block the translation has too: a difference it then shows (a
    # paragraph the English added after the translation would say nothing).
    write(site / "site.en" / "help" / "c.md", EN["c.md"].replace("# Setup", "# Setup {#setup}"))
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.de-DE/help/c.md", "site.nl-NL/help/c.md"]
    assert after != first and after == cold(site, *TREES)


def test_with_the_source_tree_in_the_run_an_edited_source_page_relints_it_too(site, monkeypatch):
    trees = ("site.en", *TREES)
    warm(monkeypatch, *trees)
    write(site / "site.en" / "help" / "a.md", EN["a.md"].replace("# Overview", "# Overview {#intro}"))
    after, linted = warm(monkeypatch, *trees)
    # b.md of every tree links to a.md#overview of its own tree: only the English one reads the edited page.
    assert linted == ["site.de-DE/help/a.md", "site.en/help/a.md", "site.en/help/b.md", "site.nl-NL/help/a.md"]
    assert after == cold(site, *trees)


def test_an_edit_that_keeps_a_linked_pages_anchors_relints_only_that_page(site, monkeypatch):
    first, _ = warm(monkeypatch, *TREES)
    # b.md links to a.md#overzicht: new prose, a comment and a new id-less paragraph leave its anchors as they were.
    write(site / "site.nl-NL" / "help" / "a.md", TRANSLATED["a.md"] + "\nMeer tekst.\n\n<!-- later -->\n")
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.nl-NL/help/a.md"] and after == cold(site, *TREES)


def test_a_renamed_heading_relints_the_pages_linking_to_it_and_shows_their_broken_anchor(site, monkeypatch):
    first, _ = warm(monkeypatch, *TREES)
    assert "[broken-anchor]" not in first
    write(site / "site.nl-NL" / "help" / "a.md", TRANSLATED["a.md"].replace("# Overzicht", "# Samenvatting"))
    after, linted = warm(monkeypatch, *TREES)
    assert linted == ["site.nl-NL/help/a.md", "site.nl-NL/help/b.md"]
    assert ("site.nl-NL/help/b.md:3:5: error [broken-anchor] anchor `#overzicht` matches no heading or id in `help/a.md`"
            " (introduced; source site.en/help/b.md)") in after
    assert after == cold(site, *TREES)


def test_the_counter_counts_the_pages_workers_lint(site):
    # Through the workers (-j 2) and a process of its own, as a user runs it.
    def run() -> tuple[int, int, int]:
        done = subprocess.run([sys.executable, "-m", "loclint", "check", "--fail-on", "never", "-j", "2", "-v", *TREES],
                              cwd=site, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return tuple(map(int, COUNT.search(done.stderr).groups()))

    assert run() == (6, 6, 0)
    write(site / "site.nl-NL" / "help" / "images" / "unused.png", "")
    assert run() == (6, 0, 6)
    write(site / "site.de-DE" / "help" / "b.md", TRANSLATED["b.md"] + "\nMeer.\n")
    assert run() == (6, 1, 5)


@pytest.mark.parametrize("paths", [TREES, ("site.nl-NL/help/a.md", "site.de-DE/help/a.md")])
def test_a_first_run_through_workers_reports_what_one_process_does(site, paths):
    # A first run through the cache starts its workers before it works out
    # the keys; two translations of one page are one group, linted by the
    # parent while the workers wait, and then sent home.
    done = subprocess.run([sys.executable, "-m", "loclint", "check", "--fail-on", "never", "-j", "2", "-v",
                           "--min-severity", "info", *paths], cwd=site, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert COUNT.search(done.stderr).groups() == (str(len(paths) * 3 if paths == TREES else 2),) * 2 + ("0",)
    assert done.stdout == cold(site, *paths) and "[broken-link]" in done.stdout


def test_a_planted_entry_naming_another_root_is_a_miss_and_lists_nothing_there(site, monkeypatch):
    import json

    first, _ = warm(monkeypatch, *TREES)
    for entry in (site / ".loclint_cache").rglob("*.json"):
        data = json.loads(entry.read_text())
        data["links"].append(["/", "etc", "etc"])  # would list the whole disk, and find it
        entry.write_text(json.dumps(data))
    again, linted = warm(monkeypatch, *TREES)
    assert len(linted) == 6 and again == first


@pytest.mark.parametrize("page", ["c.md", "more/names.md"])  # a page edited, a page added
def test_a_name_wrapped_in_dnl_on_another_page_relints_the_pages_it_names(site, monkeypatch, page):
    write(site / "site.en" / "help" / "b.md", EN["b.md"] + "\nOpen Journey Optimizer now.\n")
    write(site / "site.nl-NL" / "help" / "b.md", TRANSLATED["b.md"] + "\nOpen de Reisoptimalisator nu.\n")
    first, _ = warm(monkeypatch, *TREES)
    assert "[protected-name]" not in first
    write(site / "site.en" / "help" / page, EN.get(page, "") + "\nSee [!DNL Journey Optimizer].\n")
    after, linted = warm(monkeypatch, *TREES)
    assert "site.nl-NL/help/b.md" in linted
    assert "site.nl-NL/help/b.md:5:1: warning [protected-name] the protected name `Journey Optimizer`" in after
    assert after == cold(site, *TREES)


def test_a_name_wrapped_once_more_where_it_is_firmly_protected_relints_only_that_page(site, monkeypatch):
    write(site / "site.en" / "help" / "names.md", "[!DNL Campaign] is a product.\n\n" * 12)
    warm(monkeypatch, *TREES)
    write(site / "site.en" / "help" / "names.md", "[!DNL Campaign] is a product.\n\n" * 13)
    after, linted = warm(monkeypatch, *TREES)
    assert linted == [] and after == cold(site, *TREES)
