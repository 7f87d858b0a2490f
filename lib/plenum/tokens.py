"""Tokens: one row per word, with political terms kept whole.

Segmentation is jieba's accurate mode on a dedicated ``jieba.Tokenizer`` (a user's own
use of jieba is untouched), loaded once per process on first use, with its cache file in
a per-user cache folder. Decisions, each made deliberately:

- **HMM off.** jieba's HMM guesses new words from character statistics for runs of
  characters its dictionary cannot place; on these reports it glues verbs to their
  objects and splits names unpredictably. With it off, unknown words fall back to single
  characters, and the words a report needs are added to the dictionary instead (below).
  This is also what makes the output reproducible across jieba implementations.
  (路子走, often blamed on the HMM, is in fact an entry of jieba's own dictionary; such
  fragments are removed through ``data/dictionary_fixes.csv``.)
- **Frequencies tuned, not guessed.** A user-dictionary frequency *replaces* jieba's own,
  so a low one loses to a split. Every added word gets the frequency that jieba itself
  computes is needed to keep it whole (``suggest_freq(word, tune=True)``), shorter words
  first so that a longer term that contains them is tuned last and wins.
- **Characters jieba splits on first.** jieba cuts text at characters such as ·, / and
  spaces before it looks words up, so terms containing them are matched before jieba
  sees the text.
- **No part-of-speech tags.** jieba's ``posseg`` is several times slower and its tags for
  political compounds (两个维护 as m+v) are unreliable; measures here need none.

Words added on top of jieba's dictionary: the glossary (``data/terms.csv``) always; per
corpus, the places and secretaries ``read_reports`` found, the short phrases the reports
put in “quotes” (2–10 characters), and the numbered formulations the targets module finds.
They are added only for the duration of one ``tokenize`` call.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import re
import threading
from pathlib import Path

import numpy as np
import pandas as pd

from .cleaning import CJK
from .lexicon import glossary, stopwords
from .places import short_name
from .units import sentences

TOKEN_COLUMNS = ["doc_id", "place", "par_no", "sent_no", "token_no", "token", "is_stop"]

_LOCK = threading.Lock()
_JIEBA_TEXT = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")
_QUOTED = re.compile(r"[“\"‘「『]([^“”\"‘’「」『』\n]{2,10})[”\"’」』]")
_HAS_CJK = re.compile(f"[{CJK}]")


def cache_dir() -> Path:
    """Per-user cache folder for plenum (``$PLENUM_CACHE``, else the platform's user
    cache: ``$XDG_CACHE_HOME/plenum``, ``~/Library/Caches/plenum``, ``%LOCALAPPDATA%``)."""
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
def _base_tokenizer():
    """jieba's dictionary plus the glossary, built once per process."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(cache_dir())
    tok.initialize()
    for word in dictionary_fixes()["word"]:
        tok.del_word(word)
    _tune(tok, glossary()["term"].tolist())
    return tok


def dictionary_fixes() -> pd.DataFrame:
    """Entries of jieba's built-in dictionary to remove (``data/dictionary_fixes.csv``):
    columns ``word, action, note``."""
    from importlib import resources

    from .lexicon import read_data_csv

    table = read_data_csv(resources.files("plenum").joinpath("data/dictionary_fixes.csv"),
                          ["word", "action", "note"])
    return table[table["action"] == "remove"].reset_index(drop=True)


def _tune_order(words) -> list[str]:
    """Words to add, each once, shorter first (ties in code-point order)."""
    return sorted({w for w in words if isinstance(w, str) and len(w) >= 2}, key=lambda w: (len(w), w))


def _tune(tok, words) -> None:
    for word in _tune_order(words):
        tok.suggest_freq(word, tune=True)


@contextlib.contextmanager
def _added(tok, words):
    """Add words for the duration of the block, then restore the dictionary exactly."""
    words = _tune_order(words)
    saved = {w: tok.FREQ.get(w) for w in words}
    prefixes = {w[:i] for w in words for i in range(1, len(w) + 1)}
    saved_prefixes = {p: tok.FREQ.get(p) for p in prefixes}
    total = tok.total
    try:
        _tune(tok, words)
        yield tok
    finally:
        for key, value in {**saved_prefixes, **saved}.items():
            if value is None:
                tok.FREQ.pop(key, None)
            else:
                tok.FREQ[key] = value
        tok.total = total


def quoted_phrases(texts) -> list[str]:
    """Short phrases (2–10 characters, with a Chinese character) that the texts put in
    quotes: local slogans such as 三高一争, 五大行动, 两湖, 桥头堡."""
    found = set()
    for text in texts:
        if isinstance(text, str):
            for m in _QUOTED.finditer(text):
                phrase = m.group(1).strip()
                if _HAS_CJK.search(phrase) and not re.search(r"[，。；：、！？\s]", phrase):
                    found.add(phrase)
    return sorted(found)


