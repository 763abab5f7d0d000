"""Whether some edits leave a parsed page's Meaning (fix.Meaning) as it was,
confirmed by parsing only the top-level blocks they touch instead of the
whole page: escaped-entity judges the fixes of every page that has one,
and a whole parse of the edited page was a tenth of a cold run.

It only ever confirms: where it cannot be sure, or where a block does
change, the caller renders the whole page as before. It is sure of a
block that stands between blank lines (or the page's ends), is no HTML
block (whose end an edit may remove: it would then run on past the blank
line), whose edits write and remove no white space (indentation decides
what a list swallows), and whose edited lines, parsed alone, give the same
block structure as the page's own tokens there, no new reference
definition, and the same Meaning. The blocks before it end where they did
(they end on the blank line or earlier, whatever follows), the block
itself ends on the blank line after it as it did (same structure, same
indentation), and so the page's render differs only in that block's: the
same tags and texts there (modulo what Meaning ignores) give the same
page."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from loclint.finding import Edit


def confirmer(page) -> Callable[[list[Edit]], bool]:
    """A function of edits on `page.text`: True only when they certainly
    leave the page's Meaning unchanged."""
    from loclint.fix import Meaning, _renderer, apply_edits
    from loclint.page import parser

    md = parser()
    tokens = page.tokens
    lines = page.lines
    fm = page.front_matter
    body_start = fm.last_line if fm and fm.last_line > 1 else 0  # lines parse() blanked out
    blocks: list[tuple[int, int, int, int]] = []  # (first line, end line, first token, end token): 0-based, ends exclusive
    i = 0
    while i < len(tokens):
        token = tokens[i]
        j = i + 1
        if token.nesting == 1:
            depth = 1
            while depth and j < len(tokens):
                depth += tokens[j].nesting
                j += 1
        if token.level == 0 and token.map:
            blocks.append((token.map[0], token.map[1], i, j))
        i = j
    starts = [b[0] for b in blocks]
    env_of_page = page.env
    references = dict((env_of_page or {}).get("references", {}))

    # An ATX heading is one line, ends there and interrupts a paragraph.
    headings = {tokens[b[2]].map[0] for b in blocks if tokens[b[2]].type == "heading_open"
                and tokens[b[2]].markup.startswith("#")}

    def blank(n: int) -> bool:
        return n < body_start or n >= len(lines) or not lines[n].strip()

    def alone(n: int) -> bool:
        """Line n ends whatever block comes before or after it."""
        return blank(n) or n in headings

    def block_of(line: int):  # line 0-based
        k = bisect_right(starts, line) - 1
        if k < 0:
            return None
        first, end, _, _ = blocks[k]
        return blocks[k] if first <= line < end else None

    def shape(toks, shift: int) -> list:
        return [(t.type, t.tag, t.nesting, t.level, t.markup, t.info,
                 (t.map[0] + shift, t.map[1] + shift) if t.map else None) for t in toks]

    def confirms(edits: list[Edit]) -> bool:
        touched: dict[tuple[int, int, int, int], list[Edit]] = {}
        for edit in edits:
            n = edit.line - 1
            if not 0 <= n < len(lines) or edit.column < 1:
                return False
            old = lines[n][edit.column - 1 : edit.column - 1 + edit.length]
            if any(c.isspace() for c in old + edit.replacement):
                return False
            block = block_of(n)
            if block is None:
                return False
            touched.setdefault(block, []).append(edit)
        for (first, end, t0, t1), block_edits in touched.items():
            if tokens[t0].type == "html_block":
                return False
            last = end  # a list's map takes in the blank lines after it
            while last > first + 1 and blank(last - 1):
                last -= 1
            if first not in headings and not (alone(first - 1) and alone(last)):
                return False
            segment = "\n".join(lines[first:end]) + "\n"
            edited = apply_edits(segment, [Edit(e.line - first, e.column, e.length, e.replacement) for e in block_edits])
            env = {"references": dict(references)}
            parsed = md.parse(edited, env)
            if env.get("references", {}) != references:
                return False
            if shape(parsed, 0) != shape(tokens[t0:t1], -first):
                return False
            renderer = _renderer()
            before = Meaning(renderer.render(list(tokens[t0:t1]), md.options, env_of_page), None)
            after = Meaning(renderer.render(parsed, md.options, env), None)
            if before != after:
                return False
        return True

    return confirms
