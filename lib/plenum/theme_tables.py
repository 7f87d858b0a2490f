"""Theme tables made for reading: a theme's strongest sentences, the cells of a
:func:`plenum.themes.theme_scores` table worth checking first, the scores side by side, and
the review and task parts of the reports scored apart (:func:`theme_parts`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .codebook import load_codebook
from .themes import _groups, assign_themes, theme_scores
from .units import sentences
from ._text import python_strings


@python_strings
def theme_examples(docs: pd.DataFrame, theme: str, *, group=None, by: str = "place", n: int = 3,
                   codebook=None) -> pd.DataFrame:
    """The sentences that speak most of a theme.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    theme : str
        A theme of the codebook (KeyError otherwise).
    group : str, optional, keyword-only
        Only the sentences of this group.
    by : str, keyword-only
        The column of ``docs`` that names the groups.
    n : int, keyword-only
        How many sentences to return.
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one (as in :func:`load_codebook`).

    Returns
    -------
    DataFrame
        ``doc_id, group, sent_no, hits, matches, text``: at most ``n`` rows, most hits first
        (ties in reading order).
    """
    cb = load_codebook(codebook)
    if theme not in cb["themes"]:
        raise KeyError(f"no theme {theme!r} in the codebook")
    sents = sentences(docs)
    group_of = _groups(docs, by)
    sents["group"] = sents["doc_id"].map(group_of).astype("string")
    assigned = assign_themes(sents, codebook=cb)
    assigned = assigned[assigned["theme"] == theme]
    out = assigned.merge(sents[["doc_id", "sent_no", "group", "text"]], on=["doc_id", "sent_no"])
    if group is not None:
        out = out[out["group"] == group]
    out = out.assign(hits=out["matches"].map(len))
    out = out.sort_values(["hits", "doc_id", "sent_no"], ascending=[False, True, True])
    return out[["doc_id", "group", "sent_no", "hits", "matches", "text"]].head(n).reset_index(drop=True)


@python_strings
def surprising_cells(scores: pd.DataFrame, *, min_hits: int = 2) -> pd.DataFrame:
    """Cells of a :func:`theme_scores` table that stand out from what the margins predict.

    ``expected`` is the usual independence expectation row total × column total / grand total
    (on ``per_1k``): what the group's overall theme volume and the theme's overall weight
    predict; ``ratio`` = per_1k / expected.

    Parameters
    ----------
    scores : DataFrame
        :func:`theme_scores` output.
    min_hits : int, keyword-only
        Cells with fewer hits are left out.

    Returns
    -------
    DataFrame
        ``group, theme, hits, sentences, n_sentences`` (the sentences with a hit, of all the
        group's sentences), ``per_1k`` (with ``per_1k_low, per_1k_high`` where ``scores``
        has intervals), ``expected, ratio``; highest ratio first.
    """
    wide = scores.pivot_table(index="group", columns="theme", values="per_1k", aggfunc="sum")
    total = wide.to_numpy().sum()
    expected = np.outer(wide.sum(axis=1), wide.sum(axis=0)) / total if total > 0 else np.zeros(wide.shape)
    exp = pd.DataFrame(expected, index=wide.index, columns=wide.columns).stack().rename("expected")
    out = scores.merge(exp.reset_index(), on=["group", "theme"])
    out["ratio"] = np.where(out["expected"] > 0, out["per_1k"] / out["expected"].where(out["expected"] > 0, 1),
                            np.nan)
    out = out[out["hits"] >= min_hits]
    return out.sort_values("ratio", ascending=False)[
        ["group", "theme"] + _evidence(out) + ["expected", "ratio"]].reset_index(drop=True)


def _evidence(scores: pd.DataFrame) -> list[str]:
    """The columns that say how much a cell rests on: hits, the sentences they fall in, the
    rate and its interval where the scores have them."""
    wanted = ["hits", "sentences", "n_sentences", "per_1k", "per_1k_low", "per_1k_high"]
    return [c for c in wanted if c in scores.columns]


@python_strings
def theme_matrix(scores: pd.DataFrame, *, value: str = "per_1k", codebook=None) -> pd.DataFrame:
    """A column of :func:`theme_scores` side by side.

    Parameters
    ----------
    scores : DataFrame
        :func:`theme_scores` output.
    value : str, keyword-only
        The column to show (``per_1k``, ``hits``, ``sentence_share``); KeyError for a column
        that ``scores`` does not have.
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one (as in :func:`load_codebook`).

    Returns
    -------
    DataFrame
        One row per theme of ``scores`` (index ``theme``, codebook order), one column per
        group (the column axis is named ``group``).
    """
    if value not in scores.columns:
        raise KeyError(f"theme scores have no column {value!r}")
    order = [t for t in load_codebook(codebook)["themes"] if t in set(scores["theme"])]
    wide = scores.pivot_table(index="theme", columns="group", values=value, aggfunc="sum").reindex(order)
    wide.columns.name = "group"
    return wide


@python_strings
def keyword_summary(keywords: pd.DataFrame, *, n: int = 3, codebook=None) -> pd.DataFrame:
    """Each theme's leading keywords in each group, with their hits ("经济 12、产业 7").

    Parameters
    ----------
    keywords : DataFrame
        :func:`theme_keywords` output.
    n : int, keyword-only
        Keywords shown per theme and group.
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one (as in :func:`load_codebook`).

    Returns
    -------
    DataFrame
        One row per theme (codebook order), one column per group (the column axis is named
        ``group``); empty where a group has no hit.
    """
    top = keywords.groupby(["group", "theme"], sort=False).head(n)
    top = top.assign(cell=top["keyword"] + " " + top["hits"].astype(str))
    order = [t for t in load_codebook(codebook)["themes"] if t in set(keywords["theme"])]
    wide = top.groupby(["theme", "group"])["cell"].agg("、".join).unstack("group").reindex(order).fillna("")
    wide.columns.name = "group"
    return wide.astype("string")


@python_strings
def notable_cells(scores: pd.DataFrame, *, codebook=None, min_hits: int = 2) -> pd.DataFrame:
    """The cells of a :func:`theme_scores` table a reader checks first.

    The strongest cell, the strongest development-bloc cell, and the two most surprising ones
    (:func:`surprising_cells`); a cell that does not exist (no development theme, too few
    hits) is left out.

    Parameters
    ----------
    scores : DataFrame
        :func:`theme_scores` output.
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one (as in :func:`load_codebook`).
    min_hits : int, keyword-only
        As in :func:`surprising_cells`.

    Returns
    -------
    DataFrame
        ``cell`` (which pick the row is), ``group, theme``, and the evidence columns of
        :func:`surprising_cells` (``hits, sentences, n_sentences, per_1k`` and the interval
        where ``scores`` has one).
    """
    cb = load_codebook(codebook)
    development = {code for code, spec in cb["themes"].items() if spec["bloc"] == "development"}
    picks = []
    ranked = scores.sort_values("per_1k", ascending=False, kind="stable")
    if len(ranked):
        picks.append(("strongest", ranked.iloc[0]))
    dev = ranked[ranked["theme"].isin(development)]
    if len(dev):
        picks.append(("strongest development theme", dev.iloc[0]))
    surprising = surprising_cells(scores, min_hits=min_hits)
    for name, k in (("most surprising", 0), ("second most surprising", 1)):
        if len(surprising) > k:
            picks.append((name, surprising.iloc[k]))
    columns = ["group", "theme"] + _evidence(scores)
    out = pd.DataFrame([(name, *[r[c] for c in columns]) for name, r in picks], columns=["cell"] + columns)
    counts = {c: "int64" for c in ("hits", "sentences", "n_sentences") if c in out}
    return out.astype({"cell": "string", "group": "string", "theme": "string", **counts})


@python_strings
def theme_parts(docs: pd.DataFrame, *, by: str = "place", codebook=None, tokens: pd.DataFrame | None = None,
                ci: float | None = None, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Theme scores of the review and the task parts of the reports, one above the other.

    A report's review (全会认为…, 全会充分肯定…) says what was done; its tasks (全会强调…,
    要求…, 号召…) what is to be done. Attention that moves between the two is a finding a
    whole-report score hides.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        Any column of ``docs``.
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one.
    tokens : DataFrame, optional, keyword-only
        A precomputed :func:`plenum.tokenize` frame of the same ``docs``.
    ci, n_boot, seed : keyword-only
        As in :func:`plenum.themes.theme_scores`.

    Returns
    -------
    DataFrame
        ``part`` (``review``, then ``task``) and the columns of
        :func:`plenum.themes.theme_scores` computed on that part's sentences and words.
    """
    if tokens is None:
        from .tokens import tokenize

        tokens = tokenize(docs)
    frames = [theme_scores(docs, by=by, codebook=codebook, tokens=tokens, part=part, ci=ci, n_boot=n_boot,
                           seed=seed).assign(part=part) for part in ("review", "task")]
    out = pd.concat(frames, ignore_index=True)
    out["part"] = out["part"].astype("string")
    return out[["part"] + [c for c in out.columns if c != "part"]]
