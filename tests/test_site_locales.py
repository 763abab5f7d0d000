"""hard-coded-locale asks for each site's own name of the language: Experience
League's Japanese is `/ja/docs/`, helpx's and business.adobe.com's `/jp/`."""

from __future__ import annotations

from conftest import lint_text

PAGE = """# リンク

[a](https://experienceleague.adobe.com/ja/docs/target/home)
[b](https://helpx.adobe.com/jp/legal/terms.html)
[c](https://business.adobe.com/jp/customer-success-stories/x.html)
[d](https://experienceleague.adobe.com/jp/docs/target/home)
[e](https://helpx.adobe.com/ja/legal/terms.html)
[f](https://experienceleague.adobe.com/en/docs/target/home)
[g](https://helpx.adobe.com/legal/terms.html)
"""


def _found(tmp_path, text, lang):
    return [(f.line, f.message.split("; ", 1)[-1] if "expected" in f.message else f.message[-8:])
            for f in lint_text(tmp_path, text, "hard-coded-locale", lang=lang)]


def test_japanese_links_carry_each_sites_own_locale(tmp_path):
    assert _found(tmp_path, PAGE, "ja-JP") == [
        (6, "expected `ja`"), (7, "expected `jp`"), (8, "expected `ja`"), (9, " of `jp`")]


def test_the_message_names_the_sites_locale(tmp_path):
    findings = lint_text(tmp_path, PAGE, "hard-coded-locale", lang="ja-JP")
    assert findings[0].message == "`https://experienceleague.adobe.com/jp/docs/target/home` points at the `jp` pages; expected `ja`"
    assert findings[-1].message.endswith("readers land on the en pages instead of `jp`")


def test_french_and_german_links_carry_the_language_code(tmp_path):
    page = ("# Liens\n\n[a](https://experienceleague.adobe.com/fr/docs/x) [b](https://helpx.adobe.com/fr/x.html)\n"
            "[c](https://experienceleague.adobe.com/de/docs/x)\n")
    assert [f.line for f in lint_text(tmp_path, page, "hard-coded-locale", lang="fr-FR")] == [4]
    assert [f.line for f in lint_text(tmp_path, page, "hard-coded-locale", lang="de-DE")] == [3, 3]
