"""False-positive classes found by reading samples of each rule's findings on
the corpus (tests/truth/sample.py, issue #15): each test is a page in and
exact findings out, the look-alike left alone beside the defect still found."""

from __future__ import annotations

from conftest import lint_text, positions


def paired(tmp_path, english: str, dutch: str, rules, lang="nl-NL", locale="nl"):
    lint_text(tmp_path, english, name="en/page.md")
    return lint_text(tmp_path, dutch, rules, name=f"{locale}/page.md", lang=lang)


def test_an_afm_slide_embed_names_a_slide_not_a_file(tmp_path):
    # `>[!SLIDE](analyze-project)` embeds the slide deck of that id.
    text = ">[!SLIDE](analyze-project)\n\nZie de [gids](handleiding.md).\n"
    assert positions(lint_text(tmp_path, text, "broken-link")) == [(3, 8)]


def test_an_attribute_block_inside_image_alt_text_shows_nothing(tmp_path):
    (tmp_path / "a.png").write_bytes(b"")
    text = ('![een hulpmiddel (https://regex101.com/) {target="blank"} dat u kunt testen](a.png)\n\n'
            'Lees de [gids](https://example.com) {target="_blank"} nu.\n')
    assert positions(lint_text(tmp_path, text, "detached-attribute")) == [(3, 37)]


def test_the_sources_own_braces_respaced_by_mt_are_not_a_placeholder(tmp_path):
    english = "1. Open the template {CONTOSO.NTF} and the file {Schema.nsf}.\n"
    dutch = "1. Open de sjabloon {CONTOSO. NTF} en het bestand {schema. nsf}, zie {de Verwijzing van 0} Kolom.\n"
    assert positions(paired(tmp_path, english, dutch, "mt-placeholder-leak")) == [(1, 70)]


def test_a_ui_menu_path_stays_in_english_where_the_ui_does(tmp_path):
    english = ("- UI: Campaigns > Select campaign > All time report (or Live report)\n"
               "- Recommendations > Feed Creation > When source type > Analytics > Report Suite picker\n"
               "- Open Campaigns > Select campaign and check the delivery settings for every channel you use.\n")
    dutch = ("- UI: Campagnes > Select campagne > All time report (of Live-rapport)\n"
             "- Recommendations > Feed Creation > When source type > Analytics > Report Suite picker\n"
             "- Open Campaigns > Select campaign and check the delivery settings for every channel you use.\n")
    assert positions(paired(tmp_path, english, dutch, "untranslated-text")) == [(3, 3)]


def test_a_ui_menu_path_is_judged_where_the_ui_is_translated(tmp_path):
    english = "- Recommendations > Feed Creation > When source type > Analytics > Report Suite picker\n"
    assert positions(paired(tmp_path, english, english, "untranslated-text", "ja-JP", "ja")) == [(1, 3)]


def test_a_reference_to_a_markdown_syntax_character_is_an_escape(tmp_path):
    # `*` written as itself could open emphasis: `&#42;` is the author's
    # escape, as `\*` would be; `&#39;` is not.
    text = "Met jokertekens (alias: &#42;sociaal&#42;) en **.&#42;** voor alles; KPI&#39;s.\n"
    assert positions(lint_text(tmp_path, text, "escaped-entity")) == [(1, 73)]


def test_a_reference_to_an_invisible_or_look_alike_character_is_meant(tmp_path):
    # Written as itself, U+00A0 or U+2011 cannot be told from a space or a
    # hyphen in the source: the reference says what the writer meant.
    text = "| Ongeldige&#8209;DN | Map\\&nbsp;2010&#160;\\ extensies | KPI&#39;s |\n|---|---|---|\n"
    assert positions(lint_text(tmp_path, text, "escaped-entity")) == [(1, 61)]


def test_a_syntax_character_escaped_only_by_mt_is_still_reported(tmp_path):
    english = "Use the wildcard (&#42;) and ![the value \\d{2}](assets/x.png).\n"
    dutch = "Gebruik het jokerteken (&#42;) en ![de waarde \\ d &rbrack;(assets/x.png).\n"
    assert positions(paired(tmp_path, english, dutch, "escaped-entity")) == [(1, 51)]
