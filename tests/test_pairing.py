"""Pairing pages with their sources: layouts, flags, git, origin, --missing."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from click.testing import CliRunner

from loclint.cli import main

EN_PAGE = "---\ntitle: Overview page\n---\n\n# Overview\n\nUse [!DNL Campaign] and [!DNL Journey Optimizer].\n\n![Diagram](images/weg.svg)\n"
# A token cut short: MT's doing, whatever the English became since.
NL_PAGE = "---\ntitle: Overzicht\n---\n\n# Overzicht\n\nGebruik [!DNL Campaign] en [!DNL Journey].\n\n![Diagram](images/weg.svg)\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check(*args, cwd=None):
    result = CliRunner().invoke(main, ["check", "-q", "--fail-on", "never", "--min-severity", "info", *args])
    assert result.exit_code == 0, result.output + result.stderr
    return result


def rules(result):
    return [(line.split(":")[1], line.split("[")[1].split("]")[0]) for line in result.stdout.splitlines()]


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "target, source",
    [
        ("site.nl-NL/help/overview.md", "site.en/help/overview.md"),  # sibling repositories
        ("docs/nl/overview.md", "docs/en/overview.md"),  # locale folders
        ("docs/nl_NL/overview.md", "docs/en-US/overview.md"),
    ],
)
def test_layouts_are_recognised_without_a_flag(cwd, target, source):
    write(cwd / target, NL_PAGE)
    write(cwd / source, EN_PAGE)
    result = check(target)
    assert rules(result) == [("7", "token-mismatch"), ("9", "broken-link")]
    assert f"(inherited; source {source})" in result.stdout.splitlines()[1]  # the English page lacks the image too


def test_no_layout_no_pairing_and_verbose_says_so(cwd):
    write(cwd / "docs" / "overview.md", NL_PAGE)
    result = check("docs/overview.md", "--verbose")
    assert rules(result) == [("9", "broken-link")]
    assert "(introduced)" not in result.stdout and "(inherited)" not in result.stdout
    assert "docs/overview.md: no source page" in result.stderr


def test_source_flag_and_config_pairs(cwd):
    write(cwd / "vertaling" / "help" / "overview.md", NL_PAGE)
    write(cwd / "origineel" / "help" / "overview.md", EN_PAGE)
    (cwd / "vertaling" / ".git").mkdir()  # the docs root of the translated tree
    assert rules(check("vertaling", "--source", "origineel"))[0] == ("7", "token-mismatch")
    write(cwd / ".loclint.toml", '[pairs]\n"vertaling" = "origineel"\n')
    assert rules(check("vertaling"))[0] == ("7", "token-mismatch")


def test_inherited_findings_keep_their_severity_when_configured(cwd):
    write(cwd / "docs/nl/overview.md", NL_PAGE)
    write(cwd / "docs/en/overview.md", EN_PAGE)
    assert ": info [broken-link]" in check("docs/nl").stdout
    write(cwd / ".loclint.toml", 'inherited = "keep"\n')
    assert ": error [broken-link]" in check("docs/nl").stdout


def test_json_and_sarif_carry_origin_and_source(cwd):
    write(cwd / "docs/nl/overview.md", NL_PAGE)
    write(cwd / "docs/en/overview.md", EN_PAGE)
    data = json.loads(check("docs/nl", "--format", "json").stdout)
    link = [f for f in data["findings"] if f["rule"] == "broken-link"][0]
    assert (link["origin"], link["source"]) == ("inherited", "docs/en/overview.md")
    text = check("docs/nl").stdout
    assert "docs/nl/overview.md:9:1: info [broken-link]" in text and "(inherited; source docs/en/overview.md)" in text
    github = check("docs/nl", "--format", "github").stdout
    assert "title=broken-link (inherited)::" in github and "(source: docs/en/overview.md)" in github
    junit = check("docs/nl", "--format", "junit").stdout
    assert "(inherited; source docs/en/overview.md)" in junit
    sarif = json.loads(check("docs/nl", "--format", "sarif").stdout)
    result = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "broken-link"][0]
    assert result["properties"]["origin"] == "inherited"
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/en/overview.md"


def test_missing_pages_on_either_side(cwd):
    write(cwd / "docs/nl/overview.md", NL_PAGE)
    write(cwd / "docs/en/overview.md", EN_PAGE)
    write(cwd / "docs/en/nieuw.md", EN_PAGE)
    write(cwd / "docs/nl/wees.md", NL_PAGE)
    lines = [l for l in check("docs/nl", "--missing").stdout.splitlines() if "[missing-page]" in l]
    assert lines == [
        "docs/en/nieuw.md:1:1: info [missing-page] source page has no translation (docs/nl/nieuw.md does not exist)",
        "docs/nl/wees.md:1:1: info [missing-page] translated page whose source is gone (docs/en/wees.md does not exist)",
    ]


# --- git ---------------------------------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_AUTHOR_DATE": "2026-01-02T00:00:00",
           "GIT_COMMITTER_DATE": "2026-01-02T00:00:00"}


def git(cwd, *args):
    out = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                         env={**os.environ, **GIT_ENV})
    return out.stdout.strip()


@pytest.fixture
def moved_on(cwd):
    """An English repository whose page gained a token after the commit the
    Dutch page was translated from."""
    en = cwd / "site.en"
    write(en / "help" / "overview.md", "# Overview\n\nUse [!DNL Campaign].\n")
    git(en, "init", "-q")
    git(en, "add", ".")
    git(en, "commit", "-qm", "first")
    translated_from = git(en, "rev-parse", "HEAD")
    write(en / "help" / "overview.md", "# Overview\n\nUse [!DNL Campaign Classic].\n")
    git(en, "commit", "-qam", "second")
    nl_text = (f"---\ntitle: Overzicht\nsource-git-commit: {translated_from}\n---\n\n"
               "# Overzicht\n\nGebruik [!DNL Campaign].\n")
    write(cwd / "site.nl-NL" / "help" / "overview.md", nl_text)
    return translated_from


def test_source_is_read_at_the_commit_the_page_was_translated_from(cwd, moved_on):
    result = check("site.nl-NL", "--verbose")
    # No token-mismatch: at that commit the source had only [!DNL Campaign].
    assert rules(result) == [("3", "stale-translation")]
    assert f"the source page changed since {moved_on[:10]}: 1 block changed: the paragraph at line 8" in result.stdout
    assert "2026-01-02" in result.stdout
    assert "working file" not in result.stderr


def test_unknown_commit_falls_back_to_the_working_file_and_says_so(cwd, moved_on):
    page = cwd / "site.nl-NL" / "help" / "overview.md"
    page.write_text(page.read_text().replace(moved_on, "f" * 40))
    result = check("site.nl-NL", "--verbose")
    assert rules(result) == [("8", "token-mismatch")]
    assert "compared with the working file of site.en/help/overview.md" in result.stderr


def test_no_git_no_staleness(cwd):
    write(cwd / "site.en/help/overview.md", "# Overview\n")
    write(cwd / "site.nl-NL/help/overview.md", f"---\nsource-git-commit: {'a' * 40}\n---\n# Overzicht\n")
    assert rules(check("site.nl-NL")) == []


def test_a_repository_named_for_its_locale_gives_the_language_without_a_source(cwd):
    write(cwd / "site.nl-NL" / "help" / "a.md", "# Kop\n\n" + "This paragraph was left in English by the translation "
          "pipeline and nobody noticed it before publishing the page.\n")
    result = check("site.nl-NL/help/a.md", "--select", "untranslated-text", "--verbose")
    assert rules(result) == [("3", "untranslated-text")]
    assert "language rules are off" not in result.stderr


def test_a_folder_named_with_a_bare_suffix_says_nothing_of_the_language(cwd):
    write(cwd / "tools.de" / "a.md", "# Kop\n\n" + "This paragraph is in English and the folder name says nothing "
          "about the language it was meant to be in at all.\n")
    result = check("tools.de/a.md", "--select", "untranslated-text", "--verbose")
    assert rules(result) == []
    assert "language rules are off" in result.stderr


def test_a_source_repository_named_without_a_locale_is_paired(cwd):
    write(cwd / "Docs.nl-nl" / "a.md", NL_PAGE)
    write(cwd / "Docs" / "a.md", EN_PAGE)
    result = check("Docs.nl-nl/a.md")
    assert rules(result) == [("7", "token-mismatch"), ("9", "broken-link")]
    assert "(inherited; source Docs/a.md)" in result.stdout.splitlines()[1]


def test_a_microsoft_page_is_compared_with_the_source_at_its_ms_sourcegitcommit(cwd):
    source = cwd / "Docs"
    write(source / "a.md", "# Overview\n\nSee [the guide](guide.md).\n")
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]):
        subprocess.run(["git", "-C", str(source), *args], check=True)
    commit = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    write(source / "a.md", "# Overview\n\nSee [the new guide](new-guide.md).\n")
    subprocess.run(["git", "-C", str(source), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two"],
                   check=True)
    write(cwd / "Docs.nl-nl" / "a.md", f"---\nms.sourcegitcommit: {commit}\n---\n# Overzicht\n\nZie [de gids](guide.md).\n")
    result = check("Docs.nl-nl/a.md", "--select", "link-mismatch,stale-translation")
    # Compared with the source at its commit: the links agree; the newer commit makes it stale, on the key's line.
    assert rules(result) == [("2", "stale-translation")]


def test_an_inherited_label_follows_the_source_pages_linked_anchors_through_the_cache(cwd):
    write(cwd / ".git" / "HEAD", "")
    for lang in ("en", "nl"):
        write(cwd / "docs" / lang / "a.md", "# A\n\n[b](b.md#stappen)\n")
        write(cwd / "docs" / lang / "b.md", "# B\n")
    first = check("docs/nl/a.md", "--select", "broken-anchor")
    assert "(inherited" in first.stdout
    write(cwd / "docs" / "en" / "b.md", "# B\n\n## Stappen\n")  # the English now has the anchor
    again = check("docs/nl/a.md", "--select", "broken-anchor")
    fresh = check("docs/nl/a.md", "--select", "broken-anchor", "--no-cache")
    assert again.stdout == fresh.stdout and "(introduced" in again.stdout


def test_shards_split_the_pages_stably_with_each_page_beside_its_source_and_merge_back(cwd):
    import jsonschema
    from conftest import PROJECT

    for i in range(12):
        write(cwd / "site.en" / "help" / f"p{i}.md", EN_PAGE)
        write(cwd / "site.nl-NL" / "help" / f"p{i}.md", NL_PAGE)
        write(cwd / "site.de-DE" / "help" / f"p{i}.md", NL_PAGE)
    trees = ["site.nl-NL", "site.de-DE"]
    whole = json.loads(check(*trees, "--format", "json").stdout)
    shards = []
    for k in (1, 2, 3):
        report = check(*trees, "--format", "json", "--shard", f"{k}/3", "--output", f"shard{k}.json")
        assert report.stdout == ""
        shards.append(json.loads((cwd / f"shard{k}.json").read_text()))
        again = check(*trees, "--format", "json", "--shard", f"{k}/3", "--no-cache")
        assert json.loads(again.stdout) == shards[-1]  # the same pages on every run, cached or not
    for shard in shards:  # a page in the same shard in both locales: they share their source
        names = {f["path"].split("/", 1)[1] for f in shard["findings"]}
        assert {f["path"] for f in shard["findings"]} == {f"{t}/{n}" for t in trees for n in names}
    assert sorted(len(s["findings"]) for s in shards) != [0, 0, len(whole["findings"])]  # really split
    merged = CliRunner().invoke(main, ["merge", "shard1.json", "shard2.json", "shard3.json"])
    assert merged.exit_code == 0 and json.loads(merged.stdout) == whole
    for k in (1, 2, 3):
        check(*trees, "--format", "sarif", "--shard", f"{k}/3", "--output", f"shard{k}.sarif")
    sarif = json.loads(CliRunner().invoke(main, ["merge", "shard1.sarif", "shard2.sarif", "shard3.sarif"]).stdout)
    schema = json.loads((PROJECT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft7Validator(schema).validate(sarif)
    assert len(sarif["runs"][0]["results"]) == len(whole["findings"])


def test_merge_refuses_what_is_no_report(cwd):
    (cwd / "a.json").write_text('{"version": 1, "files": 0, "findings": []}')
    (cwd / "b.json").write_text("[]")
    result = CliRunner().invoke(main, ["merge", "a.json", "b.json"])
    assert result.exit_code == 2 and "b.json: neither a loclint JSON report nor a SARIF log" in result.output


def test_a_shallow_source_checkout_without_the_commit_says_how_to_fetch_it(cwd):
    origin = cwd / "origin"
    write(origin / "a.md", "# Overview\n")
    git = ["-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "-C", str(origin), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(origin), "add", "."], check=True)
    subprocess.run(["git", "-C", str(origin), *git, "commit", "-qm", "one"], check=True)
    first = subprocess.run(["git", "-C", str(origin), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    write(origin / "a.md", "# Overview\n\nMore.\n")
    subprocess.run(["git", "-C", str(origin), *git, "commit", "-qam", "two"], check=True)
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(cwd / "site.en")], check=True)
    write(cwd / "site.nl-NL" / "a.md", f"---\nsource-git-commit: {first}\n---\n# Overzicht\n")
    result = check("site.nl-NL/a.md", "--verbose", "--no-cache")
    assert "its checkout is a shallow clone without that commit: fetch its history (git fetch --unshallow)" in \
        result.stderr


def test_a_community_link_given_the_reader_s_language_is_no_mismatch(cwd):
    community = "https://experienceleaguecommunities.adobe.com/t5/adobe-target/ct-p/adobe-target-community"
    write(cwd / "site.en" / "a.md", f"# A\n\n[Forum]({community})\n")
    write(cwd / "site.nl-NL" / "a.md", f"# A\n\n[Forum]({community}?profile.language=nl)\n")
    assert rules(check("site.nl-NL/a.md", "--select", "link-mismatch")) == []
