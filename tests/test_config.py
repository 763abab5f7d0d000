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
        '[rules.escaped-entity]\nallowed = ["&#39;"]\n'
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
    (tree / ".loclint.toml").write_text('select = ["token-spacing"]\n[rules.token-spacing]\nseverity = "error"\n')
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
    (tree / ".loclint.toml").write_text('[afm]\nkeywords = ["MIJNBLOK"]\n')
    assert "afm-keyword@docs/kop.md" not in rules_found()


@pytest.mark.parametrize(
    "toml, message",
    [
        ('selekt = ["token-spacing"]\n', "unknown key 'selekt'"),
        ('select = ["token-spaces"]\n', "select: unknown rule id 'token-spaces'"),
        ('[rules.token-spacing]\nseverity = "fatal"\n', "rules.token-spacing.severity: 'fatal' is not one of"),
        ('[per-file-ignores]\n"x/*" = ["nope"]\n', "per-file-ignores.x/*: unknown rule id 'nope'"),
        ('[rules.escaped-entity]\nallowed = "&lt;"\n', "rules.escaped-entity.allowed: expected list"),
        ('[rules.token-spacing]\nallowed = ["x"]\n', "rules.token-spacing.allowed: unknown option of token-spacing"),
        ('[rules.tokenspacing]\nseverity = "error"\n', "rules: unknown rule id 'tokenspacing'"),
        ('[rules.untranslated-text]\nmin-letters = -1\n', "rules.untranslated-text.min-letters: -1 is negative"),
        ('[rules.untranslated-text]\nmin-confidence = 1.5\n', "rules.untranslated-text.min-confidence: 1.5 is not"),
        ('[rules.wrong-language]\nmin-confidence = -0.1\n', "rules.wrong-language.min-confidence: -0.1 is not"),
        ('[rules.page-limits]\nmax-bytes = 0\n', "rules.page-limits.max-bytes: 0 is not a positive"),
        ('[rules.link-mismatch]\nnormalize = [["(", "x"]]\n', "rules.link-mismatch.normalize: bad pair"),
        ('[rules.link-mismatch]\nnormalize = [["a", "\\\\9"]]\n', "rules.link-mismatch.normalize: bad pair"),
        ('[rules.link-mismatch]\nnormalize = ["a"]\n', "rules.link-mismatch.normalize: expected a list of [pattern"),
        ('[language]\ndetector = "magic"\n', "language.detector: 'magic' is not one of"),
        ('[afm]\nkeyword = ["X"]\n', "afm.keyword: unknown key"),
        ('allowed-entities = ["&lt;"]\n', "a rule's options and severity are in a [rules.<rule-id>] table"),
        ('lang = "Nederlands"\n', "lang: 'Nederlands' is not a language tag like nl-NL"),
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
    assert config.settings.detector == "py3langid" and "token-spacing" in config.severity


def test_a_rule_sees_its_own_options_only(monkeypatch, tmp_path):
    """Two rules with an option of the same name: each gets its own value."""

    from loclint import rules as registry
    from loclint.finding import Hit
    from loclint.linter import lint_file
    from loclint.rule import Rule

    seen = {}

    def probe(rule_id):
        def check(node, ctx, options):
            seen[rule_id] = dict(options)
            yield Hit(1, 1, f"limit {options['limit']}")
        return Rule(id=rule_id, summary="probe", severity="info", nodes=("root",), options={"limit": 1}, check=check)

    probes = {"probe-a": probe("probe-a"), "probe-b": probe("probe-b")}
    monkeypatch.setattr(registry, "RULES", {**registry.RULES, **probes})
    for module in ("loclint.config", "loclint.engine", "loclint.linter"):
        monkeypatch.setattr(f"{module}.RULES", registry.RULES)
    (tmp_path / ".loclint.toml").write_text('[rules.probe-a]\nlimit = 5\n')
    (tmp_path / "p.md").write_text("# Kop\n")
    from loclint.config import load

    config = load(cwd=tmp_path)
    config.select = frozenset(probes)
    found = sorted((f.rule, f.message) for f in lint_file(tmp_path / "p.md", config))
    assert found == [("probe-a", "limit 5"), ("probe-b", "limit 1")]
    assert seen == {"probe-a": {"limit": 5}, "probe-b": {"limit": 1}}


def test_a_catastrophic_normalize_pattern_cannot_stall_a_run(tree):
    """link-mismatch's patterns run with RE2: linear whatever the pattern."""
    import time

    (tree / "docs" / "en").mkdir(parents=True, exist_ok=True)
    long = "a" * 30_000 + "!"
    (tree / "docs" / "en" / "p.md").write_text(f"# P\n\n[x](https://example.com/{long})\n")
    (tree / "docs" / "nl").mkdir(exist_ok=True)
    (tree / "docs" / "nl" / "p.md").write_text(f"# P\n\n[x](https://example.com/{long}—b)\n")  # mangled: an em dash
    (tree / ".loclint.toml").write_text('[rules.link-mismatch]\nnormalize = [["(a+)+$", "x"], ["/v([0-9]+)/", "/\\\\1/"]]\n')
    start = time.monotonic()
    result = CliRunner().invoke(main, ["check", "docs/nl/p.md", "--select", "link-mismatch", "--no-cache", "-q"])
    assert time.monotonic() - start < 30  # Python's re: hours
    assert result.exit_code == 0 and "[link-mismatch]" in result.output


@pytest.mark.parametrize("pattern, message", [
    ('["(?<=a)b", "x"]', "bad pattern '(?<=a)b'"),
    ('["/v([0-9]+)/", "\\\\2"]', "names group 2"),
])
def test_a_pattern_re2_cannot_run_is_refused_naming_the_key(tree, pattern, message):
    (tree / ".loclint.toml").write_text(f'[rules.link-mismatch]\nnormalize = [{pattern}]\n')
    result = CliRunner().invoke(main, ["check", "docs"])
    assert result.exit_code == 2 and "rules.link-mismatch.normalize: bad pair" in result.output
    assert message in result.output


def test_exclude_and_per_file_ignores_read_patterns_as_gitignore_does(tree):
    for rel in ("docs/drafts/a.md", "docs/x/drafts/b.md", "docs/kop2.md", "docs/oud/diep/c.md"):
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text("Adobe  [!DNL Campaign]  v8.\n")
    (tree / ".loclint.toml").write_text(
        'select = ["token-spacing"]\nexclude = ["drafts"]\n'
        '[per-file-ignores]\n"docs/oud/*.md" = ["token-spacing"]\n')
    # `drafts` is that folder at any depth; `docs/oud/*.md` is not docs/oud/diep/.
    assert rules_found() == ["token-spacing@docs/kop.md", "token-spacing@docs/kop2.md",
                             "token-spacing@docs/oud/diep/c.md"]


def test_a_locale_pack_is_overridden_in_the_config(tree):
    (tree / "docs" / "fr").mkdir(exist_ok=True)
    (tree / "docs" / "fr" / "a.md").write_text("# Titre\n\nOuvrez [!DNL Campaign] : voilà.\n")

    def found():
        result = CliRunner().invoke(main, ["check", "docs/fr/a.md", "--lang", "fr-FR", "--select", "token-spacing",
                                           "-q", "--fail-on", "never", "--no-cache"])
        assert result.exit_code == 0, result.output
        return [line.split(": ")[0] for line in result.output.splitlines()]

    assert found() == []  # French sets a space before `:`
    (tree / ".loclint.toml").write_text('[locales.fr]\nspaced-punctuation = ""\n')  # a house style without
    assert found() == ["docs/fr/a.md:3:23"]


@pytest.mark.parametrize("toml, message", [
    ('[locales.fr]\nspaced-punctuaton = ""\n', "locales.fr.spaced-punctuaton: unknown key"),
    ('[locales.ja]\nword-spaces = "no"\n', "locales.ja.word-spaces: expected bool"),
])
def test_a_bad_locale_pack_key_is_exit_2_naming_it(tree, toml, message):
    (tree / ".loclint.toml").write_text(toml)
    result = CliRunner().invoke(main, ["check", "docs"])
    assert result.exit_code == 2 and message in result.output
