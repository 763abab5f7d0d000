"""The engine: one walk over a page's nodes, each sent to the rules that
asked for its type; suppressions, severity and origin applied to what they
find."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from loclint import excerpts, facts
from loclint.config import Config
from loclint.context import Context
from loclint.docs_index import DocsIndex
from loclint.finding import Consulted, Finding, Hit, severity_rank
from loclint.rules import INVALID_SUPPRESSION, RULES
from loclint.suppression import KINDS


@dataclass(frozen=True)
class Result:
    findings: list[Finding]
    consulted: frozenset[Path]  # the other pages its findings depend on (their anchors)


def _applicable(ctx: Context, rule_ids) -> list[str]:
    return [rid for rid in sorted(rule_ids) if RULES[rid].check is not None
            and (ctx.source is not None or not RULES[rid].needs_source)
            and (ctx.lang is not None or not RULES[rid].needs_lang)]


def _hits(ctx: Context, config: Config, rule_ids) -> tuple[list[tuple[str, Hit]], set[Path]]:
    dispatch: dict[str, list] = defaultdict(list)
    for rule_id in _applicable(ctx, rule_ids):
        rule = RULES[rule_id]
        for node_type in rule.nodes:
            dispatch[node_type].append((rule_id, rule.check, config.rule_options[rule_id]))
    suppressions = facts.suppressions(ctx.page)
    hits, consulted = [], set()
    for node in ctx.page.nodes:
        for rule_id, check, options in dispatch.get(node.type, ()):
            for hit in check(node, ctx, options):
                if isinstance(hit, Consulted):
                    consulted.add(hit.path)
                elif not (suppressions and suppressions.disabled(rule_id, hit.line)):
                    hits.append((rule_id, hit))
    return hits, consulted


def _suppression_findings(ctx: Context, config: Config, display: str) -> list[Finding]:
    """A directive that disables nothing it seems to: of no known form (it
    would silently do nothing), or naming no rule."""
    found = []
    for d in facts.suppressions(ctx.page).directives:
        if d.kind not in KINDS:
            message = f"`loclint-{d.kind}` is no suppression directive (known: {', '.join('loclint-' + k for k in KINDS)})"
        elif d.rules and (unknown := sorted(d.rules - RULES.keys())):
            message = f"`loclint-{d.kind}` names unknown rule `{unknown[0]}` (see `loclint rules`)"
        else:
            continue
        found.append(Finding(display, d.line, d.column, INVALID_SUPPRESSION.id, message,
                             config.severity_of(INVALID_SUPPRESSION.id)))
    return found


def lint_page(ctx: Context, config: Config, display: str, source_display: str | None = None,
              source_docs: DocsIndex | None = None) -> Result:
    """Findings of one page, paired with `ctx.source` when it has one."""
    rule_ids = config.rules_for(ctx.page.path)
    hits, consulted = _hits(ctx, config, rule_ids)
    inherited: Counter = Counter()
    if ctx.source is not None:
        # A defect the source page has too was inherited, not introduced;
        # only the rules that found something here need to look there.
        own = {rule for rule, _ in hits if not RULES[rule].compares_source}
        if own:
            source_hits, source_consulted = _hits(ctx.of_source(source_docs or DocsIndex()), config, own)
            consulted |= source_consulted  # an inherited label depends on what the source's links point at
            inherited = Counter((rule, hit.key or hit.message) for rule, hit in source_hits)
    findings = _suppression_findings(ctx, config, display) if INVALID_SUPPRESSION.id in rule_ids else []
    keys = excerpts.front_matter_keys(ctx.source) if ctx.source is not None else {}
    # Equal texts held once: the findings on a short line all show the
    # whole line, and a run keeps every finding until its report.
    shared: dict[str | None, str | None] = {}
    for rule, hit in hits:
        severity = config.severity.get(rule) or hit.severity or RULES[rule].severity
        message = hit.message
        compares = RULES[rule].compares_source
        if compares and hit.uses_source and not ctx.source_exact and rule != "stale-translation":
            doubt = _doubt(ctx, hit)
            if doubt is None:
                continue
            severity, why = doubt if severity_rank(doubt[0]) < severity_rank(severity) else (severity, doubt[1])
            message += f" (uncertain: {why})"
        origin = None
        if ctx.source is not None and not compares:
            key = (rule, hit.key or hit.message)
            origin = "inherited" if inherited[key] > 0 else "introduced"
            if origin == "inherited":
                inherited[key] -= 1
                if config.inherited == "info":
                    severity = "info"
        excerpt, source_excerpt = excerpts.excerpts(ctx, hit.line, hit.column, keys)
        findings.append(Finding(display, hit.line, hit.column, rule, shared.setdefault(message, message), severity,
                                hit.end_column, hit.fix, origin, source_display if ctx.source is not None else None,
                                None, shared.setdefault(excerpt, excerpt),
                                shared.setdefault(source_excerpt, source_excerpt)))
    return Result(_fingerprinted(sorted(set(findings)), ctx.page), frozenset(consulted))


def _doubt(ctx: Context, hit: Hit) -> tuple[str, str] | None:
    """(the most a comparison with a source that may have moved on can be
    sure of, why), or None when it cannot tell anything: the source is the
    working file, not the English at the commit the page was made from."""
    if not hit.anchored:
        return None  # the blocks around it do not match either: the English moved on here
    if ctx.source_drift:
        return None  # the English was rewritten since: stale-translation says so once
    if ctx.source_uncertain:
        return "info", ctx.source_uncertain  # e.g. a shallow clone without the page's commit
    return "warning", "compared with the source as it is now, not as it was when this page was translated"


_NUMBER = re.compile(r"\d+")


def _fingerprinted(findings: list[Finding], page) -> list[Finding]:
    """Each finding with a fingerprint that survives edits elsewhere on the
    page: its rule, path, line text and message with the numbers taken out
    (line numbers move), and which of the same it is."""
    seen: Counter = Counter()
    done = []
    lines: dict[int, str] = {}  # a line's digest, once: a long line may hold thousands of findings
    for f in findings:
        if f.line not in lines:
            text = page.lines[f.line - 1].strip() if 0 < f.line <= len(page.lines) else ""
            lines[f.line] = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
        key = "\0".join((f.rule, f.path, lines[f.line], _NUMBER.sub("#", f.message)))
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogateescape")).hexdigest()[:32]
        done.append(replace(f, fingerprint=digest))
    return done

