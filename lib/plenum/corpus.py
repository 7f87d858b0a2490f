"""Corpus-level tables: what the reports are, when they met, what they adopted, how they
speak. Each takes a table (documents or paragraphs) and returns a tidy table."""

from __future__ import annotations

import re

import pandas as pd

from .lexicon import word_list
from .units import check_docs
from ._text import python_strings

OVERVIEW_COLUMNS = ["doc_id", "place", "province", "level", "term", "plenum", "expanded",
                    "meeting_date", "publish_date", "source", "secretary", "members",
                    "alternates", "n_documents", "n_chars", "boilerplate_share", "kind", "session_type"]


@python_strings
def plenum_reports(docs: pd.DataFrame) -> pd.DataFrame:
    """The rows of the documents table that are plenary-session reports, each article once.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.

    Returns
    -------
    DataFrame
        The rows with ``kind == "plenum"`` whose ``duplicate_of`` is missing, index reset:
        what every measure of plenary sessions should be computed on. :func:`excluded_pages`
        lists the rest.
    """
    check_docs(docs, "plenum_reports", ("doc_id", "kind"))
    keep = docs["kind"].eq("plenum").fillna(False)
    if "duplicate_of" in docs.columns:
        keep &= docs["duplicate_of"].isna()
    return docs[keep.to_numpy(dtype=bool)].reset_index(drop=True)


@python_strings
def excluded_pages(docs: pd.DataFrame) -> pd.DataFrame:
    """The pages :func:`plenum_reports` leaves out, and why.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.

    Returns
    -------
    DataFrame
        ``doc_id, headline, kind, reason``: the clause that made a page something other
        than a plenum report (``kind_evidence``), or ``duplicate of <doc_id>``.
    """
    check_docs(docs, "excluded_pages", ("doc_id", "kind"))
    rows = []
    for row in docs.itertuples(index=False):
        duplicate = getattr(row, "duplicate_of", None)
        if row.kind != "plenum":
            rows.append((row.doc_id, getattr(row, "headline", pd.NA), row.kind,
                         getattr(row, "kind_evidence", pd.NA)))
        elif isinstance(duplicate, str):
            rows.append((row.doc_id, getattr(row, "headline", pd.NA), row.kind, f"duplicate of {duplicate}"))
    out = pd.DataFrame(rows, columns=["doc_id", "headline", "kind", "reason"])
    return out.astype("string")


@python_strings
def boilerplate_share(docs: pd.DataFrame) -> pd.Series:
    """Share of each page's visible characters that is not article text.

    White space is excluded: ``1 - n_chars / n_chars_raw``.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``n_chars`` and ``n_chars_raw`` are required).

    Returns
    -------
    Series
        ``boilerplate_share`` (Float64), aligned with ``docs``; missing for an empty page.
    """
    raw = docs["n_chars_raw"].astype("Float64")
    share = 1 - docs["n_chars"].astype("Float64") / raw.where(raw > 0)
    return share.rename("boilerplate_share")


@python_strings
def corpus_overview(docs: pd.DataFrame) -> pd.DataFrame:
    """One row per document with the metadata a reader checks first.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.

    Returns
    -------
    DataFrame
        The columns of :data:`OVERVIEW_COLUMNS`: ``doc_id, place, province, level, term,
        plenum, expanded, meeting_date, publish_date, source, secretary, members, alternates,
        n_documents`` (the titles adopted or reviewed), ``n_chars, boilerplate_share`` (as in
        :func:`boilerplate_share`), ``kind``.
    """
    check_docs(docs, "corpus_overview", ("doc_id",))
    out = docs.assign(n_documents=docs["documents"].map(len).astype("int64"),
                      boilerplate_share=boilerplate_share(docs))
    return out[OVERVIEW_COLUMNS].reset_index(drop=True)


