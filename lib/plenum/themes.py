"""Policy themes: a documented keyword codebook and theme intensity by place. Its checks —
against hand labels, and to dropping any one keyword — are in :mod:`plenum.validation`.

The codebook (``data/themes.yaml``) holds eleven themes — invoking the centre (authority),
Party building, economy, innovation, reform and opening-up, regional and urban development, rural revitalisation,
ecology, livelihoods, culture, security and governance — each with Chinese and English
names, a definition, its place in the Party's 五位一体 + 党的建设 framework, its nearest
Comparative Agendas Project major topic, a source note and keywords. A user's own codebook
(a path to a YAML file, or a dict of the same shape) can be passed as ``codebook=`` anywhere.

Assignment rule (the codebook's ``rule``): a sentence carries a theme when the weights of
the distinct keywords of that theme it contains reach the threshold — one strong keyword,
or two different weak ones (经济, 创新, 改革 … alone label nothing).

Matching rule (why 粮食安全 is not also 安全, and 政治生态 is not 生态): keywords are
literal substrings of the sentence's simplified analysis form (``text_simplified``).
All occurrences of all keywords and of the codebook's ``exclude`` phrases are found, then
claimed longest first; an occurrence overlapping a longer claimed one is dropped. A keyword
inside a longer keyword of another theme therefore counts only for the longer one, and a
keyword inside an ``exclude`` phrase (守正创新, 改革发展稳定, 健康发展 …) does not count at all.
A keyword listed under two themes counts for both.

Tables (all tidy):

- :func:`assign_themes` → ``doc_id, par_no, sent_no, theme, matches`` (one row per sentence
  and theme it touches; ``matches`` lists the keywords hit, in text order, repeats kept).
- :func:`theme_scores` → ``group, theme, hits, words, per_1k, sentences, n_sentences,
  sentence_share`` (with ``ci=``, intervals on both rates).
- :func:`theme_keywords` → ``group, theme, keyword, hits, share``.
- :func:`theme_balance` → invoking the centre and Party building against the development
  themes, per group.
- :mod:`plenum.theme_tables`: the same side by side, cells picked out for reading, their
  sentences, and the review and task parts of the reports scored apart.

Their figures are ``plenum.plot.plot_theme_*``; display names: :func:`plenum.plot.theme_label`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .units import PARTS, paragraphs
from .codebook import THEME_FIELDS, codebook_table, keyword_lists, keyword_table, load_codebook  # noqa: F401
from .theme_matching import _matches
from ._text import python_strings

ASSIGN_COLUMNS = ["doc_id", "par_no", "sent_no", "theme", "matches"]
SCORE_COLUMNS = ["group", "theme", "hits", "words", "per_1k", "sentences", "n_sentences", "sentence_share"]
KEYWORD_COLUMNS = ["group", "theme", "keyword", "hits", "share"]
BLOCS = ("authority", "party", "development", "security")
def _sentence_frame(sentences: pd.DataFrame) -> pd.DataFrame:
    missing = {"doc_id", "sent_no", "text"} - set(sentences.columns)
    if missing:
        raise KeyError(f"sentences need columns doc_id, sent_no, text; missing {sorted(missing)}")
    out = sentences.copy()
    if "par_no" not in out:
        out["par_no"] = pd.NA
    return out


@python_strings
def assign_themes(sentences: pd.DataFrame, *, codebook=None) -> pd.DataFrame:
    """The themes each sentence touches (multi-label).

    Sentences touching no theme have no row.

    Parameters
    ----------
    sentences : DataFrame
        :func:`plenum.sentences` output (``doc_id, par_no, sent_no, text``; ``par_no`` may be
        absent).
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one (as in :func:`load_codebook`).

    Returns
    -------
    DataFrame
        One row per sentence and theme with at least one keyword hit: ``doc_id, par_no,
        sent_no, theme, matches`` — ``matches`` lists the keywords hit, in text order, repeats
        kept (so ``len(matches)`` is the theme's hit count in the sentence). Sorted by doc_id,
        sent_no, codebook order.
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
    if not isinstance(docs, pd.DataFrame):
        raise TypeError(f"expected the documents table of plenum.read_reports, not {type(docs).__name__}")
    for col in ("doc_id", "text"):
        if col not in docs.columns:
            raise KeyError(f"the documents table has no column {col!r} (expected plenum.read_reports output)")
    if by not in docs.columns:
        raise KeyError(f"docs have no column {by!r}")
    values = docs[by].astype("string").fillna("(unknown)")
    return dict(zip(docs["doc_id"].astype("string"), values))


def _corpus(docs: pd.DataFrame, by: str, tokens: pd.DataFrame | None, part: str | None = None):
    """Sentences with their group (only those of ``part`` when given), and the content words
    (countable tokens) of each sentence and of each group."""
    from .measures import countable

    from .tokens import cached_sentences

    group_of = _groups(docs, by)
    sents = cached_sentences(docs)
    sents["group"] = sents["doc_id"].map(group_of).astype("string")
    if tokens is None:
        from .tokens import tokenize

        tokens = tokenize(docs)
    tok = tokens[countable(tokens)]
    if part is not None:
        if part not in PARTS:
            raise ValueError(f"part={part!r}: expected one of {', '.join(PARTS)} or None")
        if "sent_no" not in tok.columns:
            raise KeyError("part= needs the token table's sent_no column")
        pars = paragraphs(docs)
        part_of = dict(zip(zip(pars["doc_id"], pars["par_no"]), pars["part"]))
        keep = [part_of.get((d, p)) == part for d, p in zip(sents["doc_id"], sents["par_no"])]
        sents = sents[keep].reset_index(drop=True)
        kept = pd.MultiIndex.from_arrays([sents["doc_id"].astype("string"), sents["sent_no"]])
        tok = tok[pd.MultiIndex.from_arrays([tok["doc_id"].astype("string"), tok["sent_no"]]).isin(kept)]
    if "sent_no" in tok.columns:  # a hand-made token table may lack it; only intervals need it
        per_sentence = tok.groupby([tok["doc_id"].astype("string"), tok["sent_no"]], observed=True).size()
        keys = pd.MultiIndex.from_arrays([sents["doc_id"].astype("string"), sents["sent_no"]])
        sents["n_words"] = per_sentence.reindex(keys, fill_value=0).to_numpy()
    # words of documents whose sentences the splitter did not return still count for the group
    n_tokens = tok["doc_id"].astype("string").map(group_of).value_counts()
    return sents, n_tokens


def _score_intervals(sents, found, out, *, ci, n_boot, seed):
    """Bootstrap intervals of per_1k and sentence_share for every row of ``out``."""
    from . import resampling

    if "n_words" not in sents.columns:
        raise KeyError("intervals resample sentences: the token table needs its sent_no column")
    sent_doc, _ = pd.factorize(sents["doc_id"])
    group_code, group_names = resampling.codes(sents["group"].fillna("(unknown)"))
    rows = pd.MultiIndex.from_frame(out[["group", "theme"]])
    code_group = pd.Index(group_names).get_indexer(out["group"])
    occ_sent = found["row"].to_numpy()
    occ_code = rows.get_indexer(pd.MultiIndex.from_arrays([found["group"], found["theme"]]))
    common = dict(sent_doc=sent_doc, sent_group=group_code, occ_sent=occ_sent, code_group=code_group,
                  n_codes=len(out), n_groups=len(group_names), n_boot=n_boot, seed=seed)
    rates = resampling.ratio_replicates(den_sent=sents["n_words"].to_numpy(float), occ_code=occ_code,
                                        occ_weight=np.ones(len(found)), **common)
    first = ~found.duplicated(["row", "theme"]).to_numpy()
    shares = resampling.ratio_replicates(den_sent=np.ones(len(sents)), occ_code=occ_code[first],
                                         occ_weight=np.ones(int(first.sum())),
                                         **{**common, "occ_sent": occ_sent[first]})
    low, high = resampling.percentile_interval(rates, ci)
    share_low, share_high = resampling.percentile_interval(shares, ci)
    return low * 1000, high * 1000, share_low, share_high


def _group_order(docs: pd.DataFrame, by: str) -> list:
    return sorted(set(_groups(docs, by).values()))


@python_strings
def theme_scores(docs: pd.DataFrame, *, by: str = "place", codebook=None,
                 tokens: pd.DataFrame | None = None, part: str | None = None, ci: float | None = None,
                 n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """How strongly each group's reports speak of each theme.

    Every group × theme pair is present (zeros included).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        Any column of ``docs`` (place, province, year, session_type, level, doc_id …).
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one (as in :func:`load_codebook`).
    tokens : DataFrame, optional, keyword-only
        A precomputed :func:`plenum.tokenize` frame of the same ``docs`` (saves
        re-tokenising).
    part : {"review", "task", "opening", "procedure"}, optional, keyword-only
        Score only the sentences of paragraphs in this part of the report
        (:func:`plenum.units.paragraph_parts`): ``"review"`` for what the report says was done,
        ``"task"`` for what it asks to be done. Denominators (``words``, ``n_sentences``)
        are then that part's. None (the default) scores every sentence.
    ci : float, optional, keyword-only
        Add bootstrap intervals at this level (0.95); None (the default) computes none.
    n_boot : int, keyword-only
        Bootstrap replicates when ``ci`` is given.
    seed : int, keyword-only
        Seed of the replicates: the same seed gives the same intervals.

    Returns
    -------
    DataFrame
        ``group``; ``theme``; ``hits`` (keyword occurrences, after the overlap rule);
        ``words`` (the group's content words: tokens :func:`plenum.measures.countable`
        counts — no stopwords, punctuation, digits or single characters); ``per_1k`` (hits
        per 1,000 content words); ``sentences`` (sentences
        touching the theme) and ``n_sentences`` (the group's sentences); ``sentence_share``
        (their ratio). With ``ci``: ``per_1k_low, per_1k_high, sentence_share_low,
        sentence_share_high``.

    Notes
    -----
    Intervals resample sentences within each report, with replacement and as many as it has
    (a stratified bootstrap, :mod:`plenum.resampling`); a cell resting on a sentence or two
    gets an interval that reaches 0.
    """
    from .resampling import check_ci

    check_ci(ci, n_boot)
    cb = load_codebook(codebook)
    sents, n_tokens = _corpus(docs, by, tokens, part)
    found = _matches(sents, cb)
    found["group"] = sents["group"].to_numpy()[found["row"].to_numpy()] if len(found) else []
    groups = _group_order(docs, by)
    themes = list(cb["themes"])
    grid = pd.MultiIndex.from_product([groups, themes], names=["group", "theme"])
    hits = found.groupby(["group", "theme"]).size().reindex(grid, fill_value=0)
    touched = found.drop_duplicates(["row", "theme"]).groupby(["group", "theme"]).size() \
        .reindex(grid, fill_value=0)
    n_sents = sents.groupby("group").size()
    out = pd.DataFrame({"hits": hits, "sentences": touched}).reset_index()
    out["words"] = out["group"].map(n_tokens).fillna(0).astype("int64")
    denom = out["words"].astype(float)
    out["per_1k"] = np.where(denom > 0, out["hits"] / denom.where(denom > 0, 1) * 1000, np.nan)
    out["n_sentences"] = out["group"].map(n_sents).fillna(0).astype("int64")
    sent_denom = out["n_sentences"].astype(float)
    out["sentence_share"] = np.where(sent_denom > 0, out["sentences"] / sent_denom.where(sent_denom > 0, 1), np.nan)
    out = out.astype({"group": "string", "theme": "string", "hits": "int64", "sentences": "int64"})
    columns = list(SCORE_COLUMNS)
    if ci:
        (out["per_1k_low"], out["per_1k_high"], out["sentence_share_low"],
         out["sentence_share_high"]) = _score_intervals(sents, found, out, ci=ci, n_boot=n_boot, seed=seed)
        at = columns.index("per_1k") + 1
        columns = columns[:at] + ["per_1k_low", "per_1k_high"] + columns[at:] + ["sentence_share_low",
                                                                                  "sentence_share_high"]
    return out[columns]


@python_strings
def theme_keywords(docs: pd.DataFrame, *, by: str = "place", codebook=None) -> pd.DataFrame:
    """Which keywords drive each theme in each group.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        Any column of ``docs`` (place, province, level, doc_id …).
    codebook : str, Path or dict, optional, keyword-only
        A codebook instead of the packaged one (as in :func:`load_codebook`).

    Returns
    -------
    DataFrame
        ``group, theme, keyword, hits, share`` (the keyword's share of the theme's hits in
        the group). Sorted by group, theme (codebook order), hits descending.
    """
    from .tokens import cached_sentences

    cb = load_codebook(codebook)
    sents = cached_sentences(docs)
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


@python_strings
def theme_balance(docs: pd.DataFrame, *, by: str = "place", codebook=None,
                  tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """Invoking the centre and Party building against the development themes, per group.

    Themes are pooled by their codebook ``bloc``: ``authority`` (invoking the centre);
    ``party`` (Party building); ``development`` (economy, innovation, reform, regional, rural,
    ecology, welfare, culture); ``security``.

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
        ``group``; ``authority_per_1k``, ``party_per_1k``, ``development_per_1k``,
        ``security_per_1k`` (keyword hits of the bloc's themes per 1,000 content words);
        ``authority_share`` and ``party_share`` (the bloc's hits over authority + party +
        development hits); ``authority_sentences``, ``party_sentences``,
        ``development_sentences`` (share of the group's sentences touching at least one theme
        of the bloc). A bloc the codebook does not use scores 0.
    """
    cb = load_codebook(codebook)
    bloc_of = {code: spec["bloc"] for code, spec in cb["themes"].items()}
    sents, n_tokens = _corpus(docs, by, tokens)
    found = _matches(sents, cb)
    found["group"] = sents["group"].to_numpy()[found["row"].to_numpy()] if len(found) else []
    found["bloc"] = found["theme"].map(bloc_of)
    groups = _group_order(docs, by)
    n_sents = sents.groupby("group").size().reindex(groups)
    denom = pd.Series(groups).map(n_tokens).astype(float).to_numpy()
    out = pd.DataFrame({"group": groups})
    hits = {}
    for bloc in BLOCS:
        part = found[found["bloc"] == bloc]
        hits[bloc] = part.groupby("group").size().reindex(groups, fill_value=0).to_numpy()
        out[f"{bloc}_per_1k"] = np.where(denom > 0, hits[bloc] / np.where(denom > 0, denom, 1) * 1000, np.nan)
        touched = part.drop_duplicates("row").groupby("group").size().reindex(groups, fill_value=0)
        out[f"{bloc}_sentences"] = (touched / n_sents).to_numpy()
    pooled = hits["authority"] + hits["party"] + hits["development"]
    for bloc in ("authority", "party"):
        out[f"{bloc}_share"] = np.where(pooled > 0, hits[bloc] / np.where(pooled > 0, pooled, 1), np.nan)
    out["group"] = out["group"].astype("string")
    return out[["group", "authority_per_1k", "party_per_1k", "development_per_1k", "security_per_1k",
                "authority_share", "party_share", "authority_sentences", "party_sentences",
                "development_sentences"]]
