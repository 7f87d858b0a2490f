"""Tables built on :func:`plenum.text_reuse.reuse`: the stock phrases, what each pair of
reports shares, reuse within a province against across, the sentences behind a passage,
which report sits above which, and how much of each report is found in higher-level texts."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from .text_reuse import _article_chars, _coverage, _lengths
from .units import sentences
from ._text import python_strings


@python_strings
def stock_phrases(passages: pd.DataFrame) -> pd.DataFrame:
    """The stock phrases of a :func:`reuse` table, each once.

    Parameters
    ----------
    passages : DataFrame
        :func:`reuse` output.

    Returns
    -------
    DataFrame
        ``phrase`` (as one report writes it), ``n_docs``, ``n_chars``, ``pairs`` (document
        pairs that share it); most widespread first, then longest.
    """
    part = passages[passages["stock"]]
    if part.empty:
        return pd.DataFrame({"phrase": pd.Series(dtype="string"), "n_docs": pd.Series(dtype="int64"),
                             "n_chars": pd.Series(dtype="int64"), "pairs": pd.Series(dtype="int64")})
    out = part.groupby("passage_a", sort=False).agg(n_docs=("n_docs", "max"), n_chars=("n_chars", "max"),
                                                     pairs=("doc_b", "size")).reset_index()
    out = out.rename(columns={"passage_a": "phrase"}).sort_values(["n_docs", "n_chars"], ascending=False)
    return out.reset_index(drop=True).astype({"phrase": "string"})


@python_strings
def pair_summary(passages: pd.DataFrame, docs: pd.DataFrame, *, by: str = "place", stock: bool = False) -> pd.DataFrame:
    """What each pair of reports shares, most first.

    Parameters
    ----------
    passages : DataFrame
        :func:`reuse` output.
    docs : DataFrame
        The documents of ``passages``.
    by : str, keyword-only
        The document column that names each report.
    stock : bool, keyword-only
        Count stock phrasing too (default: leave it out).

    Returns
    -------
    DataFrame
        ``group_a, group_b, passages, chars`` (characters of side a in shared passages),
        ``share_a, share_b`` (of each report's article characters), ``same_province``
        (where ``docs`` has a province column); most shared characters first.
    """
    part = passages if stock else passages[~passages["stock"]]
    name = {str(d): str(g) if pd.notna(g) else str(d) for d, g in zip(docs["doc_id"], docs[by])}
    province = dict(zip(docs["doc_id"].astype(str), docs["province"])) if "province" in docs else {}
    lengths = _lengths(docs)
    cover = _coverage(part, lengths)
    chars = {str(d): _article_chars(t) for d, t in zip(docs["doc_id"], docs["text"])}
    rows = []
    for (a, b), n in part.groupby(["doc_a", "doc_b"]).size().items():
        share_a = (cover[(a, b)] & chars[a]).sum() / max(1, chars[a].sum())
        share_b = (cover[(b, a)] & chars[b]).sum() / max(1, chars[b].sum()) if (b, a) in cover else np.nan
        rows.append((name.get(a, a), name.get(b, b), int(n), int((cover[(a, b)] & chars[a]).sum()),
                     float(share_a), float(share_b),
                     province.get(a) == province.get(b) if province else pd.NA))
    out = pd.DataFrame(rows, columns=["group_a", "group_b", "passages", "chars", "share_a", "share_b",
                                      "same_province"])
    return out.sort_values("chars", ascending=False, kind="stable").reset_index(drop=True).astype(
        {"group_a": "string", "group_b": "string", "same_province": "boolean"})


@python_strings
def province_contrast(matrix: pd.DataFrame, docs: pd.DataFrame, *, by: str = "place") -> pd.DataFrame:
    """Reuse within a province against reuse across provinces.

    Parameters
    ----------
    matrix : DataFrame
        :func:`reuse_matrix` output.
    docs : DataFrame
        The documents (``province`` and the ``by`` column).
    by : str, keyword-only
        The column that named the groups of ``matrix``.

    Returns
    -------
    DataFrame
        ``relation`` (within / across), ``cells`` (ordered group pairs), ``mean_share``,
        ``median_share``.
    """
    if "province" not in docs:
        raise KeyError("province_contrast needs the documents' province column")
    prov = {str(g): p for g, p in zip(docs[by].astype(str), docs["province"])}
    rows = {"within": [], "across": []}
    for g in matrix.index:
        for h in matrix.columns:
            if g != h and pd.notna(matrix.loc[g, h]):
                same = prov.get(str(g)) is not None and prov.get(str(g)) == prov.get(str(h))
                rows["within" if same else "across"].append(float(matrix.loc[g, h]))
    out = pd.DataFrame([(rel, len(v), np.mean(v) if v else np.nan, np.median(v) if v else np.nan)
                        for rel, v in rows.items()], columns=["relation", "cells", "mean_share", "median_share"])
    return out.astype({"relation": "string"})


@python_strings
def passage_sentences(passages: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Each passage traced back to the sentences it lies in, on both sides.

    Parameters
    ----------
    passages : DataFrame
        :func:`reuse` rows (any subset).
    docs : DataFrame
        The documents of ``passages``.

    Returns
    -------
    DataFrame
        ``doc_a, sent_a, sentence_a, doc_b, sent_b, sentence_b, similarity``: one row per
        passage, with the numbers (:func:`plenum.sentences`' ``sent_no``) and texts of the
        first sentence each side of the passage lies in.
    """
    sents = sentences(docs)
    where: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    texts = dict(zip(docs["doc_id"].astype(str), docs["text"]))
    for doc_id, group in sents.groupby("doc_id", sort=False):
        text, at = texts.get(str(doc_id), ""), 0
        for sent_no, s in zip(group["sent_no"], group["text"]):
            start = text.find(s, at)
            if start >= 0:
                where[str(doc_id)].append((start, start + len(s), int(sent_no), s))
                at = start + len(s)

    def find(doc: str, pos: int):
        for s, e, n, t in where.get(doc, []):
            if s <= pos < e:
                return n, t
        return pd.NA, pd.NA

    rows = [(a, *find(a, s_a), b, *find(b, s_b), sim) for a, s_a, b, s_b, sim in
            zip(passages["doc_a"], passages["start_a"], passages["doc_b"], passages["start_b"], passages["similarity"])]
    out = pd.DataFrame(rows, columns=["doc_a", "sent_a", "sentence_a", "doc_b", "sent_b", "sentence_b", "similarity"])
    return out.astype({"sent_a": "Int64", "sent_b": "Int64"})


@python_strings
def hierarchy_links(docs: pd.DataFrame) -> pd.DataFrame:
    """Which report of the corpus sits directly above which: a county's or district's report
    under its prefecture's, a prefecture's under its province's.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``level``, ``place``, ``prefecture``,
        ``province``).

    Returns
    -------
    DataFrame
        ``doc_id, upper_doc_id, relation`` (``county → prefecture`` or ``prefecture →
        province``); empty when the corpus holds no two levels of one chain.
    """
    need = {"doc_id", "level", "place", "prefecture", "province"}
    columns = {"doc_id": "string", "upper_doc_id": "string", "relation": "string"}
    if not need <= set(docs.columns):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    county = {"区", "县", "旗"}
    prefecture = {"市", "州", "盟"}
    rows = []
    for low in docs.itertuples():
        for up in docs.itertuples():
            if low.doc_id == up.doc_id:
                continue
            if low.level in county and up.level in prefecture and up.place == low.prefecture:
                rows.append((low.doc_id, up.doc_id, "county → prefecture"))
            elif low.level in prefecture and up.level == "省" and up.province == low.province \
                    and low.place == low.prefecture:
                rows.append((low.doc_id, up.doc_id, "prefecture → province"))
    return pd.DataFrame(rows, columns=list(columns)).astype(columns)


def reference_folder() -> Path | None:
    """The folder of higher-level texts the notebooks compare the corpus with:
    ``$PLENUM_REFERENCE`` (``make CORPUS=… REFERENCE=…``), or None when unset."""
    value = os.environ.get("PLENUM_REFERENCE", "").strip()
    return Path(value) if value else None


@python_strings
def reference_share(passages: pd.DataFrame, docs: pd.DataFrame, *, stock: bool = False) -> pd.DataFrame:
    """How much of each report is found in each reference text (``reuse(docs, reference=…)``).

    Parameters
    ----------
    passages : DataFrame
        :func:`plenum.text_reuse.reuse` output with ``reference=`` (side b the reference).
    docs : DataFrame
        The corpus documents (side a).
    stock : bool, keyword-only
        Count stock phrasing too (default: leave it out).

    Returns
    -------
    DataFrame
        ``doc_id, reference, passages, chars, share`` (of the report's article characters
        found in that reference text); most copied first.
    """
    part = passages if stock else passages[~passages["stock"]]
    lengths = _lengths(docs)
    chars = {str(d): _article_chars(t) for d, t in zip(docs["doc_id"], docs["text"])}
    cover: dict[tuple[str, str], np.ndarray] = {}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for a, b, s0, e0 in zip(part["doc_a"], part["doc_b"], part["start_a"], part["end_a"]):
        if a in lengths:  # side a is always the corpus report, side b the reference text
            cover.setdefault((a, b), np.zeros(lengths[a], bool))[s0:e0] = True
            counts[(a, b)] += 1
    rows = [(a, b, counts[(a, b)], int((m & chars[a]).sum()), float((m & chars[a]).sum() / max(1, chars[a].sum())))
            for (a, b), m in cover.items()]
    out = pd.DataFrame(rows, columns=["doc_id", "reference", "passages", "chars", "share"])
    return out.sort_values("share", ascending=False, kind="stable").reset_index(drop=True).astype(
        {"doc_id": "string", "reference": "string"})


@python_strings
def cell_passages(passages: pd.DataFrame, docs: pd.DataFrame, matrix: pd.DataFrame, *, by: str = "place",
                  stock: bool = False) -> pd.DataFrame:
    """The passages behind the largest cell of a :func:`plenum.text_reuse.reuse_matrix`,
    back to their sentences.

    Parameters
    ----------
    passages : DataFrame
        :func:`plenum.text_reuse.reuse` output of the same ``docs``.
    docs : DataFrame
        The documents.
    matrix : DataFrame
        :func:`plenum.text_reuse.reuse_matrix` output.
    by : str, keyword-only
        The column that named the groups of ``matrix``.
    stock : bool, keyword-only
        Whether ``matrix`` counted stock phrasing.

    Returns
    -------
    DataFrame
        ``group, other, share`` (the cell) and the columns of :func:`passage_sentences`
        plus ``passage``; empty when no cell is above 0.
    """
    stacked = matrix.stack().dropna()
    columns = ["group", "other", "share", "passage", "doc_a", "sent_a", "sentence_a", "doc_b", "sent_b",
               "sentence_b", "similarity"]
    if stacked.empty or stacked.max() <= 0:
        return pd.DataFrame(columns=columns)
    (g, h), share = stacked.idxmax(), float(stacked.max())
    group = {str(d): str(v) for d, v in zip(docs["doc_id"], docs[by])}
    part = passages if stock else passages[~passages["stock"]]
    pick = [(group.get(a) == g and group.get(b) == h) or (group.get(a) == h and group.get(b) == g)
            for a, b in zip(part["doc_a"], part["doc_b"])]
    chosen = part[pick]
    traced = passage_sentences(chosen, docs)
    traced.insert(0, "passage", chosen["passage_a"].to_numpy())
    for k, (col, value) in enumerate((("group", g), ("other", h), ("share", share))):
        traced.insert(k, col, value)
    return traced[columns].reset_index(drop=True)
