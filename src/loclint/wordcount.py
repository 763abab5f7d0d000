"""How many words each page has, for a report's findings per 1,000 words:
the `source-wordcount` its front matter records (the English words it was
translated from), else loclint's own count of the page (facts.word_count)."""

from __future__ import annotations

from pathlib import Path

from loclint import facts, pairing
from loclint.linter import display_path
from loclint.page import PageError, decode, from_text, one_newline, read_bytes, split_front_matter


def page_words(pages: list[Path], max_bytes: int | None = None) -> dict[str, int]:
    """{display path: words} of the pages that can be read; never through a
    symlink (one may point out of the docs tree)."""
    found = {}
    for path in pages:
        if path.is_symlink():
            continue
        try:
            text, has_bom = decode(read_bytes(path, max_bytes), path)
        except (OSError, PageError):
            continue
        front_matter = split_front_matter(one_newline(text))
        words = pairing.source_wordcount(front_matter.data if front_matter else None)
        found[display_path(path)] = words if words is not None else facts.word_count(from_text(text, path, has_bom))
    return found
