"""protected-name: a name the repository protects (it writes it inside
`[!DNL]` somewhere, or the config lists it in product-names) stands in the
source block outside a token, and the aligned block has lost it."""

from __future__ import annotations

import re

from loclint import block_prose, facts
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(
    id="protected-name",
    summary="A protected product name of the source block is missing from the aligned block: translated or dropped.",
    severity="error",
    nodes=("root",),
    needs_source=True,
    compares_source=True,
)

# A name as the tree protects it: a capital or digit first (lowercase ones, `at.js`, `true`, are
# identifiers: translated-identifier's), no code or markup inside.
_NAME = re.compile(r"[A-Z0-9][^\0`<>]{0,79}")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;|>*#(\[\"“]|\d\.|\n)\s*$")
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")


def check(node, ctx, options):
    page, source = ctx.page, ctx.source
    if ctx.settings.locale(ctx.lang)[0].uicontrol_translated:
        return  # where the UI is translated, its names are transliterated by the style guide (アドビ for Adobe)
    listed = frozenset(ctx.settings.product_names)
    names = {n for n in (ctx.docs.protected_names(ctx.docs.root_of(page.path))
                         | ctx.docs.protected_names(ctx.docs.root_of(source.path))
                         | {i.value for i in facts.afm_items(page, "DNL") + facts.afm_items(source, "DNL")})
             if _NAME.fullmatch(n)} | listed
    pattern = _pattern(tuple(sorted(names, key=lambda n: (-len(n), n))))
    if pattern is None:
        return
    for pair, theirs, mine in block_prose.aligned_pairs(page, source):
        written = _folded(" ".join([pair.target.text, *(" ".join(p.dnl) for p in mine)]))
        reported = set()
        for prose in theirs:
            for match in pattern.finditer(prose.text):
                name = " ".join(match.group().split())
                if name in reported or _folded(name) in written:
                    continue
                if name not in listed and not _as_name(name, prose.text, match.start(), match.end(), pair.source.kind):
                    continue
                reported.add(name)
                yield Hit(pair.target.line, 1, f"the protected name `{name}` of the source's {pair.source.describe()} "
                          "is missing here: product names are not translated (write it, or `[!DNL "
                          f"{name}]`)", key=name, anchored=pair.anchored)


def _folded(text: str) -> str:
    """Text as names are compared: any case, a hyphen as a space (`A/B-test` keeps `A/B Test`)."""
    return " ".join(text.replace("-", " ").split()).lower()


_PATTERNS: dict[tuple[str, ...], re.Pattern | None] = {}


def _pattern(names: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for every name, the longest first (`Adobe Target` before
    `Target`), each a whole word, its case as written, any space between
    its words (French writes no-break spaces)."""
    if names not in _PATTERNS:
        _PATTERNS.clear()  # one tree at a time: keep one
        _PATTERNS[names] = (re.compile(r"(?<![\w.@/-])(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w@/-]|\.\w)")
                            if names else None)
    return _PATTERNS[names]


def _as_name(name: str, text: str, start: int, end: int, kind: str) -> bool:
    """Whether the source writes a one-word name as a name, not as the
    English word it also is (Target, Campaign, Standard, Discover): with its
    capital in the middle of a sentence, its neighbours not capitalised (a
    title-case label, `Ad Campaign Name`, is not the product), not in a
    heading (headings are title case). A name of several words, or with a
    capital or digit inside (`LinkedIn`, `RT-CDP`), is one anywhere."""
    if " " in name or any(c.isupper() or c.isdigit() for c in name[1:]):
        return True
    if kind[0] == "h" or _SENTENCE_END.search(text[:start].replace("\0", " ")):
        return False
    before = text[:start].replace("\0", " ").rstrip()
    after = text[end:].replace("\0", " ").split()
    word = before.split()[-1] if before.split() else ""
    label = (_CAPITALISED.fullmatch(word.strip("*_")) and word != "Adobe"
             and not _SENTENCE_END.search(before[: len(before) - len(word)]))  # `Ad Campaign`, not `The Campaign`
    return not label and not (after and _CAPITALISED.match(after[0].strip("*_")))
