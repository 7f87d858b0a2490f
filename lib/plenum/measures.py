"""Measures on the token table: frequency, keyness, similarity, and the way back to the
sentences (KWIC). Each takes the tidy frame of :func:`plenum.tokenize` and returns a
tidy frame."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .tokens import token_rules
from .significance import bh_adjust, chi2_sf_1df, fisher_exact_p, log_likelihood, log_ratio  # noqa: F401
from .concordance import kwic  # noqa: F401  (public here too)
from ._text import python_strings


_WORDLIKE = re.compile(r"[\u3400-\u9fffA-Za-z]")
_DIGITS = re.compile(r"^[\d.,%％+\-]+$")


def _check_tokens(tokens, what: str) -> None:
    if not isinstance(tokens, pd.DataFrame):
        raise TypeError(f"{what} takes the token table of plenum.tokenize, not {type(tokens).__name__}")
    missing = [c for c in ("doc_id", "token", "is_stop") if c not in tokens.columns]
    if missing:
        raise KeyError(f"{what}: the table has no column {missing[0]!r} (expected plenum.tokenize output)")


@python_strings
def words_of(tokens: pd.DataFrame) -> pd.Series:
    """The word each token counts as: its ``token_simplified`` (the analysis form, so a
    traditional page counts like a simplified one), or ``token`` in a table without it."""
    return tokens["token_simplified"] if "token_simplified" in tokens.columns else tokens["token"]


@python_strings
def own_name_mask(tokens: pd.DataFrame, tok: pd.Series) -> pd.Series:
    """The tokens that are the corpus's own names: the ``is_name`` column of
    :func:`plenum.tokenize`, or, in a table without it, the values of its ``place`` column
    and their short forms."""
    if "is_name" in tokens.columns:
        return tokens["is_name"].astype(bool)
    if "place" not in tokens.columns:
        return pd.Series(False, index=tokens.index)
    from .places import short_name

    places = {p for p in tokens["place"].dropna().astype(str).unique()}
    names = places | {short_name(p) for p in places if short_name(p)}
    return tok.isin(names)


@python_strings
def countable(tokens: pd.DataFrame, *, min_chars: int = 2, keep_stop: bool = False,
              drop="names") -> pd.Series:
    """Boolean mask of the tokens that count as words.

    A word has at least ``min_chars`` characters and contains a Chinese character or a letter
    (so no punctuation, no digits-only); it is not a session ordinal (第十五次, 八届二次:
    ``data/token_rules.csv``); unless ``keep_stop``, it is not a stopword; and it is not in
    ``drop`` — by default the corpus's own names.

    Parameters
    ----------
    tokens : DataFrame
        :func:`plenum.tokenize` output (``doc_id``, ``token`` and ``is_stop`` are required).
    min_chars : int, keyword-only
        The fewest characters a word has.
    keep_stop : bool, keyword-only
        Count stopwords as words too.
    drop : "names", iterable of str or None, keyword-only
        Tokens that never count. ``"names"`` (the default): the corpus's own places,
        prefectures, provinces and secretaries (:func:`own_name_mask`), which would top every
        list of the report that names them; an iterable: exactly these tokens; None: none.

    Returns
    -------
    Series
        Boolean, aligned with ``tokens``: True for a token that counts as a word.
    """
    _check_tokens(tokens, "countable")
    words = words_of(tokens)
    if isinstance(words.dtype, pd.CategoricalDtype):
        # each distinct word is tested once and the answer spread by its code: a corpus has
        # millions of tokens but tens of thousands of words
        kinds = pd.Series(words.cat.categories.astype("string"))
        good = _wordlike(kinds, min_chars).to_numpy(dtype=bool)
        codes = words.cat.codes.to_numpy()
        mask, tok = pd.Series(np.where(codes >= 0, good[codes], False), index=tokens.index), None
    else:
        tok = words.astype("string")
        mask = _wordlike(tok, min_chars)
    if not keep_stop:
        mask &= ~tokens["is_stop"].astype(bool)
    if isinstance(drop, str):
        if drop != "names":
            raise ValueError(f'drop={drop!r}: expected "names", a list of tokens, or None')
        mask &= ~own_name_mask(tokens, words.astype("string") if tok is None and "is_name" not in tokens.columns
                               else tok)
    elif drop is not None:
        drop = list(drop)
        if drop:
            mask &= ~words.isin(drop)
    return mask.fillna(False).astype(bool)


def _wordlike(tok: pd.Series, min_chars: int) -> pd.Series:
    """Long enough, with a Chinese character or a letter, not all digits, not a session ordinal."""
    mask = (tok.str.len() >= min_chars) & tok.str.contains(_WORDLIKE) & ~tok.str.match(_DIGITS)
    ordinal = token_rules()[2]
    if ordinal is not None:
        ordinals = [k for k in tok.dropna().unique() if ordinal.fullmatch(k)]
        if ordinals:
            mask &= ~tok.isin(ordinals)
    return mask.fillna(False)


def _group(tokens: pd.DataFrame, by: str) -> pd.Series:
    if by not in tokens.columns:
        raise KeyError(f"tokens have no column {by!r}; pass keep=({by!r},) to tokenize")
    column = tokens[by]
    if isinstance(column.dtype, pd.CategoricalDtype):
        # the group of each token as codes: its text is made once per group, not per token
        names = list(column.cat.categories.astype("string"))
        codes = column.cat.codes.to_numpy()
        if (codes < 0).any():
            if "(unknown)" not in names:
                names.append("(unknown)")
            codes = np.where(codes < 0, names.index("(unknown)"), codes)
        if len(set(names)) == len(names):
            return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype="string")),
                             index=tokens.index, name=by).cat.remove_unused_categories()
    return column.astype("string").fillna("(unknown)")


def _sentence_index(tokens: pd.DataFrame):
    """Each token's sentence as a position (0 … S-1) and each sentence's document code."""
    keys = pd.MultiIndex.from_arrays([tokens["doc_id"].astype("string"), tokens["sent_no"].to_numpy()])
    sent_of_token, uniques = pd.factorize(keys, sort=False)
    sent_doc, _ = pd.factorize(uniques.get_level_values(0))
    return sent_of_token, sent_doc


def _frequency_intervals(tokens, mask, group, counts, *, ci, n_boot, seed):
    """Bootstrap interval of per_10k for every row of ``counts`` (sentences within reports)."""
    from . import resampling

    if "sent_no" not in tokens.columns:
        raise KeyError("intervals resample sentences: the token table needs its sent_no column")
    sent_of_token, sent_doc = _sentence_index(tokens)
    group_code, group_names = resampling.codes(group)
    sent_group = np.zeros(len(sent_doc), dtype=np.int64)
    sent_group[sent_of_token] = group_code
    mask = mask.to_numpy()
    den_sent = np.bincount(sent_of_token[mask], minlength=len(sent_doc)).astype(float)
    rows = pd.MultiIndex.from_frame(counts[["group", "token"]])
    occ_code = rows.get_indexer(pd.MultiIndex.from_arrays([group[mask].to_numpy(), words_of(tokens)[mask].to_numpy()]))
    code_group = pd.Index(group_names).get_indexer(counts["group"])
    reps = resampling.ratio_replicates(
        sent_doc=sent_doc, sent_group=sent_group, den_sent=den_sent, occ_sent=sent_of_token[mask],
        occ_code=occ_code, occ_weight=np.ones(len(occ_code)), code_group=code_group, n_codes=len(counts),
        n_groups=len(group_names), n_boot=n_boot, seed=seed)
    low, high = resampling.percentile_interval(reps, ci)
    return low * 10_000, high * 10_000


def word_counts(tokens: pd.DataFrame, mask: pd.Series, group: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """The counts :func:`term_frequency` is made of, which add up across disjoint sets of
    documents (:mod:`plenum.partitions`): ``group, token, n, n_docs`` of the tokens under
    ``mask``, and each group's number of documents with any token."""
    words = pd.DataFrame({"doc_id": tokens["doc_id"][mask], "group": group[mask], "token": words_of(tokens)[mask]})
    counts = words.groupby(["group", "token"], observed=True).agg(
        n=("token", "size"), n_docs=("doc_id", "nunique")).reset_index()
    docs_per_group = tokens.assign(group=group).groupby("group", observed=True)["doc_id"].nunique()
    counts["group"] = counts["group"].astype("string")
    docs_per_group.index = docs_per_group.index.astype("string")
    return counts, docs_per_group


