"""Property tests (hypothesis): generated pages that mix the defects with
code, tables, links, HTML, front matter, CRLF and odd Unicode go through
every rule, the fixer and every reporter.

CI runs a short version; LOCLINT_EXAMPLES=100000 runs the long one."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_stamping import plain_dump, stock_parser

from loclint.config import Config
from loclint.docs_index import DocsIndex
from loclint.fix import apply_edits, fix_text, split_lines
from loclint.linter import Linter
from loclint.report import FORMATS, report_text

EXAMPLES = int(os.environ.get("LOCLINT_EXAMPLES", "60"))

FRAGMENTS = [
    "Adobe  [!DNL Campaign]  v8 werkt.", "gebruiksscenario&#39;s en &quot;citaat&quot;", "[!UICONTROL &#x200B; Opslaan &#x200B;]",
    "[!dnl x]", "[DNL Journey Optimizer]", "[!DNL [!DNL Edge]]", "[!DNL open", "`a &amp; b` en `[!DNL  x ]`",
    "```json\n{\"a\": \"&quot;\"}\n```", "    ingesprongen &lt;code&gt;", "| a | [x](weg.md) |\n|---|---|\n| <img src=\"z.png\"> | b&#39; |",
    ">[!NOTE]\n>\n>tekst", ">[!TAB  Compact ]", ">[!BEGINTABS]", "**&#x200B;**&#x200B;de", "****", "1 :1 en ( bv. )",
    "[x](https://experienceleague.adobe.com/en/docs) {target=\"_blank\"}", "0} en {1 en &rbrace;", "[ ](leeg.md)",
    "![](beeld.png)", "## Kop {#kop}", "[anker](#nergens)", "<!-- loclint-disable escaped-entity -->", "<a name=\"a\"></a>",
    "[!UICONTROL Opslaan] -rapport", "[!DNL Sinch] ,", "The destination supports multiple methods of data collection.",
    "&#42;ster&#42; en &amp;amp; en &lt;b&gt;", "+ [Titel](TOC.md)\n+ Sectie {#s}", "- lijst\n  - genest [!DNL x]",
]
ODD = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@st.composite
def pages(draw):
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), ODD), min_size=1, max_size=12))
    text = "\n\n".join(parts) if draw(st.booleans()) else "\n".join(parts)
    if draw(st.booleans()):
        title = draw(st.sampled_from(["Kop", "'Gebruiksscenario&#39;s'", "a: b", "[", "Caf&eacute;"]))
        text = f"---\ntitle: {title}\nsource-wordcount: '12'\n---\n\n{text}"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if not draw(st.booleans()):
        text += "\n"
    return text


def _check_positions(findings, text):
    lines = split_lines(text)
    for f in findings:
        assert 1 <= f.line <= max(len(lines), 1), f
        width = len(lines[f.line - 1].rstrip("\r\n")) if lines else 0
        assert 1 <= f.column <= width + 1, (f, width)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
@given(text=pages(), unsafe=st.booleans())
def test_generated_pages_lint_fix_and_report(tmp_path, text, unsafe):
    path = tmp_path / "nl" / "pagina.md"
    path.parent.mkdir(exist_ok=True)
    linter = Linter(Config(base=tmp_path, root=tmp_path, lang="nl-NL"), DocsIndex(tmp_path))
    lint = lambda t: linter.lint(path, "pagina.md", text=t).findings  # noqa: E731
    findings = lint(text)
    _check_positions(findings, text)

    for fmt in FORMATS:
        out = report_text(fmt, findings, ["pagina.md"], statistics=True, fail_on="error")
        if fmt in ("json", "sarif"):
            json.loads(out)
        elif fmt == "junit":
            ET.fromstring(out)

    result = fix_text(text, lint, unsafe)
    _check_positions(result.findings, result.fixed)
    # Nothing but lines with a fixable finding changes, and lines stay lines.
    old, new = split_lines(text), split_lines(result.fixed)
    assert len(old) == len(new)
    fixable_lines = {e.line for f in findings if f.fix for e in f.fix.edits}
    for number, (a, b) in enumerate(zip(old, new), start=1):
        assert a == b or number in fixable_lines
    # Whatever was fixable is gone, unless its fix would create a finding
    # (then it is dropped, by design); and fixing again is a no-op.
    signature = Counter((f.rule, f.line) for f in result.findings)
    for left in (f for f in result.findings if f.fix and (unsafe or not f.fix.unsafe)):
        after = lint(apply_edits(result.fixed, list(left.fix.edits)))
        assert Counter((f.rule, f.line) for f in after) - signature, left
    assert not fix_text(result.fixed, lint, unsafe).changed


def _token_dump(tokens):
    return [(t.type, t.tag, t.nesting, t.level, t.block, t.hidden, t.map, t.content, t.markup, t.info, t.attrs,
             {k: v for k, v in (t.meta or {}).items() if k != "src"}, _token_dump(t.children or [])) for t in tokens]


def _markdown_it_py_loops():
    """loclint's parser as markdown-it-py runs it: every rule tried
    everywhere, its own link destination scanner."""
    from loclint import page

    before = os.environ.get("LOCLINT_NO_SPEEDUPS")
    os.environ["LOCLINT_NO_SPEEDUPS"] = "1"
    try:
        return page.make_parser()
    finally:
        if before is None:
            del os.environ["LOCLINT_NO_SPEEDUPS"]
        else:
            os.environ["LOCLINT_NO_SPEEDUPS"] = before


_INLINE_TEXT = st.text(alphabet="[]()!<>`*_~&#;\\ -ab1{}:/.|+=", max_size=30)
_LINE = st.tuples(st.sampled_from(["", " ", "  ", "   ", "    ", "\t"]),
                  st.sampled_from(["", "# ", "###### ", "> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "```", "~~~", "***",
                                   "___", "---", "- - -", "===", "<div>", "</div>", "<!--", "-->", "<?", "[a]: /u",
                                   "[a]:", "| a | b |", "|---|---|", "a | b", "-|-", "| a | b | c | d |",
                                   "|:--|--:|:-:|---|", "a \\| b | c"]),
                  _INLINE_TEXT).map("".join)
_BLOCKS = st.lists(_LINE, max_size=12).map("\n".join)


@st.composite
def _tables(draw):
    n = draw(st.integers(1, 5))
    cell = st.text(alphabet="ab \\|`*&", max_size=6)
    lead, trail = draw(st.sampled_from(["", "|", " |"])), draw(st.sampled_from(["", "|", "| "]))

    def row() -> str:
        return lead + "|".join(draw(st.lists(cell, min_size=max(n - 1, 1), max_size=n + 1))) + trail

    delimiter = lead + "|".join(draw(st.sampled_from(["---", ":--", "--:", ":-:", "-"])) for _ in range(n)) + trail
    return "\n".join([row(), delimiter] + [row() for _ in range(draw(st.integers(0, 3)))])


# Links and images around inline markup, nested (random characters rarely
# open and close one around a code span).
_SPAN = st.sampled_from(["`a`", "``b ` c``", "`", "``", "d", " ", "\n", "*", "_", "~~", "&amp;", "\\`", "\\]", "<a>"])
_INLINE = st.recursive(_SPAN, lambda inner: st.one_of(
    st.tuples(st.sampled_from(["[", "!["]), st.lists(inner, max_size=4).map("".join),
              st.sampled_from(["](x.md)", "](<y z> 't')", "][r]", "]", "]("])).map("".join),
    st.lists(inner, min_size=2, max_size=4).map("".join)), max_leaves=12)
_MARKDOWN = st.one_of(pages(), _BLOCKS, _tables(), _INLINE, _INLINE.map(lambda t: t + "\n\n[r]: /u"), st.text(alphabet="[]()!<>`*_~&#;\\\n\t -ab1{}:/.|+=", max_size=120))


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(text=_MARKDOWN)
# Each pass the parser skips for want of its characters, with one of them
# alone (rare in random text): delimiters left unpaired, paired, escaped
# table pipes, a delimiter row without its leading pipe, line ends to
# normalise, NUL.
@example("a ~~b")
@example("a ~~b~~ c ~")
@example("x *y")
@example("x _y_ z __")
@example("| a \\| b | c |\n|:-|--:|\n| \\\\| d | e \\|")
@example("a | b\n:-|-:\nc | d")
@example("a\r\nb\rc")
@example("a\x00b")
def test_fast_parser_gives_markdown_it_py_s_tokens(text):
    # The parser tries at each position only the rules that can start with
    # its character, and has faster scanners (speed/mdit.py); markdown-it-py's
    # own loops try every rule.
    from loclint import page

    parser = page.parser()
    assert "tokenize" in parser.inline.__dict__ and "tokenize" in parser.block.__dict__  # the dispatch is in use
    assert parser.helpers is not _REFERENCE.helpers
    assert "tokenize" not in _REFERENCE.inline.__dict__  # the switch turns it off
    assert _token_dump(parser.parse(text, {})) == _token_dump(_REFERENCE.parse(text, {}))


_REFERENCE = _markdown_it_py_loops()
_STOCK = stock_parser()


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(text=_MARKDOWN)
# A link or image whose text starts with a code span, more code spans after.
@example("[`a` b](x.md) and `c` and `d`")
@example("![`a` b](x.png) `c` ``d``")
def test_parser_gives_stock_markdown_it_py_s_tokens(text):
    # What loclint adds to markdown-it-py (the stamps, the fast loops) changes
    # no token.
    from loclint import page

    assert plain_dump(page.parser().parse(text, {})) == plain_dump(_STOCK.parse(text, {}))


@settings(max_examples=EXAMPLES * 20, deadline=None)
@given(text=st.lists(st.sampled_from(["(", ")", "\\", " ", "\t", "\n", "<", ">", "a", "é", "&amp;", "\\(", "\x00", "\x7f",
                                      "(" * 32, "(" * 33, ")" * 33, "\\ "]), max_size=12).map("".join),
       start=st.integers(0, 5), cut=st.integers(0, 5))
def test_link_destination_scan_is_markdown_it_py_s(text, start, cut):
    from markdown_it.helpers import parseLinkDestination

    from loclint import page

    start, maximum = min(start, len(text)), max(len(text) - cut, 0)
    ours = page.parser().helpers.parseLinkDestination(text, start, maximum)
    theirs = parseLinkDestination(text, start, maximum)
    assert (ours.ok, ours.pos, ours.str) == (theirs.ok, theirs.pos, theirs.str)


_EDIT_TEXT = st.sampled_from(["`", "```", "-", "*", "_", "#", "=", ">", "<", "[", "]", ":", "|", "-->", "<!--", "&", "'",
                              '"', "(", ")", "!", "~", "\\", "1.", "&amp;", "a", "é", "</div>", "]: /u", "---", "", " "])


@st.composite
def _blocks_apart(draw):
    """Blocks mostly between blank lines, as pages have them."""
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), _LINE, _BLOCKS, _tables(), _INLINE), min_size=1, max_size=8))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n"])) + part
    return text


@settings(max_examples=EXAMPLES * 10, deadline=None)
@given(text=st.one_of(_MARKDOWN, _blocks_apart()), edits=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 200), st.integers(0, 4), _EDIT_TEXT),
                                      min_size=1, max_size=4))
@example("<!--\nx &#45;&#45;&gt;\n\ny\n", [(1, 2, 15, "-->")])
@example("- a\n\n&#32;&#32;b\n", [(2, 0, 5, "")])
@example("p\n\n```\ncode\n```\n\nq\n", [(4, 0, 3, "~~~")])
@example("a\n\n&#91;r]: /u\n\n[r]\n", [(2, 0, 5, "[")])
def test_block_confirmer_never_confirms_a_changed_meaning(text, edits):
    # escaped-entity judges its fixes by parsing only the blocks they touch
    # (speed/meaning.py); whatever it confirms, the whole page's render does.
    from loclint.finding import Edit
    from loclint.fix import meaning
    from loclint.page import from_text
    from loclint.speed.meaning import confirmer

    page = from_text(text, Path("p.md"))
    lines = page.lines
    chosen = []
    for line, column, length, replacement in edits:
        n = line % max(len(lines), 1)
        width = len(lines[n]) if lines else 0
        start = column % (width + 1)
        chosen.append(Edit(n + 1, start + 1, min(length, width - start), replacement))
    if confirmer(page)(chosen):
        assert meaning(apply_edits(page.text, chosen)) == meaning(page.text, page.tokens, page.env, page.front_matter)


_ENTITIES = ["&#39;", "&quot;", "&#45;", "&gt;", "&lt;", "&#96;", "&#124;", "&#42;", "&#91;", "&#93;", "&#35;", "&#61;",
             "&amp;", "&#95;", "&#126;", "&#33;", "&#40;", "&#41;", "&#58;", "&#92;", "&#62;", "&#43;", "&#49;."]


@st.composite
def _entity_pages(draw):
    """Pages with character references where markup could start, and the
    edits escaped-entity would make: some references written out."""
    piece = st.one_of(st.sampled_from(_ENTITIES), _LINE, st.sampled_from(FRAGMENTS), st.sampled_from(["a", "`", "*", "[x](y)", "|"]))
    blocks = draw(st.lists(st.lists(piece, min_size=1, max_size=6).map("".join), min_size=1, max_size=6))
    text = blocks[0]
    for block in blocks[1:]:
        text += draw(st.sampled_from(["\n\n", "\n", "\n\n\n"])) + block
    return text


@settings(max_examples=EXAMPLES * 10, deadline=None)
@given(text=_entity_pages(), data=st.data())
def test_block_confirmer_on_references_written_out(text, data):
    import html as html_module
    import re

    from loclint.finding import Edit
    from loclint.fix import meaning
    from loclint.page import from_text
    from loclint.speed.meaning import confirmer

    page = from_text(text, Path("p.md"))
    edits = [Edit(n + 1, m.start() + 1, len(m.group()), html_module.unescape(m.group()))
             for n, line in enumerate(page.lines) for m in re.finditer(r"&#?\w+;", line) if data.draw(st.booleans())]
    if edits and confirmer(page)(edits):
        assert meaning(apply_edits(page.text, edits)) == meaning(page.text, page.tokens, page.env, page.front_matter)


def test_block_confirmer_confirms_entities_written_out_in_a_paragraph():
    from loclint.finding import Edit
    from loclint.page import from_text
    from loclint.speed.meaning import confirmer

    page = from_text("# Kop\nGebruiksscenario&#39;s\n\n- a &amp; b\n\nnog een\n", Path("p.md"))
    confirms = confirmer(page)
    assert confirms([Edit(2, 17, 5, "'"), Edit(4, 5, 5, "&")])
    assert not confirms([Edit(2, 1, 1, " ")])  # white space: the whole page is rendered
    assert not confirms([Edit(4, 1, 1, "1.")])  # another block structure


def test_block_confirmer_refuses_an_edit_that_changes_a_reference_definition():
    # `&#92;` written out as `\` escapes the `&` after it: the definition's
    # href changes, and with it the link `[a]` on the first line.
    from loclint.finding import Edit
    from loclint.fix import apply_edits, meaning
    from loclint.page import from_text
    from loclint.speed.meaning import confirmer

    page = from_text("- &#39;[a]: /u\n\n  [a]: /u&#92;&#39;\n", Path("p.md"))
    edit = Edit(3, 10, 5, "\\")
    assert meaning(apply_edits(page.text, [edit])) != meaning(page.text, page.tokens, page.env, page.front_matter)
    assert not confirmer(page)([edit])
    assert confirmer(page)([Edit(1, 3, 5, "'")])  # the paragraph's own reference, the definition as it was


def test_block_confirmer_confirms_a_list_right_under_a_paragraph():
    # A collapsible section: its `+++` title line, a comment and its list,
    # with no blank line between; the three are confirmed together.
    from loclint.finding import Edit
    from loclint.page import from_text
    from loclint.speed.meaning import confirmer

    page = from_text("Inleiding\n\n+++ Details\n<!-- * old -->\n* een&#39;s\n&#42; twee\n+++\n\n<div>\n&#39;\n</div>\n",
                     Path("p.md"))
    confirms = confirmer(page)
    assert confirms([Edit(5, 6, 5, "'")])
    assert not confirms([Edit(6, 1, 5, "*")])  # `* twee`: a second list item
    assert not confirms([Edit(10, 1, 5, "'")])  # in an HTML block