def place_names(docs: pd.DataFrame) -> list[str]:
    """The corpus's own places and prefectures, full and short names (金坛区, 金坛, 常州市,
    常州): the words to drop when a place's own name would trivially top its keyness."""
    names = set()
    for col in ("place", "prefecture"):
        if col in docs:
            for name in docs[col].dropna().unique():
                names.add(name)
                if short_name(name):
                    names.add(short_name(name))
    return sorted(names)


def corpus_words(docs: pd.DataFrame) -> list[str]:
    """The per-corpus additions to the dictionary: places (full and short names),
    secretaries, quoted phrases, and numbered formulations."""
    words = set(place_names(docs))
    if "secretary" in docs:
        words.update(docs["secretary"].dropna().unique())
    words.update(quoted_phrases(docs["text"]))
    try:
        from .commitments import formulation_terms
    except ImportError:
        formulation_terms = None
    if formulation_terms is not None:
        words.update(formulation_terms(docs))
    return sorted(w for w in words if isinstance(w, str) and len(w) >= 2)


def _special_terms(words) -> re.Pattern | None:
    """Terms containing characters jieba splits on before its dictionary look-up."""
    special = sorted({w for w in words if not all(_JIEBA_TEXT.match(c) for c in w)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, special))) if special else None


def _cut_with(cut, text: str, special: re.Pattern | None) -> list[str]:
    if special is None:
        return cut(text)
    out, pos = [], 0
    for m in special.finditer(text):
        out += cut(text[pos:m.start()])
        out.append(m.group(0))
        pos = m.end()
    out += cut(text[pos:])
    return out


ENGINES = ("auto", "rjieba", "jieba")


def engine_name(engine: str = "auto") -> str:
    """The segmentation engine ``engine`` resolves to: ``"rjieba"`` (jieba-rs, the fast
    one, when installed) or ``"jieba"`` (the reference)."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if engine == "auto":
        try:
            import rjieba  # noqa: F401
        except ImportError:
            return "jieba"
        return "rjieba"
    return engine


@contextlib.contextmanager
def _segmenter(engine: str, extra: list[str]):
    """A function text → tokens for the duration of the block, with the glossary and
    ``extra`` words added in the same order and the same way for both engines."""
    if engine == "jieba":
        with _LOCK:
            tok = _base_tokenizer()
            with _added(tok, extra):
                yield lambda text: tok.lcut(text, HMM=False)
        return
    import rjieba

    seg = rjieba.Jieba()
    for word in dictionary_fixes()["word"]:
        seg.add_word(word, 0, None)
    for words in (glossary()["term"].tolist(), extra):
        for word in _tune_order(words):
            seg.add_word(word, seg.suggest_freq(word), None)
    yield lambda text: seg.cut(text, hmm=False)


@functools.lru_cache(maxsize=1)
def _jieba_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jieba")
    except PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the code that decides sentences and tokens, so that a changed rule
    never serves stale cached tokens."""
    h = hashlib.sha256()
    for name in ("units.py", "tokens.py", "commitments.py", "cleaning.py"):
        path = Path(__file__).with_name(name)
        h.update(path.read_bytes() if path.exists() else name.encode())
    return h.hexdigest()[:16]


def dictionary_signature(extra) -> str:
    """A hash of everything that decides segmentation: jieba's dictionary version, the
    dictionary fixes, the glossary, the added words, and this module's rules."""
    h = hashlib.sha256()
    for part in (f"segmenter-v1 jieba-{_jieba_version()}", _code_version(), *dictionary_fixes()["word"], "|",
                 *glossary()["term"], "|", *sorted(set(extra))):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def clear_cache() -> int:
    """Delete plenum's token cache (the per-document store and the cached tables);
    returns the number of bytes freed. Tokens are recomputed on the next call."""
    root = cache_dir()
    freed = 0
    for path in [root / "tokens.sqlite", *sorted((root / "frames").glob("*"))]:
        if path.is_file():
            freed += path.stat().st_size
            path.unlink(missing_ok=True)
    return freed


def _text_key(signature: str, text: str) -> str:
    return signature[:24] + ":" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def _store():
    """The per-document token store: one SQLite file in the cache folder."""
    import sqlite3

    con = sqlite3.connect(cache_dir() / "tokens.sqlite", timeout=30)
    con.execute("CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, sentences TEXT)")
    return con


def _read_cache(keys: list[str]) -> dict[str, list]:
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


def _write_cache(items: dict[str, list]) -> None:
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


