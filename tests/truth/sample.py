"""Sample each rule's findings on the whole corpus and hold them to hand verdicts.

Every translated folder of `../shared/corpus` is linted as a user would lint it
(score.py's `lint_folder`: copied beside its English sibling, the git bundle cloned
there when the English is one, default settings). Per rule, a reproducible random
sample of `--size` distinct findings is drawn: the findings whose seeded hash is
smallest, so a rule change that drops or adds findings keeps the rest of the sample.
Each is printed with its page line and the English line at the aligned place (the
English at the commit the page names, when the bundle has it). Verdicts live in
`samples/verdicts.json` (not `*.json` here: score.py reads those as truth folders):

    {"<rule> | <folder>/<path> | <line text> | <message>": {"verdict": "real"|"false"|"unsure", "why": "..."}}

    python tests/truth/sample.py [--rule R] [--todo] [--size 25] [--seed 15] [--findings FILE [--reuse]]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score import DEFAULT_CORPUS, HERE, lint_folder, locale_of  # noqa: E402

VERDICTS = HERE / "samples" / "verdicts.json"
VERDICT_VALUES = ("real", "false", "unsure")
COMMIT_KEY = re.compile(r"^(?:source-git-commit|ms\.sourcegitcommit):\s*['\"]?([0-9a-f]{40})", re.M)
KEY_TEXT = 100
# Source line numbers in messages move when a rule's alignment does: not part of the key.
SOURCE_LINE = re.compile(r"\b(lines?) \d+(?:-\d+)?")
NAMED_LINE = re.compile(r"\(line (\d+)\)")
SKELETON = re.compile(r"\]\([^)\s]+|\[![A-Z]+[^\]]*\]|`[^`]+`|\d+(?:[.:]\d+)*|\{#[^}]+\}|<[a-z]+")
WINDOW = 60
FRONT_KEY = re.compile(r"^([A-Za-z][\w.-]*):")


def translated_folders(corpus: Path) -> list[str]:
    return sorted(p.name for p in corpus.iterdir()
                  if p.is_dir() and p.name != "git" and "." in p.name and locale_of(p.name) != "en")


def finding_key(rule: str, where: str, line_text: str, message: str) -> str:
    """Stable across line shifts: nothing in it counts lines. A long line is
    cut, with a hash of the whole so two long lines alike at first stay apart."""
    text = line_text.strip()
    if len(text) > KEY_TEXT:
        text = f"{text[:KEY_TEXT]}... #{hashlib.sha1(text.encode()).hexdigest()[:8]}"
    message = SOURCE_LINE.sub(r"\1 #", message)
    return f"{rule} | {where} | {text} | {message}"


def rank(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}\0{key}".encode()).hexdigest()


def english_text(work: Path, page_text: str, source: str) -> str | None:
    """The English the page was paired with: at the commit it names when its
    source tree is a git clone that has it, the working file otherwise."""
    path = (work / source).resolve()
    commit = COMMIT_KEY.search(page_text)
    if commit:
        top = subprocess.run(["git", "-C", str(path.parent), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True) if path.parent.is_dir() else None
        if top and top.returncode == 0:
            rel = path.relative_to(Path(top.stdout.strip()).resolve()).as_posix()
            shown = subprocess.run(["git", "-C", top.stdout.strip(), "show", f"{commit.group(1)}:{rel}"],
                                   capture_output=True)
            if shown.returncode == 0:
                return shown.stdout.decode("utf-8", "replace")
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


def body_start(lines: list[str]) -> int:
    """0-based index of the first line after the front matter."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def blocks(lines: list[str], start: int) -> list[int]:
    """0-based first line of each block of the body: a line after a blank one."""
    out, blank = [], True
    for i in range(start, len(lines)):
        if lines[i].strip() and blank:
            out.append(i)
        blank = not lines[i].strip()
    return out


def skeleton(line: str) -> set[str]:
    """What translation leaves alone on a line: link targets, tokens, code, numbers."""
    return set(SKELETON.findall(line))


