"""Text reuse: the passages two reports share word for word or nearly, the stock phrasing
most reports repeat, and how much of each report is found in another's text or in the
texts of the level above it.

How passages are found (:func:`reuse`):

1. **Seeds.** Every run of ``k`` characters (8 by default) of each report's simplified text
   that stays within a paragraph is hashed; winnowing keeps the smallest hash of every
   ``w`` consecutive ones (Schleimer, Wilkerson & Aiken 2003), so that any run the two
   texts share of at least ``k + w - 1`` characters (15 by default, ``min_chars``) leaves a
   common seed, whatever else the texts contain.
2. **Candidates.** Seeds two reports share are chained along their diagonal (the offset
   between the two texts); seeds that most reports share (more than ``max_docs``) are
   stock phrasing and pair no one, which keeps a large corpus linear.
3. **Extension and verification.** Each chain is extended character by character while the
   texts agree, chains that overlap merge into one passage, and a passage is kept only
   when it has ``min_chars`` characters and its two sides reach ``min_similarity`` in
   normalised Levenshtein similarity (rapidfuzz): a few substitutions, insertions or
   deletions are tolerated, a loose echo is not.

A passage is ``stock`` when most reports of the corpus contain it (``n_docs`` at least half
of them, and at least three) or when glossary formulations make up most of it
(以习近平新时代中国特色社会主义思想为指导). Offsets index the documents' ``text``:
``text[start:end]`` is the passage as the page writes it; matching runs on the simplified
form, so a traditional page shares passages with its simplified original.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from .units import check_docs, simplified_texts
from ._text import python_strings

REUSE_COLUMNS = {"doc_a": "string", "doc_b": "string", "start_a": "int64", "end_a": "int64",
                 "start_b": "int64", "end_b": "int64", "passage_a": "string", "passage_b": "string",
                 "similarity": "float64", "n_chars": "int64", "n_docs": "int64", "stock": "bool"}
_BASE = np.uint64(1_000_003)
_MASK = np.uint64((1 << 64) - 1)


# -- seeds ------------------------------------------------------------------------------------

def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def _seeds(text: str, k: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """(hashes, positions) of the winnowed k-grams of ``text`` that contain no line break."""
    n = len(text) - k + 1
    if n <= 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    c = _codes(text)
    h = np.zeros(n, np.uint64)
    for j in range(k):
        h = h * _BASE + c[j:j + n]
    breaks = np.cumsum(np.concatenate([[0], (c == 10).astype(np.int64)]))
    valid = breaks[k:k + n] - breaks[:n] == 0
    h = np.where(valid, h, _MASK)
    if n >= w:
        windows = np.lib.stride_tricks.sliding_window_view(h, w)
        picks = np.unique(windows.argmin(axis=1) + np.arange(n - w + 1))
    else:
        picks = np.array([int(h.argmin())])
    picks = picks[h[picks] != _MASK]
    return h[picks], picks.astype(np.int64)


class _Index:
    """Every seed of every text, sorted by hash, with each hash's documents."""

    def __init__(self, texts: list[str], k: int, w: int):
        hashes, docs, positions = [], [], []
        for i, text in enumerate(texts):
            h, p = _seeds(text, k, w)
            hashes.append(h)
            positions.append(p)
            docs.append(np.full(len(h), i, np.int64))
        self.by_doc = list(zip(hashes, positions))
        self._docs_cache: dict[int, np.ndarray] = {}
        self.hash = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
        self.doc = np.concatenate(docs) if docs else np.zeros(0, np.int64)
        self.pos = np.concatenate(positions) if positions else np.zeros(0, np.int64)
        order = np.lexsort((self.pos, self.doc, self.hash))
        self.hash, self.doc, self.pos = self.hash[order], self.doc[order], self.pos[order]
        cut = np.flatnonzero(np.diff(self.hash)) + 1
        self.starts = np.concatenate([[0], cut]) if len(self.hash) else np.zeros(0, np.int64)
        self.ends = np.concatenate([cut, [len(self.hash)]]) if len(self.hash) else np.zeros(0, np.int64)
        first_of_doc = np.ones(len(self.hash), bool)
        first_of_doc[1:] = (self.hash[1:] != self.hash[:-1]) | (self.doc[1:] != self.doc[:-1])
        counts = np.add.reduceat(first_of_doc.astype(np.int64), self.starts) if len(self.hash) else \
            np.zeros(0, np.int64)
        self.df = counts
        # each distinct hash once, sorted: a seed's group is found by binary search (a dict
        # of every seed of a large corpus would take gigabytes)
        self.keys = self.hash[self.starts] if len(self.hash) else np.zeros(0, np.uint64)
        self._holders_cache: dict[tuple[bytes, int], np.ndarray] = {}
        self._held = 0  # document numbers the cache holds

    def docs_of(self, h: int) -> np.ndarray:
        """The documents that contain seed ``h``, each once."""
        h = int(h)
        if h not in self._docs_cache:
            g = int(np.searchsorted(self.keys, np.uint64(h)))
            found = g < len(self.keys) and int(self.keys[g]) == h
            self._docs_cache[h] = np.unique(self.doc[self.starts[g]:self.ends[g]]) if found \
                else np.zeros(0, np.int64)
        return self._docs_cache[h]

    def n_docs(self, doc: int, start: int, end: int, k: int, among: int, known=()) -> int:
        """In how many of the first ``among`` documents the text of ``doc`` from ``start`` to
        ``end`` occurs: those holding at least half of its seeds, and the ``known`` ones.
        (The documents holding a set of seeds are worked out once per set: the same stock
        passage recurs in many pairs.)"""
        hashes, positions = self.by_doc[doc]
        inside = hashes[(positions >= start) & (positions <= end - k)]
        holders = np.zeros(0, np.int64)
        if len(inside):
            key = (inside.tobytes(), among)
            holders = self._holders_cache.get(key)
            if holders is None:
                found = np.concatenate([self.docs_of(h) for h in inside])
                found = found[found < among]
                values, counts = np.unique(found, return_counts=True)
                holders = values[counts * 2 >= len(inside)]
                self._held += len(holders)
                if self._held > 5_000_000:  # bounded: forget them all and start again
                    self._holders_cache.clear()
                    self._held = len(holders)
                self._holders_cache[key] = holders
        extra = {d for d in known if d < among}
        at = np.searchsorted(holders, list(extra)) if extra else []
        return len(holders) + sum(1 for d, i in zip(extra, at) if i >= len(holders) or holders[i] != d)


