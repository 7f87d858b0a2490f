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
  so a low one loses to a split. Every added word gets the frequency jieba's
  ``suggest_freq(word, tune=True)`` would give it to keep it whole, computed here in exact
  integers so that both engines agree, shorter words first so that a longer term that
  contains them is tuned last and wins.
- **A fixed total.** jieba divides each frequency by the dictionary's total; words added
  for one corpus would raise it and could change the cut of a report that contains none of
  them. The total is held fixed (:data:`TOTAL_RESERVE`), so a report's tokens depend only
  on its own text and the dictionary words in it, and a report added to a cached corpus
  re-cuts only the reports that contain a word it brings.
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

import functools
import re

import numpy as np
import pandas as pd

from . import cache as _cache
from .cache import cache_dir, clear_cache, dictionary_signature  # noqa: F401  (public here too)
from .lexicon import glossary, pattern_table, stopwords
from .segmenter import ENGINES, _own_words, _segmenter, engine_name  # noqa: F401  (public here too)
from .units import check_docs, document_paragraphs, kept_columns, sentence_spans, simplified_texts
from .vocabulary import corpus_words, own_names, place_names, quoted_phrases  # noqa: F401  (public here too)
from ._text import python_strings
from .token_codes import _Encoder

TOKEN_COLUMNS = ["doc_id", "place", "par_no", "sent_no", "token_no", "token", "token_simplified", "is_stop",
                 "is_name"]

_JIEBA_TEXT = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]")


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


class _Precut:
    """What is cut before jieba sees the text: dictionary terms containing characters jieba
    splits on, or containing a text a rule would cut (kept whole, longest first), then each
    rule of :func:`token_rules`, in file order; found as one alternation of them all would
    find them (leftmost first, a term before a rule at the same place), but with the terms
    in an Aho–Corasick automaton and each rule searched on its own, so that no pattern is
    tried at every position of every sentence."""

    def __init__(self, words):
        import ahocorasick_rs

        self.rules = token_rules()[0]
        protected = sorted({w for w in words if isinstance(w, str) and len(w) >= 2
                            and (not all(_JIEBA_TEXT.match(c) for c in w)
                                 or any(rx.search(w) for _c, rx in self.rules))})
        self.finder = ahocorasick_rs.AhoCorasick(protected) if protected else None

    def spans(self, text: str) -> list[tuple[int, int, int]]:
        """``(start, end, rule)`` of each cut in ``text``; ``rule`` is -1 for a term."""
        longest: dict[int, int] = {}
        if self.finder is not None:
            for _i, start, end in self.finder.find_matches_as_indexes(text, overlapping=True):
                if end > longest.get(start, start):
                    longest[start] = end
        starts = sorted(longest)
        pending: list = [None] * len(self.rules)  # each rule's next match, False once none is left
        out, pos, k = [], 0, 0
        while True:
            while k < len(starts) and starts[k] < pos:
                k += 1
            best = (starts[k], longest[starts[k]], -1) if k < len(starts) else None
            for r, (_cls, rx) in enumerate(self.rules):
                m = pending[r]
                if m is None or (m is not False and m.start() < pos):
                    m = rx.search(text, pos)
                    while m is not None and m.end() == m.start():
                        m = rx.search(text, m.start() + 1)
                    pending[r] = m if m is not None else False
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), m.end(), r)
            if best is None:
                return out
            out.append(best)
            pos = best[1]


_QUOTE_ORDER = tuple(sorted(QUOTE_MARKS))


def _unquoted(text: str) -> str:
    """``text`` without quote marks (a replace per mark present: several times faster than
    one pattern over the text)."""
    for mark in _QUOTE_ORDER:
        if mark in text:
            text = text.replace(mark, "")
    return text


_SPACE = re.compile(r"\s")


def _kept_positions(text: str) -> list[int]:
    """The position in ``text`` of each character :func:`_unquoted` keeps."""
    return [i for i, ch in enumerate(text) if ch not in QUOTE_MARKS]


def _cut_with(cut, text: str, spans) -> list[str]:
    """``text`` cut by jieba between the :meth:`_Precut.spans` ``spans`` and by them there."""
    out, pos = [], 0
    for start, end, rule in spans:
        out += cut(text[pos:start])
        piece = text[start:end]
        if rule < 0:
            out.append(piece)
        else:
            cls, rx = token_rules()[0][rule]
            pieces = [g for g in rx.fullmatch(piece).groups() if g] if cls == "split" else []
            out += pieces if "".join(pieces) == piece else [piece]
        pos = end
    out += cut(text[pos:])
    return out


