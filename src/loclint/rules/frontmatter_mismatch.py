"""frontmatter-mismatch: metadata that must not be translated differs from
the source page's; title or description left untranslated; localisation keys
malformed."""

from __future__ import annotations

import re

from loclint import afm
from loclint.docs_index import find_root
from loclint.finding import Hit
from loclint.page import real
from loclint.rule import Rule

RULE = Rule(id="frontmatter-mismatch", severity="error", nodes=("root",), compares_source=True,
            summary="Metadata that must not be translated differs; title or description untranslated; localisation keys malformed.",
            options={
                "fixed-keys": ["exl-id", "solution", "product", "feature", "role", "level", "type", "topic", "hide", "hidefromtoc"],
            })

_LOCALISATION = {
    "source-git-commit": (re.compile(r"[0-9a-f]{40}"), "a 40-hex commit"),
    "workflow-type": (re.compile(r"tm\+mt|ht"), "`tm+mt` or `ht`"),
    "source-wordcount": (re.compile(r"""(['"])[0-9]+\1"""), "a quoted number like '221'"),
    "ht-degree": (re.compile(r"[0-9]{1,3}%"), "a percentage like 5%"),
}
_KEY_LINE = re.compile(r"^([A-Za-z0-9_.-]+)[ \t]*:[ \t]*(.*?)[ \t]*$")


def key_lines(page) -> dict[str, tuple[int, str]]:
    """Top-level key -> (1-based line, raw value text) of the front matter."""
    fm = page.front_matter
    found = {}
    if fm is None or fm.last_line <= 1:
        return found
    for index in range(fm.first_line, fm.last_line - 1):
        m = _KEY_LINE.match(page.lines[index])
        if m:
            found.setdefault(m.group(1), (index + 1, m.group(2)))
    return found


def check(node, ctx, options):
    page = ctx.page
    fm = page.front_matter
    if fm is None or fm.data is None:
        return
    lines = key_lines(page)
    for key, (pattern, expected) in _LOCALISATION.items():
        if key in lines and not pattern.fullmatch(lines[key][1]):
            line, raw = lines[key]
            yield Hit(line, 1, f"`{key}: {raw}` is malformed; expected {expected}", uses_source=False)
    source = ctx.source
    if source is None or source.front_matter is None or source.front_matter.data is None:
        return
    s_data, t_data = source.front_matter.data, fm.data
    for key in options["fixed-keys"]:
        if key not in s_data:
            continue
        if key not in t_data:
            if ctx.source_exact or "source-git-commit" not in t_data:
                yield Hit(fm.first_line, 1, f"`{key}` of the source (`{s_data[key]}`) is missing")
            else:
                yield Hit(fm.first_line, 1, f"`{key}` of the source (`{s_data[key]}`) is missing (uncertain: compared "
                          "with the current source, which may have gained it after this translation)", severity="info")
        elif t_data[key] != s_data[key]:
            yield Hit(lines.get(key, (fm.first_line,))[0], 1,
                      f"`{key}: {t_data[key]}` differs from the source's `{s_data[key]}`; it must not be translated")
    for key in ("title", "description"):
        value = t_data.get(key)
        # One word may be the same in both languages ("Tokens"); a phrase is not.
        if isinstance(value, str) and value == s_data.get(key) and len(_LETTERS.findall(value)) >= 2:
            yield from _untranslated(ctx, key, value, lines.get(key, (fm.first_line,))[0])


# --- titles and descriptions that are names ----------------------------------------

_LETTERS = re.compile(r"[^\W\d_]{2,}")
_TOKEN = re.compile(r"\[!(?:DNL|UICONTROL)[ \t]+([^\]]*)\]")
_SITE_SUFFIX = re.compile(r"[ \t]+\|[ \t]+[^|]+$")  # docfx's `Title | Microsoft Docs`
_WORD = re.compile(r"[^\s()\[\]|:,;.!?\"'/]+")
# A title that starts with one of these is a task ("Create Segments"), not a name.
_TASK_VERBS = frozenset("""add build configure create define delete disable edit enable get getting install learn
    manage migrate remove run set understand understanding update use using view work working""".split())
# Words that say what a page does with a name ("Adobe Admin Console Setup"): translatable.
_PAGE_NOUNS = frozenset("""administration basics configuration guide implementation installation integration
    introduction migration overview requirements setup support troubleshooting tutorial""".split())
# Names shaped like the UI's: at most this many words, each capitalised or an acronym.
_NAME_WORDS = 3


def _untranslated(ctx, key: str, value: str, line: int):
    """`key: value` is the source's, word for word: a finding unless the
    value is made of names (see rules/frontmatter-mismatch.md)."""
    shape = _name_shape(ctx, value)
    if shape == "names":
        return
    heading = _translated_heading(ctx, value) if key == "title" else None
    if shape is not None and heading is None:
        return
    why = f" (its heading translates it: `{heading}`)" if heading else ""
    # Left in English is left in English, whatever the English became since.
    yield Hit(line, 1, f"`{key}` is identical to the source's: not translated{why}", uses_source=False)


def _name_shape(ctx, value: str) -> str | None:
    """("names", ...) when the value is only names (tokens, product names,
    the tree's protected names); ("name-like", ...) when it is names and one
    capitalised word (`[!DNL Marketo Measure] Cookies`) or a short UI-shaped
    name (`SQL Data Management`, `AND-join`); None otherwise. (The tree's
    protected names are in every page's cache key: no page is consulted.)"""
    text = _SITE_SUFFIX.sub("", value)
    found = [" ".join(m.group(1).split()) for m in _TOKEN.finditer(text)]
    rest = _TOKEN.sub(" ", text)
    words = _WORD.findall(" ".join([*found, rest]))
    names = 0
    if _LETTERS.search(rest):
        known = _known_names(ctx)
        for name in sorted(known, key=lambda n: (-len(n), n)):  # longest first, in a fixed order
            pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
            if pattern.search(rest):
                rest = pattern.sub(" ", rest)
                names += 1
    names += len(found)
    left = [w for w in _WORD.findall(rest) if _LETTERS.search(w)]
    if not left:
        return "names"
    if any(w.lower() in _PAGE_NOUNS for w in left):
        return None
    if names and len(left) == 1 and _capitalised(left[0]):
        return "name-like"
    if (len(words) <= _NAME_WORDS and all(_capitalised(w) for w in words)
            and words[0].lower() not in _TASK_VERBS and not words[0].lower().endswith("ing")):
        return "name-like"
    return None


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _known_names(ctx) -> set[str]:
    """Product names of the config and the names protected (`[!DNL ...]`)
    anywhere in the page's tree or its source's."""
    known = set(ctx.settings.product_names)
    for root in (ctx.docs.root_of(ctx.page.path), find_root(real(ctx.source.path).parent)):
        known.update(ctx.docs.protected_names(root))
    return known


def _heading(page) -> str | None:
    """The text of a page's first level-1 heading, its `{#id}` left out."""
    for i, token in enumerate(page.tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return afm.HEADING_ID.sub("", page.tokens[i + 1].content).strip()
    return None


def _folded(text: str) -> str:
    return " ".join(text.replace("`", "").split()).casefold()


def _translated_heading(ctx, value: str) -> str | None:
    """The page's heading, when the source's heading is its title and the
    page's heading differs from it: the page translated the very words its
    title leaves in English."""
    mine, theirs = _heading(ctx.page), _heading(ctx.source)
    if mine is None or theirs is None or _folded(theirs) != _folded(value) or _folded(mine) == _folded(theirs):
        return None
    return mine