def frequency_table(counts: pd.DataFrame, docs_per_group: pd.Series) -> pd.DataFrame:
    """:func:`term_frequency` (without intervals) from :func:`word_counts`."""
    counts = counts.copy()
    # looked up by index, not Series.map: mapping a string column goes value by value
    counts["total"] = counts.groupby("group", observed=True)["n"].transform("sum").astype("int64")
    counts["per_10k"] = counts["n"] / counts["total"] * 10_000
    counts["doc_share"] = counts["n_docs"] / docs_per_group.reindex(counts["group"]).to_numpy(dtype=float)
    return counts.sort_values(["group", "n", "token"], ascending=[True, False, True], ignore_index=True)[
        ["group", "token", "n", "total", "per_10k", "n_docs", "doc_share"]]


@python_strings
def term_frequency(tokens: pd.DataFrame, *, by: str = "place", min_chars: int = 2,
                   keep_stop: bool = False, drop="names", ci: float | None = None, n_boot: int = 1000,
                   seed: int = 0) -> pd.DataFrame:
    """How often each word occurs per group, per 10,000 content words.

    Parameters
    ----------
    tokens : DataFrame
        :func:`plenum.tokenize` output carrying the ``by`` column (``place`` by default;
        others through ``plenum.tokenize(docs, keep=(...))``).
    by : str, keyword-only
        The column to group by (place, province, year, session_type, doc_id …); a missing
        value is the group "(unknown)".
    min_chars : int, keyword-only
        As in :func:`countable`.
    keep_stop : bool, keyword-only
        As in :func:`countable`.
    drop : "names", iterable of str or None, keyword-only
        As in :func:`countable` (the corpus's own names by default).
    ci : float, optional, keyword-only
        Add a bootstrap interval at this level (0.95) for every rate; None (the default)
        computes none and costs nothing.
    n_boot : int, keyword-only
        Bootstrap replicates when ``ci`` is given.
    seed : int, keyword-only
        Seed of the replicates: the same seed gives the same intervals.

    Returns
    -------
    DataFrame
        ``group, token`` (the word in simplified characters, :func:`words_of`), ``n``,
        ``total`` (the group's content words: tokens that count as words in
        :func:`countable`), ``per_10k`` (n per 10,000 content words), with ``ci``:
        ``per_10k_low, per_10k_high``; then ``n_docs`` (documents of the group using it) and
        ``doc_share`` (n_docs over the group's documents). Sorted by group, then n
        descending.

    Notes
    -----
    The interval resamples sentences within each report (a stratified bootstrap; see
    :mod:`plenum.resampling`): each replicate draws every report's sentences with
    replacement, as many as it has, and recomputes the rate. It reflects how much a rate
    depends on which sentences a report happens to contain; a word met in one sentence gets
    an interval from 0.
    """
    from .resampling import check_ci

    check_ci(ci, n_boot)
    columns = ["group", "token", "n", "total", "per_10k"] + (["per_10k_low", "per_10k_high"] if ci else []) \
        + ["n_docs", "doc_share"]
    mask = countable(tokens, min_chars=min_chars, keep_stop=keep_stop, drop=drop)
    group = _group(tokens, by)
    counts, docs_per_group = word_counts(tokens, mask, group)
    if counts.empty:
        return pd.DataFrame(columns=columns)
    counts = frequency_table(counts, docs_per_group)
    if ci:
        counts["per_10k_low"], counts["per_10k_high"] = _frequency_intervals(
            tokens, mask, group, counts, ci=ci, n_boot=n_boot, seed=seed)
    return counts[columns]


