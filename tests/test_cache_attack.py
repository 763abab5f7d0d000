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

from loclint.cache import Cache
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
# A token cut short in the translation's eyes: evident even against today's English.
V3 = "# Overview\n\nUse [!DNL Campaign Classic], [!DNL Target] and [!DNL Analytics].\n"
NL_BODY = "# Overzicht\n\nGebruik [!DNL Campaign].\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env=GIT_ENV).stdout.strip()


def loclint(cwd: Path, *args: str, env: dict | None = None, pythonpath: Path | None = None,
            timeout: float = 120) -> tuple[int, str, str]:
    """A real run, in a process of its own (git state is read afresh)."""
    env = dict(env if env is not None else CLEAN_ENV)
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run([sys.executable, "-m", "loclint", "check", "--fail-on", "never", "-j", "1",
                           "--min-severity", "info", *args],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
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
    """site.en whose first commit has the page (or not: it comes in a second
    one), its working file edited since; the Dutch page names the first."""
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


@pytest.mark.parametrize("fm, exists_at_commit", [("plain", False), ("yaml comment", True), ("after 4 KB", True),
                                                   ("yaml comment", False), ("after 4 KB", False)])
@pytest.mark.parametrize("change", ["edit the working file", "commit the working file"])
def test_a_cached_run_prints_what_a_fresh_one_does_after_the_source_moves(tmp_path, fm, exists_at_commit, change):
    en = _translated_from_c1(tmp_path, fm, exists_at_commit)
    before = same_as_fresh(tmp_path, "site.nl-NL")
    if change == "edit the working file":
        write(en / "help" / "overview.md", V3)
    else:
        git(en, "commit", "-qam", "Target")
    after = same_as_fresh(tmp_path, "site.nl-NL")
    # Compared with the working file, the edit shows; at the commit, only the new commit does.
    if not exists_at_commit:
        assert ("[!DNL Campaign Classic]" in after) == (change == "edit the working file")
    if change == "commit the working file":
        assert "stale-translation" in after and after != before


def test_a_file_appearing_in_the_source_tree_relabels_an_inherited_finding(tmp_path):
    # The source page is linted too (is a defect inherited?), against its own tree.
    write(tmp_path / "site.en" / "help" / "overview.md", "# Overview\n\nSee [it](missing.md).\n")
    write(tmp_path / "site.nl-NL" / "help" / "overview.md", "# Overzicht\n\nZie [het](missing.md).\n")
    before = same_as_fresh(tmp_path, "site.nl-NL")
    assert "(inherited; source site.en/help/overview.md)" in before
    write(tmp_path / "site.en" / "help" / "missing.md", "# Missing\n")
    assert "(introduced; source site.en/help/overview.md)" in same_as_fresh(tmp_path, "site.nl-NL")


# --- 2. one cache, two locales ------------------------------------------------


def test_a_page_identical_in_two_locales_gets_its_own_findings(tmp_path):
    # One config at the top of a monorepo: both trees share .loclint_cache/.
    write(tmp_path / ".loclint.toml", "")
    page = "# Page\n\nSee [the guide](https://experienceleague.adobe.com/nl/docs/guide).\n"
    for locale in ("en", "nl", "de"):
        write(tmp_path / "docs" / locale / "a.md", page)
    code, nl, err = loclint(tmp_path / "docs" / "nl", ".")
    assert code == 0, err
    assert "hard-coded-locale" not in nl
    de = same_as_fresh(tmp_path / "docs" / "de", ".")
    assert "a.md:3:5: warning [hard-coded-locale]" in de and "points at the `nl` pages; expected `de`" in de


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
    return CliRunner().invoke(main, ["check", "--fail-on", "never", "-j", "1", "--min-severity", "info", *args],
                              catch_exceptions=False)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.json"))


def _planted(row=None, **fields) -> bytes:
    """An entry as loclint writes it (one finding, `row`), but for `fields`."""
    # A row: path (an index into names), line, column, rule, message, severity, end column, fix, origin,
    # source (an index or null), fingerprint, excerpt, source excerpt.
    row = row or [0, 1, 1, "broken-link", "m", "error", None, None, None, None, None, None, None]
    entry = {"findings": [row], "names": ["docs/nl/a.md"], "deps": {}, "notes": [], "pairs": [], "lang": None,
             "compared": "", "links": [], **fields}
    return json.dumps(entry).encode()


def _row(**changes) -> list:
    fields = ["path", "line", "column", "rule", "message", "severity", "end_column", "fix", "origin", "source",
              "fingerprint", "excerpt", "source_excerpt"]
    row = [0, 1, 1, "broken-link", "m", "error", None, None, None, None, None, None, None]
    for name, value in changes.items():
        row[fields.index(name)] = value
    return row


_CORRUPT = [
    b"[]", b"null", b'"findings"', b"{}", b'{"findings": 5}', b'{"findings": [{"path": 1}]}', b'{"findings": [[1]]}',
    _planted(deps=[]), _planted(pairs=[[1]]), _planted(notes=[7]), _planted(names=None), _planted(names=[1]),
    _planted(compared="never"), _planted(links=[["/", "a.md"]]),
    _planted(_row(line="1")), _planted(_row(line=True)), _planted(_row(severity="fatal")),
    _planted(_row(rule=["broken-link"])), _planted(_row(rule="no-such-rule")), _planted(_row(origin="elsewhere")),
    _planted(_row(path=1)), _planted(_row(path=-1)), _planted(_row(path="docs/nl/a.md")), _planted(_row(source=3)),
    _planted(_row(excerpt=5)), _planted(_row(end_column=1.5)),
    _planted(_row(fix=[False, 3])), _planted(_row(fix=[False, [[1, 1, 1, 7]]])), _planted(_row(fix=[])),
    _planted(_row(fix=[1, []])), _planted(_row()[:12]),
    b'{"findings": [], "deps"',  # truncated
    b"\x00\xff\xfe binary",
]


def test_an_entry_is_read_only_as_loclint_writes_it():
    from loclint.cache import _entry

    written = _entry(_planted(_row(fix=[True, [[1, 2, 3, "x"]]], source=0, origin="inherited")))
    assert [(f.path, f.source, f.fix.edits[0].replacement) for f in written["findings"]] == [
        ("docs/nl/a.md", "docs/nl/a.md", "x")]
    assert [content for content in _CORRUPT if _entry(content) is not None] == []


@pytest.mark.parametrize("content", _CORRUPT, ids=lambda c: c[:24].decode("latin-1"))
def test_a_corrupt_cache_entry_is_ignored_and_rewritten(tree, content):
    fresh = check("docs/nl", "--no-cache")
    assert check("docs/nl").output == fresh.output
    entries = _entries(tree / ".loclint_cache")
    assert entries
    good = {entry: entry.read_bytes() for entry in entries}
    for entry in entries:
        entry.write_bytes(content)
    result = check("docs/nl")
    assert (result.exit_code, result.output) == (fresh.exit_code, fresh.output)
    assert {entry: entry.read_bytes() for entry in _entries(tree / ".loclint_cache")} == good


def test_an_entry_depending_on_a_fifo_does_not_hang_the_run(tree, tmp_path_factory):
    fresh = check("docs/nl", "--no-cache").output
    check("docs/nl")
    fifo = tmp_path_factory.mktemp("elsewhere") / "page.md"  # outside the root: the keys stay the same
    os.mkfifo(fifo)
    for entry in _entries(tree / ".loclint_cache"):
        data = json.loads(entry.read_text())
        data["deps"] = {str(fifo): "0" * 64}
        entry.write_text(json.dumps(data))
    code, out, err = loclint(tree, "docs/nl", timeout=30)  # a process of its own: the old code blocked for ever
    assert (code, out) == (0, fresh), err


# --- 5. links planted in the cache folder -------------------------------------


def test_cache_writes_never_follow_a_planted_link(tree, tmp_path_factory):
    check("docs/nl")
    cache = tree / ".loclint_cache"
    version = Cache(cache).entries
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


# --- issue 14: the key holds loclint's own code -------------------------------


def test_after_editing_a_rule_the_cli_prints_its_new_findings(tmp_path):
    code = tmp_path / "code"
    shutil.copytree(PROJECT / "src" / "loclint", code / "src" / "loclint",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT / "rules", code / "rules")
    docs = tmp_path / "docs"
    write(docs / "a.md", "# A\n\nSee [the page](missing.md).\n")
    first = same_as_fresh(docs, ".", pythonpath=code / "src")
    assert "[broken-link]" in first
    rule = code / "src" / "loclint" / "rules" / "broken_link.py"
    text = rule.read_text()
    assert "does not exist" in text
    rule.write_text(text.replace("does not exist", "is nowhere"))
    second = same_as_fresh(docs, ".", pythonpath=code / "src")
    assert "is nowhere" in second


@pytest.mark.parametrize("at_calls", [True, False], ids=["openat", "by path (no dir_fd: Windows)"])
def test_a_cache_folder_asked_for_anywhere_is_made_and_used(tree, tmp_path_factory, monkeypatch, at_calls):
    import loclint.cache
    import loclint.run

    monkeypatch.setattr(loclint.cache, "_AT", at_calls)
    cache = tmp_path_factory.mktemp("build") / "tmp" / "cache"  # outside the docs root: not one of its files
    cold = check("docs/nl", "--cache-dir", str(cache)).output
    assert (cache / ".gitignore").read_text() == "*\n" and len(_entries(cache)) == 2
    calls = []
    monkeypatch.setattr(loclint.run, "process", lambda job, linter: calls.append(job))
    assert check("docs/nl", "--cache-dir", str(cache)).output == cold and calls == []
