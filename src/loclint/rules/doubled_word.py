"""doubled-word: the same word twice in a row in prose (`de de gegevensinvoer`),
unless the language's grammar doubles it (`dat dat`, `die die`)."""

from __future__ import annotations

import re

from loclint import facts, locales
from loclint.finding import Edit, Fix, Hit
from loclint.rule import Rule

RULE = Rule(
    id="doubled-word",
    summary="The same word twice in a row in prose (de de, te te), unless the grammar doubles it.",
    severity="warning",
    nodes=("inline",),
    fixable=True,
)

# A word (letters only: `1 1` and `v2 v2` are values) and the same word
# again, each time after one space; not part of a longer word, a hyphenated
# compound, an abbreviation or a path. Case-insensitive: `Het het`.
# At most 60 letters: a longer word is never reported, and each word start
# costs a bounded backtrack, not one as long as the word.
_DOUBLED = re.compile(r"(?<![\w\-'’./])([^\W\d_]{1,60})(?: \1)+(?![\w\-'’/])", re.IGNORECASE)


def _operator_beside_word(words: list[str]) -> bool:
    """`AND and OR`, `or OR`: an operator or acronym in capitals beside the
    ordinary word, not the word written twice."""
    return len(set(words)) > 1 and any(w.isupper() and len(w) > 1 for w in words)


# Of a page in an unknown language: what any language may double.
_ANY_LANGUAGE = frozenset(w for pack in locales.PACKS.values() for w in pack.doubled_words)


def check(node, ctx, options):
    pack = ctx.settings.locale(ctx.lang)[0]
    if not pack.word_spaces:
        return  # words are not separated by spaces: a doubling is not a space apart
    allowed = pack.doubled_words if ctx.lang else _ANY_LANGUAGE
    inline = node.token
    if " " not in inline.content:
        return
    text = facts.inline_scan(ctx.page, inline)[0]
    for m in _DOUBLED.finditer(text):
        words = m.group().split(" ")
        word = words[0].lower()
        if _operator_beside_word(words) or (word in allowed and len(words) == 2):
            continue  # three times is never grammar: `test of of of standaardinhoud`
        line, col = ctx.page.inline_position(inline, m.start())
        first_end = ctx.page.inline_position(inline, m.start() + len(words[0]))
        # Unsafe: removing a word changes the text; the writer may have meant
        # another word in one of the places (`de het`), not none.
        fix = Fix((Edit(*first_end, m.end() - m.start() - len(words[0]), ""),), unsafe=True)
        shown = " ".join(words)
        yield Hit(line, col, f"`{shown}`: the word `{words[0]}` {len(words)} times in a row; expected once",
                  end_column=col + m.end() - m.start(), key=" ".join(w.lower() for w in words), fix=fix)
