"""--fix never damages a page: positions of escaped table pipes and tabs,
fixes that would change what a page renders or what its front matter
means, token keywords that are only guessed at, file ownership, symlinks,
read-only files and Ctrl-C."""

from __future__ import annotations

import json

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
