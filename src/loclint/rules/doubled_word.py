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


def _in_phrase(text: str, match: re.Match, allowed: tuple[str, ...]) -> bool:
    """Whether the doubling stands in one of the pack's phrases (`of andere
    andere`), its other words one space before or after it."""
    word = match.group(1).lower()
    for phrase in allowed:
        parts = phrase.split(" ")
        if len(parts) < 3:
            continue
        for i in range(len(parts) - 1):
            if parts[i] == parts[i + 1] == word:
                before, after = " ".join(parts[:i]), " ".join(parts[i + 2:])
                if _ends_with_words(text[:match.start()], before) and _starts_with_words(text[match.end():], after):
                    return True
    return False


def _ends_with_words(head: str, words: str) -> bool:
    head = head.lower()
    if not words:
        return True
    start = len(head) - len(words) - 1
    return head.endswith(words + " ") and (start == 0 or (start > 0 and not head[start - 1].isalnum()))


def _starts_with_words(tail: str, words: str) -> bool:
    tail = tail.lower()
    end = len(words) + 1
    return not words or (tail.startswith(" " + words) and (len(tail) == end or not tail[end].isalnum()))


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
        if _operator_beside_word(words) or (len(words) == 2 and (word in allowed or _in_phrase(text, m, allowed))):
            continue  # three times is never grammar: `test of of of standaardinhoud`
        line, col = ctx.page.inline_position(inline, m.start())
        first_end = ctx.page.inline_position(inline, m.start() + len(words[0]))
        # Unsafe: removing a word changes the text; the writer may have meant
        # another word in one of the places (`de het`), not none.
        fix = Fix((Edit(*first_end, m.end() - m.start() - len(words[0]), ""),), unsafe=True)
        shown = " ".join(words)
        yield Hit(line, col, f"`{shown}`: the word `{words[0]}` {len(words)} times in a row; expected once",
                  end_column=col + m.end() - m.start(), key=" ".join(w.lower() for w in words), fix=fix)
