"""Score loclint against the truth set: precision and recall per rule and locale.

Each `tests/truth/<corpus-folder>.json` lists pages of `../shared/corpus/<corpus-folder>`
read in full beside their English source, with every defect a rule should report
and the look-alikes it should not. The pages are linted as a user would lint them:
the corpus folder copied to a temporary folder beside its English sibling (the git
bundle cloned there when the English is one), default settings, from inside the
folder. A finding matches a truth entry by (path, rule, line); columns are compared
only to report where they differ.

    python tests/truth/score.py [--corpus ../shared/corpus] [--by locale|folder] [--json FILE] [--folder F] [--write-floors]
"""
from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpus"
# English siblings kept as git bundles: translation folder -> (bundle, clone name).
BUNDLES = {
    "id-service.nl-NL": ("id-service.en.bundle", "id-service.en"),
    "MIMDocs.nl-nl": ("MIMDocs.bundle", "MIMDocs"),
}
COLUMN_SLACK = 3
FLOORS = HERE / "floors.json"
# What a team would configure for these repositories: the rules that find
# nothing without a config (glossary-term, term-consistency, source-pattern).
TEAM_CONFIG = HERE / "team.toml"


def locale_of(folder: str) -> str:
    lang, _, region = folder.rsplit(".", 1)[-1].partition("-")
    return f"{lang.lower()}-{region.upper()}" if region else lang.lower()


def english_of(folder: str) -> str:
    return folder.rsplit(".", 1)[0] + ".en"


