"""What an attack on loclint found (issue 20): hostile files, signals,
closed outputs, links out of the docs root, page text that drives a
terminal. Each test runs loclint as a user would: the CLI, or a process."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lint_text

LOCLINT = Path(sys.executable).with_name("loclint")


def loclint(*args, cwd, timeout=60, memory=None, stdout=subprocess.PIPE, before=None) -> subprocess.CompletedProcess:
    """loclint in a process of its own, killed after `timeout` seconds and,
    with `memory`, kept under that many bytes (a test must fail, not hang
    or take the machine's memory); `before` runs in the child first."""
    def limit():
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if before:
            before()
    return subprocess.run([str(LOCLINT), *args], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
                          preexec_fn=limit, env={**os.environ, "CI": "1"})


def _tree(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ".git").mkdir()
    (docs / "goed.md").write_text("# Kop\n\nTekst.\n")
    return docs


def _lines(result) -> list[str]:
    return result.stdout.decode().splitlines()


# --- files that are no pages ------------------------------------------------

def test_a_nul_after_the_first_8_kb_makes_a_binary_file(tmp_path):
    found = lint_text(tmp_path, ("Tekst.\n" * 2000).encode() + b"\x00" + b"meer tekst\n")
    assert [(f.line, f.column, f.rule) for f in found] == [(1, 1, "unreadable-page")]
    assert "binary file" in found[0].message


@pytest.mark.parametrize("extra", [[], ["--no-cache"], ["--fix"], ["--diff", "--output", "../report.txt"]])
def test_a_fifo_named_like_a_page_is_reported_not_waited_for(tmp_path, extra):
    docs = _tree(tmp_path)
    os.mkfifo(docs / "x.md")
    result = loclint("check", ".", *extra, cwd=docs, timeout=30)
    lines = (tmp_path / "report.txt").read_text().splitlines() if "--output" in extra else _lines(result)
    assert "x.md:1:1: error [unreadable-page] cannot read page: not a regular file (a named pipe)" in lines
    assert result.returncode == 1


@pytest.mark.parametrize("extra", [[], ["--fix"]])
def test_a_page_linked_to_dev_zero_is_reported_not_read(tmp_path, extra):
    docs = _tree(tmp_path)
    (docs / "nul.md").symlink_to("/dev/zero")
    result = loclint("check", "nul.md", *extra, cwd=docs, timeout=30, memory=2 << 30)
    # Shown where the link leads (as every linked page is); either reason holds.
    assert _lines(result)[0].split(": error [unreadable-page] cannot read page: ")[1] in (
        "symlink out of the docs root", "not a regular file (a character device)")
    assert result.returncode == 1


def test_a_character_device_in_the_docs_root_is_not_read(tmp_path):
    docs = _tree(tmp_path)
    (docs / "apparaat.md").symlink_to("/dev/zero")
    result = loclint("check", "apparaat.md", "--root", "/", cwd=docs, timeout=30, memory=2 << 30)
    assert _lines(result)[0].endswith(": error [unreadable-page] cannot read page: not a regular file "
                                      "(a character device)")


@pytest.mark.parametrize("extra", [[], ["--no-cache"], ["--fix"]])
def test_the_size_limit_is_checked_before_a_page_is_read(tmp_path, extra):
    docs = _tree(tmp_path)
    with open(docs / "groot.md", "wb") as handle:
        handle.truncate(8 << 30)  # 8 GB, sparse: nothing to read but NULs
    result = loclint("check", "groot.md", *extra, cwd=docs, timeout=60, memory=2 << 30)
    assert _lines(result)[0] == "groot.md:1:1: warning [page-limits] page is 8589.9 MB, over the 2.0 MB limit " \
                                "(max-bytes): not checked", result.stderr.decode()[-300:]


# --- links out of the docs root -----------------------------------------------

SECRET = "# Geheim\n\nHet wachtwoord is  hunter2 .\n"  # findings would quote it


@pytest.mark.parametrize("how", ["named", "found", "fix"])
def test_a_page_linked_out_of_the_docs_root_is_not_read(tmp_path, how):
    docs = _tree(tmp_path)
    (tmp_path / "geheim.md").write_text(SECRET)
    (docs / "link.md").symlink_to(tmp_path / "geheim.md")
    args = {"named": ["link.md"], "found": ["."], "fix": ["link.md", "--fix", "--unsafe-fixes"]}[how]
    result = loclint("check", *args, "--no-cache", "--format", "json", cwd=docs)
    assert b"hunter2" not in result.stdout + result.stderr
    import json

    found = [(f["rule"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("unreadable-page", "cannot read page: symlink out of the docs root")]
    assert (tmp_path / "geheim.md").read_text() == SECRET  # and never written


def test_a_page_linked_inside_the_docs_root_is_read(tmp_path):
    docs = _tree(tmp_path)
    (docs / "echt.md").write_text("Tekst  met spaties.\n")
    (docs / "link.md").symlink_to("echt.md")
    result = loclint("check", "link.md", "--no-cache", "--select", "mt-spacing", cwd=docs)
    assert _lines(result)[0].startswith("echt.md:1:6: warning [mt-spacing]")  # shown where it leads


def test_an_anchor_target_linked_out_of_the_root_is_not_looked_up(tmp_path):
    docs = _tree(tmp_path)
    (tmp_path / "geheim.md").write_text(SECRET)
    (docs / "doel.md").symlink_to(tmp_path / "geheim.md")
    (docs / "echt.md").write_text("# Echt\n")
    # Were it looked up, one of the two would be told apart from the other.
    (docs / "a.md").write_text("[x](doel.md#geheim) [y](doel.md#anders) [z](echt.md#weg)\n")
    result = loclint("check", "a.md", "--no-cache", "--select", "broken-anchor", "-q", cwd=docs)
    assert [line.split(": ", 1)[0] for line in _lines(result)] == ["a.md:1:41"]


# --- front matter ---------------------------------------------------------------

BOMB = "".join(
    [f"a: &a [{', '.join(['lol'] * 9)}]\n"]
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")]
)  # 9^9 strings, a kilobyte written


def test_a_yaml_alias_bomb_is_refused_and_reported(tmp_path):
    docs = _tree(tmp_path)
    for lang, extra in (("en", "exl-id: *i\n"), ("nl", "")):
        (docs / lang).mkdir()
        (docs / lang / "a.md").write_text(f"---\ntitle: Bom\n{BOMB}{extra}---\n\n# Kop\n")
    result = loclint("check", "en", "nl", "--no-cache", "--min-severity", "info", cwd=docs, timeout=60, memory=2 << 30)
    assert result.returncode == 1, result.stderr.decode()[-500:]
    found = [line for line in _lines(result) if "[front-matter-invalid]" in line]
    message = "front matter uses the YAML alias *a: aliases are not allowed in front matter"
    assert found == [f"en/a.md:4:1: error [front-matter-invalid] {message}",
                     f"nl/a.md:4:1: info [front-matter-invalid] {message} (inherited; source en/a.md)"]


def test_an_asterisk_in_front_matter_is_no_alias(lint):
    found = lint("---\ntitle: '*Nieuw*'\ndescription: a * b\nitems: [x*, '*y']\n---\n# Kop\n")
    assert [f.rule for f in found if f.rule == "front-matter-invalid"] == []


# --- where the report goes --------------------------------------------------------

def _findings_tree(tmp_path: Path) -> Path:
    docs = _tree(tmp_path)
    (docs / "a.md").write_text("Tekst  met spaties.\n" * 200)
    return docs


def _no_traceback(result) -> str:
    err = result.stderr.decode()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    return err


@pytest.mark.parametrize("how", ["stdout", "output"])
def test_a_full_disk_is_one_line_and_exit_2(tmp_path, how):
    docs = _findings_tree(tmp_path)
    with open("/dev/full", "w") as full:
        if how == "stdout":
            result = loclint("check", ".", "--no-cache", cwd=docs, stdout=full)
        else:
            result = loclint("check", ".", "--no-cache", "--output", "/dev/full", cwd=docs)
    err = _no_traceback(result)
    assert err.endswith(": No space left on device\n") and err.count("\n") == 1, err
    assert result.returncode == 2


def test_a_reader_that_closed_the_pipe_ends_the_run_quietly_with_2(tmp_path):
    docs = _findings_tree(tmp_path)
    read_end, write_end = os.pipe()
    os.close(read_end)  # `loclint check | head -0`, once head is gone
    try:
        result = loclint("check", ".", "--no-cache", cwd=docs, stdout=write_end)
    finally:
        os.close(write_end)
    assert _no_traceback(result) == ""
    assert result.returncode == 2


def test_a_closed_stdout_is_said_not_taken_for_success(tmp_path):
    docs = _findings_tree(tmp_path)
    result = loclint("check", ".", "--no-cache", cwd=docs, stdout=subprocess.DEVNULL, before=lambda: os.close(1))
    assert _no_traceback(result) == "loclint: error: cannot write the report: standard output is closed " \
                                    "(give --output FILE)\n"
    assert result.returncode == 2


# --- processes ----------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
                    reason="needs /proc/PID/task/PID/children")
def test_jobs_is_capped_at_the_cpus_the_run_may_use(tmp_path):
    docs = _tree(tmp_path)
    for i in range(300):  # 300 pages of their own: up to 300 workers
        (docs / f"p{i}.md").write_text(f"# Pagina {i}\n\nTekst  {i}.\n")
    process = subprocess.Popen([str(LOCLINT), "check", ".", "--no-cache", "--jobs", "100000", "-v"], cwd=docs,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}))
    seen: set[int] = set()
    while process.poll() is None:
        seen |= _children(process.pid)
    err = process.communicate(timeout=60)[1].decode()
    assert len(seen) <= 1  # one CPU: linted in the process itself (was: 300 workers)
    assert process.returncode == 0
    assert "loclint: --jobs 100000: capped at 1, the CPUs this run may use" in err.splitlines()


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_below_one_is_a_usage_error(tmp_path, jobs):
    result = loclint("check", ".", "--jobs", jobs, cwd=_tree(tmp_path))
    assert result.returncode == 2 and b"--jobs" in result.stderr


