"""The real pages: what loclint must find there, and stay quiet about."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, EN, NL, PROJECT, SEED, check_json, needs_corpus, rewrite

from loclint.config import Config
from loclint.docs_index import DocsIndex
from loclint.linter import Linter, lint_file
from loclint.rules import RULES

pytestmark = needs_corpus()


def test_seed_page_findings_are_exactly_the_known_defects():
    # Paired with its English source without a flag: no source rule finds
    # anything (tokens, links and ids match), no block is left in English,
    # and the four defects are the translation's own.
    findings = lint_file(SEED, Config(), DocsIndex())
    assert [(f.line, f.column, f.rule, f.severity, f.origin) for f in findings] == [
        (15, 250, "escaped-entity", "warning", "introduced"),  # gebruiksscenario&#39;s
        (30, 118, "mt-spacing", "warning", "introduced"),  # 1 :1
        (31, 11, "token-spacing", "warning", "introduced"),  # Adobe  [!DNL Campaign]  v8
        (39, 11, "token-spacing", "warning", "introduced"),  # Adobe  [!DNL Campaign]  v7
    ]


def test_seed_page_with_the_core_rules_only():
    config = Config()
    config.select = frozenset(["token-malformed", "token-spacing", "escaped-entity", "empty-link-text",
                               "missing-alt-text", "broken-link", "broken-anchor", "afm-keyword"])
    findings = lint_file(SEED, config, DocsIndex())
    assert [(f.line, f.rule) for f in findings] == [(15, "escaped-entity"), (31, "token-spacing"),
                                                     (39, "token-spacing")]


# The pinned counts: every translated repository of the corpus linted as a
# user would (in its own checkout, default settings, paired by the English
# folder beside it), and each one with a git bundle also with that source
# cloned beside a copy. `pytest --regenerate` rewrites them for `git diff`.
#
# Read when pinned (blueprints-learn.nl-NL): every finding of broken-link,
# empty-link-text, afm-keyword, token-malformed, token-mismatch,
# frontmatter-mismatch, heading-id-mismatch, code-mismatch and the
# link-mismatch findings at warning level; samples of the others.
# broken-anchor is real: MT translated the headings whose English slugs other
# pages link to. The info-level source-rule findings are on pages whose
# English source has grown since it was translated, so loclint says it is not
# sure; the two info broken-links are images missing in the English too, the
# info token-malformed is `[!DNL [!DNL Edge Network]]`, in the English too.
COUNTS = PROJECT / "tests" / "data" / "corpus-counts.json"
_LOCALE = re.compile(r"\.([A-Za-z]{2})(?:-[A-Za-z]{2,4})?$")


def _translations() -> list[Path]:
    """The corpus folders named as translated repositories (`name.nl-NL`)."""
    return [d for d in sorted(CORPUS.iterdir()) if d.is_dir() and (m := _LOCALE.search(d.name))
            and m.group(1).lower() != "en"] if CORPUS.is_dir() else []


def _runs() -> dict[str, tuple[Path, Path | None]]:
    """Each pinned run by its name: (translated folder, git bundle of its
    English source or None for the folder as it lies in the corpus)."""
    runs = {d.name: (d, None) for d in _translations()}
    for bundle in sorted((CORPUS / "git").glob("*.bundle")) if CORPUS.is_dir() else []:
        base = _LOCALE.sub("", bundle.stem)  # id-service.en -> id-service; MIMDocs -> MIMDocs
        for folder in (d for d in _translations() if _LOCALE.sub("", d.name) == base):
            runs[f"{folder.name} + git/{bundle.name}"] = (folder, bundle)
    return runs


RUNS = _runs()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The CLI's JSON report of each run, made once on first use."""
    made: dict[str, dict] = {}

    def report(name: str) -> dict:
        if name not in made:
            folder, bundle = RUNS[name]
            if bundle is not None:  # the English checkout with its history beside a copy of the translation
                beside = tmp_path_factory.mktemp("checkout")
                shutil.copytree(folder, beside / folder.name, ignore=shutil.ignore_patterns(".loclint_cache"))
                subprocess.run(["git", "clone", "--quiet", str(bundle), str(beside / bundle.stem)],
                               check=True, capture_output=True)
                folder = beside / folder.name
            made[name] = {"cwd": folder, **check_json(".", "--jobs", "2", cwd=folder)}
        return made[name]

    return report


