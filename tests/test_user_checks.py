"""source-pattern: the checks a team writes in its config, run on the
aligned blocks of a page and its source. A rule-page example cannot carry a
config, so the examples of rules/source-pattern.md run here, with the config
the page shows."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time

import pytest
from click.testing import CliRunner
from conftest import CORPUS, PROJECT, needs_corpus

from loclint.cli import main

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": "2026-01-02T00:00:00",
           "GIT_COMMITTER_DATE": "2026-01-02T00:00:00"}
TICKETS = """\
[[tool.loclint.rules.source-pattern.checks]]
name = "ticket-id"
source = '\\b([A-Z]{2,10}-\\d+)\\b'
target = '\\b\\1\\b'
"""


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


def pair(tmp_path, config: str, english: str, dutch: str, history: bool = True):
    """pyproject.toml with `config`, site.en/a.md (a git checkout unless not
    `history`) and site.nl-NL/a.md translated from its commit; the lines
    the Dutch page's front matter adds."""
    (tmp_path / "pyproject.toml").write_text(config)
    en = tmp_path / "site.en"
    en.mkdir()
    (en / "a.md").write_text(english)
    git(en, "init", "-q")
    git(en, "add", ".")
    git(en, "commit", "-qm", "first")
    commit = git(en, "rev-parse", "HEAD")
    if not history:
        shutil.rmtree(en / ".git")
    (tmp_path / "site.nl-NL").mkdir()
    (tmp_path / "site.nl-NL" / "a.md").write_text(f"---\nsource-git-commit: {commit}\n---\n{dutch}")
    return 3


def run(*args):
    return CliRunner().invoke(main, ["check", "site.nl-NL", "--select", "source-pattern", "--no-cache",
                                     "--jobs", "1", *args])