KEYNESS_COLUMNS = ["group", "token", "n_target", "n_reference", "total_target", "total_reference", "g2", "p",
                   "p_exact", "q", "log_ratio"]
#: Up to this many groups, keyness also scores words a group never uses (under-use).
ABSENT_MAX_GROUPS = 50


@python_strings
def keyness(tokens: pd.DataFrame, *, by: str = "place", target=None, min_chars: int = 2,
            keep_stop: bool = False, min_count: int = 2, drop="names",
            include_absent: bool | None = None) -> pd.DataFrame:
    """Words over- and under-used by each group against all other groups together.

    Parameters
    ----------
    tokens : DataFrame
        :func:`plenum.tokenize` output carrying the ``by`` column.
    by : str, keyword-only
        The column to group by (place, province, doc_id …).
    target : str or list of str, optional, keyword-only
        Limits the output to one group (or a list); KeyError for a group that ``by`` does not
        have.
    min_chars : int, keyword-only
        As in :func:`countable`.
    keep_stop : bool, keyword-only
        As in :func:`countable`.
    min_count : int, keyword-only
        Words with fewer occurrences in group and reference together are left out.
    drop : "names", iterable of str or None, keyword-only
        As in :func:`countable`: by default the corpus's own names are left out (a place's
        own name is trivially key to it); None keeps them.
    include_absent : bool, optional, keyword-only
        Also score words a group never uses (n_target = 0); by default only up to
        :data:`ABSENT_MAX_GROUPS` groups, since their number grows with groups × vocabulary.

    Returns
    -------
    DataFrame
        ``group, token, n_target, n_reference``, ``total_target, total_reference`` (the
        counted words of the group and of the rest: the margins of the row's 2×2 table),
        ``g2`` (Dunning log-likelihood), ``p`` (χ², 1 df, of g2), ``p_exact`` (Fisher's exact
        test, two-sided), ``q`` (Benjamini–Hochberg over every row of this call, from
        ``p_exact``), ``log_ratio`` (Hardie; positive: more frequent in the group). Sorted by
        group, then g2 descending.

    Notes
    -----
    G²'s p comes from the χ² approximation, which needs expected counts of about five or
    more; for the many words a report uses two or three times and the rest never, it is far
    too small (a 2-vs-0 word can reach p < 0.01 while the exact p is several times larger).
    ``p_exact`` holds at any count. Each call runs one test per row, hundreds per group, so
    read ``q``, not ``p``: about 5% of the words with q < 0.05 are expected to be false
    discoveries.
    """
    freq = term_frequency(tokens, by=by, min_chars=min_chars, keep_stop=keep_stop, drop=drop)
    return keyness_table(freq, by=by, target=target, min_count=min_count, include_absent=include_absent)


