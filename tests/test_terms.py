"""`loclint terms`: the renderings of recurring English terms mined from
translated pages paired with their sources, printed as a candidate
glossary the config reads."""

from __future__ import annotations

import os
import subprocess
import tomllib

from click.testing import CliRunner

from loclint.cli import main
from loclint.config import from_mapping

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}

# (English, Dutch) blocks of two pages: `workflow` rendered two ways,
# `template` one way in its inflected forms.
PAGES = {
    "workflows.md": [
        ("The workflow starts with an email.", "De werkstroom begint met een e-mail."),
        ("Each workflow has one owner.", "Elke werkstroom heeft één eigenaar."),
        ("Open the workflow in the editor.", "Open de werkstroom in de editor."),
        ("This workflow can be paused.", "Dit werkschema kan worden gepauzeerd."),
        ("Delete the workflow when done.", "Verwijder het werkschema wanneer klaar."),
        ("Copy the workflow to another folder.", "Kopieer het werkschema naar een andere map."),
    ],
    "templates.md": [
        ("Pick a template.", "Kies een sjabloon."),
        ("The template is shared.", "Het sjabloon wordt gedeeld."),
        ("Templates are stored in folders.", "Sjablonen worden opgeslagen in mappen."),
        ("Edit the template.", "Bewerk het sjabloon."),
        ("Rename your template.", "Hernoem uw sjabloon."),
    ],
}


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


def write_tree(root):
    en, nl = root / "site.en" / "help", root / "site.nl-NL" / "help"
    en.mkdir(parents=True)
    nl.mkdir(parents=True)
    for name, blocks in PAGES.items():
        (en / name).write_text("\n\n".join(e for e, _ in blocks) + "\n")
    git(en.parent, "init", "-q")
    git(en.parent, "add", ".")
    git(en.parent, "commit", "-qm", "source")
    commit = git(en.parent, "rev-parse", "HEAD")
    for name, blocks in PAGES.items():
        (nl / name).write_text(f"---\nsource-git-commit: {commit}\n---\n" + "\n\n".join(d for _, d in blocks) + "\n")


EXPECTED = """\
# loclint terms: 2 pages in nl-NL, 11 aligned text blocks, 2 recurring terms with a rendering, 1 rendered several ways.
# The most frequent rendering is marked required and the others forbidden: edit before use.
[tool.loclint.glossary.nl-NL]
# workflow: 6 blocks; several renderings; werkschema 3, werkstroom 3
workflow = { required = ["werkschema"], forbidden = ["werkstroom"] }
# template: 5 blocks; sjabloon 5 (sjablonen, sjabloon)
template = { required = ["sjabloon"] }
"""


def test_terms_lists_the_renderings_of_each_recurring_term_and_flags_several(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path)
    result = CliRunner().invoke(main, ["terms", "site.nl-NL"])
    assert result.exit_code == 0, result.output
    assert result.output == EXPECTED


def test_the_candidate_glossary_is_one_the_config_reads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path)
    output = CliRunner().invoke(main, ["terms", "site.nl-NL"]).output
    data = tomllib.loads(output)["tool"]["loclint"]
    glossary = dict(from_mapping(data, tmp_path / ".loclint.toml").settings.glossaries)["nl-nl"]
    assert [(e.term, e.required, e.forbidden) for e in glossary] == [
        ("workflow", ("werkschema",), ("werkstroom",)), ("template", ("sjabloon",), ())]


def test_min_blocks_and_top(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path)
    output = CliRunner().invoke(main, ["terms", "site.nl-NL", "--min-blocks", "6", "--top", "1"]).output
    assert "workflow = " in output and "template" not in output


def test_pages_without_a_source_are_no_input_and_say_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text("# Titel\n")
    result = CliRunner().invoke(main, ["terms", "page.md"])
    assert result.exit_code == 0
    assert "no translated page paired with its source" in result.output


def test_a_missing_path_or_a_bad_config_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["terms", "nowhere"]).exit_code == 2
    (tmp_path / ".loclint.toml").write_text('[glossary.nl-NL]\nworkflow = 3\n')
    (tmp_path / "page.md").write_text("# Titel\n")
    result = CliRunner().invoke(main, ["terms", "page.md"])
    assert result.exit_code == 2 and "glossary.nl-NL.workflow" in result.output
