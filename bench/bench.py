#!/usr/bin/env python3
"""Benchmark loclint on the translated pages of a folder against the tools
users would pick instead, as ratios measured in the same rounds.

    python bench/bench.py [FOLDER] [--rounds 5] [--scale 10] [--tools DIR]

FOLDER (default ../shared/corpus) is copied into a scratch folder first (the
scenarios edit pages) and its git bundles (git/NAME.bundle) are cloned beside
the copy, as a docs team's checkouts stand. Only translated pages count as
pages: the pages a layout pairs with a source tree, in another language than
the source's; the English pages are work loclint does for them (it reads
them as sources), not output. Every rule is on, and every translated page's
language is known from its layout (the run says how many are not).

Each round runs every command once, in turn: loclint cold with all CPUs (and
with one process, in the first round only: a peak memory), the parse floor
(front matter and markdown-it-py, what any Python linter must at least do;
with all CPUs, and one process in the first round), markdownlint-cli2 and
pymarkdown (their default rules; pymarkdown, ten times slower, on the first
--pymarkdown-pages pages of the smallest translated tree, with loclint on the
same pages), one page alone (the pre-commit case) with loclint and
markdownlint-cli2, and the warm runs:
nothing changed, one page edited, one image added, one English source page
edited. Each command's CPU time (user + system of it and of the processes it
waited for, from wait4) is printed beside its wall time, with the peak memory
of its largest process; then the ratios of each round and their median and
range; the report so far is printed after every round. markdownlint-cli2 (npm) and pymarkdown (PyPI) are installed into
--tools (default ~/.cache/loclint-bench), outside the repository, unless
--no-install. With --scale N, loclint also lints the translated trees
copied N times, once, to see how memory grows with the pages.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
LOCLINT = [sys.executable, "-m", "loclint"]
TOOLS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "loclint-bench"
MARKDOWNLINT = "markdownlint-cli2@0.24.1"
PYMARKDOWN = "pymarkdownlnt==0.9.41"
PARSE_FLOOR = """
import sys, frontmatter
from pathlib import Path
from multiprocessing import Pool
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark").enable("table")
def one(path):
    post = frontmatter.loads(Path(path).read_text(encoding="utf-8"))
    md.parse(post.content)
paths = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
jobs = int(sys.argv[2])
if jobs == 1:
    list(map(one, paths))
else:
    with Pool(jobs) as pool:
        pool.map(one, paths, chunksize=4)