def findings():
    result = run("--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [(f["line"], f["column"], f["severity"], f["message"]) for f in json.loads(result.output)["findings"]]


@pytest.fixture(autouse=True)
def _here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


# --- the rule page's examples ------------------------------------------------------------


def _page_fences() -> dict[str, tuple[str, str]]:
    """info string's first words -> (rest of the info string, body) of the
    fences of rules/source-pattern.md."""
    text = (PROJECT / "rules" / "source-pattern.md").read_text(encoding="utf-8")
    return {m.group(1): (m.group(2).strip(), m.group(3))
            for m in re.finditer(r"^```((?:markdown )?[\w-]+)([^\n]*)\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)}


def test_the_rule_page_examples_with_the_config_it_shows(tmp_path):
    fences = _page_fences()
    added = pair(tmp_path, fences["toml"][1], fences["markdown english"][1], fences["markdown dutch-bad"][1])
    expected = [tuple(int(n) for n in spec.split(":")) for spec in fences["markdown dutch-bad"][0].split()]
    found = findings()
    assert [(line - added, column) for line, column, _, _ in found] == expected
    # The messages the page quotes, at the example's own lines.
    assert [f"{line - added}:{column} {message}" for line, column, _, message in found] == \
        fences["text"][1].splitlines()
    (tmp_path / "site.nl-NL" / "a.md").write_text(
        (tmp_path / "site.nl-NL" / "a.md").read_text().split("---\n")[1].join(["---\n", "---\n"])
        + fences["markdown dutch-good"][1])
    assert findings() == []


# --- what a check finds ------------------------------------------------------------------


def test_each_distinct_match_once_at_the_target_block_with_the_check_s_name(tmp_path):
    pair(tmp_path, TICKETS, "# Notes\n\nFixed PLAT-1 and PLAT-2, then PLAT-2 again. See OPS-9.\n\n| a | OPS-10 |\n|---|---|\n",
         "# Notities\n\nPLAT-1 opgelost, daarna PLAT 2.\nZie OPS-9.\n\n| a | OPS 10 |\n|---|---|\n")
    assert findings() == [
        (6, 1, "error", "ticket-id: `PLAT-2` of the source's paragraph at line 3 (\"Fixed PLAT-1 and PLAT-2, then PLAT-2 "
         "again. See OPS-9.\") has no match of `\\bPLAT\\-2\\b` here"),
        (9, 1, "error", "ticket-id: `OPS-10` of the source's table row at line 5 (\"a | OPS-10\") has no match of "
         "`\\bOPS\\-10\\b` here")]


def test_a_match_is_sought_in_the_aligned_block_not_elsewhere_on_the_page(tmp_path):
    # --force stands in the next paragraph of the translation: its own block lacks it.
    config = "[[tool.loclint.rules.source-pattern.checks]]\nname = 'flag'\nsource = '--(\\w+)'\ntarget = '--\\1'\n"
    pair(tmp_path, config, "# Notes\n\nUse the flag --force.\n\nThen more.\n\nAnd the end.\n",
         "# Notities\n\nGebruik de vlag.\n\nDaarna meer, --force.\n\nEn het einde.\n")
    assert [f[:2] for f in findings()] == [(6, 1)]


def test_named_groups_the_whole_match_and_a_literal_backslash(tmp_path):
    config = """\
[[tool.loclint.rules.source-pattern.checks]]
name = "date"
source = '(?P<y>\\d{4})-(?P<m>\\d\\d)-(?P<d>\\d\\d)'
target = '\\g<d>-\\g<m>-\\g<y>|\\g<0>'
message = "the date {match} is written otherwise"

[[tool.loclint.rules.source-pattern.checks]]
name = "path"
source = 'C:\\\\(\\w+)'
target = 'C:\\\\\\1'
"""
    pair(tmp_path, config, "Released 2025-03-01, fixed 2025-04-02, due 2025-05-03. Open C:\\Temp or C:\\Data.\n",
         "Uitgebracht 01-03-2025, opgelost 2025-04-02, verwacht 3 mei 2025. Open C:\\Temp of D:\\Data.\n")
    assert [f[3] for f in findings()] == [
        "date: the date 2025-05-03 is written otherwise (the source's paragraph at line 1 (\"Released 2025-03-01, "
        "fixed 2025-04-02, due 2025-05-03. Open…\"))",
        "path: `C:\\Data` of the source's paragraph at line 1 (\"Released 2025-03-01, fixed 2025-04-02, due "
        "2025-05-03. Open…\") has no match of `C:\\\\Data` here"]


def test_code_blocks_empty_matches_and_unpaired_blocks_ask_for_nothing(tmp_path):
    config = TICKETS + """
[[tool.loclint.rules.source-pattern.checks]]
name = "empty"
source = 'x*'
target = 'never-there'
"""
    pair(tmp_path, config, "# Notes\n\n```\nPLAT-1\n```\n\nA paragraph the translation dropped: PLAT-2.\n",
         "# Notities\n\n```\nPLAT 1\n```\n")
    assert findings() == []


def test_with_todays_english_a_difference_between_agreeing_blocks_is_an_uncertain_warning(tmp_path):
    pair(tmp_path, TICKETS, "# Notes {#notes}\n\nFixed PLAT-1 with `x`.\n\n## End {#end}\n",
         "# Notities {#notes}\n\nPLAT 1 opgelost met `x`.\n\n## Einde {#end}\n", history=False)
    assert findings() == [(6, 1, "warning", "ticket-id: `PLAT-1` of the source's paragraph at line 3 (\"Fixed PLAT-1 "
                           "with `x`.\") has no match of `\\bPLAT\\-1\\b` here (uncertain: compared with the source as "
                           "it is now, not as it was when this page was translated)")]


def test_without_checks_or_without_a_source_nothing_is_found(tmp_path):
    pair(tmp_path, "[tool.loclint]\n", "Fixed PLAT-1.\n", "Opgelost.\n")
    assert findings() == []
    shutil.rmtree(tmp_path / "site.en")
    (tmp_path / "pyproject.toml").write_text(TICKETS)
    assert findings() == []


def test_a_block_s_first_100_distinct_matches_are_checked(tmp_path):
    ids = " ".join(f"PLAT-{n}" for n in range(150))
    pair(tmp_path, TICKETS, f"Fixed {ids}.\n", "Alles opgelost.\n")
    found = findings()
    assert sorted(f[3].split("`")[1] for f in found) == sorted(f"PLAT-{n}" for n in range(100))


def test_a_pattern_that_backtracks_in_python_stays_fast(tmp_path):
    config = """\
[[tool.loclint.rules.source-pattern.checks]]
name = "hostile"
source = '(a+)+$'
target = '(\\1)+b'
"""
    text = "a" * 200_000 + "b\n"
    pair(tmp_path, config, text, text)
    start = time.perf_counter()
    assert findings() == []
    assert time.perf_counter() - start < 30  # Python's re would take longer than the universe has


# --- a bad config is exit 2, naming the key ---------------------------------------------------


@pytest.mark.parametrize("check, error", [
    ('name = "x"\nsource = "(a"\ntarget = "b"',
     "rules.source-pattern.checks[0].source: bad pattern '(a': missing ): (a"),
    ('name = "x"\nsource = "(a)"\ntarget = \'\\2\'',
     "rules.source-pattern.checks[0].target: '\\\\2' names group 2, which '(a)' does not have"),
    ('name = "x"\nsource = "(?P<t>a)"\ntarget = \'\\g<u>\'',
     "rules.source-pattern.checks[0].target: '\\\\g<u>' names group u, which '(?P<t>a)' does not have"),
    ('name = "x"\nsource = "(a)"\ntarget = \'(\\1\'',
     "rules.source-pattern.checks[0].target: '(\\\\1' with its groups filled in: bad pattern '(x': missing ): (x"),
    ('name = "x"\nsource = "a"\ntraget = "b"',
     "rules.source-pattern.checks[0].traget: unknown key (known: name, source, target, message)"),
    ('name = "x"\nsource = "a"', "rules.source-pattern.checks[0].target: missing"),
    ('name = "x"\nsource = "a"\ntarget = 1', "rules.source-pattern.checks[0].target: expected a non-empty string, got 1"),
    ('name = "x"\nsource = "a"\ntarget = "b"\n\n[[tool.loclint.rules.source-pattern.checks]]\nname = "x"\n'
     'source = "c"\ntarget = "d"', "rules.source-pattern.checks[1].name: 'x' names two checks"),
])
def test_a_bad_check_is_a_config_error_naming_its_key(tmp_path, check, error):
    pair(tmp_path, f"[[tool.loclint.rules.source-pattern.checks]]\n{check}\n", "a\n", "a\n")
    result = run()
    assert result.exit_code == 2
    assert error in result.output, result.output


def test_checks_must_be_a_list_of_tables(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.loclint.rules.source-pattern]\nchecks = ["x"]\n')
    (tmp_path / "site.nl-NL").mkdir()
    result = run()
    assert result.exit_code == 2
    assert "rules.source-pattern.checks[0]: expected a table with name, source and target" in result.output


def test_a_target_too_large_for_re2_once_filled_in_is_passed_over(tmp_path):
    config = """\
[[tool.loclint.rules.source-pattern.checks]]
name = "huge"
source = '(.+)'
target = '\\1\\1\\1\\1\\1\\1\\1\\1\\1\\1\\1\\1\\1\\1\\1\\1'
"""
    pair(tmp_path, config, "x" * 50_000 + "\n", "y\n")
    assert findings() == []


# --- on real pages -------------------------------------------------------------------------


@pytest.mark.slow
@needs_corpus()
def test_ticket_ids_machine_translation_mangled_in_the_target_release_notes(tmp_path):
    page = "help/main/r-release-notes/release-notes-for-previous-releases.md"
    for tree in ("target.nl-NL", "target.en"):
        (tmp_path / tree / page).parent.mkdir(parents=True)
        shutil.copyfile(CORPUS / tree / page, tmp_path / tree / page)
    (tmp_path / "pyproject.toml").write_text(TICKETS)
    result = CliRunner().invoke(main, ["check", "target.nl-NL", "--select", "source-pattern", "--no-cache",
                                       "--jobs", "1", "--format", "json"])
    found = [(f["line"], f["message"].split("`")[1]) for f in json.loads(result.output)["findings"]]
    # Each read by hand: a digit dropped (TGT-5225 stands there) or KB lower-cased (kB-2179).
    assert found == [(304, "TGT-53330"), (883, "TGT-52225"), (978, "KB-2215"), (990, "TGT-52225"), (1123, "TGT-52228"),
                     (1231, "TGT-52226"), (1255, "TGT-52227"), (1547, "KB-2179"), (2923, "TGT-23338"),
                     (3457, "TGT-22085"), (3723, "TGT-25557"), (3899, "KB-1517"), (3922, "KB-1526"),
                     (4156, "TGT-22000")]
