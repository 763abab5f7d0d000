"""protected-name: a name the repository protects (it writes it inside
`[!DNL]` somewhere, or the config lists it in product-names) stands in the
source block outside a token, and the aligned block has lost it."""

from __future__ import annotations

import html
import re
from collections import Counter

from loclint import block_prose, facts
from loclint.docs_index import FIRMLY_PROTECTED
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
_SENTENCE_END = re.compile(r"(?:^|[.!?:;|>*#()\[\"“]|\d\.|\n)\s*$")
# Words before a capitalised name that begin a sentence without making a title-case label with it.
_LEADS = frozenset("The A An This That These Those Your Our Its Their In On With For From To By Use Using And Or If When "
                   "Each Every All Any Some No Only".split())
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
# A link's address, an autolink, a bare URL: `web-sdk/home.html` does not keep the name Web SDK.
_ADDRESS = re.compile(r"\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*|<[a-z][a-z0-9+.-]*:[^<>\s]*>|\bhttps?://[^\s)\]]+",
                      re.IGNORECASE)


def check(node, ctx, options):
    page, source = ctx.page, ctx.source
    if ctx.settings.locale(ctx.lang)[0].uicontrol_translated:
        return  # where the UI is translated, its names are transliterated by the style guide (アドビ for Adobe)
    listed = frozenset(ctx.settings.product_names)
    counts = Counter(ctx.docs.protected_names(ctx.docs.root_of(page.path)))
    if ctx.docs.root_of(source.path) != ctx.docs.root_of(page.path):
        counts.update(ctx.docs.protected_names(ctx.docs.root_of(source.path)))
    own = {i.value for i in facts.afm_items(page, "DNL") + facts.afm_items(source, "DNL")}
    names = {n for n in counts.keys() | own
             if _NAME.fullmatch(n) and (n in own or counts[n] >= FIRMLY_PROTECTED or not _one_word(n))} | listed
    pattern = _pattern(tuple(sorted(names, key=lambda n: (-len(n), n))))
    if pattern is None:
        return
    for pair, theirs, mine in block_prose.aligned_pairs(page, source):
        written = None  # what the aligned block writes, folded once it is asked for
        reported = set()
        for prose in theirs:
            for match in pattern.finditer(prose.text):
                name = " ".join(match.group().split())
                if written is None:
                    written = _folded(" ".join([_ADDRESS.sub(" ", pair.target.text), *(" ".join(p.dnl) for p in mine)]))
                if name in reported or _folded(name) in written:
                    continue
                if name not in listed and not _as_name(name, prose.text, match.start(), match.end(), pair.source.kind):
                    continue
                reported.add(name)
                yield Hit(pair.target.line, 1, f"the protected name `{name}` of the source's {pair.source.describe()} "
                          "is missing here: product names are not translated (write it, or `[!DNL "
                          f"{name}]`)", key=name, anchored=pair.anchored)


def _one_word(name: str) -> bool:
    """A name that may be an English word too: one word, no capital or digit inside (not `LinkedIn`, `RT-CDP`)."""
    return " " not in name and not any(c.isupper() or c.isdigit() for c in name[1:])


def _folded(text: str) -> str:
    """Text as names are compared: entities read, any case, a hyphen as a
    space (`A/B-test` keeps `A/B Test`, `LinkedIn&#39;s` `LinkedIn's`)."""
    return " ".join(html.unescape(text).replace("-", " ").split()).lower()


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
    if not _one_word(name):
        return True
    if kind[0] == "h" or _SENTENCE_END.search(text[:start].replace("\0", " ")):
        return False
    before = text[:start].replace("\0", " ").rstrip()
    after = text[end:].replace("\0", " ").split()
    word = before.split()[-1] if before.split() else ""
    # `Ad Campaign`, `> Create Campaign`: a title-case label; `The Campaign server`: the product.
    label = (_CAPITALISED.fullmatch(word.strip("*_")) and word != "Adobe"
             and not (word in _LEADS and _SENTENCE_END.search(before[: len(before) - len(word)])))
    return not label and not (after and _CAPITALISED.match(after[0].strip("*_")))
