"""The token cache: where it lives, what its keys are made of, and the two stores — a
per-document SQLite table of cut sentences (JSON) and a few whole token tables (``.npz``
arrays of numbers and strings).

The cache holds data only: nothing in it is pickled, marshalled or otherwise able to run
code when read, and every entry is checked on the way in (a whole table against its
schema and the documents asked for; a document's tokens against its sentences), so that a
damaged or planted file is dropped and recomputed, never trusted. A changed rule never
serves stale tokens: every key includes the engine and its version, a hash of the code
that decides sentences and tokens (:data:`CODE_FILES`), the segmentation rules, the
dictionary fixes and the glossary. A cache folder that cannot be used (``$PLENUM_CACHE``
naming a file, an unwritable home) only costs speed: plenum warns once and caches nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .lexicon import dictionary_fixes, glossary, pattern_table
from ._text import python_strings

#: The modules whose rules decide sentences and tokens, hashed into every cache key.
CODE_FILES = ("_text.py", "cleaning.py", "units.py", "vocabulary.py", "segmenter.py", "tokens.py", "token_codes.py")


def _candidate() -> tuple[Path | None, str]:
    """The folder asked for, and where the request came from."""
    env = os.environ.get("PLENUM_CACHE", "").strip()
    if env:
        return Path(env).expanduser(), "PLENUM_CACHE"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):
        home = None
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA", "").strip()
        return (Path(base) if base else home / "AppData" / "Local" if home else None), "LOCALAPPDATA"
    if os.uname().sysname == "Darwin":
        return (home / "Library" / "Caches" if home else None), "the home folder"
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else home / ".cache" if home else None), "XDG_CACHE_HOME"


_WARNED: set[str] = set()


def cache_dir() -> Path | None:
    """Per-user cache folder for plenum, created when missing; None when no usable one exists.

    ``$PLENUM_CACHE``, else the platform's user cache: ``$XDG_CACHE_HOME/plenum``,
    ``~/Library/Caches/plenum``, ``%LOCALAPPDATA%\\plenum``. A folder that is not absolute,
    is a file, or cannot be created or written gives None and one warning naming
    ``PLENUM_CACHE``: the tokens are then computed every time, never written to the working
    directory or the corpus folder.

    Returns
    -------
    Path or None
        The folder.
    """
    base, source = _candidate()
    if base is None:
        return _unusable("no home folder to put it in")
    path = base if source == "PLENUM_CACHE" else base / "plenum"
    if not path.is_absolute():
        return _unusable(f"{source} gives a relative folder ({path})")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _unusable(f"{path} cannot be created ({exc.strerror or exc})")
    if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
        return _unusable(f"{path} is not a writable folder")
    return path


def _unusable(why: str) -> None:
    if why not in _WARNED:
        _WARNED.add(why)
        warnings.warn(f"plenum's token cache is off: {why}; set PLENUM_CACHE to a writable folder to cache tokens",
                      RuntimeWarning, stacklevel=3)
    return None


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
    for part in (f"segmenter-v3 jieba-{jieba_version()} rjieba-{engine_version('rjieba')}", code_version(), *dictionary_fixes()["word"], "|",
                 *rules["pattern"], *rules["class"], "|", *glossary()["term"], "|", *sorted(set(extra))):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


_GENERATION = [0]


def generation() -> int:
    """How many times :func:`clear_cache` ran in this process (what a process remembers of
    earlier calls is valid only within one generation)."""
    return _GENERATION[0]


def clear_cache() -> int:
    """Delete plenum's token cache (the per-document store and the cached tables).

    Tokens are recomputed on the next call. Without a usable cache folder, nothing to do.

    Returns
    -------
    int
        The number of bytes freed.
    """
    _GENERATION[0] += 1
    root = cache_dir()
    if root is None:
        return 0
    freed = 0
    for path in [root / "tokens.sqlite", *sorted((root / "frames").glob("*"))]:
        if path.is_file():
            freed += path.stat().st_size
            path.unlink(missing_ok=True)
    return freed


def text_key(signature: str, text: str) -> str:
    return signature[:24] + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


@functools.lru_cache(maxsize=1)
def knowledge_version() -> str:
    """A hash of every knowledge file in ``data/`` and of :data:`CODE_FILES`: 16 hex digits."""
    h = hashlib.sha256(code_version().encode("ascii"))
    for path in sorted(Path(__file__).with_name("data").rglob("*")):
        if path.is_file():
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def formulations_key(text: str) -> str:
    """The store's key for the formulations of one document text."""
    return text_key("formulations-" + knowledge_version(), text)


