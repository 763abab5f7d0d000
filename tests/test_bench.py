"""The benchmark script works for anyone over any folder: every row timed,
with its peak memory, and the ratios printed (the numbers themselves are
for the README, never asserted: a timed test measures the machine)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^(?P<name>\S.*?)\s+(?P<seconds>[\d.]+) s\s+(?P<rate>[\d.]+) pages/s\s+(?P<mb>\d+) MB peak$")


@pytest.mark.slow
def test_benchmark_times_every_command_over_a_folder_and_prints_the_ratios(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(PROJECT / "fixtures" / "pairs", docs, ignore=shutil.ignore_patterns("*.expected"))
    out = subprocess.run([sys.executable, str(PROJECT / "bench" / "bench.py"), str(docs), "--repeat", "1",
                          "--scale", "2"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("10 pages in ")
    rows = {m["name"]: m for m in map(ROW.match, lines) if m}
    for name in ("loclint, all rules, cold", "loclint, all rules, cold, 1 process", "loclint, no language rules, cold",
                 "loclint, all rules, warm", "loclint, all rules, warm, page cache only", "parse floor, 1 process"):
        # A peak of 0 MB would be a measurement that read nothing.
        assert float(rows[name]["seconds"]) > 0 and int(rows[name]["mb"]) > 0, name
    assert any(name.startswith("parse floor, ") and name.endswith(" processes") for name in rows)
    ratios = [line.split(":")[0].strip() for line in lines[lines.index("ratios (pages/s)") + 1:] if ":" in line]
    assert {"warm / cold", "warm, page cache only / cold", "no language rules / all rules"} <= set(ratios)
    assert any(r.startswith("loclint all rules / parse floor") for r in ratios)
    assert re.search(r"^2x the pages: [\d.]+ s, [1-9]\d* MB peak \([\d.]+x the memory\)$", out.stdout, re.MULTILINE)
