"""The translatable prose of a page, with what is never translated taken out
(code, URLs, paths, AFM tokens, ids, attribute blocks, product names,
numbers), as the language rules judge it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from loclint import afm
from loclint.page import Page

if TYPE_CHECKING:
    from markdown_it.token import Token

_TOKEN = re.compile(r"\[![A-Za-z]+[^\]\n]{0,300}\]")
_FILE = re.compile(r"\.(?:md|html?|png|svg|jpe?g|gif|json|xml|ya?ml|csv|js|py)$")
_FILE_IN_TEXT = re.compile(r"\.(?:md|html?|png|svg|jpe?g|gif|json|xml|ya?ml|csv|js|py)\b")
_BRACES = re.compile(r"\{[^{}\n]{0,200}\}")
_ENTITY = re.compile(r"&#?[A-Za-z0-9]{1,31};")
_NUMBER = re.compile(r"\b\d[\d.,:%]*\b")  # a number, not a digit inside a word
_ID_LINE = re.compile(r"^[ \t]*id[ \t]*=.*$", re.MULTILINE)
_NEVER_TRANSLATED = re.compile("|".join(r.pattern for r in (_TOKEN, _BRACES, _ENTITY, _NUMBER)))
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]")
# A capitalised word that does not start a sentence: a name in most
# languages this tool is used for. (It only ever removes words, so in German,
# where nouns are capitalised, blocks get shorter, not misjudged.)
# Latin letters only: Japanese glued to a name (`Platformを使用して`) is prose.
_MID_NAME = re.compile(r"(?<=[^\s.!?:>|*\-(\[]) +[A-Z][A-Za-z0-9\u00C0-\u024F-]*(?: [A-Z][A-Za-z0-9\u00C0-\u024F-]*)*")
# A run of the characters code is written in that holds what makes it an
# identifier or a file name, not a word: camelCase, snake_case, a dot
# between letters (file.ext, Namespace.Class, BrowserInfo.Name), letters and
# digits mixed (visualExpCompOffer1, S4), a variable sigil. A match starts
# only where a run does, and runs never overlap: it stays linear.
_CODE_CHAR = r"[A-Za-z0-9_$%@.\-]"
_IDENTIFIER_RUN = re.compile(
    rf"(?<!{_CODE_CHAR}){_CODE_CHAR}*?"
    r"(?:[a-z][A-Z]|[A-Za-z0-9]_|_[A-Za-z0-9]|[A-Za-z0-9]\.[A-Za-z0-9]|[A-Za-z][0-9]|[0-9][A-Za-z]|[$%@])"
    rf"{_CODE_CHAR}*")


class Unit:
    """One translatable unit; its cleaned text and its position are made
    only when asked for (most units are too short to judge, which their raw
    text already shows, and few are reported)."""

    __slots__ = ("kind", "raw", "token", "_at", "_prose", "_names", "_text")

    def __init__(self, kind: str, prose: str, raw: str, token: Token | None, names: tuple[str, ...],
                 at: tuple[int, int] = (1, 1)):
        self.kind, self.raw, self.token, self._at = kind, raw, token, at
        self._prose, self._names, self._text = prose, names, None

    def position(self, page: Page) -> tuple[int, int]:
        """(line, column) on disk: of its inline token, or as given."""
        return self._at if self.token is None else page.inline_position(self.token)

    def text_without(self, names: tuple[str, ...]) -> str:
        """The prose with these names also taken out."""
        return clean(self._prose, self._names + names) if names else self.text

    @property
    def text(self) -> str:
        """The prose with what is never translated taken out."""
        if self._text is None:
            self._text = clean(self._prose, self._names)
        return self._text


@lru_cache(maxsize=256)  # a page's own names make one pattern per page
def _names_pattern(names: tuple[str, ...]):
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def clean(text: str, names: tuple[str, ...] = ()) -> str:
    text = text.replace(afm.MASK, " ")
    if "=" in text:
        text = _ID_LINE.sub(" ", text)
    pattern = _names_pattern(names)
    if pattern is not None:
        text = pattern.sub(" ", text)
    text = _NEVER_TRANSLATED.sub(" ", text)
    # URLs and paths, word by word (a regex over a long word would backtrack);
    # the first test is true whenever some word would go.
    if "/" in text or "\\" in text or "www." in text or _FILE_IN_TEXT.search(text):
        text = " ".join([w for w in text.split(" ") if not (
            "/" in w or "\\" in w or ("." in w and (w.startswith("www.") or _FILE.search(w))))])
    text = _IDENTIFIER_RUN.sub(" ", text)
    return _MID_NAME.sub(" ", text)


IMAGE_ALT_KIND = "image alt"


def unit_kind(token: Token, tokens, index: int) -> str:
    """What an inline block is, for messages: a paragraph, heading, table
    cell or list item."""
    opener = tokens[index - 1] if index > 0 else None
    if opener is None:
        return "paragraph"
    if opener.type == "heading_open":
        return "heading"
    if opener.type in ("th_open", "td_open"):
        return "table cell"
    if opener.type == "paragraph_open" and index > 1 and tokens[index - 2].type == "list_item_open":
        return "list item"
    return "paragraph"


def without_images(masked: str) -> str:
    """An inline block's prose without its images (their alt text is a unit
    of its own)."""
    return _IMAGE.sub(" ", masked) if "![" in masked else masked
