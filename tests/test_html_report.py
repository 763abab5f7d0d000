"""`--format html` as a localisation manager meets it: one file, opened in
a real headless Chromium (Debian's `chromium`), with the network off. What
a person sees is read back from the rendered DOM: the totals, the pages
worst first, the order after a click on a header, the page text shown as
text and nothing fetched."""

from __future__ import annotations

import html.parser
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from loclint.cli import main
from loclint.report.html import CSP

EN = ("# Overview\n\n"
      "Open [the settings](kop.md) and pick a colour.\n\n"
      "![Diagram](images/gone.svg)\n\n"
      + "".join(f"See [step {i}](kop.md) and [!DNL Campaign] v{i}.\n\n" for i in range(3))
      + "This is a sentence about the translation of pages. " * 30 + "\n")
HOSTILE = ("<script>document.documentElement.setAttribute('data-pwned', 'yes')</script>"
           "<img src=\"http://example.com/x.png\" onerror=\"document.title='pwned'\"></td></table>")
NL = ("# Overzicht\n\n"
      f"Open [ ](kop.md) en kies {HOSTILE} een kleur.\n\n"
      "![Diagram](images/gone.svg)\n\n"
      + "".join(f"Zie [ ](kop.md) en  [!DNL Campaign]  v{i}.\n\n" for i in range(3))
      + "Dit is een zin over het vertalen van pagina's. " * 30 + "\n")
# No source page: 3 warnings in the 2,000 words its front matter records.
LONG = ("---\ntitle: Lang\nsource-wordcount: '2000'\n---\n\n# Lang\n\n"
        + "".join(f"Adobe  [!DNL Campaign]  v{i} is hier.\n\n" for i in range(3)))
SHORT = "# Kort\n\nEen  [!DNL Campaign]  ding.\n"  # 1 warning in 5 words: the densest page
SHORT_NAME = "kort<b>.md"  # page names are page text too

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--proxy-server=127.0.0.1:9"]  # the network off: every request would fail


def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed, and in CI this test must run (.ci/run installs it)")
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); CI runs this test")
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("site")
    for tree, pages in (("site.en", {"overview.md": EN}),
                        ("site.nl-NL", {"overview.md": NL, "lang.md": LONG, SHORT_NAME: SHORT})):
        (tmp_path / tree / "help").mkdir(parents=True)
        (tmp_path / tree / "help" / "kop.md").write_text("# Kop\n", encoding="utf-8")
        for name, text in pages.items():
            (tmp_path / tree / "help" / name).write_text(text, encoding="utf-8")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        # Rules that do not compare with the source: the counts stay put
        # while the comparison rules are refined.
        result = CliRunner().invoke(main, ["check", "site.nl-NL", "--no-cache", "--format", "html",
                                           "--select", "empty-link-text,token-spacing,broken-link,missing-alt-text",
                                           "--output", "report.html"], catch_exceptions=False)
    finally:
        os.chdir(here)
    assert result.exit_code == 1 and result.output == ""
    return tmp_path / "report.html"


@pytest.fixture(scope="module")
def seen(report, tmp_path_factory):
    """The report as Chromium renders it, and what it asked the network for."""
    return render(report, tmp_path_factory.mktemp("chromium"))


class Dom(html.parser.HTMLParser):
    """What a rendered page shows: each table's body rows as cell texts,
    the attributes of <html>, the <script> elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.root: dict = {}
        self.scripts = 0
        self.headers: dict[str, dict[str, str | None]] = {}  # table id -> data-key -> aria-sort
        self._table = self._row = self._cell = None
        self._in_body = False
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.root = attrs
        elif tag == "script":
            self.scripts += 1
        elif tag == "table":
            self._table = attrs.get("id") or f"table-{len(self.tables)}"
            self.tables[self._table] = []
            self.headers[self._table] = {}
        elif tag == "tbody":
            self._in_body = True
        elif tag == "th" and self._table:
            self.headers[self._table][attrs.get("data-key")] = attrs.get("aria-sort")
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def render(page: Path, tmp_path: Path, query: str = "") -> tuple[Dom, list[str]]:
    """The DOM Chromium renders from `page`, and the URLs the page asked
    the network for (from Chromium's own log of its requests)."""
    log = tmp_path / f"net{len(list(tmp_path.glob('net*.json')))}.json"
    done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                           f"--log-net-log={log}", "--virtual-time-budget=5000", "--dump-dom",
                           page.as_uri() + query], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    events = json.loads(log.read_text(encoding="utf-8"))["events"]
    # A request the page made names the file:// origin as its network
    # isolation key; Chromium's own (of its profile) do not.
    asked = [e["params"]["url"] for e in events
             if "file://" in str(e.get("params", {}).get("network_isolation_key", "")) and "url" in e["params"]
             and not e["params"]["url"].startswith("file:")]
    return Dom(done.stdout), asked


