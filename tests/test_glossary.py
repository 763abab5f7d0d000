"""The glossary (`[glossary.<lang>]` in the config, or a CSV file it names)
and the two rules that read it, glossary-term and term-consistency, through
the CLI on a translation made from a commit of a git checkout of its source:
exact findings, the examples of their rule pages, and config errors (exit 2
naming the key)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from click.testing import CliRunner

from loclint.cli import main

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}

GLOSSARY = """\
[glossary.nl-NL]
workflow = { required = ["workflow"], forbidden = ["werkschema", "werkstroom"] }
template = { required = ["sjabloon"], forbidden = ["malplaatje"] }
"report suite" = { required = ["rapportsuite"], forbidden = ["rapportreeks", "rapportenpakket"] }
"""

# The example of rules/glossary-term.md.
ENGLISH = """\
Create a workflow from a template.

Each workflow has a report suite.

Copy the workflow.
"""
DUTCH = """\
Maak een werkstroom van een malplaatje.

Elk workflow heeft een rapportreeks.

Kopieer het proces.
"""
DUTCH_GOOD = """\
Maak een workflow van een van de sjablonen.

Elke workflow heeft een rapportsuite.

Kopieer de [!DNL workflow].
"""


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


@pytest.fixture
def pair(tmp_path, monkeypatch):
    """`write(english, dutch, glossary=GLOSSARY)`: site.en/help/a.md in git,
    site.nl-NL/help/a.md translated from its commit, the config beside them."""
    monkeypatch.chdir(tmp_path)

    def write(english: str, dutch: str, glossary: str = GLOSSARY):
        en, nl = tmp_path / "site.en" / "help", tmp_path / "site.nl-NL" / "help"
        en.mkdir(parents=True, exist_ok=True)
        nl.mkdir(parents=True, exist_ok=True)
        (en / "a.md").write_text(english)
        if not (en.parent / ".git").exists():
            git(en.parent, "init", "-q")
        git(en.parent, "add", ".")
        git(en.parent, "commit", "-qm", "source", "--allow-empty")
        (nl / "a.md").write_text(f"---\nsource-git-commit: {git(en.parent, 'rev-parse', 'HEAD')}\n---\n{dutch}")
        (tmp_path / ".loclint.toml").write_text(glossary)
        return tmp_path

    return write


def run(*args):
    return CliRunner().invoke(main, list(args))


def findings(rules="glossary-term,term-consistency"):
    result = run("check", "site.nl-NL", "--select", rules, "--format", "json", "--no-cache", "--jobs", "1")
    assert result.exit_code in (0, 1), result.output
    # Positions as the page examples give them: the page's own lines, below its 3 lines of front matter.
    return [(f["line"] - 3, f["column"], f["severity"], f["rule"], f["message"])
            for f in json.loads(result.output)["findings"]]


def test_glossary_term_reports_forbidden_renderings_where_they_stand_and_a_block_without_any(pair):
    pair(ENGLISH, DUTCH)
    assert findings("glossary-term") == [
        (1, 10, "warning", "glossary-term", "`werkstroom` renders the source's `workflow` (line 1) as the glossary "
         "forbids; expected `workflow`"),
        (1, 29, "warning", "glossary-term", "`malplaatje` renders the source's `template` (line 1) as the glossary "
         "forbids; expected `sjabloon`"),
        (3, 24, "warning", "glossary-term", "`rapportreeks` renders the source's `report suite` (line 3) as the "
         "glossary forbids; expected `rapportsuite`"),
        (5, 1, "warning", "glossary-term", "the source's `workflow` (line 5) should be rendered `workflow` (glossary); "
         "found none"),
    ]


def test_inflected_forms_compounds_and_tokens_are_renderings(pair):
    pair(ENGLISH + "\nTemplates and workflows of templates.\n",
         DUTCH_GOOD + "\nSjablonen en campagneworkflows van sjabloontypes.\n")
    assert findings() == []


def test_the_term_inside_code_a_token_or_a_url_is_not_the_terms(pair):
    pair("Open the `workflow` file, the [!UICONTROL Workflow] menu and https://example.com/workflow here.\n",
         "Open het `workflow` bestand, het [!UICONTROL Werkschema] menu en https://example.com/workflow hier.\n")
    assert findings() == []


def test_a_forbidden_rendering_inside_a_uicontrol_label_is_the_interfaces(pair):
    pair("Create a workflow in the menu.\n", "Maak een workflow in het menu [!UICONTROL Werkschema's].\n")
    assert findings() == []


def test_match_case_tells_the_product_from_the_word(pair):
    glossary = '[glossary.nl-NL]\nTarget = { required = ["Target"], forbidden = ["Doel"], match-case = true }\n'
    pair("Set the target of the test.\n\nOpen Target.\n", "Stel het doel van de test in.\n\nOpen Doel.\n", glossary)
    assert [(f[0], f[1], f[4]) for f in findings("glossary-term")] == [
        (3, 6, "`Doel` renders the source's `Target` (line 3) as the glossary forbids; expected `Target`")]


def test_a_page_mixing_renderings_is_reported_once_with_every_rendering_and_where(pair):
    pair("Create a workflow.\n\nEach workflow has steps.\n\nCopy the workflow.\n",
         "Maak een werkschema.\n\nElke werkstroom heeft stappen.\n\nKopieer het werkschema.\n")
    assert [f for f in findings() if f[3] == "term-consistency"] == [
        (3, 6, "warning", "term-consistency", "`workflow` is rendered `werkschema` (lines 4, 8) and `werkstroom` "
         "(line 6); the glossary requires `workflow`")]  # the lines on disk, below the front matter


def test_one_rendering_throughout_is_consistent(pair):
    pair("Create a workflow.\n\nEach workflow has steps.\n\nCopy the workflow.\n",
         "Maak een werkschema.\n\nAlle werkschema's hebben stappen.\n\nKopieer het werkschema.\n")
    assert [f for f in findings() if f[3] == "term-consistency"] == []


def test_dutch_open_syllable_plurals_are_the_same_rendering(pair):
    glossary = '[glossary.nl-NL]\ntemplate = { forbidden = ["malplaatje"], required = ["sjabloon"] }\n'
    pair("Pick a template.\n\nTemplates are shared.\n", "Kies een sjabloon.\n\nSjablonen worden gedeeld.\n", glossary)
    assert findings() == []


def test_a_glossary_in_a_csv_file(pair, tmp_path):
    pair(ENGLISH, DUTCH, '[glossary]\nnl-NL = "terms/nl-NL.csv"\n')
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "nl-NL.csv").write_text(
        "term,required,forbidden,match-case\nworkflow,workflow,werkschema;werkstroom,\n")
    assert [(f[0], f[1]) for f in findings("glossary-term")] == [(1, 10), (5, 1)]


def test_without_a_glossary_for_the_language_nothing_is_found(pair):
    pair(ENGLISH, DUTCH, '[glossary.de-DE]\nworkflow = "Workflow"\n')
    assert findings() == []


def test_a_glossary_of_the_language_serves_its_regions(pair):
    pair(ENGLISH, DUTCH, GLOSSARY.replace("nl-NL", "nl"))
    assert len(findings("glossary-term")) == 4


@pytest.mark.parametrize(("glossary", "message"), [
    ('[glossary.nl-NL]\nworkflow = { prefered = ["workflow"] }\n',
     "glossary.nl-NL.workflow.prefered: unknown key (known: required, forbidden, match-case)"),
    ('[glossary.nl-NL]\nworkflow = { required = [1] }\n',
     "glossary.nl-NL.workflow.required: expected a rendering or a list of non-empty renderings"),
    ('[glossary.nl-NL]\nworkflow = { match-case = "yes", required = "workflow" }\n',
     "glossary.nl-NL.workflow.match-case: expected true or false"),
    ('[glossary.nl-NL]\nworkflow = {}\n', "glossary.nl-NL.workflow: give `required` or `forbidden` renderings"),
    ('[glossary.nl-NL]\nworkflow = { required = "workflow", forbidden = "Workflow" }\n',
     "glossary.nl-NL.workflow.forbidden: 'workflow' is also required"),
    ('[glossary."Dutch (NL)"]\nworkflow = "workflow"\n',
     "glossary.Dutch (NL): 'Dutch (NL)' is not a language tag like nl-NL"),
    ('[glossary]\nnl-NL = 3\n', "glossary.nl-NL: expected a table of term = renderings, or a CSV file's path"),
    ('[glossary]\nnl-NL = "missing.csv"\n', "glossary.nl-NL: cannot read missing.csv"),
    ('glossary = 1\n', "glossary: expected a table"),
])
def test_a_bad_glossary_is_exit_2_naming_the_key(pair, glossary, message):
    pair(ENGLISH, DUTCH, glossary)
    result = run("check", "site.nl-NL", "--no-cache")
    assert result.exit_code == 2
    assert message in result.output


def test_a_bad_csv_row_names_the_file_and_line(pair, tmp_path):
    pair(ENGLISH, DUTCH, '[glossary]\nnl-NL = "g.csv"\n')
    (tmp_path / "g.csv").write_text("term,required,forbidden\nworkflow,,\n")
    result = run("check", "site.nl-NL", "--no-cache")
    assert result.exit_code == 2
    assert "glossary.nl-NL: g.csv: line 2: workflow: give `required` or `forbidden` renderings" in result.output


def test_a_long_forbidden_rendering_counts_at_the_end_of_a_compound_a_short_one_only_where_a_word_starts(pair):
    glossary = ('[glossary.nl-NL]\ntemplate = { required = ["sjabloon"], forbidden = ["malplaatje"] }\n'
                'Target = { required = ["Target"], forbidden = ["doel"], match-case = true }\n')
    pair("Open the message templates.\n\nTarget picks the audience.\n",
         "Open de berichtmalplaatjes.\n\nTarget kiest de doelgroep.\n", glossary)
    assert [(f[0], f[1], f[4]) for f in findings("glossary-term")] == [
        (1, 9, "`berichtmalplaatjes` renders the source's `template` (line 1) as the glossary forbids; "
               "expected `sjabloon`")]


def test_the_english_term_kept_as_it_is_is_not_reported_as_lacking_a_rendering(pair):
    glossary = '[glossary.nl-NL]\n"report suite" = { required = ["rapportsuite"] }\n'
    pair("Open the Report Suite picker.\n\nEach report suite has data.\n",
         "Open de Report Suite picker.\n\nElke reeks heeft gegevens.\n", glossary)
    assert [(f[0], f[4]) for f in findings("glossary-term")] == [
        (3, "the source's `report suite` (line 3) should be rendered `rapportsuite` (glossary); found none")]


def test_which_glossary_a_page_language_reads():
    from loclint.config import Settings
    from loclint.terms import Entry

    nl_nl, nl_be, de = (Entry("workflow", ("workflow",)),), (Entry("workflow", ("werkstroom",)),), (Entry("x", ("y",)),)
    settings = Settings(glossaries=(("nl-be", nl_be), ("nl-nl", nl_nl), ("de", de)))
    assert settings.glossary("nl-NL") == nl_nl  # its own
    assert settings.glossary("de-AT") == de  # its language's
    assert settings.glossary("nl") == nl_be  # a page of `nl/`: the first glossary of its language
    assert settings.glossary("fr-FR") == () and settings.glossary(None) == ()
