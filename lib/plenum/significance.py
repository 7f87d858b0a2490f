"""Tests behind keyness: Dunning's G² with its χ² p, Hardie's Log Ratio, Fisher's exact
test and the Benjamini–Hochberg adjustment, vectorised over many 2×2 tables of word counts.

References: Dunning (1993), Accurate methods for the statistics of surprise and coincidence,
*Computational Linguistics* 19(1); Rayson & Garside (2000), Comparing corpora using frequency
profiling, *WCC workshop*; Hardie (2014), Log Ratio: an informal introduction, CASS;
Benjamini & Hochberg (1995), Controlling the false discovery rate, *JRSS B* 57(1).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def log_likelihood(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Dunning's log-likelihood G² of counts in a target and a reference corpus.

    As in Rayson & Garside (2000). A zero count contributes 0 (the limit of x·ln x).

    Parameters
    ----------
    a : array_like
        Counts in the target corpus.
    b : array_like
        Counts in the reference corpus.
    c : float or array_like
        Tokens in the target corpus.
    d : float or array_like
        Tokens in the reference corpus.

    Returns
    -------
    ndarray
        G² of each pair of counts.
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies.

    A zero count is replaced by 0.5. ``a, b, c, d`` are as in :func:`log_likelihood`:
    counts in target and reference, tokens in target and reference.

    Returns
    -------
    ndarray
        log2((a / c) / (b / d)): positive where the word is more frequent in the target.
    """
    a = np.where(np.asarray(a, float) == 0, 0.5, a)
    b = np.where(np.asarray(b, float) == 0, 0.5, b)
    return np.log2((a / c) / (b / d))


_ERFC = np.frompyfunc(math.erfc, 1, 1)


def chi2_sf_1df(x: np.ndarray) -> np.ndarray:
    """Upper tail of the χ² distribution with one degree of freedom.

    Parameters
    ----------
    x : array_like
        The statistics (such as G² of :func:`log_likelihood`); negative values count as 0.

    Returns
    -------
    ndarray
        The p-value of each statistic, as floats (at least one-dimensional).
    """
    x = np.clip(np.atleast_1d(np.asarray(x, float)), 0.0, None)
    return _ERFC(np.sqrt(x / 2)).astype(float)


def fisher_exact_p(a, b, c, d) -> np.ndarray:
    """Two-sided p of Fisher's exact test for each 2×2 table of word counts.

    The table is ``[[a, c - a], [b, d - b]]``: ``a`` occurrences of the word among the
    ``c`` words of the target, ``b`` among the ``d`` words of the reference. With the
    margins fixed, ``a`` is hypergeometric; the p is the sum of the probabilities of all
    tables no more likely than the observed one (with a relative tolerance of 1e-7 for ties).

    Parameters
    ----------
    a, b, c, d : array-like of int
        As above, one entry per table.

    Returns
    -------
    ndarray
        p in [0, 1], one per table.
    """
    a, b, c, d = (np.asarray(x, dtype=np.int64).ravel() for x in (a, b, c, d))
    out = np.ones(len(a))
    if not len(a):
        return out
    k, n, total = a + b, c, c + d  # word occurrences, target words, all words
    log_fact = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, int(total.max()) + 1)))])

    def log_choose(top, bottom):
        return log_fact[top] - log_fact[bottom] - log_fact[top - bottom]

    keys = pd.DataFrame({"k": k, "n": n, "total": total})
    for (kk, nn, tt), rows in keys.groupby(["k", "n", "total"], sort=False).indices.items():
        low, high = max(0, kk - (tt - nn)), min(kk, nn)
        x = np.arange(low, high + 1)
        pmf = np.exp(log_choose(kk, x) + log_choose(tt - kk, nn - x) - log_choose(tt, nn))
        ordered = np.sort(pmf)
        cumulative = np.cumsum(ordered)
        observed = pmf[a[rows] - low]
        # tables no more likely than the observed one: the sorted pmf up to it, ties included
        upto = np.searchsorted(ordered, observed * (1 + 1e-7), side="right")
        out[rows] = cumulative[upto - 1]
    return np.clip(out, 0.0, 1.0)


def bh_adjust(p) -> np.ndarray:
    """Benjamini–Hochberg adjusted p values (q): the false discovery rate at which each test
    would just be called significant, over all the tests given.

    Parameters
    ----------
    p : array-like of float
        p values; missing values stay missing and are not counted as tests.

    Returns
    -------
    ndarray
        q, aligned with ``p``: ``min over j ≥ rank of p_(j) · m / j``, capped at 1.
    """
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return q
    order = np.argsort(p[ok], kind="mergesort")
    ranked = p[ok][order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    values = np.empty(m)
    values[order] = np.minimum(adjusted, 1.0)
    q[ok] = values
    return q
