"""The command line: wiring only (files -> engine -> reporter -> exit code)."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click

from loclint import baseline, summary
from loclint.cache import FOLDER_NAME, Cache
from loclint.config import Config, ConfigError, load
from loclint.docs_index import markdown_files
from loclint.finding import severity_rank
from loclint.linter import WARNING, display_path, missing_pages
from loclint.locales import is_language_tag
from loclint.merge import MergeError, merge
from loclint.page import real
from loclint.report import FORMATS, escape, renderer
from loclint.report.text import note_lines, setup_lines, tree_lines
from loclint.ruledocs import rule_header, rule_pages
from loclint.rules import MISSING_PAGE, RULES
from loclint.run import default_jobs, run
from loclint.run import shard as run_shard
from loclint.speed.langid import user_cache
from loclint.wordcount import page_words


def _pairing_options(config: Config, source: str | None, lang: str | None) -> None:
    """--source and --lang into the config, or exit 2 naming the option."""
    if source:
        if not Path(source).is_dir():
            _fail(f"--source: {source}: no such folder")
        config.source = real(Path(source))
    if lang:
        if not is_language_tag(lang):
            _fail(f"--lang: {lang!r} is not a language tag like nl-NL")
        config.lang = lang


def _fail(message: str) -> None:
    click.echo(f"loclint: error: {message}", err=True)
    sys.exit(2)


def discover(paths: tuple[str, ...], config: Config) -> list[Path]:
    """The pages to lint: files as given, folders searched for *.md."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(markdown_files(path))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            _fail(f"{given}: no such file or folder")
    seen, pages = set(), []
    for path in found:
        key = os.path.normpath(path)
        if key not in seen and not config.excluded(path):
            seen.add(key)
            pages.append(path)
    return pages


def _rule_list(value: str | None, option: str) -> frozenset[str] | None:
    if value is None:
        return None
    ids = frozenset(v.strip() for v in value.split(",") if v.strip())
    unknown = sorted(ids - set(RULES))
    if unknown:
        _fail(f"{option}: unknown rule id {unknown[0]!r} (see `loclint rules`)")
    return ids


class ShardParam(click.ParamType):
    name = "K/N"

    def convert(self, value, param, ctx):
        k, _, n = str(value).partition("/")
        if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
            self.fail(f"{value!r} is not K/N with 1 <= K <= N (e.g. 2/4)", param, ctx)
        return int(k), int(n)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="loclint")
