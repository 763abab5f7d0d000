"""Locale packs: what is right in one language and a defect in another
(a space before `:` in French, no word spaces in Japanese, translated
`[!UICONTROL]` labels in Japanese and Chinese), as data a user can read and
override (`[tool.loclint.locales.<lang>]`). A language without a pack gets
the neutral defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

# A BCP 47 language tag as docs sites write it: nl, nl-NL, nl_nl, zh-Hant-TW.
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def is_language_tag(value: str) -> bool:
    return _TAG.fullmatch(value) is not None


@dataclass(frozen=True)
class LocalePack:
    # Punctuation a space stands before, by the language's typography (French: `:` `;` `!` `?`).
    spaced_punctuation: str = ""
    # The language's own closing punctuation, besides `, . ) : ; ! ?`, that
    # no space may stand before (Japanese `。` `、` `」` `）`).
    closing_punctuation: str = ""
    # Whether words are separated by spaces (not in Japanese or Chinese).
    word_spaces: bool = True
    # Whether the product's UI, and so its `[!UICONTROL]` labels and feature
    # names, is translated (German, French, Japanese, Chinese, Korean UIs are).
    uicontrol_translated: bool = False
    # How the documentation sites name the language in their URLs, by host
    # (Experience League `/ja/docs/`, helpx `/jp/`); `None`: the page's own locale or language.
    url_locales: tuple[tuple[str, str], ...] = ()
    # Words that the grammar may write twice in a row (Dutch `dat dat`,
    # `neemt het het maximum`, `stel het in in X`; German `die die`; English
    # `had had`): not a doubled word, unless written three times. An entry
    # of several words is a phrase holding a doubling the grammar makes only
    # there (Dutch `of andere andere`: some other).
    doubled_words: tuple[str, ...] = ()
    # How prose writes numbers: the decimal separator (`,` in Dutch: 1,5) and
    # the characters that group thousands (`.` in Dutch: 1.000; spaces in French: 1 000).
    decimal_separator: str = "."
    group_separators: str = ","

    def url_locale(self, host: str) -> str | None:
        return dict(self.url_locales).get(host)

    def unspaced_punctuation(self, base: str) -> str:
        """The punctuation of `base` and the language's own closing
        punctuation that no space may stand before in this language."""
        return "".join(c for c in base if c not in self.spaced_punctuation) + self.closing_punctuation


NEUTRAL = LocalePack()

EL, HELPX, BUSINESS = "experienceleague.adobe.com", "helpx.adobe.com", "business.adobe.com"

PACKS: dict[str, LocalePack] = {
    "en": LocalePack(doubled_words=("had", "that")),
    # `zorg dat dat werkt`, `waarbij je je richt`, `zetten ze ze om`, `als u u aanmeldt`;
    # a pronoun before an article (`overschrijdt het het maximum`); a verb's
    # particle before the same preposition (`neem het op op pagina's`, `stel
    # het in in X`, `vertrouwen op op regels gebaseerde`, `gevolgd door door
    # komma's gescheiden`); `or whether` (`of of er een time-out is`).
    "nl": LocalePack(url_locales=((EL, "nl"), (HELPX, "nl"), (BUSINESS, "nl")),
                     doubled_words=("aan", "af", "bij", "dat", "die", "door", "het", "in", "je", "of", "om",
                                    "op", "over", "u", "uit", "ze",
                                    # `één of andere andere activiteit` (some other activity);
                                    # `voor voor authentiek verklaarde gebruikers` (for users declared authentic)
                                    "of andere andere", "voor voor authentiek", "voor voor echt")),
    # `Muster, die die Implementierung`, `Der der Kampagne zugewiesene Umsatz`, `passen Sie sie an`
    "de": LocalePack(uicontrol_translated=True, url_locales=((EL, "de"), (HELPX, "de"), (BUSINESS, "de")),
                     doubled_words=("das", "der", "die", "sie")),
    "fr": LocalePack(spaced_punctuation=":;!?", uicontrol_translated=True, url_locales=((EL, "fr"), (HELPX, "fr"), (BUSINESS, "fr")),
                     doubled_words=("nous", "vous")),
    # Experience League names languages by their code; helpx and business.adobe.com by country.
    "ja": LocalePack(word_spaces=False, uicontrol_translated=True, closing_punctuation="。、」』）】",
                     url_locales=((EL, "ja"), (HELPX, "jp"), (BUSINESS, "jp"))),
    "zh": LocalePack(word_spaces=False, uicontrol_translated=True, closing_punctuation="。，、；：！？」』）】"),
    "ko": LocalePack(uicontrol_translated=True, url_locales=((EL, "ko"), (HELPX, "kr"), (BUSINESS, "kr"))),
}

# Number formats that differ from English's, set apart from the packs above.
_NUMBER_FORMATS = {"nl": (",", "."), "de": (",", "."), "fr": (",", " \u00a0\u202f")}
PACKS.update({lang: replace(PACKS[lang], decimal_separator=decimal, group_separators=groups)
              for lang, (decimal, groups) in _NUMBER_FORMATS.items()})

OPTION_NAMES = {f.name.replace("_", "-"): f.name for f in fields(LocalePack)}


def pack_for(lang: str | None, overrides: dict[str, LocalePack] | None = None) -> tuple[LocalePack, bool]:
    """(the pack of a page's language, whether loclint has one for it): the
    config's pack for the language when it gives one, else the built-in
    one, else the neutral defaults."""
    if not lang:
        return NEUTRAL, False
    base = lang.split("-")[0].split("_")[0].lower()
    if overrides and base in overrides:
        return overrides[base], True
    return PACKS.get(base, NEUTRAL), base in PACKS


def overridden(base: str, given: dict) -> LocalePack:
    """The built-in pack of `base` with the config's keys over it; raises
    KeyError naming an unknown key, TypeError for a value of the wrong type."""
    pack = PACKS.get(base, NEUTRAL)
    changes = {}
    for key, value in given.items():
        name = OPTION_NAMES[key]  # KeyError: unknown
        default = getattr(NEUTRAL, name)
        if name == "url_locales":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise TypeError(f"{key}: expected a table of host = locale")
            value = tuple(sorted(value.items()))
        elif name == "doubled_words":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TypeError(f"{key}: expected a list of words or phrases")
            value = tuple(" ".join(v.lower().split()) for v in value)
        elif type(value) is not type(default):
            raise TypeError(f"{key}: expected {type(default).__name__}, got {value!r}")
        changes[name] = value
    return replace(pack, **changes)
