"""Corpora larger than memory: reports read and counted in partitions whose counts merge.

A province's archive (every county for twenty years: ~150,000 pages) does not fit in
memory as one token table. Here the folder's files are split into partitions and each is
read, tokenized and counted on its own; the counts add up, and term frequency, keyness and
theme scores come from the sums, equal to what the in-memory functions return on the whole
corpus (without bootstrap intervals, which need every sentence at once).

Two passes, each a plain map over lists of file names followed by a reduce, so that the
same functions can run under a distributed engine (``dask.bag.from_sequence(parts).map(…)``)
unchanged:

1. :func:`partition_vocabulary` per partition, :func:`merge_vocabulary` over them: the
   corpus's own words and names (every report is cut as in the whole corpus) and which
   pages repeat an earlier one (each article counts once, as :func:`plenum.plenum_reports`).
2. :func:`partition_counts` per partition (optionally writing its tokens to Parquet),
   :func:`merge_counts` over them, then :func:`tables_from_counts`.

:func:`count_partitioned` runs both in one process, one partition in memory at a time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._text import python_strings
from .measures import countable, frequency_table, keyness_table, word_counts
from .reading import article_key, read_reports, report_files
from .themes import theme_scores
from .tokens import tokenize
from .vocabulary import corpus_words, own_names


def file_partitions(folder, *, size: int = 1000) -> list[list[str]]:
    """The report files of ``folder`` in partitions of at most ``size``, as paths relative to
    the folder (plain lists of strings, so they travel to any worker).

    Parameters
    ----------
    folder : str or Path
        The folder of reports, as for :func:`plenum.read_reports`.
    size : int, keyword-only
        Files per partition (default 1,000: about 150 MB of tokens at a time).

    Returns
    -------
    list of list of str
    """
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder of reports at {folder}")
    paths = [p.relative_to(folder).as_posix() for p in report_files(folder)]
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def _reports(folder, files) -> pd.DataFrame:
    docs = read_reports(folder, files=files, errors="ignore", progress=False)
    return docs[docs["kind"].eq("plenum").fillna(False).to_numpy(dtype=bool)]


def partition_vocabulary(folder, files) -> dict:
    """Pass 1 on one partition: its own words and names, and each report's article key.

    Returns
    -------
    dict
        ``words`` and ``names`` (lists of str), ``articles`` (list of ``(doc_id, key)``:
        pages with the same key carry the same article text).
    """
    docs = _reports(folder, files)
    return {"words": corpus_words(docs, cache=True), "names": own_names(docs),
            "articles": [(d, article_key(t)) for d, t in zip(docs["doc_id"], docs["text_simplified"])
                         if isinstance(t, str) and t]}


def merge_vocabulary(parts) -> dict:
    """Pass 1 reduce: the union of the partitions' words and names, and the doc_ids that
    repeat an article of a smaller doc_id (left out of the counts).

    Returns
    -------
    dict
        ``words``, ``names`` (sorted lists) and ``repeats`` (a sorted list of doc_ids).
    """
    words, names, first, repeats = set(), set(), {}, set()
    articles = []
    for part in parts:
        words.update(part["words"])
        names.update(part["names"])
        articles += part["articles"]
    for doc_id, key in sorted(articles):
        if key in first:
            repeats.add(doc_id)
        else:
            first[key] = doc_id
    return {"words": sorted(words), "names": sorted(names), "repeats": sorted(repeats)}


@python_strings
def partition_counts(folder, files, *, vocabulary: dict, by: str = "place", spill=None) -> dict:
    """Pass 2 on one partition: read, tokenize with the whole corpus's vocabulary, count.

    Parameters
    ----------
    folder : str or Path
        The folder of reports.
    files : list of str
        One partition of :func:`file_partitions`.
    vocabulary : dict, keyword-only
        :func:`merge_vocabulary` of every partition.
    by : str, keyword-only
        The document column to group by (place, province, year …).
    spill : str or Path, optional, keyword-only
        A folder to write the partition's tokens to, as ``part-<first doc_id>.parquet``
        (read them back with ``pandas.read_parquet``).

    Returns
    -------
    dict
        ``words`` (``group, token, n, n_docs``), ``documents`` (``group, n_docs``: documents
        with any token), ``themes`` (``group, theme, hits, sentences, words, n_sentences``).
    """
    docs = _reports(folder, files)
    docs = docs[~docs["doc_id"].isin(vocabulary["repeats"])].reset_index(drop=True)
    tokens = tokenize(docs, keep=(by,), corpus=vocabulary)
    if spill is not None and len(tokens):
        out = Path(spill)
        out.mkdir(parents=True, exist_ok=True)
        tokens.to_parquet(out / f"part-{tokens['doc_id'].cat.categories[0]}.parquet", index=False)
    group = tokens[by].astype("string").fillna("(unknown)")
    counts, docs_per_group = word_counts(tokens, countable(tokens), group)
    themes = theme_scores(docs, by=by, tokens=tokens) if len(docs) else pd.DataFrame()
    return {"words": counts, "documents": docs_per_group.rename("n_docs").reset_index(),
            "themes": themes[["group", "theme", "hits", "sentences", "words", "n_sentences"]] if len(themes)
            else pd.DataFrame(columns=["group", "theme", "hits", "sentences", "words", "n_sentences"])}


@python_strings
def merge_counts(parts) -> dict:
    """Pass 2 reduce: the partitions' counts summed (each document is in one partition)."""
    parts = list(parts)

    def total(name, keys):
        frames = [p[name] for p in parts if len(p[name])]
        if not frames:
            return parts[0][name] if parts else pd.DataFrame()
        both = pd.concat(frames, ignore_index=True)
        both[keys] = both[keys].astype("string")
        return both.groupby(keys, sort=False, observed=True).sum(numeric_only=True).reset_index()

    return {"words": total("words", ["group", "token"]), "documents": total("documents", ["group"]),
            "themes": total("themes", ["group", "theme"])}