def main() -> None:
    """loclint: translation-QA linter for localized Markdown documentation."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)),
              help="Report format (default: grouped on a terminal, else text).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--select", help="Only these rule ids (comma-separated).")
@click.option("--ignore", help="Not these rule ids (comma-separated).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: found upward).")
@click.option("--root", type=click.Path(file_okay=False), help="Docs root for links starting with /.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True)
@click.option("--source", type=click.Path(file_okay=False), help="Source (English) tree to pair pages with.")
@click.option("--lang", help="Language of the pages (default: from the layout, e.g. nl-NL).")
@click.option("--missing", is_flag=True, help="Also list pages missing on either side of a pairing.")
@click.option("--fix", "do_fix", is_flag=True, help="Write the safe fixes into the files.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply the fixes that may change meaning.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes to lint with (default: the CPUs it may use).")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Cache folder (default: .loclint_cache beside the config).")
@click.option("--no-cache", is_flag=True, help="Lint every page afresh.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="Write the findings of this run as a baseline file.")
@click.option("--shard", type=ShardParam(), help="Lint shard K of N (K/N): a stable part of the pages.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]),
              help="Show only findings this severe (default: warning in text, info in the other formats).")
@click.option("--statistics", is_flag=True, help="Print only the findings per rule (text formats).")
@click.option("--quiet", "-q", is_flag=True, help="Findings only, no summary.")
@click.option("--verbose", "-v", is_flag=True, help="Say how the run went and each page was paired (on stderr).")
def check(**options):
    """Lint translated pages (files or folders; default: the working folder)."""
    try:
        _check(**options)
    except KeyboardInterrupt:
        # Wherever Ctrl-C comes (reading the tree, linting, writing the
        # report): every file is as it was or wholly fixed (writes finish
        # first), no worker is left, and 130 is what a shell reports for a
        # command stopped by Ctrl-C (click would say "Aborted!" and exit 1).
        click.echo("\nloclint: interrupted", err=True)
        sys.exit(130)


def _check(paths, fmt, output, select, ignore, config_path, root, source, lang, missing, do_fix, diff, unsafe_fixes,
           jobs, cache_dir, no_cache, fail_on, baseline_path, write_baseline_path, shard, min_severity, statistics,
           quiet, verbose):
    started = time.monotonic()
    try:
        config = load(Path(config_path) if config_path else None)
    except ConfigError as err:
        _fail(str(err))
    selected = _rule_list(select, "--select")
    if selected is not None:
        config.select = selected
    ignored = _rule_list(ignore, "--ignore")
    if ignored:
        config.select = config.select - ignored
    if root:
        if not Path(root).is_dir():
            _fail(f"--root: {root}: no such folder")
        config.root = real(Path(root))
    _pairing_options(config, source, lang)
    if not output and sys.stdout is None:
        _fail("cannot write the report: standard output is closed (give --output FILE)")
    to_terminal = not output and _isatty(sys.stdout)
    fmt = fmt or ("grouped" if to_terminal else "text")
    text_format = fmt in ("text", "grouped")
    # The default floor hides no finding an option asked for (--missing's, info).
    keep = frozenset({MISSING_PAGE.id}) if missing and not min_severity else frozenset()
    min_severity = min_severity or ("warning" if text_format else "info")
    color = text_format and not output and _color_wanted(to_terminal)
    pages = discover(paths or (".",), config)
    if shard:
        pages = run_shard(pages, config, *shard)
    if verbose:
        for line in setup_lines(config.path, config.root, summary.docs_roots(pages, config.root)):
            click.echo(f"loclint: {escape(line)}", err=True)
    # More processes than CPUs only compete for them (and 100,000 forks
    # take the machine): a larger --jobs is capped, and -v says so.
    cpus = default_jobs()
    if jobs and jobs > cpus and verbose:
        click.echo(f"loclint: --jobs {jobs}: capped at {cpus}, the CPUs this run may use", err=True)
    jobs = min(jobs or cpus, cpus)
    cache = None if no_cache else Cache(Path(cache_dir) if cache_dir else _cache_folder(config))
    show_progress = not quiet and not os.environ.get("CI") and sys.stderr.isatty() and len(pages) > 20
    with click.progressbar(length=len(pages), file=sys.stderr, label="loclint") if show_progress else _nothing() as bar:
        outcomes, spool = run(config, pages, jobs=jobs, cache=cache, fix=do_fix, diff=diff,
                              unsafe=unsafe_fixes, progress=bar.update if bar else None)
    files = [display_path(p) for p in pages]
    findings = spool.in_order(files, missing_pages(set().union(*(o.pairs for o in outcomes))) if missing else ())
    hidden = 0
    if write_baseline_path:
        try:
            baseline.write(Path(write_baseline_path), findings)
        except OSError as err:
            _fail(f"--write-baseline: {write_baseline_path}: {err.strerror}")
    if baseline_path:
        try:
            findings, hidden = baseline.new_findings(findings, baseline.load(Path(baseline_path)))
        except baseline.BaselineError as err:
            _fail(str(err))
    shown, below = summary.shown_and_hidden(findings, min_severity, keep)

    def say(text: str, err: bool = False) -> None:
        # color=True: the report's own colour codes pass (page text in it is escaped).
        click.echo(text, nl=False, err=err, color=color and not err)

    if verbose:
        for line in tree_lines(summary.tree_counts(outcomes)):
            say(f"loclint: {escape(line)}\n", err=True)
        for line in note_lines([(display_path(p), o.notes) for p, o in zip(pages, outcomes)]):
            say(f"loclint: {escape(line)}\n", err=True)  # notes name files: a name may hold anything
        if cache is not None:
            cached = sum(o.cached for o in outcomes)
            say(f"loclint: {len(outcomes)} pages: {len(outcomes) - cached} linted, {cached} from the cache\n", err=True)
    else:
        for note in dict.fromkeys(n for o in outcomes for n in o.notes if n.startswith(WARNING)):
            say(f"loclint: {escape(note)}\n", err=True)  # said once per run, verbose or not
    failed_writes = [o.error for o in outcomes if o.error]
    for message in failed_writes:
        say(f"loclint: {escape(message)}\n", err=True)
    diffs = [o.diff for o in outcomes if o.diff]
    words = page_words(pages, config.rule_options["page-limits"]["max-bytes"]) if fmt == "html" else None
    report = renderer(fmt)(shown, files, statistics=statistics, quiet=quiet, fail_on=fail_on, baselined=hidden,
                           hidden=below, min_severity=min_severity, color=color, words=words)
    try:
        if diff:
            # The patch alone on stdout, so that it applies as it is; a
            # report only where --output says.
            say("".join(diffs))
        if output:
            try:
                with open(output, "w", encoding="utf-8") as handle:
                    for text in _batches(report):
                        handle.write(text)
            except OSError as err:
                _fail(f"--output: {output}: {err.strerror}")
        elif not diff:
            for text in _batches(report):
                say(text)
        sys.stdout.flush()  # here, not at exit, where a failed flush is a traceback
    except BrokenPipeError:
        # The reader stopped reading (`| head`): end quietly, as cat and grep
        # do, but with 2: a report cut short must not pass for a whole one.
        _drop_stdout()
        sys.exit(2)
    except OSError as err:
        _drop_stdout()
        _fail(f"cannot write the report: {err.strerror}")
    code = 0
    if fail_on != "never" and any(severity_rank(f.severity) >= severity_rank(fail_on) for f in findings):
        code = 1
    if diffs and diff:
        code = 1
    if failed_writes:
        code = 2
    if verbose:
        click.echo(f"loclint: {len(pages)} page{'s' if len(pages) != 1 else ''} in "
                   f"{time.monotonic() - started:.1f} s ({jobs} process{'es' if jobs != 1 else ''})", err=True)
    sys.exit(code)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def _color_wanted(to_terminal: bool) -> bool:
    """Colour on a terminal; NO_COLOR (any value) never, FORCE_COLOR (any
    value but 0) also in a pipe or a CI log. A file (--output) never."""
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force:
        return force not in ("0", "false")
    return to_terminal and os.environ.get("TERM") != "dumb"


def _drop_stdout() -> None:
    """What is still buffered for stdout goes nowhere (the interpreter would
    fail to flush it at exit and print a traceback)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _batches(report, size: int = 1 << 16):
    """A report (text, or pieces as they are made: lines, a JUnit testcase)
    in writes of about `size` characters: one write per line costs a call
    each, and a piece can be a page's whole testcase."""
    if isinstance(report, str):
        yield report
        return
    batch, held = [], 0
    for piece in report:
        batch.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(batch)
            batch, held = [], 0
    if batch:
        yield "".join(batch)


