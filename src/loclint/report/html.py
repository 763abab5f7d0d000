"""One self-contained HTML page for whoever decides who must redo what:
the run's totals, the pages worst first, the rules by origin, and each
finding with the translated text beside the English, split by who must act
(introduced: the translation vendor; inherited: the English writers).

Nothing is fetched: the style and the sorting script are inline, allowed
by their hashes alone (the Content-Security-Policy forbids every other
script, style, font, image and request), and every text of a page is
escaped, so a page's own HTML is shown as text and could not run if it
were not."""

from __future__ import annotations

import base64
import hashlib
import html
import posixpath

from loclint import summary
from loclint.report import escape

STYLE = """
:root { --error: #b3261e; --warning: #8a5a00; --info: #4a5a70; --line: #d8dde3; --soft: #f4f6f8; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d232a; margin: 0 auto;
       padding: 1.5rem 2rem 4rem; max-width: 110rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .4rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.4rem 0 .3rem; overflow-wrap: anywhere; }
h3 small, .note { color: #5b6470; font-weight: normal; }
.cards { display: flex; flex-wrap: wrap; gap: .7rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .55rem .9rem; min-width: 8.5rem; background: #fff; }
.card b { display: block; font-size: 1.7rem; line-height: 1.2; }
.card.error b { color: var(--error); } .card.warning b { color: var(--warning); } .card.info b { color: var(--info); }
.card.vendor { border-left: 5px solid #6b4fbb; } .card.writers { border-left: 5px solid #1f7a6d; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; position: sticky; top: 0; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafbfc; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: "\\a0\\2195"; color: #a0a8b2; }
table.sortable th[aria-sort="ascending"]::after { content: "\\a0\\2191"; color: #1d232a; }
table.sortable th[aria-sort="descending"]::after { content: "\\a0\\2193"; color: #1d232a; }
td.page, td.text { overflow-wrap: anywhere; }
td.page { min-width: 20rem; }
td.text { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; white-space: pre-wrap;
          width: 30%; }
.sev { font-weight: 600; } .sev.error { color: var(--error); } .sev.warning { color: var(--warning); }
.sev.info { color: var(--info); }
.zero { color: #b0b6bd; }
td code { white-space: nowrap; }
"""

