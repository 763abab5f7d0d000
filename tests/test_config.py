"""Configuration: found upward, validated strictly, applied per path."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from loclint.cli import main

PAGE = "# Kop\n\nAdobe  [!DNL Campaign]  v8 en scenario&#39;s en &copy; en [x](weg.md).\n"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "oud").mkdir(parents=True)
    (tmp_path / "docs" / "kop.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "docs" / "oud" / "oud.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def rules_found(*args):
    result = CliRunner().invoke(main, ["check", "docs", "-q", "--fail-on", "never", *args])
    assert result.exit_code == 0, result.output
    return [line.split(" [")[1].split("]")[0] + "@" + line.split(":")[0] for line in result.output.splitlines()]


def test_without_config_all_rules_run(tree):
    assert rules_found() == [
        "token-spacing@docs/kop.md", "escaped-entity@docs/kop.md", "escaped-entity@docs/kop.md",
        "broken-link@docs/kop.md",
        "token-spacing@docs/oud/oud.md", "escaped-entity@docs/oud/oud.md", "escaped-entity@docs/oud/oud.md",
        "broken-link@docs/oud/oud.md",
    ]


def test_loclint_toml_select_ignore_per_file_ignores_exclude_and_options(tree):
    (tree / ".loclint.toml").write_text(
        'ignore = ["broken-link"]\n'
        'allowed-entities = ["&#39;"]\n'
        '[per-file-ignores]\n"docs/oud/*" = ["token-spacing"]\n'
    )
    assert rules_found() == [
        "token-spacing@docs/kop.md", "escaped-entity@docs/kop.md", "escaped-entity@docs/oud/oud.md",
    ]
    (tree / ".loclint.toml").write_text('select = ["token-spacing"]\nexclude = ["docs/oud/**"]\n')
    assert rules_found() == ["token-spacing@docs/kop.md"]


def test_pyproject_table_is_found_upward(tree, monkeypatch):
    (tree / "pyproject.toml").write_text('[tool.loclint]\nselect = ["broken-link"]\n')
    monkeypatch.chdir(tree / "docs")
    result = CliRunner().invoke(main, ["check", ".", "-q", "--fail-on", "never"])
    assert [line.split(" ")[2] for line in result.output.splitlines()] == ["[broken-link]", "[broken-link]"]


def test_severity_override(tree):
    (tree / ".loclint.toml").write_text('select = ["token-spacing"]\n[severity]\ntoken-spacing = "error"\n')
    result = CliRunner().invoke(main, ["check", "docs/kop.md"])
    assert result.exit_code == 1 and ": error [token-spacing]" in result.output


def test_root_from_config_resolves_site_absolute_links(tree):
    (tree / "site" / "help").mkdir(parents=True)
    (tree / "site" / "help" / "doel.md").write_text("# Doel\n")
    (tree / "docs" / "kop.md").write_text("[a](/help/doel.md) [b](/doel.md) [c](/help/weg.md)\n")
    (tree / ".loclint.toml").write_text('root = "site"\nselect = ["broken-link"]\n')
    result = CliRunner().invoke(main, ["check", "docs/kop.md", "-q"])
    assert result.output.count("[broken-link]") == 1 and "/help/weg.md" in result.output


def test_extra_afm_keywords(tree):
    (tree / "docs" / "kop.md").write_text(">[!MIJNBLOK]\n>\n>tekst\n\nInline [!MIJNBLOK x] ook.\n")
    assert rules_found("--select", "afm-keyword,token-malformed")[:1] == ["afm-keyword@docs/kop.md"]
    (tree / ".loclint.toml").write_text('afm-keywords = ["MIJNBLOK"]\n')
    assert "afm-keyword@docs/kop.md" not in rules_found()


@pytest.mark.parametrize(
    "toml, message",
    [
        ('selekt = ["token-spacing"]\n', "unknown key 'selekt'"),
        ('select = ["token-spaces"]\n', "select: unknown rule id 'token-spaces'"),
        ('[severity]\ntoken-spacing = "fatal"\n', "severity.token-spacing: 'fatal' is not one of"),
        ('[per-file-ignores]\n"x/*" = ["nope"]\n', "per-file-ignores.x/*: unknown rule id 'nope'"),
        ('allowed-entities = "&lt;"\n', "allowed-entities: expected list"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_bad_config_exits_2_naming_the_key(tree, toml, message):
    (tree / ".loclint.toml").write_text(toml)
    result = CliRunner().invoke(main, ["check", "docs"])
    assert result.exit_code == 2
    assert ".loclint.toml" in result.output and message in result.output


def test_explicit_config_wins(tree):
    (tree / ".loclint.toml").write_text('select = ["token-spacing"]\n')
    (tree / "other.toml").write_text('select = ["broken-link"]\n')
    assert rules_found("--config", "other.toml") == ["broken-link@docs/kop.md", "broken-link@docs/oud/oud.md"]


def test_the_readme_config_example_is_valid(tmp_path):
    """The README's example is a real config: every key in it is known."""
    import re
    import tomllib

    from conftest import PROJECT

    from loclint.config import from_mapping

    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[tool\.loclint\].*?)```", readme, re.S).group(1)
    data = tomllib.loads(block)["tool"]["loclint"]
    config = from_mapping(data, tmp_path / "pyproject.toml")
    assert config.options["detector"] == "py3langid" and "token-spacing" in config.severity
