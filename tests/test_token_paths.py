"""A Windows path ending in a backslash inside a token: `\\]` closes the token
(AFM reads the content as written), so the tokens after it on the line are
not "nested"."""

from __future__ import annotations

from conftest import lint_text, positions


def test_a_path_ending_in_a_backslash_closes_its_token(tmp_path):
    page = "# Export\n\nExporteer naar [!DNL Server\\Admin\\Export\\] en klik op [!UICONTROL Opslaan] of [!DNL Campaign].\n"
    assert lint_text(tmp_path, page, "token-malformed") == []


def test_a_token_left_open_is_still_reported_beside_a_path(tmp_path):
    page = "# Export\n\nZie [!DNL C:\\Temp\\] en [!UICONTROL Opslaan en sluit af.\n"
    findings = lint_text(tmp_path, page, "token-malformed")
    assert positions(findings) == [(3, 24)]
    assert "never closed" in findings[0].message


def test_the_path_token_matches_the_same_path_in_the_source(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "nl").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "en" / "a.md").write_text("# Export\n\nExport to [!DNL Server\\Admin\\Export\\] now.\n")
    page = "# Export\n\nExporteer naar [!DNL Server\\Admin\\Export\\] nu.\n"
    assert lint_text(tmp_path, page, ["token-malformed", "token-mismatch"], name="nl/a.md") == []
