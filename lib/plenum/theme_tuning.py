"""Tuning the theme codebook on hand labels, and measuring it out of sample.

A keyword's weight decides whether it labels a sentence alone (strong) or only beside a
second keyword of its theme (weak; see the rule in ``data/themes.yaml``). Which words are
generic is partly a matter of the reports at hand, so :func:`tune_codebook` sets the weights
from labelled sentences, and :func:`leave_one_report_out` shows what that is worth on a report
the tuning never saw: the codebook is tuned on all labelled reports but one and scored on the
one left out, for each report in turn. :func:`agreement_summary` puts the in-sample,
leave-one-report-out and held-out scores side by side; the held-out one, on reports the
codebook was never written beside, is the one to believe.
"""

from __future__ import annotations

import copy
import pandas as pd

from .codebook import load_codebook
from .theme_matching import _Matcher
from .themes import assign_themes
from .units import simplified_texts
from .validation import _split_labels, read_labels, validate_themes
from ._text import python_strings

PRECISION_COLUMNS = ["theme", "keyword", "weight", "strong", "sentences", "agree", "precision"]
SUMMARY_COLUMNS = ["check", "sentences", "reports", "precision", "recall", "f1"]


def _label_frame(labels) -> pd.DataFrame:
    frame = labels if isinstance(labels, pd.DataFrame) else read_labels(None if labels is None else str(labels))
    missing = {"doc_id", "sent_no", "text", "labels"} - set(frame.columns)
    if missing:
        raise KeyError(f"labels need columns doc_id, sent_no, text, labels; missing {sorted(missing)}")
    return frame.reset_index(drop=True)


@python_strings
def keyword_precision(labels=None, *, codebook=None) -> pd.DataFrame:
    """How often each keyword's sentences carry its theme in the hand labels.

    A keyword's occurrences are found as the classifier finds them (longest match first,
    exclusions applied) but before the assignment threshold, so a weak keyword is judged on
    every sentence it appears in, not only on those where it labels.

    Parameters
    ----------
    labels : str, Path or DataFrame, optional
        A label file or frame (``doc_id, sent_no, text, labels``; see
        :func:`plenum.validation.read_labels`); the packaged labels when None.
    codebook : str, Path or dict, optional, keyword-only
        The codebook (the packaged one when None).

    Returns
    -------
    DataFrame
        ``theme, keyword, weight, strong`` (the weight reaches the rule's threshold),
        ``sentences`` (labelled sentences containing the keyword), ``agree`` (of those, the
        ones labelled with its theme) and ``precision`` (their ratio). Keywords met in no
        labelled sentence are left out. Sorted by theme (codebook order), sentences descending.
    """
    cb = load_codebook(codebook)
    frame = _label_frame(labels)
    matcher = _Matcher(cb)
    gold = [_split_labels(v) for v in frame["labels"]]
    seen: dict[tuple[str, str], list[int]] = {}
    for i, text in enumerate(simplified_texts(frame)):
        kept = matcher.select(matcher.candidates(text))
        for term, code in {(term, code) for _s, term, owners in kept for code, _w in owners}:
            seen.setdefault((code, term), [0, 0])
            seen[(code, term)][0] += 1
            seen[(code, term)][1] += code in gold[i]
    threshold = cb["rule"]["threshold"]
    order = {code: i for i, code in enumerate(cb["themes"])}
    rows = [(code, term, cb["themes"][code]["keywords"][term], cb["themes"][code]["keywords"][term] >= threshold,
             n, agree, agree / n) for (code, term), (n, agree) in seen.items()]
    out = pd.DataFrame(rows, columns=PRECISION_COLUMNS)
    out = out.assign(_order=out["theme"].map(order)).sort_values(["_order", "sentences", "keyword"],
                                                                  ascending=[True, False, True])
    return out.drop(columns="_order").reset_index(drop=True).astype(
        {"theme": "string", "keyword": "string", "sentences": "int64", "agree": "int64"})


def tune_codebook(labels=None, *, codebook=None, min_sentences: int = 3, weak_below: float = 0.6,
                  drop_below: float = 0.15, strong_from: float = 0.9) -> dict:
    """A copy of the codebook whose keyword weights follow hand labels.

    For each keyword met in at least ``min_sentences`` labelled sentences
    (:func:`keyword_precision`): a strong keyword whose sentences carry its theme less often
    than ``weak_below`` becomes weak; any keyword below ``drop_below`` is removed; a weak
    keyword at or above ``strong_from`` becomes strong. Keywords met less often keep the
    weight the codebook gives them. Exclusions and the rule are not changed.

    Parameters
    ----------
    labels : str, Path or DataFrame, optional
        The labels to tune on (the packaged labels when None).
    codebook : str, Path or dict, optional, keyword-only
        The codebook to start from (the packaged one when None).
    min_sentences : int, keyword-only
        Evidence needed before a weight is changed.
    weak_below, drop_below, strong_from : float, keyword-only
        The precision cut-offs described above.

    Returns
    -------
    dict
        A codebook in the normalised form of :func:`plenum.load_codebook`, usable as
        ``codebook=`` anywhere; ``tuned`` lists what changed as (theme, keyword, old weight,
        new weight or None when dropped).
    """
    if not 0 <= drop_below <= weak_below <= strong_from <= 1:
        raise ValueError("expected 0 <= drop_below <= weak_below <= strong_from <= 1")
    cb = copy.deepcopy(load_codebook(codebook))
    threshold, weak = cb["rule"]["threshold"], cb["rule"]["weak_weight"]
    changes = []
    for row in keyword_precision(labels, codebook=cb).itertuples():
        if row.sentences < min_sentences:
            continue
        keywords = cb["themes"][row.theme]["keywords"]
        new = row.weight
        if row.precision < drop_below:
            new = None
        elif row.strong and row.precision < weak_below:
            new = weak
        elif not row.strong and row.precision >= strong_from:
            new = threshold
        if new is None:
            if len(keywords) > 1:
                del keywords[row.keyword]
                changes.append((row.theme, row.keyword, row.weight, None))
        elif new != row.weight:
            keywords[row.keyword] = new
            changes.append((row.theme, row.keyword, row.weight, new))
    cb["tuned"] = changes
    return cb


