"""term-consistency: a glossary term of the source rendered in more than
one way on one page."""

from __future__ import annotations

from loclint import alignment, terms
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="term-consistency", severity="warning", nodes=("root",), needs_source=True, compares_source=True,
            needs_lang=True, summary="A glossary term of the source is rendered in more than one way on the page.")


def check(node, ctx, options):
    entries = ctx.settings.glossary(ctx.lang)
    if not entries:
        return
    pairs = list(terms.prose_pairs(alignment.alignment(ctx.page, ctx.source)))
    for entry in entries:
        seen: dict[str, list[tuple[terms.Seen, bool]]] = {}
        for pair in pairs:
            if terms.has_term(entry, [p.plain for p in terms.prose(ctx.source, pair.source)]):
                for s in terms.renderings_in(terms.prose(ctx.page, pair.target), entry.renderings, ctx.lang):
                    seen.setdefault(s.rendering, []).append((s, pair.anchored))
        if len(seen) < 2:
            continue
        # Most used first (the glossary's order between equals); the finding
        # stands where the page first departs from the most used one.
        order = sorted(seen, key=lambda r: (-len(seen[r]), entry.renderings.index(r)))
        first, anchored = min((found for r in order[1:] for found in seen[r]), key=lambda f: (f[0].line, f[0].column))
        parts = [f"`{r}` ({_lines(seen[r])})" for r in order]
        required = f"; the glossary requires {' or '.join(f'`{r}`' for r in entry.required)}" if entry.required else ""
        yield Hit(first.line, first.column, f"`{entry.term}` is rendered {', '.join(parts[:-1])} and {parts[-1]}"
                  f"{required}", key=f"{entry.term}:{'|'.join(sorted(seen))}", anchored=anchored)


def _lines(found) -> str:
    lines = sorted({s.line for s, _ in found})
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(map(str, lines))
