"""Property test (hypothesis, slow): a safe escaped-entity fix never changes what a page
renders or what its front matter holds, but for the characters it writes.

Pages are made of character references of Markdown's syntax characters at
the places where they would be syntax (line starts, after `]`, runs under a
paragraph, in front matter values and flow lists, in code), rendered before
and after `fix_text` by a renderer of the test's own. LOCLINT_EXAMPLES sets
the number of pages."""

from __future__ import annotations

import html
import os
from html.parser import HTMLParser

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from loclint.config import Config
from loclint.docs_index import DocsIndex
from loclint.fix import fix_text
from loclint.linter import Linter
from loclint.rules import RULES

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("LOCLINT_EXAMPLES", "300"))

REFS = ["&#45;", "&#43;", "&#49;", "&#46;", "&#41;", "&#62;", "&#35;", "&#61;", "&#42;", "&#95;", "&#96;",
        "&#126;", "&#124;", "&#91;", "&#93;", "&#40;", "&#33;", "&#60;", "&#38;", "&amp;", "&lt;", "&gt;",
        "&quot;", "&#39;", "&#32;", "&#9;", "&#3;", "&#8;", "&#10;", "&#13;", "&#58;", "&#44;", "&#x200B;",
        "&nbsp;", "&eacute;", "&#92;"]
PIECES = REFS + ["tekst", " ", "  ", "[a]", "]", "(", "https://example.com", ")", "`", "*", "-", "=", "1.", "![", "](x.png)",
                 "<b>", "[!DNL x]", "#", ":", ",", "'"]
LINE = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)


@st.composite
def pages(draw):
    lines = draw(st.lists(st.one_of(LINE, st.just(""), st.sampled_from(["```", "    code &amp; &#10;", "| a | b |",
                                                                         "|---|---|", "> citaat"])),
                          min_size=1, max_size=10))
    text = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        title = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join))
        item = draw(st.lists(st.sampled_from(["a", "&#44;", "&#32;", "&#35;", "&#93;", "&#58; ", "b"]),
                             min_size=1, max_size=4).map("".join))
        quote = draw(st.sampled_from(["", "'", '"']))
        text = f"---\ntitle: {quote}{title}{quote}\ntags: [{item}, c]\n---\n\n{text}"
    return text


class _Reader(HTMLParser):
    """What a reader gets: tags with their attributes, and text (inside
    code decoded once more: a reference there is what the fix writes)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.seen, self.code = [], 0

    def handle_starttag(self, tag, attrs):
        self.code += tag == "code"
        self.seen.append(("<", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.code -= tag == "code" and self.code > 0
        self.seen.append((">", tag))

    def handle_data(self, data):
        self.seen.append(("text", html.unescape(data) if self.code else data))


def _merged(seen):
    out = []
    for item in seen:
        if item[0] == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + item[1])
        else:
            out.append(item)
    return out


MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def rendered(text: str):
    front, body = None, text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 3)
        try:
            front = yaml.safe_load(text[4:end])
        except yaml.YAMLError as err:
            front = ("broken", str(err).split("\n")[0])
        front = _decoded(front)
        body = "\n" * text.count("\n", 0, end + 5) + text[end + 5 :]
    reader = _Reader()
    reader.feed(MD.render(body))
    reader.close()
    return _merged(reader.seen), front


def _decoded(data):
    if isinstance(data, str):
        return html.unescape(data)
    if isinstance(data, dict):
        return {_decoded(k): _decoded(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_decoded(v) for v in data]
    return data


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
@given(text=pages(), none_allowed=st.booleans())
def test_a_safe_fix_never_changes_what_the_page_renders(tmp_path, text, none_allowed):
    path = tmp_path / "nl" / "pagina.md"
    path.parent.mkdir(exist_ok=True)
    config = Config(base=tmp_path, root=tmp_path, lang="nl-NL", select=frozenset({"escaped-entity"}))
    if none_allowed:
        config.rule_options["escaped-entity"] = RULES["escaped-entity"].resolve_options({"allowed": []})
    linter = Linter(config, DocsIndex(tmp_path))
    result = fix_text(text, lambda t: linter.lint(path, "pagina.md", text=t).findings)
    assert result.fixed.count("\n") == text.count("\n")
    assert rendered(result.fixed) == rendered(text), result.fixed