def _store():
    """The per-document token store: one SQLite file in the cache folder, each entry with the
    time it was last used (for evicting the least recently used)."""
    import sqlite3

    root = cache_dir()
    if root is None:
        raise OSError("no cache folder")
    con = sqlite3.connect(root / "tokens.sqlite", timeout=30)
    con.execute("CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, sentences TEXT, used REAL DEFAULT 0)")
    if "used" not in {row[1] for row in con.execute("PRAGMA table_info(tokens)")}:
        con.execute("ALTER TABLE tokens ADD COLUMN used REAL DEFAULT 0")  # a store of an earlier version
    return con


def cache_limit() -> int:
    """The most bytes the per-document store may hold: ``$PLENUM_CACHE_MB`` megabytes, else
    512 MB. Past it, the least recently used documents are evicted."""
    try:
        mb = float(os.environ.get("PLENUM_CACHE_MB", "") or 512)
    except ValueError:
        mb = 512.0
    return int(max(mb, 0) * 2**20)


def _lists_of_strings(value) -> bool:
    if not isinstance(value, list) or not all(type(p) is list for p in value):
        return False
    try:
        for p in value:
            "".join(p)  # a TypeError names anything that is not a string, at C speed
    except TypeError:
        return False
    return True



def read_entries(keys: list[str]) -> dict[str, bytes | str]:
    """The stored values of those ``keys`` the per-document store holds, as stored (text or
    bytes), each marked as just used; {} when the store cannot be read."""
    import sqlite3
    import time

    found = {}
    try:
        con = _store()
        try:
            rows = con.execute("SELECT max(rowid) FROM tokens").fetchone()[0] or 0
            if len(keys) >= 1000 and 4 * len(keys) >= rows:
                # most of the store is wanted: one pass in the order the file holds it, not a
                # look-up per key all over the file (several times faster from a cold disk)
                wanted = set(keys)
                found.update((k, v) for k, v in con.execute("SELECT key, sentences FROM tokens") if k in wanted)
            else:
                for i in range(0, len(keys), 500):
                    batch = keys[i:i + 500]
                    marks = ",".join("?" * len(batch))
                    found.update(con.execute(f"SELECT key, sentences FROM tokens WHERE key IN ({marks})", batch))
            if found:
                with con:
                    con.executemany("UPDATE tokens SET used = ? WHERE key = ?", [(time.time(), k) for k in found])
        finally:
            con.close()
    except (sqlite3.Error, OSError, ValueError):
        return {}
    return found


def write_entries(items: dict[str, bytes | str]) -> None:
    """Store each value (text or bytes) under its key; a cache folder that cannot be written
    only costs speed."""
    import sqlite3
    import time

    if not items:
        return
    try:
        con = _store()
        try:
            now = time.time()
            with con:
                con.executemany("INSERT OR REPLACE INTO tokens (key, sentences, used) VALUES (?, ?, ?)",
                                [(k, v, now) for k, v in items.items()])
            _evict(con)
        finally:
            con.close()
    except (sqlite3.Error, OSError):
        pass


def read_tokens(keys: list[str], *, check=None) -> dict[str, list]:
    """:func:`read_entries` of values stored as JSON, kept where ``check`` (by default: a
    list of lists of strings) accepts them."""
    found = {}
    for key, value in read_entries(keys).items():
        try:
            pieces = json.loads(value)
        except (TypeError, ValueError):
            continue
        if (check or _lists_of_strings)(pieces):
            found[key] = pieces
    return found


def write_tokens(items: dict[str, list]) -> None:
    """:func:`write_entries` of values stored as JSON."""
    write_entries({k: json.dumps(v, ensure_ascii=False) for k, v in items.items()})


_SEP = "\x1f"  # between the words of a packed entry (white space: never inside a token)


def pack_tokens(words: list[str], sizes, codes) -> bytes | None:
    """One document's tokens as bytes: its distinct ``words``, the number of tokens of each
    sentence (``sizes``) and each token as an index into ``words`` (``codes``). None when a
    word contains the separator (such a document is not stored)."""
    joined = _SEP.join(words)
    if joined.count(_SEP) != max(len(words) - 1, 0):  # a word holds the separator
        return None
    vocab = joined.encode("utf-8")
    kind = "<u2" if len(words) < 2 ** 16 else "<i4"
    head = np.array([len(vocab), len(sizes), len(codes), 2 if kind == "<u2" else 4], dtype="<i8")
    return (b"T1" + head.tobytes() + vocab + np.asarray(sizes, dtype="<i4").tobytes()
            + np.asarray(codes, dtype=kind).tobytes())


