"""Configuration: `[tool.loclint]` in pyproject.toml or a `.loclint.toml`,
found upward from the working folder; `--config FILE` wins. Every key and
rule id is validated: a typo is an error, never silently ignored."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from loclint.finding import SEVERITIES
from loclint.lang import DETECTORS
from loclint.page import real
from loclint.rules import RULES, default_options


class ConfigError(Exception):
    """A bad configuration; the message names the file and the key."""


CORE_KEYS = {"select", "ignore", "severity", "per-file-ignores", "exclude", "root",
             "source", "source-lang", "lang", "pairs", "inherited"}


@dataclass
class Config:
    select: frozenset[str] = frozenset(RULES)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, frozenset[str]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    root: Path | None = None
    options: dict = field(default_factory=default_options)
    base: Path = field(default_factory=Path.cwd)  # relative globs and root count from here
    path: Path | None = None  # the file it came from
    source: Path | None = None  # the source tree (--source); None: recognise the layout
    source_lang: str = "en"
    lang: str | None = None  # the target language (--lang); None: from the layout
    pairs: dict[Path, Path] = field(default_factory=dict)  # target folder -> source folder
    inherited: str = "info"  # severity of inherited findings: "info" or "keep"

    def rules_for(self, path: Path) -> frozenset[str]:
        rel = _relative(path, self.base)
        ignored = set()
        for pattern, rules in self.per_file_ignores.items():
            if fnmatch(rel, pattern):
                ignored |= rules
        return self.select - ignored

    def excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        rel = _relative(path, self.base)
        return any(fnmatch(rel, pattern) or fnmatch(path.name, pattern) for pattern in self.exclude)


def _relative(path: Path, base: Path) -> str:
    try:
        return real(path).relative_to(real(base)).as_posix()
    except ValueError:
        return path.as_posix()


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


def _option(key: str, value, default, where: str):
    """A rule option, checked against the type of its default."""
    if key == "link-normalize":
        if not isinstance(value, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in value
        ):
            raise ConfigError(f"{where}: {key}: expected a list of [pattern, replacement] pairs")
        for pattern, _ in value:
            try:
                re.compile(pattern)
            except re.error as err:
                raise ConfigError(f"{where}: {key}: bad pattern {pattern!r}: {err}") from None
        return value
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if type(value) is not type(default) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
        raise ConfigError(f"{where}: {key}: expected {type(default).__name__}, got {value!r}")
    return value


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


def from_mapping(data: dict, path: Path) -> Config:
    where = str(path)
    options = default_options()
    known = CORE_KEYS | set(options)
    for key in data:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})")
    config = Config(base=path.parent, path=path, options=options)
    if "select" in data:
        config.select = _rule_ids(data["select"], f"{where}: select")
    if "ignore" in data:
        config.select = config.select - _rule_ids(data["ignore"], f"{where}: ignore")
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: severity: expected a table of rule id = level")
    for rule, level in severity.items():
        _rule_ids([rule], f"{where}: severity")
        if level not in SEVERITIES:
            raise ConfigError(f"{where}: severity.{rule}: {level!r} is not one of {', '.join(SEVERITIES)}")
    config.severity = dict(severity)
    ignores = data.get("per-file-ignores", {})
    if not isinstance(ignores, dict):
        raise ConfigError(f"{where}: per-file-ignores: expected a table of glob = [rule ids]")
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
    config.source_lang = data.get("source-lang", config.source_lang)
    config.lang = data.get("lang", config.lang)
    if data.get("inherited", "info") not in ("info", "keep"):
        raise ConfigError(f"{where}: inherited: {data['inherited']!r} is not one of info, keep")
    config.inherited = data.get("inherited", "info")
    pairs = data.get("pairs", {})
    if not isinstance(pairs, dict) or not all(isinstance(v, str) for v in pairs.values()):
        raise ConfigError(f"{where}: pairs: expected a table of target folder = source folder")
    config.pairs = {real(path.parent / t): real(path.parent / s) for t, s in pairs.items()}
    for key, default in options.items():
        if key in data:
            options[key] = _option(key, data[key], default, where)
    if options["detector"] not in DETECTORS:
        raise ConfigError(f"{where}: detector: {options['detector']!r} is not one of {', '.join(DETECTORS)}")
    return config
