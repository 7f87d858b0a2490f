"""The token cache: where it lives, what its keys are made of, and the two stores — a
per-document SQLite table of cut sentences and a few whole token tables.

A changed rule never serves stale tokens: every key includes jieba's version, a hash of
the code that decides sentences and tokens (:data:`CODE_FILES`), the dictionary fixes and
the glossary. A cache folder that cannot be written only costs speed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
from pathlib import Path

import pandas as pd

from .lexicon import dictionary_fixes, glossary, pattern_table

#: The modules whose rules decide sentences and tokens, hashed into every cache key.
CODE_FILES = ("_text.py", "cleaning.py", "units.py", "vocabulary.py", "tokens.py")


def cache_dir() -> Path:
    """Per-user cache folder for plenum, created when missing.

    ``$PLENUM_CACHE``, else the platform's user cache: ``$XDG_CACHE_HOME/plenum``,
    ``~/Library/Caches/plenum``, ``%LOCALAPPDATA%``.

    Returns
    -------
    Path
        The folder.
    """
    if os.environ.get("PLENUM_CACHE"):
        path = Path(os.environ["PLENUM_CACHE"])
    elif os.name == "nt":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "plenum"
    elif os.uname().sysname == "Darwin":
        path = Path.home() / "Library" / "Caches" / "plenum"
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "plenum"
    path.mkdir(parents=True, exist_ok=True)
    return path


@functools.lru_cache(maxsize=1)
def jieba_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jieba")
    except PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code that decides sentences and tokens (:data:`CODE_FILES`).

    So that a changed rule never serves stale cached tokens.

    Returns
    -------
    str
        16 hexadecimal digits.
    """
    h = hashlib.sha256()
    for name in CODE_FILES:
        path = Path(__file__).with_name(name)
        h.update(path.read_bytes() if path.exists() else name.encode())
    return h.hexdigest()[:16]


def dictionary_signature(extra) -> str:
    """A hash of everything that decides segmentation.

    jieba's dictionary version, the dictionary fixes and segmentation rules
    (``data/token_rules.csv``), the glossary, the added words, and this module's rules.

    Parameters
    ----------
    extra : iterable of str
        The words added to the dictionary.

    Returns
    -------
    str
        A SHA-256 hex digest.
    """
    h = hashlib.sha256()
    rules = pattern_table("token_rules")
    for part in (f"segmenter-v2 jieba-{jieba_version()}", code_version(), *dictionary_fixes()["word"], "|",
                 *rules["pattern"], *rules["class"], "|", *glossary()["term"], "|", *sorted(set(extra))):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def clear_cache() -> int:
    """Delete plenum's token cache (the per-document store and the cached tables).

    Tokens are recomputed on the next call.

    Returns
    -------
    int
        The number of bytes freed.
    """
    root = cache_dir()
    freed = 0
    for path in [root / "tokens.sqlite", *sorted((root / "frames").glob("*"))]:
        if path.is_file():
            freed += path.stat().st_size
            path.unlink(missing_ok=True)
    return freed


def text_key(signature: str, text: str) -> str:
    return signature[:24] + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _store():
    """The per-document token store: one SQLite file in the cache folder."""
    import sqlite3

    con = sqlite3.connect(cache_dir() / "tokens.sqlite", timeout=30)
    con.execute("CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, sentences TEXT)")
    return con


def read_tokens(keys: list[str]) -> dict[str, list]:
    import sqlite3

    found = {}
    try:
        con = _store()
        try:
            for i in range(0, len(keys), 500):
                batch = keys[i:i + 500]
                marks = ",".join("?" * len(batch))
                for key, value in con.execute(f"SELECT key, sentences FROM tokens WHERE key IN ({marks})", batch):
                    found[key] = json.loads(value)
        finally:
            con.close()
    except (sqlite3.Error, OSError, ValueError):
        return {}
    return found


def write_tokens(items: dict[str, list]) -> None:
    import sqlite3

    if not items:
        return
    try:
        con = _store()
        try:
            with con:
                con.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?)",
                                [(k, json.dumps(v, ensure_ascii=False)) for k, v in items.items()])
        finally:
            con.close()
    except (sqlite3.Error, OSError):
        pass  # a read-only cache folder only costs speed


_FRAMES_KEPT = 8  # whole token tables kept in the cache, most recent first


def frame_path(docs, keep, words, stop, engine: str) -> Path:
    """Where the whole token table of exactly these inputs is cached.

    The file name is a hash of every document's id, text and the columns the dictionary or
    output use, the added words, the stopwords, the knowledge files and the segmenter's
    version.

    Parameters
    ----------
    docs : DataFrame
        The documents table being tokenized.
    keep : sequence of str
        The document columns carried onto the tokens.
    words : iterable of str or None
        The added words.
    stop : iterable of str
        The stopwords.
    engine : str
        The segmenter's name.

    Returns
    -------
    Path
        A ``.pkl`` file in the ``frames`` folder of :func:`cache_dir`.
    """
    h = hashlib.sha256()

    def feed(*parts):
        for part in parts:
            h.update(str(part).encode("utf-8"))
            h.update(b"\0")

    feed("frame-v1", jieba_version(), code_version(), engine, *keep, "|", *sorted(words or []), "|",
         *sorted(stop), "|", *dictionary_fixes()["word"], "|", *glossary()["term"])
    columns = [c for c in dict.fromkeys(["doc_id", "text", "text_simplified", "place", "prefecture", "secretary",
                                         *keep])
               if c in docs.columns]
    for row in docs[columns].itertuples(index=False, name=None):
        feed(*row)
    return cache_dir() / "frames" / f"{h.hexdigest()[:40]}.pkl"


def read_frame(path: Path):
    try:
        with path.open("rb") as fh:
            frame = pickle.load(fh)
        os.utime(path)
        return frame
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def write_frame(path: Path, frame: pd.DataFrame) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(frame, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        old = sorted(path.parent.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_FRAMES_KEPT:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder only costs speed
