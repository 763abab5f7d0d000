"""`loclint check` as a person meets it on a terminal: the closing summary,
what is shown (--min-severity, --statistics, grouping), colour, --verbose,
bad options and Ctrl-C. Exact lines, through the command line."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, needs_corpus

from loclint.cli import main
from loclint.run import default_jobs

LOCLINT = Path(sys.executable).with_name("loclint")
ESC = "\x1b["

# A translated tree beside its English source (sibling repositories), one
# page of each kind a summary counts: introduced, inherited (info),
# differences from the source, a page without a source page; fixable
# with --fix and with --unsafe-fixes only.
PAGES = {
    "site.en/help/a.md": "# Overview\n\nOpen [!DNL Campaign] and the customer&#39;s page.\n\n"
                         "See [the guide](guide.md) and [the notes](nergens.md).\n",
    "site.en/help/guide.md": "# Guide\n\nRead [!DNL Journey Optimizer] first.\n",
    "site.nl-NL/help/a.md": "# Overzicht\n\nOpen [!DNL  Campaign] en de klant&#39;s pagina.\n\n"
                            "Zie [ ](guide.md) en [de uitleg](nergens—.md).\n",
    "site.nl-NL/help/guide.md": "# Handleiding\n\nLees eerst [!DNL Journey]  .\n",
    "site.nl-NL/help/extra.md": "# Extra\n\nEen pagina  zonder bron , hier.\n",
}

# The English is today's working file, not the commit the page was made from.
UNCERTAIN = "(uncertain: compared with the source as it is now, not as it was when this page was translated)"
FINDINGS = [
    "site.nl-NL/help/a.md:3:6: error [token-malformed] `[!DNL  Campaign]`: padded inside the brackets; "
    "expected `[!DNL Campaign]` (introduced; source site.en/help/a.md)",
    "site.nl-NL/help/a.md:5:5: error [empty-link-text] link to `guide.md` has no visible text: `[ ]` "
    "(introduced; source site.en/help/a.md)",
    "site.nl-NL/help/a.md:5:22: error [broken-link] link target `nergens—.md` does not exist "
    "(looked for help/nergens—.md) (introduced; source site.en/help/a.md)",
    "site.nl-NL/help/a.md:5:22: warning [link-mismatch] target `nergens%E2%80%94.md` differs from the source's "
    "target `nergens.md` in the aligned paragraph at line 5 (\"See [the guide](guide.md) and [the notes](nergens.md).\") "
    f"{UNCERTAIN}",
    "site.nl-NL/help/extra.md:3:11: warning [mt-spacing] 2 spaces inside a sentence: `n pagina  zon`",
    "site.nl-NL/help/extra.md:3:24: warning [mt-spacing] a space before `,`: `der bron , hi`",
    "site.nl-NL/help/guide.md:3:12: warning [token-mismatch] `[!DNL Journey]` differs from the source's "
    "`[!DNL Journey Optimizer]` in the aligned paragraph at line 3 (\"Read [!DNL Journey Optimizer] first.\") "
    f"{UNCERTAIN}",
    "site.nl-NL/help/guide.md:3:26: warning [token-spacing] `[!DNL Journey]` has 2 spaces after it (expected one) "
    "(introduced; source site.en/help/guide.md)",
]
INFO = ("site.nl-NL/help/a.md:3:34: info [escaped-entity] `&#39;` is an escaped `'` in text; write the character "
        "itself (inherited; source site.en/help/a.md)")

SUMMARY_TAIL = [
    "Origin: 4 introduced by the translation, 1 inherited from the source page, 2 differences from it, "
    "2 on pages without one",
    "Fixable: 3 with --fix, 2 more with --fix --unsafe-fixes",
    "Worst pages:",
    "  3 errors, 1 warning  site.nl-NL/help/a.md",
    "  2 warnings           site.nl-NL/help/extra.md",
    "  2 warnings           site.nl-NL/help/guide.md",
    'Run "loclint explain mt-spacing" for what a rule checks (mt-spacing is the most frequent here: 2)',
]
HEADLINE = "9 findings (3 error, 5 warning, 1 info) in 3 of 3 files"


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)
    for rel, text in PAGES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def check(*args, env=None):
    return CliRunner().invoke(main, ["check", "site.nl-NL", "--no-cache", *args], env=env, catch_exceptions=False)


def lines(result) -> list[str]:
    return result.stdout.splitlines()


# --- the summary ----------------------------------------------------------------

def test_the_summary_says_what_to_act_on_and_info_is_hidden_by_default(site):
    result = check()
    assert result.exit_code == 1
    assert lines(result) == [*FINDINGS, HEADLINE, "1 info finding hidden (--min-severity info shows it)",
                             *SUMMARY_TAIL]


def test_min_severity_info_shows_everything_and_the_summary_counts_the_same(site):
    assert lines(check("--min-severity", "info")) == [*FINDINGS[:1], INFO, *FINDINGS[1:], HEADLINE, *SUMMARY_TAIL]


def test_min_severity_error_hides_warnings_but_not_from_the_exit_code(site):
    result = check("--min-severity", "error", "--fail-on", "warning", "--select", "mt-spacing,escaped-entity")
    assert lines(result) == [
        "3 findings (2 warning, 1 info) in 2 of 3 files",
        "2 warning and 1 info findings hidden (--min-severity info shows them)",
        "Origin: 0 introduced by the translation, 1 inherited from the source page, 2 on pages without one",
        "Fixable: 1 with --fix, 2 more with --fix --unsafe-fixes",
        'Run "loclint explain mt-spacing" for what a rule checks (mt-spacing is the most frequent here: 2)',
    ]
    assert result.exit_code == 1  # the hidden warnings still fail the run


def test_the_baseline_count_and_quiet(site):
    assert check("--write-baseline", "base.json").exit_code == 1
    page = site / "site.nl-NL/help/extra.md"
    page.write_text(page.read_text() + "\nNog [ ](a.md) erbij.\n")
    assert lines(check("--baseline", "base.json")) == [
        "site.nl-NL/help/extra.md:5:5: error [empty-link-text] link to `a.md` has no visible text: `[ ]`",
        "1 finding (1 error) in 1 of 3 files",
        "9 more in the baseline, not shown",
        'Run "loclint explain empty-link-text" for what a rule checks (empty-link-text is the most frequent here: 1)',
    ]
    assert lines(check("--baseline", "base.json", "-q")) == [
        "site.nl-NL/help/extra.md:5:5: error [empty-link-text] link to `a.md` has no visible text: `[ ]`"]


def test_a_clean_run_says_so_in_one_line(site):
    assert lines(check("--select", "missing-alt-text")) == ["0 findings in 0 of 3 files"]


def test_machine_formats_keep_every_finding_unless_asked(site):
    import json

    report = json.loads(check("--format", "json").stdout)
    assert [f["severity"] for f in report["findings"]].count("info") == 1
    report = json.loads(check("--format", "json", "--min-severity", "warning").stdout)
    assert len(report["findings"]) == 8 and "info" not in {f["severity"] for f in report["findings"]}
    github = check("--format", "github").stdout
    assert github.count("::notice ") == 1 and "Origin:" not in github


# --- --statistics ----------------------------------------------------------------

def test_statistics_prints_only_the_table(site):
    from loclint.rules import RULES

    table = [(2, "mt-spacing", "[-]"), (1, "broken-link", "   "), (1, "empty-link-text", "   "),
             (1, "escaped-entity", "[*]"), (1, "link-mismatch", "   "), (1, "token-malformed", "[*]"),
             (1, "token-mismatch", "   "), (1, "token-spacing", "[*]")]
    assert lines(check("--statistics", "--min-severity", "info")) == [
        f"{n}  {rule:15}  {mark} {RULES[rule].summary}".rstrip() for n, rule, mark in table]
    assert lines(check("--statistics")) == [  # what is shown is counted: info hidden, as in the report
        line for line in lines(check("--statistics", "--min-severity", "info")) if "escaped-entity" not in line]


# --- grouping --------------------------------------------------------------------

GROUPED = [
    "site.nl-NL/help/a.md (source site.en/help/a.md)",
    "  3:6   error    token-malformed  `[!DNL  Campaign]`: padded inside the brackets; expected `[!DNL Campaign]` "
    "(introduced)",
    "  5:5   error    empty-link-text  link to `guide.md` has no visible text: `[ ]` (introduced)",
    "  5:22  error    broken-link      link target `nergens—.md` does not exist (looked for help/nergens—.md) "
    "(introduced)",
    "  5:22  warning  link-mismatch    target `nergens%E2%80%94.md` differs from the source's target `nergens.md` "
    f"in the aligned paragraph at line 5 (\"See [the guide](guide.md) and [the notes](nergens.md).\") {UNCERTAIN}",
    "",
    "site.nl-NL/help/extra.md",
    "  3:11  warning  mt-spacing  2 spaces inside a sentence: `n pagina  zon`",
    "  3:24  warning  mt-spacing  a space before `,`: `der bron , hi`",
    "",
    "site.nl-NL/help/guide.md (source site.en/help/guide.md)",
    "  3:12  warning  token-mismatch  `[!DNL Journey]` differs from the source's `[!DNL Journey Optimizer]` in the "
    f"aligned paragraph at line 3 (\"Read [!DNL Journey Optimizer] first.\") {UNCERTAIN}",
    "  3:26  warning  token-spacing   `[!DNL Journey]` has 2 spaces after it (expected one) (introduced)",
    "",
]


def test_grouped_by_file(site):
    assert lines(check("--format", "grouped")) == [
        *GROUPED, HEADLINE, "1 info finding hidden (--min-severity info shows it)", *SUMMARY_TAIL]


def terminal_output(args, cwd, extra=None) -> str:
    """What loclint writes when its stdout is a terminal (a pseudo-terminal)."""
    import pty

    ours, theirs = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    proc = subprocess.Popen([str(LOCLINT), *args], cwd=cwd, stdout=theirs, stderr=subprocess.DEVNULL,
                            env={**env, "TERM": "xterm", **(extra or {})})
    os.close(theirs)
    out = b""
    while True:
        try:
            chunk = os.read(ours, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        out += chunk
    os.close(ours)
    proc.wait(timeout=60)
    return out.decode().replace("\r\n", "\n")


def test_a_terminal_gets_grouped_findings_in_colour_and_no_color_turns_it_off(site):
    coloured = terminal_output(["check", "site.nl-NL", "--no-cache"], site)
    assert ESC in coloured
    assert "\x1b[1msite.nl-NL/help/a.md\x1b[0m" in coloured and "\x1b[1;31merror  \x1b[0m" in coloured
    plain = terminal_output(["check", "site.nl-NL", "--no-cache"], site, {"NO_COLOR": "1"})
    assert ESC not in plain
    assert plain.splitlines() == re.sub(r"\x1b\[[0-9;]*m", "", coloured).splitlines()
    assert plain.splitlines()[:len(GROUPED)] == GROUPED
    # Asked for by name, a format means the same on a terminal as in a pipe.
    assert terminal_output(["check", "site.nl-NL", "--no-cache", "--format", "text"], site,
                           {"NO_COLOR": "1"}).splitlines()[:len(FINDINGS)] == FINDINGS


def test_a_pipe_gets_flat_lines_without_colour_unless_forced(site):
    piped = subprocess.run([str(LOCLINT), "check", "site.nl-NL", "--no-cache"], cwd=site, capture_output=True,
                           text=True, env={k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")})
    assert ESC not in piped.stdout and piped.stdout.splitlines()[:len(FINDINGS)] == FINDINGS
    forced = check(env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1msite.nl-NL/help/a.md\x1b[0m:3:6: \x1b[1;31merror\x1b[0m [token-malformed]" in forced
    assert re.sub(r"\x1b\[[0-9;]*m", "", forced).splitlines()[:len(FINDINGS)] == FINDINGS
    assert ESC not in check(env={"FORCE_COLOR": "0"}).stdout
    assert ESC not in check(env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout  # NO_COLOR wins
    assert ESC not in check("--format", "json", env={"FORCE_COLOR": "1"}).stdout


def test_a_report_file_is_never_coloured(site):
    assert check("--output", "report.txt", env={"FORCE_COLOR": "1"}).stdout == ""
    text = (site / "report.txt").read_text()
    assert ESC not in text and text.splitlines()[:len(FINDINGS)] == FINDINGS
    assert ESC not in terminal_output(["check", "site.nl-NL", "--no-cache", "-o", "t.txt"], site)
    assert ESC not in (site / "t.txt").read_text()


def test_page_text_in_the_grouped_report_and_summary_is_escaped(site):
    hostile = site / "site.nl-NL/help/x\x1b[31m.md"
    hostile.write_text("# Kop\n\nZie [ ](a.md) en\x1b]0;pwn\x07  hier.\n")
    out = check("--format", "grouped", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[31m" not in out and "\x1b]0" not in out and "\x07" not in out
    assert "site.nl-NL/help/x\\x1b[31m.md" in out
    assert "  1 error, 1 warning   site.nl-NL/help/x\\x1b[31m.md" in re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()


# --- --verbose -------------------------------------------------------------------

def _git(cwd, *args) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout.strip()


def test_verbose_says_the_run_facts_first(site):
    _git(site / "site.en", "init", "-q")
    _git(site / "site.en", "add", ".")
    _git(site / "site.en", "commit", "-qm", "first")
    commit = _git(site / "site.en", "rev-parse", "HEAD")
    page = site / "site.nl-NL/help/a.md"
    page.write_text(f"---\nsource-git-commit: {commit}\n---\n" + page.read_text())
    (site / ".loclint.toml").write_text("")  # found upward from the working folder; the docs root with it
    result = check("-v", "-j", "1")
    err = result.stderr.splitlines()
    assert err[:-1] == [
        "loclint: config: .loclint.toml",
        "loclint: docs root: . (found: the nearest folder up with .git, a loclint or publishing config, "
        "else one holding help/)",
        "loclint: site.nl-NL (nl-NL) paired with site.en, 3 pages: 1 at their source commit, "
        "1 with the working file, 1 unpaired (no source page)",
        "loclint: site.nl-NL/help/extra.md: its source page site.en/help/extra.md does not exist",
    ]
    assert re.fullmatch(r"loclint: 3 pages in \d+\.\d s \(1 process\)", err[-1])
    assert "loclint:" not in result.stdout


def test_verbose_names_the_given_root_and_pages_paired_in_no_tree(site):
    (site / "docs").mkdir()
    (site / "docs" / "p.md").write_text("# Kop\n")
    result = CliRunner().invoke(main, ["check", "docs", "--root", "docs", "--no-cache", "-v", "--lang", "nl-BE"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:3] == [
        "loclint: config: none found (the defaults)",
        "loclint: docs root: docs (given)",
        "loclint: 1 page (nl-BE) in no paired tree: no source page to compare with "
        "(give --source, or use a site.nl-NL / nl/ layout)",
    ]


def test_verbose_says_a_note_many_pages_share_once(site):
    for name in "abc":
        (site / "docs" / f"{name}.md").parent.mkdir(exist_ok=True)
        (site / "docs" / f"{name}.md").write_text("# Kop\n")
    result = CliRunner().invoke(main, ["check", "docs", "--no-cache", "-v", "--select", "empty-link-text", "-j", "1"])
    assert result.stderr.splitlines()[2:-1] == [
        "loclint: 3 pages (language unknown) in no paired tree: no source page to compare with "
        "(give --source, or use a site.nl-NL / nl/ layout)",
        "loclint: 3 pages: no source page (no --source, and no layout recognised) (docs/a.md, docs/b.md and 1 more)",
    ]
    one = CliRunner().invoke(main, ["check", "docs/a.md", "--no-cache", "-v", "--select", "empty-link-text"])
    assert "loclint: docs/a.md: no source page (no --source, and no layout recognised)" in one.stderr.splitlines()


# --- bad options, Ctrl-C ---------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["--lang", "klingon"], "--lang: 'klingon' is not a language tag like nl-NL"),
    (["--lang", "nl-"], "--lang: 'nl-' is not a language tag"),
    (["--jobs", "0"], "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1."),
    (["--jobs", "-1"], "Invalid value for '--jobs' / '-j': -1 is not in the range x>=1."),
    (["--min-severity", "fatal"], "Invalid value for '--min-severity'"),
])
def test_bad_options_are_errors_naming_them(site, args, message):
    result = CliRunner().invoke(main, ["check", "site.nl-NL", *args])
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("tag", ["nl-BE", "tlh", "zh-Hant-TW", "pt_br"])
def test_a_well_formed_language_tag_loclint_has_no_pack_for_is_accepted(site, tag):
    assert check("--lang", tag, "-q").exit_code == 1


def _workers(pid: int) -> set[int]:
    """The worker processes of loclint `pid` (not a git it runs)."""
    out = subprocess.run(["ps", "--ppid", str(pid), "-o", "pid=,comm="], capture_output=True, text=True).stdout
    return {int(line.split()[0]) for line in out.splitlines() if line.split()[1:] != ["git"]}


@pytest.mark.slow
@needs_corpus()
@pytest.mark.skipif(default_jobs() < 2, reason="one CPU: no worker processes to leave behind")
def test_ctrl_c_ends_a_run_promptly_with_130_and_leaves_no_worker(tmp_path):
    for name in ("blueprints-learn.nl-NL", "blueprints-learn.en"):
        shutil.copytree(CORPUS / name, tmp_path / name)
    proc = subprocess.Popen([str(LOCLINT), "check", "blueprints-learn.nl-NL", "--no-cache", "-j", "2"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers |= _workers(proc.pid)
        time.sleep(0.05)
    assert len(workers) == 2, "the run never started its workers"
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert time.monotonic() - sent < 10
    assert b"Traceback" not in err and b"interrupted" in err
    alive = {pid for pid in workers if Path(f"/proc/{pid}").exists()
             and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]}
    assert alive == set()


def test_ctrl_c_before_the_run_is_130_too(site, monkeypatch):
    import loclint.cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(loclint.cli, "discover", interrupted)
    result = CliRunner().invoke(main, ["check", "site.nl-NL"])
    assert result.exit_code == 130 and "loclint: interrupted" in result.stderr
