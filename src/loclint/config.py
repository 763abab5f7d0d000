"""Configuration: `[tool.loclint]` in pyproject.toml or a `.loclint.toml`,
found upward from the working folder; `--config FILE` wins. Every key and
rule id is validated: a typo is an error, never silently ignored."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from loclint.finding import SEVERITIES
from loclint.lang import DETECTORS
from loclint.locales import (
    OPTION_NAMES,
    LocalePack,
    is_language_tag,
    overridden,
    pack_for,
)
from loclint.page import real
from loclint.rule import OptionError
from loclint.rules import RULES
from loclint.terms import Entry, GlossaryError, entries_from_csv, entry


class ConfigError(Exception):
    """A bad configuration; the message names the file and the key."""


TOP_KEYS = {"select", "ignore", "per-file-ignores", "exclude", "root", "source", "source-lang", "lang", "pairs",
            "inherited", "language", "afm", "rules", "locales", "glossary"}


@dataclass(frozen=True)
class Settings:
    """What several rules share, each table of the config's own."""

    afm_keywords: frozenset[str] = frozenset()  # [afm] keywords: extra keywords the pipeline knows
    detector: str = "py3langid"  # [language] detector
    product_names: tuple[str, ...] = ()  # [language] product-names: never translated
    # [locales.<lang>]: a language's pack, the built-in one with the config's keys over it.
    locale_packs: tuple[tuple[str, LocalePack], ...] = ()
    # [glossary.<lang>]: the terms of each language, by lower-case language tag.
    glossaries: tuple[tuple[str, tuple[Entry, ...]], ...] = ()

    def glossary(self, lang: str | None) -> tuple[Entry, ...]:
        """The glossary of `lang`: its own (`nl-NL`), else its language's
        (`nl`); for a page whose language has no region, the first glossary
        of that language."""
        if not lang:
            return ()
        given, lang = dict(self.glossaries), lang.lower()
        primary = lang.split("-")[0]
        same = [k for k in sorted(given) if k.split("-")[0] == primary]  # `nl` pages, an `nl-NL` glossary
        return given.get(lang) or given.get(primary) or (given[same[0]] if same and lang == primary else ())

    def locale(self, lang: str | None) -> tuple[LocalePack, bool]:
        """(the pack of `lang`, whether there is one for it)."""
        return _locale(self.locale_packs, lang)


@lru_cache(maxsize=64)  # asked for every inline block the spacing rules see
def _locale(packs: tuple[tuple[str, LocalePack], ...], lang: str | None) -> tuple[LocalePack, bool]:
    return pack_for(lang, dict(packs))


def _default_rule_options() -> dict[str, Mapping[str, Any]]:
    return {rid: rule.resolve_options({}) for rid, rule in RULES.items()}


