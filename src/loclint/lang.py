"""Which language a block of prose is in: cheaply when it is plain, with a
real detector when it is not.

The first pass scores the block's character 1-3-grams against langdetect's
own profiles of the languages at stake (the page's, the source's, and a
language close to the page's, Afrikaans for Dutch, which counts as the
page's). It is deterministic, needs a few MB, and with a per-word cache
decides ~25,000 blocks/s. Only blocks it does not find plainly in the page's
language go to the detector, restricted to the same languages:

* `py3langid` (default): a naive Bayes model shipped inside the package. On
  the real corpus it was the more precise (no Dutch block taken for English
  where langdetect took seven) and the faster per block. Its full model
  (~2 s, ~200 MB) is loaded once per machine, to write the weights of the
  languages at stake to the user's cache folder; from then on a process
  needs ~0.1 s and a few MB (`RestrictedModel`), and only when a page has a
  block the first pass cannot call;
* `langdetect`, the detector the design named, seeded so that a page always
  gives the same findings; light, but less precise on short mixed blocks.

Measurements: README, "Language checks". Verdicts are cached by text.
"""

from __future__ import annotations

import array
import json
import math
import operator
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    """langdetect's profiles folder. Located, not imported: importing
    langdetect (and importlib.resources, to ask it) costs each process
    ~45 ms, more than reading the three profiles a page needs."""
    from importlib.util import find_spec

    spec = find_spec("langdetect")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / "profiles").is_dir():
            return Path(folder) / "profiles"
    from importlib import resources  # a zipped install

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
            cached = self._words[word] = (totals, source_total, n)
        return cached

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
    """The model restricted to `langs` (all when None).

    The full model takes ~2 s and ~200 MB to load (numpy included).
    Restricted to a few languages its weights are small; its tokenizer (a
    39 MB automaton) is the same for every restriction. Both are written
    once to the user's cache folder as raw arrays (no pickle) and from then
    on served by `RestrictedModel`, which needs no numpy and maps the
    automaton instead of reading it; without a writable cache folder the
    full model is loaded and restricted in memory."""
    if langs is not None:
        folder = _cache_folder()
        if folder is not None:
            try:
                return RestrictedModel(folder, langs)
            except (OSError, ValueError, KeyError):
                pass
        import copy

        model = copy.copy(_py3langid_model(None))
        model.set_languages(list(langs))
        if folder is not None:
            _store(model, folder, langs)
            try:
                return RestrictedModel(folder, langs)  # the same arithmetic on every run
            except (OSError, ValueError, KeyError):
                pass
        return model
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        raise RuntimeError('detector = "py3langid" needs the py3langid package: pip install py3langid') from None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _cache_folder() -> Path | None:
    """~/.cache/loclint/py3langid-<model size>-<model mtime>/, or None."""
    name = _model_name()
    return None if name is None else _cache_base() / "loclint" / name


@cache
def _model_name() -> str | None:
    from importlib.util import find_spec

    # Located, not imported: importing py3langid imports numpy. The model
    # file's size and time name it (asking importlib.metadata for the
    # version costs a process 50 ms).
    spec = find_spec("py3langid")
    if spec is None or not spec.origin:
        return None
    try:
        st = (Path(spec.origin).parent / "data" / "model.npz.xz").stat()
    except OSError:
        return None
    return f"py3langid-{st.st_size}-{st.st_mtime_ns}"


def _cache_base() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"))


