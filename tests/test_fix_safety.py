"""--fix never damages a page: positions of escaped table pipes and tabs,
fixes that would change what a page renders or what its front matter
means, token keywords that are only guessed at, file ownership, symlinks,
read-only files and Ctrl-C."""

from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner

from loclint.cli import main


def run_check(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["check", "--no-cache", "--fail-on", "never", *args])


def findings(tmp_path, monkeypatch, *args):
    result = run_check(tmp_path, monkeypatch, "--format", "json", *args)
    return json.loads(result.output)["findings"]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize("text, expected", [
    # A table cell holding `\|`: the table rule drops the backslash from the
    # cell's content, so every column after it was one short.
    ("| a | b |\n|---|---|\n| x \\| caf&eacute;  [!DNL  A ] | y&#39;s |\n",
     "| a | b |\n|---|---|\n| x \\| café [!DNL A] | y's |\n"),
    ("| a |\n|---|\n| `p \\| q` \\| \\| r&#39;s |\n", "| a |\n|---|\n| `p \\| q` \\| \\| r's |\n"),
    # A list item continued on a tab-indented line: the tab is expanded to
    # spaces in the content, one column off per tab.
    ("- item een\n\tvervolg&#39;s hier\n- twee\n\t\tdiep&#39;s\n",
     "- item een\n\tvervolg's hier\n- twee\n\t\tdiep's\n"),
])
def test_positions_and_fixes_in_escaped_cells_and_after_tabs(tmp_path, monkeypatch, text, expected):
    page = write(tmp_path, "p.md", text)
    lines = text.split("\n")
    for f in findings(tmp_path, monkeypatch, "p.md"):
        for edit in (f["fix"] or {"edits": []})["edits"]:
            at = lines[edit["line"] - 1][edit["column"] - 1 :]
            assert at[:1] in ("&", " ", "["), (f, at)  # each edit starts on what it replaces
        if f["rule"] == "escaped-entity":
            assert lines[f["line"] - 1][f["column"] - 1 :].startswith("&"), f
    run_check(tmp_path, monkeypatch, "p.md", "--fix")
    assert page.read_text(encoding="utf-8") == expected


def rendered(text: str):
    """What a reader gets from a page, independently of loclint's code: the
    body's HTML with every reference decoded, and the front matter's data."""
    import html

    import yaml
    from markdown_it import MarkdownIt

    front, body = {}, text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 3)
        front, body = yaml.safe_load(text[4:end]), text[end + 5 :]
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return html.unescape(html.unescape(md.render(body))), json.loads(html.unescape(json.dumps(front)))


# Each line holds references whose characters, written back, would make it
# something else: a list, a heading, a rule, a link, a blockquote, a YAML
# comment or two list items; or that decode to nothing or to a line end.
CHANGES_MEANING = """---
title: Titel&#32;# met hekje
tags: [een&#44; twee]
description: Caf&eacute; &amp; bar
---

&#45; geen lijst

&#43; geen lijst

&#49;. geen lijst

Kop
&#61;&#61;&#61;

&#45;&#45;&#45;

[tekst]&#40;https://example.com)

&#62; geen citaat

Stuur&#3;teken en&#8;meer

`code&#10;regel` en `a&#13;b`

```
regel&#10;een
```
"""


def test_safe_fixes_never_change_what_the_page_renders_or_its_front_matter(tmp_path, monkeypatch):
    (tmp_path / ".loclint.toml").write_text("[rules.escaped-entity]\nallowed = []\n")
    page = write(tmp_path, "p.md", CHANGES_MEANING + "\nscenario&#39;s &amp; meer\n")
    assert run_check(tmp_path, monkeypatch, "p.md", "--fix").exit_code == 0
    fixed = page.read_text(encoding="utf-8")
    before, after = CHANGES_MEANING.split("\n"), fixed.split("\n")
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    # What was fixed: the description and the last line; the rest, at most a
    # part of a run of references (`==&#61;` still reads as `===`).
    assert ("description: Caf&eacute; &amp; bar", "description: Café & bar") in changed
    assert fixed.endswith("\nscenario's & meer\n")
    assert rendered(fixed) == rendered(page.read_text(encoding="utf-8")) == rendered(CHANGES_MEANING + "\nscenario's & meer\n")
    assert len(after) == len(before) + 2  # no line end written
    # A plain run offers no safe fix that --fix would not apply.
    left = findings(tmp_path, monkeypatch, "p.md")
    assert [f for f in left if f.get("fix") and not f["fix"]["unsafe"]] == []