def _cut_document(cut, texts: list[str], simples: list[str], precut: _Precut) -> list[tuple[list[str], list[str]]]:
    """:func:`_cut_sentence` for each sentence of one document, the cuts before jieba found
    once in the whole document."""
    bares = [_unquoted(t) for t in simples]
    spans = precut.spans("\n".join(bares))
    out, at, k = [], 0, 0
    for written, simple, bare in zip(texts, simples, bares):
        end = at + len(bare)
        mine = []
        while k < len(spans) and spans[k][0] < end:
            start, stop, rule = spans[k]
            mine.append((start - at, stop - at, rule))
            k += 1
        out.append(_cut_sentence(cut, written, simple, mine))
        at = end + 1
    return out


def _cut_sentence(cut, written: str, simple: str, spans) -> tuple[list[str], list[str]]:
    """The tokens of one sentence, simplified and as written: quote marks out, white space
    dropped, every token the same characters of the two forms. ``spans``: the cuts before
    jieba in the sentence without quote marks (:meth:`_Precut.spans`)."""
    bare = _unquoted(simple)
    pieces = _cut_with(cut, bare, spans)
    if _SPACE.search(bare) or "" in pieces:  # only then can a token be empty or white space
        pieces = [t for t in pieces if t and not t.isspace()]
    if written == simple:
        return pieces, pieces
    if len(written) != len(simple):
        return pieces, pieces
    where = None if len(bare) == len(simple) else _kept_positions(simple)
    out, pos = [], 0
    for piece in pieces:
        at = bare.find(piece, pos)
        if at < 0:
            out.append(piece)
            continue
        out.append(written[at:at + len(piece)] if where is None
                   else "".join(written[where[k]] for k in range(at, at + len(piece))))
        pos = at + len(piece)
    return pieces, out


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


def _fits(words: list[str], sizes: np.ndarray, codes: np.ndarray, sentences) -> bool:
    """Whether stored tokens (:func:`plenum.cache.unpack_tokens`) are those of these
    sentences: as many sentences, and each sentence's tokens joining to it without its
    white space and quote marks (all compared at once, sentences apart by a NUL; a text
    holding a NUL itself is never taken from the store)."""
    if len(sizes) != len(sentences):
        return False
    bare = "".join(_unquoted("\0".join(sentences)).split())
    if bare.count("\0") != len(sentences) - 1:
        return False
    marked = np.insert(codes, np.cumsum(sizes)[:-1], len(words))
    return "".join(np.asarray([*words, "\0"], dtype=object)[marked]) == bare


def _valid_spans(spans: np.ndarray, pars) -> bool:
    """Whether stored sentence spans are ``(par_no, start, end)`` rows inside the paragraphs."""
    if not len(spans):
        return True
    n, start, end = spans[:, 0], spans[:, 1], spans[:, 2]
    if n.min() < 1 or n.max() > len(pars):
        return False
    lengths = np.fromiter((len(p[0]) for p in pars), dtype=np.int64, count=len(pars))
    return bool(((0 <= start) & (start < end) & (end <= lengths[n - 1])).all())


def _by_document(docs: pd.DataFrame, *, cache: bool) -> tuple[dict[str, dict[str, list]], dict[str, str]]:
    """Each document's sentences as plain lists (``text``, ``simple``, ``par``, ``sent``) in
    the order of ``docs``, as :func:`plenum.units.sentences` splits them, and each
    document's simplified text. With ``cache``, where each sentence lies is kept in the
    per-user cache (keyed on the text, the code and the knowledge files) and reused."""
    ids = docs["doc_id"].astype("string").tolist()
    rows = [(d, t, s) for d, t, s in zip(ids, docs["text"], simplified_texts(docs)) if isinstance(t, str)]
    keys = {}
    if cache:
        version = "sentences-" + _cache.knowledge_version()
        keys = {d: _cache.text_key(version, t + "\0" + s) for d, t, s in rows}
    stored = _cache.read_entries(list(keys.values())) if cache else {}
    out, fresh = {}, {}
    for doc_id, text, simple in rows:
        pars = document_paragraphs(text, simple)
        spans = _cache.unpack_spans(stored.get(keys.get(doc_id)))
        if spans is None or not _valid_spans(spans, pars):
            spans = sentence_spans(pars)
            if cache:
                fresh[keys[doc_id]] = _cache.pack_spans(spans)
        else:
            spans = spans.tolist()
        if len(spans):
            out[doc_id] = {"text": [pars[n - 1][0][a:e] for n, a, e in spans],
                           "simple": [pars[n - 1][1][a:e] for n, a, e in spans],
                           "par": [n for n, _a, _e in spans], "sent": list(range(1, len(spans) + 1))}
    if fresh:
        _cache.write_entries(fresh)
    return out, {d: s for d, _t, s in rows}