"""


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds, the command's and its children's
    rss: float  # MB, of its largest process
    linted: int | None = None  # pages a warm run linted rather than read from the cache


@dataclass
class Command:
    name: str
    argv: list[str]
    pages: int  # translated pages it lints
    before: object = None  # called before each run (a scenario's edit)
    expect: str = ""  # what a warm run should re-lint, as said in the report
    every_round: bool = True  # else in the first round only (a figure no ratio needs)
    samples: list[Sample] = field(default_factory=list)


def measure(argv: list[str], cwd: Path) -> Sample:
    """One run of `argv`: wall time, CPU time and peak memory from wait4
    (the command's own and that of the processes it waited for: loclint's
    workers), with no second Python started around it. stderr goes to a
    file: a warm run's -v says there how many pages it linted."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        # Only loclint's own lines and the end are read: markdownlint-cli2
        # writes its findings to stderr (tens of MB), and a command forked
        # later would count this process's peak as its own (ru_maxrss).
        err.seek(0)
        ours = [line.decode("utf-8", "replace") for line in err if line.startswith(b"loclint: ")]
        err.seek(max(0, err.tell() - 2000))
        tail = err.read().decode("utf-8", "replace")
    if child.returncode not in (0, 1):  # 1: findings (markdownlint-cli2, pymarkdown)
        raise SystemExit(f"{argv[0]} failed ({child.returncode}):\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, linted_count("".join(ours)))


def linted_count(stderr: str) -> int | None:
    """The pages a run linted, from -v's `N pages: L linted, C from the cache`."""
    for line in stderr.splitlines():
        if line.startswith("loclint: ") and " linted, " in line and line.endswith(" from the cache"):
            return int(line.split(": ")[2].split(" linted")[0])
    return None


def median_range(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def shown(values: list[float], digits: int = 2, unit: str = "") -> str:
    """`median (min-max)` of a list of figures, or the one figure."""
    med, low, high = median_range(values)
    if len(values) == 1:
        return f"{med:.{digits}f}{unit}"
    return f"{med:.{digits}f}{unit} ({low:.{digits}f}-{high:.{digits}f})"


# --- the pages ----------------------------------------------------------------


def compiled() -> None:
    """loclint's modules byte-compiled, as `pip install` leaves them: a
    machine that sets PYTHONDONTWRITEBYTECODE (as the project's VM does)
    would otherwise compile an editable install's modules again on every
    run, a cost no installed linter pays."""
    spec = importlib.util.find_spec("loclint")
    for folder in spec.submodule_search_locations or ():
        compileall.compile_dir(folder, quiet=1)


def prepare(folder: Path, work: Path) -> Path:
    """A writable copy of `folder` with its bundles cloned beside the copy
    (git/id-service.en.bundle -> id-service.en/)."""
    docs = work / "docs"
    shutil.copytree(folder, docs, symlinks=True, ignore=shutil.ignore_patterns(".loclint_cache", "node_modules"))
    for dirpath, dirnames, filenames in os.walk(docs):
        for name in (*dirnames, *filenames):
            path = Path(dirpath, name)
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o200)
    for bundle in sorted((docs / "git").glob("*.bundle")):
        target = docs / bundle.name.removesuffix(".bundle")
        if not target.exists():
            subprocess.run(["git", "clone", "--quiet", str(bundle), str(target)], check=True,
                           env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")})
    return docs


@dataclass
class Pages:
    trees: list[Path]  # the translated trees, what the loclint runs are given
    pages: list[Path]  # every page a run of them lints
    langs: dict[str, int]  # pages per language
    unknown: int  # pages of the trees whose language is not known, or that no source tree pairs
    sources: dict[Path, list[Path]]  # a source page -> its translations
    anchored: tuple[Path, int] | None  # the page the most others link to with a #fragment, and how many


def translated(docs: Path) -> Pages:
    """The translated pages under `docs`, as loclint pairs them, found in a
    process of its own: on Linux a command's peak memory (ru_maxrss) is at
    least that of the process that forked it, which must stay small."""
    done = subprocess.run([sys.executable, __file__, "--pages-of", str(docs)], capture_output=True, text=True,
                          check=True, cwd=docs)
    data = json.loads(done.stdout)
    anchored = (Path(data["anchored"][0]), data["anchored"][1]) if data["anchored"] else None
    return Pages([Path(t) for t in data["trees"]], [Path(p) for p in data["pages"]], data["langs"], data["unknown"],
                 {Path(s): [Path(p) for p in t] for s, t in data["sources"]}, anchored)


def _translated(docs: Path) -> dict:
    sys.path.insert(0, str(PROJECT / "src"))
    from loclint.config import load
    from loclint.docs_index import markdown_files
    from loclint.linter import Linter
    from loclint.pairing import lang_of

    os.chdir(docs)
    config = load(None)
    linter = Linter(config)
    trees = set()
    for page in markdown_files(docs):
        pair = linter.pairer.pair(page)
        lang = linter.pairer.target_lang(page)
        if pair is not None and lang and lang_of(lang) != lang_of(config.source_lang):
            trees.add(pair.target_root)
    pages, langs, unknown, sources = [], {}, 0, {}
    for tree in sorted(trees):
        for page in markdown_files(tree):
            pages.append(page)
            pair = linter.pairer.pair(page)
            lang = linter.pairer.target_lang(page)
            if pair is None or not lang:
                unknown += 1
                continue
            langs[lang] = langs.get(lang, 0) + 1
            if pair.source_path.is_file():
                sources.setdefault(pair.source_path, []).append(page)
    # Which pages link to which with a #fragment: their findings read its anchors, not its prose.
    linking: dict[Path, set[Path]] = {}
    for page in pages:
        for m in re.finditer(r"\]\(\s*<?([^()\s<>#]+\.md)#", page.read_text(encoding="utf-8", errors="replace")):
            rel, _ = linter.docs.resolve(page, m.group(1))
            target = linter.docs.root_of(page) / rel if rel else None
            if target is not None and target != page and target.is_file():
                linking.setdefault(target, set()).add(page)
    anchored = max(sorted(linking), key=lambda t: len(linking[t]), default=None)
    return {"trees": sorted(map(str, trees)), "pages": list(map(str, pages)), "langs": langs, "unknown": unknown,
            "sources": [[str(s), list(map(str, t))] for s, t in sources.items()],
            "anchored": [str(anchored), len(linking[anchored])] if anchored else None}


# --- the tools ----------------------------------------------------------------


def find_tools(tools: Path, install: bool) -> tuple[str | None, str | None]:
    """markdownlint-cli2 and pymarkdown: on PATH, or in `tools` (installed
    there with npm and pip when missing and `install`)."""
    mdl = shutil.which("markdownlint-cli2") or _installed(tools / "node_modules" / ".bin" / "markdownlint-cli2")
    if mdl is None and install and shutil.which("npm"):
        tools.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(tools), MARKDOWNLINT],
                       check=False)
        mdl = _installed(tools / "node_modules" / ".bin" / "markdownlint-cli2")
    pym = shutil.which("pymarkdown") or _installed(tools / "pyvenv" / "bin" / "pymarkdown")
    if pym is None and install:
        subprocess.run([sys.executable, "-m", "venv", str(tools / "pyvenv")], check=False)
        subprocess.run([str(tools / "pyvenv" / "bin" / "pip"), "install", "-q", PYMARKDOWN], check=False)
        pym = _installed(tools / "pyvenv" / "bin" / "pymarkdown")
    return mdl, pym


