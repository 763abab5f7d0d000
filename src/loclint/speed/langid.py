"""py3langid restricted to the languages at stake, without numpy: its full
model takes seconds and ~100 MB to load, the weights of a few languages a
few MB. The weights are written once to the user's cache folder as raw
arrays (no pickle), read from py3langid's model file an array or a slice
at a time, with its 39 MB tokenizer table cut into 32-byte-wide blocks
held once each (6 MB). The same arithmetic as
py3langid's `classify` with norm_probs. Both are mapped, not read: a
process holds only the parts its text looks up."""

from __future__ import annotations

import array
import json
import math
import mmap
import operator
import os
import unicodedata
from collections import Counter
from functools import cache
from importlib.util import find_spec
from pathlib import Path


def restricted(langs: tuple[str, ...]):
    """The model for `langs` from the cache folder, written there first
    from py3langid's model file; None without a usable cache folder or a
    model file of the layout read here (the caller then restricts
    py3langid's own model)."""
    folder = _cache_folder()
    if folder is None:
        return None
    try:
        return RestrictedModel(folder, langs)
    except (OSError, ValueError, KeyError):
        pass
    try:
        _store(_model_file(), folder, langs)
        return RestrictedModel(folder, langs)
    except (OSError, ValueError, KeyError):
        return None


