"""A run's findings wait for the report in memory up to a bound, then on
disk: every report reads the same whichever way they waited."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from loclint import spool
from loclint.cli import main
from loclint.finding import Edit, Finding, Fix
from loclint.report import FORMATS
from loclint.spool import Spool


def _finding(path: str, line: int, rule: str = "escaped-entity", fix: bool = False) -> Finding:
    return Finding(path, line, 3, rule, f"message {line}", "warning", 9,
                   Fix((Edit(line, 3, 6, "'"),), unsafe=line % 2 == 0) if fix else None,
                   "introduced", "en/" + path, f"print-{line}", f"tekst {line}", f"text {line}")


PAGES = {  # place -> (display path, findings in no order)
    0: ("nl/b.md", [_finding("nl/b.md", 9, fix=True), _finding("nl/b.md", 2)]),
    1: ("nl/a.md", [_finding("nl/a.md", 5), _finding("nl/a.md", 1, "token-spacing", fix=True)]),
    2: ("nl/c.md", []),
    3: ("nl/a.md", [_finding("nl/a.md", 3)]),  # a second page shown under the same name
}
EXTRA = [_finding("en/z.md", 1, "missing-page"), _finding("nl/a.md", 1, "missing-page")]


@pytest.mark.parametrize("speedups", ["", "1"])
@pytest.mark.parametrize("held", [0, 2, 3, 1000])
def test_every_finding_comes_back_in_report_order_held_or_spilled(held, speedups, monkeypatch):
    monkeypatch.setenv("LOCLINT_NO_SPEEDUPS", speedups)  # spilled findings are made again by either constructor
    kept = Spool(held)
    for place, (_, found) in PAGES.items():
        kept.put(place, found)
    findings = kept.in_order([path for path, _ in PAGES.values()], EXTRA)
    every = sorted([f for _, found in PAGES.values() for f in found] + EXTRA)
    assert list(findings) == every
    assert list(findings) == every  # a report may walk them again
    assert [f.fix for f in findings] == [f.fix for f in every]  # fixes and every field, through the file
    assert [f.source_excerpt for f in findings] == [f.source_excerpt for f in every]
    assert len(findings) == len(every) == 7


BAD = ("# Kop\n\nAdobe  [!DNL Campaign]  v8 en [ ](kop.md) &#39;x&#39;.\n\n"
       "[!NOTE]\nLet op &amp; lees.\n")


@pytest.fixture
def many(tmp_path, monkeypatch):
    """Forty pages with findings of every severity, beside English pages
    (one without its translation), and a baseline hiding some."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    for lang in ("en", "nl"):
        (tmp_path / "docs" / lang).mkdir(parents=True)
    for i in range(40):
        (tmp_path / "docs" / "nl" / f"p{i:02}.md").write_text(BAD * (1 + i % 3), encoding="utf-8")
        (tmp_path / "docs" / "en" / f"p{i:02}.md").write_text("# Head\n\nAdobe [!DNL Campaign] v8.\n")
    (tmp_path / "docs" / "en" / "zonder.md").write_text("# Alone\n")
    (tmp_path / "docs" / "nl" / "p07.md").write_text(BAD, encoding="utf-8")
    written = CliRunner().invoke(main, ["check", "docs/nl/p00.md", "docs/nl/p01.md", "--no-cache",
                                        "--write-baseline", "base.json"])
    assert written.exit_code == 1
    return tmp_path


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_report_is_the_same_when_its_findings_wait_on_disk(many, monkeypatch, fmt):
    args = ["check", "docs/nl", "--no-cache", "--missing", "--format", fmt, "--baseline", "base.json",
            "--jobs", "1"]

    def report(held: int) -> tuple[int, str]:
        monkeypatch.setattr(spool, "HELD", held)
        result = CliRunner().invoke(main, args, catch_exceptions=False, env={"GITHUB_STEP_SUMMARY": ""})
        return result.exit_code, result.output

    held = report(spool.HELD)
    assert held == report(0) == report(7)
    assert held[0] == 1
    if fmt == "json":
        findings = json.loads(held[1])["findings"]
        assert len(findings) > 100 and {f["rule"] for f in findings} >= {"missing-page", "escaped-entity"}


def test_a_run_without_a_writable_temporary_folder_holds_its_findings(many, monkeypatch):
    args = ["check", "docs/nl", "--no-cache", "--format", "json", "--jobs", "1"]
    held = CliRunner().invoke(main, args, catch_exceptions=False)

    def no_folder(*_, **__):
        raise FileNotFoundError("No usable temporary directory found")

    monkeypatch.setattr(spool, "HELD", 0)
    monkeypatch.setattr(spool.tempfile, "TemporaryFile", no_folder)
    spilled = CliRunner().invoke(main, args, catch_exceptions=False)
    assert (spilled.exit_code, spilled.output) == (held.exit_code, held.output)
    assert len(json.loads(held.output)["findings"]) > 100


_TEMPORARY_FILE = spool.tempfile.TemporaryFile


class _FillsUp:
    """A temporary file on a disk that fills up after `room` bytes."""

    def __init__(self, room: int):
        self._file, self._room = _TEMPORARY_FILE(buffering=0), room

    def write(self, data) -> int:
        if self._file.tell() + len(data) > self._room:
            written = self._file.write(data[: max(self._room - self._file.tell(), 0)])
            if not written:
                raise OSError(28, "No space left on device")
            return written
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)


@pytest.mark.parametrize("room", [0, 150, 300, 500])  # pages of 220, 234 and 129 bytes
def test_findings_spilled_before_the_disk_filled_up_and_held_after_all_come_back(room, monkeypatch):
    monkeypatch.setattr(spool.tempfile, "TemporaryFile", lambda **_: _FillsUp(room))
    kept = Spool(0)
    for place, (_, found) in PAGES.items():
        kept.put(place, found)
    every = sorted([f for _, found in PAGES.values() for f in found] + EXTRA)
    assert list(kept.in_order([path for path, _ in PAGES.values()], EXTRA)) == every
