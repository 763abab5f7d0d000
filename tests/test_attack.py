"""What an attack on loclint found (issue 20): hostile files, signals,
closed outputs, links out of the docs root, page text that drives a
terminal. Each test runs loclint as a user would: the CLI, or a process."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lint_text

LOCLINT = Path(sys.executable).with_name("loclint")


def loclint(*args, cwd, timeout=60, memory=None, **kw) -> subprocess.CompletedProcess:
    """loclint in a process of its own, killed after `timeout` seconds and,
    with `memory`, kept under that many bytes (a test must fail, not hang
    or take the machine's memory)."""
    def limit():
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    return subprocess.run([str(LOCLINT), *args], cwd=cwd, capture_output=True, timeout=timeout,
                          preexec_fn=limit, env={**os.environ, "CI": "1"}, **kw)


def _tree(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ".git").mkdir()
    (docs / "goed.md").write_text("# Kop\n\nTekst.\n")
    return docs


def _lines(result) -> list[str]:
    return result.stdout.decode().splitlines()


# --- files that are no pages ------------------------------------------------

def test_a_nul_after_the_first_8_kb_makes_a_binary_file(tmp_path):
    found = lint_text(tmp_path, ("Tekst.\n" * 2000).encode() + b"\x00" + b"meer tekst\n")
    assert [(f.line, f.column, f.rule) for f in found] == [(1, 1, "unreadable-page")]
    assert "binary file" in found[0].message


@pytest.mark.parametrize("extra", [[], ["--no-cache"], ["--fix"], ["--diff"]])
def test_a_fifo_named_like_a_page_is_reported_not_waited_for(tmp_path, extra):
    docs = _tree(tmp_path)
    os.mkfifo(docs / "x.md")
    result = loclint("check", ".", *extra, cwd=docs, timeout=30)
    assert "x.md:1:1: error [unreadable-page] cannot read page: not a regular file (a named pipe)" in _lines(result)
    assert result.returncode == 1


@pytest.mark.parametrize("extra", [[], ["--fix"]])
def test_a_page_linked_to_dev_zero_is_reported_not_read(tmp_path, extra):
    docs = _tree(tmp_path)
    (docs / "nul.md").symlink_to("/dev/zero")
    result = loclint("check", "nul.md", *extra, cwd=docs, timeout=30, memory=2 << 30)
    # Shown where the link leads (as every linked page is); either reason holds.
    assert _lines(result)[0].split(": error [unreadable-page] cannot read page: ")[1] in (
        "symlink out of the docs root", "not a regular file (a character device)")
    assert result.returncode == 1


def test_a_character_device_in_the_docs_root_is_not_read(tmp_path):
    docs = _tree(tmp_path)
    (docs / "apparaat.md").symlink_to("/dev/zero")
    result = loclint("check", "apparaat.md", "--root", "/", cwd=docs, timeout=30, memory=2 << 30)
    assert _lines(result)[0].endswith(": error [unreadable-page] cannot read page: not a regular file "
                                      "(a character device)")


# --- links out of the docs root -----------------------------------------------

SECRET = "# Geheim\n\nHet wachtwoord is  hunter2 .\n"  # findings would quote it


@pytest.mark.parametrize("how", ["named", "found", "fix"])
def test_a_page_linked_out_of_the_docs_root_is_not_read(tmp_path, how):
    docs = _tree(tmp_path)
    (tmp_path / "geheim.md").write_text(SECRET)
    (docs / "link.md").symlink_to(tmp_path / "geheim.md")
    args = {"named": ["link.md"], "found": ["."], "fix": ["link.md", "--fix", "--unsafe-fixes"]}[how]
    result = loclint("check", *args, "--no-cache", "--format", "json", cwd=docs)
    assert b"hunter2" not in result.stdout + result.stderr
    import json

    found = [(f["rule"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("unreadable-page", "cannot read page: symlink out of the docs root")]
    assert (tmp_path / "geheim.md").read_text() == SECRET  # and never written


def test_a_page_linked_inside_the_docs_root_is_read(tmp_path):
    docs = _tree(tmp_path)
    (docs / "echt.md").write_text("Tekst  met spaties.\n")
    (docs / "link.md").symlink_to("echt.md")
    result = loclint("check", "link.md", "--no-cache", "--select", "mt-spacing", cwd=docs)
    assert _lines(result)[0].startswith("echt.md:1:6: warning [mt-spacing]")  # shown where it leads


def test_an_anchor_target_linked_out_of_the_root_is_not_looked_up(tmp_path):
    docs = _tree(tmp_path)
    (tmp_path / "geheim.md").write_text(SECRET)
    (docs / "doel.md").symlink_to(tmp_path / "geheim.md")
    (docs / "echt.md").write_text("# Echt\n")
    # Were it looked up, one of the two would be told apart from the other.
    (docs / "a.md").write_text("[x](doel.md#geheim) [y](doel.md#anders) [z](echt.md#weg)\n")
    result = loclint("check", "a.md", "--no-cache", "--select", "broken-anchor", cwd=docs)
    assert [line.split(": ", 1)[0] for line in _lines(result)[:-1]] == ["a.md:1:41"]


# --- front matter ---------------------------------------------------------------

BOMB = "".join(
    [f"a: &a [{', '.join(['lol'] * 9)}]\n"]
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")]
)  # 9^9 strings, a kilobyte written


def test_a_yaml_alias_bomb_is_refused_and_reported(tmp_path):
    docs = _tree(tmp_path)
    for lang, extra in (("en", "exl-id: *i\n"), ("nl", "")):
        (docs / lang).mkdir()
        (docs / lang / "a.md").write_text(f"---\ntitle: Bom\n{BOMB}{extra}---\n\n# Kop\n")
    result = loclint("check", "en", "nl", "--no-cache", cwd=docs, timeout=60, memory=2 << 30)
    assert result.returncode == 1, result.stderr.decode()[-500:]
    found = [line for line in _lines(result)[:-1] if "[front-matter-invalid]" in line]
    message = "front matter uses the YAML alias *a: aliases are not allowed in front matter"
    assert found == [f"en/a.md:4:1: error [front-matter-invalid] {message}",
                     f"nl/a.md:4:1: info [front-matter-invalid] {message} (inherited; source en/a.md)"]


def test_an_asterisk_in_front_matter_is_no_alias(lint):
    found = lint("---\ntitle: '*Nieuw*'\ndescription: a * b\nitems: [x*, '*y']\n---\n# Kop\n")
    assert [f.rule for f in found if f.rule == "front-matter-invalid"] == []
