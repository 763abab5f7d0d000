"""Suppression comments: `<!-- loclint-disable RULE, ... -->`, `-enable`,
`-disable-next-line`, resolved into a per-line answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loclint import afm
from loclint.page import Page

_DIRECTIVE = re.compile(r"^\s*loclint-([\w-]*)([^\n]*)$")
KINDS = ("disable", "enable", "disable-line", "disable-next-line", "disable-file")


@dataclass(frozen=True)
class Directive:
    """One `<!-- loclint-KIND RULE, ... -->` comment, where it stands."""

    line: int
    column: int
    kind: str  # one of KINDS, or what was written instead
    rules: frozenset[str] | None  # None: every rule


class Suppressions:
    """`<!-- loclint-disable RULE, ... -->`, `-enable`, `-disable-line`,
    `-disable-next-line` and `-disable-file` (markdownlint's forms),
    resolved into: is rule R disabled on line L? A directive of another
    kind is kept (to be reported) and disables nothing."""

    def __init__(self, page: Page):
        self.directives: list[Directive] = []
        if "loclint-" not in page.text:
            return  # no directive on this page
        for token in page.tokens:
            if token.type == "html_block":
                self._scan(token.content, page.locator(token))
            elif token.type == "inline":
                for child in token.children or []:
                    if child.type == "html_inline":
                        self._scan(child.content, page.locator(child))
        self._valid = [d for d in self.directives if d.kind in KINDS]

    def _scan(self, text: str, position) -> None:
        for start, end in afm.comment_spans(text):
            inner = text[start + 4 : end].removesuffix("-->")
            m = _DIRECTIVE.match(inner.replace("\n", " "))
            if not m:
                continue
            names = [n.strip() for n in m.group(2).replace(",", " ").split() if n.strip()]
            kind = m.group(1)
            line = position(max(end - 1, start))[0] if kind == "disable-next-line" else position(start)[0]
            self.directives.append(Directive(line, position(start)[1], kind, frozenset(names) if names else None))

    def disabled(self, rule: str, line: int) -> bool:
        state = False
        for d in self._valid:
            if not (d.rules is None or rule in d.rules):
                continue
            if d.kind == "disable-file" or (d.kind == "disable-line" and d.line == line) \
                    or (d.kind == "disable-next-line" and d.line + 1 == line):
                return True
            if d.kind in ("disable", "enable") and d.line <= line:
                state = d.kind == "disable"
        return state

    def __bool__(self) -> bool:
        return bool(self.directives)