def tokenize(docs: pd.DataFrame, keep=("place",), words=None, stop=None, engine: str = "auto",
             cache: bool = True) -> pd.DataFrame:
    """One row per token of each document's sentences.

    Columns: ``doc_id, place, par_no, sent_no, token_no`` (1-based through the
    document), ``token``, ``is_stop`` (in the stopword list), plus any other document
    column named in ``keep`` (so ``by="province"`` works on tokens directly). White space
    is dropped; punctuation, digits and single characters are kept as tokens and
    filtered by the measures. ``words`` adds terms of your own to the dictionary for this
    call; ``stop`` replaces the stopword set.

    ``engine``: "rjieba" (jieba-rs: the same tokens, many times faster), "jieba" (the
    reference) or "auto" (rjieba when installed). ``cache``: return the cached table when
    exactly these inputs were tokenized before, else reuse each document's tokens from
    the per-user cache folder when its text and the whole dictionary
    (:func:`dictionary_signature`) are unchanged, and cut only the rest. Repeating values are stored as
    categories and small integers: about 20 bytes per token.
    """
    keep = [c for c in dict.fromkeys(["place", *keep]) if c in docs.columns]
    stop = stopwords() if stop is None else frozenset(stop)
    frame_path = _frame_cache_path(docs, keep, words, stop, engine) if cache else None
    if frame_path is not None:
        hit = _read_frame(frame_path)
        if hit is not None:
            return hit
    sents = sentences(docs)
    extra = corpus_words(docs) + list(words or [])
    special = _special_terms(glossary()["term"].tolist() + extra)
    signature = dictionary_signature(extra) if cache else ""

    texts = dict(zip(docs["doc_id"].astype("string"), docs["text"]))
    by_doc = {doc_id: group for doc_id, group in sents.groupby("doc_id", sort=False)}
    cut_docs: dict[str, list[list[str]]] = {}
    keys = {doc_id: _text_key(signature, texts[doc_id]) for doc_id in by_doc} if cache else {}
    stored = _read_cache(list(keys.values())) if cache else {}
    todo = []
    for doc_id, group in by_doc.items():
        hit = stored.get(keys.get(doc_id))
        if hit is not None and len(hit) == len(group):
            cut_docs[doc_id] = hit
        else:
            todo.append(doc_id)
    if todo:
        with _segmenter(engine_name(engine), extra) as cut:
            for doc_id in todo:
                pieces = [_cut_with(cut, text, special) if not _SPACE.search(text) else
                          [t for t in _cut_with(cut, text, special) if t and not t.isspace()]
                          for text in by_doc[doc_id]["text"]]
                cut_docs[doc_id] = pieces
        if cache:
            _write_cache({keys[d]: cut_docs[d] for d in todo})

    doc_col, par_col, sent_col, tok_col = [], [], [], []
    for doc_id, group in by_doc.items():
        for par_no, sent_no, pieces in zip(group["par_no"], group["sent_no"], cut_docs[doc_id]):
            doc_col += [doc_id] * len(pieces)
            par_col += [par_no] * len(pieces)
            sent_col += [sent_no] * len(pieces)
            tok_col += pieces
    out = pd.DataFrame({
        "doc_id": pd.Categorical(doc_col),
        "par_no": np.asarray(par_col, dtype=np.int32),
        "sent_no": np.asarray(sent_col, dtype=np.int32),
        "token": pd.Categorical(tok_col),
    })
    out.insert(3, "token_no", (out.groupby("doc_id", observed=True).cumcount() + 1).astype(np.int32))
    categories = out["token"].cat.categories
    out["is_stop"] = out["token"].cat.codes.map(pd.Series(categories.isin(list(stop)))).to_numpy(dtype=bool) \
        if len(out) else np.zeros(0, dtype=bool)
    for col in keep:
        values = dict(zip(docs["doc_id"].astype("string"), docs[col]))
        out[col] = pd.Categorical(out["doc_id"].map(values).astype("object"))
    columns = ["doc_id", *keep, "par_no", "sent_no", "token_no", "token", "is_stop"]
    out = out[columns]
    if frame_path is not None:
        _write_frame(frame_path, out)
    return out


_SPACE = re.compile(r"\s")
_FRAMES_KEPT = 8  # whole token tables kept in the cache, most recent first


def _frame_cache_path(docs, keep, words, stop, engine) -> Path:
    """Where the whole token table of exactly these inputs is cached: a hash of every
    document's id, text and the columns the dictionary or output use, the added words,
    the stopwords, the knowledge files and the segmenter's version."""
    h = hashlib.sha256()

    def feed(*parts):
        for part in parts:
            h.update(str(part).encode("utf-8"))
            h.update(b"\0")

    feed("frame-v1", _jieba_version(), _code_version(), engine_name(engine), *keep, "|", *sorted(words or []), "|",
         *sorted(stop), "|", *dictionary_fixes()["word"], "|", *glossary()["term"])
    columns = [c for c in dict.fromkeys(["doc_id", "text", "place", "prefecture", "secretary", *keep])
               if c in docs.columns]
    for row in docs[columns].itertuples(index=False, name=None):
        feed(*row)
    return cache_dir() / "frames" / f"{h.hexdigest()[:40]}.pkl"


def _read_frame(path: Path):
    try:
        with path.open("rb") as fh:
            frame = pickle.load(fh)
        os.utime(path)
        return frame
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def _write_frame(path: Path, frame: pd.DataFrame) -> None:
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
