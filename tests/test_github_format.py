"""`--format github` as a workflow step sees it: annotations parsed back,
errors first, as many of each kind as GitHub shows and a line for the rest,
and the Markdown job summary appended to $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from loclint.cli import main

ANNOTATION = re.compile(r"::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+)(?:,endColumn=\d+)?,"
                        r"title=([^:]+)::(.+)")

EN = ("# Overview\n\n"
      "Open [the settings](kop.md) and pick a colour.\n\n"
      "![Diagram](images/gone.svg)\n\n"
      + "".join(f"See [step {i}](kop.md) and [!DNL Campaign] v{i}.\n\n" for i in range(12)))
NL = ("# Overzicht\n\n"
      "Open [ ](kop.md) en kies een <script>alert(1)</script> | kleur.\n\n"
      "![Diagram](images/gone.svg)\n\n"
      + "".join(f"Zie [ ](kop.md) en  [!DNL Campaign]  v{i}.\n\n" for i in range(12)))


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for tree, text in (("site.en", EN), ("site.nl-NL", NL)):
        (tmp_path / tree / "help").mkdir(parents=True)
        (tmp_path / tree / "help" / "overview.md").write_text(text, encoding="utf-8")
        (tmp_path / tree / "help" / "kop.md").write_text("# Kop\n", encoding="utf-8")
    return tmp_path


def github(*args, summary=None, monkeypatch=None):
    if summary is None:
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    else:
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(main, ["check", "site.nl-NL", "--no-cache", "--format", "github", *args],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output.splitlines()


def test_errors_first_as_many_as_github_shows_then_how_many_more(site, monkeypatch):
    lines = github(monkeypatch=monkeypatch)
    parsed = [ANNOTATION.fullmatch(line) for line in lines[:-1]]
    assert all(parsed), lines
    kinds = [m.group(1) for m in parsed]
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)  # errors, then warnings, then notices
    assert kinds.count("error") == 10 and kinds.count("warning") == 10
    # 13 empty links, 12 padded tokens: the rest counted in one plain line (no workflow command).
    assert lines[-1] == ("loclint: 5 more findings not annotated (3 errors, 2 warnings): GitHub shows 10 of each "
                         "kind per step; `loclint check` lists every one")
    first = parsed[0]
    assert first.group(2, 3, 4, 5) == ("site.nl-NL/help/overview.md", "3", "6", "empty-link-text (introduced)")


def test_no_cap_line_when_everything_is_shown(site, monkeypatch):
    lines = github("--select", "broken-link", monkeypatch=monkeypatch)
    assert [ANNOTATION.fullmatch(line).group(1, 5) for line in lines] == [("notice", "broken-link (inherited)")]


def test_job_summary_is_appended_with_tables_and_the_english_beside(site, monkeypatch):
    summary = site / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    lines = github(summary=summary, monkeypatch=monkeypatch)
    assert lines[-1].endswith("the job summary counts them all; `loclint check` lists every one")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n## loclint: 26 findings in 1 of 2 pages\n")  # appended, not replaced
    rows = {line.split(" | ")[0].strip("| `"): line for line in text.splitlines() if line.startswith("| ")}
    assert rows["empty-link-text"] == "| `empty-link-text` | 13 | 0 | 0 | 13 | 0 | 0 |"
    assert rows["token-spacing"] == "| `token-spacing` | 0 | 12 | 0 | 12 | 0 | 12 |"
    assert rows["broken-link"] == "| `broken-link` | 0 | 0 | 1 | 0 | 1 | 0 |"
    assert rows["site.nl-NL/help/overview.md"] == "| ` site.nl-NL/help/overview.md ` | 13 | 12 | 1 | 25 | 1 | 12 |"
    assert "### Introduced errors, the English beside the translation" in text
    # The English line beside the Dutch one, each a code span: the page's
    # HTML and table bars are text, not markup.
    first_error = rows["site.nl-NL/help/overview.md:3"]
    assert ("| ` Open [the settings](kop.md) and pick a colour. ` "
            "| ` Open [ ](kop.md) en kies een <script>alert(1)</script> \\| kleur. ` |") in first_error


def test_an_unwritable_summary_is_said_in_the_log(site, monkeypatch):
    lines = github(summary=site / "no" / "such" / "folder.md", monkeypatch=monkeypatch)
    assert lines[0].startswith("loclint: cannot write the job summary to ")
    assert ANNOTATION.fullmatch(lines[1])


def test_who_must_act_on_a_finding():
    from loclint.finding import Finding
    from loclint.summary import actor

    made = Finding("nl/a.md", 1, 1, "code-mismatch", "m", source="en/a.md")  # a difference from the source
    assert actor(made) == "introduced"
    assert actor(Finding("nl/a.md", 1, 1, "broken-link", "m", origin="inherited", source="en/a.md")) == "inherited"
    assert actor(Finding("a.md", 1, 1, "broken-link", "m")) == "unpaired"  # no source page: no one can tell
