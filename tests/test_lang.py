"""The detector: py3langid's restricted model, served without numpy from the
cache folder, decides exactly as py3langid itself does."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import NL, needs_corpus

from loclint import lang
from loclint.rules.wrong_language import RULE as WRONG_LANGUAGE
from loclint.speed import langid as speed_langid

WRONG_LANGUAGE_CANDIDATES = WRONG_LANGUAGE.options["candidate-languages"]

TEXTS = [
    "Deze pagina beschrijft hoe u doelgroepen in real time activeert en ervaringen personaliseert.",
    "This page describes how to activate audiences in real time and personalize experiences.",
    "Diese Seite beschreibt, wie Sie Zielgruppen in Echtzeit aktivieren.",
    "1234 5678",  # no features: py3langid's uniform answer
    "KLANTGEGEVENS IN REAL TIME",
]


@pytest.mark.slow
@needs_corpus()
def test_restricted_model_decides_as_py3langid(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lang._py3langid_model.cache_clear()
    speed_langid._automaton.cache_clear()
    try:
        texts = TEXTS + [p.read_text(encoding="utf-8")[:2000] for p in sorted(NL.rglob("*.md"))[:20]]
        # The languages of a Dutch page, and wrong-language's candidates.
        candidates = tuple(sorted(set(WRONG_LANGUAGE_CANDIDATES) & lang.py3langid_languages()))
        for langs in (("af", "en", "nl"), candidates):
            first = lang._py3langid_model(langs)  # restricts the full model, writes the cache folder
            lang._py3langid_model.cache_clear()
            restricted = lang._py3langid_model(langs)  # read back from it
            assert isinstance(first, speed_langid.RestrictedModel) and isinstance(restricted, speed_langid.RestrictedModel)
            full = lang._py3langid_model(None)
            full.set_languages(list(langs))
            for text in texts:
                mine, theirs = restricted.classify(text), full.classify(text)
                assert mine[0] == theirs[0] and mine[1] == pytest.approx(float(theirs[1]), abs=1e-4), text[:60]
    finally:
        lang._py3langid_model.cache_clear()
        speed_langid._automaton.cache_clear()


@pytest.mark.slow
def test_the_block_table_makes_every_move_of_py3langids_tokenizer():
    np = pytest.importorskip("numpy")
    full = lang._py3langid_model(None)
    moves, row_blocks, state_rows = speed_langid._blocks(
        np.array_split(np.asarray(full.tk_nextmove).reshape(-1, 256), 7), full.tk_row)
    per_row = 256 // speed_langid._BLOCK
    # For every state and byte: the block of its row that holds the byte, then the move in that block.
    rows = row_blocks.reshape(-1, per_row)[state_rows // per_row]
    byte = np.arange(256)
    made = moves[rows[:, byte // speed_langid._BLOCK] + byte % speed_langid._BLOCK]
    expected = np.asarray(full.tk_nextmove).reshape(-1, 256)[np.asarray(full.tk_row)]
    assert made.shape == (len(full.tk_row), 256) and (made == expected).all()
    assert moves.nbytes < np.asarray(full.tk_nextmove).nbytes / 4


@pytest.mark.parametrize("content", [b"not xz at all", b""])
def test_a_model_file_it_cannot_read_leaves_the_detector_to_py3langid(tmp_path, monkeypatch, content):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    model = tmp_path / "model.npz.xz"
    model.write_bytes(content)
    monkeypatch.setattr(speed_langid, "_model_file", lambda: model)
    speed_langid._model_name.cache_clear()
    try:
        assert speed_langid.restricted(("en", "nl")) is None
        assert speed_langid.known_languages() is None
        assert not list((tmp_path / "cache").rglob("weights*"))  # nothing half-written is left to be read
    finally:
        speed_langid._model_name.cache_clear()


def test_the_first_pass_scores_the_same_with_its_word_memory_full(monkeypatch):
    # A run's memory stays bounded: past its bound the scorer forgets its words.
    fresh = lang.ProfileScorer("nl", "en", ())
    expected = [fresh.margin(text) for text in TEXTS]
    monkeypatch.setattr(lang.ProfileScorer, "_KEPT", 3)
    bounded = lang.ProfileScorer("nl", "en", ())
    assert [bounded.margin(text) for text in TEXTS * 2] == expected * 2
    assert len(bounded._words) <= 3


def test_every_install_of_a_model_shares_one_cache_folder(tmp_path, monkeypatch):
    # Each virtual environment (each CI job's) installs its own copy of the
    # model file, with its own time: one ~65 MB folder for all of them.
    home = tmp_path / "cache" / "loclint"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    per_install = home / "py3langid-4586720-1796297931999880394"  # as loclint kept them before
    per_install.mkdir(parents=True)
    (per_install / "weights.json").write_text("{}")
    installs = []
    for i, name in enumerate(("venv-a", "venv-b")):
        model = tmp_path / name / "model.npz.xz"
        model.parent.mkdir()
        shutil.copyfile(speed_langid._model_file(), model)
        os.utime(model, ns=(10**18 + i, 10**18 + i))
        installs.append(model)
    try:
        speed_langid._model_name.cache_clear()
        monkeypatch.setattr(speed_langid, "_model_file", lambda: installs[0])
        assert speed_langid.restricted(("en", "nl")).classify(TEXTS[0])[0] == "nl"
        [folder] = [p for p in home.iterdir() if p.name != "py3langid-installs"]
        built = (folder / "weights.json").stat().st_mtime_ns
        (home / "py3langid-installs" / f"{installs[0].stat().st_size}-{10**18}").write_text("not a digest")
        for model in (installs[1], installs[0]):
            speed_langid._model_name.cache_clear()
            monkeypatch.setattr(speed_langid, "_model_file", lambda model=model: model)
            assert speed_langid.restricted(("en", "nl")).classify(TEXTS[1])[0] == "en"
        assert [p for p in home.iterdir() if p.name != "py3langid-installs"] == [folder]
        assert (folder / "weights.json").stat().st_mtime_ns == built  # read, not written again
        notes = sorted((home / "py3langid-installs").iterdir())
        assert [n.read_text() for n in notes] == [folder.name.removeprefix("py3langid-")] * 2
    finally:
        speed_langid._model_name.cache_clear()
        speed_langid._automaton.cache_clear()