def _cache_folder(config: Config) -> Path:
    return (config.path.parent if config.path else Path.cwd()) / FOLDER_NAME


@contextmanager
def _nothing():
    yield None


@main.command()
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Cache folder (default: .loclint_cache beside the config).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: found upward).")
def clean(cache_dir, config_path):
    """Remove the cache, and what loclint keeps in the user's cache folder."""
    try:
        config = load(Path(config_path) if config_path else None)
    except ConfigError as err:
        _fail(str(err))
    for folder in (Path(cache_dir) if cache_dir else _cache_folder(config), user_cache()):
        removed = Cache(folder).clean()
        click.echo(f"removed {folder}" if removed else f"no cache at {folder}")


@main.command("merge")
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the merged report to FILE.")
def merge_reports(reports, output):
    """Join the JSON (or SARIF) reports of shards into one."""
    texts = []
    for name in reports:
        try:
            texts.append((name, Path(name).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as err:
            _fail(f"{name}: cannot read: {getattr(err, 'strerror', None) or err}")
    try:
        merged = merge(texts)
    except MergeError as err:
        _fail(str(err))
    if output:
        try:
            Path(output).write_text(merged, encoding="utf-8")
        except OSError as err:
            _fail(f"--output: {output}: {err.strerror}")
    else:
        click.echo(merged, nl=False)


@main.command("rules")
def list_rules() -> None:
    """List every rule with its default severity and summary."""
    for rid, rule in sorted(RULES.items()):
        fix = " (fixable)" if rule.fixable else ""
        click.echo(f"{rid:22} {rule.severity:8} {rule.summary}{fix}")


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print a rule's page."""
    if rule not in RULES:
        _fail(f"unknown rule id {rule!r} (see `loclint rules`)")
    title, _, body = rule_pages()[rule].body.strip().partition("\n")
    click.echo(f"{title}\n\n{rule_header(RULES[rule])}\n{body}\n")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: found upward).")
@click.option("--source", type=click.Path(file_okay=False), help="Source (English) tree to pair pages with.")
@click.option("--lang", help="Language of the pages (default: from the layout, e.g. nl-NL).")
@click.option("--min-blocks", type=click.IntRange(min=2), default=5, show_default=True,
              help="A term is a word or two-word phrase in this many aligned source blocks.")
@click.option("--top", type=click.IntRange(min=1), default=100, show_default=True, help="List this many terms per language.")
def terms(paths, config_path, source, lang, min_blocks, top):
    """Mine translated pages for the renderings of recurring English terms;
    print a candidate glossary (a report: exit 0)."""
    from loclint import terms as mining  # beside the command: the edit stays local to it

    try:
        config = load(Path(config_path) if config_path else None)
    except ConfigError as err:
        _fail(str(err))
    _pairing_options(config, source, lang)
    mined = mining.mine(mining.page_pairs(discover(paths or (".",), config), config), min_blocks=min_blocks)
    if not mined:
        click.echo("loclint terms: no translated page paired with its source (give --source, or use a *.nl-NL / nl/ layout)",
                   err=True)
    click.echo(mining.glossary_text(mined, top), nl=False)
