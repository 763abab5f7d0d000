"""Which language a block of prose is in: cheaply when it is plain, with a
real detector when it is not.

The first pass scores the block's character 1-3-grams against langdetect's
own profiles of the languages at stake (the page's, the source's, and a
language close to the page's, Afrikaans for Dutch, which counts as the
page's). It is deterministic and needs a few MB. Only blocks it does not
find plainly in the page's language go to the detector, restricted to the
same languages:

* `py3langid` (default): a naive Bayes model shipped inside the package,
  the more precise of the two on the corpus (docs/language-detection.md);
* `langdetect`, seeded so that a page always gives the same findings.

Verdicts are cached by text.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from loclint.speed import langid as speed_langid
from loclint.speed import speedups_enabled

# A language the detectors confuse with the page's language, counted as it.
CLOSE = {"nl": ("af",), "no": ("da",), "da": ("no",), "id": ("ms",), "ms": ("id",), "hr": ("sr", "bs")}
DETECTORS = ("py3langid", "langdetect")

_LETTERS = re.compile(r"[^\W\d_]+")
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def letters(text: str) -> int:
    return len(_NOT_LETTERS.sub("", text))


def has_letters(text: str, n: int) -> bool:
    """letters(text) >= n, reading no more of `text` than it must (most
    blocks asked about have their n letters in their first 2n characters)."""
    end = 2 * n
    while end < len(text):
        if letters(text[:end]) >= n:
            return True
        end *= 4
    return letters(text) >= n


_FLOOR = 1e-5


@cache
def _profiles():
    """langdetect's profiles folder, located without importing langdetect."""
    spec = find_spec("langdetect")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / "profiles").is_dir():
            return Path(folder) / "profiles"
    return resources.files("langdetect") / "profiles"


@cache
def _logp(lang: str) -> dict[str, float]:
    """log P(n-gram | lang) from langdetect's profile of `lang`."""
    data = json.loads((_profiles() / lang).read_text(encoding="utf-8"))
    n_words = data["n_words"]
    return {g: math.log(c / n_words[len(g) - 1] + _FLOOR) for g, c in data["freq"].items() if 1 <= len(g) <= 3}


class ProfileScorer:
    """How much more a text looks like the page's language (or a close one)
    than like the source's, in mean log-probability per n-gram."""

    # Above it a block is plainly the page's language (docs/language-detection.md).
    PLAINLY_TARGET = 0.15

    def __init__(self, target: str, source: str, close: tuple[str, ...]):
        self.tables = [_logp(target)] + [_logp(c) for c in close]
        self.source_table = _logp(source)
        self._words: dict[str, tuple[list[float], float, int]] = {}

    def _word(self, word: str) -> tuple[list[float], float, int]:
        cached = self._words.get(word)
        if cached is None:
            floor = math.log(_FLOOR)
            totals, source_total, n = [0.0] * len(self.tables), 0.0, 0
            padded = f" {word} "
            for size in (1, 2, 3):
                for i in range(len(padded) - size + 1):
                    gram = padded[i : i + size]
                    if gram == " ":
                        continue
                    s = self.source_table.get(gram)
                    ts = [t.get(gram) for t in self.tables]
                    if s is None and all(t is None for t in ts):
                        continue
                    n += 1
                    source_total += s if s is not None else floor
                    for k, t in enumerate(ts):
                        totals[k] += t if t is not None else floor
            if len(self._words) >= self._KEPT:
                self._words.clear()  # a run's memory stays bounded; the common words come back at once
            cached = self._words[word] = (totals, source_total, n)
        return cached

    # Words scored kept (about 200 bytes each): a tree has a few thousand.
    _KEPT = 50_000

    def margin(self, text: str) -> float:
        totals, source_total, n = [0.0] * len(self.tables), 0.0, 0
        for word in _LETTERS.findall(text.lower()):
            word_totals, word_source, word_n = self._word(word)
            for k, t in enumerate(word_totals):
                totals[k] += t
            source_total += word_source
            n += word_n
        return (max(totals) - source_total) / n if n else 0.0


@dataclass(frozen=True)
class Verdict:
    lang: str  # the page's language (close ones folded in), the source's, or another
    confidence: float  # 0..1