def aligned(page: list[str], english: list[str], line: int) -> int | None:
    """0-based English line standing where the page's 0-based `line` stands:
    the same front matter key; else, near the block at the same relative
    place, the line sharing most of its skeleton; else that block's line."""
    p_start, e_start = body_start(page), body_start(english)
    if line < p_start:
        key = FRONT_KEY.match(page[line])
        return next((i for i in range(e_start) if key and english[i].startswith(key.group(0))), None)
    p_blocks, e_blocks = blocks(page, p_start), blocks(english, e_start)
    if not p_blocks or not e_blocks:
        return None
    index = max(sum(1 for b in p_blocks if b <= line) - 1, 0)
    e_index = round(index * (len(e_blocks) - 1) / max(len(p_blocks) - 1, 1))
    end = e_blocks[e_index + 1] - 1 if e_index + 1 < len(e_blocks) else len(english) - 1
    guess = min(e_blocks[e_index] + max(line - p_blocks[index], 0), end)
    while guess > e_blocks[e_index] and not english[guess].strip():
        guess -= 1
    mine = skeleton(page[line])
    if not mine:
        return guess
    best, best_score = guess, 0.0
    for i in range(max(e_start, guess - WINDOW), min(len(english), guess + WINDOW + 1)):
        theirs = skeleton(english[i])
        if theirs:
            score = len(mine & theirs) / len(mine | theirs) - abs(i - guess) / (100 * WINDOW)
            if score > best_score:
                best, best_score = i, score
    return best


def collect(corpus: Path, folders: list[str]) -> list[dict]:
    """Every finding of every folder, with its page line and aligned English line."""
    out = []
    with tempfile.TemporaryDirectory(prefix="loclint-sample-") as tmp:
        for folder in folders:
            work = Path(tmp) / folder.replace(".", "_")
            work.mkdir()
            print(f"linting {folder} ...", file=sys.stderr, flush=True)
            findings = lint_folder(corpus, folder, ["."], work)
            base = work / folder
            texts, englishes = {}, {}
            for f in findings:
                if f["path"] not in texts:
                    texts[f["path"]] = (base / f["path"]).read_text(encoding="utf-8", errors="replace")
                text = texts[f["path"]]
                lines = text.splitlines()
                i = f["line"] - 1
                f["folder"] = folder
                f["text"] = lines[i] if 0 <= i < len(lines) else ""
                f["english"] = f["english_line"] = None
                if f.get("source"):
                    if (f["path"], f["source"]) not in englishes:
                        englishes[(f["path"], f["source"])] = english_text(base, text, f["source"])
                    english = englishes[(f["path"], f["source"])]
                    e_lines = english.splitlines() if english else []
                    named = NAMED_LINE.search(f["message"])
                    if named and 0 < int(named.group(1)) <= len(e_lines):
                        j = int(named.group(1)) - 1  # the source line the rule itself points at
                    else:
                        j = aligned(lines, e_lines, i) if e_lines and 0 <= i < len(lines) else None
                    if j is not None:
                        f["english"], f["english_line"] = e_lines[j], j + 1
                f.pop("fix", None)
                out.append(f)
    return out


def draw(findings: list[dict], size: int, seed: str):
    """(rule -> [(key, its findings)]: the `size` distinct keys of smallest
    seeded rank, rule -> (distinct keys, findings))."""
    by_rule = defaultdict(lambda: defaultdict(list))
    for f in findings:
        key = finding_key(f["rule"], f"{f['folder']}/{f['path']}", f["text"], f["message"])
        by_rule[f["rule"]][key].append(f)
    return {rule: sorted(keys.items(), key=lambda kv: rank(seed, kv[0]))[:size]
            for rule, keys in sorted(by_rule.items())}, {r: (len(k), sum(map(len, k.values())))
                                                          for r, k in by_rule.items()}


def clip(text: str | None, width: int = 220) -> str:
    text = "" if text is None else text.rstrip("\n")
    return text if len(text) <= width else text[:width] + " ..."


