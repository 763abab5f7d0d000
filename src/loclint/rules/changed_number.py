"""changed-number: a number of the source block stands changed in the
aligned block, beyond what the target language's number format explains."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from loclint import block_prose
from loclint.finding import Hit
from loclint.locales import NEUTRAL
from loclint.rule import Rule

RULE = Rule(
    id="changed-number",
    summary="A number of the source block stands changed in the aligned block (beyond the language's number format).",
    severity="error",
    nodes=("root",),
    needs_source=True,
    compares_source=True,
)

# A number as prose writes it: digits, maybe grouped and with decimals, not part of a word (A4T, utm2,
# 1st; Latin letters only: Japanese writes 最大40枚).
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.,\u00a0\u202f'])(?<![A-Za-z]-)[0-9]+(?:(?:[.,'\u00a0\u202f]| (?=[0-9]{3}(?![0-9])))[0-9]+)*"
                     r"(?![A-Za-z0-9_]|[.,][0-9])")
# A version (1.2.3, and 1.6 after "version"/"v"): compared as written.
_VERSION = re.compile(r"\d+(?:\.\d+){2,}")
_VERSION_WORD = re.compile(r"(?:\b[Vv]ersions?|\bversies?|\bVersion(?:en)?|\bv|\bSDK|\bjs)\s*$")
_QUOTED = re.compile(r"(?:\"|&quot;|“|(?<!\w)')[^\"'&\n“”]{0,40}$")


def check(node, ctx, options):
    page, source = ctx.page, ctx.source
    pack = ctx.settings.locale(ctx.lang)[0]
    for pair, theirs, mine in block_prose.aligned_pairs(page, source):
        s_numbers = [(p, m, _exact(p.text, m)) for p in theirs for m in _NUMBER.finditer(p.text)]
        t_numbers = [(p, m) for p in mine for m in _NUMBER.finditer(p.text)]
        if not s_numbers or not t_numbers:
            continue
        left = list(t_numbers)
        lost = []
        for _, m, exact in s_numbers:
            value = None if exact else _value(m.group(), NEUTRAL)
            exact = exact or value is None  # not an English number (15,99 quoted as the wrong format): as written
            want = m.group() if exact else value
            found = next((t for t in left if _reads_as(t[1].group(), want, exact, pack)), None)
            if found is None:
                lost.append(m.group())
            else:
                left.remove(found)
        if not lost or not left or len(lost) != len(left):
            continue  # nothing changed, or numbers dropped or added (written as words, ...): no one replacement
        if len(lost) == len(s_numbers) and not ctx.source_exact:
            continue  # every number changed (`Last updated: May 7, 2026`): as likely the English that moved on
        for was, (prose, match) in zip(lost, left):
            if not ctx.source_exact and not _mangled(was, match.group()):
                continue  # against today's English, a number replaced may be the English's update
            line, column = prose.position(page, match.start())
            yield Hit(line, column, f"`{match.group()}` stands where the source's {pair.source.describe()} has "
                      f"`{was}`: a number changed", key=f"{was}>{match.group()}", anchored=pair.anchored)


def _mangled(was: str, now: str) -> bool:
    """A number MT damaged rather than one the English replaced: the same
    digits with other separators (`5.119.27` for `5,119.27`), or a digit
    dropped or doubled in a number of three digits or more (`2222` for
    `22222`)."""
    a, b = re.sub(r"\D", "", was), re.sub(r"\D", "", now)
    if a == b:
        return True
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _exact(text: str, match: re.Match) -> bool:
    """Whether a source number is compared as written: a version, or a
    value inside quotes."""
    before = text[: match.start()].replace("\0", " ")
    return bool(_VERSION.fullmatch(match.group()) or _VERSION_WORD.search(before[-12:]) or _QUOTED.search(before[-40:]))


def _reads_as(written: str, want, exact: bool, pack) -> bool:
    if exact:
        return written == want
    if want is None:
        return False
    return _value(written, pack) == want or _value(written, NEUTRAL) == want


def _value(written: str, pack) -> Decimal | None:
    """What `written` means in a language's number format; None when it is
    not a number there (1,5 in English, 1.5 in Dutch: a grouping of 3 digits
    expected)."""
    decimal, groups = pack.decimal_separator, pack.group_separators
    whole, sep, fraction = written.rpartition(decimal) if decimal in written else (written, "", "")
    if not sep:
        whole, fraction = written, ""
    elif not fraction.isdigit():
        return None
    parts = re.split("[" + re.escape(groups) + "]", whole) if groups else [whole]
    if not all(p.isdigit() for p in parts) or (len(parts) > 1 and (len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:]))):
        return None
    try:
        return Decimal("".join(parts) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None