# -- passages ---------------------------------------------------------------------------------

def _chains(seeds: list[tuple[int, int, int]], k: int, gap: int = 24, drift: int = 6) -> list[list]:
    """Seeds (pos_a, pos_b, hash) of one pair chained along near diagonals."""
    seeds = sorted(seeds, key=lambda s: (s[0], s[1]))
    chains: list[list] = []
    for seed in seeds:
        for chain in reversed(chains[-8:]):
            last = chain[-1]
            if 0 <= seed[0] - last[0] <= gap + k and abs((seed[1] - seed[0]) - (last[1] - last[0])) <= drift \
                    and seed[1] >= last[1]:
                chain.append(seed)
                break
        else:
            chains.append([seed])
    return chains


_PUNCT = set("，。、；：！？,.;:!?“”‘’「」『』《》（）()【】—…·- \t\u3000")
_STEPS = ((1, 1), (1, 0), (0, 1), (2, 2), (2, 1), (1, 2), (2, 0), (0, 2))


def _extend(a: str, b: str, a0: int, a1: int, b0: int, b1: int, *, anchor: int = 4,
            max_edits: int = 6) -> tuple[int, int, int, int]:
    """Grow a matched span outwards: through characters the two texts share, and through a
    small edit (a substitution, insertion or deletion of one or two characters) when at
    least ``anchor`` shared characters follow it; never across a line break."""

    def agree(i: int, j: int, step: int, n: int) -> bool:
        for t in range(n):
            x, y = i + step * t, j + step * t
            if not (0 <= x < len(a) and 0 <= y < len(b)) or a[x] != b[y] or a[x] == "\n":
                return False
        return True

    edits = 0
    while True:
        while a0 > 0 and b0 > 0 and a[a0 - 1] == b[b0 - 1] and a[a0 - 1] != "\n":
            a0, b0 = a0 - 1, b0 - 1
        step = next((d for d in _STEPS if edits < max_edits and "\n" not in a[a0 - d[0]:a0] + b[b0 - d[1]:b0]
                     and agree(a0 - d[0] - 1, b0 - d[1] - 1, -1, anchor)), None)
        if step is None:
            break
        a0, b0, edits = a0 - step[0], b0 - step[1], edits + 1
    while True:
        while a1 < len(a) and b1 < len(b) and a[a1] == b[b1] and a[a1] != "\n":
            a1, b1 = a1 + 1, b1 + 1
        step = next((d for d in _STEPS if edits < max_edits and "\n" not in a[a1:a1 + d[0]] + b[b1:b1 + d[1]]
                     and agree(a1 + d[0], b1 + d[1], 1, anchor)), None)
        if step is None:
            break
        a1, b1, edits = a1 + step[0], b1 + step[1], edits + 1
    while a0 < a1 and b0 < b1 and a[a0] in _PUNCT and b[b0] in _PUNCT:
        a0, b0 = a0 + 1, b0 + 1
    while a1 > a0 and b1 > b0 and a[a1 - 1] in _PUNCT and b[b1 - 1] in _PUNCT:
        a1, b1 = a1 - 1, b1 - 1
    return a0, a1, b0, b1


