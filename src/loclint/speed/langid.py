"""py3langid restricted to the languages at stake, without numpy: its full
model takes seconds and ~100 MB to load, the weights of a few languages a
few MB. Once per model, its model file is read an array or a slice at a
time into the user's cache folder as raw arrays (no pickle): every class's
weights, and its 39 MB tokenizer table cut into 32-byte-wide blocks held
once each (6 MB). The same arithmetic as py3langid's `classify` with
norm_probs. Both are mapped, not read: a process holds only the parts its
languages and its text look up."""

from __future__ import annotations

import array
import hashlib
import json
import math
import mmap
import operator
import os
import re
import shutil
import unicodedata
from collections import Counter
from functools import cache
from importlib.util import find_spec
from pathlib import Path


def restricted(langs: tuple[str, ...]):
    """The model for `langs`, read from the cache folder; None without a
    usable cache folder or a model file of the layout read here (the
    caller then restricts py3langid's own model)."""
    folder = _cache_folder()
    try:
        return RestrictedModel(folder, _weights_meta(folder), langs) if folder is not None else None
    except (OSError, ValueError, KeyError):
        return None


def known_languages() -> frozenset[str] | None:
    """The languages py3langid knows, read from the cache folder so that a
    run need not open its model to ask; None when it cannot be read."""
    folder = _cache_folder()
    try:
        return frozenset(_weights_meta(folder)["classes"]) if folder is not None else None
    except (OSError, ValueError, KeyError):
        return None


def _weights_meta(folder: Path) -> dict:
    """{"classes": [...], "pc": [...]} of the model in the cache folder,
    which is filled from py3langid's model file first when empty."""
    meta = folder / _META
    if not meta.exists():
        _store(_model_file(), folder)
    return json.loads(meta.read_text(encoding="utf-8"))


def _cache_folder() -> Path | None:
    """~/.cache/loclint/py3langid-<digest of the model file>/, or None."""
    name = _model_name()
    return None if name is None else user_cache() / name


@cache
def _model_file() -> Path | None:
    # Located, not imported: importing py3langid imports numpy.
    spec = find_spec("py3langid")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "data" / "model.npz.xz"


@cache
def _model_name() -> str | None:
    """The cache folder's name, by the model file's content: every install
    of a py3langid release (each virtual environment, each CI job's) shares
    one folder of ~65 MB, where a folder per install filled the disk. The
    digest (9 ms) is noted once per install, by the model file's size and
    time (asking importlib.metadata for the version costs 50 ms)."""
    model = _model_file()
    try:
        st = model.stat() if model is not None else None
    except OSError:
        return None
    if st is None:
        return None
    note = user_cache() / _INSTALLS / f"{st.st_size}-{st.st_mtime_ns}"
    try:
        digest = note.read_text(encoding="ascii")
    except (OSError, ValueError):
        digest = ""
    if not _DIGEST.fullmatch(digest):
        try:
            digest = hashlib.sha256(model.read_bytes()).hexdigest()[:32]
        except OSError:
            return None
        _note_install(note, digest)
    return f"py3langid-{digest}"


_INSTALLS = "py3langid-installs"
_DIGEST = re.compile(r"[0-9a-f]{32}")
# A folder per install, as loclint kept them until December 2026.
_FOLDER_PER_INSTALL = re.compile(r"py3langid-[0-9]+-[0-9]+")


def _note_install(note: Path, digest: str) -> None:
    """Note an install's digest, and remove the folders kept per install (a
    loclint of that time still in use rebuilds its own)."""
    try:
        note.parent.mkdir(parents=True, exist_ok=True)
        tmp = note.with_name(f".{note.name}.{os.getpid()}")
        tmp.write_text(digest, encoding="ascii")
        os.replace(tmp, note)
    except OSError:
        return  # worked out again next time
    for old in user_cache().iterdir():
        if _FOLDER_PER_INSTALL.fullmatch(old.name) and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)


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

    def __init__(self, folder: Path, meta: dict, langs: tuple[str, ...]):
        wanted = set(langs)
        if not wanted <= set(meta["classes"]):
            raise ValueError(f"unknown languages: {sorted(wanted - set(meta['classes']))}")
        picked = [i for i, c in enumerate(meta["classes"]) if c in wanted]  # in the model's order, as set_languages
        self.classes: list[str] = [meta["classes"][i] for i in picked]
        self.prior: list[float] = [meta["pc"][i] for i in picked]
        path = folder / _WEIGHTS
        k = len(meta["classes"])
        features = path.stat().st_size // 4 // k if k else 0
        if not features or path.stat().st_size != 4 * k * features:
            raise ValueError("weights do not match the classes")
        with open(path, "rb") as handle:
            weights = memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)).cast("f")
        self.columns = [weights[c * features:(c + 1) * features] for c in picked]  # one a class
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


# Every class's weights, classes x features as float32 (57 MB; mapped, so
# a process holds only its languages' columns), and their names and priors:
# written last, it says the folder is complete.
_WEIGHTS = "weights.by-class.f"
_META = "weights.json"


def _store(model_file: Path | None, folder: Path) -> None:
    """Fill the cache folder from py3langid's model file, decompressed once:
    the tokenizer's tables, then the weights of every class."""
    import numpy as np  # py3langid's own dependency

    def replace(target: Path, write) -> None:
        tmp = target.with_name(f".{target.name}.{os.getpid()}")
        with open(tmp, "wb") as handle:
            write(handle)
        os.replace(tmp, target)

    folder.mkdir(parents=True, exist_ok=True)
    with _ModelArrays(model_file) as arrays:
        shape, chunks = arrays.rows("nextmove", 1 << 18)
        if len(shape) != 1 or shape[0] % 256:
            raise ValueError("nextmove: not rows of 256 moves")
        tables = [folder / f"{name}-{_BLOCK}.I" for name in ("moves", "row-blocks", "state-rows")]
        for target, values in zip(tables, _blocks(chunks, arrays.whole("nextmove_row"))):
            replace(target, values.tofile)
        replace(folder / "output.q", np.asarray(arrays.whole("out_feat"), dtype=np.int64).tofile)
        classes = arrays.whole("classes").tolist()
        shape, chunks = arrays.rows("ptc", 1 << 13)  # features x classes
        if len(shape) != 2 or shape[1] != len(classes):
            raise ValueError("ptc: not features x classes")

        def by_class(handle) -> None:
            # Turned a slice of features at a time: whole, the table takes 57 MB.
            handle.truncate(4 * shape[0] * shape[1])
            first = 0
            for chunk in chunks:
                for c in range(shape[1]):
                    os.pwrite(handle.fileno(), chunk[:, c].astype(np.float32).tobytes(), 4 * (c * shape[0] + first))
                first += len(chunk)

        replace(folder / _WEIGHTS, by_class)
        meta = {"classes": classes, "pc": [float(x) for x in arrays.whole("pc")]}
        replace(folder / _META, lambda h: h.write(json.dumps(meta).encode()))