# --- --missing --------------------------------------------------------------------------

def test_missing_lists_only_pages_a_run_lints(tree):
    from click.testing import CliRunner

    from loclint.cli import main

    for folder in ("docs/nl/node_modules/pakket", "docs/en/node_modules/pkg", "docs/en/.github", "docs/en/venv"):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "README.md").write_text("# Readme\n")
    result = CliRunner().invoke(main, ["check", "docs/nl", "--missing", "--no-cache", "--select", "missing-page"])
    assert [line for line in result.output.splitlines() if "[missing-page]" in line] == [
        "docs/nl/b.md:1:1: info [missing-page] translated page whose source is gone (docs/en/b.md does not exist)"]


# --- page text in reports -------------------------------------------------------------

# Quoted by mt-spacing (an escape sequence, C1, a line separator) and by
# token-malformed (its expected form carries the token's line end).
HOSTILE = ("Tekst \x1b]0;pwn\x07  rood.\n\n"
           "Gebruik [!UICONTROL Op\n::error file=x.md,line=1::vervalst ] nu.\n\n"
           "Een\x85C1  en Xsch\u2028eid  hier.\n")
RAW = ("\x1b", "\x07", "\x85", "\u2028")


def _hostile_run(tmp_path, fmt, name="a.md"):
    docs = _tree(tmp_path)
    (docs / name).write_text(HOSTILE)
    result = loclint("check", ".", "--no-cache", "--format", fmt, "-v", cwd=docs)
    return result.stdout.decode(), result.stderr.decode()


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_page_text_cannot_drive_the_terminal_or_the_ci_log(tmp_path, fmt):
    out, err = _hostile_run(tmp_path, fmt, name="naam\n::warning::x\x1b[31m.md")
    lines = out.splitlines()
    assert not any(c in out + err for c in RAW)
    assert "\\x1b]0;pwn\\x07" in out and "\\x85" in out and "\\u2028" in out  # shown, not acted on
    assert "[!UICONTROL Op\\n::error file=x.md,line=1::vervalst]" in out  # the line end as \n
    finding_lines = lines if fmt == "github" else lines[:next(i for i, l in enumerate(lines) if " findings (" in l)]
    assert finding_lines and all(line.startswith("naam\\n::warning::x\\x1b[31m.md:" if fmt == "text" else
                                                 ("::error ", "::warning ")) for line in finding_lines), lines
    assert "loclint: naam\\n::warning::x\\x1b[31m.md: no source page" in err  # -v notes too


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_reports_keep_page_text_exact_and_escaped(tmp_path, fmt):
    import json

    out, _ = _hostile_run(tmp_path, fmt)
    assert not any(c in out for c in RAW)  # every one as a \\u escape
    data = json.loads(out)
    messages = ([f["message"] for f in data["findings"]] if fmt == "json"
                else [r["message"]["text"] for r in data["runs"][0]["results"]])
    assert any("\x1b]0;pwn\x07" in m for m in messages)
    assert any("\x85" in m for m in messages) and any("\u2028" in m for m in messages)