def _installed(path: Path) -> str | None:
    return str(path) if path.exists() else None


# --- the scenarios --------------------------------------------------------------


def appender(path: Path, what: str):
    """An edit made before each run: a line that differs from round to round."""
    state = {"n": 0}

    def edit() -> None:
        state["n"] += 1
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\n<!-- {what} {state['n']} -->\n")

    return edit


def adder(folder: Path):
    """One new image (a file no page links to) before each run."""
    state = {"n": 0}

    def add() -> None:
        state["n"] += 1
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"bench-{state['n']}.png").write_bytes(b"")

    return add


def commands(docs: Path, found: Pages, mdl: str | None, pym: str | None, cache: Path, lists: Path,
             pymarkdown_pages: int = 30) -> list[Command]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    trees = [str(t.relative_to(docs)) for t in found.trees]
    n = len(found.pages)
    check = [*LOCLINT, "check", "-q", "--fail-on", "never"]
    every = lists / "pages.txt"
    every.write_text("\n".join(map(str, found.pages)) + "\n", encoding="utf-8")
    # pymarkdown takes ten times markdownlint-cli2's time: it and loclint on the first pages of the smallest tree.
    small = min(found.trees, key=lambda t: sum(1 for p in found.pages if p.is_relative_to(t)))
    sample = [str(p.relative_to(docs)) for p in found.pages if p.is_relative_to(small)][:pymarkdown_pages]
    # One page alone, and the scenarios' pages: the source page with the most translations, and one of them.
    # (A table of contents is a page of links, not a typical page.)
    source, translations = max(sorted(found.sources.items()), key=lambda item: (len(item[1]), item[0].name != "TOC.md"))
    page = translations[0]
    one = str(page.relative_to(docs))
    # The page edited: one that other pages link to with a #fragment, which an edit of its prose leaves alone.
    edited, linking = found.anchored or (page, 0)
    warm = [*check, "-v", "--cache-dir", str(cache), *trees]
    rows = [
        Command(f"loclint cold, {cpus} processes", [*check, "--no-cache", *trees], n),
        Command("loclint cold, 1 process", [*check, "--no-cache", "--jobs", "1", *trees], n, every_round=False),
        Command("parse floor, 1 process", [sys.executable, "-c", PARSE_FLOOR, str(every), "1"], n, every_round=False),
        Command(f"parse floor, {cpus} processes", [sys.executable, "-c", PARSE_FLOOR, str(every), str(cpus)], n),
    ]
    if mdl:
        rows.append(Command("markdownlint-cli2", [mdl, *(f"{t}/**/*.md" for t in trees)], n))
    if pym:
        rows.append(Command(f"loclint cold, {small.name} ({len(sample)})", [*check, "--no-cache", *sample], len(sample)))
        rows.append(Command(f"pymarkdown, {small.name} ({len(sample)})", [pym, "scan", *sample], len(sample)))
    rows.append(Command("one page: loclint", [*check, "--no-cache", one], 1))
    # The first run after installing: the detector's tables not yet in the user's cache folder.
    fresh = lists / "user-cache"
    rows.append(Command("one page, first run: loclint", ["env", f"XDG_CACHE_HOME={fresh}", *check, "--no-cache", one], 1,
                        lambda: shutil.rmtree(fresh, ignore_errors=True), every_round=False))
    if mdl:
        rows.append(Command("one page: markdownlint-cli2", [mdl, one], 1))
    # A run as users start one, without --no-cache: it writes the cache (the
    # first of them fills the warm runs'), first round only.
    own_cache = lists / "cold-cache"
    rows += [
        Command(f"loclint cold, {cpus} processes, writing the cache", [*check, "--cache-dir", str(cache), *trees], n,
                lambda: shutil.rmtree(cache, ignore_errors=True), every_round=False),
        Command("loclint cold, 1 process, writing the cache", [*check, "--jobs", "1", "--cache-dir", str(own_cache), *trees],
                n, lambda: shutil.rmtree(own_cache, ignore_errors=True), every_round=False),
        Command("warm: one page edited", warm, n, appender(edited, "bench: an edited page"),
                f"1: the page, not the {linking} linking to its anchors"),
        Command("warm: one image added", warm, n, adder(page.parent / "images"), "0: no page links to it"),
        Command("warm: one source page edited", warm, n, appender(source, "bench: an edited source page"),
                f"{len(translations)}: its translations"),
        Command("warm: nothing changed", warm, n, None, "0"),
        # A report that is not a line per finding: its peak, first round only.
        Command("warm: nothing changed, JUnit report", [*warm, "--format", "junit", "--output", str(lists / "junit.xml")],
                n, None, "0", every_round=False),
    ]
    return rows