def unpack_tokens(value) -> tuple[list[str], np.ndarray, np.ndarray] | None:
    """``(words, sizes, codes)`` of :func:`pack_tokens`, or None unless ``value`` is such an
    entry whole and consistent (every code inside ``words``, the sizes summing to the codes)."""
    if not isinstance(value, bytes) or value[:2] != b"T1" or len(value) < 34:
        return None
    n_vocab, n_sizes, n_codes, width = (int(x) for x in np.frombuffer(value, dtype="<i8", count=4, offset=2))
    if width not in (2, 4) or min(n_vocab, n_sizes, n_codes) < 0 \
            or len(value) != 34 + n_vocab + 4 * n_sizes + width * n_codes:
        return None
    try:
        words = value[34:34 + n_vocab].decode("utf-8").split(_SEP) if n_vocab else []
    except UnicodeDecodeError:
        return None
    at = 34 + n_vocab
    sizes = np.frombuffer(value, dtype="<i4", count=n_sizes, offset=at).astype(np.int64)
    codes = np.frombuffer(value, dtype="<u2" if width == 2 else "<i4", count=n_codes, offset=at + 4 * n_sizes)
    codes = codes.astype(np.int64)
    if (len(sizes) and sizes.min() < 0) or sizes.sum() != n_codes \
            or (n_codes and (codes.min() < 0 or codes.max() >= len(words))):
        return None
    return words, sizes, codes


def pack_spans(spans) -> bytes:
    """Where each sentence of a document lies, ``(par_no, start, end)`` rows, as bytes."""
    return b"S1" + np.asarray(spans, dtype="<i4").reshape(-1, 3).tobytes()


def unpack_spans(value) -> np.ndarray | None:
    """The ``(n, 3)`` array of :func:`pack_spans`, or None unless ``value`` is one."""
    if not isinstance(value, bytes) or value[:2] != b"S1" or (len(value) - 2) % 12:
        return None
    return np.frombuffer(value, dtype="<i4", offset=2).reshape(-1, 3).astype(np.int64)


def _evict(con) -> None:
    """Delete the least recently used documents until the store holds at most 80% of
    :func:`cache_limit`, then give the space back."""
    limit = cache_limit()
    # the file's bytes bound the characters it holds: most writes need not sum every entry
    pages = con.execute("PRAGMA page_count").fetchone()[0] * con.execute("PRAGMA page_size").fetchone()[0]
    if pages <= limit:
        return
    size = con.execute("SELECT coalesce(sum(length(key) + length(sentences)), 0) FROM tokens").fetchone()[0]
    if size <= limit:
        return
    target, freed, doomed = 0.8 * limit, 0, []
    for key, length in con.execute("SELECT key, length(key) + length(sentences) FROM tokens ORDER BY used ASC"):
        if size - freed <= target:
            break
        doomed.append((key,))
        freed += length
    with con:
        con.executemany("DELETE FROM tokens WHERE key = ?", doomed)
    con.execute("VACUUM")


def cache_info() -> dict:
    """What the token cache holds.

    Returns
    -------
    dict
        ``folder`` (None when caching is off), ``documents`` (documents whose tokens the
        per-document store holds; it also keeps where their sentences lie and their
        formulations), ``tables`` (whole token tables kept), ``bytes`` (on disk), ``limit_bytes``
        (:func:`cache_limit`).
    """
    root = cache_dir()
    info = {"folder": root, "documents": 0, "tables": 0, "bytes": 0, "limit_bytes": cache_limit()}
    if root is None:
        return info
    store = root / "tokens.sqlite"
    if store.is_file():
        import sqlite3

        try:
            con = sqlite3.connect(store, timeout=30)
            try:
                info["documents"] = con.execute(
                    "SELECT count(*) FROM tokens WHERE key NOT LIKE 'sentences-%' AND key NOT LIKE 'formulations-%' "
                    "AND key NOT LIKE 'static-%'"
                ).fetchone()[0]
            finally:
                con.close()
        except sqlite3.Error:
            pass
        info["bytes"] += store.stat().st_size
    tables = list((root / "frames").glob("*.npz")) if (root / "frames").is_dir() else []
    info["tables"] = len(tables)
    info["bytes"] += sum(p.stat().st_size for p in tables)
    return info


_FRAMES_KEPT = 8  # whole token tables kept in the cache, most recent first


