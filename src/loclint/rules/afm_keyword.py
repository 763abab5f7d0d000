"""afm-keyword: an AFM block keyword (`>[!NOTE]`, `>[!TAB Label]`, ...) that
is unknown, translated or malformed, or tabs and shadeboxes that do not pair."""

from __future__ import annotations

import re

from loclint import afm
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(id="afm-keyword", severity="error", nodes=("root",),
            summary="An AFM block keyword (>[!NOTE], >[!TAB Label], ...) that is unknown, translated, malformed or unpaired.")

_PAIRS = {"BEGINTABS": "ENDTABS", "BEGINSHADEBOX": "ENDSHADEBOX"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_SPACE_AFTER_MARKER = re.compile(r">([ \t]+)$")
# docfx (Microsoft Learn) writes `> [!NOTE]` with a space, in any case, and has `[!div class="..."]`.
DOCFX_KEYWORDS = frozenset({"NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING", "DIV", "INCLUDE", "VIDEO"})


def docfx_dialect(ctx) -> bool:
    """Whether a page is docfx Markdown: its tree has a docfx publishing
    config at the root, or its front matter has Microsoft's `ms.` keys."""
    if ctx.docs.docfx(ctx.docs.root_of(ctx.page.path)) is not None:
        return True
    fm = ctx.page.front_matter
    data = fm.data if fm and isinstance(fm.data, dict) else {}
    return any(isinstance(key, str) and key.startswith("ms.") for key in data)


def block_keywords(page):
    """(line, column, BlockKeyword, inline token) of every blockquote that
    opens with a `[!KEYWORD]` line, in page order."""
    tokens = page.tokens
    for i, token in enumerate(tokens):
        if token.type != "blockquote_open":
            continue
        if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
            continue
        inline = tokens[i + 2]
        first_line = inline.content.split("\n", 1)[0]
        keyword = afm.block_keyword(first_line)
        if keyword is None or afm.intended_token_keyword(keyword.keyword) is not None:
            continue
        line, col = page.inline_position(inline, 0)
        yield line, col, keyword, inline


def check(node, ctx, options):
    page = ctx.page
    docfx = docfx_dialect(ctx)
    known = afm.BLOCK_KEYWORDS | ctx.settings.afm_keywords | (DOCFX_KEYWORDS if docfx else frozenset())
    open_pairs: list[tuple[str, int, int]] = []
    for line, col, kw, inline in block_keywords(page):
        word, upper = kw.keyword, kw.keyword.upper()
        written = f"[!{word}"
        problems = []
        before = page.lines[line - 1][: col - 1]
        gap = None if docfx else _SPACE_AFTER_MARKER.search(before)
        if gap:
            problems.append(("space", f"a space between `>` and `{written}`"))
        if upper not in known:
            problems.append(("unknown", f"unknown or translated block keyword `{written}]`"))
        elif word != upper and not docfx:
            problems.append(("lower-cased", f"keyword lower-cased: `{word}`; expected `{upper}`"))
        if upper == "TAB":
            if not kw.label or not kw.label.strip():
                problems.append(("no-label", "`[!TAB]` needs a label"))
            elif kw.label != kw.label.strip() or "  " in kw.label:
                problems.append(("padded", f"label padded with spaces: `[!{word} {kw.label}]`; expected `[!{word} {' '.join(kw.label.split())}]`"))
        if problems:
            at = (line, col - len(gap.group(1))) if gap else (line, col)
            yield Hit(*at, "; ".join(text for _, text in problems),
                      key=f"{upper}|{','.join(kind for kind, _ in problems)}")
        if upper in _PAIRS:
            open_pairs.append((upper, line, col))
        elif upper in _CLOSERS:
            if open_pairs and open_pairs[-1][0] == _CLOSERS[upper]:
                open_pairs.pop()
            else:
                yield Hit(line, col, f"`[!{upper}]` without a `[!{_CLOSERS[upper]}]` before it")
    for opener, line, col in open_pairs:
        yield Hit(line, col, f"`[!{opener}]` is never closed by `[!{_PAIRS[opener]}]`")
