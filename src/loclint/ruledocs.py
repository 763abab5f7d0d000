"""The rule pages (`rules/<id>.md`) are the single source of each rule's
metadata (id, default severity, summary, fixable) and of its examples."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from loclint.finding import SEVERITIES


@dataclass(frozen=True)
class RulePage:
    id: str
    severity: str
    summary: str
    fixable: bool
    text: str  # the whole page, front matter included
    body: str


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
    import frontmatter

    pages = {}
    for path in sorted(pages_dir().glob("*.md")):
        text = path.read_text(encoding="utf-8")
        post = frontmatter.loads(text)
        meta = post.metadata
        missing = {"id", "severity", "summary", "fixable"} - set(meta)
        if missing or meta["severity"] not in SEVERITIES or meta["id"] != path.stem:
            raise RuntimeError(f"rule page {path} has bad front matter: {sorted(missing) or meta}")
        pages[meta["id"]] = RulePage(
            meta["id"], meta["severity"], meta["summary"], bool(meta["fixable"]), text, post.content
        )
    return pages


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


def fix_examples(page: RulePage) -> list[FixExample]:
    """`markdown before [unsafe]` fences, each followed by a `markdown after`."""
    found, pending = [], None
    for m in _FENCE.finditer(page.text):
        if m.group(2) not in ("before", "after"):
            continue
        close = re.compile("^" + re.escape(m.group(1)) + r"[ \t]*$", re.MULTILINE).search(page.text, m.end() + 1)
        body = page.text[m.end() + 1 : close.start()]
        if m.group(2) == "before":
            pending = (body, "unsafe" in m.group(3).split())
        elif pending is not None:
            found.append(FixExample(page.id, pending[0], body, pending[1]))
            pending = None
    return found
