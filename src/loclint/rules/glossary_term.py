"""glossary-term: a term of the glossary in a source block, and its target
block lacks every required rendering or holds a forbidden one."""

from __future__ import annotations

from loclint import alignment, terms
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="glossary-term", severity="warning", nodes=("root",), needs_source=True, compares_source=True,
            needs_lang=True, summary="A glossary term of the source block is not rendered as the glossary requires.")


def check(node, ctx, options):
    entries = ctx.settings.glossary(ctx.lang)
    if not entries:
        return
    for pair in terms.prose_pairs(alignment.alignment(ctx.page, ctx.source)):
        source_texts = [p.plain for p in terms.prose(ctx.source, pair.source)]
        target = terms.prose(ctx.page, pair.target)
        for entry in entries:
            if not terms.has_term(entry, source_texts):
                continue
            wanted = " or ".join(f"`{r}`" for r in entry.required)
            forbidden = terms.renderings_in(target, entry.forbidden, ctx.lang) if entry.forbidden else []
            for seen in forbidden:
                instead = f"; expected {wanted}" if wanted else ""
                yield Hit(seen.line, seen.column, f"`{seen.word}` renders the source's `{entry.term}` (line "
                          f"{pair.source.line}) as the glossary forbids{instead}",
                          key=f"{entry.term}:{seen.rendering}", anchored=pair.anchored)
            # The English term kept as it is (a UI label, a file's name) is
            # untranslated, not rendered otherwise: not this rule's to say.
            if entry.required and not forbidden and not terms.has_rendering(target, entry.required, ctx.lang) \
                    and not terms.has_term(entry, [p.text for p in target]):
                line, column = target[0].locate(0) if target else (pair.target.line, 1)
                yield Hit(line, column, f"the source's `{entry.term}` (line {pair.source.line}) should be rendered "
                          f"{wanted} (glossary); found none", key=f"{entry.term}:", anchored=pair.anchored)
