"""Anchors and alt text as the wider world defines them: GitHub's heading slugs
(github-slugger), HTML's id/name, AFM's `{#id}`, and the accessibility
conventions for `<img>`, held against the cases of markdownlint's own test
pages for MD051 (link-fragments) and MD045 (no-alt-text).

The cases are adapted from markdownlint's test/link-fragments.md and
test/no-alt-text.md, Copyright (c) David Anson, MIT licence.
"""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS, lint_text

# The page the fragments point into: one block per line group.
HEADINGS = """# Valid/Invalid Link Fragments

## Valid Fragments

### Valid H3 Heading

### Valid Heading With Underscores _

### Valid *Heading* With _Emphasis_

### Valid Heading With `Code`

### Valid Heading With Quotes ' And Double Quotes "

### 🚀 Valid Heading With Emoji

### Valid Heading 👀 With Emoji 2

### Valid Heading 20.10 ❌

### Valid Heading 20.04 ✔️

### Valid Closed ATX Heading ###

Valid Setext Heading
--------------------

### Valid Repeated Heading

### Valid Repeated Heading

### Valid Repeated Heading

### Valid Heading With Trailing Space <!-- comment -->

### Valid Heading With Two Trailing Spaces  <!-- comment -->

### Valid Heading With Embedded <!-- comment --> Comment

### The "Best" Headin' for Testin' Quotes

### Valid Heading About L'Hôpital's Rule

### En-tête Valide Dans Français Pour Vérification

### 标题

### [Valid Heading Is a Link](https://example.com)

### Valid Heading [Has a Link](https://example.com)

### ![Valid Heading Is an Image](https://example.com)

### Valid Heading Has ![an Image](https://example.com)

### Valid_Heading Escaped_Underscores

### Valid Heading\\-With\\_Embedded\\_Escaping

### L12 Not A Line Link

## $\\LaTeX$ Style

## Area: $\\pi * r^2$

### Valid Heading with Named Fragment {#named-fragment}

### Valid Heading with Another Named Fragment {#another_fragment_123}

### Valid Heading with Named Fragment and Multiple Dashes {#multiple--dashes---fragment__name}

### Valid Closed ATX Heading with Named Fragment {#closed-atx} ###

Valid Setext Heading with Named Fragment {#setext}
--------------------------------------------------

### Valid Heading with Named Fragment {#hyphen--run}

### Invalid Heading with Named Fragment {#embedded space}

{#named-fragment-outside-heading}

<a name="namedlink"></a>

<a id = idlink></a>

<a id="myident" name="myname"/>

<A href="https://example.com" id="HREFandID">Text</A>

<a href="https://example.com">Only a link</a>

<p id="id-for-other-element"></p>

<p name="name-for-other-element"></p>

<input name="name-should-be-ignored" id="id-after-name">

<a data-id="not-an-id-should-be-ignored">
"""

VALID = [
    "validinvalid-link-fragments", "valid-fragments", "valid-h3-heading", "valid-heading-with-underscores-_",
    "valid-heading-with-emphasis", "valid-heading-with-code", "valid-heading-with-quotes--and-double-quotes-",
    "-valid-heading-with-emoji", "valid-heading--with-emoji-2", "valid-heading-2010-",
    "valid-heading-2004-%EF%B8%8F", "valid-closed-atx-heading", "valid-setext-heading",
    "valid-repeated-heading", "valid-repeated-heading-1", "valid-repeated-heading-2",
    "valid-heading-with-trailing-space-", "valid-heading-with-two-trailing-spaces--",
    "valid-heading-with-embedded--comment", "the-best-headin-for-testin-quotes",
    "valid-heading-about-lh%C3%B4pitals-rule", "valid-heading-about-lhôpitals-rule",
    "en-t%C3%AAte-valide-dans-fran%C3%A7ais-pour-v%C3%A9rification",
    "en-tête-valide-dans-français-pour-vérification", "%E6%A0%87%E9%A2%98", "标题",
    "valid-heading-is-a-link", "valid-heading-has-a-link", "valid-heading-has-",
    "valid_heading-escaped_underscores", "valid-heading-with_embedded_escaping", "l12-not-a-line-link",
    "latex-style", "area-pi--r2",
    "named-fragment", "another_fragment_123", "multiple--dashes---fragment__name", "closed-atx", "setext",
    "hyphen--run", "valid-heading-with-named-fragment-named-fragment",
    "namedlink", "idlink", "myident", "HREFandID", "id-for-other-element", "id-after-name",
    # GitHub's line links and the HTML spec's `#top`.
    "L7", "L30-L31", "L3C24-L88", "L304-L314C98", "L200C4-L3244C2", "top",
]

BROKEN = [
    "valid-heading-is-an-image", "valid-heading-2004-", "valid-repeated-heading-3", "invalid-fragment",
    "name-for-other-element", "name-should-be-ignored", "not-an-id-should-be-ignored",
    "embedded-space", "embedded_space", "embedded", "hyphen-run", "named-fragment-outside-heading",
    "l7", "L", "L7extra", "L30C", "L30Cextra", "L30L12", "L30C12", "L30C11-", "L30C11-L", "L30C11-L31C",
    "L30C11-C31", "C30", "C11-C31", "C11-L4C31",
]