def _read_array(path: Path, code: str):
    values = array.array(code)
    with open(path, "rb") as handle:
        values.fromfile(handle, path.stat().st_size // values.itemsize)
    return values


@cache
def _automaton(folder: Path):
    """(next-move table, output per state, row offset per state). The
    next-move table is mapped, not read: a run over Dutch and English text
    walks a small part of it, and only that part takes memory."""
    import mmap

    with open(folder / "nextmove.I", "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    nextmove = memoryview(mapped).cast("I")
    rowbase = _read_array(folder / "row.H", "H")
    return nextmove, _read_array(folder / "output.q", "q"), _times_256(rowbase)


def _times_256(values: array.array) -> array.array:
    """array('I') of each uint16 of `values` times 256, made by moving bytes
    (a loop over the 100,000 rows costs each process ~10 ms)."""
    if sys.byteorder != "little" or values.itemsize != 2 or array.array("I").itemsize != 4:
        return array.array("I", (v << 8 for v in values))
    raw = values.tobytes()
    out = bytearray(2 * len(raw))  # four bytes a value: 0, low, high, 0
    out[1::4] = raw[0::2]
    out[2::4] = raw[1::2]
    return array.array("I", bytes(out))


class RestrictedModel:
    """py3langid's naive Bayes classifier (`LanguageIdentifier.classify` with
    norm_probs) restricted to a few languages, in plain Python: for three
    languages a sparse dot product costs less than importing numpy, and
    leaves ~40 MB of memory unused."""

    def __init__(self, folder: Path, langs: tuple[str, ...]):
        meta = json.loads((folder / f"weights-{'-'.join(langs)}.json").read_text(encoding="utf-8"))
        self.classes: list[str] = meta["classes"]
        self.prior: list[float] = meta["pc"]
        path = folder / f"weights-{'-'.join(langs)}.by-class.f"  # classes x features, float32
        k = len(self.classes)
        features = path.stat().st_size // 4 // k if k else 0
        if not features or path.stat().st_size != 4 * k * features:
            raise ValueError("weights do not match the classes")
        self.columns = []  # one weight array per class, read as stored
        with open(path, "rb") as handle:
            for _ in range(k):
                column = array.array("f")
                column.fromfile(handle, features)
                self.columns.append(column)
        self.nextmove, self.output, self.rowbase = _automaton(folder)

    def _features(self, data: bytes) -> Counter:
        """{feature: count} of the byte n-grams the automaton recognises (py3langid's visit_counts)."""
        nextmove, rowbase, output = self.nextmove, self.rowbase, self.output
        state, found = 0, []
        for byte in data:
            state = nextmove[rowbase[state] + byte]
            if output[state] >= 0:
                found.append(output[state])
        return Counter(found)

    def classify(self, text: str) -> tuple[str, float]:
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        visits = self._features(data)
        if not visits:
            return self.classes[0], 1.0 / len(self.classes)  # no features: uniform, as py3langid
        # A feature's weight is log1p of its count, and most features are
        # seen once: the features seen equally often are summed per class
        # first (one itemgetter call picks all of them) and weighted once.
        by_count: dict[int, list[int]] = {}
        for feature, count in visits.items():
            by_count.setdefault(count, []).append(feature)
        groups = [(math.log1p(count), _picker(features)) for count, features in by_count.items()]
        scores = [prior + sum([weight * sum(pick(column)) for weight, pick in groups])
                  for prior, column in zip(self.prior, self.columns)]
        # py3langid's temperature: sqrt(bytes) keeps the softmax calibrated.
        scale = 1.0 / math.sqrt(len(data) or 1)
        top = max(scores)
        exps = [math.exp((s - top) * scale) for s in scores]
        total = sum(exps)
        merged: dict[str, float] = {}
        for lang, e in zip(self.classes, exps):  # a label listed twice (srl -> sr) adds up
            merged[lang] = merged.get(lang, 0.0) + e / total
        best = max(merged, key=merged.__getitem__)  # the first of equals, as argmax
        return best, merged[best]


def _picker(indices: list[int]):
    """column -> the tuple of its values at `indices`."""
    if len(indices) == 1:
        index = indices[0]
        return lambda column: (column[index],)  # itemgetter of one index gives no tuple
    return operator.itemgetter(*indices)


def _store(model, folder: Path, langs: tuple[str, ...]) -> None:
    import numpy as np

    def replace(target: Path, write) -> None:
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        with open(tmp, "wb") as handle:
            write(handle)
        os.replace(tmp, target)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, code, values in (("nextmove", "I", model.tk_nextmove), ("output", "q", model.tk_output),
                                   ("row", "H", model.tk_row)):
            target = folder / f"{name}.{code}"
            if not target.exists():
                replace(target, array.array(code, values).tofile)
        stem = f"weights-{'-'.join(langs)}"
        replace(folder / f"{stem}.by-class.f", np.ascontiguousarray(model.nb_ptc.T, dtype=np.float32).tofile)
        meta = {"classes": list(model.nb_classes), "pc": [float(x) for x in model.nb_pc]}
        replace(folder / f"{stem}.json", lambda h: h.write(json.dumps(meta).encode()))
    except OSError:
        pass  # no cache folder: the next run restricts the full model again


@cache
def py3langid_languages() -> frozenset[str]:
    """The languages py3langid knows, without loading its model when the
    list is already in the cache folder."""
    folder = _cache_folder()
    if folder is not None:
        listing = folder / "classes.json"
        try:
            return frozenset(json.loads(listing.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    try:
        classes = _py3langid_model().nb_classes
    except RuntimeError:
        return frozenset()
    if folder is not None:
        try:
            listing.parent.mkdir(parents=True, exist_ok=True)
            listing.write_text(json.dumps(sorted(classes)), encoding="utf-8")
        except OSError:
            pass
    return frozenset(classes)


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
            cached = self._cache[key] = Verdict(self.target, 1.0)
        if cached is None:
            self.calls[self.detector] += 1
            langs = candidates or tuple(self.langs)
            lang, prob = (self._py3langid if self.detector == "py3langid" else self._langdetect)(text, langs)
            if lang in self.close:
                lang = self.target
            cached = self._cache[key] = Verdict(lang, prob)
        return cached

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
