"""The docs index: anchors of linked pages come from a line scan, and only
an anchor the scan does not find is looked up in the parsed page."""

from __future__ import annotations

import pytest
from conftest import CORPUS, lint_text, needs_corpus, positions

from loclint.docs import likely_anchors, page_anchors
from loclint.page import read

TARGET = """# Overzicht {#overview}

Stappen
-------

> ## In een citaat

```markdown
# Geen kop
```

<a id="Anker"></a>
"""


def test_a_link_to_an_anchor_only_the_parse_sees_is_not_reported(tmp_path):
    (tmp_path / "target.md").write_text(TARGET)
    page = ("[a](target.md#overview) [b](target.md#overzicht) [c](target.md#stappen) "
            "[d](target.md#in-een-citaat) [e](target.md#anker)\n\n"
            "[f](target.md#geen-kop) [g](target.md#nergens)\n")
    findings = lint_text(tmp_path, page, "broken-anchor")
    assert positions(findings) == [(3, 1), (3, 25)]


def test_the_line_scan_is_never_more_generous_than_the_parse(tmp_path):
    (tmp_path / "target.md").write_text(TARGET)
    assert likely_anchors(TARGET) <= page_anchors(read(tmp_path / "target.md"))
    assert "geen-kop" not in likely_anchors(TARGET)


@pytest.mark.slow
@needs_corpus()
def test_the_line_scan_finds_every_anchor_of_the_corpus():
    for path in CORPUS.rglob("*.md"):
        assert likely_anchors(path.read_text(encoding="utf-8")) == page_anchors(read(path)), path


def test_the_line_scan_stays_linear_on_hostile_headings():
    import time

    def seconds(n: int) -> float:
        text = f"# a{' ' * n}x\n## b{' #' * n}\n<a {'x ' * n}\n"
        start = time.perf_counter()
        likely_anchors(text)
        return time.perf_counter() - start

    seconds(1_000)  # warm up
    assert seconds(200_000) / max(seconds(20_000), 1e-3) < 20


def test_the_line_scan_reads_closing_hashes_as_the_parse_does(tmp_path):
    text = "# Kop ##\n## Twee #\n### Drie#\n#### \n#Geen\n##### Vijf \\#\n"
    (tmp_path / "t.md").write_text(text)
    assert likely_anchors(text) <= page_anchors(read(tmp_path / "t.md"))
