"""translated-identifier: an identifier the source block writes outside
code formatting was translated: a form of the same shape stands in its
place in the aligned block."""

from __future__ import annotations

import re

from loclint import block_prose
from loclint.finding import Hit
from loclint.rule import Rule

RULE = Rule(
    id="translated-identifier",
    summary="An identifier of the source block, written outside code formatting, stands translated in the aligned block.",
    severity="error",
    nodes=("root",),
    needs_source=True,
    compares_source=True,
)

# Each class: its pattern, and what a translation of one of its identifiers keeps.
_CLASSES = {
    # nms:recipient, xdm:timestamp: a lowercase namespace and a name
    "namespaced": re.compile(r"(?<![\w:/.@-])[a-z][a-z0-9]{1,11}:[A-Za-z][A-Za-z0-9_]*(?![\w:/-])"),
    # journeyID, journeyVersionID, eventType: lowercase then a capital
    "camel": re.compile(r"(?<![\w.:/@-])[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+(?![\w:/-]|\.\w)"),
    # profile_id, last_name
    "snake": re.compile(r"(?<![\w.:/@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w:/-])"),
    # a.b.c paths of names (not versions: a letter in each part)
    "dotted": re.compile(r"(?<![\w.:/@-])[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*){2,}(?![\w/-])"),
    # a file name with its extension
    "file": re.compile(r"(?<![\w.:/@-])[\w-]{2,}\.(?:json|js|xml|html?|csv|txt|yaml|yml|md|py|java|php|css|sql|zip|pdf|ps1|psd1|config|dll|exe)(?![\w/-]|\.\w)"),
}

# The character each class's identifiers cannot do without.
_REQUIRES = {"namespaced": ":", "snake": "_", "dotted": ".", "file": "."}


def check(node, ctx, options):
    page, source = ctx.page, ctx.source
    for pair, theirs, mine in block_prose.aligned_pairs(page, source):
        yield from _quoted(page, pair, theirs, mine)
        s_text = "\n".join(p.text for p in theirs)
        s_lower, t_lower = s_text.lower(), "\n".join(p.text for p in mine).lower()
        for kind, pattern in _CLASSES.items():
            if _REQUIRES.get(kind, "") not in s_text:
                continue  # no identifier of the class can stand in it
            s_ids = _distinct(pattern.findall(s_text))
            # An identifier the target block writes is written in its text:
            # what is missing is known before the block is searched.
            missing = [i for i in s_ids if not _written(i, t_lower)]
            if not missing:
                continue
            t_found = [(p, m) for p in mine for m in pattern.finditer(p.text)]
            t_ids = _distinct(m.group() for _, m in t_found)
            added = [i for i in t_ids if i not in s_ids and not _written(i, s_lower)]
            if not missing or not added:
                continue
            for lost in missing:
                partners = [a for a in added if _translated(kind, lost, a)]
                if len(partners) != 1:
                    continue  # none, or more than one: no single replacement to show
                stand = partners[0]
                added.remove(stand)
                prose, match = next((p, m) for p, m in t_found if m.group() == stand)
                line, column = prose.position(page, match.start())
                yield Hit(line, column, f"`{stand}` stands where the source's {pair.source.describe()} has "
                          f"`{lost}`: identifiers are not translated", key=f"{lost}>{stand}", anchored=pair.anchored)


# A quoted value: one lowercase word, straight quotes or their entity
# (`"category"`, `&quot;link&quot;`), after `=` (`channel = "email"`) or a
# quoted key's `:` (`"type": "string"`): a value, not a word in scare quotes
# nor an example word after a colon of prose.
_QUOTED = re.compile(r'(?:(?:[=]|(?:"|&quot;):)\s{0,3})(?:"|&quot;)([a-z][a-z0-9_-]{0,40}(?:\.[a-z0-9_-]+)*)(?:"|&quot;)')


def _quoted(page, pair, theirs, mine):
    """A quoted value of the source block that stands translated at the
    same place among the target block's quoted values (as many on both)."""
    s_values = [m.group(1) for p in theirs for m in _QUOTED.finditer(p.text)]
    t_found = [(p, m) for p in mine for m in _QUOTED.finditer(p.text)]
    if not s_values or len(s_values) != len(t_found):
        return
    s_text = "\n".join(p.text for p in theirs).lower()
    t_text = "\n".join(p.text for p in mine).lower()
    for lost, (prose, match) in zip(s_values, t_found):
        stand = match.group(1)
        if stand != lost and lost not in t_text and stand not in s_text:
            line, column = prose.position(page, match.start(1))
            yield Hit(line, column, f"`\"{stand}\"` stands where the source's {pair.source.describe()} has "
                      f"`\"{lost}\"`: quoted values are not translated", key=f"{lost}>{stand}", anchored=pair.anchored)


def _distinct(values) -> list[str]:
    return list(dict.fromkeys(values))


def _written(identifier: str, lowered: str) -> bool:
    """Whether `identifier` stands in a text (`lowered`: lower-cased) anyhow
    (inside a longer word, another case)."""
    return identifier.lower() in lowered


def _translated(kind: str, lost: str, stand: str) -> bool:
    """Whether `stand` is `lost` with a part translated: the same shape,
    the parts that carry no language kept."""
    if kind == "namespaced":
        (ns, name), (ns2, name2) = lost.split(":", 1), stand.split(":", 1)
        return ns == ns2 and name.lower() != name2.lower()
    if kind == "camel":
        a, b = _humps(lost), _humps(stand)
        # tripID for journeyID, tripVersionID for journeyVersionID: the first hump translated, the rest kept.
        return len(a) == len(b) >= 2 and a[1:] == b[1:] and a[0] != b[0]
    if kind == "snake":
        a, b = lost.split("_"), stand.split("_")
        return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1
    if kind == "dotted":
        a, b = lost.split("."), stand.split(".")
        return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1
    if kind == "file":
        return lost.rsplit(".", 1)[1] == stand.rsplit(".", 1)[1] and lost.rsplit(".", 1)[0] != stand.rsplit(".", 1)[0]
    return False


def _humps(word: str) -> list[str]:
    return re.findall(r"^[a-z0-9]+|[A-Z][a-z0-9]*", word)
