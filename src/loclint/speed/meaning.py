"""Whether some edits leave a parsed page's Meaning (fix.Meaning) as it was,
confirmed by parsing only the top-level blocks they touch instead of the
whole page: escaped-entity judges the fixes of every page that has one,
and a whole parse of the edited page was a tenth of a cold run.

It only ever confirms: where it cannot be sure, or where a block does
change, the caller renders the whole page as before. It is sure of a run
of adjacent top-level blocks that stands between blank lines (or the
page's ends, or ATX headings), whose edits touch no HTML block (an edit
may remove its end: it would then run on past the blank line), write and
remove no white space (indentation decides what a list swallows), and
whose lines, edited and parsed alone, give the same block structure as the
page's own tokens there, the same reference definitions (none new, its
own as they were) and the same Meaning. A run, not a block: a list right under a paragraph (`+++ Title`
over a collapsible section's list) has no blank line between the two. The
blocks before the run end where they did (they end on the blank line or
earlier, whatever follows), the run itself ends on the blank line after it
as it did (same structure, same indentation), and so the page's render
differs only in the run's: the same tags and texts there (modulo what
Meaning ignores) give the same page."""

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
    if not all(isinstance(ref.get("map"), list) and len(ref["map"]) == 2 for ref in references.values()):
        return lambda edits: False  # where each definition stands decides what a run may change

    # An ATX heading is one line, ends there and interrupts a paragraph.
    headings = {tokens[b[2]].map[0] for b in blocks if tokens[b[2]].type == "heading_open"
                and tokens[b[2]].markup.startswith("#")}

    def blank(n: int) -> bool:
        return n < body_start or n >= len(lines) or not lines[n].strip()

    def alone(n: int) -> bool:
        """Line n ends whatever block comes before or after it."""
        return blank(n) or n in headings

    def block_at(line: int) -> int | None:  # line 0-based: the index of its block
        k = bisect_right(starts, line) - 1
        return k if k >= 0 and line < blocks[k][1] else None

    def last_line(k: int) -> int:
        """The line after block k's own: a list's map takes in the blank
        lines after it."""
        first, last = blocks[k][0], blocks[k][1]
        while last > first + 1 and blank(last - 1):
            last -= 1
        return last

    def run_of(k: int) -> tuple[int, int] | None:
        """The blocks (first, last index) from blank line to blank line
        around block k; None where a line between them is in no block."""
        k0 = k1 = k
        while blocks[k0][0] not in headings and not alone(blocks[k0][0] - 1):
            if block_at(blocks[k0][0] - 1) != k0 - 1:
                return None
            k0 -= 1
        while blocks[k1][0] not in headings and not alone(last_line(k1)):
            if block_at(last_line(k1)) != k1 + 1 or blocks[k1 + 1][0] != last_line(k1):
                return None
            k1 += 1
        return k0, k1

    def shape(toks, shift: int) -> list:
        return [(t.type, t.tag, t.nesting, t.level, t.markup, t.info,
                 (t.map[0] + shift, t.map[1] + shift) if t.map else None) for t in toks]

    def confirms(edits: list[Edit]) -> bool:
        touched: dict[tuple[int, int], list[Edit]] = {}
        for edit in edits:
            n = edit.line - 1
            if not 0 <= n < len(lines) or edit.column < 1:
                return False
            old = lines[n][edit.column - 1 : edit.column - 1 + edit.length]
            if any(c.isspace() for c in old + edit.replacement):
                return False
            k = block_at(n)
            if k is None or tokens[blocks[k][2]].type == "html_block":
                return False
            run = run_of(k)
            if run is None:
                return False
            touched.setdefault(run, []).append(edit)
        for (k0, k1), run_edits in touched.items():
            (first, _, t0, _), (_, end, _, t1) = blocks[k0], blocks[k1]
            segment = "\n".join(lines[first:end]) + "\n"
            edited = apply_edits(segment, [Edit(e.line - first, e.column, e.length, e.replacement) for e in run_edits])
            # The run's own definitions parsed again, the others as the page
            # has them: the first definition of a label wins, so an edited one
            # seeded with its old self would pass unchanged.
            own = {label: {**ref, "map": [ref["map"][0] - first, ref["map"][1] - first]}
                   for label, ref in references.items() if first <= ref["map"][0] < end}
            env = {"references": {label: ref for label, ref in references.items() if label not in own}}
            parsed = md.parse(edited, env)
            defined = env.get("references", {})
            if {label: ref for label, ref in defined.items() if label not in references or label in own} != own:
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
