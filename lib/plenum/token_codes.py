"""Token tables from integer codes: each document's tokens coded into one vocabulary as it
is cut or read back from the store, the table assembled from the code arrays, and what the
last call in a process leaves for the next (:class:`_Encoder`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import cache as _cache


#: The most tokens the last call's documents may hold to be remembered (4 bytes each), and
#: the most distinct words the vocabulary carried from call to call may hold.
REMEMBERED_TOKENS = 50_000_000
REMEMBERED_WORDS = 2_000_000


class _Encoder:
    """Each document's tokens as integer codes into one vocabulary, made as soon as the
    document is cut or read back, so that a word's string is held once, not once per token.

    With a ``place`` (the cache folder and :func:`plenum.cache.generation`), the encoder
    starts from the vocabulary of the last call in this process that had the same place, and
    :meth:`recall` gives that call's documents by store key: in a session, a corpus that
    grew by one report takes the other reports' codes as they are, with nothing to read or
    check (they were made here; the store is for other sessions)."""

    _last: tuple | None = None  # (place, code, words, {store key: document}) of the last call

    def __init__(self, place=None):
        self.place = place
        last = _Encoder._last
        if place is not None and last is not None and last[0] == place:
            self.code, self.words, self.remembered = dict(last[1]), list(last[2]), last[3]
        else:
            self.code, self.words, self.remembered = {}, [], {}
        self.docs: dict[str, tuple[list[int], np.ndarray, np.ndarray | None]] = {}

    def recall(self, doc_id: str, key: str | None) -> bool:
        """Take a document from the last call, if it had one under this store key."""
        hit = self.remembered.get(key)
        if hit is not None:
            self.docs[doc_id] = hit
        return hit is not None

    def remember(self, keys: dict[str, str]) -> None:
        """Keep this call's documents for the next call in this process (not past
        :data:`REMEMBERED_TOKENS` or :data:`REMEMBERED_WORDS`)."""
        if self.place is None:
            return
        docs = {keys[d]: entry for d, entry in self.docs.items() if d in keys}
        tokens = sum(len(entry[1]) for entry in docs.values())
        if tokens > REMEMBERED_TOKENS or len(self.words) > REMEMBERED_WORDS:
            _Encoder._last = None
            return
        _Encoder._last = (self.place, self.code, self.words, docs)

    @staticmethod
    def forget() -> None:
        """Drop what the last call left (tests of the store use this)."""
        _Encoder._last = None

    def _codes(self, tokens: list[str]) -> np.ndarray:
        code = self.code
        get = code.get
        codes = [get(t, -1) for t in tokens]
        if -1 in codes:  # words met for the first time, each numbered in order of appearance
            new = [t for t in dict.fromkeys(tokens) if t not in code]
            code.update(zip(new, range(len(self.words), len(self.words) + len(new))))
            self.words.extend(new)
            codes = [get(t) for t in tokens]
        return np.array(codes, dtype=np.int32)

    def add(self, doc_id: str, sentences) -> None:
        """``sentences``: (simplified tokens, tokens as written) of each sentence."""
        sizes = [len(pieces) for pieces, _w in sentences]
        simple = self._codes([t for pieces, _w in sentences for t in pieces])
        same = all(written is pieces or written == pieces for pieces, written in sentences)
        written = None if same else self._codes([t for _p, written in sentences for t in written])
        self.docs[doc_id] = (sizes, simple, written)

    def add_stored(self, hits, rewrite) -> None:
        """Documents' tokens as the store holds them: ``(doc_id, (words, sizes, codes),
        texts, simples)`` each (:func:`plenum.cache.unpack_tokens`), their distinct words
        coded in one pass over all of them, not token by token. ``rewrite(pieces, text,
        simple)`` gives a sentence's (simplified, as written) tokens where the two differ."""
        if not hits:
            return
        known = self._codes([w for _d, (words, _s, _c), _t, _p in hits for w in words])
        at = 0
        for doc_id, (words, sizes, codes), texts, simples in hits:
            simple = known[at:at + len(words)][codes]
            at += len(words)
            written = None
            if any(t != s for t, s in zip(texts, simples)):
                bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
                pieces = [words[c] for c in codes.tolist()]
                sentences = [rewrite(pieces[i:j], t, s) for i, j, t, s in zip(bounds, bounds[1:], texts, simples)]
                written = self._codes([t for _p, w in sentences for t in w])
                if np.array_equal(written, simple):
                    written = None
            self.docs[doc_id] = (sizes.tolist(), simple, written)

    def packed(self, doc_id: str) -> bytes | None:
        """A document's simplified tokens for the store (:func:`plenum.cache.pack_tokens`)."""
        sizes, simple, _written = self.docs[doc_id]
        distinct, local = np.unique(simple, return_inverse=True)
        return _cache.pack_tokens([self.words[c] for c in distinct.tolist()], sizes, local)

    def frame(self, by_doc: dict[str, dict[str, list]]) -> pd.DataFrame:
        """``doc_id, par_no, sent_no, token_no, token, token_simplified``: codes into the
        vocabulary in sorted order (as ``pd.Categorical`` orders them), the number columns
        built as arrays rather than per token."""
        ids, doc_sizes, par_no, sent_no, sent_sizes, simple, written = [], [], [], [], [], [], []
        differs = any(w is not None for _s, _c, w in self.docs.values())
        for doc_id, group in by_doc.items():
            sizes, codes, as_written = self.docs[doc_id]
            sent_sizes += sizes
            simple.append(codes)
            if differs:
                written.append(codes if as_written is None else as_written)
            if len(codes):
                ids.append(doc_id)
                doc_sizes.append(len(codes))
            par_no += group["par"]
            sent_no += group["sent"]
        every_simple = np.concatenate(simple) if simple else np.zeros(0, dtype=np.int32)
        every_written = np.concatenate(written) if differs else every_simple
        used = np.zeros(len(self.words), dtype=bool)  # the vocabulary may hold an earlier call's words
        used[every_simple] = True
        used[every_written] = True
        present = np.flatnonzero(used)
        words = [self.words[i] for i in present.tolist()]
        order = sorted(range(len(words)), key=words.__getitem__)
        remap = np.zeros(len(self.words), dtype=np.int32)
        remap[present[order]] = np.arange(len(words), dtype=np.int32)
        dtype = pd.CategoricalDtype(pd.Index([words[i] for i in order], dtype="object" if differs else None))
        simple_codes = remap[every_simple]
        token_simplified = pd.Categorical.from_codes(simple_codes, dtype=dtype)
        token = pd.Categorical.from_codes(remap[every_written], dtype=dtype) if differs else token_simplified
        categories = pd.Index(sorted(ids))
        sizes = np.asarray(sent_sizes, dtype=np.int64)
        doc_codes = np.repeat(categories.get_indexer(ids), doc_sizes).astype(np.int32)
        starts = np.repeat(np.cumsum(doc_sizes) - np.asarray(doc_sizes, dtype=np.int64), doc_sizes) if ids \
            else doc_codes
        return pd.DataFrame({
            "doc_id": pd.Categorical.from_codes(doc_codes, categories=categories),
            "par_no": np.repeat(np.asarray(par_no, dtype=np.int32), sizes),
            "sent_no": np.repeat(np.asarray(sent_no, dtype=np.int32), sizes),
            "token_no": (np.arange(len(simple_codes)) - starts + 1).astype(np.int32),
            "token": token, "token_simplified": token_simplified,
        })
