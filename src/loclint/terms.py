"""Terms in aligned blocks: the glossary's entries, where a term of the
source and its renderings stand in a pair of aligned blocks, and the mining
of translated pages for the renderings each recurring English term has
(`loclint terms`).

How a term and a rendering are matched (the rule pages say the same):
- A term in a source block: whole words, case-insensitive unless the entry
  says `match-case`, its words separated by spaces or hyphens, with an
  English plural (`workflows`, `report suites`); not inside code, URLs or
  `[!DNL]`/`[!UICONTROL]` tokens (those are the token rules' business).
- A rendering in a target block: case-insensitive; one of 6 letters or more
  anywhere in a word, so inflected and compound forms count (`werkschema's`,
  `sjabloontype`, `berichtmalplaatjes`, German `Vorlagen`), a shorter one as
  the word with at most an inflection (`doelen`, not `doelgroep`); for Dutch
  also with the open-syllable plural (`sjabloon` is found in `sjablonen`,
  `werkstroom` in `werkstromen`). A required rendering counts anywhere in a
  word whatever its length."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from loclint import alignment, facts
from loclint.alignment import Alignment, Block, Pair
from loclint.facts import per_page
from loclint.page import Page

ENTRY_KEYS = ("required", "forbidden", "match-case")
PROSE_KINDS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "item", "quote", "afm", "row"})


class GlossaryError(ValueError):
    """A bad glossary entry; the message starts with the key it is about."""


@dataclass(frozen=True)
class Entry:
    """One term of a glossary and how the target language must render it."""

    term: str
    required: tuple[str, ...] = ()  # one of these must stand in the target block
    forbidden: tuple[str, ...] = ()  # none of these may
    match_case: bool = False  # the term's case counts in the source (`Target` the product, not `target`)

    @property
    def renderings(self) -> tuple[str, ...]:
        """Every rendering it knows, required first."""
        return tuple(dict.fromkeys(self.required + self.forbidden))


def entry(term: str, value) -> Entry:
    """An entry from the config: `term = "rendering"`, or a table of
    `required`, `forbidden` (strings or lists of strings) and `match-case`."""
    if not term.strip():
        raise GlossaryError(f"{term!r}: a term is not empty")
    if isinstance(value, (str, list)):
        value = {"required": value}
    if not isinstance(value, dict):
        raise GlossaryError(f"{term}: expected a rendering, a list of renderings or a table of {', '.join(ENTRY_KEYS)}")
    for key in value:
        if key not in ENTRY_KEYS:
            raise GlossaryError(f"{term}.{key}: unknown key (known: {', '.join(ENTRY_KEYS)})")
    lists = {}
    for key in ("required", "forbidden"):
        given = value.get(key, [])
        given = [given] if isinstance(given, str) else given
        if not isinstance(given, list) or not all(isinstance(v, str) and v.strip() for v in given):
            raise GlossaryError(f"{term}.{key}: expected a rendering or a list of non-empty renderings")
        lists[key] = tuple(" ".join(v.split()) for v in given)
    if not lists["required"] and not lists["forbidden"]:
        raise GlossaryError(f"{term}: give `required` or `forbidden` renderings")
    both = set(map(str.lower, lists["required"])) & set(map(str.lower, lists["forbidden"]))
    if both:
        raise GlossaryError(f"{term}.forbidden: {sorted(both)[0]!r} is also required")
    match_case = value.get("match-case", False)
    if not isinstance(match_case, bool):
        raise GlossaryError(f"{term}.match-case: expected true or false")
    return Entry(" ".join(term.split()), lists["required"], lists["forbidden"], match_case)


def entries_from_csv(text: str) -> tuple[Entry, ...]:
    """A glossary file: a header `term,required,forbidden[,match-case]`, one
    term a row, several renderings of a cell separated by `;`."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip().lower() for c in rows[0][:3]] != ["term", "required", "forbidden"]:
        raise GlossaryError("line 1: expected the header term,required,forbidden[,match-case]")
    found = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = [c.strip() for c in row] + [""] * 4
        value: dict = {key: [v.strip() for v in cells[i].split(";") if v.strip()]
                       for i, key in ((1, "required"), (2, "forbidden"))}
        if cells[3]:
            if cells[3].lower() not in ("true", "false"):
                raise GlossaryError(f"line {n}: match-case: expected true or false")
            value["match-case"] = cells[3].lower() == "true"
        try:
            found.append(entry(cells[0], value))
        except GlossaryError as err:
            raise GlossaryError(f"line {n}: {err}") from None
    return tuple(found)


