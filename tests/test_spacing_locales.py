"""The spacing rules (token-spacing, mt-spacing, mt-placeholder-leak) by
defect class, in every locale the corpus has: each test is a page in and
exact findings out."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from conftest import lint_text, positions
from loclint.cli import main

SPACING = ("token-spacing", "mt-spacing")


def found(findings):
    return [(f.rule, f.line, f.column) for f in findings]


def paired(tmp_path, english: str, dutch: str, rules):
    lint_text(tmp_path, english, name="en/page.md")
    return lint_text(tmp_path, dutch, rules, name="nl/page.md", lang="nl-NL")


# --- tokens wrapped in emphasis ---------------------------------------------


def test_a_bold_token_owns_the_space_before_its_punctuation_and_suffix(tmp_path):
    text = ("Klik op **[!UICONTROL Save]** . Dan **[!UICONTROL Edit]** , en het **[!UICONTROL Report]** -venster.\n"
            "Open  **[!UICONTROL Save]** nu.\n")
    assert found(lint_text(tmp_path, text, SPACING, lang="nl-NL")) == [
        ("token-spacing", 1, 30), ("token-spacing", 1, 58), ("token-spacing", 1, 91), ("token-spacing", 2, 5)]


def test_a_bold_token_rightly_spaced_is_left_alone(tmp_path):
    text = "Klik op **[!UICONTROL Save]**. Het **[!UICONTROL Report]**-venster, _[!DNL Target]_ - een dash.\n"
    assert lint_text(tmp_path, text, SPACING, lang="nl-NL") == []


def test_fix_joins_the_bold_token_to_its_punctuation(tmp_path):
    page = tmp_path / "nl" / "a.md"
    page.parent.mkdir()
    page.write_text("Klik op **[!UICONTROL Save]** . Het **[!UICONTROL Report]** -venster.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page), "--select", "token-spacing", "--fix", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8") == "Klik op **[!UICONTROL Save]**. Het **[!UICONTROL Report]**-venster.\n"


# --- front matter -------------------------------------------------------------


FRONT = ("---\n"
         "title: Hoe wijst  [!DNL Target]  prioriteit toe?\n"
         "description: 'Gebruik [!DNL Target] . En de [!UICONTROL Experience Targeting] -activiteit.'\n"
         "feature: Zie  [!DNL Target]  hier\n"
         "---\n"
         "# Kop\n")


def test_tokens_in_the_title_and_description_are_checked_where_they_stand(tmp_path):
    assert found(lint_text(tmp_path, FRONT, "token-spacing", lang="nl-NL")) == [
        ("token-spacing", 2, 17), ("token-spacing", 3, 36), ("token-spacing", 3, 78)]


def test_the_front_matter_fix_keeps_the_yaml_valid(tmp_path):
    page = tmp_path / "nl" / "a.md"
    page.parent.mkdir()
    page.write_text(FRONT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page), "--select", "token-spacing", "--fix", "--no-cache"])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert data == {"title": "Hoe wijst [!DNL Target] prioriteit toe?",
                    "description": "Gebruik [!DNL Target]. En de [!UICONTROL Experience Targeting]-activiteit.",
                    "feature": "Zie  [!DNL Target]  hier"}


def test_two_spaces_in_a_title_are_mt_spacing_there(tmp_path):
    text = "---\ntitle: Profiel in real time  bij de rand\n---\n# Kop\n"
    assert found(lint_text(tmp_path, text, "mt-spacing", lang="nl-NL")) == [("mt-spacing", 2, 28)]


def test_link_text_that_starts_with_a_token(tmp_path):
    text = "Zie [[!DNL Target]  versienota&#39;s &#x200B;](notes.md) en [[!DNL Target] gids](g.md).\n"
    assert found(lint_text(tmp_path, text, SPACING, lang="nl-NL")) == [("token-spacing", 1, 19)]


# --- mt-spacing ------------------------------------------------------------------


def test_a_space_before_punctuation_after_code_a_link_or_inside_an_identifier(tmp_path):
    text = "De waarde `id=\"container\"` , zie [de gids](gids.md) . Het schema nms :recipient en `a` ).\n"
    assert found(lint_text(tmp_path, text, "mt-spacing", lang="nl-NL")) == [
        ("mt-spacing", 1, 27), ("mt-spacing", 1, 52), ("mt-spacing", 1, 69), ("mt-spacing", 1, 87)]


def test_literal_characters_in_parentheses_and_heading_ids_are_no_spacing_defect(tmp_path):
    text = "Een spatie ( ), een vraagteken ( ? ), accolades ( { } ) en ( &quot; ).\n\n## Kop  {#kop}\n"
    assert lint_text(tmp_path, text, "mt-spacing", lang="nl-NL") == []


def test_two_spaces_after_a_full_stop_before_a_lower_case_word_are_reported(tmp_path):
    text = "Het profiel.  voorvoegsel hier. Volgende zin.  Nog een.\n"
    assert positions(lint_text(tmp_path, text, "mt-spacing", lang="nl-NL")) == [(1, 13)]


def test_code_span_spacing_the_source_has_at_that_span_is_its_style(tmp_path):
    english = "# Title\n\nSet `cookieDomain` . Then `other`.\n"
    dutch = "# Titel\n\nZet `cookieDomain` . Dan `other` .\n"
    assert positions(paired(tmp_path, english, dutch, "mt-spacing")) == [(3, 33)]


def test_parentheses_padded_like_the_aligned_source_are_its_style(tmp_path):
    english = "# Title\n\nClick the icon ( ![Add](add.svg) ).\n\nStarts with ( Outbound* ).\n"
    dutch = ("# Titel\n\nKlik het pictogram ( ![Voeg toe](add.svg) ).\n\nBegint met ( Uitgaand* ).\n\n"
             "Klik ( ![Voeg](add.svg) toe).\n")
    assert positions(paired(tmp_path, english, dutch, "mt-spacing")) == [(7, 6)]


# --- mt-placeholder-leak --------------------------------------------------------


def test_the_placeholder_message_quotes_the_page_not_the_prose_mask(tmp_path):
    findings = lint_text(tmp_path, "Zie {de gids `x` van 0} nu.\n", "mt-placeholder-leak", lang="nl-NL")
    assert [f.message for f in findings] == ["MT placeholder `{de gids `x` van 0}` left in the text"]


def test_braces_the_source_writes_at_that_place_are_no_leak(tmp_path):
    english = "# Title\n\nAny string but curly braces ( { } ) or `\\d{2}` as \\d{2}-\\d{2}.\n"
    dutch = "# Titel\n\nElke tekenreeks behalve accolades ( { } ) of als \\d{2}-\\d{2}. En {1 instellingen.\n"
    assert found(paired(tmp_path, english, dutch, "mt-placeholder-leak")) == [("mt-placeholder-leak", 3, 66)]


# --- other locales ----------------------------------------------------------------


def test_french_spaces_before_double_punctuation_and_inside_guillemets_are_right(tmp_path):
    text = ("Voici [!DNL Target] : la suite\u00a0; et [!DNL Campaign]\u00a0! « [!DNL Adobe] » et « cas pratique » ?\n"
            "Le [!DNL Target] , mais.\n")
    assert found(lint_text(tmp_path, text, SPACING, lang="fr-FR")) == [("token-spacing", 2, 17)]


def test_german_compounds_join_the_token_and_a_space_splits_them(tmp_path):
    text = "Die [!DNL Campaign]-Instanz und die [!DNL Campaign] -Instanz, Adobe-[!DNL Experience Platform].\n"
    assert found(lint_text(tmp_path, text, SPACING, lang="de-DE")) == [("token-spacing", 1, 52)]


def test_japanese_one_space_beside_a_token_is_house_style_two_or_before_a_full_stop_are_not(tmp_path):
    text = "[!DNL Campaign] のプロファイル [!DNL Target]  を使用します。[!DNL Target] 。**[!UICONTROL 保存]** 、\n"
    assert found(lint_text(tmp_path, text, SPACING, lang="ja-JP")) == [
        ("token-spacing", 1, 38), ("token-spacing", 1, 60), ("token-spacing", 1, 81)]


def test_the_japanese_full_stop_is_not_closing_punctuation_elsewhere(tmp_path):
    text = "Zie [!DNL Target] 。\n"
    assert lint_text(tmp_path, text, SPACING, lang="nl-NL") == []