def keyness_table(freq: pd.DataFrame, *, by: str = "place", target=None, min_count: int = 2,
                  include_absent: bool | None = None) -> pd.DataFrame:
    """:func:`keyness` from a :func:`term_frequency` table (``group, token, n``)."""
    columns = KEYNESS_COLUMNS
    if freq.empty:
        return pd.DataFrame(columns=columns)
    groups = sorted(freq["group"].unique())
    if target is not None:
        wanted = [target] if isinstance(target, str) else list(target)
        missing = set(wanted) - set(groups)
        if missing:
            raise KeyError(f"no group {sorted(missing)} in column {by!r}")
    else:
        wanted = groups
    if include_absent is None:
        include_absent = len(groups) <= ABSENT_MAX_GROUPS or len(wanted) <= ABSENT_MAX_GROUPS
    token_total = freq.groupby("token")["n"].sum()
    group_total = freq.groupby("group")["n"].sum()
    grand = float(group_total.sum())
    rows = freq.loc[freq["group"].isin(wanted), ["group", "token", "n"]]
    if include_absent:
        grid = pd.MultiIndex.from_product([wanted, token_total.index], names=["group", "token"])
        absent = grid.difference(pd.MultiIndex.from_frame(rows[["group", "token"]]))
        if len(absent):
            rows = pd.concat([rows, absent.to_frame(index=False).assign(n=0)], ignore_index=True)
    a = rows["n"].to_numpy(float)
    b = token_total.reindex(rows["token"]).to_numpy(dtype=float) - a
    c = group_total.reindex(rows["group"]).to_numpy(dtype=float)
    d = grand - c
    out = pd.DataFrame({"group": rows["group"].to_numpy(), "token": rows["token"].to_numpy(),
                        "n_target": a.astype(int), "n_reference": b.astype(int)})
    keep = (d > 0) & ((a + b) >= min_count)
    out, a, b, c, d = out[keep], a[keep], b[keep], c[keep], d[keep]
    out["g2"] = log_likelihood(a, b, c, d)
    out["p"] = chi2_sf_1df(out["g2"].to_numpy())
    out["total_target"], out["total_reference"] = c.astype(int), d.astype(int)
    out["p_exact"] = fisher_exact_p(a, b, c, d)
    out["q"] = bh_adjust(out["p_exact"].to_numpy())
    out["log_ratio"] = log_ratio(a, b, c, d)
    return out.sort_values(["group", "g2", "token"], ascending=[True, False, True],
                           ignore_index=True)[columns]