# --- where terms and renderings stand --------------------------------------------


@dataclass(frozen=True)
class Prose:
    """The prose of one inline of a block: code, HTML and URLs masked
    (`text`); also its `[!DNL]`/`[!UICONTROL]` tokens masked (`plain`)."""

    text: str
    plain: str
    locate: Callable[[int], tuple[int, int]]  # offset -> (line, column) on disk


_MASK = "\0"
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)


@per_page
def _inlines_by_line(page: Page) -> dict[int, list]:
    by_line: dict[int, list] = defaultdict(list)
    for inline in facts.inline_blocks(page):
        by_line[inline.map[0] + 1].append(inline)
    return by_line


@per_page
def prose(page: Page, block: Block) -> tuple[Prose, ...]:
    """The prose of a text block (none for code and HTML blocks)."""
    if block.kind not in PROSE_KINDS:
        return ()
    by_line = _inlines_by_line(page)
    found = []
    for line in range(block.line, block.end):
        for inline in by_line.get(line, ()):
            masked, tokens = facts.inline_scan(page, inline)
            text = _URL.sub(lambda m: _MASK * len(m.group()), masked)
            plain = list(text)
            for tok in tokens:
                plain[tok.start : tok.end] = _MASK * (tok.end - tok.start)
            found.append(Prose(text, "".join(plain), lambda offset, inline=inline: page.inline_position(inline, offset)))
    return tuple(found)


def prose_pairs(align: Alignment) -> Iterator[Pair]:
    """The pairs of aligned text blocks."""
    for pair in align.pairs:
        if pair.source is not None and pair.target is not None and pair.source.kind in PROSE_KINDS \
                and pair.target.kind in PROSE_KINDS:
            yield pair


_TERMS: dict[tuple[str, bool], re.Pattern] = {}


def term_pattern(term: str, match_case: bool = False) -> re.Pattern:
    """The term as whole words, with an English plural; not part of a path,
    a file name or a hyphenated word."""
    key = (term, match_case)
    if key not in _TERMS:
        body = r"[\s-]+".join(re.escape(w) for w in term.split())
        _TERMS[key] = re.compile(rf"(?<![\w./-]){body}(?:e?s|'s)?(?![\w/]|[.-]\w)", 0 if match_case else re.I)
    return _TERMS[key]


def has_term(entry_: Entry, texts: Iterable[str]) -> bool:
    pattern = term_pattern(entry_.term, entry_.match_case)
    return any(pattern.search(t) for t in texts)


_OPEN_SYLLABLE = re.compile(r"(.*?)([aeou])\2([^aeiouy\W\d_]+)\Z", re.I)  # sjabloon, werkstroom, taak


def _rendering_body(rendering: str, lang: str | None) -> str:
    words = rendering.split()
    space = r"\s+"
    body = space.join(re.escape(w) for w in words)
    if lang and lang.lower().startswith("nl") and (m := _OPEN_SYLLABLE.match(words[-1])):
        shortened = space.join([*map(re.escape, words[:-1]), re.escape(m.group(1) + m.group(2) + m.group(3))])
        body = f"(?:{body}|{shortened}(?=e))"  # sjablon(en), werkstrom(en)
    return body


_RENDERINGS: dict[tuple, re.Pattern] = {}


_COMPOUND_TAIL = 6  # a rendering this long is found inside a compound too
_INFLECTIONS = r"(?:e|en|n|s|es|er|ern|je|jes|tje|tjes|['’]s)?"  # all a short rendering may take


def renderings_pattern(renderings: tuple[str, ...], lang: str | None, anywhere: bool = False) -> re.Pattern:
    """Any of the renderings, longest first, each a group of its own (`r<n>`
    is renderings[n]), matching the whole word it stands in. A rendering of
    6 letters or more (any, when `anywhere`) may stand anywhere in the word
    (`berichtmalplaatjes`); a shorter one is the word with at most an
    inflection (`doelen`, not `doelgroep`)."""
    key = (renderings, (lang or "").lower()[:2], anywhere)
    if key not in _RENDERINGS:
        order = sorted(range(len(renderings)), key=lambda i: -len(renderings[i]))
        alternatives = []
        for i in order:
            body = f"(?P<r{i}>{_rendering_body(renderings[i], lang)})"
            if anywhere or len(renderings[i]) >= _COMPOUND_TAIL:
                alternatives.append(rf"\w*?{body}\w*(?:['’]s\b)?")
            else:
                alternatives.append(rf"{body}{_INFLECTIONS}(?![\w'’])")
        _RENDERINGS[key] = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})", re.I)
    return _RENDERINGS[key]


