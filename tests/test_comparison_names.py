"""What a comparison with the source must not call a defect: the locale in a
URL, links nobody sees, links the English gained or lost after the
translation (link-mismatch), and titles made of names (frontmatter-mismatch).
Each case is a page pair linted through the CLI, its findings pinned."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from loclint.cli import main

# Against the English's working file (the engine says why, whether or not the page names a commit).
NO_COMMIT = NOT_AT_COMMIT = " (uncertain: compared with the source as it is now, not as it was when this page was translated)"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(rule, nl, en, *, config="", files=(), commit=False):
    """Lint site.nl-NL/help/page.md (text `nl`) against site.en/help/page.md
    (`en`): (line, column, severity, message) of each finding of `rule`.
    `files`: more files of the trees (paths from the working folder, or
    (path, text)); `commit`: make the English a git checkout and have the
    page name the commit it was translated from."""
    for item in files:
        path, text = item if isinstance(item, tuple) else (item, "# Page\n")
        write(Path(path), text)
    write_pair(nl, en, commit)
    if config:
        write(Path(".loclint.toml"), config)
    result = CliRunner().invoke(main, ["check", "site.nl-NL/help/page.md", "--select", rule, "--format", "json",
                                       "--no-cache", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return [(f["line"], f["column"], f["severity"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def write_pair(nl, en, commit):
    write(Path("site.en/help/page.md"), en)
    if commit:
        run = lambda *args: subprocess.run(["git", *args], cwd="site.en", check=True, capture_output=True,  # noqa: E731
                                           text=True, env={**os.environ, **GIT_ENV}).stdout.strip()
        run("init", "-q")
        run("add", ".")
        run("commit", "-qm", "English", "--allow-empty")
        head = run("rev-parse", "HEAD")
        nl = f"---\nsource-git-commit: {head}\n---\n{nl}" if not nl.startswith("---\n") else \
            nl.replace("---\n", f"---\nsource-git-commit: {head}\n", 1)
    write(Path("site.nl-NL/help/page.md"), nl)


# --- link-mismatch: localisation -------------------------------------------------

EN_LINKS = """# Links