@python_strings
def similarity(tokens: pd.DataFrame, *, by: str = "place", min_chars: int = 2,
               keep_stop: bool = False, drop="names") -> pd.DataFrame:
    """Cosine similarity of the groups' TF-IDF vectors.

    tf is the raw count; idf = ln((1 + G) / (1 + g)) + 1 over the G groups (g: groups using
    the word), as in scikit-learn's smoothed idf.

    Parameters
    ----------
    tokens : DataFrame
        :func:`plenum.tokenize` output carrying the ``by`` column.
    by : str, keyword-only
        The column to group by (place, province, doc_id …).
    min_chars : int, keyword-only
        As in :func:`countable`.
    keep_stop : bool, keyword-only
        As in :func:`countable`.
    drop : "names", iterable of str or None, keyword-only
        As in :func:`countable` (the corpus's own names by default).

    Returns
    -------
    DataFrame
        A square table, groups on both axes (each named after ``by``); empty when no word
        counts.
    """
    freq = term_frequency(tokens, by=by, min_chars=min_chars, keep_stop=keep_stop, drop=drop)
    wide = freq.pivot_table(index="group", columns="token", values="n", aggfunc="sum", fill_value=0)
    if wide.empty:
        return pd.DataFrame()
    n_groups = len(wide)
    df = (wide > 0).sum(axis=0)
    idf = np.log((1 + n_groups) / (1 + df)) + 1
    tfidf = wide.to_numpy(float) * idf.to_numpy()
    norms = np.linalg.norm(tfidf, axis=1, keepdims=True)
    unit = np.divide(tfidf, norms, out=np.zeros_like(tfidf), where=norms > 0)
    sim = unit @ unit.T
    return pd.DataFrame(sim, index=wide.index.rename(by), columns=wide.index.rename(by))


def _cosine_tfidf(counts: np.ndarray) -> np.ndarray:
    """Cosine similarity of the rows of each (replicate × group × word) count array, with the
    smoothed idf of :func:`similarity`."""
    n_groups = counts.shape[1]
    idf = np.log((1 + n_groups) / (1 + (counts > 0).sum(axis=1))) + 1
    tfidf = counts * idf[:, None, :]
    norms = np.linalg.norm(tfidf, axis=2, keepdims=True)
    unit = np.divide(tfidf, norms, out=np.zeros_like(tfidf), where=norms > 0)
    return np.einsum("rgv,rhv->rgh", unit, unit)