@dataclass
class Config:
    select: frozenset[str] = frozenset(RULES)
    severity: dict[str, str] = field(default_factory=dict)  # rule id -> configured level
    per_file_ignores: dict[str, frozenset[str]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    root: Path | None = None
    rule_options: dict[str, Mapping[str, Any]] = field(default_factory=_default_rule_options)
    settings: Settings = Settings()
    base: Path = field(default_factory=Path.cwd)  # relative globs and root count from here
    path: Path | None = None  # the file it came from
    source: Path | None = None  # the source tree (--source); None: recognise the layout
    source_lang: str = "en"
    lang: str | None = None  # the target language (--lang); None: from the layout
    pairs: dict[Path, Path] = field(default_factory=dict)  # target folder -> source folder
    inherited: str = "info"  # severity of inherited findings: "info" or "keep"

    def severity_of(self, rule_id: str) -> str:
        return self.severity.get(rule_id) or RULES[rule_id].severity

    def rules_for(self, path: Path) -> frozenset[str]:
        rel = _relative(path, self.base)
        ignored = set()
        for pattern, rules in self.per_file_ignores.items():
            if _spec((pattern,)).match_file(rel):
                ignored |= rules
        return self.select - ignored

    def excluded(self, path: Path) -> bool:
        return bool(self.exclude) and _spec(self.exclude).match_file(_relative(path, self.base))


@lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """Patterns read as .gitignore reads them: `drafts` is that folder at any
    depth, `help/*.md` the pages of help/ only, `**` any depth."""
    import pathspec  # here: a run with no exclude or per-file-ignores never needs it (a tenth of the imports)

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _relative(path: Path, base: Path) -> str:
    """The path from the config's folder; a page outside it by its name."""
    try:
        return real(path).relative_to(real(base)).as_posix()
    except ValueError:
        return path.name


def find_config(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / ".loclint.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "loclint" in _load_toml(candidate).get("tool", {}):
            return candidate
    return None


def _load_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None


def _rule_ids(value, where: str) -> frozenset[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule ids")
    unknown = [v for v in value if v not in RULES]
    if unknown:
        raise ConfigError(f"{where}: unknown rule id {unknown[0]!r} (see `loclint rules`)")
    return frozenset(value)


def load(path: Path | None = None, cwd: Path | None = None) -> Config:
    """The config in force: `path` if given, else the one found upward from cwd."""
    cwd = cwd or Path.cwd()
    if path is None:
        path = find_config(real(cwd))
        if path is None:
            return Config(base=cwd)
    elif not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("loclint", {})
    return from_mapping(data, path)


def _table(data: dict, key: str, where: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key}: expected a table")
    return value


def _strings(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return value


def _settings(data: dict, where: str) -> Settings:
    afm = _table(data, "afm", where)
    language = _table(data, "language", where)
    for table, name, known in ((afm, "afm", {"keywords"}), (language, "language", {"detector", "product-names"})):
        for key in table:
            if key not in known:
                raise ConfigError(f"{where}: {name}.{key}: unknown key (known: {', '.join(sorted(known))})")
    detector = language.get("detector", Settings.detector)
    if detector not in DETECTORS:
        raise ConfigError(f"{where}: language.detector: {detector!r} is not one of {', '.join(DETECTORS)}")
    packs = []
    for lang, table in _table(data, "locales", where).items():
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: locales.{lang}: expected a table")
        try:
            packs.append((lang.lower(), overridden(lang.lower(), table)))
        except KeyError as err:
            known = ", ".join(sorted(OPTION_NAMES))
            raise ConfigError(f"{where}: locales.{lang}.{err.args[0]}: unknown key (known: {known})") from None
        except TypeError as err:
            raise ConfigError(f"{where}: locales.{lang}.{err}") from None
    return Settings(
        locale_packs=tuple(packs),
        afm_keywords=frozenset(k.upper() for k in _strings(afm.get("keywords", []), f"{where}: afm.keywords")),
        detector=detector,
        product_names=tuple(_strings(language.get("product-names", []), f"{where}: language.product-names")),
    )


def _glossaries(data: dict, where: str, base: Path) -> tuple[tuple[str, tuple[Entry, ...]], ...]:
    """[glossary.<lang>]: a table of term = entry, or the path of a CSV file
    (term,required,forbidden) from the config's folder."""
    found = []
    for lang, value in _table(data, "glossary", where).items():
        key = f"{where}: glossary.{lang}"
        if not is_language_tag(lang):
            raise ConfigError(f"{key}: {lang!r} is not a language tag like nl-NL")
        if isinstance(value, str):
            try:
                text = (base / value).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as err:
                raise ConfigError(f"{key}: cannot read {value}: {err}") from None
            try:
                entries = entries_from_csv(text)
            except GlossaryError as err:
                raise ConfigError(f"{key}: {value}: {err}") from None
        elif isinstance(value, dict):
            try:
                entries = tuple(entry(term, table) for term, table in value.items())
            except GlossaryError as err:
                raise ConfigError(f"{key}.{err}") from None
        else:
            raise ConfigError(f"{key}: expected a table of term = renderings, or a CSV file's path")
        found.append((lang.lower(), entries))
    return tuple(found)


def _rule_tables(data: dict, where: str) -> tuple[dict[str, str], dict[str, Mapping[str, Any]]]:
    """(severities, options) from the [rules.<id>] tables, each rule's
    options checked by the rule."""
    severity, options = {}, _default_rule_options()
    for rule_id, table in _table(data, "rules", where).items():
        _rule_ids([rule_id], f"{where}: rules")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: rules.{rule_id}: expected a table")
        given = dict(table)
        if "severity" in given:
            level = given.pop("severity")
            if level not in SEVERITIES:
                raise ConfigError(f"{where}: rules.{rule_id}.severity: {level!r} is not one of {', '.join(SEVERITIES)}")
            severity[rule_id] = level
        try:
            options[rule_id] = RULES[rule_id].resolve_options(given)
        except OptionError as err:
            raise ConfigError(f"{where}: rules.{rule_id}.{err}") from None
    return severity, options


def from_mapping(data: dict, path: Path) -> Config:
    where = str(path)
    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(TOP_KEYS))}); since loclint "
                              "0.2 a rule's options and severity are in a [rules.<rule-id>] table")
    config = Config(base=path.parent, path=path)
    config.settings = _settings(data, where)
    config.settings = replace(config.settings, glossaries=_glossaries(data, where, path.parent))
    config.severity, config.rule_options = _rule_tables(data, where)
    if "select" in data:
        config.select = _rule_ids(data["select"], f"{where}: select")
    if "ignore" in data:
        config.select = config.select - _rule_ids(data["ignore"], f"{where}: ignore")
    ignores = _table(data, "per-file-ignores", where)
    config.per_file_ignores = {
        glob: _rule_ids(rules, f"{where}: per-file-ignores.{glob}") for glob, rules in ignores.items()
    }
    exclude = data.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(g, str) for g in exclude):
        raise ConfigError(f"{where}: exclude: expected a list of globs")
    config.exclude = tuple(exclude)
    if "root" in data:
        if not isinstance(data["root"], str):
            raise ConfigError(f"{where}: root: expected a folder path")
        config.root = real(path.parent / data["root"])
    for key in ("source", "source-lang", "lang", "inherited"):
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{where}: {key}: expected a string")
    if "source" in data:
        config.source = real(path.parent / data["source"])
    for key in ("source-lang", "lang"):
        if key in data and not is_language_tag(data[key]):
            raise ConfigError(f"{where}: {key}: {data[key]!r} is not a language tag like nl-NL")
    config.source_lang = data.get("source-lang", config.source_lang)
    config.lang = data.get("lang", config.lang)
    if data.get("inherited", "info") not in ("info", "keep"):
        raise ConfigError(f"{where}: inherited: {data['inherited']!r} is not one of info, keep")
    config.inherited = data.get("inherited", "info")
    pairs = data.get("pairs", {})
    if not isinstance(pairs, dict) or not all(isinstance(v, str) for v in pairs.values()):
        raise ConfigError(f"{where}: pairs: expected a table of target folder = source folder")
    config.pairs = {real(path.parent / t): real(path.parent / s) for t, s in pairs.items()}
    return config
