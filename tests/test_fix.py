"""--fix and --diff: the fixes of the rule pages, byte-exact files, atomic
writes, idempotence."""

from __future__ import annotations

import json
import shutil
import stat

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from loclint.cli import main
from loclint.config import Config
from loclint.finding import Edit
from loclint.fix import apply_edits, fix_text, write_atomically
from loclint.linter import Linter
from loclint.ruledocs import fix_examples, rule_pages
from loclint.rules import RULES

FIX_EXAMPLES = [ex for page in rule_pages().values() for ex in fix_examples(page)]


def fixer(tmp_path, name="nl/example.md", unsafe=False, **config):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    linter = Linter(Config(base=tmp_path, root=tmp_path, lang="nl-NL", **config))
    return lambda text: fix_text(text, lambda t: linter.lint(path, text=t).findings, unsafe)


def test_every_fixable_rule_shows_a_fix_and_no_other_rule_fixes():
    shown = {ex.rule for ex in FIX_EXAMPLES}
    assert shown == {rid for rid, rule in RULES.items() if rule.fixable}


@pytest.mark.parametrize("example", FIX_EXAMPLES, ids=lambda ex: ex.rule)
def test_rule_page_fix_example(tmp_path, example):
    before, after = example.before, example.after
    if example.source is not None:  # paired as on the rule pages: en/ at a commit the page names
        head = f"---\nsource-git-commit: {_committed_source(tmp_path, example.source)}\n---\n"
        before, after = head + before, head + after
    fix = fixer(tmp_path, unsafe=example.unsafe, select=frozenset([example.rule]))
    assert fix(before).fixed == after
    assert not fix(after).changed
    if example.unsafe:  # without --unsafe-fixes nothing happens
        assert not fixer(tmp_path, select=frozenset([example.rule]))(before).changed


def _committed_source(tmp_path, text: str) -> str:
    import os
    import subprocess

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "example.md").write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "source"], ["rev-parse", "HEAD"]):
        done = subprocess.run(["git", *args], cwd=tmp_path / "en", check=True, capture_output=True, text=True, env=env)
    return done.stdout.strip()


def test_findings_of_unfixable_rules_carry_no_fix(tmp_path):
    linter = Linter(Config(base=FIXTURES, root=FIXTURES))
    for page in sorted(FIXTURES.rglob("*.md")):
        for finding in linter.lint(page).findings:
            assert finding.fix is None or RULES[finding.rule].fixable, finding