def cached_sentences(docs: pd.DataFrame) -> pd.DataFrame:
    """:func:`plenum.units.sentences` of ``docs`` (its default options), with where each
    sentence lies taken from the per-user cache where :func:`tokenize` keeps it, so a
    measure that needs both splits the text once. Documents sharing a ``doc_id`` are split
    by :func:`plenum.units.sentences` itself."""
    from .units import SENTENCE_COLUMNS, sentences

    check_docs(docs, "sentences")
    if not docs["doc_id"].is_unique:
        return sentences(docs)
    by_doc, _texts = _by_document(docs, cache=True)
    ids, par, sent, text, simple = [], [], [], [], []
    for doc_id, group in by_doc.items():
        ids += [doc_id] * len(group["text"])
        par += group["par"]
        sent += group["sent"]
        text += group["text"]
        simple += group["simple"]
    return pd.DataFrame({"doc_id": pd.array(ids, dtype="string"), "par_no": np.array(par, dtype=np.int64),
                         "sent_no": np.array(sent, dtype=np.int64), "text": pd.array(text, dtype="string"),
                         "text_simplified": pd.array(simple, dtype="string")}, columns=SENTENCE_COLUMNS)


_PRESENCE: list = [None]  # (own words, {text digest: the own words in its sentences}) of the last call


def _document_keys(texts, by_doc, extra, own) -> dict[str, str]:
    """Each document's key in the token store: its text, the fixed dictionary, and those of
    the corpus's own words that occur in its sentences (all a document's cut depends on,
    as the dictionary's total is held fixed), so a report added to a corpus leaves the keys
    of the others unchanged unless it brings a word they contain.

    The words found in each text are remembered until the next call, which then looks only
    for the words it adds: a corpus grown by one report is not searched again whole."""
    import hashlib

    signature = dictionary_signature(extra)
    own = _own_words(own, extra)
    rank = {w: i for i, w in enumerate(own)}
    last = _PRESENCE[0]
    seen = last[1] if last is not None else {}
    added = [w for w in own if w not in last[0]] if last is not None else own
    finder = None
    keys, found_now = {}, {}
    for doc_id, group in by_doc.items():
        digest = hashlib.sha256(texts[doc_id].encode("utf-8")).hexdigest()
        before = seen.get(digest)
        if before is not None:
            present = [w for w in before if w in rank]
            if added:
                bare = _unquoted("\n".join(group["simple"]))
                present = sorted(present + [w for w in added if w in bare], key=rank.__getitem__)
        elif own:
            if finder is None:
                import ahocorasick_rs

                finder = ahocorasick_rs.AhoCorasick(own)
            bare = _unquoted("\n".join(group["simple"]))
            present = [own[i] for i in sorted({i for i, _s, _e in finder.find_matches_as_indexes(bare, overlapping=True)})]
        else:
            present = []
        found_now[digest] = present
        keys[doc_id] = _cache.text_key(signature, digest + "\0" + "\x1f".join(present))
    _PRESENCE[0] = (frozenset(own), found_now)
    return keys