def test_unsafe_fixes_never_write_a_line_end_or_delete_a_character(tmp_path, monkeypatch):
    page = write(tmp_path, "p.md", "Stuur&#3;teken.\n\n`code&#10;regel` en `a&#13;b`\n\n```\nx&#10;y\n```\n")
    run_check(tmp_path, monkeypatch, "p.md", "--fix", "--unsafe-fixes")
    assert page.read_text(encoding="utf-8") == "Stuur&#3;teken.\n\n`code&#10;regel` en `a&#13;b`\n\n```\nx&#10;y\n```\n"
    assert all(f.get("fix") is None for f in findings(tmp_path, monkeypatch, "p.md"))


def test_a_misspelled_keyword_is_fixed_only_when_the_source_page_has_the_token(tmp_path, monkeypatch):
    write(tmp_path, "en/p.md", "Set [!DNL Campaign] and [!UICONTROL Save].\n")
    page = write(tmp_path, "nl/p.md", "Zet [!DNS Campaign], [!DNS server], [!dnl Campaign] en [!UICONTORL Opslaan].\n")
    report = findings(tmp_path, monkeypatch, "nl")
    fixable = {f["column"] for f in report if f["rule"] == "token-malformed" and f.get("fix")}
    assert {f["column"] for f in report if f["rule"] == "token-malformed"} == {5, 22, 37, 56}
    assert fixable == {5, 37}  # the source has [!DNL Campaign]; a case is no guess
    run_check(tmp_path, monkeypatch, "nl", "--fix")
    assert page.read_text() == "Zet [!DNL Campaign], [!DNS server], [!DNL Campaign] en [!UICONTORL Opslaan].\n"


PAGE = "Deze scenario&#39;s\n"
FIXED = "Deze scenario's\n"


def fix_in(tmp_path, monkeypatch, *paths):
    (tmp_path / ".git").mkdir(exist_ok=True)  # the docs root
    return run_check(tmp_path, monkeypatch, *paths, "--fix")


def test_fix_writes_through_a_link_inside_the_docs_root_and_refuses_one_outside(tmp_path, monkeypatch):
    docs, outside = tmp_path / "docs", tmp_path / "elders"
    target = write(docs, "echt/p.md", PAGE)
    foreign = write(outside, "vreemd.md", PAGE)
    (docs / "link.md").symlink_to(target)
    (docs / "uit.md").symlink_to(foreign)
    result = fix_in(docs, monkeypatch, "link.md", "uit.md")
    assert (docs / "link.md").is_symlink() and (docs / "uit.md").is_symlink()
    assert target.read_text() == FIXED
    assert foreign.read_text() == PAGE
    # A link out of the docs root is not even read: reported, never written through.
    assert "vreemd.md:1:1: error [unreadable-page] cannot read page: symlink out of the docs root" in result.output