@dataclass(frozen=True)
class Seen:
    """A rendering found in a target block."""

    rendering: str  # the glossary's form
    word: str  # as written
    line: int
    column: int


def renderings_in(texts: Iterable[Prose], renderings: tuple[str, ...], lang: str | None,
                  plain: bool = True) -> list[Seen]:
    """The known renderings standing in a block, where they stand."""
    pattern = renderings_pattern(renderings, lang)
    found = []
    for p in texts:
        for m in pattern.finditer(p.plain if plain else p.text):
            index = next(int(name[1:]) for name, value in m.groupdict().items() if value is not None)
            found.append(Seen(renderings[index], m.group(), *p.locate(m.start())))
    return found


def has_rendering(texts: Iterable[Prose], renderings: tuple[str, ...], lang: str | None) -> bool:
    """Whether any of `renderings` stands in the block, anywhere in a word,
    tokens included (a rendering kept inside `[!DNL]` is still there)."""
    pattern = renderings_pattern(renderings, lang, anywhere=True)
    return any(pattern.search(p.text) for p in texts)


# --- mining a repository ----------------------------------------------------------

# English function words and the documentation's own filler: never a term.
STOP_WORDS = frozenset("""
a about above after again against all also an and any are as at be because been before being below between both but
by can could did do does doing down during each either else etc even ever every few for from further get gets had has
have having here how however i if in into is it its itself just let like may might more most much must my need needs
new no nor not now of off often on once one only or other our out over own per same see set should since so some
such than that the their them then there these they this those through to too two under until up upon us use used
uses using very via want was way we well were what when where whether which while who whom why will with within
without would yes yet you your also must make makes made first next following example examples information
click select selected information page pages see learn more note available different specific following include
includes including based want able allows allow following three four five time times data
""".split())

_WORDS = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_ATTRIBUTES = re.compile(r"\{[^{}\n]{0,200}\}")  # `{target="_blank"}`, `{#id}`: not prose


@dataclass
class Rendering:
    """A target word (its inflected forms merged) found with a term."""

    forms: Counter = field(default_factory=Counter)  # form -> blocks
    blocks: int = 0  # blocks with the term where it stands

    @property
    def form(self) -> str:
        return max(self.forms.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]


@dataclass
class Term:
    term: str
    blocks: int
    renderings: list[Rendering]

    @property
    def inconsistent(self) -> bool:
        return len(self.renderings) >= 2


@dataclass
class Mined:
    lang: str
    pages: int = 0
    blocks: int = 0
    terms: list[Term] = field(default_factory=list)


_DETERMINERS = frozenset("the a an this that these those each every your its their our any no which".split())


def _source_units(text: str) -> tuple[set[str], set[str], set[str]]:
    """(candidate terms, those standing as a noun or a name, stop words) of
    a source block. A candidate is a word of 3+ letters or a bigram of two
    such words side by side, stop words left out; it stands as a noun after
    a determiner (`the workflow`, `a report suite`) and as a name when
    capitalised inside a sentence (`in Target`)."""
    units, nounish, stops = set(), set(), set()
    previous = before = previous_written = None  # the last candidate word, the word before it
    previous_end, last_word = -1, None
    for m in _WORDS.finditer(text):
        written = re.sub(r"['’]s\Z", "", m.group()).strip("'’-")  # a possessive is the word
        word = written.lower()
        between = text[previous_end:m.start()] if previous_end >= 0 else "."
        glued = between.strip() == ""
        if word in STOP_WORDS:
            stops.add(word)
        if len(word) < 3 or word in STOP_WORDS or any(c.isdigit() for c in word):
            previous = None
        else:
            unit = _singular(word)
            units.add(unit)
            if (glued and last_word in _DETERMINERS) or (written[:1].isupper() and last_word is not None
                                                       and not re.search(r"[.!?:|#>*]", between)):
                nounish.add(unit)
            if previous is not None and glued:
                bigram = _singular(f"{previous} {word}")
                units.add(bigram)
                if before in _DETERMINERS or (written[:1].isupper() and previous_written[:1].isupper()):
                    nounish.add(bigram)
            before = last_word  # the word before this one: a determiner makes the bigram it starts a noun
            previous, previous_written = word, written
        previous_end, last_word = m.end(), word
    return units, nounish, stops


