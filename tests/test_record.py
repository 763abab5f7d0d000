"""The record of a run: the same command over unchanged files gives back the
last report, byte for byte, without linting; anything that could change the
report makes it lint again."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import PROJECT, SEED, needs_corpus
from test_pairing import git

from loclint import record
from loclint.cli import main

COMMAND = ["check", "docs/nl", "-j", "1"]


@pytest.fixture
def user_cache(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def recorded(tree, user_cache, monkeypatch):
    """`tree` after COMMAND left its record: the first run makes the cache
    folder in the tree, the second one records. Files written just before a
    run count as unchanged here; see
    test_a_run_racing_its_files_leaves_no_record. (Whether the first run
    records is not asked: with no racy window at all, a folder made during
    the run may carry a time from the file system's coarser clock that is
    earlier than the run's start. The real two-second window covers that.)"""
    monkeypatch.setattr(record, "RACY_NS", 0)
    run_cli(COMMAND)
    result = run_cli(COMMAND)
    assert list((tree / ".loclint_cache" / "runs").glob("*.json")), "no record written"
    return result


def run_cli(args):
    """The CLI as the `loclint` command calls it (with its command line)."""
    return CliRunner().invoke(main, args, obj=list(args))


def test_an_unchanged_tree_is_answered_from_the_record(recorded, capsys):
    assert "[broken-link]" in recorded.output and recorded.exit_code == 1
    assert record.replay(COMMAND) == recorded.exit_code
    assert capsys.readouterr().out == recorded.output


def test_notes_on_stderr_are_given_back_too(tree, user_cache, monkeypatch, capsys):
    monkeypatch.setattr(record, "RACY_NS", 0)
    command = [*COMMAND, "--verbose"]
    for _ in range(2):
        verbose = run_cli(command)
    assert "loclint: docs/nl/b.md: its source page" in verbose.stderr
    assert record.replay(command) == verbose.exit_code
    assert capsys.readouterr() == (verbose.stdout, verbose.stderr)


def test_another_command_line_has_no_record(recorded, capsys):
    assert record.replay([*COMMAND, "--format", "json"]) is None
    assert record.replay(["check", "docs/nl"]) is None
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("change", [
    pytest.param(lambda t: (t / "docs/nl/a.md").write_text("# Overzicht\n\nGebruik Campaign.\n"), id="the page"),
    pytest.param(lambda t: (t / "docs/en/a.md").write_text("# Overview\n\nUse [!DNL Target].\n"), id="its source"),
    pytest.param(lambda t: (t / "docs/nl/c.md").write_text("# C\n"), id="a file appears under the root"),
    pytest.param(lambda t: (t / "docs/nl/a.md").unlink(), id="a page goes"),
    pytest.param(lambda t: (t / "docs/nl/new").mkdir(), id="a folder appears"),
    pytest.param(lambda t: (t / ".loclint.toml").write_text("[tool.loclint]\n"), id="a config appears"),
    pytest.param(lambda t: (t / "docs/help").mkdir(), id="a help folder appears upward"),
    pytest.param(lambda t: (t / "docs/en").rename(t / "docs/en-US"), id="the source tree moves"),
    pytest.param(lambda t: CliRunner().invoke(main, ["clean"]), id="loclint clean"),
])
def test_any_change_makes_it_lint_again(recorded, tree, change, capsys):
    change(tree)
    assert record.replay(COMMAND) is None
    assert capsys.readouterr() == ("", "")


def test_a_config_appearing_upward_makes_it_lint_again(recorded, tree, capsys):
    config = tree.parent / ".loclint.toml"  # outside the docs tree, found from the working folder
    config.write_text("")
    try:
        assert record.replay(COMMAND) is None
    finally:
        config.unlink()


def test_a_commit_makes_it_lint_again(tree, user_cache, monkeypatch, capsys):
    # Which commits exist and where HEAD is decide how a page with a
    # source-git-commit is compared: git's objects and refs are inputs.
    monkeypatch.setattr(record, "RACY_NS", 0)
    (tree / ".git").rmdir()
    git(tree, "init", "-q")
    git(tree, "add", ".")
    git(tree, "commit", "-qm", "first")
    for _ in range(2):
        first = run_cli(COMMAND)
    assert record.replay(COMMAND) == first.exit_code
    capsys.readouterr()
    git(tree, "status")  # reading the state of a checkout is no change
    assert record.replay(COMMAND) == first.exit_code
    capsys.readouterr()
    git(tree, "commit", "-q", "--allow-empty", "-m", "second")
    assert record.replay(COMMAND) is None
    assert capsys.readouterr() == ("", "")


def test_the_next_run_says_what_changed(recorded, tree):
    (tree / "docs/nl/c.md").write_text("# C\n")
    again = run_cli(COMMAND)
    assert "[broken-link]" not in again.output and again.output != recorded.output


@pytest.mark.parametrize("options", [["--no-cache"], ["--fix"], ["--diff"], ["--output", "report.txt"]])
def test_runs_that_write_or_skip_the_cache_leave_no_record(tree, user_cache, monkeypatch, options):
    monkeypatch.setattr(record, "RACY_NS", 0)
    for _ in range(2):
        run_cli([*COMMAND, *options])
    assert not (user_cache / "loclint" / "runs").exists()


def test_only_the_newest_records_are_kept(tree, user_cache, monkeypatch, capsys):
    monkeypatch.setattr(record, "RACY_NS", 0)
    monkeypatch.setattr(record, "KEEP", 3)
    run_cli(COMMAND)  # makes the cache folder in the tree: no record yet
    commands = [[*COMMAND, "--select", rule] for rule in ("broken-link", "token-mismatch", "broken-anchor",
                                                           "escaped-entity", "mt-spacing")]
    for command in commands:
        run_cli(command)
    assert len(list((tree / ".loclint_cache" / "runs").iterdir())) == 3
    assert len(list((user_cache / "loclint" / "runs").iterdir())) == 3
    assert record.replay(commands[0]) is None and record.replay(commands[-1]) is not None


def test_a_run_racing_its_files_leaves_no_record(tree, user_cache, capsys):
    # The pages were written a moment ago: they could have changed while the
    # run read them, and a second write in the same clock tick would leave
    # their times as the record saw them.
    for _ in range(2):
        run_cli(COMMAND)
    assert record.replay(COMMAND) is None
    assert not (tree / ".loclint_cache" / "runs").exists()


@needs_corpus()
@pytest.mark.slow
def test_the_loclint_command_replays_without_importing_the_linter(tmp_path):
    # Its first run leaves a record, unless the corpus is fresher than two seconds.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    command = [sys.executable, "-X", "importtime", "-m", "loclint", "check", str(SEED), "--cache-dir",
               str(tmp_path / "cache")]
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=PROJECT)
    if not (tmp_path / "cache" / "runs").exists():  # the corpus was copied a moment ago
        time.sleep(record.RACY_NS / 1e9)
        first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=PROJECT)
    second = subprocess.run(command, capture_output=True, text=True, env=env, cwd=PROJECT)
    assert first.returncode == second.returncode == 0
    assert second.stdout == first.stdout and first.stdout.endswith("4 findings (4 warning) in 1 of 1 file\n")
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")}
    assert "loclint.record" in imported and "loclint.cli" in {
        line.split("|")[-1].strip() for line in first.stderr.splitlines() if line.startswith("import time:")}
    assert not {"click", "loclint.cli", "loclint.rules", "markdown_it"} & imported
