"""The dev loop tells the truth: the tests test this checkout, CI runs the
README's command, and the rule scaffold writes what a new rule needs."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys

from conftest import PROJECT

SCAFFOLD = PROJECT / "tools" / "new_rule.py"

REGISTRY = '''"""The registry."""

from __future__ import annotations

from loclint.rule import Rule, registry
from loclint.rules import (
    afm_keyword,
    token_spacing,
)

MISSING_PAGE = Rule(id="missing-page", summary="A missing page.", severity="info")

RULES = registry(
    # on the page alone
    token_spacing,
    afm_keyword,
    MISSING_PAGE,
)
'''


def test_a_session_importing_another_copy_of_loclint_stops_and_says_so(tmp_path):
    # An installed copy first on the path: the tests would test it, not the checkout.
    shutil.copytree(PROJECT / "src" / "loclint", tmp_path / "loclint")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_docs.py"],
                          cwd=PROJECT, env=env, capture_output=True, text=True)
    assert done.returncode == 4, done.stdout + done.stderr
    assert f"the tests imported loclint from {tmp_path / 'loclint'}, not from {PROJECT / 'src'}" in done.stdout


def test_ci_runs_the_readmes_test_command_verbatim_with_an_editable_install():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    command = re.findall(r"```sh\n(.*?)\n```", readme, re.S)[1]
    assert "pip install -e '.[test]'" in command and command.endswith("python -m pytest")
    assert command in (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _tree(tmp_path):
    """A small project: a registry of two rules, a rule page, a fixture."""
    (tmp_path / "src/loclint/rules").mkdir(parents=True)
    (tmp_path / "src/loclint/rules/__init__.py").write_text(REGISTRY)
    for folder in ("rules", "fixtures/pages"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "token-spacing.md").write_text("# token-spacing\n")
    return tmp_path


def scaffold(root, *args):
    return subprocess.run([sys.executable, str(SCAFFOLD), *args, "--root", str(root)], capture_output=True, text=True)


def test_the_scaffold_writes_the_module_registry_line_page_and_fixture(tmp_path):
    root = _tree(tmp_path)
    done = scaffold(root, "double-word", "--nodes", "inline,heading", "--option", "allowed=[]",
                    "--option", "min-length=3", "--option", "ignore-case=true")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2].strip() == ".venv/bin/python -m pytest --regenerate tests/test_fixtures.py tests/test_corpus.py"

    module = ast.parse((root / "src/loclint/rules/double_word.py").read_text())
    rule = next(n.value for n in module.body if isinstance(n, ast.Assign) and n.targets[0].id == "RULE")
    declared = {k.arg: ast.literal_eval(k.value) for k in rule.keywords}
    assert declared["id"] == "double-word" and declared["nodes"] == ("inline", "heading")
    assert declared["options"] == {"allowed": [], "min-length": 3, "ignore-case": True}
    assert declared["severity"] in ("error", "warning", "info")
    check = next(n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "check")
    assert [a.arg for a in check.args.args] == ["node", "ctx", "options"]

    registry = (root / "src/loclint/rules/__init__.py").read_text()
    ast.parse(registry)
    assert registry == REGISTRY.replace("    afm_keyword,\n    token_spacing,", "    afm_keyword,\n    double_word,\n    token_spacing,").replace(
        "    MISSING_PAGE,\n)", "    MISSING_PAGE,\n    double_word,\n)")

    page = (root / "rules/double-word.md").read_text()
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert headings == ["# double-word", "## What it does", "## Why is this bad?", "## Example", "## Use instead",
                        "## Fix safety", "## Options"]
    assert re.search(r"^```markdown bad \d+:\d+$", page, re.M) and "\n```markdown good\n" in page
    assert "- `allowed` (default: none)" in page and "- `min-length` (default: 3)" in page
    assert not page.startswith("---")  # the code declares id, summary, severity: no front matter
    assert (root / "fixtures/pages/double-word.md").read_text().startswith("---\ntitle: double-word\n---\n")
    assert not (root / "fixtures/pages/double-word.expected").exists()  # written by the regenerate command


def test_the_scaffold_overwrites_nothing_and_says_why(tmp_path):
    root = _tree(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    done = scaffold(root, "token-spacing")
    assert done.returncode == 2
    assert done.stderr == "new_rule: error: rules/token-spacing.md exists already: not overwritten\n"
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert scaffold(root, "Double_Word").stderr.startswith("new_rule: error: 'Double_Word': a rule id is")
    assert scaffold(root, "double-word", "--option", "allowed").stderr.startswith("new_rule: error: --option 'allowed'")
