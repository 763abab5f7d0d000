"""What a rule is: everything about it declared once, beside its `check`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType, ModuleType
from typing import Any

from loclint.finding import SEVERITIES


class OptionError(ValueError):
    """A rule option with a bad value; the message names the option."""


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    severity: str  # the default: error, warning or info
    nodes: tuple[str, ...] = ()  # the node types it is sent; "root": the page, once
    fixable: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)  # its own options and their defaults
    needs_source: bool = False  # skipped on unpaired pages
    # Compares the page with its source: its findings are the pair's, not
    # introduced or inherited, and uncertain when the source has drifted.
    compares_source: bool = False
    needs_lang: bool = False  # judges the language: skipped when the page's is unknown
    # Checks the options beyond their types; raises OptionError naming the option.
    validate: Callable[[Mapping[str, Any]], None] | None = None
    # `check(node, ctx, options) -> Iterator[Hit | Consulted]`; None for the
    # findings the engine itself makes (a page it cannot read, a missing page).
    check: Callable[..., Iterator[Any]] | None = None

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} is not one of {SEVERITIES}")

    def resolve_options(self, given: Mapping[str, Any]) -> Mapping[str, Any]:
        """Its options with `given` over the defaults, checked against the
        defaults' types and by `validate`; read-only."""
        options = dict(self.options)
        for key, value in given.items():
            if key not in options:
                known = ", ".join(sorted(self.options)) or "none"
                raise OptionError(f"{key}: unknown option of {self.id} (its options: {known})")
            options[key] = _typed(key, value, self.options[key])
        if self.validate is not None:
            self.validate(options)
        return MappingProxyType(options)


def _typed(key: str, value: Any, default: Any) -> Any:
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if type(value) is not type(default):
        raise OptionError(f"{key}: expected {type(default).__name__}, got {value!r}")
    if isinstance(default, list) and default and isinstance(default[0], str) and not all(isinstance(v, str) for v in value):
        raise OptionError(f"{key}: expected a list of strings, got {value!r}")
    return value


def registry(*items: ModuleType | Rule) -> dict[str, Rule]:
    """Rules by id, from rule modules (their `RULE` with their `check`) and
    the engine's own rules."""
    rules: dict[str, Rule] = {}
    for item in items:
        rule = item if isinstance(item, Rule) else replace(item.RULE, check=item.check)
        if rule.id in rules:
            raise ValueError(f"two rules with id {rule.id}")
        rules[rule.id] = rule
    return rules
