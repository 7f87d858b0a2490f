"""Policy themes: a documented keyword codebook, theme intensity by place, and its
validation against hand labels.

The codebook (``data/themes.yaml``) holds ten themes — Party building, economy,
innovation, reform and opening-up, regional and urban development, rural revitalisation,
ecology, livelihoods, culture, security and governance — each with Chinese and English
names, a definition, its place in the Party's 五位一体 + 党的建设 framework, its nearest
Comparative Agendas Project major topic, a source note and keywords. A user's own codebook
(a path to a YAML file, or a dict of the same shape) can be passed as ``codebook=`` anywhere.

Matching rule (why 粮食安全 is not also 安全, and 政治生态 is not 生态): keywords are
literal substrings of the sentence (traditional script converted to simplified first).
All occurrences of all keywords and of the codebook's ``exclude`` phrases are found, then
claimed longest first; an occurrence overlapping a longer claimed one is dropped. A keyword
inside a longer keyword of another theme therefore counts only for the longer one, and a
keyword inside an ``exclude`` phrase (守正创新, 改革发展稳定, 健康发展 …) does not count at all.
A keyword listed under two themes counts for both.

Tables (all tidy):

- :func:`assign_themes` → ``doc_id, par_no, sent_no, theme, matches`` (one row per sentence
  and theme it touches; ``matches`` lists the keywords hit, in text order, repeats kept).
- :func:`theme_scores` → ``group, theme, hits, per_1k, sentence_share``.
- :func:`theme_keywords` → ``group, theme, keyword, hits, share``.
- :func:`theme_balance` → Party building against the development themes, per group.
- :func:`theme_robustness` → the ranking of groups on each theme when any one keyword is dropped.
- :func:`validate_themes` → ``theme, precision, recall, f1, support`` plus a ``macro`` row.

Their figures are in :mod:`plenum.plot` (``plot_theme_heatmap``, ``plot_theme_balance``,
``plot_theme_keywords``, ``plot_theme_robustness``, ``plot_validation``); display names of
themes come from :func:`plenum.plot.theme_label`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ._text import to_simplified
from .lexicon import THEME_FIELDS, codebook_table, keyword_table, load_codebook  # noqa: F401
from .lexicon import read_table, theme_labels_path

ASSIGN_COLUMNS = ["doc_id", "par_no", "sent_no", "theme", "matches"]
SCORE_COLUMNS = ["group", "theme", "hits", "per_1k", "sentence_share"]
KEYWORD_COLUMNS = ["group", "theme", "keyword", "hits", "share"]
VALIDATION_COLUMNS = ["theme", "precision", "recall", "f1", "support"]
LABEL_COLUMNS = ["doc_id", "sent_no", "text", "labels"]
BLOCS = ("party", "development", "security")


# -- matching -------------------------------------------------------------------------------

class _Matcher:
    """Finds keyword occurrences and resolves overlaps longest first (see module doc)."""

    def __init__(self, cb: dict):
        owners: dict[str, list] = {}
        for code, spec in cb["themes"].items():
            for term, weight in spec["keywords"].items():
                owners.setdefault(term, []).append((code, weight))
        for phrase in cb["exclude"]:
            owners.setdefault(phrase, [])
        self.owners: dict[str, tuple[tuple[str, float], ...]] = {k: tuple(v) for k, v in owners.items()}
        self.by_first: dict[str, list[str]] = {}
        for term in sorted(self.owners, key=lambda t: (-len(t), t)):
            self.by_first.setdefault(term[0], []).append(term)

    def candidates(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of every keyword and exclude phrase: (start, end, term)."""
        if not isinstance(text, str):
            return []
        text = to_simplified(text)
        found = []
        for i, ch in enumerate(text):
            for term in self.by_first.get(ch, ()):
                if text.startswith(term, i):
                    found.append((i, i + len(term), term))
        return found

    def select(self, cands, owners=None) -> list[tuple[int, str, tuple]]:
        """Claim spans longest first (then leftmost); return kept (start, term, owners) in
        text order. ``owners`` overrides the term → themes map (a term mapped to None is
        no longer a candidate)."""
        owners = self.owners if owners is None else owners
        live = [c for c in cands if owners.get(c[2]) is not None]
        live.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken: set[int] = set()
        kept = []
        for start, end, term in live:
            span = range(start, end)
            if any(i in taken for i in span):
                continue
            taken.update(span)
            kept.append((start, term, owners[term]))
        kept.sort()
        return kept