See the [guide](https://experienceleague.adobe.com/en/docs/target/using/guide.html),
the [forum](https://experienceleaguecommunities.adobe.com/t5/adobe-target/ct-p/adobe-target-community),
the [Learn page](https://learn.microsoft.com/en-us/entra/overview), [helpx](https://helpx.adobe.com/legal/terms.html),
[Google](https://support.google.com/analytics/answer/1008015?hl=en),
[Salesforce](https://help.salesforce.com/s/articleView?id=sf.x.htm&language=en_US) and the
[video](https://video.tv.adobe.com/v/3412345?captions=eng).
"""

NL_LINKS = """# Koppelingen

Zie de [gids](https://experienceleague.adobe.com/nl/docs/target/using/guide.html?lang=nl-NL),
het [forum](https://experienceleaguecommunities.adobe.com/t5/adobe-target/ct-p/adobe-target-community?profile.language=nl),
de [Learn-pagina](https://learn.microsoft.com/nl-nl/entra/overview), [helpx](https://helpx.adobe.com/nl/legal/terms.html),
[Google](https://support.google.com/analytics/answer/1008015?hl=nl),
[Salesforce](https://help.salesforce.com/s/articleView?id=sf.x.htm&language=nl_NL) en de
[video](https://video.tv.adobe.com/v/3412399?captions=dut).
"""


def test_the_locale_in_a_url_is_localisation_not_a_mismatch(cwd):
    assert lint("link-mismatch", NL_LINKS, EN_LINKS) == []


def test_a_changed_url_is_still_found_with_the_locale_taken_out(cwd):
    nl = NL_LINKS.replace("using/guide.html", "using/gids.html")
    assert lint("link-mismatch", nl, EN_LINKS, commit=True) == [
        (6, 8, "error", "target `https://experienceleague.adobe.com/docs/target/using/gids.html` differs from the "
         "source's target `https://experienceleague.adobe.com/docs/target/using/guide.html` in the aligned paragraph "
         "at line 3 (\"See the [guide](https://experienceleague.adobe.com/en/docs/…\")")]
    # Against today's English a path changed in place may be the English's move.
    assert lint("link-mismatch", nl, EN_LINKS) == []
    mangled = NL_LINKS.replace("using/guide.html", "using/gids—oud.html")
    assert [f[2] for f in lint("link-mismatch", mangled, EN_LINKS)] == ["warning"]


def test_localised_hosts_and_parameters_are_configured_per_host(cwd):
    en = "[a](https://docs.example.com/en/a?ui=en) and [b](https://other.example.com/en/b?ui=en)\n"
    nl = "[a](https://docs.example.com/nl/a?ui=nl) en [b](https://other.example.com/nl/b?ui=nl)\n"
    found = lint("link-mismatch", nl, en, commit=True)
    assert [(line, column) for line, column, _, _ in found] == [(4, 1), (4, 45)]
    config = ('[rules.link-mismatch]\nlocalised-hosts = ["docs.example.com"]\n'
              'locale-parameters = ["docs.example.com?ui"]\n')
    assert lint("link-mismatch", nl, en, config=config, commit=True) == [
        (4, 45, "error", "target `https://other.example.com/nl/b?ui=nl` differs from the source's target "
         "`https://other.example.com/en/b?ui=en` in the aligned paragraph at line 1 "
         "(\"[a](https://docs.example.com/en/a?ui=en) and [b](https://ot…\")")]


@pytest.mark.parametrize("option, value", [
    ("localised-hosts", '["https://docs.example.com"]'),
    ("localised-hosts", '["Docs.Example.com/en"]'),
    ("locale-parameters", '["ui=nl"]'),
    ("locale-parameters", '["not a host?ui"]'),
    ("localised-ids", '["video host"]'),
])
def test_a_bad_host_or_parameter_is_exit_2_naming_the_option(cwd, option, value):
    write_pair("# A\n", "# A\n", commit=False)
    write(cwd / ".loclint.toml", f"[rules.link-mismatch]\n{option} = {value}\n")
    result = CliRunner().invoke(main, ["check", "site.nl-NL/help/page.md", "--no-cache"])
    assert result.exit_code == 2
    assert f"rules.link-mismatch.{option}: " in result.output


# --- link-mismatch: what is not seen ---------------------------------------------

EN_UNSEEN = "# Book\n\n![](book.png) Open the [[!DNL Audience Library]](library.md) or [](empty.md).\n"


def test_empty_links_and_links_of_one_token_are_links_on_both_sides(cwd):
    nl = "# Boek\n\n![](book.png) Open de [[!DNL Audience Library]](library.md) of [](empty.md).\n"
    assert lint("link-mismatch", nl, EN_UNSEEN, files=["site.nl-NL/help/library.md", "site.nl-NL/help/empty.md"]) == []


def test_a_dropped_empty_link_and_a_dropped_token_link_are_missing(cwd):
    nl = "# Boek\n\nOpen de [!DNL Audience Library] of niets.\n"
    files = ["site.nl-NL/help/library.md", "site.nl-NL/help/empty.md"]
    assert lint("link-mismatch", nl, EN_UNSEEN, files=files, commit=True) == [
        (6, 1, "error", f"target `{t}` of the source's paragraph at line 3 {EX_UNSEEN} is missing here")
        for t in ("book.png", "empty.md", "library.md")]
    # Against today's English, a link simply gone may be the English's addition.
    assert lint("link-mismatch", nl, EN_UNSEEN, files=files) == []


EX_UNSEEN = '(\"![](book.png) Open the [[!DNL Audience Library]](library.md…\")'


def test_a_link_of_one_token_whose_target_changed_is_found_where_it_stands(cwd):
    nl = "# Boek\n\n![](book.png) Open de [[!UICONTROL Audience Library]](bibliotheek.md) of [](empty.md).\n"
    en = EN_UNSEEN.replace("[!DNL", "[!UICONTROL")
    files = ["site.nl-NL/help/library.md", "site.nl-NL/help/empty.md"]
    assert lint("link-mismatch", nl, en, files=files, commit=True) == [
        (6, 23, "error", "target `bibliotheek.md` differs from the source's target `library.md` in the aligned "
         "paragraph at line 3 (\"![](book.png) Open the [[!UICONTROL Audience Library]](libr…\")")]


# --- link-mismatch: how sure, and drift --------------------------------------------

EN_PAGE = "# Overview\n\nSee [setup](setup.md) and [news](/help/news.md).\n"


def test_an_exact_comparison_is_an_error(cwd):
    nl = "# Overzicht\n\nZie [installatie](installatie.md) en [nieuws](/help/news.md).\n"
    assert lint("link-mismatch", nl, EN_PAGE, commit=True) == [
        (6, 5, "error", "target `installatie.md` differs from the source's target `setup.md` in the aligned paragraph "
         "at line 3 (\"See [setup](setup.md) and [news](/help/news.md).\")")]


def test_compared_with_the_working_file_it_is_a_warning_that_says_why(cwd):
    nl = "---\nsource-git-commit: " + "f" * 40 + "\n---\n# Overzicht\n\nZie [installatie](installatie.md) en [nieuws](/help/news.md).\n"
    assert lint("link-mismatch", nl, EN_PAGE) == []  # a renamed target: maybe the English's move
    nl = nl.replace("installatie.md", "setup—nl.md")  # an em dash nobody types into a file name: MT's
    assert lint("link-mismatch", nl, EN_PAGE) == [
        (6, 5, "warning", "target `setup%E2%80%94nl.md` differs from the source's target `setup.md` in the aligned "
         "paragraph at line 3 (\"See [setup](setup.md) and [news](/help/news.md).\")" + NOT_AT_COMMIT)]


def test_a_link_the_english_dropped_since_to_a_page_it_still_has_is_drift(cwd):
    en = "# Overview\n\nSee [setup](setup.md).\n"
    nl = "# Overzicht\n\nZie [installatie](setup.md) en [release notes](/help/main/release-notes.md).\n"
    files = ["site.en/help/setup.md", "site.en/help/main/release-notes.md"]
    assert lint("link-mismatch", nl, en, files=files) == []
    # A page the English does not have, added: at the commit, the translation's.
    nl = nl.replace("release-notes.md", "releasenotes.md")
    assert lint("link-mismatch", nl, en, files=files) == []
    assert lint("link-mismatch", nl, en, files=files, commit=True) == [
        (6, 32, "error", "target `/help/main/releasenotes.md` is not in the aligned paragraph at line 3 "
         "(\"See [setup](setup.md).\") of the source")]


def test_a_source_link_to_a_page_not_translated_here_was_added_since(cwd):
    en = "# Overview\n\nSee [setup](setup.md) and [the new tools](tools.md).\n"
    nl = "# Overzicht\n\nZie [installatie](setup.md).\n"
    files = ["site.en/help/setup.md", "site.en/help/tools.md", "site.nl-NL/help/setup.md"]
    assert lint("link-mismatch", nl, en, files=files) == []
    # Translated here too: at the commit, the page dropped it.
    assert lint("link-mismatch", nl, en, files=[*files, "site.nl-NL/help/tools.md"], commit=True) == [
        (6, 1, "error", "target `tools.md` of the source's paragraph at line 3 (\"See [setup](setup.md) and "
         "[the new tools](tools.md).\") is missing here")]


EN_GROWN = """# Insights

![Dashboard](assets/insights-1.png)

The dashboard shows your activities at a glance: visitors, conversions and lift.

![Detail](assets/insights-2.png)

Read the [product description](https://helpx.adobe.com/legal/product-descriptions/target---product-description.html).
"""
NL_OLD = """---
source-wordcount: '12'
---
# Inzichten

Lees de [productbeschrijving](https://helpx.adobe.com/legal/product-descriptions/target—product-description.html).
"""


def test_with_drift_no_link_difference_is_reported(cwd):
    # The English was rewritten since (source-wordcount far from its words
    # now): stale-translation says so once; no comparison is trusted.
    assert lint("link-mismatch", NL_OLD, EN_GROWN, files=["site.en/help/assets/insights-1.png",
                                                         "site.en/help/assets/insights-2.png"]) == []


# --- frontmatter-mismatch: titles made of names ---------------------------------------

def page(title, heading=None, description=None):
    lines = ["---", f"title: {title}"] + ([f"description: {description}"] if description else []) + ["---", ""]
    return "\n".join(lines + [f"# {heading or title}", "", "Tekst.", ""])


@pytest.mark.parametrize("title", [
    "'[!DNL Audience Library]'",  # only a token
    "AND-join",  # a UI name: an acronym joined to a word
    "SQL Data Management",  # three capitalised words
    "Adobe Analytics Cookies",
    "'[!DNL Marketo Measure] Cookies'",  # a name and one capitalised word
    "Microsoft Identity Manager | Microsoft Docs",  # a name and docfx's site suffix
])
def test_a_title_of_names_is_not_untranslated(cwd, title):
    assert lint("frontmatter-mismatch", page(title), page(title)) == []


@pytest.mark.parametrize("title", [
    "Adobe Admin Console Setup",  # what the page does with the name
    "Create Audience Segments",  # a task
    "Getting Started",
    "Experience Cloud Identity Service Migration Decision Points",
    "Stock Reports and Dashboards in Dynamics",
])
def test_a_title_of_words_left_in_english_is_untranslated(cwd, title):
    assert lint("frontmatter-mismatch", page(title), page(title)) == [
        (2, 1, "error", "`title` is identical to the source's: not translated")]


def test_a_name_shaped_title_whose_heading_the_page_translates_is_untranslated(cwd):
    nl = page("B2B Audience Activation", "B2B-publieksactivering")
    assert lint("frontmatter-mismatch", nl, page("B2B Audience Activation")) == [
        (2, 1, "error", "`title` is identical to the source's: not translated "
         "(its heading translates it: `B2B-publieksactivering`)")]


def test_product_names_of_the_config_are_names(cwd):
    title = "Acme Data Hub / Acme Mobile Suite"
    assert lint("frontmatter-mismatch", page(title), page(title)) == [
        (2, 1, "error", "`title` is identical to the source's: not translated")]
    config = '[language]\nproduct-names = ["Acme Data Hub", "Acme Mobile Suite"]\n'
    assert lint("frontmatter-mismatch", page(title), page(title), config=config) == []


def test_names_protected_anywhere_in_either_tree_are_names(cwd):
    title = "Adobe Experience Platform Web SDK"
    description = "Adobe Experience Platform Web SDK and Adobe Target"
    nl = en = page(title, description=description)
    assert lint("frontmatter-mismatch", nl, en) == [
        (2, 1, "error", "`title` is identical to the source's: not translated"),
        (3, 1, "error", "`description` is identical to the source's: not translated")]
    files = [("site.en/help/other.md", "# Other\n\nUse the [!DNL Adobe Experience Platform Web SDK].\n"),
             ("site.nl-NL/help/more.md", "# Meer\n\nMet [!DNL  Adobe Target ].\n")]
    assert lint("frontmatter-mismatch", nl, en, files=files) == [
        (3, 1, "error", "`description` is identical to the source's: not translated")]


def test_protected_names_are_read_once_per_tree_from_every_page(tmp_path):
    from loclint.docs_index import DocsIndex

    write(tmp_path / "a.md", "[!DNL Journey Optimizer] and [!DNL &#x200B; Real-Time  CDP &#x200B;] and [!DNL 42]\n")
    write(tmp_path / "sub" / "b.md", "[!DNL Journey Optimizer], `[!DNL Campaign]`\n")
    write(tmp_path / ".git" / "c.md", "[!DNL Hidden]\n")
    docs = DocsIndex()
    assert docs.protected_names(tmp_path) == {"Journey Optimizer": 2, "Real-Time CDP": 1, "Campaign": 1}
    write(tmp_path / "c.md", "[!DNL Later]\n")  # read once per tree: a run sees the tree as it began
    assert "Later" not in docs.protected_names(tmp_path)


def test_a_link_the_english_commented_out_since_is_drift(cwd):
    en = "# Webinars\n\n<!--\n[Introduction](https://example.adobeconnect.com/p8gt31drhs3e/)\n-->\n"
    nl = "# Webinars\n\n[Inleiding](https://example.adobeconnect.com/p8gt31drhs3e/)\n"
    assert lint("link-mismatch", nl, en) == []
    # Another link commented out: the page's paragraph still has no
    # counterpart in the English, so against today's English nothing is said.
    assert lint("link-mismatch", nl, en.replace("p8gt31drhs3e", "other")) == []