@pytest.mark.slow
def test_a_person_sees_the_totals_and_the_pages_worst_first(seen):
    dom, asked = seen
    assert dom.root.get("data-ready") == "yes"  # the inline script ran, allowed by its hash alone
    assert asked == []  # nothing fetched: not the page's <img>, no font, no style
    pages = dom.tables["pages"]
    assert [row[0] for row in pages] == ["overview.md", "lang.md", SHORT_NAME]  # most errors, then warnings
    # errors, warnings, introduced, inherited, fixable, findings, words, findings per 1,000 words
    assert pages[0][1:] == ["4", "4", "8", "1", "3", "9", "295", "30.5"]  # its own words: no source-wordcount
    assert pages[1][1:] == ["0", "3", "0", "0", "3", "3", "2,000", "1.5"]  # the 2,000 of its source-wordcount
    assert pages[2][1:] == ["0", "1", "0", "0", "1", "1", "5", "200.0"]
    rules = {row[0]: row[1:] for row in dom.tables["rules"]}
    assert rules["empty-link-text"][:3] == ["4", "0", "0"]  # introduced, inherited, no source
    assert rules["broken-link"][:3] == ["0", "1", "0"]
    assert rules["token-spacing"][:3] == ["3", "0", "4"]
    text = " ".join(dom.text)
    assert "For the translation vendor: introduced findings" in text
    assert "For the English writers: inherited findings" in text


@pytest.mark.slow
def test_clicking_a_header_sorts_by_it(report, tmp_path):
    # ?sort=TABLE.COLUMN clicks that header once the page has loaded.
    dom, _ = render(report, tmp_path, "?sort=pages.density")
    assert [row[0] for row in dom.tables["pages"]] == [SHORT_NAME, "overview.md", "lang.md"]
    assert dom.headers["pages"]["density"] == "descending"
    dom, _ = render(report, tmp_path, "?sort=pages.density&sort=pages.density")  # a second click: the other way
    assert [row[0] for row in dom.tables["pages"]] == ["lang.md", "overview.md", SHORT_NAME]
    assert dom.headers["pages"]["density"] == "ascending"
    dom, _ = render(report, tmp_path, "?sort=rules.rule")  # text sorts A to Z first
    assert [row[0] for row in dom.tables["rules"]] == ["broken-link", "empty-link-text", "missing-alt-text",
                                                       "token-spacing"]


@pytest.mark.slow
def test_page_text_is_shown_as_text_never_run(seen):
    dom, asked = seen
    assert dom.scripts == 1 and "data-pwned" not in dom.root and asked == []
    findings = [row for table, rows in dom.tables.items() if table.startswith("table-") for row in rows]
    first = next(row for row in findings if row[0] == "3:6")  # the empty link beside the page's HTML
    assert first[2] == "empty-link-text"
    assert HOSTILE in first[4]  # the translation, as the characters it has
    assert first[5] == "Open [the settings](kop.md) and pick a colour."  # the English beside it


def test_the_report_asks_for_nothing_outside_itself(report):
    text = report.read_text(encoding="utf-8")
    head = text[:text.index("</head>")]
    assert head.index(f'content="{CSP}"') < head.index("<style>")  # the policy before anything it governs
    assert "default-src 'none'" in CSP and "unsafe-inline" not in CSP
    assert Dom(text).scripts == 1
    shown = html.escape(HOSTILE, quote=True)
    assert shown in text and "<script>document" not in text and "kort&lt;b&gt;.md" in text
    for outside in ("<link", "<img", "<iframe", "<object", "src=", "url(", "@import"):  # URLs in text are text
        assert outside not in text.replace(shown, ""), outside


@pytest.mark.slow
def test_the_control_a_page_that_fetches_is_caught(tmp_path):
    """The request check above can fail: a page with an outside image is
    seen asking for it."""
    page = tmp_path / "fetches.html"
    page.write_text('<!DOCTYPE html><p>x</p><img src="http://example.com/x.png">', encoding="utf-8")
    _, asked = render(page, tmp_path)
    assert asked == ["http://example.com/x.png"]