def _singular(unit: str) -> str:
    """`workflows` -> `workflow`, `report suites` -> `report suite`: the term
    as a glossary names it (its plural is matched anyway)."""
    *head, last = unit.split(" ")
    if len(last) > 4 and last.endswith("ies"):
        last = last[:-3] + "y"
    elif len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return " ".join([*head, last])


def _target_words(text: str) -> set[str]:
    return {w for m in _WORDS.finditer(text) if len(w := m.group().lower().strip("'’-")) >= 3
            and not any(c.isdigit() for c in w)}


_SUFFIXES = ("'s", "’s", "s", "en", "ën", "n", "e", "es", "er", "ern", "je", "jes", "tje", "tjes")


def _stem_groups(words: Iterable[str]) -> dict[str, str]:
    """Each word -> the word it inflects, when that word is there too: a
    plural or case ending taken off (`items`, `werkschema's`, `categorieën`,
    German `Vorlagen`), the Dutch doubled consonant (`stappen`) or open
    syllable (`sjablonen` -> `sjabloon`) undone."""
    vocab = set(words)
    group: dict[str, str] = {}
    for word in sorted(vocab, key=len):
        base = None
        for suffix in _SUFFIXES:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 2:
                if stem in vocab and len(stem) >= 3:
                    base = stem
                elif suffix == "en" and len(stem) >= 4 and stem[-1] == stem[-2] and stem[:-1] in vocab:
                    base = stem[:-1]  # stappen -> stap
                elif suffix == "en" and stem[-1] in "vz" and (voiceless := stem[:-1] + "fs"["vz".index(stem[-1])]) in vocab:
                    base = voiceless  # bedrijven -> bedrijf, huizen -> huis
                elif suffix in ("en", "e") and (m := re.fullmatch(r"(.*[^aeiou]|)([aeou])([^aeiou])", stem)) \
                        and (long := m.group(1) + m.group(2) * 2 + m.group(3)) in vocab:
                    base = long  # sjablonen -> sjabloon, uren -> uur, vergelijkbare -> vergelijkbaar
                if base:
                    break
        group[word] = group.get(base, base) if base else word
    return group