def _sentence_frame(sentences: pd.DataFrame) -> pd.DataFrame:
    missing = {"doc_id", "sent_no", "text"} - set(sentences.columns)
    if missing:
        raise KeyError(f"sentences need columns doc_id, sent_no, text; missing {sorted(missing)}")
    out = sentences.copy()
    if "par_no" not in out:
        out["par_no"] = pd.NA
    return out


def _matches(sentences: pd.DataFrame, cb: dict) -> pd.DataFrame:
    """One row per kept keyword occurrence: ``row, theme, keyword, weight, start`` (``row``
    is the sentence's position in ``sentences``)."""
    matcher = _Matcher(cb)
    rows = []
    for row, text in enumerate(sentences["text"]):
        for start, term, owners in matcher.select(matcher.candidates(text)):
            for code, weight in owners:
                rows.append((row, code, term, weight, start))
    return pd.DataFrame(rows, columns=["row", "theme", "keyword", "weight", "start"])


def assign_themes(sentences: pd.DataFrame, *, codebook=None) -> pd.DataFrame:
    """The themes each sentence touches (multi-label).

    ``sentences`` is :func:`plenum.sentences` output (``doc_id, par_no, sent_no, text``;
    ``par_no`` may be absent). One row per sentence and theme with at least one keyword hit:
    ``doc_id, par_no, sent_no, theme, matches`` — ``matches`` lists the keywords hit, in text
    order, repeats kept (so ``len(matches)`` is the theme's hit count in the sentence).
    Sentences touching no theme have no row. Sorted by doc_id, sent_no, codebook order.
    """
    cb = load_codebook(codebook)
    sents = _sentence_frame(sentences).reset_index(drop=True)
    found = _matches(sents, cb)
    order = {code: i for i, code in enumerate(cb["themes"])}
    if found.empty:
        out = pd.DataFrame(columns=ASSIGN_COLUMNS)
    else:
        found = found.sort_values(["row", "start"], kind="stable")
        grouped = found.groupby(["row", "theme"], sort=False)["keyword"].agg(list).reset_index()
        grouped["order"] = grouped["theme"].map(order)
        grouped = grouped.sort_values(["row", "order"], kind="stable")
        base = sents.loc[grouped["row"], ["doc_id", "par_no", "sent_no"]].reset_index(drop=True)
        out = base.assign(theme=grouped["theme"].to_numpy(), matches=grouped["keyword"].to_numpy())
        out = out.sort_values(["doc_id", "sent_no"], kind="stable", ignore_index=True)
    has_par = "par_no" in sentences and pd.api.types.is_integer_dtype(sentences["par_no"])
    par_dtype = "int64" if has_par else "Int64"
    return out.astype({"doc_id": "string", "par_no": par_dtype, "sent_no": "int64", "theme": "string"})[ASSIGN_COLUMNS]


# -- scores ---------------------------------------------------------------------------------

def _groups(docs: pd.DataFrame, by: str) -> dict:
    if by not in docs.columns:
        raise KeyError(f"docs have no column {by!r}")
    values = docs[by].astype("string").fillna("(unknown)")
    return dict(zip(docs["doc_id"].astype("string"), values))


def _corpus(docs: pd.DataFrame, by: str, tokens: pd.DataFrame | None):
    """Sentences with their group, and countable tokens per group."""
    from .measures import countable
    from .units import sentences

    group_of = _groups(docs, by)
    sents = sentences(docs)
    sents["group"] = sents["doc_id"].map(group_of).astype("string")
    if tokens is None:
        from .tokens import tokenize

        tokens = tokenize(docs)
    tok = tokens[countable(tokens)]
    tok_groups = tok["doc_id"].astype("string").map(group_of)
    n_tokens = tok_groups.value_counts()
    return sents, n_tokens


def _group_order(docs: pd.DataFrame, by: str) -> list:
    return sorted(set(_groups(docs, by).values()))