def test_fix_leaves_a_read_only_page_alone(tmp_path, monkeypatch):
    page = write(tmp_path, "p.md", PAGE)
    page.chmod(0o444)
    result = fix_in(tmp_path, monkeypatch, "p.md")
    assert page.read_text() == PAGE and stat.S_IMODE(page.stat().st_mode) == 0o444
    assert result.exit_code == 2 and "p.md: read-only; not rewritten" in result.output


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_fix_as_root_keeps_owner_group_and_mode(tmp_path, monkeypatch):
    page = write(tmp_path, "p.md", PAGE)
    os.chown(page, 4321, 8765)
    page.chmod(0o2664)
    assert fix_in(tmp_path, monkeypatch, "p.md").exit_code == 0
    info = page.stat()
    assert page.read_text() == FIXED
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 8765, 0o2664)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "p.md"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_fix_exits_130_and_leaves_no_temporary_file(tmp_path, jobs):
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    docs = tmp_path / "docs"
    (docs / ".git").mkdir(parents=True)
    text = "# Kop\n\n" + "Deze scenario&#39;s en [!DNL  Campaign ] hier.\n\n" * 400
    for i in range(300):
        write(docs, f"d{i % 10}/p{i}.md", text)
    loclint = Path(sys.executable).with_name("loclint")
    proc = subprocess.Popen([str(loclint), "check", ".", "--fix", "--no-cache", "-q", "-j", jobs],
                            cwd=docs, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any("&#39;" not in p.read_text() for p in docs.glob("d0/*.md")):
        time.sleep(0.02)  # until the first pages are written
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert [p for p in docs.rglob("*") if p.is_file() and not p.name.endswith(".md")] == []
    for page in docs.rglob("*.md"):  # each page as it was or wholly fixed
        assert page.read_text() in (text, text.replace("&#39;", "'").replace("[!DNL  Campaign ]", "[!DNL Campaign]"))


def test_references_in_link_text_and_image_alt_text_are_fixed(tmp_path, monkeypatch):
    page = write(tmp_path, "p.md", "![de video&#39;s &quot;x&quot;](v.png) en [a &amp; b&#39;s](c.md)\n")
    run_check(tmp_path, monkeypatch, "p.md", "--fix")
    assert page.read_text() == "![de video's \"x\"](v.png) en [a & b's](c.md)\n"


def test_a_reference_the_source_code_has_too_gets_no_fix(tmp_path, monkeypatch):
    write(tmp_path, "en/p.md", "Use `AT&T&nbsp;Park`.\n\n```xml\n<c>Watches &amp; Sport</c>\n```\n")
    page = write(tmp_path, "nl/p.md", "Gebruik `AT&T&nbsp;Park` en `a &amp; b`.\n\n```xml\n<c>Watches &amp; Sport</c>\n```\n")
    report = findings(tmp_path, monkeypatch, "nl")
    assert [(f["line"], f["column"], bool(f.get("fix"))) for f in report if f["rule"] == "escaped-entity"] == [
        (1, 14, False), (1, 32, True), (4, 12, False)]
    run_check(tmp_path, monkeypatch, "nl", "--fix", "--unsafe-fixes")
    assert page.read_text() == "Gebruik `AT&T&nbsp;Park` en `a & b`.\n\n```xml\n<c>Watches &amp; Sport</c>\n```\n"


def test_the_fixer_itself_refuses_a_fix_that_changes_the_rendering():
    """Whatever a rule offers: the fixer renders before and after each round."""
    from loclint.finding import Edit, Finding, Fix
    from loclint.fix import fix_text

    def lint(text):
        found = []
        if text.startswith("&#45;"):  # writing it makes a list
            found.append(Finding("p.md", 1, 1, "escaped-entity", "dash", "warning", fix=Fix((Edit(1, 1, 5, "-"),))))
        if "&#39;" in text:
            found.append(Finding("p.md", 1, 12, "escaped-entity", "quote", "warning", fix=Fix((Edit(1, 12, 5, "'"),))))
        if "x  \n" in text:  # trimming the spaces drops a line break
            found.append(Finding("p.md", 2, 2, "token-spacing", "spaces", "warning", fix=Fix((Edit(2, 2, 2, ""),))))
        return found

    result = fix_text("&#45; lijst&#39;s\nx  \ny\n", lint)
    assert result.fixed == "&#45; lijst's\nx  \ny\n"
    assert sorted(f.message for f in result.findings) == ["dash", "spaces"]


@pytest.mark.slow
def test_checking_fixes_stays_linear_on_a_page_of_fixes_that_change_it(tmp_path):
    """Each check renders the whole page: a page of thousands of list-making
    references gets a bounded number of renders, not one per reference."""
    import time

    from conftest import lint_text

    def seconds(n: int) -> float:
        text = "".join(f"&#45; punt&#39;s {i}\n\n" for i in range(n))
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            found = lint_text(tmp_path, text, "escaped-entity", name=f"p{n}.md")
            best = min(best, time.perf_counter() - start)
        assert len(found) == 2 * n and not any(f.fix and f.column == 1 for f in found)
        return best

    seconds(10)  # warm up the parser
    assert seconds(1500) / seconds(150) < 20


def test_fix_rewrites_a_hard_linked_page_in_place_for_every_name(tmp_path, monkeypatch):
    page = write(tmp_path, "p.md", PAGE)
    page.chmod(0o640)
    other = tmp_path / "kopie.md"
    os.link(page, other)
    assert fix_in(tmp_path, monkeypatch, "p.md").exit_code == 0
    assert page.read_text() == FIXED and other.read_text() == FIXED
    assert os.path.samefile(page, other) and stat.S_IMODE(page.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "kopie.md", "p.md"]