def _counts(report: dict) -> dict:
    findings: dict[str, dict[str, int]] = {}
    for f in report["findings"]:
        per_severity = findings.setdefault(f["rule"], {})
        per_severity[f["severity"]] = per_severity.get(f["severity"], 0) + 1
    origins = Counter(f["origin"] or "none" for f in report["findings"])
    return {"files": report["files"], "findings": findings, "origins": dict(origins)}


def _pinned() -> dict:
    return json.loads(COUNTS.read_text(encoding="utf-8")) if COUNTS.is_file() else {}


def _pin(pinned: dict) -> None:
    """Write the counts one rule a line, so that `git diff` shows which rule moved."""
    def one(value) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    runs = []
    for name, counts in sorted(pinned.items()):
        rules = ",\n".join(f"   {one(rule)}: {one(n)}" for rule, n in sorted(counts["findings"].items()))
        runs.append(f' {one(name)}: {{\n  "files": {counts["files"]},\n  "origins": {one(counts["origins"])},\n'
                    f'  "findings": {{\n{rules}\n  }}\n }}' if rules else '  "findings": {}\n }')
    rewrite(COUNTS, "{\n" + ",\n".join(runs) + "\n}\n")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUNS))
def test_corpus_counts_per_repository_rule_and_severity(name, reports, regenerate):
    counts = _counts(reports(name))
    if regenerate:
        _pin({**_pinned(), name: counts})
    assert counts == _pinned().get(name), f"{name}: the findings moved; if on purpose, run pytest --regenerate"


def test_the_pinned_counts_cover_every_repository_of_the_corpus(regenerate):
    pinned = _pinned()
    if regenerate:
        _pin({name: counts for name, counts in pinned.items() if name in RUNS})
    assert set(_pinned()) == set(RUNS), "the corpus changed: run pytest --regenerate, then review the counts"
    assert {_LOCALE.search(name.split()[0]).group(0) for name in RUNS} >= {".nl-NL", ".de-DE", ".fr-FR", ".ja-JP"}


@pytest.mark.slow
def test_whole_dutch_corpus_origins(reports):
    report = reports(NL.name)
    # Every finding of a target-only rule is classified; no source rule's is.
    assert all((f["origin"] is None) == RULES[f["rule"]].compares_source for f in report["findings"])
    assert {f["source"] for f in report["findings"] if f["path"].endswith("customer-journeys/overview.md")} == {
        os.path.relpath(EN / "help/blueprints/customer-journeys/overview.md", report["cwd"])
    }


@pytest.mark.slow
def test_every_tree_finds_the_same_linted_from_the_corpus_folder_as_from_its_checkout(reports):
    # The docs root, the pairing and the protected names come from each
    # tree's own layout, not from where loclint is run (MIMDocs.nl-nl has
    # no .git: its publishing config roots it).
    trees = _translations()
    together = check_json(*(d.name for d in trees), "--jobs", "2", cwd=CORPUS)

    def seen(f: dict, prefix: str) -> tuple:
        return (f["path"].removeprefix(prefix), f["line"], f["column"], f["rule"], f["severity"], f["origin"],
                f["message"].replace(prefix, ""))

    for tree in trees:
        prefix = tree.name + "/"
        outside = sorted(seen(f, prefix) for f in together["findings"] if f["path"].startswith(prefix))
        inside = sorted(seen(f, "") for f in reports(tree.name)["findings"])
        assert outside == inside, tree.name


def test_corpus_root_is_found_without_a_flag_so_site_absolute_links_resolve():
    toc = NL / "help/blueprints/TOC.md"
    findings = lint_file(toc, Config(), DocsIndex())
    # 70-odd /help/... links resolve; the one page that is missing in both
    # languages is reported.
    assert [(f.line, f.rule) for f in findings if f.rule == "broken-link"] == [(71, "broken-link")]


@pytest.mark.slow
def test_english_pages_checked_as_dutch_are_flagged_nearly_everywhere():
    from loclint import facts
    from loclint.lang import letters
    from loclint.page import read

    config = Config(lang="nl-NL")
    config.select = frozenset(["untranslated-text", "wrong-language"])
    linter = Linter(config)
    pages = sorted(EN.rglob("*.md"))
    judged = sum(letters(u.text) >= 40 for page in pages for u in facts.units(read(page)))
    found = Counter(f.rule for page in pages for f in linter.lint(page).findings)
    assert found["untranslated-text"] >= 0.97 * judged  # measured: 7,074 of 7,129
    # Every page but TOC.md, whose text is titles and product names, and
    # license.md, the repository's licence (never judged).
    assert found["wrong-language"] == len(pages) - 2
