"""The text a report shows around a finding: its own line, and the
source's line at the aligned place when the page has a source page."""

from __future__ import annotations

from loclint import alignment
from loclint.context import Context

EXCERPT = 200  # characters of a line shown around a finding


def excerpts(ctx: Context, line: int, column: int, keys: dict[str, int]) -> tuple[str | None, str | None]:
    """The text around (line, column), and the source's text at the same
    place when the page has a source page."""
    lines = ctx.page.lines
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    excerpt = _window(text, column - 1) or None
    if ctx.source is None:
        return excerpt, None
    s_line = _source_line(ctx.page, ctx.source, line, keys)
    if s_line is None:
        return excerpt, None
    s_text = ctx.source.lines[s_line - 1]
    # The same share of the way along the line: a long paragraph is one line.
    return excerpt, _window(s_text, round((column - 1) * len(s_text) / max(len(text), 1))) or None


def _window(text: str, center: int) -> str:
    start = max(0, min(center - EXCERPT // 2, len(text) - EXCERPT))
    shown = text[start:start + EXCERPT].strip()
    return ("…" if start > 0 else "") + shown + ("…" if start + EXCERPT < len(text) else "")


def front_matter_keys(page) -> dict[str, int]:
    """The 1-based line of each key of a page's front matter (its first)."""
    keys: dict[str, int] = {}
    for i in range(1, min(page.body_start, len(page.lines))):
        keys.setdefault(page.lines[i].partition(":")[0].strip(), i + 1)
    return keys


def _source_line(page, source, line: int, keys: dict[str, int]) -> int | None:
    """The 1-based source line that stands where `line` stands on the page:
    in front matter the line of the same key; else the line as far into the
    aligned source block."""
    if line <= page.body_start:
        key = page.lines[line - 1].partition(":")[0].strip() if 0 < line <= len(page.lines) else ""
        return keys.get(key) if key else None
    pair = alignment.alignment(page, source).pair_of_target_line(line)
    if pair is None or pair.source is None:
        return None
    return pair.source.line + min(max(line - pair.target.line, 0), max(pair.source.lines - 1, 0))
