"""The token cache holds data only and trusts nothing it reads: planted, damaged and stale
entries give the same tokens as no cache at all, and an unusable cache folder only costs
speed."""

import json
import os
import sqlite3
import warnings

import numpy as np
import pandas as pd
import pytest

import plenum
from plenum import cache
from plenum.tokens import _Encoder, tokenize


@pytest.fixture
def docs(seed_docs):
    return seed_docs.head(3).reset_index(drop=True)


@pytest.fixture
def fresh(docs):
    return tokenize(docs, cache=False)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Planted:
    """Unpickling this would create a file: it must never be unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def the_frame(folder):
    frames = list((folder / "frames").glob("*.npz"))
    assert len(frames) == 1
    return frames[0]


def test_a_planted_object_in_a_cached_table_never_runs(docs, fresh, folder, tmp_path):
    tokenize(docs)
    marker = tmp_path / "ran"
    np.savez(the_frame(folder), __meta__=np.array([Planted(marker)], dtype=object))
    pd.testing.assert_frame_equal(tokenize(docs), fresh)
    assert not marker.exists()
    legacy = folder / "frames" / "old.pkl"
    import pickle

    legacy.write_bytes(pickle.dumps(Planted(marker)))
    tokenize(docs.head(2))                               # a new table is written: the legacy file goes
    assert not marker.exists() and not legacy.exists()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "schema", "codes"])
def test_a_damaged_table_is_dropped_and_recomputed(docs, fresh, folder, damage):
    tokenize(docs)
    path = the_frame(folder)
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "garbage":
        path.write_bytes(os.urandom(4096))
    else:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        meta = json.loads(str(arrays["__meta__"]))
        if damage == "schema":
            meta["columns"] = meta["columns"][::-1]
            arrays["__meta__"] = np.asarray(json.dumps(meta))
        else:
            arrays["token.codes"] = arrays["token.codes"].astype(np.int64) + 10**6
        np.savez(path, **arrays)
    pd.testing.assert_frame_equal(tokenize(docs), fresh)


def _moved_boundary(value: bytes) -> bytes:
    """A stored entry whose first sentence takes the second's first token: the same tokens in
    the same order, only the sentence they belong to is wrong."""
    words, sizes, codes = cache.unpack_tokens(value)
    sizes = sizes.copy()
    sizes[0] += 1
    sizes[1] -= 1
    return cache.pack_tokens(words, sizes, codes)


@pytest.mark.parametrize("damage", [
    lambda v: cache.pack_tokens(["错"], [1] * 50, [0] * 50),   # well formed, other tokens
    _moved_boundary,
    lambda v: v[:-3],                                           # truncated
    lambda v: v[:40] + b"\xff\xfe" + v[42:],                   # bytes changed in the words
    lambda v: v[:-2] + np.array([60000], dtype="<u2").tobytes(),  # a code past the words
    lambda v: json.dumps([["错"]] * 50, ensure_ascii=False),      # an entry of an earlier version
    lambda v: "{not json",
    lambda v: None,
], ids=["other tokens", "moved boundary", "truncated", "bad bytes", "bad code", "old json", "garbage", "null"])
def test_a_stale_or_damaged_document_entry_is_recomputed(docs, fresh, folder, damage):
    from conftest import stored_token_keys

    tokenize(docs)
    for frame in (folder / "frames").glob("*.npz"):
        frame.unlink()
    con = sqlite3.connect(folder / "tokens.sqlite")
    with con:
        for key in sorted(stored_token_keys(folder)):
            (value,) = con.execute("SELECT sentences FROM tokens WHERE key = ?", (key,)).fetchone()
            con.execute("UPDATE tokens SET sentences = ? WHERE key = ?", (damage(value), key))
    con.close()
    _Encoder.forget()  # as a new session would: what this one remembers is not read from the store
    pd.testing.assert_frame_equal(tokenize(docs), fresh)


def test_a_cache_path_that_is_a_file_costs_only_speed(docs, fresh, tmp_path, monkeypatch):
    target = tmp_path / "a file"
    target.write_text("not a folder")
    monkeypatch.setenv("PLENUM_CACHE", str(target))
    cache._WARNED.clear()
    with pytest.warns(RuntimeWarning, match="PLENUM_CACHE"):
        out = tokenize(docs)
    pd.testing.assert_frame_equal(out, fresh)
    assert plenum.clear_cache() == 0 and target.read_text() == "not a folder"


def test_empty_variables_never_put_the_cache_in_the_working_directory(docs, tmp_path, monkeypatch):
    monkeypatch.delenv("PLENUM_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "plenum"
    monkeypatch.setenv("PLENUM_CACHE", "relative/folder")
    cache._WARNED.clear()
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        assert cache.cache_dir() is None
    tokenize(docs)
    assert not any(work.iterdir())


def test_keys_change_with_the_engine_and_its_version(docs, folder):
    a = cache.frame_path(docs, ["place"], None, plenum.stopwords(), "rjieba")
    b = cache.frame_path(docs, ["place"], None, plenum.stopwords(), "jieba")
    assert a != b and a.suffix == ".npz"
    assert cache.engine_version("rjieba") != "" and cache.dictionary_signature([]) != ""


def test_the_store_keeps_to_its_size_limit_least_recently_used_first(seed_docs, tmp_path, monkeypatch):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path / "small"))
    monkeypatch.setenv("PLENUM_CACHE_MB", "0.03")              # about 31 kB: room for a couple of reports
    fresh = tokenize(seed_docs, cache=False)
    pd.testing.assert_frame_equal(tokenize(seed_docs), fresh)
    info = plenum.cache_info()
    assert 0 < info["documents"] < len(seed_docs)
    con = sqlite3.connect(tmp_path / "small" / "tokens.sqlite")
    stored = sum(len(k) + len(v) for k, v in con.execute("SELECT key, sentences FROM tokens"))
    con.close()
    assert stored <= info["limit_bytes"]
    for frame in (tmp_path / "small" / "frames").glob("*.npz"):
        frame.unlink()
    pd.testing.assert_frame_equal(tokenize(seed_docs), fresh)  # evicted documents are cut again


def test_cache_info_describes_the_folder(docs, folder):
    tokenize(docs)
    info = plenum.cache_info()
    assert info["folder"] == folder and info["documents"] == len(docs) and info["tables"] == 1
    assert info["bytes"] > 0 and info["limit_bytes"] == 512 * 2**20
    assert plenum.clear_cache() > 0 and plenum.cache_info()["documents"] == 0


def test_the_reference_engine_leaves_no_marshal_cache_in_plenums_folder(docs, folder):
    from plenum import segmenter as S

    S._base_tokenizer.cache_clear()
    out = tokenize(docs, engine="jieba")
    assert len(out) and folder.is_dir() and (folder / "tokens.sqlite").is_file()
    assert not [p for p in folder.rglob("*") if "jieba" in p.name]
    import tempfile
    from pathlib import Path

    assert not list(Path(tempfile.gettempdir()).glob("plenum-jieba-*"))   # its own folder is removed


def test_reading_most_of_the_store_at_once_returns_what_looking_each_up_returns(folder):
    """Past 1,000 keys that are most of the store, entries are read in one pass over the
    file instead of one look-up per key: the same entries either way, absent keys absent."""
    items = {f"k{i:05d}": (f"v{i}" if i % 2 else bytes([i % 256]) * (i % 7)) for i in range(1500)}
    cache.write_entries(items)
    wanted = [f"k{i:05d}" for i in range(0, 1500, 1)][:1200] + ["absent-1", "absent-2"]
    whole = cache.read_entries(wanted)
    assert whole == {k: items[k] for k in wanted if k in items}
    few = cache.read_entries(wanted[:5] + ["absent-1"])
    assert few == {k: items[k] for k in wanted[:5]}
