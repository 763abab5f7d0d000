"""The stamping of inline tokens (where each came from in the raw inline
text) changes no token: loclint's parser gives stock markdown-it-py's
tokens, and a link or image knows where its text ends, whatever that text
starts with."""

from __future__ import annotations

import pytest
from conftest import positions

# A link's text that starts with a code span, then more code spans in the block.
CODE_FIRST = [
    "[`a` b](x.md) and `c` and `d`",
    "![`a` b](x.png) and `c` and `d`",
    "[`a`](x.md) `b` [`c` d](y.md) ``e``",
    "[``a ` b``](x.md) `c` ``d``",
    "![a [`b`](c) d](e.png) `f` and `g`",
    "[x ![`a`](b.png)](c.md) `d`",
    "[`a` b][ref] and `c`\n\n[ref]: x.md",
]
# Texts that start with something else than plain text, or are empty.
OTHER_STARTS = ["![](x.png) `a`", "[](x.md) `a`", "[[!DNL A]  b](x.md) `c`", "![[!UICONTROL A] b](x.png)",
                "[![](a.png)](b.md) `c`", "[&amp; b](x.md)", "[\\` b](x.md) `c`", "[<i>a</i> b](x.md) `c`"]


def stock_parser():
    """markdown-it-py configured as loclint's parser is, without loclint's additions."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.disable("text_join")
    return md


_STAMPS = ("src", "start", "end", "label_end")


def plain_dump(tokens):
    """The tokens as markdown-it-py makes them: loclint's stamps left out."""
    return [(t.type, t.tag, t.nesting, t.level, t.block, t.hidden, t.map, t.content, t.markup, t.info, t.attrs,
             {k: v for k, v in (t.meta or {}).items() if k not in _STAMPS}, plain_dump(t.children or []))
            for t in tokens]


@pytest.mark.parametrize("text", CODE_FIRST + OTHER_STARTS)
def test_tokens_are_stock_markdown_it_py_s(text):
    from loclint import page

    assert plain_dump(page.parser().parse(text, {})) == plain_dump(stock_parser().parse(text, {}))


@pytest.mark.parametrize("text", CODE_FIRST[:4] + OTHER_STARTS)
def test_link_text_ends_at_its_closing_bracket(text):
    from loclint import page

    inline = page.parser().parse(text, {})[1]
    opening = inline.children[0]
    assert opening.type in ("link_open", "image")
    closing = text.index("](", text.index("](") + 1) if text.startswith("[![") else text.index("](")
    assert opening.meta["label_end"] == closing


def test_broken_link_whose_text_starts_with_a_code_span(lint):
    text = "Zie [`a` b](weg.md) en `c` en ![`d` e](weg.png) en `f`.\n"
    assert positions(lint(text, "broken-link")) == [(1, 5), (1, 31)]


def test_broken_link_with_empty_alt_text_or_a_token_first(lint):
    text = "![](weg.png) en [[!DNL Target] b](weg.md) en [](weg.md)\n"
    assert positions(lint(text, "broken-link")) == [(1, 1), (1, 17), (1, 46)]


def test_token_spacing_in_a_link_text_that_starts_with_a_token(lint):
    assert positions(lint("Zie [[!DNL Target]  en  [!DNL Campaign]](a.md).\n", "token-spacing")) == [(1, 19), (1, 23)]


def test_empty_link_text_quotes_the_whole_label(lint):
    found = lint("Zie [` `](weg.md) en `c` en `d`.\n", "empty-link-text")
    assert [(f.line, f.column, f.message) for f in found] == [(1, 5, "link to `weg.md` has no visible text: `[` `]`")]


def test_code_spans_after_such_a_link_stay_code(lint):
    found = lint("Zie [`a` b](x.md) en `&#39;` en `&quot;`.\n", "escaped-entity")
    assert [(f.column, f.severity, f.message) for f in found] == [
        (23, "error", "`&#39;` is an escaped `'` in a code span; it renders literally"),
        (34, "error", "`&quot;` is an escaped `\"` in a code span; it renders literally"),
    ]