# --- the report -----------------------------------------------------------------


def ratios(rows: dict[str, Command], cpus: int) -> dict[str, list[float]]:
    """Per round: each target's ratio, by CPU time and by wall time."""
    cold = rows.get(f"loclint cold, {cpus} processes")
    pairs = {
        "loclint / markdownlint-cli2, pages/s": (cold, rows.get("markdownlint-cli2"), False),
        f"loclint / parse floor ({cpus} processes), pages/s": (cold, rows.get(f"parse floor, {cpus} processes"), False),
        "one page: loclint / markdownlint-cli2, time": (rows.get("one page: loclint"),
                                                       rows.get("one page: markdownlint-cli2"), True),
    }
    for name, row in rows.items():
        if name.startswith("pymarkdown, "):
            pairs["loclint / pymarkdown, pages/s"] = (rows[name.replace("pymarkdown", "loclint cold")], row, False)
    found = {}
    for name, (ours, theirs, as_time) in pairs.items():
        if ours is None or theirs is None:
            continue
        for clock in ("cpu", "wall"):
            values = []
            for a, b in zip(ours.samples, theirs.samples):
                x, y = getattr(a, clock), getattr(b, clock)
                values.append(x / y if as_time else y / x)  # pages/s ratio: their time over ours
            found[f"{name}, {'CPU' if clock == 'cpu' else 'wall'}"] = values
    return found


