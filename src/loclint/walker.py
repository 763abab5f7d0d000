"""The engine: one walk over a page's tree, each node sent to the rules that
asked for its type; suppression comments and severities applied here."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from loclint import afm
from loclint.config import Config
from loclint.docs import DocsIndex
from loclint.finding import Finding
from loclint.page import Page, PageError, read
from loclint.ruledocs import rule_pages
from loclint.rules import RULES

_DIRECTIVE = re.compile(r"^\s*loclint-(disable-next-line|disable|enable)\b([^\n]*)$")


def _is_comment(node) -> bool:
    return node.type in ("html_block", "html_inline") and node.content.lstrip().startswith("<!--")


class Suppressions:
    """`<!-- loclint-disable RULE, ... -->`, `-enable`, `-disable-next-line`,
    resolved into: is rule R disabled on line L?"""

    def __init__(self, page: Page):
        self.ranges: list[tuple[int, str, frozenset[str] | None]] = []  # (line, kind, rules)
        self.next_line: dict[int, frozenset[str] | None] = {}
        for token in page.tokens:
            if token.type == "html_block":
                self._scan(token.content, page.locator(token))
            elif token.type == "inline":
                for child in token.children or []:
                    if child.type == "html_inline":
                        self._scan(child.content, page.locator(child))

    def _scan(self, text: str, position) -> None:
        for start, end in afm.comment_spans(text):
            inner = text[start + 4 : end].removesuffix("-->")
            m = _DIRECTIVE.match(inner.replace("\n", " "))
            if not m:
                continue
            names = [n.strip() for n in m.group(2).replace(",", " ").split() if n.strip()]
            rules = frozenset(names) if names else None
            if m.group(1) == "disable-next-line":
                last_line = position(max(end - 1, start))[0]
                self.next_line[last_line + 1] = rules
            else:
                self.ranges.append((position(start)[0], m.group(1), rules))

    def disabled(self, rule: str, line: int) -> bool:
        if line in self.next_line:
            rules = self.next_line[line]
            if rules is None or rule in rules:
                return True
        state = False
        for at, kind, rules in self.ranges:
            if at > line:
                break
            if rules is None or rule in rules:
                state = kind == "disable"
        return state

    def __bool__(self) -> bool:
        return bool(self.ranges or self.next_line)


def lint_page(page: Page, config: Config, display: str) -> list[Finding]:
    dispatch: dict[str, list] = defaultdict(list)
    for rule_id in sorted(config.rules_for(page.path)):
        for node_type in RULES[rule_id].NODES:
            dispatch[node_type].append(RULES[rule_id])
    defaults = rule_pages()
    suppressions = Suppressions(page)
    findings = []
    for node in page.tree.walk():
        rules = dispatch.get(node.type)
        if not rules or _is_comment(node):
            continue
        for rule in rules:
            for hit in rule.check(node, page, config.options):
                if suppressions and suppressions.disabled(rule.ID, hit.line):
                    continue
                severity = config.severity.get(rule.ID) or hit.severity or defaults[rule.ID].severity
                findings.append(
                    Finding(display, hit.line, hit.column, rule.ID, hit.message, severity, hit.end_column, hit.fix)
                )
    return sorted(set(findings))


def lint_file(path: Path, config: Config, docs: DocsIndex, display: str | None = None) -> list[Finding]:
    """Findings of one file; a file that cannot be read is one finding."""
    display = display or path.as_posix()
    try:
        page = read(path)
    except (OSError, PageError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        if "unreadable-page" not in config.rules_for(path):
            return []
        severity = config.severity.get("unreadable-page") or rule_pages()["unreadable-page"].severity
        return [Finding(display, 1, 1, "unreadable-page", f"cannot read page: {reason}", severity)]
    page.docs = docs
    return lint_page(page, config, display)
