"""The rule pages (`rules/<id>.md`): what each rule finds and why, with the
examples the tests run. What a rule is (id, severity, summary, options) is
declared in its module; a page only explains it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from loclint.rule import Rule


@dataclass(frozen=True)
class RulePage:
    id: str
    text: str  # the whole page

    @property
    def body(self) -> str:
        return self.text


@dataclass(frozen=True)
class Example:
    rule: str
    kind: str  # "bad" or "good"
    text: str
    expected: tuple[tuple[int, int], ...]  # (line, column) of each finding
    line: int  # where the example starts in the rule page
    source: str | None = None  # the English source page the example is paired with


def pages_dir() -> Path:
    # Asked of the package's folder, not of importlib.resources (which
    # imports tempfile and shutil: 11 ms of every start).
    here = Path(__file__).resolve().parent
    shipped = here / "rule_pages"  # an installed wheel carries the pages
    if shipped.is_dir():
        return shipped
    # A source checkout (editable install): the pages live at the top level.
    return here.parents[1] / "rules"


@cache
def rule_pages() -> dict[str, RulePage]:
    return {path.stem: RulePage(path.stem, path.read_text(encoding="utf-8")) for path in sorted(pages_dir().glob("*.md"))}


def rule_header(rule: Rule) -> str:
    """What the code declares of a rule, as `loclint explain` shows it under its title."""
    needs = [w for w, on in (("a source page", rule.needs_source), ("the page's language", rule.needs_lang)) if on]
    facts = [f"default severity: {rule.severity}", "fixable" if rule.fixable else "not fixable"]
    if needs:
        facts.append("needs " + " and ".join(needs))
    return f"{rule.summary}\n({'; '.join(facts)})"


def what_it_does(page: RulePage) -> str:
    """The page's "What it does" section, as one paragraph of text."""
    section = page.text.partition("\n## What it does")[2].partition("\n## ")[0]
    return " ".join(section.split())


def options_documented(page: RulePage) -> set[str]:
    """The option names its "## Options" section lists (`- `name` ...`)."""
    section = page.text.partition("\n## Options")[2].partition("\n## ")[0]
    return set(re.findall(r"^- `([^`]+)`", section, re.MULTILINE))


_FENCE = re.compile(r"^(`{3,}|~{3,})markdown[ \t]+(bad|good|source|before|after)([^\n]*)$", re.MULTILINE)


def examples(page: RulePage) -> list[Example]:
    """The annotated examples of a rule page: a fence whose info string is
    `markdown bad LINE:COL ...` or `markdown good`. A `markdown source` fence
    is the source page of the examples after it."""
    found = []
    source = None
    for m in _FENCE.finditer(page.text):
        fence = m.group(1)
        body_start = m.end() + 1
        close = re.compile("^" + re.escape(fence) + r"[ \t]*$", re.MULTILINE).search(page.text, body_start)
        if close is None:
            raise RuntimeError(f"unclosed example in rules/{page.id}.md")
        body = page.text[body_start : close.start()]
        if m.group(2) == "source":
            source = body
            continue
        if m.group(2) in ("before", "after"):
            continue  # fix examples: see fix_examples()
        expected = tuple(
            tuple(int(x) for x in spec.split(":")[:2]) for spec in m.group(3).split()
        )
        found.append(
            Example(page.id, m.group(2), body, expected, page.text.count("\n", 0, m.start()) + 1, source)
        )
    return found


@dataclass(frozen=True)
class FixExample:
    rule: str
    before: str
    after: str
    unsafe: bool
    source: str | None = None  # the English source page, as for the examples


def fix_examples(page: RulePage) -> list[FixExample]:
    """`markdown before [unsafe]` fences, each followed by a `markdown after`;
    a `markdown source` fence before them is their source page."""
    found, pending, source = [], None, None
    for m in _FENCE.finditer(page.text):
        if m.group(2) not in ("before", "after", "source"):
            continue
        close = re.compile("^" + re.escape(m.group(1)) + r"[ \t]*$", re.MULTILINE).search(page.text, m.end() + 1)
        body = page.text[m.end() + 1 : close.start()]
        if m.group(2) == "source":
            source = body
        elif m.group(2) == "before":
            pending = (body, "unsafe" in m.group(3).split())
        elif pending is not None:
            found.append(FixExample(page.id, pending[0], body, pending[1], source))
            pending = None
    return found