def mine(pairs: Iterable[tuple[str, Page, Page, bool]], min_blocks: int = 5, share: float = 0.2,
         faithful: float = 0.5) -> list[Mined]:
    """For each language, the source terms and their renderings.

    A term is a word or bigram of `min_blocks`+ aligned source blocks that
    stands as a noun or a name in a fifth of them. A rendering of it is a
    target word (inflections merged) of the aligned target blocks that
    stands in `share` of the term's blocks (3 at least), with the term in `faithful` of
    the blocks it stands in, and goes with this term better (Dice) than with
    any other word or bigram of the source, stop words included (`waarbij`
    goes with `where`, not with `issue`). `pairs`: (language, target page,
    source page, exact); only anchored block pairs count unless the source
    is the one the page was translated from."""
    by_lang: dict[str, list[tuple[set[str], set[str], set[str]]]] = defaultdict(list)
    nounish_blocks: dict[str, Counter] = defaultdict(Counter)
    pages: Counter = Counter()
    for lang, page, source, exact in pairs:
        pages[lang] += 1
        align = alignment.alignment(page, source)
        for pair in prose_pairs(align):
            if not (exact or pair.anchored):
                continue
            s_text = _ATTRIBUTES.sub(" ", " ".join(p.plain for p in prose(source, pair.source)))
            units, nounish, stops = _source_units(s_text)
            t_words = _target_words(_ATTRIBUTES.sub(" ", " ".join(p.plain for p in prose(page, pair.target))))
            if units and t_words:
                by_lang[lang].append((units | stops, t_words, _target_words(s_text)))
                nounish_blocks[lang].update(nounish)
    found = []
    for lang, blocks in sorted(by_lang.items()):
        group = _stem_groups({w for _, words, _ in blocks for w in words})
        unit_blocks: Counter = Counter(u for units, _, _ in blocks for u in units)
        word_blocks: Counter = Counter(g for _, words, _ in blocks for g in {group[w] for w in words})
        counted = {u for u, n in unit_blocks.items() if n >= min_blocks}
        together: dict[str, Counter] = defaultdict(Counter)
        forms: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for units, words, source_words in blocks:
            for unit in units & counted:
                # A word the source block has besides the term (`Adobe` of
                # `Adobe Target`) is carried over, not a rendering of it.
                own = set(unit.split()) | {w + "s" for w in unit.split()}
                kept = {group[w] for w in words if w not in source_words or w in own}
                together[unit].update(kept)
                if unit not in STOP_WORDS:
                    for w in words:
                        if group[w] in kept:
                            forms[unit, group[w]][w] += 1
        best: dict[str, tuple[float, str]] = {}
        for unit in sorted(counted):  # between equals, the first in order
            for g, c in together[unit].items():
                dice = 2 * c / (unit_blocks[unit] + word_blocks[g])
                if dice > best.get(g, (0.0, ""))[0]:
                    best[g] = (dice, unit)
        mined = Mined(lang, pages[lang], len(blocks))
        for term in sorted(counted - STOP_WORDS):
            n = unit_blocks[term]
            if nounish_blocks[lang][term] < 0.2 * n:
                continue
            renderings = [Rendering(forms[term, g], c) for g, c in together[term].items()
                          if c >= max(3, share * n) and c >= faithful * word_blocks[g] and best[g][1] == term]
            if " " in term:  # `automated personalization` kept as is: one rendering, not two
                own = [r for r in renderings if r.form in term.split()]
                if len(own) > 1:
                    renderings = [r for r in renderings if r not in own]
                    renderings.append(Rendering(Counter({term: max(r.blocks for r in own)}), max(r.blocks for r in own)))
            if renderings:
                renderings.sort(key=lambda r: (-r.blocks, r.form))
                mined.terms.append(Term(term, n, renderings))
        mined.terms.sort(key=lambda t: (not t.inconsistent, -t.blocks, t.term))
        found.append(mined)
    return found


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_key(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else _toml_string(text)


def glossary_text(mined: list[Mined], top: int) -> str:
    """The candidate glossary, in the shape `[tool.loclint.glossary.<lang>]`
    reads: the terms rendered several ways first, the most frequent
    rendering required and the others forbidden, for a linguist to edit."""
    out = []
    for m in mined:
        several = sum(t.inconsistent for t in m.terms)
        out += [f"# loclint terms: {m.pages} pages in {m.lang}, {m.blocks} aligned text blocks, "
                f"{len(m.terms)} recurring terms with a rendering, {several} rendered several ways.",
                "# The most frequent rendering is marked required and the others forbidden: edit before use.",
                f"[tool.loclint.glossary.{m.lang}]"]
        for term in m.terms[:top]:
            seen = ", ".join(f"{r.form} {r.blocks}" + (f" ({', '.join(sorted(r.forms))})" if len(r.forms) > 1 else "")
                             for r in term.renderings)
            flag = "several renderings; " if term.inconsistent else ""
            out.append(f"# {term.term}: {term.blocks} blocks; {flag}{seen}")
            required = _toml_string(term.renderings[0].form)
            forbidden = ", ".join(_toml_string(r.form) for r in term.renderings[1:])
            out.append(f"{_toml_key(term.term)} = {{ required = [{required}]"
                       + (f", forbidden = [{forbidden}]" if forbidden else "") + " }")
        if len(m.terms) > top:
            out.append(f"# ... {len(m.terms) - top} more terms (--top)")
        out.append("")
    return "\n".join(out)


def page_pairs(paths: Iterable, config) -> Iterator[tuple[str, Page, Page, bool]]:
    """(language, page, source page, exact) of each translated page of
    `paths` that has a source page and a known language, the source read as
    `loclint check` reads it (at the page's source commit when git has it)."""
    from loclint.linter import Linter  # the linter imports the rules, which import this module
    from loclint.page import PageError, read

    linter = Linter(config)
    for path in paths:
        try:
            page = read(path)
        except (OSError, PageError):
            continue
        ctx, _, _ = linter._context(page, str(path), [])
        if ctx.source is not None and ctx.lang:
            yield ctx.lang, page, ctx.source, ctx.source_exact