def theme_scores(docs: pd.DataFrame, *, by: str = "place", codebook=None,
                 tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """How strongly each group's reports speak of each theme.

    Columns: ``group``; ``theme``; ``hits`` (keyword occurrences, after the overlap rule);
    ``per_1k`` (hits, weighted by keyword weight, per 1,000 countable tokens of the group —
    words as in :func:`plenum.measures.countable`: no stopwords, punctuation, digits or single
    characters); ``sentence_share`` (share of the group's sentences touching the theme).
    Every group × theme pair is present (zeros included). ``tokens`` is a precomputed
    :func:`plenum.tokenize` frame of the same ``docs`` (saves re-tokenising); ``by`` is any
    column of ``docs`` (place, province, level, doc_id …).
    """
    cb = load_codebook(codebook)
    sents, n_tokens = _corpus(docs, by, tokens)
    found = _matches(sents, cb)
    found["group"] = sents["group"].to_numpy()[found["row"].to_numpy()] if len(found) else []
    groups = _group_order(docs, by)
    themes = list(cb["themes"])
    grid = pd.MultiIndex.from_product([groups, themes], names=["group", "theme"])
    hits = found.groupby(["group", "theme"]).size().reindex(grid, fill_value=0)
    weighted = found.groupby(["group", "theme"])["weight"].sum().reindex(grid, fill_value=0.0)
    touched = found.drop_duplicates(["row", "theme"]).groupby(["group", "theme"]).size() \
        .reindex(grid, fill_value=0)
    n_sents = sents.groupby("group").size()
    out = pd.DataFrame({"hits": hits, "weighted": weighted, "touched": touched}).reset_index()
    denom = out["group"].map(n_tokens).astype(float)
    out["per_1k"] = np.where(denom > 0, out["weighted"] / denom.where(denom > 0, 1) * 1000, np.nan)
    sent_denom = out["group"].map(n_sents).astype(float)
    out["sentence_share"] = np.where(sent_denom > 0, out["touched"] / sent_denom.where(sent_denom > 0, 1), np.nan)
    out = out.astype({"group": "string", "theme": "string", "hits": "int64"})
    return out[SCORE_COLUMNS]


def theme_keywords(docs: pd.DataFrame, *, by: str = "place", codebook=None) -> pd.DataFrame:
    """Which keywords drive each theme in each group: ``group, theme, keyword, hits,
    share`` (the keyword's share of the theme's hits in the group). Sorted by group, theme
    (codebook order), hits descending."""
    from .units import sentences

    cb = load_codebook(codebook)
    sents = sentences(docs)
    found = _matches(sents, cb)
    if found.empty:
        return pd.DataFrame(columns=KEYWORD_COLUMNS)
    group_of = _groups(docs, by)
    found["group"] = sents["doc_id"].to_numpy()[found["row"].to_numpy()]
    found["group"] = found["group"].map(group_of)
    out = found.groupby(["group", "theme", "keyword"]).size().rename("hits").reset_index()
    out["share"] = out["hits"] / out.groupby(["group", "theme"])["hits"].transform("sum")
    order = {code: i for i, code in enumerate(cb["themes"])}
    out["_order"] = out["theme"].map(order)
    out = out.sort_values(["group", "_order", "hits", "keyword"], ascending=[True, True, False, True])
    out = out.astype({"group": "string", "theme": "string", "keyword": "string", "hits": "int64"})
    return out[KEYWORD_COLUMNS].reset_index(drop=True)


def theme_balance(docs: pd.DataFrame, *, by: str = "place", codebook=None,
                  tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """Party building and ideology against the development themes, per group.

    Themes are pooled by their codebook ``bloc``: ``party``; ``development`` (economy,
    innovation, reform, regional, rural, ecology, welfare, culture); ``security``.
    Columns: ``group``; ``party_per_1k``, ``development_per_1k``, ``security_per_1k``
    (weighted hits of the bloc's themes per 1,000 countable tokens); ``party_share`` (party
    hits over party + development hits); ``party_sentences``, ``development_sentences``
    (share of the group's sentences touching at least one theme of the bloc).
    """
    cb = load_codebook(codebook)
    bloc_of = {code: spec["bloc"] for code, spec in cb["themes"].items()}
    sents, n_tokens = _corpus(docs, by, tokens)
    found = _matches(sents, cb)
    found["group"] = sents["group"].to_numpy()[found["row"].to_numpy()] if len(found) else []
    found["bloc"] = found["theme"].map(bloc_of)
    groups = _group_order(docs, by)
    n_sents = sents.groupby("group").size().reindex(groups)
    out = pd.DataFrame({"group": groups})
    for bloc in BLOCS:
        part = found[found["bloc"] == bloc]
        weighted = part.groupby("group")["weight"].sum().reindex(groups, fill_value=0.0)
        denom = pd.Series(groups).map(n_tokens).astype(float).to_numpy()
        out[f"{bloc}_per_1k"] = np.where(denom > 0, weighted.to_numpy() / np.where(denom > 0, denom, 1) * 1000,
                                         np.nan)
        out[f"_{bloc}_hits"] = part.groupby("group").size().reindex(groups, fill_value=0).to_numpy()
        touched = part.drop_duplicates("row").groupby("group").size().reindex(groups, fill_value=0)
        out[f"{bloc}_sentences"] = (touched / n_sents).to_numpy()
    both = out["_party_hits"] + out["_development_hits"]
    out["party_share"] = np.where(both > 0, out["_party_hits"] / both.where(both > 0, 1), np.nan)
    out["group"] = out["group"].astype("string")
    return out[["group", "party_per_1k", "development_per_1k", "security_per_1k", "party_share",
                "party_sentences", "development_sentences"]]


def theme_examples(docs: pd.DataFrame, theme: str, *, group=None, by: str = "place", n: int = 3,
                   codebook=None) -> pd.DataFrame:
    """The sentences that speak most of ``theme`` (in ``group`` if given): ``doc_id, group,
    sent_no, hits, matches, text``, most hits first (ties in reading order)."""
    from .units import sentences

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


def surprising_cells(scores: pd.DataFrame, *, min_hits: int = 2) -> pd.DataFrame:
    """Cells of a :func:`theme_scores` table that stand out from what the group's overall
    theme volume and the theme's overall weight predict: ``expected`` is the usual
    independence expectation row total × column total / grand total (on ``per_1k``),
    ``ratio`` = per_1k / expected. Columns ``group, theme, hits, per_1k, expected, ratio``,
    highest ratio first, cells with fewer than ``min_hits`` hits left out."""
    wide = scores.pivot_table(index="group", columns="theme", values="per_1k", aggfunc="sum")
    total = wide.to_numpy().sum()
    expected = np.outer(wide.sum(axis=1), wide.sum(axis=0)) / total if total > 0 else np.zeros(wide.shape)
    exp = pd.DataFrame(expected, index=wide.index, columns=wide.columns).stack().rename("expected")
    out = scores.merge(exp.reset_index(), on=["group", "theme"])
    out["ratio"] = np.where(out["expected"] > 0, out["per_1k"] / out["expected"].where(out["expected"] > 0, 1),
                            np.nan)
    out = out[out["hits"] >= min_hits]
    return out.sort_values("ratio", ascending=False)[
        ["group", "theme", "hits", "per_1k", "expected", "ratio"]].reset_index(drop=True)


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


def theme_robustness(docs: pd.DataFrame, *, by: str = "place", codebook=None,
                     tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """How the ranking of groups on each theme changes when any single keyword is dropped.

    For each theme and each of its keywords that hits anywhere in the corpus, the keyword is
    removed from that theme (other themes keep it; the overlap rule is re-applied, so a
    shorter keyword may now claim the span) and the theme's ``per_1k`` is recomputed for every
    group. Columns: ``theme, dropped, group, per_1k, rank`` (1 = highest), ``base_per_1k,
    base_rank, rank_change`` (rank − base_rank), ``spearman`` (rank correlation of the
    groups' per_1k with and without the keyword), ``same_top`` (the top group is unchanged)
    and ``same_order`` (the whole ranking is unchanged). One row per theme × dropped keyword
    × group. See :func:`robustness_summary` for one line per theme.
    """
    cb = load_codebook(codebook)
    sents, n_tokens = _corpus(docs, by, tokens)
    groups = _group_order(docs, by)
    denom = pd.Series(groups, index=groups).map(n_tokens).astype(float).fillna(0)
    matcher = _Matcher(cb)
    cands = [matcher.candidates(t) for t in sents["text"]]
    sent_group = sents["group"].to_numpy()

    def weights(i: int, owners=None) -> dict[str, float]:
        out: dict[str, float] = {}
        for _s, _t, own in matcher.select(cands[i], owners):
            for code, wt in own:
                out[code] = out.get(code, 0.0) + wt
        return out

    def rate(hits: dict) -> pd.Series:
        series = pd.Series({g: hits.get(g, 0.0) for g in groups}, dtype=float)
        return series.where(denom > 0) / denom.where(denom > 0) * 1000

    base_weights = [weights(i) for i in range(len(cands))]
    counted = [{(t, code) for _s, t, own in matcher.select(c) for code, _w in own} for c in cands]

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


def robustness_summary(robust: pd.DataFrame) -> pd.DataFrame:
    """One row per theme of a :func:`theme_robustness` table: ``theme, n_keywords`` (keywords
    that hit and were dropped in turn), ``same_order_share``, ``same_top_share`` (share of
    single-keyword drops leaving the ranking / the top group unchanged), ``min_spearman``,
    ``max_rank_change`` (largest move of any group), ``most_influential`` (the keyword whose
    removal changes the groups' per_1k the most, summed over groups)."""
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


# -- validation -----------------------------------------------------------------------------

def _split_labels(value) -> frozenset:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return frozenset()
    if isinstance(value, str):
        return frozenset(p.strip() for p in value.replace("；", ";").replace(",", ";").split(";") if p.strip())
    return frozenset(str(v) for v in value)


def read_labels(path=None) -> pd.DataFrame:
    """A hand-label file: CSV with ``#`` comment lines and columns ``doc_id, sent_no, text,
    labels`` (themes separated by ``;``, empty for none). Without ``path``, the packaged
    labels of the shipped reports (``data/theme_labels.csv``)."""
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


def validate_themes(labels=None, *, predicted=None, codebook=None) -> pd.DataFrame:
    """Precision, recall and F1 of the theme assignment against hand labels, per theme and
    macro-averaged.

    ``labels``: a path to a label file (see :func:`read_labels`) or a frame with ``doc_id,
    sent_no, labels`` (``"party;economy"``, a list, or empty) — and ``text`` when
    ``predicted`` is None, in which case the sentences are classified with
    :func:`assign_themes` and ``codebook``. ``predicted``: an :func:`assign_themes` frame
    (``doc_id, sent_no, theme``) or a frame with a ``labels`` column; only the labelled
    sentences are scored. Per theme: precision = TP / predicted, recall = TP / labelled,
    F1 = 2·TP / (2·TP + FP + FN); a theme never predicted gets precision 0, one never
    labelled recall 0, and one neither labelled nor predicted is NaN and left out of the
    macro row. ``macro`` averages each column over the themes (unweighted); its support is
    the total number of labels. Columns ``theme, precision, recall, f1, support``.
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


def error_counts(errors: pd.DataFrame) -> pd.DataFrame:
    """The disagreements of :func:`label_errors` counted per theme: one row per theme
    (codebook order first), columns ``FP`` and ``FN``."""
    order = [t for t in load_codebook()["themes"] if t in set(errors["theme"])]
    order += sorted(set(errors["theme"]) - set(order))
    table = errors.groupby(["theme", "error"]).size().unstack(fill_value=0)
    table = table.reindex(index=order, columns=["FP", "FN"], fill_value=0).astype("int64")
    table.columns.name = None
    table.index.name = "theme"
    return table


def theme_matrix(scores: pd.DataFrame, *, value: str = "per_1k", codebook=None) -> pd.DataFrame:
    """A column of :func:`theme_scores` side by side: one row per theme (codebook order),
    one column per group (the column axis is named ``group``)."""
    if value not in scores.columns:
        raise KeyError(f"theme scores have no column {value!r}")
    order = [t for t in load_codebook(codebook)["themes"] if t in set(scores["theme"])]
    wide = scores.pivot_table(index="theme", columns="group", values=value, aggfunc="sum").reindex(order)
    wide.columns.name = "group"
    return wide


def keyword_summary(keywords: pd.DataFrame, *, n: int = 3, codebook=None) -> pd.DataFrame:
    """Each theme's ``n`` leading keywords in each group, with their hits ("经济 12、产业 7"):
    one row per theme (codebook order), one column per group (axis named ``group``);
    empty where a group has no hit. ``keywords`` is :func:`theme_keywords` output."""
    top = keywords.groupby(["group", "theme"], sort=False).head(n)
    top = top.assign(cell=top["keyword"] + " " + top["hits"].astype(str))
    order = [t for t in load_codebook(codebook)["themes"] if t in set(keywords["theme"])]
    wide = top.groupby(["theme", "group"])["cell"].agg("、".join).unstack("group").reindex(order).fillna("")
    wide.columns.name = "group"
    return wide.astype("string")


def notable_cells(scores: pd.DataFrame, *, codebook=None, min_hits: int = 2) -> pd.DataFrame:
    """The cells of a :func:`theme_scores` table a reader checks first: the strongest cell,
    the strongest development-bloc cell, and the two most surprising ones
    (:func:`surprising_cells`). Columns ``cell, group, theme, hits, per_1k``; a cell that
    does not exist (no development theme, too few hits) is left out."""
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
    out = pd.DataFrame([(name, r["group"], r["theme"], int(r["hits"]), float(r["per_1k"])) for name, r in picks],
                       columns=["cell", "group", "theme", "hits", "per_1k"])
    return out.astype({"cell": "string", "group": "string", "theme": "string", "hits": "int64"})
