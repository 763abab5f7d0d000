"""The page cache under attack (issue 20): whatever happened to the tree, its
history, the environment or the cache folder, a normal run prints what a
`--no-cache` run prints, and a write into the cache never leaves it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROJECT

from loclint import __version__
from loclint.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

# What git reads from the environment to find a repository: cleared for the
# git that builds these fixtures, whatever runs the tests.
_REPO_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
                   "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CEILING_DIRECTORIES")
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in _REPO_VARIABLES}
GIT_ENV = {**CLEAN_ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": "2026-01-02T00:00:00",
           "GIT_COMMITTER_DATE": "2026-01-02T00:00:00"}

V1 = "# Overview\n\nUse [!DNL Campaign].\n"
V2 = "# Overview\n\nUse [!DNL Campaign] and [!DNL Target].\n"
V3 = "# Overview\n\nUse [!DNL Campaign], [!DNL Target] and [!DNL Analytics].\n"
NL_BODY = "# Overzicht\n\nGebruik [!DNL Campaign].\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env=GIT_ENV).stdout.strip()


def loclint(cwd: Path, *args: str, env: dict | None = None, pythonpath: Path | None = None) -> tuple[int, str, str]:
    """A real run, in a process of its own (git state is read afresh)."""
    env = dict(env if env is not None else CLEAN_ENV)
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run([sys.executable, "-m", "loclint", "check", "--fail-on", "never", "-j", "1", *args],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    return done.returncode, done.stdout, done.stderr


def same_as_fresh(cwd: Path, *args: str, **kw) -> str:
    """The output of a run through the cache, checked against a run without."""
    code, cached, err = loclint(cwd, *args, **kw)
    assert code == 0, err
    code, fresh, err = loclint(cwd, "--no-cache", *args, **kw)
    assert code == 0, err
    assert cached == fresh
    return fresh


# --- 1. the source page as the lint compared it -------------------------------

FRONT_MATTER = {
    "plain": "---\ntitle: Overzicht\nsource-git-commit: {c}\n---\n\n",
    "yaml comment": "---\ntitle: Overzicht\nsource-git-commit: {c}  # vertaald van deze\n---\n\n",
    "after 4 KB": "---\ntitle: Overzicht\ndescription: " + "Lange beschrijving. " * 250 + "\nsource-git-commit: {c}\n---\n\n",
}


def _translated_from_c1(tmp_path: Path, fm: str, exists_at_commit: bool) -> Path:
    """site.en at a first commit (with or without the page), the page added
    or kept in a second one and edited since; the Dutch page names the first."""
    en = tmp_path / "site.en"
    write(en / "help" / "other.md", "# Other\n")
    if exists_at_commit:
        write(en / "help" / "overview.md", V1)
    git(en, "init", "-q")
    git(en, "add", ".")
    git(en, "commit", "-qm", "first")
    c1 = git(en, "rev-parse", "HEAD")
    if not exists_at_commit:
        write(en / "help" / "overview.md", V1)
        git(en, "add", ".")
        git(en, "commit", "-qm", "the page appears")
    write(en / "help" / "overview.md", V2)  # not committed yet
    write(tmp_path / "site.nl-NL" / "help" / "overview.md", FRONT_MATTER[fm].format(c=c1) + NL_BODY)
    return en


# --- 3. GIT_DIR and friends in the environment --------------------------------


@pytest.mark.parametrize("variables", [("GIT_DIR",), ("GIT_DIR", "GIT_WORK_TREE"), ("GIT_OBJECT_DIRECTORY",),
                                       ("GIT_COMMON_DIR",), ("GIT_INDEX_FILE", "GIT_DIR")])
def test_the_source_repository_is_read_whatever_git_exports_to_a_hook(tmp_path, variables):
    en = _translated_from_c1(tmp_path, "plain", True)
    git(en, "commit", "-qam", "Target")
    # A pre-commit hook in the Dutch repository runs with its GIT_DIR set.
    nl = tmp_path / "site.nl-NL"
    git(nl, "init", "-q")
    git(nl, "add", ".")
    git(nl, "commit", "-qm", "vertaling")
    hook = {"GIT_DIR": nl / ".git", "GIT_WORK_TREE": nl, "GIT_OBJECT_DIRECTORY": nl / ".git" / "objects",
            "GIT_COMMON_DIR": nl / ".git", "GIT_INDEX_FILE": nl / ".git" / "index"}
    env = {**CLEAN_ENV, **{v: str(hook[v]) for v in variables}}
    expected = loclint(tmp_path, "--no-cache", "site.nl-NL")
    assert "[stale-translation]" in expected[1]
    assert loclint(tmp_path, "--no-cache", "site.nl-NL", env=env) == expected
    assert loclint(tmp_path, "site.nl-NL", env=env) == expected


# --- 4. a corrupt cache entry -------------------------------------------------


def check(*args):
    return CliRunner().invoke(main, ["check", "--fail-on", "never", "-j", "1", *args], catch_exceptions=False)


def _entries(tree: Path) -> list[Path]:
    return sorted((tree / ".loclint_cache").rglob("*.json"))


@pytest.mark.parametrize("content", [
    b"[]", b"null", b'"findings"', b"{}", b'{"findings": 5}', b'{"findings": [{"path": 1}]}',
    b'{"findings": [], "deps": [], "notes": [], "pairs": []}',
    b'{"findings": [], "deps": {}, "notes": [], "pairs": [[1]]}',
    b'{"findings": [], "deps": {}, "notes": [7], "pairs": []}',
    b'{"findings": [{"path": "docs/nl/a.md", "line": "1", "column": 1, "end_column": null, "rule": "broken-link",'
    b' "severity": "error", "message": "m", "origin": null, "source": null}], "deps": {}, "notes": [], "pairs": []}',
    b'{"findings": [{"path": "docs/nl/a.md", "line": 1, "column": 1, "end_column": null, "rule": "broken-link",'
    b' "severity": "fatal", "message": "m", "origin": null, "source": null}], "deps": {}, "notes": [], "pairs": []}',
    b'{"findings": [{"path": "docs/nl/a.md", "line": 1, "column": 1, "end_column": null, "rule": ["broken-link"],'
    b' "severity": "error", "message": "m", "origin": null, "source": null}], "deps": {}, "notes": [], "pairs": []}',
    b'{"findings": [{"path": "docs/nl/a.md", "line": true, "column": 1, "end_column": null, "rule": "broken-link",'
    b' "severity": "error", "message": "m", "origin": null, "source": null}], "deps": {}, "notes": [], "pairs": []}',
    b'{"findings": [{"path": "docs/nl/a.md", "line": 1, "column": 1, "end_column": null, "rule": "broken-link",'
    b' "severity": "error", "message": "m", "origin": null, "source": null, "fix": {"edits": 3}}],'
    b' "deps": {}, "notes": [], "pairs": []}',
    b'{"findings": [], "deps"',  # truncated
    b"\x00\xff\xfe binary",
], ids=lambda c: c[:24].decode("latin-1"))
def test_a_corrupt_cache_entry_is_ignored_and_rewritten(tree, content):
    fresh = check("docs/nl", "--no-cache")
    assert check("docs/nl").output == fresh.output
    entries = _entries(tree)
    assert entries
    good = {entry: entry.read_bytes() for entry in entries}
    for entry in entries:
        entry.write_bytes(content)
    result = check("docs/nl")
    assert (result.exit_code, result.output) == (fresh.exit_code, fresh.output)
    assert {entry: entry.read_bytes() for entry in _entries(tree)} == good


# --- 5. links planted in the cache folder -------------------------------------


def test_cache_writes_never_follow_a_planted_link(tree, tmp_path_factory):
    check("docs/nl")
    cache = tree / ".loclint_cache"
    version = cache / f"v{__version__}"
    shards = sorted(p.name for p in version.iterdir())
    expected = {p.relative_to(cache) for p in cache.rglob("*")}
    shutil.rmtree(cache)
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # outside the docs root: the keys stay the same
    outside = elsewhere / "outside"
    outside.mkdir()
    victim = elsewhere / "victim.txt"
    victim.write_text("precious\n")
    cache.mkdir()
    (cache / "CACHEDIR.TAG").symlink_to(elsewhere / "created-through-a-link")  # dangling: writing would create it
    (cache / ".gitignore").symlink_to(victim)
    version.mkdir()
    (version / shards[0]).symlink_to(outside, target_is_directory=True)
    for shard in shards[1:]:
        (version / shard).mkdir()
    for entry in [e for e in expected if e.suffix == ".json"]:
        if (cache / entry).parent.name != shards[0]:
            (cache / entry).symlink_to(victim)
    fresh = check("docs/nl", "--no-cache").output
    assert check("docs/nl").output == fresh
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["outside", "victim.txt"] and list(outside.iterdir()) == []
    found = {p.relative_to(cache) for p in cache.rglob("*")}
    assert found == expected and not any((cache / p).is_symlink() for p in found)
    assert check("docs/nl").output == fresh


def test_the_cache_folder_is_ignored_by_git_and_tagged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "docs" / "nl" / "a.md", "# A\n")
    git(tmp_path, "init", "-q")
    check("docs")
    cache = tmp_path / ".loclint_cache"
    assert (cache / ".gitignore").read_text() == "*\n"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert git(tmp_path, "status", "--porcelain", "--untracked-files=all") == "?? docs/nl/a.md"