@cache
def _py3langid_model(langs: tuple[str, ...] | None = None):
    """py3langid's model, restricted to `langs` (all when None)."""
    if langs is not None:
        def restrict():
            model = copy.copy(_py3langid_model(None))
            model.set_languages(list(langs))
            return model

        fast = speed_langid.restricted(langs) if speedups_enabled() else None
        return fast if fast is not None else restrict()
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        raise RuntimeError('detector = "py3langid" needs the py3langid package: pip install py3langid') from None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def py3langid_languages() -> frozenset[str]:
    """The languages py3langid knows."""
    def load() -> frozenset[str]:
        try:
            return frozenset(_py3langid_model().nb_classes)
        except RuntimeError:
            return frozenset()

    known = speed_langid.known_languages() if speedups_enabled() else None
    return known if known is not None else load()


@cache
def langdetect_languages() -> frozenset[str]:
        return frozenset(p.name for p in _profiles().iterdir())


def supported(lang: str, detector: str = "py3langid") -> bool:
    """Known to the first pass (langdetect's profiles) and to the detector."""
    if lang not in langdetect_languages():
        return False
    return detector == "langdetect" or lang in py3langid_languages()


class Detector:
    def __init__(self, target: str, source: str, detector: str = "py3langid", seed: int = 0):
        self.target, self.source, self.detector = target, source, detector
        known = langdetect_languages() if detector == "langdetect" else langdetect_languages() & py3langid_languages()
        self.close = tuple(c for c in CLOSE.get(target, ()) if c in known)
        self.first_pass = ProfileScorer(target, source, self.close)
        self.calls = Counter()
        self.langs = sorted({target, source, *self.close})
        self.seed = seed
        self._cache: dict[tuple[str, bool], Verdict] = {}
        self._factories: dict[tuple[str, ...], object] = {}

    def judge(self, text: str, *, among: tuple[str, ...] | None = None) -> Verdict:
        """The language of `text` among the page's and the source's (or
        among the languages `among`, those the detector knows)."""
        known = langdetect_languages() if self.detector == "langdetect" else py3langid_languages()
        candidates = tuple(sorted({*(among or ()), *self.langs} & known)) if among else None
        key = (text, candidates)
        cached = self._cache.get(key)
        # The first pass only weighs the page's language against the source's:
        # it cannot tell a third language, so it never answers for `among`.
        if cached is None and candidates is None and self.first_pass.margin(text) >= ProfileScorer.PLAINLY_TARGET:
            self.calls["first pass"] += 1
            cached = self._remember(key, Verdict(self.target, 1.0))
        if cached is None:
            self.calls[self.detector] += 1
            langs = candidates or tuple(self.langs)
            lang, prob = (self._py3langid if self.detector == "py3langid" else self._langdetect)(text, langs)
            if lang in self.close:
                lang = self.target
            cached = self._remember(key, Verdict(lang, prob))
        return cached

    # Verdicts kept: a text judged twice (a page's units, a snippet repeated
    # across pages) is judged once, and a run of any size holds a few
    # megabytes of them at most.
    _KEPT = 1024

    def _remember(self, key, verdict: Verdict) -> Verdict:
        self._cache[key] = verdict
        if len(self._cache) > self._KEPT:
            del self._cache[next(iter(self._cache))]  # the oldest
        return verdict

    def _py3langid(self, text: str, langs: tuple[str, ...]) -> tuple[str, float]:
        model = _py3langid_model(langs)
        lang, prob = model.classify(text)
        return lang, float(prob)

    def _langdetect(self, text: str, langs: tuple[str, ...]) -> tuple[str, float]:
        from langdetect import DetectorFactory
        from langdetect.lang_detect_exception import LangDetectException

        factory = self._factories.get(langs)
        if factory is None:
            factory = DetectorFactory()
            factory.load_json_profile([(_profiles() / lang).read_text(encoding="utf-8") for lang in langs])
            factory.set_seed(self.seed)
            self._factories[langs] = factory
        detector = factory.create()
        detector.append(text)
        try:
            best = max(detector.get_probabilities(), key=lambda p: p.prob)
        except (LangDetectException, ValueError):
            return "", 0.0
        return best.lang, best.prob