# Where loclint differs from markdownlint on purpose (precision first): case
# is ignored in matching (a reader's browser on the sites these docs publish
# to does not fail on it, and markdownlint has an option for it), `<a name>`
# is an anchor beside an `id` too (the HTML spec finds either), and `#top`
# is the top of the page in any case.
ACCEPTED_HERE = ["Valid-Fragments", "NAMEDLINK", "idLINK", "hrefandid", "L12-not-a-line-link", "ToP", "myname"]


def _broken(tmp_path, fragments, into_other_page):
    (tmp_path / "target.md").write_text(HEADINGS, encoding="utf-8")
    if into_other_page:
        links = "\n\n".join(f"[x](target.md#{f})" for f in fragments) + "\n"
    else:
        links = HEADINGS + "\n" + "\n\n".join(f"[x](#{f})" for f in fragments) + "\n"
    findings = lint_text(tmp_path, links, "broken-anchor")
    lines = links.split("\n")
    return sorted(lines[f.line - 1].split("#", 1)[1].rstrip(")") for f in findings)


def test_every_valid_fragment_of_the_markdownlint_cases_is_accepted(tmp_path):
    assert _broken(tmp_path, VALID + ACCEPTED_HERE, into_other_page=False) == []


def test_every_valid_fragment_is_accepted_in_a_link_from_another_page(tmp_path):
    assert _broken(tmp_path, VALID + ACCEPTED_HERE, into_other_page=True) == []


def test_every_broken_fragment_of_the_markdownlint_cases_is_reported(tmp_path):
    assert _broken(tmp_path, BROKEN, into_other_page=False) == sorted(BROKEN)
    assert _broken(tmp_path, BROKEN, into_other_page=True) == sorted(BROKEN)


def test_a_reference_definition_to_a_missing_fragment_is_reported(tmp_path):
    page = "# Kop\n\n[goed][a] en [kapot][b]\n\n[a]: #kop\n[b]: #missing \"Titel\"\n"
    findings = lint_text(tmp_path, page, "broken-anchor")
    assert [(f.line, f.column) for f in findings] == [(6, 1)]


# (markup, whether missing-alt-text reports it), from markdownlint's MD045 cases.
ALT_CASES = [
    ("![Alternate text](image.jpg)", False),
    ("![](image.jpg)", True),
    ('![](image.jpg "Title")', True),
    ("Image without alternate text ![](image.jpg) in a sentence.", True),
    ("Reference image ![][notitle]", True),
    ("Reference image ![Alternate text][notitle]", False),
    ("Link to image [![Alternate text](image.jpg)](image.jpg)", False),
    ("Link to image [![](image.jpg)](image.jpg)", True),
    ('<img src="image.png" alt="Descriptive text" />', False),
    ('<img src="image.png" alt>', True),
    ('<img src="image.png" alt="" />', False),
    ("<img src=\"image.png\" alt='' />", False),
    ('Image tag with no alt attribute <img src="image.png" />', True),
    ('<img\n  src="image.png">', True),
    ('<IMG SRC="cat.png" ALT="Descriptive text">', False),
    ('Uppercase <IMG SRC="cat.png" />', True),
    ('<p>\n  <img src="image.png" />\n</p>', True),
    # aria-hidden takes an image out of the accessibility tree: it needs no alt.
    ('<img src="image.png" aria-hidden="true">', False),
    ('<img src="image.png" aria-hidden="false">', True),
]


def test_missing_alt_text_follows_the_accessibility_conventions_for_img(tmp_path):
    for i, (markup, reported) in enumerate(ALT_CASES):
        (tmp_path / "image.jpg").write_text("")
        (tmp_path / "image.png").write_text("")
        (tmp_path / "cat.png").write_text("")
        text = f"# Afbeeldingen\n\n{markup}\n\n[notitle]: image.jpg\n"
        findings = lint_text(tmp_path, text, "missing-alt-text", name=f"alt{i}.md")
        assert bool(findings) == reported, (markup, findings)


def test_the_outer_target_of_an_image_inside_a_link_is_checked(tmp_path):
    (tmp_path / "img.png").write_text("")
    (tmp_path / "other.md").write_text("# Ander\n")
    page = "# Kop\n\n[![Alt](img.png)](ontbreekt.md)\n\n[![Alt](img.png)](other.md#nergens) [![Alt](img.png)](other.md#ander)\n"
    findings = lint_text(tmp_path, page, ["broken-link", "broken-anchor"])
    assert [(f.line, f.column, f.rule) for f in findings] == [(3, 1, "broken-link"), (5, 1, "broken-anchor")]


def test_a_linked_page_offers_the_anchors_of_its_whole_parse():
    # A page a link points to is parsed inline only in its headings and in
    # the blocks holding HTML: the anchors must be those of a whole parse.
    from loclint import anchors
    from loclint.page import from_text

    odd = ("---\ntitle: Not a heading\n---\n\nIntro <a name=\"here\"></a> and <span id=x>y</span>\n\n"
           "Setext <b>bold</b>\n===\n\n## [!DNL Name] {#own}\n\n* item <a id=\"item\">\n\n"
           "[ref]: /x \"t\"\n\n# A [ref] link `code` ![alt](i.png)\n\n<div id=\"blk\">\n\n</div>\n")
    texts = [HEADINGS, odd, "---\ntitle: x\n", ""]
    texts += [p.read_text(encoding="utf-8") for p in sorted((CORPUS / "target.nl-NL").rglob("*.md"))[::7]]
    for text in texts:
        assert anchors.of_text(text) == anchors.page_anchors(from_text(text, Path("p.md"))), text[:200]
