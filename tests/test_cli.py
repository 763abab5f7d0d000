"""The command line as users drive it: exit codes, formats, config errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import PROJECT, SEED, needs_corpus

from loclint.cli import main

SARIF_SCHEMA = PROJECT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
BAD = "# Kop\n\nAdobe  [!DNL Campaign]  v8 en [ ](kop.md).\n"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "kop.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "docs" / "goed.md").write_text("# Goed\n\nNiets mis.\n", encoding="utf-8")
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_text_output_and_exit_code_one_on_error(tree):
    result = run("check", "docs")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "docs/kop.md:3:6: warning [token-spacing] `[!DNL Campaign]` has 2 spaces before it (expected one)"
        " and 2 spaces after it (expected one)",
        "docs/kop.md:3:31: error [empty-link-text] link to `kop.md` has no visible text: `[ ]`",
        "2 findings (1 error, 1 warning) in 1 of 2 files",
        "Fixable: 1 with --fix",
        'Run "loclint explain empty-link-text" for what a rule checks (empty-link-text is the most frequent here: 1)',
    ]


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(tree, fail_on, code):
    assert run("check", "docs", "--fail-on", fail_on).exit_code == code


def test_warnings_alone_pass_by_default_and_fail_on_warning(tree):
    assert run("check", "docs", "--ignore", "empty-link-text").exit_code == 0
    assert run("check", "docs", "--ignore", "empty-link-text", "--fail-on", "warning").exit_code == 1


def test_select_statistics_quiet(tree):
    result = run("check", "docs", "--select", "token-spacing", "--statistics")
    assert result.output.splitlines() == [
        "1  token-spacing  [*] Extra spaces beside a [!DNL]/[!UICONTROL] token, or a space before its punctuation or suffix."]
    quiet = run("check", "docs", "-q", "--select", "token-spacing")
    assert len(quiet.output.splitlines()) == 1


def test_json_report(tree):
    data = json.loads(run("check", "docs", "--format", "json").output)
    assert data["version"] == 1 and data["files"] == 2
    assert [(f["path"], f["line"], f["column"], f["rule"], f["severity"]) for f in data["findings"]] == [
        ("docs/kop.md", 3, 6, "token-spacing", "warning"),
        ("docs/kop.md", 3, 31, "empty-link-text", "error"),
    ]


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
@pytest.mark.parametrize("select", ["token-spacing,empty-link-text", "token-spacing", "doubled-word"])
def test_json_reports_are_laid_out_as_json_dumps_lays_them_out(tree, select, fmt):
    # Written a finding at a time; two findings, one, none.
    out = run("check", "docs", "--format", fmt, "--select", select).output
    assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"


def test_github_annotations(tree):
    lines = run("check", "docs", "--format", "github").output.splitlines()
    assert lines[0] == (  # errors first
        "::error file=docs/kop.md,line=3,col=31,title=empty-link-text::"
        "link to `kop.md` has no visible text: `[ ]`"
    )
    assert lines[1].startswith("::warning file=docs/kop.md,line=3,col=6,title=token-spacing::")


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="../shared/schemas is not there")
def test_sarif_validates_against_the_official_schema(tree):
    log = json.loads(run("check", "docs", "--format", "sarif").output)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"token-spacing", "empty-link-text"}
    result = run_["results"][1]
    assert result["ruleId"] == "empty-link-text" and result["level"] == "error"
    assert rules[result["ruleIndex"]]["id"] == "empty-link-text"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 31}
    spacing = run_["results"][0]
    assert spacing["fixes"][0]["artifactChanges"][0]["replacements"][0] == {
        "deletedRegion": {"startLine": 3, "startColumn": 6, "endColumn": 8}, "insertedContent": {"text": " "}}


def test_junit_one_testcase_per_file(tree):
    root = ET.fromstring(run("check", "docs", "--format", "junit").output)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"docs/kop.md", "docs/goed.md"}
    assert cases["docs/kop.md"].find("failure") is not None
    assert cases["docs/goed.md"].find("failure") is None
    assert root.get("failures") == "1"


def test_junit_lists_the_files_in_report_order_each_with_its_findings(tree):
    (tree / "docs" / "a.md").write_text("# A\n\nOpen  [!DNL Campaign]  nu.\n", encoding="utf-8")
    root = ET.fromstring(run("check", "docs", "--format", "junit").output)
    cases = list(root.iter("testcase"))
    assert [c.get("name") for c in cases] == ["docs/a.md", "docs/goed.md", "docs/kop.md"]
    a, goed, kop = cases
    # A warning is below --fail-on's error: shown, not failing.
    assert a.find("failure") is None and a.find("system-out").text.startswith("3:5: warning [token-spacing]")
    assert list(goed) == []
    assert kop.find("failure").get("message") == "1 finding(s)" and kop.find("failure").get("type") == "empty-link-text"
    assert kop.find("failure").text.splitlines()[1].startswith("3:31: error [empty-link-text]")
    assert root.get("tests") == root.find("testsuite").get("tests") == "3"
    assert root.get("failures") == root.find("testsuite").get("failures") == "1"


def test_output_file(tree):
    result = run("check", "docs", "--format", "json", "--output", "report.json")
    assert result.output == "" and result.exit_code == 1
    assert len(json.loads((tree / "report.json").read_text())["findings"]) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "nergens"], "nergens: no such file or folder"),
        (["check", "docs", "--select", "no-such-rule"], "--select: unknown rule id 'no-such-rule'"),
        (["check", "docs", "--root", "nergens"], "--root: nergens: no such folder"),
        (["check", "docs", "--config", "nergens.toml"], "nergens.toml: config file not found"),
        (["explain", "no-such-rule"], "unknown rule id 'no-such-rule'"),
        (["check", "docs", "--lang", "klingon"], "--lang: 'klingon' is not a language tag"),
        (["check", "docs", "--jobs", "0"], "--jobs"),
        (["check", "docs", "--jobs", "-1"], "--jobs"),
    ],
)
def test_usage_errors_exit_2_naming_the_culprit(tree, args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output


def test_bad_format_is_a_usage_error(tree):
    assert CliRunner().invoke(main, ["check", "--format", "xml"]).exit_code == 2


def test_rules_and_explain():
    listing = run("rules").output
    assert "token-spacing" in listing and "broken-anchor" in listing
    page = run("explain", "token-spacing").output
    assert page.startswith("# token-spacing") and "## Example" in page


def test_unreadable_page_is_reported_and_others_still_linted(tree):
    (tree / "docs" / "latin.md").write_bytes("Caf\xe9".encode("latin-1"))
    result = run("check", "docs")
    assert "docs/latin.md:1:1: error [unreadable-page] cannot read page: not valid UTF-8" in result.output
    assert "docs/kop.md:3:31" in result.output and result.exit_code == 1


def test_sample_pages_of_the_readme(monkeypatch):
    monkeypatch.chdir(PROJECT)
    result = run("check", "fixtures/pages", "--root", "fixtures")
    assert result.exit_code == 1
    assert "fixtures/pages/token-spacing.md:7:6: warning [token-spacing]" in result.output


@needs_corpus()
def test_seed_page_from_the_command_line(monkeypatch):
    monkeypatch.chdir(PROJECT)
    result = run("check", str(SEED))
    assert result.exit_code == 0
    assert "4 findings (4 warning) in 1 of 1 file" in result.output.splitlines()


def test_sarif_fingerprints_survive_lines_added_above_and_rules_say_what_they_do(tree):
    def results():
        log = json.loads(run("check", "docs", "--format", "sarif").output)
        return log["runs"][0], {(r["ruleId"], r["partialFingerprints"]["loclint/v1"]): r["locations"][0][
            "physicalLocation"]["region"]["startLine"] for r in log["runs"][0]["results"]}

    driver, before = results()
    page = tree / "docs" / "kop.md"
    page.write_text("Een nieuwe alinea.\n\n" + page.read_text())
    _, after = results()
    assert set(after) == set(before) and all(after[k] == before[k] + 2 for k in before)
    rules = {r["id"]: r for r in driver["tool"]["driver"]["rules"]}
    assert rules["broken-anchor"]["shortDescription"]["text"].startswith("A #fragment matching no")
    assert rules["token-spacing"]["fullDescription"]["text"].startswith("Finds two or more spaces beside")
    assert rules["token-mismatch"]["properties"]["tags"] == ["translation", "source comparison", "fixable"]
    assert rules["token-spacing"]["properties"]["tags"] == ["translation", "page", "fixable"]


def test_gitlab_code_quality_report(tree):
    issues = json.loads(run("check", "docs", "--format", "gitlab").output)
    assert [(i["check_name"], i["location"], i["severity"]) for i in issues] == [
        ("token-spacing", {"path": "docs/kop.md", "lines": {"begin": 3}}, "minor"),
        ("empty-link-text", {"path": "docs/kop.md", "lines": {"begin": 3}}, "major"),
    ]
    assert all(i["type"] == "issue" and i["description"].startswith(f"[{i['check_name']}] ") for i in issues)
    assert len({i["fingerprint"] for i in issues}) == 2


def test_a_baseline_hides_old_findings_even_after_lines_move(tree):
    assert run("check", "docs", "--write-baseline", "baseline.json").exit_code == 1
    page = tree / "docs" / "kop.md"
    page.write_text("Een nieuwe alinea met [ ](kop.md).\n\n" + page.read_text())
    result = run("check", "docs", "--baseline", "baseline.json")
    # Only the new empty link is reported; the two old findings moved two lines down and stay hidden.
    assert [line.split(": ")[0] for line in result.output.splitlines()[:1]] == ["docs/kop.md:1:23"]
    assert "2 more in the baseline, not shown" in result.output.splitlines()
    assert result.exit_code == 1


def test_a_file_that_is_no_baseline_is_exit_2_naming_it(tree):
    (tree / "b.json").write_text("[1, 2]")
    result = CliRunner().invoke(main, ["check", "docs", "--baseline", "b.json"])
    assert result.exit_code == 2 and "--baseline: b.json: not a loclint baseline" in result.output
