"""The truth set: loclint's precision and recall on hand-read corpus pages stay at their floors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS, PROJECT

from loclint.rules import RULES

TRUTH = PROJECT / "tests" / "truth"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not there")
def test_every_rule_holds_its_floors_on_the_truth_set(tmp_path):
    out = tmp_path / "score.json"
    run = subprocess.run([sys.executable, str(TRUTH / "score.py"), "--corpus", str(CORPUS), "--json", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    summary = json.loads(out.read_text())["summary"]
    floors = json.loads((TRUTH / "floors.json").read_text())
    below = []
    for rule, cells in floors.items():
        for loc, floor in cells.items():
            cell = summary.get(rule, {}).get(loc)
            for k, least in floor.items():
                got = cell and cell[k]
                if got is None or got < least:
                    below.append(f"{rule} {loc} {k}: {got} < {least}")
    assert not below, "\n".join(below)


def test_every_truth_page_exists_and_is_well_formed():
    for path in sorted(TRUTH.glob("*.json")):
        if path.name == "floors.json":
            continue
        for page in json.loads(path.read_text(encoding="utf-8")):
            assert page["reviewed"] is True, page["path"]
            if CORPUS.is_dir():
                assert (CORPUS / path.stem / page["path"]).is_file(), page["path"]
            for d in page["defects"]:
                assert d["origin"] in ("introduced", "inherited") and d["line"] >= 1 and d["column"] >= 1, d
            for n in page["not_defects"]:
                assert n["why"] and n["line"] >= 1, n
            if "rules" in page:
                read_for = set(page["rules"])
                assert read_for <= set(RULES), page["path"]
                assert {e["rule"] for e in page["defects"] + page["not_defects"]} <= read_for, page["path"]


def test_the_class_counts_name_every_markup_spacing_finding_of_its_fixture(monkeypatch):
    sys.path.insert(0, str(TRUTH))
    from counts import class_of

    monkeypatch.chdir(PROJECT / "fixtures" / "pages")
    run = subprocess.run([sys.executable, "-m", "loclint", "check", "markup-spacing.md", "--no-cache",
                          "--fail-on", "never", "--format", "json", "--select", "markup-spacing"],
                         capture_output=True, text=True, check=True)
    found = [{**f, "folder": "x"} for f in json.loads(run.stdout)["findings"]]
    classes = {class_of(f) for f in found}
    assert None not in classes
    assert classes == {"suffix after markup", "padded link text", "padded bold", "glued `&quot;`"}