def _merge(spans: list[list]) -> list[list]:
    """Spans [a0, a1, b0, b1, hashes] that overlap on both sides become one."""
    spans = sorted(spans, key=lambda s: (s[0], s[2]))
    out: list[list] = []
    for s in spans:
        if out and s[0] < out[-1][1] and s[2] < out[-1][3] and s[3] > out[-1][2]:
            last = out[-1]
            out[-1] = [min(last[0], s[0]), max(last[1], s[1]), min(last[2], s[2]), max(last[3], s[3]),
                       last[4] | s[4]]
        else:
            out.append(s)
    return out


def _one_to_one(spans: list[list]) -> list[list]:
    """A phrase repeated in both reports matches each of its occurrences once: longest
    spans first, a span overlapping a kept one on either side is dropped."""
    kept: list[list] = []
    for s in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0], s[2])):
        if not any(s[0] < k[1] and k[0] < s[1] or s[2] < k[3] and k[2] < s[3] for k in kept):
            kept.append(s)
    return sorted(kept, key=lambda s: (s[0], s[2]))


def _formula_cover(text: str, formulas: list[str]) -> float:
    covered = np.zeros(len(text), bool)
    for f in formulas:
        start = text.find(f)
        while start >= 0:
            covered[start:start + len(f)] = True
            start = text.find(f, start + 1)
    chars = np.array([not ch.isspace() for ch in text])
    return float(covered[chars].mean()) if chars.any() else 0.0


def _formulas() -> list[str]:
    from .lexicon import glossary

    g = glossary()
    keep = g["category"].isin(["formulation", "ideology"])
    return sorted({t for t in g.loc[keep, "term"] if isinstance(t, str) and len(t) >= 4}, key=len, reverse=True)