def report(rows: list[Command], pages: Pages, cpus: int) -> None:
    print(f"\n{'command':44} {'pages':>5}  {'CPU s, median (range)':>22}  {'wall s, median (range)':>22}"
          f"  {'pages/CPU s':>11}  {'peak MB':>7}  re-linted")
    for row in rows:
        cpu = [s.cpu for s in row.samples]
        linted = sorted({s.linted for s in row.samples if s.linted is not None})
        relinted = f"{'/'.join(map(str, linted))} (expected {row.expect})" if row.expect else ""
        print(f"{row.name:44} {row.pages:5}  {shown(cpu):>22}  {shown([s.wall for s in row.samples]):>22}"
              f"  {row.pages / statistics.median(cpu):11.1f}  {max(s.rss for s in row.samples):7.0f}  {relinted}")
    print(f"(the benchmark's own peak so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB;"
          " no command forked after it can show less)")
    print("\nratios, each round, then median (range)")
    for name, values in ratios({r.name: r for r in rows}, cpus).items():
        print(f"  {name:64} {' '.join(f'{v:.3f}' for v in values)}  ->  {shown(values, 3, 'x')}")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--pages-of"]:
        print(json.dumps(_translated(Path(argv[1]))))
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # killed: the scratch folder still goes
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=str(PROJECT.parent / "shared" / "corpus"))
    parser.add_argument("--rounds", type=int, default=5, help="rounds, every command once a round (default 5)")
    parser.add_argument("--scale", type=int, default=0, help="also lint the translated trees copied N times, once")
    parser.add_argument("--tools", type=Path, default=TOOLS, help=f"where the other linters are (default {TOOLS})")
    parser.add_argument("--no-install", action="store_true", help="use the other linters only if already installed")
    parser.add_argument("--no-tools", action="store_true", help="time loclint and the parse floor only")
    parser.add_argument("--pymarkdown-pages", type=int, default=30,
                        help="pages of the smallest translated tree pymarkdown (and loclint) lint each round (default 30)")
    args = parser.parse_args(argv)
    folder = Path(args.folder).resolve()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mdl, pym = (None, None) if args.no_tools else find_tools(args.tools, not args.no_install)
    work = Path(tempfile.mkdtemp(prefix="loclint-bench-"))
    try:
        compiled()
        docs = prepare(folder, work)
        found = translated(docs)
        if not found.pages:
            raise SystemExit(f"no translated pages in {folder}")
        langs = ", ".join(f"{lang} {count}" for lang, count in sorted(found.langs.items()))
        print(f"{len(found.pages)} translated pages in {len(found.trees)} trees of {folder} ({langs}); "
              f"{found.unknown} without a known language or a source tree; {cpus} CPUs, Python {sys.version.split()[0]}")
        print(f"markdownlint-cli2: {mdl or 'not found'}; pymarkdown: {pym or 'not found'}; "
              f"the benchmark's own peak (no command's can be lower): "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        cache = work / "cache"
        rows = commands(docs, found, mdl, pym, cache, work, args.pymarkdown_pages)
        print("one page: " + next(r for r in rows if r.name == "one page: loclint").argv[-1])
        # Round by round, each command once a round: a shared VM that slows
        # down for a minute slows every tool of that round alike.
        for round_ in range(1, args.rounds + 1):
            for row in rows:
                if round_ > 1 and not row.every_round:
                    continue
                if row.before is not None:
                    row.before()
                row.samples.append(measure(row.argv, docs))
            # The report so far after each round: a run stopped early still says what it measured.
            print(f"\nafter round {round_}:", end="")
            report(rows, found, cpus)
            sys.stdout.flush()
        if args.scale:
            scaled(docs, found, args.scale, work, rows[1].samples)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def scaled(docs: Path, found: Pages, n: int, work: Path, base: list[Sample]) -> None:
    """The translated trees and their sources copied n times (hard links),
    linted once cold in one process: how memory grows with the pages."""
    big = work / "scaled"
    tops = {t.relative_to(docs).parts[0] for t in found.trees}
    tops |= {s.relative_to(docs).parts[0] for s in found.sources}
    for i in range(n):
        for top in sorted(tops):
            shutil.copytree(docs / top, big / f"copy{i}" / top, symlinks=True, copy_function=os.link)
    trees = [str(Path(f"copy{i}") / t.relative_to(docs)) for i in range(n) for t in found.trees]
    sample = measure([*LOCLINT, "check", "-q", "--fail-on", "never", "--no-cache", "--jobs", "1", *trees], big)
    rss = max(s.rss for s in base)
    print(f"\n{n}x the pages ({n * len(found.pages)} translated), 1 process: {sample.cpu:.1f} s CPU, {sample.wall:.1f} s wall, "
          f"{sample.rss:.0f} MB peak ({sample.rss / rss:.2f}x the memory of 1x)")


if __name__ == "__main__":
    main()