@python_strings
def tables_from_counts(counts: dict, *, by: str = "place") -> dict:
    """``term_frequency``, ``keyness`` and ``theme_scores`` (without intervals) from
    :func:`merge_counts`, as the in-memory functions return them on the whole corpus."""
    words = counts["words"]
    docs_per_group = counts["documents"].set_index("group")["n_docs"]
    freq = frequency_table(words, docs_per_group) if len(words) else pd.DataFrame(
        columns=["group", "token", "n", "total", "per_10k", "n_docs", "doc_share"])
    themes = counts["themes"].copy()
    if len(themes):
        order = {t: i for i, t in enumerate(dict.fromkeys(themes["theme"]))}
        themes = themes.assign(_o=themes["theme"].map(order)).sort_values(["group", "_o"], ignore_index=True)
        themes["per_1k"] = (themes["hits"] / themes["words"].where(themes["words"] > 0) * 1000).astype(float)
        themes["sentence_share"] = (themes["sentences"] / themes["n_sentences"].where(themes["n_sentences"] > 0)
                                    ).astype(float)
        themes = themes[["group", "theme", "hits", "words", "per_1k", "sentences", "n_sentences", "sentence_share"]]
    return {"term_frequency": freq, "keyness": keyness_table(freq, by=by), "theme_scores": themes}


def count_partitioned(folder, *, size: int = 1000, by: str = "place", spill=None) -> dict:
    """Both passes in this process, one partition in memory at a time.

    Parameters
    ----------
    folder : str or Path
        The folder of reports.
    size : int, keyword-only
        Files per partition.
    by : str, keyword-only
        The document column to group by.
    spill : str or Path, optional, keyword-only
        A folder for each partition's tokens as Parquet (see :func:`partition_counts`).

    Returns
    -------
    dict
        ``term_frequency``, ``keyness``, ``theme_scores`` (:func:`tables_from_counts`) and
        ``vocabulary`` (:func:`merge_vocabulary`).
    """
    parts = file_partitions(folder, size=size)
    vocabulary = merge_vocabulary(partition_vocabulary(folder, files) for files in parts)
    counts = merge_counts(partition_counts(folder, files, vocabulary=vocabulary, by=by, spill=spill)
                          for files in parts)
    return {**tables_from_counts(counts, by=by), "vocabulary": vocabulary}