def frame_path(docs, keep, words, stop, engine: str) -> Path | None:
    """Where the whole token table of exactly these inputs is cached (None without a cache
    folder).

    The file name is a hash of every document's id, text and the columns the dictionary or
    output use, the added words, the stopwords, the knowledge files, the engine and its
    version and the segmenter's code.

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
    Path or None
        A ``.npz`` file in the ``frames`` folder of :func:`cache_dir`.
    """
    root = cache_dir()
    if root is None:
        return None
    h = hashlib.sha256()

    def feed(*parts):
        for part in parts:
            h.update(str(part).encode("utf-8"))
            h.update(b"\0")

    rules = pattern_table("token_rules")
    feed("frame-v2", jieba_version(), engine_version(engine), code_version(), engine, *keep, "|",
         *sorted(words or []), "|", *sorted(stop), "|", *dictionary_fixes()["word"], "|", *rules["pattern"], "|",
         *glossary()["term"])
    columns = [c for c in dict.fromkeys(["doc_id", "text", "text_simplified", "place", "prefecture", "province",
                                         "secretary", *keep])
               if c in docs.columns]
    for row in docs[columns].itertuples(index=False, name=None):
        feed(*row)
    return root / "frames" / f"{h.hexdigest()[:40]}.npz"


@functools.lru_cache(maxsize=4)
def engine_version(engine: str) -> str:
    """The installed version of a segmentation engine's package ("unknown" when it has none)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version({"rjieba": "rjieba"}.get(engine, "jieba"))
    except PackageNotFoundError:
        return "unknown"


_KINDS = {"category:str", "category:object", "int32", "int64", "bool"}


@python_strings
def read_frame(path: Path | None, *, columns: list[str], doc_ids) -> pd.DataFrame | None:
    """A cached token table, or None when there is none or it does not hold what a token
    table of these documents must: the ``columns`` in order, each of a known kind, codes
    within their categories, one length, and exactly the documents asked for. Read with
    ``allow_pickle=False``: nothing in the file can run."""
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["__meta__"]))
            if meta.get("columns") != list(columns):
                return None
            out, length = {}, None
            for name in columns:
                kind = meta["kinds"][name]
                if kind not in _KINDS:
                    return None
                if kind.startswith("category"):
                    codes = data[f"{name}.codes"]
                    categories = data[f"{meta['shared'].get(name, name)}.categories"]
                    if codes.dtype.kind != "i" or categories.dtype.kind != "U" or \
                            (len(codes) and (codes.min() < -1 or codes.max() >= len(categories))):
                        return None
                    index = pd.Index(categories.tolist(), dtype="object" if kind == "category:object" else None)
                    values = pd.Categorical.from_codes(codes, categories=index)
                else:
                    values = data[name]
                    if values.dtype != np.dtype(kind):
                        return None
                length = len(values) if length is None else length
                if len(values) != length:
                    return None
                out[name] = values
        frame = pd.DataFrame(out)
        if set(frame["doc_id"].astype(str).unique()) != {str(d) for d in doc_ids}:
            return None
        if "token" in frame and "token_simplified" in frame and meta["shared"].get("token_simplified") == "token":
            frame["token_simplified"] = pd.Categorical(frame["token_simplified"], dtype=frame["token"].dtype)
        os.utime(path)
        return frame
    except Exception:  # noqa: BLE001 - any damage (bad zip, bad arrays, bad JSON) means: recompute
        path.unlink(missing_ok=True)
        return None


def write_frame(path: Path | None, frame: pd.DataFrame) -> None:
    """Store a token table as arrays of numbers and strings (``.npz``), no objects."""
    if path is None:
        return
    arrays, kinds, shared = {}, {}, {}
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            arrays[f"{name}.codes"] = col.cat.codes.to_numpy()
            token = frame["token"] if "token" in frame.columns else None
            if name == "token_simplified" and token is not None and isinstance(token.dtype, pd.CategoricalDtype) \
                    and col.cat.categories.equals(token.cat.categories):
                shared[name] = "token"  # the two token forms share one dictionary of words
            else:
                arrays[f"{name}.categories"] = np.asarray([str(c) for c in col.cat.categories], dtype=str)
            kinds[name] = "category:" + ("object" if col.cat.categories.dtype == object else "str")
        else:
            kinds[name] = str(col.dtype)
            if kinds[name] not in _KINDS:
                return  # a column the format does not hold: leave the table uncached
            arrays[name] = col.to_numpy()
    arrays["__meta__"] = np.asarray(json.dumps({"columns": list(frame.columns), "kinds": kinds, "shared": shared}))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
        old = sorted(path.parent.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[_FRAMES_KEPT:]:
            stale.unlink(missing_ok=True)
        for legacy in path.parent.glob("*.pkl"):  # an earlier version's pickled tables: never read
            legacy.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder only costs speed