def flat_codebook(codebook=None) -> dict:
    """A copy of the codebook with every keyword strong: the keyword lists before any weight
    was set from labels, the starting point of :func:`leave_one_report_out`.

    Parameters
    ----------
    codebook : str, Path or dict, optional
        The codebook (the packaged one when None).

    Returns
    -------
    dict
        The normalised codebook, each keyword weighing the rule's threshold.
    """
    cb = copy.deepcopy(load_codebook(codebook))
    threshold = cb["rule"]["threshold"]
    for spec in cb["themes"].values():
        spec["keywords"] = {term: threshold for term in spec["keywords"]}
    return cb


@python_strings
def leave_one_report_out(labels=None, *, codebook=None, extra=None, **tuning) -> pd.DataFrame:
    """Out-of-sample agreement: tune on every labelled report but one, score the one left out.

    Each fold starts from the codebook's keyword lists with every keyword strong
    (:func:`flat_codebook`), sets the weights from the labels of the other reports with
    :func:`tune_codebook`, and classifies the report left out. The packaged weights were set
    with all the shipped labels in view, so they cannot be scored this way; this measures
    what setting weights from labels is worth on a report the setting never saw.

    Parameters
    ----------
    labels : str, Path or DataFrame, optional
        Labelled sentences of several reports (the packaged labels when None).
    codebook : str, Path or dict, optional, keyword-only
        The codebook whose keyword lists are used (the packaged one when None).
    extra : str, Path or DataFrame, optional, keyword-only
        More labelled sentences added to every fold's tuning set, never scored.
    **tuning
        Options of :func:`tune_codebook` (``min_sentences``, ``weak_below`` …).

    Returns
    -------
    DataFrame
        ``held_out`` (the report left out, or ``"pooled"`` for the predictions of all folds
        scored together), ``codebook`` (``"untuned"``: every keyword strong; ``"tuned"``:
        weights set on the other reports), then the columns of :func:`plenum.validate_themes`
        (``theme, precision, recall, f1, support``, with the ``macro`` row).
    """
    frame = _label_frame(labels)
    base = flat_codebook(codebook)
    extra_frame = None if extra is None else _label_frame(extra)
    reports = list(dict.fromkeys(frame["doc_id"].astype(str)))
    if len(reports) < 2:
        raise ValueError("leave-one-report-out needs labelled sentences of at least two reports")
    tables, pooled = [], {"untuned": [], "tuned": []}
    for report in reports:
        test = frame[frame["doc_id"].astype(str) == report]
        train = frame[frame["doc_id"].astype(str) != report]
        if extra_frame is not None:
            train = pd.concat([train, extra_frame], ignore_index=True)
        tuned = tune_codebook(train, codebook=base, **tuning)
        for name, cb in (("untuned", base), ("tuned", tuned)):
            predicted = assign_themes(test[["doc_id", "sent_no", "text"]], codebook=cb)
            pooled[name].append(predicted)
            tables.append(validate_themes(test, predicted=predicted, codebook=base)
                          .assign(held_out=report, codebook=name))
    for name, parts in pooled.items():
        tables.append(validate_themes(frame, predicted=pd.concat(parts, ignore_index=True), codebook=base)
                      .assign(held_out="pooled", codebook=name))
    out = pd.concat(tables, ignore_index=True)
    out = out[["held_out", "codebook", "theme", "precision", "recall", "f1", "support"]]
    return out.astype({"held_out": "string", "codebook": "string"})


@python_strings
def agreement_summary(labels: dict, *, codebook=None, cross_validated: pd.DataFrame | None = None) -> pd.DataFrame:
    """The macro scores of the theme checks side by side.

    Parameters
    ----------
    labels : dict
        Check name → labelled sentences (a path or a frame, as in
        :func:`plenum.validation.read_labels`), in the order to show:
        ``{"in-sample": …, "held-out": …}``. Each is classified with ``codebook``.
    codebook : str, Path or dict, optional, keyword-only
        The codebook scored (the packaged one when None).
    cross_validated : DataFrame, optional, keyword-only
        :func:`leave_one_report_out` output on the first check's labels: its pooled rows are
        added after the first check, untuned and tuned.

    Returns
    -------
    DataFrame
        ``check, sentences, reports, precision, recall, f1`` (macro averages over themes).
    """
    if not labels:
        raise ValueError("agreement_summary needs at least one set of labels")

    def row(name: str, frame: pd.DataFrame, table: pd.DataFrame) -> tuple:
        macro = table[table["theme"] == "macro"].iloc[0]
        return (name, len(frame), frame["doc_id"].nunique(), macro["precision"], macro["recall"], macro["f1"])

    frames = {name: _label_frame(value) for name, value in labels.items()}
    names = list(frames)
    rows = [row(names[0], frames[names[0]], validate_themes(frames[names[0]], codebook=codebook))]
    if cross_validated is not None:
        pooled = cross_validated[cross_validated["held_out"] == "pooled"]
        for name in ("untuned", "tuned"):
            part = pooled[pooled["codebook"] == name]
            if len(part):
                rows.append(row(f"leave-one-report-out, {name}", frames[names[0]], part))
    rows += [row(name, frames[name], validate_themes(frames[name], codebook=codebook)) for name in names[1:]]
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    return out.astype({"check": "string", "sentences": "int64", "reports": "int64"})
