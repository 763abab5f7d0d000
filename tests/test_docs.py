"""The docs index: the anchors of a linked page are those its parse offers."""

from __future__ import annotations

from conftest import lint_text, positions

TARGET = """# Overzicht {#overview}

Stappen
-------

> ## In een citaat

```markdown
# Geen kop
```

<a id="Anker"></a>
"""


def test_a_link_to_an_anchor_only_the_parse_sees_is_not_reported(tmp_path):
    (tmp_path / "target.md").write_text(TARGET)
    page = ("[a](target.md#overview) [b](target.md#overzicht) [c](target.md#stappen) "
            "[d](target.md#in-een-citaat) [e](target.md#anker)\n\n"
            "[f](target.md#geen-kop) [g](target.md#nergens)\n")
    findings = lint_text(tmp_path, page, "broken-anchor")
    assert positions(findings) == [(3, 1), (3, 25)]




def test_a_heading_only_inside_a_comment_of_the_linked_page_is_no_anchor(tmp_path):
    (tmp_path / "target.md").write_text("# Echt\n\n<!--\n## Verborgen\n-->\n")
    findings = lint_text(tmp_path, "[a](target.md#echt) [b](target.md#verborgen)\n", "broken-anchor")
    assert positions(findings) == [(1, 21)]
