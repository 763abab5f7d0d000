"""Suppression comments: `<!-- loclint-disable RULE, ... -->`, `-enable`,
`-disable-next-line`, resolved into a per-line answer."""

from __future__ import annotations

import re

from loclint import afm
from loclint.page import Page

_DIRECTIVE = re.compile(r"^\s*loclint-(disable-next-line|disable|enable)\b([^\n]*)$")


class Suppressions:
    """`<!-- loclint-disable RULE, ... -->`, `-enable`, `-disable-next-line`,
    resolved into: is rule R disabled on line L?"""

    def __init__(self, page: Page):
        self.ranges: list[tuple[int, str, frozenset[str] | None]] = []  # (line, kind, rules)
        self.next_line: dict[int, frozenset[str] | None] = {}
        if "loclint-" not in page.text:
            return  # no directive on this page
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