def load_truth(only: list[str] | None = None) -> dict[str, list[dict]]:
    truth = {}
    for path in sorted(HERE.glob("*.json")):
        if path == FLOORS or (only and path.stem not in only):
            continue
        truth[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return truth


def lint_folder(corpus: Path, folder: str, pages: list[str], work: Path) -> list[dict]:
    """Copy the folder and its English sibling to `work`, lint `pages` there: JSON findings."""
    shutil.copytree(corpus / folder, work / folder, symlinks=True)
    if folder in BUNDLES:
        bundle, name = BUNDLES[folder]
        subprocess.run(["git", "clone", "--quiet", str(corpus / "git" / bundle), str(work / name)], check=True)
    elif (corpus / english_of(folder)).is_dir():
        shutil.copytree(corpus / english_of(folder), work / english_of(folder), symlinks=True)
    cmd = [sys.executable, "-m", "loclint", "check", *pages, "--format", "json", "--no-cache", "--fail-on", "never",
           "--config", str(TEAM_CONFIG)]
    run = subprocess.run(cmd, cwd=work / folder, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"loclint failed on {folder} (exit {run.returncode}): {run.stderr.strip()[:500]}")
    return json.loads(run.stdout)["findings"]


def match(page: dict, findings: list[dict]):
    """Pair findings with truth entries on (rule, line), closest column first."""
    sure = defaultdict(list)
    unsure = set()
    for d in page["defects"]:
        (sure[(d["rule"], d["line"])].append(d) if d.get("sure", True) else unsure.add((d["rule"], d["line"])))
    nots = {(n["rule"], n["line"]): n for n in page.get("not_defects", [])}
    got = defaultdict(list)
    for f in findings:
        got[(f["rule"], f["line"])].append(f)
    tp, fp, fn, cols = [], [], [], []
    for key in sure.keys() | got.keys():
        want, have = list(sure.get(key, [])), sorted(got.get(key, []), key=lambda f: f["column"])
        for f in list(have):
            if not want:
                break
            best = min(want, key=lambda d: abs(d["column"] - f["column"]))
            want.remove(best)
            have.remove(f)
            tp.append((best, f))
            if abs(best["column"] - f["column"]) > COLUMN_SLACK:
                cols.append((best, f))
        fn += want
        for f in have:
            if key in unsure:
                continue
            fp.append((f, nots.get(key)))
    return tp, fp, fn, cols


def score(corpus: Path, only: list[str] | None = None, by: str = "locale") -> dict:
    truth = load_truth(only)
    # A rule no page of the truth set was read for yet (no defect, no
    # look-alike recorded) is not scored: its findings are counted apart.
    covered = {e["rule"] for pages in truth.values() for page in pages for e in page["defects"] + page["not_defects"]}
    covered |= {rule for pages in truth.values() for page in pages for rule in page.get("rules", ())}
    uncovered: Counter = Counter()
    cells = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    fps, misses, columns = [], [], []
    with tempfile.TemporaryDirectory(prefix="loclint-truth-") as tmp:
        for folder, pages in truth.items():
            work = Path(tmp) / folder.replace(".", "_")
            work.mkdir()
            paths = [p["path"] for p in pages]
            findings = defaultdict(list)
            read_for = {p["path"]: set(p["rules"]) for p in pages if "rules" in p}
            for f in lint_folder(corpus, folder, paths, work):
                if f["path"] in read_for and f["rule"] not in read_for[f["path"]]:
                    continue
                if f["rule"] in covered:
                    findings[f["path"]].append(f)
                else:
                    uncovered[f["rule"]] += 1
            loc = locale_of(folder) if by == "locale" else folder
            for page in pages:
                tp, fp, fn, cols = match(page, findings.get(page["path"], []))
                where = f"{folder}/{page['path']}"
                for d, _ in tp:
                    cells[(d["rule"], loc)]["tp"] += 1
                for f, nd in fp:
                    cells[(f["rule"], loc)]["fp"] += 1
                    fps.append({"where": where, "rule": f["rule"], "line": f["line"], "column": f["column"],
                                "message": f["message"], "not_defect": nd["why"] if nd else None})
                for d in fn:
                    cells[(d["rule"], loc)]["fn"] += 1
                    misses.append({"where": where, **d})
                for d, f in cols:
                    columns.append({"where": where, "rule": d["rule"], "line": d["line"],
                                    "truth": d["column"], "found": f["column"]})
    return {"cells": {f"{r}\t{l}": v for (r, l), v in sorted(cells.items())},
            "false_positives": fps, "misses": misses, "column_mismatches": columns, "uncovered": dict(uncovered)}


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def summary(result: dict) -> dict:
    """rule -> locale (and "all") -> counts with precision and recall."""
    out = defaultdict(dict)
    for key, c in result["cells"].items():
        rule, loc = key.split("\t")
        for k in (loc, "all"):
            cell = out[rule].setdefault(k, {"tp": 0, "fp": 0, "fn": 0})
            for n in ("tp", "fp", "fn"):
                cell[n] += c[n]
    for rule in out:
        for cell in out[rule].values():
            cell["precision"] = ratio(cell["tp"], cell["tp"] + cell["fp"])
            cell["recall"] = ratio(cell["tp"], cell["tp"] + cell["fn"])
    return dict(out)


def floors(table: dict) -> dict:
    """rule -> locale -> {precision, recall}, rounded down to two decimals (None cells left out)."""
    out = {}
    for rule, cells in table.items():
        for loc, cell in cells.items():
            kept = {k: math.floor(cell[k] * 100) / 100 for k in ("precision", "recall") if cell[k] is not None}
            if kept:
                out.setdefault(rule, {})[loc] = kept
    return out


def fmt(cell: dict | None) -> str:
    if not cell:
        return "-"
    p = "-" if cell["precision"] is None else f"{cell['precision']:.2f}"
    r = "-" if cell["recall"] is None else f"{cell['recall']:.2f}"
    return f"{p}/{r} ({cell['tp']},{cell['fp']},{cell['fn']})"


def report(result: dict, out=sys.stdout) -> None:
    table = summary(result)
    locales = sorted({k for cells in table.values() for k in cells if k != "all"}) + ["all"]
    print("precision/recall (true positives, false positives, misses) per rule\n", file=out)
    print("| rule | " + " | ".join(locales) + " |", file=out)
    print("|---" * (len(locales) + 1) + "|", file=out)
    for rule in sorted(table):
        print(f"| {rule} | " + " | ".join(fmt(table[rule].get(loc)) for loc in locales) + " |", file=out)
    if result.get("uncovered"):
        print("\nnot in the truth set yet (their precision is the read samples'): "
              + ", ".join(f"{rule} ({n} findings on these pages)" for rule, n in sorted(result["uncovered"].items())),
              file=out)
    print(f"\nfalse positives ({len(result['false_positives'])}):", file=out)
    for f in result["false_positives"]:
        note = f"  [not a defect: {f['not_defect']}]" if f["not_defect"] else ""
        print(f"  {f['where']}:{f['line']}:{f['column']} [{f['rule']}] {f['message'][:160]}{note}", file=out)
    print(f"\nmisses ({len(result['misses'])}):", file=out)
    for m in result["misses"]:
        print(f"  {m['where']}:{m['line']}:{m['column']} [{m['rule']}] {m['origin']}: {m['text'][:120]!r}", file=out)
    print(f"\ncolumn mismatches ({len(result['column_mismatches'])}):", file=out)
    for c in result["column_mismatches"]:
        print(f"  {c['where']}:{c['line']} [{c['rule']}] truth {c['truth']}, found {c['found']}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", type=Path, help="also write the scores (summary and lists) to this file")
    ap.add_argument("--folder", action="append", help="only this corpus folder (repeatable)")
    ap.add_argument("--by", choices=("locale", "folder"), default="locale",
                    help="columns of the table: one per locale (the floors) or one per corpus folder")
    ap.add_argument("--write-floors", action="store_true",
                    help="store today's precision and recall, rounded down, as the floors the test holds")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"score.py: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    if args.write_floors and (args.by != "locale" or args.folder):
        print("score.py: --write-floors needs the whole truth set by locale", file=sys.stderr)
        return 2
    result = score(args.corpus.resolve(), args.folder, args.by)
    report(result)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary(result), **result}, indent=1, ensure_ascii=False))
    if args.write_floors:
        FLOORS.write_text(json.dumps(floors(summary(result)), indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