@python_strings
def closest_pairs(tokens: pd.DataFrame, *, by: str = "place", min_chars: int = 2, keep_stop: bool = False,
                  drop="names", n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Which group is each group's nearest in vocabulary, and how stable that is.

    Similarity is the TF-IDF cosine of :func:`similarity`. Its stability comes from a
    bootstrap that resamples sentences within each report (as in :func:`term_frequency`):
    in each replicate every group's nearest neighbour, and the most similar pair of all, are
    found again.

    Parameters
    ----------
    tokens : DataFrame
        :func:`plenum.tokenize` output carrying the ``by`` column and ``sent_no``.
    by : str, keyword-only
        The column to group by.
    min_chars, keep_stop, drop : keyword-only
        As in :func:`similarity`.
    n_boot : int, keyword-only
        Bootstrap replicates.
    seed : int, keyword-only
        Seed of the replicates: the same seed gives the same shares.

    Returns
    -------
    DataFrame
        One row per ordered pair of different groups: ``group_a, group_b, similarity``
        (observed), ``share_closest`` (share of replicates in which group_b is group_a's
        nearest group) and ``share_top`` (share in which the two are the most similar pair
        of all). Sorted by similarity, highest first. Empty with fewer than two groups.
    """
    from . import resampling

    resampling.check_ci(0.5, n_boot)
    columns = ["group_a", "group_b", "similarity", "share_closest", "share_top"]
    mask = countable(tokens, min_chars=min_chars, keep_stop=keep_stop, drop=drop)
    group = _group(tokens, by)
    if "sent_no" not in tokens.columns:
        raise KeyError("closest_pairs resamples sentences: the token table needs its sent_no column")
    sent_of_token, sent_doc = _sentence_index(tokens)
    group_code, groups = resampling.codes(group[mask])
    word_code, words = resampling.codes(words_of(tokens)[mask])
    n_groups, n_words = len(groups), len(words)
    if n_groups < 2:
        return pd.DataFrame(columns=columns)
    cells = group_code * n_words + word_code
    occ_sent = sent_of_token[mask.to_numpy()]
    observed = np.bincount(cells, minlength=n_groups * n_words).reshape(1, n_groups, n_words).astype(float)
    sim = _cosine_tfidf(observed)[0]
    closest = np.zeros((n_groups, n_groups))
    top = np.zeros((n_groups, n_groups))
    off = ~np.eye(n_groups, dtype=bool)
    chunk = resampling.chunk_size(n_boot, max(len(occ_sent), n_groups * n_words))
    for weights in resampling.sentence_weights(sent_doc, n_boot, seed=seed, chunk=chunk):
        counts = resampling.weighted_sums(weights, occ_sent, np.ones(len(occ_sent)), cells, n_groups * n_words)
        reps = _cosine_tfidf(counts.reshape(-1, n_groups, n_words))
        reps[:, ~off] = -np.inf
        nearest = reps.argmax(axis=2)
        np.add.at(closest, (np.tile(np.arange(n_groups), len(reps)), nearest.ravel()), 1)
        best = reps.reshape(len(reps), -1).argmax(axis=1)
        a, b = np.divmod(best, n_groups)
        np.add.at(top, (a, b), 1)
        np.add.at(top, (b, a), 1)
    ia, ib = np.nonzero(off)
    out = pd.DataFrame({"group_a": [groups[i] for i in ia], "group_b": [groups[j] for j in ib],
                        "similarity": sim[ia, ib], "share_closest": closest[ia, ib] / n_boot,
                        "share_top": top[ia, ib] / n_boot})
    return out.sort_values(["similarity", "group_a", "group_b"], ascending=[False, True, True],
                           ignore_index=True)[columns]


@python_strings
def vocabulary_overlap(tokens: pd.DataFrame, *, by: str = "place", min_chars: int = 2,
                       keep_stop: bool = False, drop="names") -> pd.DataFrame:
    """Which groups use each word.

    Parameters
    ----------
    tokens : DataFrame
        :func:`plenum.tokenize` output carrying the ``by`` column.
    by : str, keyword-only
        The column to group by (place, province, doc_id …).
    min_chars : int, keyword-only
        As in :func:`countable`.
    keep_stop : bool, keyword-only
        As in :func:`countable`.
    drop : "names", iterable of str or None, keyword-only
        As in :func:`countable` (the corpus's own names by default).

    Returns
    -------
    DataFrame
        ``token, n_groups`` (groups using it), ``groups`` (sorted list), ``n`` (total count),
        ``per_10k_min`` (its lowest rate among the groups using it). Sorted by n_groups, then
        n, descending: the top rows are the shared vocabulary, rows with n_groups == 1 are
        words unique to one group.
    """
    freq = term_frequency(tokens, by=by, min_chars=min_chars, keep_stop=keep_stop, drop=drop)
    out = freq.groupby("token").agg(n_groups=("group", "nunique"), groups=("group", lambda g: sorted(g)),
                                    n=("n", "sum"), per_10k_min=("per_10k", "min")).reset_index()
    return out.sort_values(["n_groups", "n", "token"], ascending=[False, False, True], ignore_index=True)


@python_strings
def unique_words(overlap: pd.DataFrame, *, n: int = 6) -> pd.DataFrame:
    """The most frequent words that only one group uses, per group.

    Parameters
    ----------
    overlap : DataFrame
        :func:`vocabulary_overlap` output.
    n : int, keyword-only
        Words kept per group.

    Returns
    -------
    DataFrame
        ``group, token, n``: at most ``n`` rows per group, in the order of ``overlap`` (most
        frequent first).
    """
    if not isinstance(overlap, pd.DataFrame) or not {"token", "n_groups", "groups", "n"} <= set(overlap.columns):
        raise TypeError("unique_words takes the table of plenum.vocabulary_overlap")
    only = overlap[overlap["n_groups"] == 1]
    out = pd.DataFrame({"group": [g[0] for g in only["groups"]], "token": only["token"].to_numpy(),
                        "n": only["n"].to_numpy()})
    out = out.astype({"group": "string", "token": "string", "n": "int64"})
    return out.groupby("group", sort=False).head(n).reset_index(drop=True)


@python_strings
def term_table(freq: pd.DataFrame, terms) -> pd.DataFrame:
    """Counts of the given terms per group, wide.

    Parameters
    ----------
    freq : DataFrame
        :func:`term_frequency` output.
    terms : iterable of str
        The terms to count (e.g. the glossary's terms: ``plenum.glossary()["term"]``).

    Returns
    -------
    DataFrame
        One row per term that occurs (the index), one column per group, and ``total``; most
        frequent first. Only a ``total`` column when none occurs.
    """
    hits = freq[freq["token"].isin(list(terms))]
    if hits.empty:
        return pd.DataFrame(columns=["total"])
    wide = hits.pivot_table(index="token", columns="group", values="n", aggfunc="sum",
                            fill_value=0, observed=True).astype(int)
    wide.index = wide.index.astype(str)
    wide.columns = wide.columns.astype(str)
    wide["total"] = wide.sum(axis=1)
    return wide.sort_values(["total"], ascending=False, kind="stable")

