"""Bootstrap intervals for rates, resampling sentences within each report.

A rate such as "hits per 1,000 content words" is a ratio of two sums over a group's
sentences. Its sampling variability comes from which sentences a report happens to contain,
so each replicate draws, for every report separately, as many sentences as it has, with
replacement (a stratified bootstrap: a report never lends sentences to another, and every
report keeps its size), and recomputes numerator and denominator from the drawn sentences.
The interval is the percentile interval of the replicates (Efron & Tibshirani 1993, ch. 13).

The functions work on plain arrays so that every measure can describe its own counts:

- ``occ_sent``: for each counted occurrence, the index of its sentence;
- ``occ_code``: the output row it counts for (a group × word, a group × theme …);
- ``occ_weight``: what it adds to the numerator (1, or a keyword weight);
- ``den_sent``: for each sentence, what it adds to the denominator (its content words, or 1);
- ``sent_group`` / ``code_group``: the group of each sentence and of each output row.
"""

from __future__ import annotations

import numpy as np

#: Occurrences × replicates held in memory at once; bounds the bootstrap's peak memory.
CHUNK_CELLS = 4_000_000


def check_ci(ci, n_boot) -> None:
    """ValueError unless ``ci`` is None or in (0, 1) and ``n_boot`` is a positive integer."""
    if ci is None:
        return
    if not isinstance(ci, (int, float)) or not 0 < ci < 1:
        raise ValueError(f"ci must be a probability between 0 and 1 (e.g. 0.95), not {ci!r}")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, not {n_boot!r}")


def _doc_slices(sent_doc: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(sent_doc, kind="stable")
    bounds = np.flatnonzero(np.diff(sent_doc[order])) + 1
    return [part for part in np.split(order, bounds) if len(part)]


def sentence_weights(sent_doc, n_boot: int, *, seed=0, chunk: int | None = None):
    """Replicate weights, ``chunk`` replicates at a time.

    Yields arrays of shape (replicates, sentences): how often each sentence is drawn in each
    replicate. Within every report the weights sum to its number of sentences.
    """
    sent_doc = np.asarray(sent_doc)
    rng = np.random.default_rng(seed)
    docs = _doc_slices(sent_doc)
    chunk = n_boot if chunk is None else max(1, int(chunk))
    done = 0
    while done < n_boot:
        size = min(chunk, n_boot - done)
        weights = np.zeros((size, len(sent_doc)), dtype=np.float64)
        for rows in docs:
            n = len(rows)
            draws = rng.integers(0, n, size=(size, n))
            flat = (np.arange(size)[:, None] * n + draws).ravel()
            weights[:, rows] = np.bincount(flat, minlength=size * n).reshape(size, n)
        done += size
        yield weights


def weighted_sums(weights: np.ndarray, index: np.ndarray, values: np.ndarray, cells: np.ndarray, n_cells: int):
    """Per replicate, the weighted sum of ``values`` into ``cells`` (shape replicates × n_cells)."""
    size = weights.shape[0]
    flat = (np.arange(size)[:, None] * n_cells + cells[None, :]).ravel()
    w = (weights[:, index] * values[None, :]).ravel()
    return np.bincount(flat, weights=w, minlength=size * n_cells).reshape(size, n_cells)


def chunk_size(n_boot: int, n_items: int) -> int:
    return max(1, min(n_boot, CHUNK_CELLS // max(n_items, 1)))


def ratio_replicates(*, sent_doc, sent_group, den_sent, occ_sent, occ_code, occ_weight, code_group,
                     n_codes: int, n_groups: int, n_boot: int, seed=0) -> np.ndarray:
    """Bootstrap replicates of ``numerator[code] / denominator[group of code]``.

    Returns an array (n_boot × n_codes), NaN where a replicate's denominator is 0.
    """
    sent_doc, sent_group = np.asarray(sent_doc), np.asarray(sent_group, dtype=np.int64)
    den_sent = np.asarray(den_sent, dtype=float)
    occ_sent, occ_code = np.asarray(occ_sent, dtype=np.int64), np.asarray(occ_code, dtype=np.int64)
    occ_weight, code_group = np.asarray(occ_weight, dtype=float), np.asarray(code_group, dtype=np.int64)
    out = np.empty((n_boot, n_codes), dtype=np.float32)
    all_sents = np.arange(len(sent_doc))
    at = 0
    for weights in sentence_weights(sent_doc, n_boot, seed=seed,
                                    chunk=chunk_size(n_boot, len(occ_sent) + len(sent_doc))):
        num = weighted_sums(weights, occ_sent, occ_weight, occ_code, n_codes)
        den = weighted_sums(weights, all_sents, den_sent, sent_group, n_groups)[:, code_group]
        with np.errstate(invalid="ignore", divide="ignore"):
            out[at:at + len(weights)] = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
        at += len(weights)
    return out


def percentile_interval(replicates: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """The (low, high) percentile interval of each column of ``replicates``."""
    if replicates.shape[1] == 0:
        return np.empty(0), np.empty(0)
    alpha = (1 - ci) / 2
    with np.errstate(invalid="ignore"):
        low, high = np.nanquantile(replicates.astype(float), [alpha, 1 - alpha], axis=0)
    return low, high


def codes(values) -> tuple[np.ndarray, list]:
    """Integer codes of ``values`` and the distinct values in code order."""
    import pandas as pd

    cat = pd.Categorical(values)
    return np.asarray(cat.codes, dtype=np.int64), list(cat.categories)
