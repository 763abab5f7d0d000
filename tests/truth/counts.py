"""How many findings of each class of issue #17 loclint makes on each corpus folder.

Reads the findings sample.py keeps (`sample.py --findings FILE`: every
translated folder linted beside its English, with team.toml) and prints the
Markdown table the README shows. markup-spacing is split into its four
classes by what its message says.

    python tests/truth/counts.py FILE [--lang nl]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

# (column, rule, the start of the message that marks the class, or "" for all of the rule)
CLASSES = (
    ("translated identifier", "translated-identifier", ""),
    ("protected name", "protected-name", ""),
    ("changed number", "changed-number", ""),
    ("doubled word", "doubled-word", ""),
    ("suffix after markup", "markup-spacing", "a space before the hyphenated suffix"),
    ("padded link text", "markup-spacing", "link text "),
    ("padded bold", "markup-spacing", "`"),
    ("glued `&quot;`", "markup-spacing", "closing `&quot;`"),
    ("glossary term", "glossary-term", ""),
    ("term consistency", "term-consistency", ""),
    ("source pattern", "source-pattern", ""),
    ("pipeline leftover", "pipeline-leftover", ""),
)


def class_of(finding: dict) -> str | None:
    for column, rule, start in CLASSES:
        if finding["rule"] == rule and finding["message"].startswith(start):
            return column
    return None


def table(findings: list[dict], lang: str | None) -> str:
    counts: Counter = Counter()
    folders = set()
    for f in findings:
        folder = f["folder"]
        if lang and not folder.rsplit(".", 1)[-1].lower().startswith(lang.lower()):
            continue
        folders.add(folder)
        column = class_of(f)
        if column:
            counts[(folder, column)] += 1
    columns = [c for c, _, _ in CLASSES]
    lines = ["| repository | " + " | ".join(columns) + " |", "|---" + "|---:" * len(columns) + "|"]
    for folder in sorted(folders, key=lambda f: -sum(counts[(f, c)] for c in columns)):
        lines.append(f"| {folder} | " + " | ".join(str(counts[(folder, c)]) for c in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("findings", type=Path, help="the findings file of sample.py --findings")
    ap.add_argument("--lang", help="only the folders of this language (e.g. nl)")
    args = ap.parse_args(argv)
    print(table(json.loads(args.findings.read_text(encoding="utf-8")), args.lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