@python_strings
def timeline_table(docs: pd.DataFrame) -> pd.DataFrame:
    """When each meeting took place, for a timeline.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.

    Returns
    -------
    DataFrame
        ``doc_id, place, province, date, date_kind``: ``date`` is the meeting's first day, or
        the publication date when the page gives no meeting date (``date_kind`` says which:
        "meeting" / "published"); rows with neither are left out. Sorted by date.
    """
    check_docs(docs, "timeline_table", ("doc_id",))
    date = docs["meeting_date"].fillna(docs["publish_date"])
    kind = pd.Series(pd.NA, index=docs.index, dtype="string")
    kind[docs["meeting_date"].notna()] = "meeting"
    kind[docs["meeting_date"].isna() & docs["publish_date"].notna()] = "published"
    out = pd.DataFrame({"doc_id": docs["doc_id"], "place": docs["place"],
                        "province": docs["province"], "date": date, "date_kind": kind})
    return out[out["date"].notna()].sort_values(["date", "doc_id"], ignore_index=True)


def document_type(title: str) -> str | None:
    """The genre word a title ends with (决议, 决定, 建议, 报告 …).

    Parameters
    ----------
    title : str
        A document title; a trailing （草案） or （讨论稿） is ignored.

    Returns
    -------
    str or None
        The genre word (of ``data/document_genres.csv``); None when none.
    """
    core = re.sub(r"[（(][^（）()]*[)）]$", "", title)
    for word in word_list("document_genres"):
        if core.endswith(word):
            return word
    return None


@python_strings
def documents_table(docs: pd.DataFrame) -> pd.DataFrame:
    """One row per document title adopted or reviewed.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.

    Returns
    -------
    DataFrame
        ``doc_id, place, document`` (the title), ``type`` (its genre word, as in
        :func:`document_type`).
    """
    check_docs(docs, "documents_table", ("doc_id",))
    rows = [(d, p, t, document_type(t))
            for d, p, titles in zip(docs["doc_id"], docs["place"], docs["documents"])
            for t in titles]
    out = pd.DataFrame(rows, columns=["doc_id", "place", "document", "type"])
    return out.astype({"doc_id": "string", "place": "string", "document": "string",
                       "type": "string"})


@python_strings
def move_counts(pars: pd.DataFrame, *, by: str = "place") -> pd.DataFrame:
    """How often each discourse move opens a paragraph, per group.

    Parameters
    ----------
    pars : DataFrame
        :func:`plenum.paragraphs` output carrying the ``by`` column
        (``plenum.paragraphs(docs, keep=("place",))``).
    by : str, keyword-only
        The column to group by (place, province, doc_id …).

    Returns
    -------
    DataFrame
        ``group, move, n, share``: ``share`` is n over all paragraphs of the group
        (paragraphs without a move count as "(none)"); sorted by group, then n.
    """
    if not isinstance(pars, pd.DataFrame) or "move" not in pars.columns:
        raise TypeError("move_counts takes the paragraphs table of plenum.paragraphs "
                        "(with a 'move' column)")
    if by not in pars.columns:
        raise KeyError(f"paragraphs have no column {by!r}; pass keep=({by!r},) to plenum.paragraphs")
    joined = pars.assign(move=pars["move"].fillna("(none)"),
                         group=pars[by].astype("string").fillna("(unknown)"))
    counts = joined.groupby(["group", "move"], observed=True).size().rename("n").reset_index()
    totals = counts.groupby("group")["n"].transform("sum")
    counts["share"] = counts["n"] / totals
    return counts.sort_values(["group", "n"], ascending=[True, False], ignore_index=True)


@python_strings
def move_matrix(counts: pd.DataFrame) -> pd.DataFrame:
    """The moves of :func:`move_counts` side by side.

    Parameters
    ----------
    counts : DataFrame
        :func:`move_counts` output (``group, move, n``).

    Returns
    -------
    DataFrame
        One row per move (most frequent overall first), one column per group (the column axis
        is named ``group``), counts of paragraphs.
    """
    if not isinstance(counts, pd.DataFrame) or not {"group", "move", "n"} <= set(counts.columns):
        raise TypeError("move_matrix takes the table of plenum.move_counts (group, move, n)")
    wide = counts.pivot_table(index="move", columns="group", values="n", aggfunc="sum", fill_value=0)
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False, kind="stable").index].astype("int64")
    wide.columns.name = "group"
    return wide