def test_junit_stays_valid_xml_and_shows_control_characters(tmp_path):
    import xml.etree.ElementTree as ET

    out, _ = _hostile_run(tmp_path, "junit")
    assert not any(c in out for c in RAW)
    text = "".join(ET.fromstring(out).itertext())
    assert "\\x1b]0;pwn\\x07" in text and "[!UICONTROL Op\\n::error" in text


# --- signals -------------------------------------------------------------------------------

def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _workers_of(process: subprocess.Popen, timeout: float = 60) -> set[int]:
    """The two workers of a `--jobs 2` run, once both are there."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        workers = _children(process.pid)
        if len(workers) >= 2:
            return workers
        time.sleep(0.05)
    pytest.fail("the run started no two workers")


def _gone(pids: set[int], timeout: float = 10) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def big_tree(tmp_path):
    """A copy of a corpus folder big enough to be mid-run for seconds."""
    import shutil

    from conftest import CORPUS

    from loclint.run import default_jobs

    if not (CORPUS / "target.nl-NL").is_dir():
        pytest.skip("../shared/corpus is not there")
    if default_jobs() < 2 or not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        pytest.skip("needs two CPUs and /proc/PID/task/PID/children")
    copy = tmp_path / "target.nl-NL"
    shutil.copytree(CORPUS / "target.nl-NL", copy)
    return copy


@pytest.fixture
def started():
    """What a test starts is ended after it, whatever happened (by pid)."""
    pids: set[int] = set()
    yield pids
    for pid in pids:
        if _alive(pid):
            os.kill(pid, 9)


def test_sigterm_mid_run_leaves_no_worker(big_tree, started):
    import signal

    process = subprocess.Popen([str(LOCLINT), "check", str(big_tree), "--jobs", "2", "--no-cache"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started.add(process.pid)
    workers = _workers_of(process)
    started.update(workers)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)  # promptly
    assert _gone(workers), "workers outlived loclint"


def test_sigkill_mid_run_ends_the_pipe_to_cat(big_tree, started):
    loclint_process = subprocess.Popen([str(LOCLINT), "check", str(big_tree), "--jobs", "2", "--no-cache"],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    cat = subprocess.Popen(["cat"], stdin=loclint_process.stdout, stdout=subprocess.DEVNULL)
    loclint_process.stdout.close()
    started.update({loclint_process.pid, cat.pid})
    workers = _workers_of(loclint_process)
    started.update(workers)
    loclint_process.kill()
    loclint_process.wait(timeout=10)
    cat.wait(timeout=20)  # `loclint check ... | cat` ends: nothing holds the pipe open
    assert _gone(workers)