def show(sample, verdicts: dict, todo: bool, out) -> None:
    for key, found in sample:
        v = verdicts.get(key)
        if todo and v:
            continue
        f = found[0]
        mark = f"[{v['verdict']}: {v.get('why', '')}]" if v else "[unjudged]"
        more = f" (+{len(found) - 1} same)" if len(found) > 1 else ""
        print(f"- {f['folder']}/{f['path']}:{f['line']}:{f['column']}{more} {mark}", file=out)
        print(f"    {f['message']}", file=out)
        print(f"    page: {clip(f['text'])!r}", file=out)
        if f["english"] is not None:
            print(f"    en{f['english_line']:>4}: {clip(f['english'])!r}", file=out)
        print(f"    key: {key}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--folder", action="append", help="only this corpus folder (repeatable)")
    ap.add_argument("--rule", action="append", help="print only this rule's sample (repeatable)")
    ap.add_argument("--size", type=int, default=25, help="findings per rule (all when fewer)")
    ap.add_argument("--seed", default="15")
    ap.add_argument("--todo", action="store_true", help="print only the unjudged findings of the sample")
    ap.add_argument("--verdicts", type=Path, default=VERDICTS)
    ap.add_argument("--findings", type=Path, help="also write the corpus findings to FILE (or read them, --reuse)")
    ap.add_argument("--reuse", action="store_true", help="read --findings instead of linting again")
    args = ap.parse_args(argv)
    if args.reuse:
        if not args.findings or not args.findings.is_file():
            print("sample.py: --reuse needs an existing --findings FILE", file=sys.stderr)
            return 2
        findings = json.loads(args.findings.read_text(encoding="utf-8"))
        if args.folder:
            findings = [f for f in findings if f["folder"] in args.folder]
    else:
        if not args.corpus.is_dir():
            print(f"sample.py: corpus folder not found: {args.corpus}", file=sys.stderr)
            return 2
        findings = collect(args.corpus.resolve(), args.folder or translated_folders(args.corpus))
        if args.findings:
            args.findings.write_text(json.dumps(findings, ensure_ascii=False), encoding="utf-8")
    try:
        verdicts = json.loads(args.verdicts.read_text(encoding="utf-8")) if args.verdicts.is_file() else {}
    except json.JSONDecodeError as e:
        print(f"sample.py: {args.verdicts}: not JSON: {e}", file=sys.stderr)
        return 2
    bad = [k for k, v in verdicts.items() if not isinstance(v, dict) or v.get("verdict") not in VERDICT_VALUES]
    if bad:
        print(f"sample.py: {args.verdicts}: verdict not one of {VERDICT_VALUES}: {bad[0]}", file=sys.stderr)
        return 2
    samples, totals = draw(findings, args.size, args.seed)
    out = sys.stdout
    rows, unjudged = [], []
    for rule, sample in samples.items():
        got = [verdicts[k]["verdict"] for k, _ in sample if k in verdicts]
        unjudged += [(rule, k) for k, _ in sample if k not in verdicts]
        real, false = got.count("real"), got.count("false")
        rows.append((rule, *totals[rule], len(sample), real, false, got.count("unsure"), len(sample) - len(got),
                     f"{real / (real + false):.2f}" if real + false else "-"))
        if not args.rule or rule in args.rule:
            print(f"\n## {rule}: {totals[rule][1]} findings ({totals[rule][0]} distinct), sample of {len(sample)}",
                  file=out)
            show(sample, verdicts, args.todo, out)
    print("\n| rule | distinct | findings | sampled | real | false | unsure | unjudged | precision |", file=out)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|", file=out)
    for row in rows:
        print("| " + " | ".join(map(str, row)) + " |", file=out)
    print("\nprecision = real / (real + false) over the judged findings of each sample", file=out)
    if unjudged:
        print(f"\nunjudged ({len(unjudged)}):", file=out)
        for rule, key in unjudged:
            print(f"  {key}", file=out)
    sampled = {k for s in samples.values() for k, _ in s}
    gone = sorted(k for k in verdicts if k not in sampled)
    if gone:
        print(f"\nverdicts outside this sample ({len(gone)}): kept for when their findings come back", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
