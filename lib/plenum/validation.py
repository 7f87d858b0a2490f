"""Checks of the policy themes: against hand labels (precision, recall and F1 per theme,
and every sentence where the keywords and the labeller disagree), and the robustness of
each ranking of groups when any single keyword is dropped.

A label file is a CSV with ``#`` comment lines and columns ``doc_id, sent_no, text,
labels`` (themes separated by ``;``, empty for none); the packaged one,
``data/theme_labels.csv``, holds every sentence of the five shipped reports.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .codebook import load_codebook
from .lexicon import read_table, theme_labels_path
from .theme_matching import _Matcher
from .themes import _corpus, _group_order, assign_themes
from .units import simplified_texts
from ._text import python_strings

VALIDATION_COLUMNS = ["theme", "precision", "recall", "f1", "support"]
LABEL_COLUMNS = ["doc_id", "sent_no", "text", "labels"]


def _split_labels(value) -> frozenset:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return frozenset()
    if isinstance(value, str):
        return frozenset(p.strip() for p in value.replace("；", ";").replace(",", ";").split(";") if p.strip())
    return frozenset(str(v) for v in value)


@python_strings
def read_labels(path=None) -> pd.DataFrame:
    """A hand-label file as a table.

    The file is a CSV with ``#`` comment lines and columns ``doc_id, sent_no, text, labels``
    (themes separated by ``;``, empty for none).

    Parameters
    ----------
    path : str or Path, optional
        The file; without it, the packaged labels of the shipped reports
        (``data/theme_labels.csv``).

    Returns
    -------
    DataFrame
        ``doc_id, sent_no, text, labels`` (an empty string where a sentence has none).
    """
    frame = read_table(theme_labels_path() if path is None else Path(path), LABEL_COLUMNS)
    frame["labels"] = frame["labels"].fillna("")
    return frame.astype({"doc_id": "string", "sent_no": "int64", "text": "string", "labels": "string"})


def _label_sets(frame: pd.DataFrame) -> dict:
    if "theme" in frame.columns:
        sets: dict = {}
        for doc_id, sent_no, theme in zip(frame["doc_id"], frame["sent_no"], frame["theme"]):
            sets.setdefault((str(doc_id), int(sent_no)), set()).add(str(theme))
        return {k: frozenset(v) for k, v in sets.items()}
    if "labels" in frame.columns:
        return {(str(d), int(s)): _split_labels(v) for d, s, v in zip(frame["doc_id"], frame["sent_no"], frame["labels"])}
    raise KeyError("predictions need a 'theme' column (assign_themes) or a 'labels' column")


@python_strings
def validate_themes(labels=None, *, predicted=None, codebook=None) -> pd.DataFrame:
    """Precision, recall and F1 of the theme assignment against hand labels.

    Per theme and macro-averaged; only the labelled sentences are scored. Per theme:
    precision = TP / predicted, recall = TP / labelled, F1 = 2·TP / (2·TP + FP + FN); a theme
    never predicted gets precision 0, one never labelled recall 0, and one neither labelled nor
    predicted is NaN and left out of the macro row.

    Parameters
    ----------
    labels : str, Path or DataFrame, optional
        A path to a label file (see :func:`read_labels`; the packaged labels when None) or a
        frame with ``doc_id, sent_no, labels`` (``"party;economy"``, a list, or empty) — and
        ``text`` when ``predicted`` is None.
    predicted : DataFrame, optional, keyword-only
        An :func:`assign_themes` frame (``doc_id, sent_no, theme``) or a frame with a
        ``labels`` column. When None, the labelled sentences are classified with
        :func:`assign_themes` and ``codebook``.
    codebook : str, Path or dict, optional, keyword-only
        The codebook to classify with (the packaged one when None; see
        :func:`load_codebook`); its themes come first, in codebook order. With ``predicted``
        given, only a codebook passed here adds its themes.

    Returns
    -------
    DataFrame
        ``theme, precision, recall, f1, support`` (labelled sentences), one row per theme,
        then a ``macro`` row that averages each column over the themes (unweighted); its
        support is the total number of labels.
    """
    gold_frame = read_labels(labels) if labels is None or isinstance(labels, (str, Path)) else labels
    gold = _label_sets(gold_frame[["doc_id", "sent_no", "labels"]])
    themes: list[str] = []
    if predicted is None:
        if "text" not in gold_frame.columns:
            raise KeyError("labels need a 'text' column to classify them (or pass predicted=)")
        cb = load_codebook(codebook)
        themes += list(cb["themes"])
        predicted = assign_themes(gold_frame[["doc_id", "sent_no", "text"]], codebook=cb)
    elif codebook is not None:
        themes += list(load_codebook(codebook)["themes"])
    pred = _label_sets(predicted)
    pred = {k: pred.get(k, frozenset()) for k in gold}
    for sets in (gold, pred):
        for labs in sets.values():
            themes += sorted(t for t in labs if t not in themes)
    themes = list(dict.fromkeys(themes))
    rows = []
    for theme in themes:
        tp = sum(1 for k in gold if theme in gold[k] and theme in pred[k])
        fp = sum(1 for k in gold if theme not in gold[k] and theme in pred[k])
        fn = sum(1 for k in gold if theme in gold[k] and theme not in pred[k])
        support, n_pred = tp + fn, tp + fp
        if support + n_pred == 0:
            p = r = f = np.nan
        else:
            p = tp / n_pred if n_pred else 0.0
            r = tp / support if support else 0.0
            f = 2 * tp / (2 * tp + fp + fn)
        rows.append((theme, p, r, f, support))
    out = pd.DataFrame(rows, columns=VALIDATION_COLUMNS)
    macro = ("macro", out["precision"].mean(), out["recall"].mean(), out["f1"].mean(), int(out["support"].sum()))
    out = pd.concat([out, pd.DataFrame([macro], columns=VALIDATION_COLUMNS)], ignore_index=True)
    return out.astype({"theme": "string", "support": "int64"})


@python_strings
def label_errors(labels=None, *, predicted=None, codebook=None, width: int = 60) -> pd.DataFrame:
    """Where the themes and the hand labels disagree, one row per sentence and theme.

    Parameters
    ----------
    labels : path or DataFrame, optional
        As in :func:`validate_themes` (the packaged labels when None).
    predicted : DataFrame, optional, keyword-only
        An :func:`assign_themes` frame; the labelled sentences are classified when None.
    codebook : optional, keyword-only
    width : int, keyword-only
        Characters of the sentence shown in ``sentence``.

    Returns
    -------
    DataFrame
        ``error`` (FP: a keyword hit the labeller did not see as the theme; FN: a labelled
        theme without a keyword hit), ``theme, doc_id, sent_no, sentence``, in label order.
    """
    gold_frame = read_labels(labels) if labels is None or isinstance(labels, (str, Path)) else labels
    if predicted is None:
        predicted = assign_themes(gold_frame[["doc_id", "sent_no", "text"]], codebook=codebook)
    pred = _label_sets(predicted)
    rows = []
    for doc_id, sent_no, text, gold in zip(gold_frame["doc_id"], gold_frame["sent_no"],
                                           gold_frame["text"], gold_frame["labels"]):
        gold = _split_labels(gold)
        got = pred.get((str(doc_id), int(sent_no)), frozenset())
        for theme in sorted(got - gold):
            rows.append(("FP", theme, doc_id, int(sent_no), str(text)[:width]))
        for theme in sorted(gold - got):
            rows.append(("FN", theme, doc_id, int(sent_no), str(text)[:width]))
    out = pd.DataFrame(rows, columns=["error", "theme", "doc_id", "sent_no", "sentence"])
    return out.astype({"error": "string", "theme": "string", "doc_id": "string", "sent_no": "int64",
                       "sentence": "string"})


@python_strings
def error_counts(errors: pd.DataFrame) -> pd.DataFrame:
    """The disagreements of :func:`label_errors` counted per theme.

    Parameters
    ----------
    errors : DataFrame
        :func:`label_errors` output.

    Returns
    -------
    DataFrame
        One row per theme (index ``theme``; the packaged codebook's order first, then any
        other theme alphabetically), columns ``FP`` and ``FN``.
    """
    order = [t for t in load_codebook()["themes"] if t in set(errors["theme"])]
    order += sorted(set(errors["theme"]) - set(order))
    table = errors.groupby(["theme", "error"]).size().unstack(fill_value=0)
    table = table.reindex(index=order, columns=["FP", "FN"], fill_value=0).astype("int64")
    table.columns.name = None
    table.index.name = "theme"
    return table


# -- robustness -----------------------------------------------------------------------------

def _ranks(values: pd.Series) -> pd.Series:
    return values.rank(ascending=False, method="min").astype("int64")


def _spearman(a: pd.Series, b: pd.Series) -> float:
    """Spearman's rho (Pearson on average ranks); 1 when both are constant, NaN when only
    one is or there are fewer than two values."""
    ra, rb = a.rank().to_numpy(float), b.rank().to_numpy(float)
    if len(ra) < 2:
        return float("nan")
    if ra.std() == 0 or rb.std() == 0:
        return 1.0 if ra.std() == rb.std() == 0 else float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


@python_strings
def theme_robustness(docs: pd.DataFrame, *, by: str = "place", codebook=None,
                     tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """How the ranking of groups on each theme changes when any single keyword is dropped.

    For each theme and each of its keywords that hits anywhere in the corpus, the keyword is
    removed from that theme (other themes keep it; the overlap rule is re-applied, so a
    shorter keyword may now claim the span) and the theme's ``per_1k`` is recomputed for every
    group. See :func:`robustness_summary` for one line per theme.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        Any column of ``docs`` (place, province, level, doc_id …).
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one (as in :func:`load_codebook`).
    tokens : DataFrame, optional, keyword-only
        A precomputed :func:`plenum.tokenize` frame of the same ``docs``.

    Returns
    -------
    DataFrame
        One row per theme × dropped keyword × group: ``theme, dropped, group, per_1k, rank``
        (1 = highest), ``base_per_1k, base_rank, rank_change`` (rank − base_rank),
        ``spearman`` (rank correlation of the groups' per_1k with and without the keyword),
        ``same_top`` (the top group is unchanged) and ``same_order`` (the whole ranking is
        unchanged).
    """
    cb = load_codebook(codebook)
    sents, n_tokens = _corpus(docs, by, tokens)
    groups = _group_order(docs, by)
    denom = pd.Series(groups, index=groups).map(n_tokens).astype(float).fillna(0)
    matcher = _Matcher(cb)
    cands = [matcher.candidates(t) for t in simplified_texts(sents)]
    sent_group = sents["group"].to_numpy()

    def weights(i: int, owners=None) -> dict[str, float]:
        """Theme → hits in sentence i, under the assignment rule."""
        return {code: float(len(occ)) for code, occ in matcher.assign(matcher.select(cands[i], owners)).items()}

    def rate(hits: dict) -> pd.Series:
        series = pd.Series({g: hits.get(g, 0.0) for g in groups}, dtype=float)
        return series.where(denom > 0) / denom.where(denom > 0) * 1000

    base_weights = [weights(i) for i in range(len(cands))]
    counted = [{(t, code) for code, occ in matcher.assign(matcher.select(c)).items() for _s, t, _w in occ}
               for c in cands]

    rows_out = []
    for theme, spec in cb["themes"].items():
        base_hits: dict[str, float] = {}
        for i, w in enumerate(base_weights):
            base_hits[sent_group[i]] = base_hits.get(sent_group[i], 0.0) + w.get(theme, 0.0)
        base = rate(base_hits)
        base_rank = _ranks(base.fillna(-1))
        for term in spec["keywords"]:
            containing = [i for i, c in enumerate(cands) if (term, theme) in counted[i]]
            if not containing:
                continue  # never counted for this theme (absent, or always inside a longer match)
            owners = dict(matcher.owners)
            left = tuple(o for o in owners[term] if o[0] != theme)
            owners[term] = left if (left or term in cb["exclude"]) else None
            hits = dict(base_hits)
            for i in containing:
                g = sent_group[i]
                hits[g] = hits.get(g, 0.0) - base_weights[i].get(theme, 0.0) + weights(i, owners).get(theme, 0.0)
            value = rate(hits)
            rank = _ranks(value.fillna(-1))
            rho = _spearman(base.fillna(0), value.fillna(0))
            same_top = set(base_rank[base_rank == 1].index) == set(rank[rank == 1].index)
            same_order = bool((rank == base_rank).all())
            for g in groups:
                rows_out.append((theme, term, g, value[g], int(rank[g]), base[g], int(base_rank[g]),
                                 int(rank[g] - base_rank[g]), rho, same_top, same_order))
    out = pd.DataFrame(rows_out, columns=["theme", "dropped", "group", "per_1k", "rank", "base_per_1k",
                                          "base_rank", "rank_change", "spearman", "same_top", "same_order"])
    return out.astype({"theme": "string", "dropped": "string", "group": "string"})


@python_strings
def robustness_summary(robust: pd.DataFrame) -> pd.DataFrame:
    """One row per theme of a :func:`theme_robustness` table.

    Parameters
    ----------
    robust : DataFrame
        :func:`theme_robustness` output.

    Returns
    -------
    DataFrame
        ``theme, n_keywords`` (keywords that hit and were dropped in turn),
        ``same_order_share``, ``same_top_share`` (share of single-keyword drops leaving the
        ranking / the top group unchanged), ``min_spearman``, ``max_rank_change`` (largest
        move of any group), ``most_influential`` (the keyword whose removal changes the groups'
        per_1k the most, summed over groups).
    """
    if robust.empty:
        return pd.DataFrame(columns=["theme", "n_keywords", "same_order_share", "same_top_share",
                                     "min_spearman", "max_rank_change", "most_influential"])
    r = robust.assign(loss=(robust["base_per_1k"] - robust["per_1k"]).abs())
    per_drop = r.groupby(["theme", "dropped"], sort=False).agg(
        same_order=("same_order", "first"), same_top=("same_top", "first"), spearman=("spearman", "first"),
        max_move=("rank_change", lambda s: s.abs().max()), loss=("loss", "sum")).reset_index()
    rows = []
    for theme, part in per_drop.groupby("theme", sort=False):
        rows.append({"theme": theme, "n_keywords": len(part),
                     "same_order_share": part["same_order"].mean(), "same_top_share": part["same_top"].mean(),
                     "min_spearman": part["spearman"].min(), "max_rank_change": int(part["max_move"].max()),
                     "most_influential": part.loc[part["loss"].idxmax(), "dropped"]})
    return pd.DataFrame(rows).astype({"theme": "string", "most_influential": "string"})
