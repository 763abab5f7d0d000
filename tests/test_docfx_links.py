"""broken-link and broken-anchor on a docfx (Microsoft Learn) docset: what the
publishing config and docfx itself resolve is not broken."""

from __future__ import annotations

import json

from conftest import check_json

PUBLISH = json.dumps({"docsets_to_publish": [{"docset_name": "Docs", "build_source_folder": "Docs"}]})
REDIRECTS = json.dumps({"redirections": [
    {"source_path": f"Docs/old{i}.md", "redirect_url": f"/identity-manager/new{i}"} for i in range(3)]})

NL_PAGE = """---
ms.topic: article
---
# Pagina

![Scherm](media/scherm.png)
![Ontbreekt](media/ontbreekt.png)
![Hoofdletters](media/Groot.PNG)
[Stap 3](/identity-manager/pam/step-3)
[Stap 4](/identity-manager/pam/step-4)
[Azure](/azure/active-directory/overview)
[Index](~/index.md)
[![Scherm](media/scherm.png)](pam/step-3.md#nergens)
"""


def _tree(tmp_path, publish=True, git=True):
    en = tmp_path / "Docs"
    nl = tmp_path / "Docs.nl-nl"
    for repo in (en, nl):
        (repo / "Docs" / "pam").mkdir(parents=True)
        if git:
            (repo / ".git").mkdir()
        if publish:
            (repo / ".openpublishing.publish.config.json").write_text(PUBLISH)
            (repo / ".openpublishing.redirection.json").write_text(REDIRECTS)
        (repo / "Docs" / "index.md").write_text("# Index\n")
        (repo / "Docs" / "pam" / "step-3.md").write_text("# Stap 3\n")
    (en / "Docs" / "media").mkdir()
    (en / "Docs" / "media" / "scherm.png").write_text("")
    (en / "Docs" / "media" / "groot.png").write_text("")
    (en / "Docs" / "page.md").write_text(NL_PAGE.replace("Pagina", "Page"))
    (nl / "Docs" / "page.md").write_text(NL_PAGE)
    return nl


def _found(tmp_path, publish=True):
    nl = _tree(tmp_path, publish)
    report = check_json("Docs/page.md", "--select", "broken-link,broken-anchor", cwd=nl)
    return [(f["line"], f["rule"], f["severity"]) for f in report["findings"]]


def test_a_docfx_docset_leaves_to_its_source_only_what_the_source_has(tmp_path):
    # media/scherm.png and media/Groot.PNG are the English repository's (docfx
    # falls back to it, whatever the case); media/ontbreekt.png is nowhere; the
    # docset's own site path resolves to pam/step-3.md, not to step-4; /azure/
    # is another docset of the site.
    assert _found(tmp_path) == [(7, "broken-link", "info"), (10, "broken-link", "info"),
                                (13, "broken-anchor", "info")]


def test_a_docset_checked_out_without_git_is_rooted_at_its_publishing_config(tmp_path):
    # An export or archive of the repositories, linted from the folder that
    # holds them: the docs root is still the repository, not that folder.
    _tree(tmp_path, git=False)
    report = check_json("Docs.nl-nl/Docs/page.md", "--select", "broken-link,broken-anchor", cwd=tmp_path)
    assert [(f["line"], f["rule"], f["severity"]) for f in report["findings"]] == [
        (7, "broken-link", "info"), (10, "broken-link", "info"), (13, "broken-anchor", "info")]


def test_without_a_publishing_config_a_tree_is_no_docfx_docset(tmp_path):
    lines = [line for line, rule, _ in _found(tmp_path, publish=False) if rule == "broken-link"]
    assert lines == [6, 7, 8, 9, 10, 11, 12, 13]


def test_a_target_is_quoted_as_written_not_percent_encoded(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.md").write_text("# A\n\n![Scherm](beelden/café.png)\n", encoding="utf-8")
    report = check_json("a.md", "--select", "broken-link", cwd=tmp_path)
    assert [f["message"] for f in report["findings"]] == [
        "image target `beelden/café.png` does not exist (looked for beelden/café.png)"]
