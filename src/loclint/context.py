"""What a rule is told besides the page: its pairing, its language, the docs
index it may look links up in, and the settings rules share. Made by the
linter once per page; frozen."""

from __future__ import annotations

from dataclasses import dataclass, field

from loclint import pairing
from loclint.config import Settings
from loclint.docs_index import DocsIndex
from loclint.page import Page


@dataclass(frozen=True, eq=False)
class Context:
    page: Page
    settings: Settings = Settings()
    docs: DocsIndex = field(default_factory=DocsIndex)  # where its links are looked up
    lang: str | None = None  # the page's language, when known
    source_lang: str = "en"  # the language it was translated from
    source: Page | None = None  # the paired source page
    source_exact: bool = False  # the source as it was at source-git-commit
    # (words recorded in source-wordcount, words now) when the working file of
    # the source has clearly changed since the translation was made from it.
    source_drift: tuple[int, int] | None = None
    # Why the source compared may not be what was translated, when the page
    # names a commit that the source checkout should have but lacks.
    source_uncertain: str | None = None

    def of_source(self, docs: DocsIndex) -> Context:
        """The context the source page is linted in, to tell inherited
        findings from introduced ones."""
        assert self.source is not None
        named = pairing.source_commit(self.page.front_matter) if self.source_exact else None
        if named is not None:  # the pages it links to as they were at that commit too
            docs = docs.at_commit(named[1])
        return Context(self.source, self.settings, docs, self.source_lang, self.source_lang)