def known_languages() -> frozenset[str] | None:
    """The languages py3langid knows, kept in the cache folder so that a run
    need not open its model to ask; None when the model file cannot be read
    here."""
    folder = _cache_folder()
    listing = folder / "classes.json" if folder is not None else None
    if listing is not None:
        try:
            return frozenset(json.loads(listing.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    try:
        with _ModelArrays(_model_file()) as arrays:
            classes = frozenset(arrays.whole("classes").tolist())
    except (OSError, ValueError, KeyError):
        return None
    if listing is not None and classes:
        try:
            listing.parent.mkdir(parents=True, exist_ok=True)
            listing.write_text(json.dumps(sorted(classes)), encoding="utf-8")
        except OSError:
            pass
    return classes


def _cache_folder() -> Path | None:
    """~/.cache/loclint/py3langid-<model size>-<model mtime>/, or None."""
    name = _model_name()
    return None if name is None else _cache_base() / "loclint" / name


@cache
def _model_file() -> Path | None:
    # Located, not imported: importing py3langid imports numpy.
    spec = find_spec("py3langid")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "data" / "model.npz.xz"


@cache
def _model_name() -> str | None:
    # The model file's size and time name it (asking importlib.metadata for
    # the version costs a process 50 ms).
    model = _model_file()
    try:
        st = model.stat() if model is not None else None
    except OSError:
        return None
    return None if st is None else f"py3langid-{st.st_size}-{st.st_mtime_ns}"


def user_cache() -> Path:
    """~/.cache/loclint/: what loclint keeps for every run of this user."""
    return _cache_base() / "loclint"


def _cache_base() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"))


def _read_array(path: Path, code: str):
    values = array.array(code)
    with open(path, "rb") as handle:
        values.fromfile(handle, path.stat().st_size // values.itemsize)
    return values


# The tokenizer's next-move table, 256 moves a row, is stored as blocks of
# this many moves, each distinct block once: the rows of its 100,000 states
# share most of their blocks (the moves back to shorter n-grams).
_BLOCK = 32


@cache
def _automaton(folder: Path):
    """(distinct blocks of moves, each row's block offsets, output per
    state, each state's row offset). The blocks are mapped, not read: text
    in a few languages walks a part of them, and only that part takes
    memory."""
    with open(folder / f"moves-{_BLOCK}.I", "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return (memoryview(mapped).cast("I"), _read_array(folder / f"row-blocks-{_BLOCK}.I", "I"),
            _read_array(folder / "output.q", "q"), _read_array(folder / f"state-rows-{_BLOCK}.I", "I"))


def _blocks(row_chunks, rows):
    """py3langid's next-move table (rows of 256 moves, given as arrays of
    whole rows) and its state -> row as: the distinct blocks of _BLOCK
    moves, where each row's blocks start (256 // _BLOCK a row, offsets into
    the blocks), and where each state's row starts (an offset into those).
    The table is read a chunk at a time: whole, it takes 40 MB and sorting
    it for distinct blocks three times that."""
    import numpy as np

    distinct: dict[bytes, int] = {}
    which = []
    for chunk in row_chunks:
        table = np.ascontiguousarray(chunk, dtype=np.uint32).reshape(-1, _BLOCK)
        which.append(np.fromiter((distinct.setdefault(block.tobytes(), len(distinct)) for block in table),
                                 dtype=np.uint32, count=len(table)))
    moves = np.frombuffer(b"".join(distinct), dtype=np.uint32)
    per_row = 256 // _BLOCK
    return (moves, (np.concatenate(which) * _BLOCK).astype(np.uint32),
            (np.asarray(rows, dtype=np.uint32) * per_row).astype(np.uint32))


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
        with open(path, "rb") as handle:
            weights = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)).cast("f")
        self.columns = [weights[c * features:(c + 1) * features] for c in range(k)]  # one a class
        self.moves, self.row_blocks, self.output, self.state_rows = _automaton(folder)

    def _features(self, data: bytes) -> Counter:
        """{feature: count} of the byte n-grams the automaton recognises (py3langid's visit_counts)."""
        moves, row_blocks, state_rows, output = self.moves, self.row_blocks, self.state_rows, self.output
        shift, mask = _BLOCK.bit_length() - 1, _BLOCK - 1
        state, found = 0, []
        for byte in data:
            state = moves[row_blocks[state_rows[state] + (byte >> shift)] + (byte & mask)]
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


class _ModelArrays:
    """The arrays of py3langid's model file (an .npz inside xz, as its
    modelio writes it), decompressed to a temporary file and read one
    array, or a slice of rows, at a time: loading the model whole takes
    100 MB more than a run needs at its peak."""

    def __init__(self, model_file: Path | None):
        if model_file is None:
            raise OSError("py3langid is not installed")
        import lzma
        import shutil
        import tempfile
        import zipfile

        self._file = tempfile.TemporaryFile(suffix=".npz")
        try:
            with lzma.open(model_file) as compressed:
                shutil.copyfileobj(compressed, self._file, length=1 << 20)
            self._file.seek(0)
            self._zip = zipfile.ZipFile(self._file)
        except (lzma.LZMAError, zipfile.BadZipFile, EOFError) as error:
            self._file.close()
            raise ValueError(f"{model_file}: {error}") from None
        except BaseException:
            self._file.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self._zip.close()
        self._file.close()

    def whole(self, name: str):
        import numpy as np

        with self._zip.open(f"{name}.npy") as member:
            return np.lib.format.read_array(member, allow_pickle=False)

    def rows(self, name: str, per_chunk: int):
        """(shape, chunks of `per_chunk` rows) of a C-ordered array."""
        import numpy as np

        member = self._zip.open(f"{name}.npy")
        version = np.lib.format.read_magic(member)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran_order, dtype = read_header(member)
        if fortran_order or dtype.hasobject or not shape:
            member.close()
            raise ValueError(f"{name}: not an array of rows")
        row = int(np.prod(shape[1:], dtype=np.int64))

        def chunks():
            with member:
                left = shape[0]
                while left:
                    n = min(per_chunk, left)
                    data = member.read(n * row * dtype.itemsize)
                    if len(data) != n * row * dtype.itemsize:
                        raise ValueError(f"{name}: truncated")
                    yield np.frombuffer(data, dtype=dtype).reshape(n, *shape[1:])
                    left -= n

        return shape, chunks()


def _store(model_file: Path | None, folder: Path, langs: tuple[str, ...]) -> None:
    """Write the tokenizer's tables (once a model) and the weights of
    `langs` into the cache folder, from py3langid's model file."""
    import numpy as np  # py3langid's own dependency

    def replace(target: Path, write) -> None:
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        with open(tmp, "wb") as handle:
            write(handle)
        os.replace(tmp, target)

    folder.mkdir(parents=True, exist_ok=True)
    with _ModelArrays(model_file) as arrays:
        tables = [folder / f"{name}-{_BLOCK}.I" for name in ("moves", "row-blocks", "state-rows")]
        if not all(t.exists() for t in tables):
            shape, chunks = arrays.rows("nextmove", 1 << 18)
            if len(shape) != 1 or shape[0] % 256:
                raise ValueError("nextmove: not rows of 256 moves")
            for target, values in zip(tables, _blocks(chunks, arrays.whole("nextmove_row"))):
                replace(target, values.tofile)
        if not (folder / "output.q").exists():
            replace(folder / "output.q", np.asarray(arrays.whole("out_feat"), dtype=np.int64).tofile)
        for old in ("nextmove.I", "row.H"):  # the whole table, as loclint kept it until December 2026
            (folder / old).unlink(missing_ok=True)
        classes = arrays.whole("classes").tolist()
        wanted = set(langs)
        if not wanted <= set(classes):
            raise ValueError(f"unknown languages: {sorted(wanted - set(classes))}")
        picked = [i for i, c in enumerate(classes) if c in wanted]  # in the model's order, as set_languages
        shape, chunks = arrays.rows("ptc", 1 << 13)  # features x classes
        if len(shape) != 2 or shape[1] != len(classes):
            raise ValueError("ptc: not features x classes")
        by_class = np.concatenate([chunk[:, picked] for chunk in chunks]).T
        stem = f"weights-{'-'.join(langs)}"
        replace(folder / f"{stem}.by-class.f", np.ascontiguousarray(by_class, dtype=np.float32).tofile)
        meta = {"classes": [classes[i] for i in picked], "pc": [float(x) for x in arrays.whole("pc")[picked]]}
        replace(folder / f"{stem}.json", lambda h: h.write(json.dumps(meta).encode()))
