"""frontmatter-mismatch: metadata that must not be translated differs from
the source page's; title or description left untranslated; localisation keys
malformed."""

from __future__ import annotations

import re

from loclint.finding import Hit
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
        if isinstance(value, str) and value == s_data.get(key) and len(re.findall(r"[^\W\d_]{2,}", value)) >= 2:
            yield Hit(lines.get(key, (fm.first_line,))[0], 1, f"`{key}` is identical to the source's: not translated")