SCRIPT = """
(function () {
  "use strict";
  function key(row, i, num) {
    var cell = row.cells[i], v = cell.getAttribute("data-v");
    if (v === null) { v = cell.textContent; }
    return num ? parseFloat(v) : v.toLowerCase();
  }
  function sortBy(th) {
    var table = th.closest("table"), body = table.tBodies[0], i = th.cellIndex;
    var num = th.getAttribute("data-type") === "num";
    var first = num ? "descending" : "ascending", other = num ? "ascending" : "descending";
    var dir = th.getAttribute("aria-sort") === first ? other : first;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, i, num), y = key(b, i, num), d = x < y ? -1 : (x > y ? 1 : 0);
      return dir === "ascending" ? d : -d;
    });
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    rows.forEach(function (r) { body.appendChild(r); });
  }
  var headers = document.querySelectorAll("table.sortable th");
  Array.prototype.forEach.call(headers, function (th) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); }
    });
  });
  // ?sort=TABLE.COLUMN (repeatable): open the report sorted, as if that
  // header had been clicked (a link to a sorted view).
  new URLSearchParams(location.search).getAll("sort").forEach(function (wanted) {
    Array.prototype.forEach.call(headers, function (th) {
      if (th.closest("table").id + "." + th.getAttribute("data-key") === wanted) { th.click(); }
    });
  });
  document.documentElement.setAttribute("data-ready", "yes");
})();
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; base-uri 'none'; form-action 'none'"

WHO = {
    "introduced": ("For the translation vendor: introduced findings", "vendor",
                   "Defects the English page does not have, and differences from it: the translation's to fix."),
    "inherited": ("For the English writers: inherited findings", "writers",
                  "Defects the English page has too: fix them there, and the next translation inherits the fix."),
    "unpaired": ("Pages without a source page", "unpaired",
                 "No English page was found to compare with: who must act cannot be told."),
}


def h(text) -> str:
    """Any text as HTML text: control characters shown as escapes, markup as
    characters."""
    return html.escape(escape(str(text)), quote=True)


def _n(value: int) -> str:
    return f'<td class="n{" zero" if not value else ""}" data-v="{value}">{value:,}</td>'


def _th(label: str, key: str, num: bool = True, title: str = "") -> str:
    extra = f' title="{h(title)}"' if title else ""
    return f'<th class="{"n" if num else ""}" data-key="{key}" data-type="{"num" if num else "text"}"{extra}>{h(label)}</th>'


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def render(findings, files, *, words=None, baselined=0, **_):
    words = words or {}
    counted = summary.tally(findings)
    total, pages = counted.total, counted.pages
    title = f"loclint report: {_plural(len(findings), 'finding')} in {len(pages):,} of {_plural(len(files), 'page')}"
    yield ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           f"<title>{h(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n")
    yield f"<header><h1>loclint report</h1><p class=\"note\">{h(title[len('loclint report: '):])}</p></header>\n"
    yield from _totals(total, baselined)
    anchors = {row.name: f"page-{i}" for i, row in enumerate(pages, 1)}
    yield from _pages(pages, words, anchors)
    yield from _rules(counted.rules)
    for who in summary.ACTORS:
        yield from _findings(who, findings, pages, anchors)
    yield f"<script>{SCRIPT}</script>\n</body>\n</html>\n"


def _totals(total: summary.Row, baselined: int):
    cards = [("error", total.error, "errors", ""), ("warning", total.warning, "warnings", ""),
             ("info", total.info, "info", ""),
             ("vendor", total.introduced, "introduced", "for the translation vendor"),
             ("writers", total.inherited, "inherited", "for the English writers")]
    if total.unpaired:
        cards.append(("unpaired", total.unpaired, "without a source page", "who must act is unknown"))
    cards.append(("fix", total.fixable, "fixable with --fix",
                  f"{total.unsafe:,} more with --unsafe-fixes" if total.unsafe else ""))
    yield "<section id=\"totals\" class=\"cards\">\n"
    for css, n, label, note in cards:
        yield (f"<div class=\"card {css}\" data-total=\"{css}\"><b>{n:,}</b>{h(label)}"
               + (f"<br><small class=\"note\">{h(note)}</small>" if note else "") + "</div>\n")
    yield "</section>\n"
    if baselined:
        yield f"<p class=\"note\">{_plural(baselined, 'more finding')} in the baseline, not shown.</p>\n"


def _pages(pages, words, anchors):
    folder = _common_folder([row.name for row in pages])
    yield ("<h2 id=\"pages-title\">Pages, worst first</h2>\n<p class=\"note\">"
           + (f"Pages under <code>{h(folder)}</code>. " if folder else "") + "Most errors first, then most warnings; "
           "click a header to sort by it. Findings per 1,000 words count the page's <code>source-wordcount</code> "
           "(the English words it was translated from) where its front matter has one, else its own words.</p>\n"
           "<table id=\"pages\" class=\"sortable\" aria-labelledby=\"pages-title\">\n<thead><tr>"
           + _th("Page", "page", num=False) + _th("Errors", "errors") + _th("Warnings", "warnings")
           + _th("Introduced", "introduced", title="for the translation vendor")
           + _th("Inherited", "inherited", title="for the English writers")
           + _th("Fixable", "fixable", title="with --fix") + _th("Findings", "findings")
           + _th("Words", "words") + _th("Per 1,000 words", "density") + "</tr></thead>\n<tbody>\n")
    for row in pages:
        count = words.get(row.name)
        density = round(1000 * row.total / count, 1) if count else None
        yield (f"<tr><td class=\"page\" title=\"{h(row.name)}\">"
               f"<a href=\"#{anchors[row.name]}\">{h(row.name[len(folder):])}</a></td>"
               + _n(row.error) + _n(row.warning) + _n(row.introduced) + _n(row.inherited) + _n(row.fixable)
               + _n(row.total)
               + (f"<td class=\"n\" data-v=\"{count}\">{count:,}</td>" if count else "<td class=\"n\" data-v=\"-1\">—</td>")
               + (f"<td class=\"n\" data-v=\"{density}\">{density:,.1f}</td>" if density is not None
                  else "<td class=\"n\" data-v=\"-1\">—</td>")
               + "</tr>\n")
    yield "</tbody>\n</table>\n"


def _common_folder(paths: list[str]) -> str:
    """The folder all the pages are in ("" for none), with its final /."""
    try:
        folder = posixpath.commonpath([posixpath.dirname(p) for p in paths]) if paths else ""
    except ValueError:  # absolute and relative paths
        return ""
    return folder + "/" if folder and folder != "/" else ""


def _rules(rules):
    yield ("<h2 id=\"rules-title\">Rules by origin</h2>\n<table id=\"rules\" class=\"sortable\" "
           "aria-labelledby=\"rules-title\">\n<thead><tr>" + _th("Rule", "rule", num=False)
           + _th("Introduced", "introduced", title="for the translation vendor")
           + _th("Inherited", "inherited", title="for the English writers")
           + _th("No source", "unpaired", title="pages without a source page")
           + _th("Errors", "errors") + _th("Warnings", "warnings") + _th("Info", "info")
           + _th("Fixable", "fixable", title="with --fix") + _th("Findings", "findings")
           + "</tr></thead>\n<tbody>\n")
    for row in rules:
        yield (f"<tr><td title=\"loclint explain {h(row.name)}\"><code>{h(row.name)}</code></td>"
               + _n(row.introduced) + _n(row.inherited) + _n(row.unpaired) + _n(row.error) + _n(row.warning)
               + _n(row.info) + _n(row.fixable) + _n(row.total) + "</tr>\n")
    yield "</tbody>\n</table>\n"


def _findings(who: str, findings, pages, anchors):
    heading, css, note = WHO[who]
    found_on: dict[str, list] = {}  # a walk per actor: only a part of the findings held at once
    for f in findings:
        if summary.actor(f) == who:
            found_on.setdefault(f.path, []).append(f)
    mine = [(row, found_on[row.name]) for row in pages if row.name in found_on]
    if not mine:
        return
    yield (f"<section id=\"{css}\" class=\"who\">\n<h2>{h(heading)} "
           f"<small class=\"note\">({sum(len(found) for _, found in mine):,})</small></h2>\n<p class=\"note\">{h(note)}</p>\n")
    english = who != "unpaired"
    for row, found in mine:
        # The pages table links to a page's first section.
        first = next(w for w in summary.ACTORS if getattr(row, w)) == who
        anchor = f' id="{anchors[row.name]}"' if first else ""
        source = found[0].source
        yield (f"<h3{anchor}>{h(row.name)}"
               + (f" <small>English: {h(source)}</small>" if source else "") + "</h3>\n"
               "<table class=\"findings\">\n<thead><tr><th class=\"n\">Line</th><th>Severity</th><th>Rule</th>"
               "<th>Finding</th><th>Translation</th>" + ("<th>English</th>" if english else "") + "</tr></thead>\n<tbody>\n")
        for f in found:
            yield (f"<tr><td class=\"n\">{f.line}:{f.column}</td><td class=\"sev {h(f.severity)}\">{h(f.severity)}</td>"
                   f"<td><code>{h(f.rule)}</code></td><td>{h(f.message)}</td>"
                   f"<td class=\"text\" dir=\"auto\">{h(f.excerpt or '')}</td>"
                   + (f"<td class=\"text\" dir=\"auto\">{h(f.source_excerpt or '')}</td>" if english else "")
                   + "</tr>\n")
        yield "</tbody>\n</table>\n"
    yield "</section>\n"
