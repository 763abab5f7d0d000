"""The real pre-commit, against this checkout, on a throwaway repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import PROJECT

pytestmark = pytest.mark.slow

BROKEN = "# Overzicht\n\nAdobe [!DNL Campaign] v8 ondersteunt [!dnl Campaign] campagnes.\n"
FIXED = "# Overzicht\n\nAdobe [!DNL Campaign] v8 ondersteunt [!DNL Campaign] campagnes.\n"


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_hook_fails_on_a_broken_page_and_passes_once_fixed(tmp_path):
    repo = tmp_path / "docs"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    _git(repo, "init", "-q")
    page = repo / "overzicht.md"
    page.write_text(BROKEN, encoding="utf-8")
    _git(repo, "add", "overzicht.md")

    def try_repo():
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(PROJECT), "loclint", "--all-files"],
            cwd=repo, env=env, capture_output=True, text=True, timeout=600,
        )

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "overzicht.md:3:38: error [token-malformed]" in failed.stdout

    page.write_text(FIXED, encoding="utf-8")
    _git(repo, "add", "overzicht.md")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_fix_hook_repairs_the_page(tmp_path):
    repo = tmp_path / "docs"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    _git(repo, "init", "-q")
    page = repo / "overzicht.md"
    page.write_text(BROKEN, encoding="utf-8")
    _git(repo, "add", "overzicht.md")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(PROJECT), "loclint-fix", "--all-files"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )
    # pre-commit fails a hook that changed files, and the page is repaired.
    assert done.returncode == 1, done.stdout + done.stderr
    assert "files were modified by this hook" in done.stdout
    assert page.read_text(encoding="utf-8") == FIXED