@python_strings
def reuse(docs: pd.DataFrame, *, min_chars: int = 15, min_similarity: float = 0.85, reference=None,
          k: int = 8, max_docs: int = 50, stock_share: float = 0.5) -> pd.DataFrame:
    """The passages two reports share, word for word or nearly (see the module doc).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``doc_id`` and ``text``).
    min_chars : int, keyword-only
        The shortest passage reported (characters, on either side).
    min_similarity : float, keyword-only
        The least normalised Levenshtein similarity of a passage's two sides (0–1).
    reference : DataFrame, optional, keyword-only
        A second documents table of higher-level texts (a province's communiqué, a central
        document): then every passage pairs a report of ``docs`` (side a) with a reference
        text (side b), and reports are not paired with each other.
    k : int, keyword-only
        Seed length in characters; seeds are kept so that any shared run of ``min_chars``
        characters leaves one (``min_chars`` must be at least ``k``).
    max_docs : int, keyword-only
        Seeds shared by more documents than this are stock phrasing and pair no one.
    stock_share : float, keyword-only
        A passage is stock when at least this share of the corpus's reports (and at least
        three) contain it.

    Returns
    -------
    DataFrame
        One row per passage: ``doc_a, doc_b, start_a, end_a, start_b, end_b`` (offsets into
        each document's ``text``), ``passage_a, passage_b`` (the two sides as written),
        ``similarity``, ``n_chars`` (characters of side a), ``n_docs`` (reports of ``docs``
        that contain it), ``stock``. A report is never paired with itself; pairs are ordered
        by their order in ``docs``.
    """
    check_docs(docs, "reuse")
    if min_chars < k:
        raise ValueError(f"min_chars={min_chars} must be at least the seed length k={k}")
    if not 0 < min_similarity <= 1:
        raise ValueError("min_similarity must be in (0, 1]")
    own = docs.reset_index(drop=True)
    ids = list(own["doc_id"].astype(str))
    texts = [t if isinstance(t, str) else "" for t in simplified_texts(own)]
    written = [t if isinstance(t, str) else "" for t in own["text"]]
    n_corpus = len(ids)
    if reference is not None:
        check_docs(reference, "reuse(reference=)")
        ref = reference.reset_index(drop=True)
        ids += list(ref["doc_id"].astype(str))
        texts += [t if isinstance(t, str) else "" for t in simplified_texts(ref)]
        written += [t if isinstance(t, str) else "" for t in ref["text"]]
    index = _Index(texts, k, min_chars - k + 1)
    pairs: dict[tuple[int, int], list] = defaultdict(list)
    for g in np.flatnonzero((index.df >= 2) & (index.df <= max_docs)):
        s, e = index.starts[g], index.ends[g]
        occ = list(zip(index.doc[s:e].tolist(), index.pos[s:e].tolist()))
        h = int(index.hash[s])
        for i in range(len(occ)):
            for j in range(i + 1, len(occ)):
                (da, pa), (db, pb) = occ[i], occ[j]
                if da == db:
                    continue
                if reference is not None and (da < n_corpus) == (db < n_corpus):
                    continue
                pairs[(da, db)].append((pa, pb, h))
    threshold = max(3, math.ceil(stock_share * n_corpus))
    formulas = _formulas()
    from rapidfuzz.distance import Levenshtein

    rows = []
    for (da, db), seeds in sorted(pairs.items()):
        a, b = texts[da], texts[db]
        spans = []
        for chain in _chains(seeds, k):
            a0, b0 = min(s[0] for s in chain), min(s[1] for s in chain)
            a1, b1 = max(s[0] for s in chain) + k, max(s[1] for s in chain) + k
            spans.append([*_extend(a, b, a0, a1, b0, b1), {s[2] for s in chain}])
        for a0, a1, b0, b1, hashes in _one_to_one(_merge(spans)):
            if min(a1 - a0, b1 - b0) < min_chars:
                continue
            sim = Levenshtein.normalized_similarity(a[a0:a1], b[b0:b1])
            if sim < min_similarity:
                continue
            n_docs = index.n_docs(da, a0, a1, k, n_corpus, known=(da, db))
            stock = n_docs >= threshold or _formula_cover(a[a0:a1], formulas) >= 0.5
            rows.append((ids[da], ids[db], a0, a1, b0, b1, written[da][a0:a1], written[db][b0:b1], sim, a1 - a0,
                         n_docs, stock))
    out = pd.DataFrame(rows, columns=list(REUSE_COLUMNS))
    return out.astype(REUSE_COLUMNS)


# -- tables -----------------------------------------------------------------------------------

def _coverage(passages: pd.DataFrame, lengths: dict[str, int]) -> dict[tuple[str, str], np.ndarray]:
    """(doc, other doc) → boolean mask of the doc's characters in passages shared with it."""
    out: dict[tuple[str, str], np.ndarray] = {}
    for a, b, a0, a1, b0, b1 in zip(passages["doc_a"], passages["doc_b"], passages["start_a"], passages["end_a"],
                                    passages["start_b"], passages["end_b"]):
        for doc, other, s, e in ((a, b, a0, a1), (b, a, b0, b1)):
            if doc in lengths:
                mask = out.setdefault((doc, other), np.zeros(lengths[doc], bool))
                mask[s:e] = True
    return out


def _lengths(docs: pd.DataFrame) -> dict[str, int]:
    return {str(d): len(t) if isinstance(t, str) else 0 for d, t in zip(docs["doc_id"], docs["text"])}


def _article_chars(text: str) -> np.ndarray:
    return np.array([not ch.isspace() for ch in text], bool) if isinstance(text, str) else np.zeros(0, bool)