@python_strings
def tokenize(docs: pd.DataFrame, *, keep=("place",), words=None, stop=None, engine: str = "auto",
             cache: bool = True, corpus=None) -> pd.DataFrame:
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
    corpus : mapping, optional, keyword-only
        ``{"words": …, "names": …}``: the own words and names of a whole corpus of which
        ``docs`` is one part (:mod:`plenum.partitions`), so that each part is cut and flagged
        exactly as in the whole; by default :func:`plenum.vocabulary.corpus_words` and
        :func:`plenum.vocabulary.own_names` of ``docs``.
    cache : bool, keyword-only
        Return the cached table when exactly these inputs were tokenized before, else reuse
        each document's sentences and tokens from the per-user cache folder when its text,
        the fixed dictionary (:func:`plenum.cache.dictionary_signature`) and the corpus's own
        words that occur in it are unchanged, and cut only the rest: adding a report re-cuts
        the new report and those that contain a word it brings.

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
    if corpus is not None and not {"words", "names"} <= set(corpus):
        raise KeyError("tokenize: corpus= needs the keys 'words' and 'names' (plenum.partitions.merge_vocabulary)")
    given = None if corpus is None else (sorted(corpus["words"]), sorted(corpus["names"]))
    keyed = [*(words or []), *(["\0w" + w for w in given[0]] + ["\0n" + n for n in given[1]] if given else [])]
    frame_path = _cache.frame_path(docs, keep, keyed, stop, engine_name(engine)) if cache else None
    columns = ["doc_id", *keep, "par_no", "sent_no", "token_no", "token", "token_simplified", "is_stop", "is_name"]
    if frame_path is not None:
        with_text = docs.loc[[isinstance(t, str) and t.strip() != "" for t in docs["text"]], "doc_id"]
        hit = _cache.read_frame(frame_path, columns=columns, doc_ids=with_text.astype(str))
        if hit is not None:
            return hit
    extra = list(token_rules()[1]) + list(words or [])
    own = given[0] if given else corpus_words(docs, cache=cache)
    precut = _Precut(glossary()["term"].tolist() + extra + own)

    by_doc, texts = _by_document(docs, cache=cache)
    encoder = _Encoder((str(_cache.cache_dir()), _cache.generation()) if cache else None)
    keys = {}
    if cache:
        keys = _document_keys(texts, by_doc, extra, own)
    missing = [d for d in by_doc if not encoder.recall(d, keys.get(d))]
    stored = _cache.read_entries([keys[d] for d in missing]) if cache and missing else {}
    todo, hits = [], []
    for doc_id in missing:
        group = by_doc[doc_id]
        hit = _cache.unpack_tokens(stored.pop(keys.get(doc_id), None))
        if hit is not None and _fits(*hit, group["simple"]):
            hits.append((doc_id, hit, group["text"], group["simple"]))
        else:
            todo.append(doc_id)
    encoder.add_stored(hits, lambda pieces, text, simple: _cut_sentence(lambda _t: pieces, text, simple, ()))
    del hits
    if todo:
        with _segmenter(engine_name(engine), extra, own) as (cut, held):
            if not held:
                # the own words overran the reserve, so the total depends on the whole
                # corpus: key every document on the whole dictionary and cut them all
                keys = _document_keys(texts, by_doc, extra + own, ()) if cache else {}
                todo = list(by_doc)
            batch = {}
            for doc_id in todo:
                group = by_doc[doc_id]
                sentences = _cut_document(cut, group["text"], group["simple"], precut)
                encoder.add(doc_id, sentences)
                packed = encoder.packed(doc_id) if cache else None
                if packed is not None:
                    batch[keys[doc_id]] = packed
                    if len(batch) >= 256:  # written as it goes: the entries are not all held at once
                        _cache.write_entries(batch)
                        batch = {}
            if batch:
                _cache.write_entries(batch)

    out = encoder.frame(by_doc)
    encoder.remember(keys)
    categories = out["token_simplified"].cat.categories
    out["is_stop"] = out["token_simplified"].cat.codes.map(pd.Series(categories.isin(list(stop)))) \
        .to_numpy(dtype=bool) if len(out) else np.zeros(0, dtype=bool)
    names = given[1] if given else own_names(docs)
    out["is_name"] = out["token_simplified"].cat.codes.map(pd.Series(categories.isin(names))) \
        .to_numpy(dtype=bool) if len(out) else np.zeros(0, dtype=bool)
    doc_codes = out["doc_id"].cat.codes.to_numpy()
    for col in keep:
        values = dict(zip(docs["doc_id"].astype("string"), docs[col]))
        per_doc = pd.Categorical(pd.Series([values.get(d) for d in out["doc_id"].cat.categories], dtype="object"))
        out[col] = pd.Categorical.from_codes(per_doc.codes[doc_codes], dtype=per_doc.dtype) if len(out) \
            else pd.Categorical(per_doc[:0])
    out = out[columns]
    if frame_path is not None:
        _cache.write_frame(frame_path, out)
    return out


