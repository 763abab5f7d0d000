"""afm-keyword knows Microsoft Learn's docfx dialect: `> [!NOTE]` with a space,
in any case, and `> [!div class="..."]` are right there, and only there."""

from __future__ import annotations

from conftest import lint_text, positions

PAGE = '> [!Note]\n> Een opmerking.\n\n> [!div class="step-by-step"]\n> [Volgende](a.md)\n\n>[!OPMERKING]\n>\n>Vertaald.\n'


def test_a_page_of_a_tree_with_a_docfx_publishing_config_is_docfx_markdown(tmp_path):
    (tmp_path / ".openpublishing.publish.config.json").write_text('{"docsets_to_publish": []}')
    assert positions(lint_text(tmp_path, PAGE, "afm-keyword")) == [(7, 2)]


def test_a_page_with_ms_front_matter_is_docfx_markdown(tmp_path):
    page = "---\nms.topic: article\nms.date: 01/01/2024\n---\n" + PAGE
    assert positions(lint_text(tmp_path, page, "afm-keyword")) == [(11, 2)]


def test_an_afm_page_still_gets_the_space_the_case_and_div_reported(tmp_path):
    assert positions(lint_text(tmp_path, PAGE, "afm-keyword")) == [(1, 2), (4, 2), (7, 2)]
