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
import os
import re
import threading
from pathlib import Path

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


def _tune(tok, words) -> None:
    for word in sorted({w for w in words if isinstance(w, str) and len(w) >= 2}, key=len):
        tok.add_word(word, max(tok.FREQ.get(word) or 0, 1))
        tok.suggest_freq(word, tune=True)


@contextlib.contextmanager
def _added(tok, words):
    """Add words for the duration of the block, then restore the dictionary exactly."""
    words = sorted({w for w in words if isinstance(w, str) and len(w) >= 2}, key=len)
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
        from .targets import formulation_terms
    except ImportError:
        formulation_terms = None
    if formulation_terms is not None:
        words.update(formulation_terms(docs))
    return sorted(w for w in words if isinstance(w, str) and len(w) >= 2)


def _special_terms(words) -> re.Pattern | None:
    """Terms containing characters jieba splits on before its dictionary look-up."""
    special = sorted({w for w in words if not all(_JIEBA_TEXT.match(c) for c in w)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, special))) if special else None


def _cut(tok, text: str, special: re.Pattern | None) -> list[str]:
    if special is None:
        return tok.lcut(text, HMM=False)
    out, pos = [], 0
    for m in special.finditer(text):
        out += tok.lcut(text[pos:m.start()], HMM=False)
        out.append(m.group(0))
        pos = m.end()
    out += tok.lcut(text[pos:], HMM=False)
    return out


def tokenize(docs: pd.DataFrame, keep=("place",), words=None, stop=None) -> pd.DataFrame:
    """One row per token of each document's sentences.

    Columns: ``doc_id, place, par_no, sent_no, token_no`` (1-based through the
    document), ``token``, ``is_stop`` (in the stopword list), plus any other document
    column named in ``keep`` (so ``by="province"`` works on tokens directly). White space
    is dropped; punctuation, digits and single characters are kept as tokens and
    filtered by the measures. ``words`` adds terms of your own to the dictionary for this
    call; ``stop`` replaces the stopword set.
    """
    keep = [c for c in dict.fromkeys(["place", *keep]) if c in docs.columns]
    stop = stopwords() if stop is None else frozenset(stop)
    sents = sentences(docs)
    extra = corpus_words(docs) + list(words or [])
    special = _special_terms(glossary()["term"].tolist() + extra)
    rows = []
    with _LOCK:
        tok = _base_tokenizer()
        with _added(tok, extra):
            counter: dict[str, int] = {}
            for doc_id, par_no, sent_no, text in sents.itertuples(index=False):
                n = counter.get(doc_id, 0)
                for token in _cut(tok, text, special):
                    if token.isspace() or not token:
                        continue
                    n += 1
                    rows.append((doc_id, par_no, sent_no, n, token))
                counter[doc_id] = n
    out = pd.DataFrame(rows, columns=["doc_id", "par_no", "sent_no", "token_no", "token"])
    out["is_stop"] = out["token"].isin(stop)
    if keep:
        meta = docs[["doc_id", *keep]].astype({"doc_id": "string"})
        out = out.merge(meta, on="doc_id", how="left")
    out = out.astype({"doc_id": "string", "token": "string", "par_no": "int64", "sent_no": "int64",
                      "token_no": "int64", "is_stop": "bool"})
    columns = ["doc_id", *keep, "par_no", "sent_no", "token_no", "token", "is_stop"]
    return out[columns]