@pytest.mark.parametrize(
    "raw, fixed",
    [
        # CRLF kept, BOM kept, the final newline (or its absence) kept.
        (b"\xef\xbb\xbf# Kop\r\n\r\nscenario&#39;s  hier\r\nAdobe  [!DNL x]  y\r\n",
         b"\xef\xbb\xbf# Kop\r\n\r\nscenario's  hier\r\nAdobe [!DNL x] y\r\n"),
        (b"# Kop\n\nscenario&#39;s zonder slot", b"# Kop\n\nscenario's zonder slot"),
        (b"# Kop\r\rscenario&#39;s\rmet oude Mac-regels\r", b"# Kop\r\rscenario's\rmet oude Mac-regels\r"),
        (b"---\r\ntitle: Caf&eacute;\r\n---\r\n\r\n# Kop\r\n", b"---\r\ntitle: Caf\xc3\xa9\r\n---\r\n\r\n# Kop\r\n"),
    ],
)
def test_fix_keeps_bytes_line_endings_bom_and_mode(tmp_path, monkeypatch, raw, fixed):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "pagina.md"
    page.write_bytes(raw)
    page.chmod(0o640)
    result = CliRunner().invoke(main, ["check", "pagina.md", "--fix", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert page.read_bytes() == fixed
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["pagina.md"]  # no temporary file left
    again = CliRunner().invoke(main, ["check", "pagina.md", "--diff", "--fail-on", "never"])
    assert again.exit_code == 0 and again.output.startswith("0 findings") or "---" not in again.output


def test_diff_writes_nothing_and_exits_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "pagina.md"
    page.write_text("Adobe  [!DNL Campaign]  v8\n")
    result = CliRunner().invoke(main, ["check", "pagina.md", "--diff", "--fail-on", "never"])
    assert result.exit_code == 1
    assert result.output == ("--- a/pagina.md\n+++ b/pagina.md\n@@ -1 +1 @@\n"
                             "-Adobe  [!DNL Campaign]  v8\n+Adobe [!DNL Campaign] v8\n")  # the patch alone
    assert page.read_text() == "Adobe  [!DNL Campaign]  v8\n"


@pytest.mark.parametrize("raw", [b"# Kop\n\nAdobe  [!DNL Campaign]  v8", b"# Kop\r\n\r\nAdobe  [!DNL Campaign]  v8\r\n"])
def test_diff_applies_with_git_apply_and_patch_and_a_report_goes_to_its_file(tmp_path, monkeypatch, raw):
    import subprocess

    monkeypatch.chdir(tmp_path)
    page = tmp_path / "pagina.md"
    page.write_bytes(raw)
    result = CliRunner().invoke(main, ["check", "pagina.md", "--diff", "--format", "json", "--output", "r.json"])
    assert result.exit_code == 1
    assert json.loads((tmp_path / "r.json").read_text())["version"] == 1  # the report stays parseable
    patch = result.stdout_bytes
    subprocess.run(["git", "apply", "--check", "-"], input=patch, check=True, cwd=tmp_path)
    if shutil.which("patch"):
        subprocess.run(["patch", "--dry-run", "-p1", "-s"], input=patch, check=True, cwd=tmp_path)
    subprocess.run(["git", "apply", "-"], input=patch, check=True, cwd=tmp_path)
    applied = page.read_bytes()
    page.write_bytes(raw)
    assert CliRunner().invoke(main, ["check", "pagina.md", "--fix", "-q", "--fail-on", "never"]).stdout == ""
    assert page.read_bytes() == applied  # the patch is what --fix writes



def test_unsafe_fixes_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "nl" / "pagina.md"
    page.parent.mkdir()
    (tmp_path / "en").mkdir()
    page.write_text("Combineert 1 :1 profielen en `a &amp; b`.\n")
    CliRunner().invoke(main, ["check", "nl", "--fix", "--fail-on", "never"])
    assert page.read_text() == "Combineert 1 :1 profielen en `a &amp; b`.\n"
    CliRunner().invoke(main, ["check", "nl", "--fix", "--unsafe-fixes", "--fail-on", "never"])
    assert page.read_text() == "Combineert 1:1 profielen en `a & b`.\n"


def test_code_entity_is_fixed_safely_when_the_source_has_the_literal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "en").mkdir()
    (tmp_path / "nl").mkdir()
    (tmp_path / "en" / "p.md").write_text("Run `a & b` and `c < d`.\n")
    (tmp_path / "nl" / "p.md").write_text("Voer `a &amp; b` en `c &lt; e` uit.\n")
    CliRunner().invoke(main, ["check", "nl", "--fix", "--fail-on", "never"])
    assert (tmp_path / "nl" / "p.md").read_text() == "Voer `a & b` en `c &lt; e` uit.\n"


def test_a_fix_that_would_create_a_finding_is_dropped():
    from loclint.finding import Finding, Fix

    def lint(text):
        found = []
        if "&#42;" in text:  # fixable: writing the star back
            found.append(Finding("p.md", 1, 1, "escaped-entity", "star", "warning",
                                 fix=Fix((Edit(1, 1, 5, "*"),))))
        if "&#39;" in text:
            found.append(Finding("p.md", 2, 1, "escaped-entity", "quote", "warning",
                                 fix=Fix((Edit(2, 1, 5, "'"),))))
        if text.startswith("*"):  # ... which a (pretend) rule then reports
            found.append(Finding("p.md", 1, 1, "empty-emphasis", "new", "warning"))
        return found

    result = fix_text("&#42;x\n&#39;y\n", lint)
    assert result.fixed == "&#42;x\n'y\n"
    assert [f.message for f in result.findings] == ["star"]


def test_overlapping_edits_first_wins():
    text = "abcdef\n"
    edits = [Edit(1, 2, 3, "X"), Edit(1, 3, 1, "Y"), Edit(1, 6, 1, "Z")]
    assert apply_edits(text, edits) == "aXeZ\n"


def test_file_changed_on_disk_is_not_overwritten(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("nieuw\n")
    with pytest.raises(OSError, match="changed on disk"):
        write_atomically(page, "gefixt\n", False, b"oud\n")
    assert page.read_text() == "nieuw\n"


def test_fix_report_carries_edits(tmp_path, monkeypatch):
    import json

    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("Adobe  [!DNL Campaign]  v8\n")
    data = json.loads(CliRunner().invoke(main, ["check", "p.md", "--format", "json"]).output)
    assert data["findings"][0]["fix"] == {"unsafe": False, "edits": [
        {"line": 1, "column": 6, "length": 2, "replacement": " "},
        {"line": 1, "column": 23, "length": 2, "replacement": " "},
    ]}


def test_fix_every_fixture_page_once_and_for_all(tmp_path, monkeypatch):
    """--fix over copies of every fixture page: BOM, CRLF, no final newline
    kept; a second run changes nothing."""
    import shutil

    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, ["check", "fixtures", "--root", "fixtures", "--fix", "--fail-on", "never"])
    assert first.exit_code == 0, first.output
    bom = (tmp_path / "fixtures/pages/bom-crlf.md").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf") and bom.count(b"\r\n") == bom.count(b"\n") == 5
    assert b"&#39;" not in bom and b"Adobe [!DNL Campaign] v8" in bom
    tail = (tmp_path / "fixtures/pages/no-front-matter-no-final-newline.md").read_bytes()
    assert tail.endswith(b"Gebruiksscenario's zonder slotregel")
    second = CliRunner().invoke(main, ["check", "fixtures", "--root", "fixtures", "--diff", "--fail-on", "never"])
    assert second.exit_code == 0 and "+++ b/" not in second.output


def test_rendering_a_page_to_judge_its_fixes_leaves_its_tokens_as_parsed(tmp_path):
    from loclint.fix import meaning
    from loclint.page import from_text

    page = from_text("Zie ![Het schema&#39;s *overzicht*](a.png) hier.\n", tmp_path / "p.md")
    image = next(t for block in page.tokens if block.children for t in block.children if t.type == "image")
    parsed = dict(image.attrs)
    rendered = meaning(page.text, page.tokens, page.env, page.front_matter).rendered
    assert '<img src="a.png" alt="Het schema\'s overzicht" />' in rendered
    assert image.attrs == parsed
