"""The page model: positions are those of the file on disk, whatever the
file looks like; a page that cannot be read is a finding, not a crash."""

from __future__ import annotations

import pytest
from conftest import positions


def test_positions_count_front_matter_lines(lint):
    text = "---\ntitle: x\n---\n\nEen scenario&#39;s.\n"
    assert positions(lint(text, "escaped-entity")) == [(5, 13)]


def test_positions_in_crlf_page_with_bom(lint):
    text = b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n# Kop\r\n\r\nAdobe  [!DNL Campaign]  v8\r\n"
    assert positions(lint(text, "token-spacing")) == [(6, 6)]


def test_old_mac_line_endings(lint):
    assert positions(lint(b"# Kop\r\rEen scenario&#39;s.\r", "escaped-entity")) == [(3, 13)]


def test_positions_inside_blockquotes_lists_and_table_cells(lint):
    text = (
        "> Citaat met scenario&#39;s\n"
        "\n"
        "- item\n"
        "  - genest scenario&#39;s\n"
        "\n"
        "| a&#39; | a&#39; |\n"
        "|---|---|\n"
        "| x | y |\n"
    )
    assert positions(lint(text, "escaped-entity")) == [(1, 22), (4, 20), (6, 4), (6, 13)]


def test_positions_in_image_alt_and_multiline_paragraph(lint):
    text = "Eerste regel\n  tweede regel met ![alt&#39;s](x.png) erin\n"
    assert positions(lint(text, "escaped-entity")) == [(2, 25)]


def test_html_comments_are_not_content(lint):
    text = "<!--\n[ ](weg.md) scenario&#39;s [!DNL  x ]\n-->\n\nTekst <!-- [ ](weg.md) --> hier.\n"
    assert lint(text) == []


def test_broken_front_matter_is_a_finding_and_the_body_is_still_checked(lint):
    text = "---\ntitle: [niet gesloten\n---\n\nAdobe  [!DNL Campaign]  v8\n"
    found = lint(text)
    assert [(f.line, f.rule) for f in found] == [(2, "front-matter-invalid"), (5, "token-spacing")]


@pytest.mark.parametrize("yaml_text", ["- a\n- b", "gewoon tekst"])
def test_front_matter_that_is_not_a_mapping(lint, yaml_text):
    found = lint(f"---\n{yaml_text}\n---\n# Kop\n")
    assert [f.rule for f in found] == ["front-matter-invalid"]
    assert "mapping" in found[0].message


def test_unclosed_front_matter(lint):
    found = lint("---\ntitle: x\n\n# Kop\n")
    assert [(f.line, f.rule) for f in found] == [(1, "front-matter-invalid")]


def test_yaml_is_loaded_safely(lint):
    found = lint("---\nx: !!python/object/apply:os.system ['echo pwned']\n---\n# Kop\n")
    assert [f.rule for f in found] == ["front-matter-invalid"]


@pytest.mark.parametrize(
    "data, reason",
    [
        ("Caf\xe9 sc\xe9nario".encode("latin-1"), "not valid UTF-8 (byte 3"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    ],
)
def test_unreadable_bytes_are_one_finding(lint, data, reason):
    found = lint(data)
    assert [(f.line, f.column, f.rule) for f in found] == [(1, 1, "unreadable-page")]
    assert reason in found[0].message


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.mkdir(), "Is a directory"),  # unreadable as a file, even for root
    (lambda p: None, "No such file"),  # vanished between discovery and reading
])
def test_unreadable_or_vanished_file_is_one_finding(tmp_path, make, reason):
    from loclint.config import Config
    from loclint.docs_index import DocsIndex
    from loclint.linter import lint_file

    path = tmp_path / "weg.md"
    make(path)
    found = lint_file(path, Config(), DocsIndex(tmp_path))
    assert [(f.rule, f.line) for f in found] == [("unreadable-page", 1)]
    assert reason in found[0].message


def test_empty_file(lint):
    assert lint(b"") == []


@pytest.mark.parametrize("text", [
    "> " * 10_000 + "scenario&#39;s\n",  # 10,000 nested blockquotes
    "- " * 10_000 + "scenario&#39;s\n",  # 10,000 nested lists
    "Eerst&#39;s.\n\n" + "> " * 10_000 + "diep\n",
])
def test_deep_nesting_is_said_and_does_not_crash(lint, text):
    found = lint(text)
    assert "page-limits" in {f.rule for f in found}
    lines = text.split("\n")
    assert all(f.line <= len(lines) and f.column <= len(lines[f.line - 1]) + 1 for f in found)


def test_a_10_mb_page_is_reported_not_parsed(lint):
    found = lint("Een scenario&#39;s en [ ](x.md).\n" * 330_000)
    assert [(f.line, f.rule) for f in found] == [(1, "page-limits")]
    assert "10.9 MB, over the 2.0 MB limit" in found[0].message


def test_symlink_loop_and_binary_and_empty_pages(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from loclint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "lus.md").symlink_to(tmp_path / "lus.md")  # a link to itself
    (tmp_path / "map").mkdir()
    (tmp_path / "map" / "terug").symlink_to(tmp_path, target_is_directory=True)  # a folder loop
    (tmp_path / "binair.md").write_bytes(bytes(range(256)))
    (tmp_path / "leeg.md").write_bytes(b"")
    (tmp_path / "goed.md").write_text("Adobe  [!DNL Campaign]  v8\n")
    result = CliRunner().invoke(main, ["check", ".", "--no-cache"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(l.startswith("binair.md:1:1: error [unreadable-page] cannot read page: binary file") for l in lines)
    assert any(l.startswith("lus.md:1:1: error [unreadable-page] cannot read page: Too many levels of symbolic links")
               for l in lines)
    assert any(l.startswith("goed.md:1:6: warning [token-spacing]") for l in lines)
    assert "3 findings (2 error, 1 warning) in 3 of 4 files" in lines
