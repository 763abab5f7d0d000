"""Which language a block of prose is in.

Two detectors, both deterministic, both restricted to the languages at stake
(the page's, the source's, and a language close to the page's, Afrikaans for
Dutch, which counts as the page's):

* `py3langid` (default): a naive Bayes model shipped inside the package.
  Measured on ../shared/corpus it decides ~4,500 blocks/s and is at least as
  accurate as langdetect at every block length (README: "Language checks").
* `langdetect`, the detector the design named, seeded so that a page always
  gives the same findings; ~700 blocks/s.

Verdicts are cached by text for the whole run: headings, table cells and
boilerplate repeat across pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# A language the detectors confuse with the page's language, counted as it.
CLOSE = {"nl": ("af",), "no": ("da",), "da": ("no",), "id": ("ms",), "ms": ("id",), "hr": ("sr", "bs")}
DETECTORS = ("py3langid", "langdetect")

_LETTERS = re.compile(r"[^\W\d_]+")


def letters(text: str) -> int:
    return sum(len(w) for w in _LETTERS.findall(text))


@dataclass(frozen=True)
class Verdict:
    lang: str  # the page's language (close ones folded in), the source's, or another
    confidence: float  # 0..1


@cache
def _py3langid_model(langs: tuple[str, ...] | None = None):
    """A model restricted to `langs` (all when None), made once per set."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if langs is not None:
        model.set_languages(list(langs))
    return model


@cache
def py3langid_languages() -> frozenset[str]:
    return frozenset(_py3langid_model().nb_classes)


@cache
def langdetect_languages() -> frozenset[str]:
    from importlib import resources

    return frozenset(p.name for p in (resources.files("langdetect") / "profiles").iterdir())


def supported(lang: str, detector: str = "py3langid") -> bool:
    return lang in (py3langid_languages() if detector == "py3langid" else langdetect_languages())


class Detector:
    def __init__(self, target: str, source: str, detector: str = "py3langid", seed: int = 0):
        self.target, self.source, self.detector = target, source, detector
        known = py3langid_languages() if detector == "py3langid" else langdetect_languages()
        self.close = tuple(c for c in CLOSE.get(target, ()) if c in known)
        self.langs = sorted({target, source, *self.close})
        self.seed = seed
        self._cache: dict[tuple[str, bool], Verdict] = {}
        self._factories: dict[tuple[str, ...], object] = {}

    def judge(self, text: str, *, any_language: bool = False) -> Verdict:
        """The language of `text` among the page's and the source's (or, with
        `any_language`, among every language the detector knows)."""
        key = (text, any_language)
        cached = self._cache.get(key)
        if cached is None:
            lang, prob = (self._py3langid if self.detector == "py3langid" else self._langdetect)(text, any_language)
            if lang in self.close:
                lang = self.target
            cached = self._cache[key] = Verdict(lang, prob)
        return cached

    def _py3langid(self, text: str, any_language: bool) -> tuple[str, float]:
        model = _py3langid_model(None if any_language else tuple(self.langs))
        lang, prob = model.classify(text)
        return lang, float(prob)

    def _langdetect(self, text: str, any_language: bool) -> tuple[str, float]:
        from langdetect import DetectorFactory
        from langdetect.lang_detect_exception import LangDetectException

        langs = tuple(sorted(langdetect_languages())) if any_language else tuple(self.langs)
        factory = self._factories.get(langs)
        if factory is None:
            from importlib import resources

            profiles = resources.files("langdetect") / "profiles"
            factory = DetectorFactory()
            factory.load_json_profile([(profiles / lang).read_text(encoding="utf-8") for lang in langs])
            factory.set_seed(self.seed)
            self._factories[langs] = factory
        detector = factory.create()
        detector.append(text)
        try:
            best = max(detector.get_probabilities(), key=lambda p: p.prob)
        except (LangDetectException, ValueError):
            return "", 0.0
        return best.lang, best.prob