@python_strings
def reuse_matrix(docs: pd.DataFrame, *, by: str = "place", stock: bool = False,
                 passages: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """The share of each group's text found in each other group's text.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        The document column that names the groups.
    stock : bool, keyword-only
        Count stock phrasing too; False (the default) leaves it out, so that what remains
        is what two reports share beyond the formulas every report repeats.
    passages : DataFrame, optional, keyword-only
        A :func:`reuse` table of the same ``docs`` (saves recomputing it).
    **options
        Options of :func:`reuse` when ``passages`` is not given.

    Returns
    -------
    DataFrame
        Square: rows and columns the groups (in order of ``docs``; the axes are named
        ``group`` and ``other``); a cell is the share of the row group's article characters
        (white space aside) that lie in passages shared with the column group's reports.
        Directional; NaN on the diagonal.
    """
    check_docs(docs, "reuse_matrix")
    if by not in docs.columns:
        raise KeyError(f"reuse_matrix: docs have no column {by!r}")
    passages = reuse(docs, **options) if passages is None else passages
    if not stock:
        passages = passages[~passages["stock"]]
    group = {str(d): str(g) if pd.notna(g) else str(d) for d, g in zip(docs["doc_id"], docs[by])}
    names = list(dict.fromkeys(group[str(d)] for d in docs["doc_id"]))
    lengths = _lengths(docs)
    cover = _coverage(passages, lengths)
    chars = {str(d): _article_chars(t) for d, t in zip(docs["doc_id"], docs["text"])}
    totals = Counter()
    for d, mask in chars.items():
        totals[group[d]] += int(mask.sum())
    out = pd.DataFrame(0.0, index=pd.Index(names, name="group"), columns=pd.Index(names, name="other"))
    by_cell: dict[tuple[str, str], dict[str, np.ndarray]] = defaultdict(dict)
    for (doc, other), mask in cover.items():
        if other not in group:
            continue
        cell = by_cell[(group[doc], group[other])]
        cell[doc] = cell[doc] | mask if doc in cell else mask.copy()
    for (g, h), masks in by_cell.items():
        found = sum(int((m & chars[d]).sum()) for d, m in masks.items())
        out.loc[g, h] = found / totals[g] if totals[g] else np.nan
    for g in names:
        out.loc[g, g] = np.nan
    return out


@python_strings
def stock_share(docs: pd.DataFrame, *, passages: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """How much of each report is stock phrasing it shares with most reports.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    passages : DataFrame, optional, keyword-only
        A :func:`reuse` table of the same ``docs``.
    **options
        Options of :func:`reuse` when ``passages`` is not given.

    Returns
    -------
    DataFrame
        ``doc_id, chars`` (article characters, white space aside), ``stock_chars`` (those in
        stock passages), ``share``, ``shared_chars`` (in any passage shared with another
        report, stock or not), ``shared_share``; in the order of ``docs``.
    """
    check_docs(docs, "stock_share")
    passages = reuse(docs, **options) if passages is None else passages
    lengths = _lengths(docs)
    stock_cover = _coverage(passages[passages["stock"]], lengths)
    any_cover = _coverage(passages, lengths)
    rows = []
    for d, text in zip(docs["doc_id"].astype(str), docs["text"]):
        chars = _article_chars(text)
        masks = [m for (doc, _o), m in stock_cover.items() if doc == d]
        anym = [m for (doc, _o), m in any_cover.items() if doc == d]
        stock = np.logical_or.reduce(masks) if masks else np.zeros(len(chars), bool)
        shared = np.logical_or.reduce(anym) if anym else np.zeros(len(chars), bool)
        n = int(chars.sum())
        rows.append((d, n, int((stock & chars).sum()), int((shared & chars).sum())))
    out = pd.DataFrame(rows, columns=["doc_id", "chars", "stock_chars", "shared_chars"])
    out["share"] = out["stock_chars"] / out["chars"].where(out["chars"] > 0)
    out["shared_share"] = out["shared_chars"] / out["chars"].where(out["chars"] > 0)
    return out[["doc_id", "chars", "stock_chars", "share", "shared_chars", "shared_share"]].astype(
        {"doc_id": "string"})
