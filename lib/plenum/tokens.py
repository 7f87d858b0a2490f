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
- **Fixes as data.** Quote marks are taken out of a sentence before it is cut (“两湖”创新区 is
  looked up as 两湖创新区; the text keeps them); ``data/token_rules.csv`` cuts refrains where
  a dictionary word straddles a boundary (再创新业绩 → 再创 / 新 / 业绩, never 创新), keeps
  years whole (二〇三五年) and marks session ordinals (第十五次, 八届二次), which
  :func:`plenum.measures.countable` never counts as words.
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
import re
import threading

import numpy as np
import pandas as pd

from . import cache as _cache
from .cache import cache_dir, clear_cache, dictionary_signature  # noqa: F401  (public here too)
from .lexicon import dictionary_fixes, glossary, pattern_table, stopwords
from .units import check_docs, kept_columns, sentences, simplified_texts
from .vocabulary import corpus_words, own_names, place_names, quoted_phrases  # noqa: F401  (public here too)

TOKEN_COLUMNS = ["doc_id", "place", "par_no", "sent_no", "token_no", "token", "token_simplified", "is_stop",
                 "is_name"]

_LOCK = threading.Lock()
_JIEBA_TEXT = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")


@functools.lru_cache(maxsize=1)
def _base_tokenizer():
    """jieba's dictionary plus the glossary, built once per process."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    import tempfile

    tok = jieba.Tokenizer()
    # jieba keeps its dictionary cache as a marshal file; plenum's cache holds data only, so
    # the reference engine builds its dictionary in a folder of its own that is then removed.
    with tempfile.TemporaryDirectory(prefix="plenum-jieba-") as tmp:
        tok.tmp_dir = tmp
        tok.initialize()
    for word in dictionary_fixes()["word"]:
        tok.del_word(word)
    _tune(tok, glossary()["term"].tolist())
    return tok


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


#: Quote marks taken out of a sentence before it is cut (the text keeps them).
QUOTE_MARKS = frozenset("“”‘’「」『』\"'")


@functools.lru_cache(maxsize=1)
def token_rules() -> tuple[tuple[tuple[str, re.Pattern], ...], tuple[str, ...], re.Pattern | None]:
    """The segmentation fixes of ``data/token_rules.csv``: ((class, pattern) of the rules
    that cut the text before jieba, …), the words they add to the dictionary (class
    ``join``), and one pattern of the ``ordinal`` tokens (never counted as words)."""
    table = pattern_table("token_rules")
    cutting = tuple((cls, re.compile(p)) for p, cls in zip(table["pattern"], table["class"])
                    if cls in ("split", "year", "ordinal"))
    joins = tuple(p for p, cls in zip(table["pattern"], table["class"]) if cls == "join")
    ordinals = [p for p, cls in zip(table["pattern"], table["class"]) if cls == "ordinal"]
    ordinal = re.compile("|".join(f"(?:{p})" for p in ordinals)) if ordinals else None
    return cutting, joins, ordinal


def _precut_pattern(words) -> re.Pattern | None:
    """One pattern of what is cut before jieba sees the text: dictionary terms containing
    characters jieba splits on, or containing a text a rule would cut (kept whole, longest
    first), then each rule of :func:`token_rules`, in file order."""
    cutting, _joins, _ordinal = token_rules()
    protected = {w for w in words if isinstance(w, str) and len(w) >= 2
                 and (not all(_JIEBA_TEXT.match(c) for c in w) or any(rx.search(w) for _c, rx in cutting))}
    parts = []
    if protected:
        parts.append("(?P<w>" + "|".join(map(re.escape, sorted(protected, key=len, reverse=True))) + ")")
    parts += [f"(?P<r{i}>{rx.pattern})" for i, (_c, rx) in enumerate(cutting)]
    return re.compile("|".join(parts)) if parts else None


def _unquoted(text: str) -> tuple[str, list[int]]:
    """``text`` without quote marks, and the position in ``text`` of each character kept."""
    keep = [i for i, ch in enumerate(text) if ch not in QUOTE_MARKS]
    return "".join(text[i] for i in keep), keep


def _cut_with(cut, text: str, precut: re.Pattern | None) -> list[str]:
    if precut is None:
        return cut(text)
    cutting = token_rules()[0]
    out, pos = [], 0
    for m in precut.finditer(text):
        if m.end() == m.start():
            continue
        out += cut(text[pos:m.start()])
        name = m.lastgroup
        if name == "w":
            out.append(m.group(0))
        else:
            cls, rx = cutting[int(name[1:])]
            pieces = [g for g in rx.fullmatch(m.group(0)).groups() if g] if cls == "split" else []
            out += pieces if "".join(pieces) == m.group(0) else [m.group(0)]
        pos = m.end()
    out += cut(text[pos:])
    return out


def _cut_sentence(cut, written: str, simple: str, precut) -> tuple[list[str], list[str]]:
    """The tokens of one sentence, simplified and as written: quote marks out, white space
    dropped, every token the same characters of the two forms."""
    bare, where = _unquoted(simple)
    pieces = [t for t in _cut_with(cut, bare, precut) if t and not t.isspace()]
    if written == simple:
        return pieces, pieces
    if len(written) != len(simple):
        return pieces, pieces
    out, pos = [], 0
    for piece in pieces:
        at = bare.find(piece, pos)
        if at < 0:
            out.append(piece)
            continue
        out.append("".join(written[where[k]] for k in range(at, at + len(piece))))
        pos = at + len(piece)
    return pieces, out


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


def frame_bytes(frame: pd.DataFrame, *, dictionaries: bool = True) -> int:
    """Bytes a token table holds, each categories dictionary counted once (``token`` and
    ``token_simplified`` share theirs; pandas' ``memory_usage(deep=True)`` counts it twice).

    Parameters
    ----------
    frame : DataFrame
        :func:`tokenize` output (any DataFrame works).
    dictionaries : bool, keyword-only
        Count the categories dictionaries too; False gives the per-row part only (codes and
        plain columns).

    Returns
    -------
    int
        Bytes.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame_bytes takes the token table of plenum.tokenize, not {type(frame).__name__}")
    rows, shared = 0, {}
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            rows += frame[col].cat.codes.to_numpy().nbytes
            categories = frame[col].cat.categories
            shared[id(categories)] = categories.memory_usage(deep=True)
        else:
            rows += frame[col].to_numpy().nbytes
    return int(rows + (sum(shared.values()) if dictionaries else 0))


def _word_columns(written: list[str], simplified: list[str]) -> dict[str, pd.Categorical]:
    """``token`` and ``token_simplified`` as categoricals sharing one dictionary of words, so
    the second form costs only its codes (2–4 bytes per token)."""
    simple = pd.Categorical(simplified)
    if written == simplified:
        return {"token": simple, "token_simplified": simple}
    dtype = pd.CategoricalDtype(pd.Index(sorted(set(written) | set(simplified)), dtype="object"))
    return {"token": pd.Categorical(written, dtype=dtype), "token_simplified": pd.Categorical(simplified, dtype=dtype)}


def _fits(pieces: list, sentences) -> bool:
    """Whether stored tokens are those of these sentences: one list per sentence, joining to
    the sentence without its white space and quote marks."""
    if len(pieces) != len(sentences):
        return False
    for cut, text in zip(pieces, sentences):
        if "".join(cut) != "".join(ch for ch in text if not ch.isspace() and ch not in QUOTE_MARKS):
            return False
    return True


def tokenize(docs: pd.DataFrame, *, keep=("place",), words=None, stop=None, engine: str = "auto",
             cache: bool = True) -> pd.DataFrame:
    """One row per token of each document's sentences, political terms kept whole.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``doc_id`` and ``text`` are required).
    keep : str or sequence of str, keyword-only
        Document columns to carry onto every token besides ``place`` (so ``by="province"``
        works on tokens directly).
    words : sequence of str, optional, keyword-only
        Terms of your own added to the dictionary for this call.
    stop : iterable of str, optional, keyword-only
        Replaces the stopword set of :func:`plenum.stopwords`.
    engine : {"auto", "rjieba", "jieba"}, keyword-only
        "rjieba" (jieba-rs: the same tokens, many times faster), "jieba" (the reference) or
        "auto" (rjieba when installed).
    cache : bool, keyword-only
        Return the cached table when exactly these inputs were tokenized before, else reuse
        each document's tokens from the per-user cache folder when its text and the whole
        dictionary (:func:`plenum.cache.dictionary_signature`) are unchanged, and cut only
        the rest.

    Returns
    -------
    DataFrame
        ``doc_id, place``, the ``keep`` columns, ``par_no, sent_no, token_no`` (1-based
        through the document), ``token`` (as the page writes it), ``token_simplified`` (the
        same word in simplified characters: segmentation, stopwords and every measure work
        on this form, so 兩個維護 and 两个维护 count as one word), ``is_stop`` (in the
        stopword list), ``is_name`` (one of the corpus's own places, prefectures, provinces or
        secretaries, :func:`plenum.vocabulary.own_names`: the measures leave these out by
        default). White space
        is dropped; punctuation, digits and single characters are kept as tokens and
        filtered by the measures. Repeating values are stored as categories and small
        integers: about 20 bytes per token.
    """
    check_docs(docs, "tokenize")
    keep = [keep] if isinstance(keep, str) else list(keep)
    # place rides along whenever the documents have it; other columns must exist
    keep = kept_columns(docs, ["place", *keep] if "place" in docs.columns else [c for c in keep if c != "place"],
                        "tokenize")
    stop = stopwords() if stop is None else frozenset(stop)
    frame_path = _cache.frame_path(docs, keep, words, stop, engine_name(engine)) if cache else None
    columns = ["doc_id", *keep, "par_no", "sent_no", "token_no", "token", "token_simplified", "is_stop", "is_name"]
    if frame_path is not None:
        with_text = docs.loc[[isinstance(t, str) and t.strip() != "" for t in docs["text"]], "doc_id"]
        hit = _cache.read_frame(frame_path, columns=columns, doc_ids=with_text.astype(str))
        if hit is not None:
            return hit
    sents = sentences(docs)
    extra = corpus_words(docs) + list(token_rules()[1]) + list(words or [])
    precut = _precut_pattern(glossary()["term"].tolist() + extra)
    signature = dictionary_signature(extra) if cache else ""

    by_doc = {doc_id: group for doc_id, group in sents.groupby("doc_id", sort=False)}
    cut_docs: dict[str, list[list[str]]] = {}
    keys = {}
    if cache:
        texts = dict(zip(docs["doc_id"].astype("string"), simplified_texts(docs)))
        keys = {doc_id: _cache.text_key(signature, texts[doc_id]) for doc_id in by_doc}
    stored = _cache.read_tokens(list(keys.values())) if cache else {}
    todo = []
    for doc_id, group in by_doc.items():
        hit = stored.get(keys.get(doc_id))
        if hit is not None and _fits(hit, group["text_simplified"]):
            cut_docs[doc_id] = [_cut_sentence(lambda _t, p=p: p, w, s, None)
                                for p, w, s in zip(hit, group["text"], group["text_simplified"])]
        else:
            todo.append(doc_id)
    if todo:
        with _segmenter(engine_name(engine), extra) as cut:
            for doc_id in todo:
                group = by_doc[doc_id]
                cut_docs[doc_id] = [_cut_sentence(cut, w, s, precut)
                                    for w, s in zip(group["text"], group["text_simplified"])]
        if cache:
            _cache.write_tokens({keys[d]: [simple for simple, _w in cut_docs[d]] for d in todo})

    doc_col, par_col, sent_col, tok_col, written_col = [], [], [], [], []
    for doc_id, group in by_doc.items():
        for par_no, sent_no, (pieces, as_written) in zip(group["par_no"], group["sent_no"], cut_docs[doc_id]):
            doc_col += [doc_id] * len(pieces)
            par_col += [par_no] * len(pieces)
            sent_col += [sent_no] * len(pieces)
            tok_col += pieces
            written_col += as_written
    out = pd.DataFrame({
        "doc_id": pd.Categorical(doc_col),
        "par_no": np.asarray(par_col, dtype=np.int32),
        "sent_no": np.asarray(sent_col, dtype=np.int32),
        **_word_columns(written_col, tok_col),
    })
    out.insert(3, "token_no", (out.groupby("doc_id", observed=True).cumcount() + 1).astype(np.int32))
    categories = out["token_simplified"].cat.categories
    out["is_stop"] = out["token_simplified"].cat.codes.map(pd.Series(categories.isin(list(stop)))) \
        .to_numpy(dtype=bool) if len(out) else np.zeros(0, dtype=bool)
    names = own_names(docs)
    out["is_name"] = out["token_simplified"].cat.codes.map(pd.Series(categories.isin(names))) \
        .to_numpy(dtype=bool) if len(out) else np.zeros(0, dtype=bool)
    for col in keep:
        values = dict(zip(docs["doc_id"].astype("string"), docs[col]))
        out[col] = pd.Categorical(out["doc_id"].map(values).astype("object"))
    out = out[columns]
    if frame_path is not None:
        _cache.write_frame(frame_path, out)
    return out


