"""The benchmark script works for anyone over any folder: its bundles cloned,
only translated pages counted, every command timed with its CPU time and
peak memory, the warm scenarios re-linting what they should, the ratios
printed per round (the numbers themselves are for the README, never
asserted: a timed test measures the machine)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("bench", PROJECT / "bench" / "bench.py")
bench = sys.modules["bench"] = importlib.util.module_from_spec(SPEC)  # dataclasses look their module up
SPEC.loader.exec_module(bench)

ROW = re.compile(r"^(?P<name>\S.*?)\s{2,}(?P<pages>\d+)\s+(?P<cpu>[\d.]+( \([\d.]+-[\d.]+\))?)\s+"
                 r"(?P<wall>[\d.]+( \([\d.]+-[\d.]+\))?)\s+(?P<rate>[\d.]+)\s+(?P<mb>\d+)\s*(?P<relinted>.*)$")
GIT_ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")}, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_figures_of_the_rounds_are_summed_up_as_median_and_range():
    assert bench.shown([3.0, 1.0, 2.0]) == "2.00 (1.00-3.00)"
    assert bench.shown([0.5], 3, "x") == "0.500x"
    assert bench.linted_count("loclint: a.md: note\nloclint: 7 pages: 2 linted, 5 from the cache\n") == 2
    assert bench.linted_count("nothing said\n") is None
    rows = {name: bench.Command(name, [], 10) for name in
            ("loclint cold, 2 processes", "markdownlint-cli2", "one page: loclint", "one page: markdownlint-cli2")}
    for name, cpu in (("loclint cold, 2 processes", (1.0, 2.0)), ("markdownlint-cli2", (3.0, 3.0)),
                      ("one page: loclint", (0.1, 0.1)), ("one page: markdownlint-cli2", (0.2, 0.4))):
        rows[name].samples = [bench.Sample(wall=2 * c, cpu=c, rss=1.0) for c in cpu]
    found = bench.ratios(rows, 2)
    # Pages/s: their time over ours, round by round; one page: our time over theirs.
    assert found["loclint / markdownlint-cli2, pages/s, CPU"] == [3.0, 1.5]
    assert found["one page: loclint / markdownlint-cli2, time, wall"] == [0.5, 0.25]
    assert not any("parse floor" in name for name in found)


@pytest.mark.slow
def test_benchmark_times_every_command_on_the_translated_pages_and_prints_the_ratios(tmp_path):
    docs = tmp_path / "docs"
    source = "# Overview\n\nUse [!DNL Campaign].\n\n![Flow](images/flow.png)\n"
    for tree in ("site.en", "site.nl-NL", "site.de-DE"):
        write(docs / tree / "help" / "a.md", source.replace("Overview", f"Overview {tree}"))
        write(docs / tree / "help" / "b.md", "# Steps\n\nSee [a](a.md).\n")
        write(docs / tree / "help" / "d.md", "# Details\n\nSee [b](b.md#steps).\n")  # b.md: the page edited
    write(docs / "README.md", "# The pages\n")  # neither a translation nor a source: not counted
    # A source tree kept as a bundle, as the corpus keeps its git histories.
    en = tmp_path / "app.en"
    write(en / "help" / "c.md", "# Setup\n")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "first"]):
        subprocess.run(["git", *args], cwd=en, check=True, env=GIT_ENV, capture_output=True)
    (docs / "git").mkdir()
    subprocess.run(["git", "bundle", "create", str(docs / "git" / "app.en.bundle"), "HEAD", "--all"], cwd=en,
                   check=True, env=GIT_ENV, capture_output=True)
    write(docs / "app.nl-NL" / "help" / "c.md", "# Instellen\n")
    before = sorted(p.relative_to(docs) for p in docs.rglob("*"))
    out = subprocess.run([sys.executable, str(PROJECT / "bench" / "bench.py"), str(docs), "--rounds", "2",
                          "--no-tools", "--scale", "2"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert sorted(p.relative_to(docs) for p in docs.rglob("*")) == before  # the folder is copied, never written
    lines = out.stdout.splitlines()
    assert lines[0].startswith("7 translated pages in 3 trees of ")
    assert "(de-DE 3, nl-NL 4); 0 without a known language or a source tree" in lines[0]
    rows = {m["name"]: m for m in map(ROW.match, lines) if m}
    for name in ("loclint cold, 2 processes", "loclint cold, 1 process", "parse floor, 1 process",
                 "parse floor, 2 processes", "one page: loclint", "warm: one page edited", "warm: one image added",
                 "warm: one source page edited", "warm: nothing changed"):
        # A peak of 0 MB or no CPU time would be a measurement that read nothing.
        assert float(rows[name]["cpu"].split()[0]) > 0 and int(rows[name]["mb"]) > 0, name
        assert ("-" in rows[name]["cpu"]) == ("1 process" not in name), name  # two rounds: a range; one: a figure
    assert rows["one page: loclint"]["pages"] == "1" and rows["loclint cold, 1 process"]["pages"] == "7"
    # The scenarios re-lint exactly what can change: the page, nothing, the source's translations.
    assert rows["warm: one page edited"]["relinted"] == "1 (expected 1: the page, not the 1 linking to its anchors)"
    assert rows["warm: one image added"]["relinted"] == "0 (expected 0: no page links to it)"
    assert rows["warm: one source page edited"]["relinted"] == "2 (expected 2: its translations)"
    assert rows["warm: nothing changed"]["relinted"] == "0 (expected 0)"
    first = rows["one page, first run: loclint"]  # an empty user cache folder, first round only
    assert first["pages"] == "1" and int(first["mb"]) > 0 and "-" not in first["cpu"]
    for name in ("loclint cold, 2 processes, writing the cache", "loclint cold, 1 process, writing the cache"):
        assert rows[name]["pages"] == "7" and int(rows[name]["mb"]) > 0 and "-" not in rows[name]["cpu"], name
    junit = rows["warm: nothing changed, JUnit report"]  # first round only: a figure, its peak
    assert junit["relinted"] == "0 (expected 0)" and int(junit["mb"]) > 0 and "-" not in junit["cpu"]
    ratios = {line.split("  ")[1].strip(): line for line in lines[len(lines) - lines[::-1].index("ratios, each round, then median (range)"):]
              if line.startswith("  ")}
    assert re.search(r" [\d.]+ [\d.]+  ->  [\d.]+x \([\d.]+-[\d.]+\)$",
                     ratios["loclint / parse floor (2 processes), pages/s, CPU"])
    assert re.search(r"^2x the pages \(14 translated\), 1 process: [\d.]+ s CPU, [\d.]+ s wall, [1-9]\d* MB peak "
                     r"\([\d.]+x the memory of 1x\)$", out.stdout, re.MULTILINE)
