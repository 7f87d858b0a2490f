"""The closing prose of each notebook, written from the tables computed in that run.

Every sentence is built from the tables it is given and says only what they hold, for
whatever corpus the notebook ran on: a claim that the data do not support is left out, not
softened. Rates are quoted with their bootstrap interval where the table has one; a lead
whose interval overlaps the runner-up's is called indistinguishable at this sample size.

Each function returns :class:`Findings`, a list of sentences that renders as a bulleted
Markdown list in a notebook.
"""

from __future__ import annotations

import pandas as pd

from .labels import place_label, theme_label

_SMALL = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


class Findings(list):
    """Sentences about one corpus; shown as a Markdown list under a one-line lede."""

    def __init__(self, sentences, *, lede: str):
        super().__init__(s for s in sentences if s)
        self.lede = lede

    def markdown(self) -> str:
        bullets = "\n".join(f"- {s}" for s in self)
        return f"*{self.lede}*\n\n{bullets}" if self else f"*{self.lede}*"

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        return self.markdown()


def number(n: int) -> str:
    """A count in words up to ten, in digits beyond ("five", "12")."""
    return _SMALL[n] if 0 <= n < len(_SMALL) else f"{n:,}"


def name(group) -> str:
    """A group as prose: 'Zhenjiang 镇江市', or the value itself when nothing romanises."""
    text = str(group)
    roman = place_label(text, "en")
    return text if roman in (text, "unknown") or not roman.isascii() else f"{roman} {text}"


def session_name(code: str) -> str:
    from ..lexicon import session_type_names

    names = session_type_names().set_index("session_type")["en"].to_dict()
    return names.get(code, code)


def listing(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 2:
        return " and ".join(items)
    sep = "; " if any(", " in i for i in items) else ", "
    return sep.join(items[:-1]) + sep.rstrip() + " and " + items[-1]


def rate(value, low=None, high=None, digits: int = 0) -> str:
    """'18 [7, 31]': a rate with its interval when there is one."""
    if low is None or pd.isna(low):
        return f"{value:.{digits}f}"
    return f"{value:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


def overlaps(a_low, a_high, b_low, b_high) -> bool:
    return not (a_low > b_high or b_low > a_high)


def lede(docs: pd.DataFrame, what: str = "reports") -> str:
    """'For the 5 reports of this corpus (2 provinces, 2020–2023; every number is in a table
    above):'."""
    parts = []
    if "province" in docs and docs["province"].notna().any():
        k = docs["province"].nunique()
        parts.append(f"{number(k)} province{'s' if k != 1 else ''}")
    if "year" in docs and docs["year"].notna().any():
        lo, hi = int(docs["year"].min()), int(docs["year"].max())
        parts.append(str(lo) if lo == hi else f"{lo}–{hi}")
    where = f" ({', '.join(parts)})" if parts else ""
    return f"For the {number(len(docs))} {what} of this corpus{where}; every number is in a table above:"


def _table(value) -> pd.DataFrame:
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()


def comparability(docs: pd.DataFrame, *, by: str = "place") -> str:
    """Whether the groups differ in year and kind of session as well as in place."""
    if by not in docs or docs[by].nunique() < 2:
        return ""
    years = sorted({int(y) for y in docs.get("year", pd.Series(dtype="Int64")).dropna()})
    kinds = sorted({str(k) for k in docs.get("session_type", pd.Series(dtype="string")).dropna()})
    per_group = docs.groupby(docs[by].astype("string"))
    one_each = bool((per_group.size() == 1).all())
    if not years and not kinds:
        return ""
    if len(years) <= 1 and len(kinds) <= 1:
        when = f"from {years[0]}" if years else "of unknown date"
        kind = f"{session_name(kinds[0])} sessions" if kinds else "sessions of one kind"
        return (f"All reports are {when} and all are {kind}, so the comparisons below are between "
                f"{by}s, not between years or kinds of session.")
    differs = []
    if len(years) > 1:
        differs.append(f"{number(len(years))} different years ({listing(years)})")
    if len(kinds) > 1:
        differs.append(f"{number(len(kinds))} kinds of session ({listing(session_name(k) for k in kinds)})")
    head = f"Each {by} has one report, and the reports" if one_each else "The reports"
    return (f"{head} come from {' and '.join(differs)}: a difference between two {by}s here is also a "
            "difference of year or session, so read it as a pointer until reports of the same year and kind "
            "are compared.")


# -- notebook 02: terms --------------------------------------------------------------------------

def terms_findings(docs: pd.DataFrame, *, frequency: pd.DataFrame | None = None,
                   keyness: pd.DataFrame | None = None, overlap: pd.DataFrame | None = None,
                   pairs: pd.DataFrame | None = None, by: str = "place", max_q: float = 0.05) -> Findings:
    """The closing prose of the terms notebook.

    A table that is not given leaves out the sentences it would support.

    Parameters
    ----------
    docs : DataFrame
        The documents the tables were computed from (years, session types, provinces).
    frequency : DataFrame, optional, keyword-only
        :func:`plenum.term_frequency` output.
    keyness : DataFrame, optional, keyword-only
        :func:`plenum.keyness` output.
    overlap : DataFrame, optional, keyword-only
        :func:`plenum.vocabulary_overlap` output.
    pairs : DataFrame, optional, keyword-only
        :func:`plenum.measures.closest_pairs` output.
    by : str, keyword-only
        The column the tables are grouped by.
    max_q : float, keyword-only
        The false-discovery rate below which a keyness word counts as distinctive.

    Returns
    -------
    Findings
    """
    freq, key = _table(frequency), _table(keyness)
    overlap, pairs = _table(overlap), _table(pairs)
    out = [comparability(docs, by=by)]
    totals = freq.drop_duplicates("group").set_index("group")["total"] if "total" in freq else pd.Series(dtype=int)
    if len(totals):
        step = 10_000 / totals
        text = (f"The {by}s have {totals.min():,} to {totals.max():,} content words each ({totals.sum():,} in all)"
                if len(totals) > 1 else f"The corpus has {totals.sum():,} content words")
        if step.max() >= 1:
            text += (f", so one use more or less moves a rate per 10,000 content words by "
                     f"{rate(step.min(), digits=1 if step.min() < 10 else 0)} to "
                     f"{rate(step.max(), digits=1 if step.max() < 10 else 0)}: read rates with their counts")
        out.append(text + ".")
    n_groups = freq["group"].nunique() if "group" in freq else 0
    if n_groups > 1 and len(overlap):
        core = overlap[overlap["n_groups"] == n_groups]
        if len(core):
            sort = "n" if "n" in core else core.columns[-1]
            words = core.sort_values(sort, ascending=False)["token"].head(6).tolist()
            out.append(f"**A shared core.** {len(core):,} words occur in every report; the most frequent are "
                       f"{listing(words)}.")
        else:
            out.append("No word occurs in every report.")
    out.append(_keyness_sentence(key, max_q))
    out.append(_similarity_sentence(pairs, docs, by))
    return Findings(out, lede=lede(docs))


def _keyness_sentence(key: pd.DataFrame, max_q: float) -> str:
    if key.empty or "q" not in key:
        return ""
    over = key[key["log_ratio"] > 0]
    raw = int((over["p"] < 0.05).sum())
    kept = over[over["q"] < max_q]
    groups = sorted(key["group"].unique())
    text = (f"**Distinctive words, after correcting for {len(key):,} tests.** {raw:,} over-used words reach "
            f"p < 0.05 by G², but only {len(kept):,} have a false-discovery rate q < {max_q:g} (Fisher's exact "
            "test, Benjamini–Hochberg)")
    if kept.empty:
        return text + ": no report has a word that is distinctive at this sample size."
    tops = kept.groupby("group").head(1)
    shown = [f"{name(r.group)} {r.token} ({r.n_target} vs {r.n_reference})" for r in tops.itertuples()]
    text += f". The strongest per report: {listing(shown)}."
    none = [name(g) for g in groups if g not in set(kept["group"])]
    if none:
        text += f" {listing(none)} {'has' if len(none) == 1 else 'have'} none."
    few = int((kept["n_target"] < 5).sum())
    if few:
        text += f" {number(few).capitalize()} of the {len(kept)} rest on fewer than five uses."
    return text


def _similarity_sentence(pairs: pd.DataFrame, docs: pd.DataFrame, by: str) -> str:
    if pairs is None or pairs.empty:
        return ""
    first = pairs.iloc[0]
    a, b = first["group_a"], first["group_b"]
    text = (f"**Similarity.** Pairwise TF-IDF cosine similarity runs from {pairs['similarity'].min():.2f} "
            f"to {pairs['similarity'].max():.2f}. The closest pair is {name(a)} and {name(b)}")
    if by == "place" and "province" in docs:
        prov = docs.drop_duplicates("place").set_index("place")["province"]
        pa, pb = prov.get(a), prov.get(b)
        if isinstance(pa, str) and isinstance(pb, str):
            text += " (same province)" if pa == pb else " (across provinces)"
    share = float(first["share_top"])
    if share >= 0.9:
        text += f", and it stays the closest in {share:.0%} of resamples of the reports' sentences."
    else:
        text += (f", but it is the closest pair in only {share:.0%} of resamples of the reports' sentences: "
                 "which pair is most alike is not settled at this sample size.")
    return text


# -- notebook 03: themes -------------------------------------------------------------------------

def themes_findings(docs: pd.DataFrame, *, scores: pd.DataFrame, balance: pd.DataFrame | None = None,
                    robustness: pd.DataFrame | None = None, agreement: pd.DataFrame | None = None,
                    parts: pd.DataFrame | None = None, checks: pd.DataFrame | None = None,
                    by: str = "place", theme_names: dict | None = None, labelled_docs=()) -> Findings:
    """The closing prose of the themes notebook.

    A table that is not given leaves out the sentences it would support.

    Parameters
    ----------
    docs : DataFrame
        The documents of the tables.
    scores : DataFrame, keyword-only
        :func:`plenum.theme_scores` output, best with ``ci=`` (intervals decide what is
        called a lead).
    balance : DataFrame, optional, keyword-only
        :func:`plenum.themes.theme_balance` output.
    robustness : DataFrame, optional, keyword-only
        :func:`plenum.validation.robustness_summary` output.
    agreement : DataFrame, optional, keyword-only
        :func:`plenum.validate_themes` output.
    parts : DataFrame, optional, keyword-only
        :func:`plenum.theme_tables.theme_parts` output: what the reviews and the tasks lead on.
    checks : DataFrame, optional, keyword-only
        :func:`plenum.theme_tuning.agreement_summary` output: the out-of-sample agreement,
        stated as the figure to expect on new reports.
    by : str, keyword-only
        The grouping column of the tables.
    theme_names : dict, optional, keyword-only
        Theme code → display name.
    labelled_docs : iterable of str, keyword-only
        doc_ids of the hand-labelled sentences behind ``agreement``: where they are the
        corpus's own reports, the agreement is called in-sample.

    Returns
    -------
    Findings
    """
    names = theme_names or {}

    def theme(code):
        return names.get(code) or theme_label(code, "en")

    balance, robustness = _table(balance), _table(robustness)
    has_ci = "per_1k_low" in scores
    out = [comparability(docs, by=by)]
    first = scores.sort_values("per_1k", ascending=False).groupby("group").head(1)
    leaders = first["theme"].unique()
    if len(leaders) == 1 and len(first) > 1:
        lo, hi = first.nsmallest(1, "per_1k").iloc[0], first.nlargest(1, "per_1k").iloc[0]
        out.append(f"**{theme(leaders[0])} is the first theme in every report**: from "
                   f"{rate(lo.per_1k, getattr(lo, 'per_1k_low', None), getattr(lo, 'per_1k_high', None))} "
                   f"keyword hits per 1,000 content words ({name(lo.group)}) to "
                   f"{rate(hi.per_1k, getattr(hi, 'per_1k_low', None), getattr(hi, 'per_1k_high', None))} "
                   f"({name(hi.group)}).")
    elif len(first):
        listed = [f"{theme(r.theme)} in {name(r.group)}" for r in first.itertuples()]
        out.append(f"**The first theme differs between reports**: {listing(listed)}.")
    if has_ci and scores["group"].nunique() > 1:
        out.append(_leads(scores, theme))
    thin = scores[(scores["hits"] > 0) & (scores["sentences"] <= 2)] if "sentences" in scores else scores.iloc[:0]
    if len(thin):
        out.append(f"{number(len(thin)).capitalize()} of the {len(scores)} {by} × theme cells have hits in only one "
                   "or two sentences; their rates say little.")
    if len(balance) > 1:
        a, b = balance.sort_values("authority_share"), balance.sort_values("party_share")
        out.append(f"**Invoking the centre, Party building and development.** Invoking the centre makes up "
                   f"{a['authority_share'].min():.0%} ({name(a.iloc[0]['group'])}) to "
                   f"{a['authority_share'].max():.0%} ({name(a.iloc[-1]['group'])}) of authority + Party + "
                   f"development keyword hits; Party building itself {b['party_share'].min():.0%} "
                   f"({name(b.iloc[0]['group'])}) to {b['party_share'].max():.0%} ({name(b.iloc[-1]['group'])}).")
    if len(robustness):
        firm = robustness[robustness["same_top_share"] >= 1]["theme"].map(theme).tolist()
        weak = robustness[robustness["same_top_share"] < 0.7]
        if firm:
            out.append(f"**Robustness.** The top {by} stays the same whatever single keyword is dropped for "
                       f"{listing(firm)}.")
        if len(weak):
            shown = [f"{theme(r.theme)} ({r.same_top_share:.0%}, most of it {r.most_influential})"
                     for r in weak.itertuples()]
            out.append(f"The lead on {listing(shown)} survives fewer than 70% of single-keyword drops: it rests on "
                       "a word or two.")
    if agreement is not None and len(agreement):
        macro = agreement[agreement["theme"] == "macro"]
        per = agreement[agreement["theme"] != "macro"].sort_values("f1")
        if len(macro) and len(per):
            weakest = per.iloc[0]
            inside = set(map(str, labelled_docs)) & set(docs["doc_id"].astype(str))
            where = ("measured on this corpus's own reports, whose sentences the keywords were chosen on: an upper "
                     "bound, not an estimate for new reports") if inside else (
                "measured on the hand-labelled sentences shipped with the codebook, not on this corpus: label a "
                "sample of this corpus's sentences (`validation.read_labels(path)`) before trusting it here")
            out.append(f"**How far to trust the measure.** Against hand labels the codebook reaches macro-F1 "
                       f"{macro.iloc[0]['f1']:.2f}, {where}; the weakest theme is {theme(weakest['theme'])} "
                       f"(F1 {weakest['f1']:.2f}, precision {weakest['precision']:.2f}).")
    if parts is not None and len(parts):
        out.append(_parts_sentence(parts, theme))
    if checks is not None and len(checks):
        out.append(_checks_sentence(checks))
    return Findings(out, lede=lede(docs))


def _parts_sentence(parts: pd.DataFrame, theme) -> str:
    pooled = parts.groupby(["part", "theme"], sort=False)[["hits"]].sum()
    words = parts.drop_duplicates(["part", "group"]).groupby("part")["words"].sum()
    rate_of = pooled["hits"] / pooled.index.get_level_values("part").map(words).to_numpy() * 1000
    rate_of = rate_of.replace([float("inf")], float("nan"))
    if rate_of.isna().all() or not {"review", "task"} <= set(pooled.index.get_level_values("part")):
        return "The reports have no review or no task paragraphs to compare."
    review, task = rate_of.xs("review"), rate_of.xs("task")
    shift = (task - review).dropna().sort_values()
    return (f"**Review and tasks.** Pooled over the reports, the reviews lead on {theme(review.idxmax())} "
            f"({review.max():.0f} hits per 1,000 content words of review) and the tasks on {theme(task.idxmax())} "
            f"({task.max():.0f}); attention moves most towards {theme(shift.index[-1])} in the tasks "
            f"({review[shift.index[-1]]:.0f} → {task[shift.index[-1]]:.0f}) and away from {theme(shift.index[0])} "
            f"({review[shift.index[0]]:.0f} → {task[shift.index[0]]:.0f}).")


def _checks_sentence(checks: pd.DataFrame) -> str:
    first = checks.iloc[0]
    unseen = checks[checks["check"].str.startswith("held-out")]
    crossed = checks[checks["check"].str.startswith("leave-one-report-out, tuned")]
    text = f"**Out of sample.** In sample the codebook reaches macro-F1 {first['f1']:.2f}"
    if len(crossed):
        text += f"; with each report left out of the weight tuning, {crossed.iloc[0]['f1']:.2f}"
    if len(unseen):
        row = unseen.iloc[0]
        text += (f"; on {row['sentences']} labelled sentences of {row['reports']} reports it was never written "
                 f"beside, {row['f1']:.2f} (precision {row['precision']:.2f}, recall {row['recall']:.2f}). "
                 "That last figure is the one to expect on new reports")
    return text + "."


def _leads(scores: pd.DataFrame, theme) -> str:
    clear, unclear = [], []
    for code, rows in scores.groupby("theme", sort=False):
        rows = rows.sort_values("per_1k", ascending=False)
        if len(rows) < 2 or rows.iloc[0]["hits"] == 0:
            continue
        a, b = rows.iloc[0], rows.iloc[1]
        text = (f"{theme(code)}: {name(a['group'])} {rate(a['per_1k'], a['per_1k_low'], a['per_1k_high'])} "
                f"against {name(b['group'])} {rate(b['per_1k'], b['per_1k_low'], b['per_1k_high'])}")
        gap = a["per_1k"] / b["per_1k"] if b["per_1k"] > 0 else float("inf")
        (unclear if overlaps(a["per_1k_low"], a["per_1k_high"], b["per_1k_low"], b["per_1k_high"])
         else clear).append((gap, text))
    parts = []
    if clear:
        parts.append(f"**Leads that hold** (95% intervals apart): {'; '.join(t for _, t in clear)}.")
    if unclear:
        shown = [t for _, t in sorted(unclear, reverse=True)[:3]]
        head = ("No theme's leader is" if not clear else f"For the other {number(len(unclear))} themes the leader is not")
        parts.append(f"**Leads that do not hold.** {head} distinguishable from the runner-up at this sample "
                     f"size: their 95% intervals overlap, even where the gap looks large ({'; '.join(shown)}).")
    return " ".join(parts)


# -- notebook 01: corpus -------------------------------------------------------------------------

_LEVELS = {"省": "provincial", "市": "prefecture-level city", "州": "prefecture", "盟": "league", "区": "district",
           "县": "county", "旗": "banner"}


def corpus_findings(docs: pd.DataFrame, *, pages: pd.DataFrame | None = None, overview: pd.DataFrame | None = None,
                    moves: pd.DataFrame | None = None, documents: pd.DataFrame | None = None) -> Findings:
    """The closing prose of the corpus notebook.

    Parameters
    ----------
    docs : DataFrame
        The plenum reports (:func:`plenum.plenum_reports`).
    pages : DataFrame, optional, keyword-only
        Every page loaded (:func:`plenum.read_reports`), to say how many were left out.
    overview : DataFrame, optional, keyword-only
        :func:`plenum.corpus_overview` output.
    moves : DataFrame, optional, keyword-only
        :func:`plenum.move_counts` output.
    documents : DataFrame, optional, keyword-only
        :func:`plenum.documents_table` output.

    Returns
    -------
    Findings
    """
    out = []
    n = len(docs)
    if pages is not None and len(pages) > n:
        out.append(f"Of {len(pages):,} pages loaded, {len(pages) - n:,} are not a committee's own plenary-session "
                   "report or repeat one; they are left out, each with its reason in the excluded-pages table.")
    if "level" in docs and n:
        levels = docs["level"].fillna("?").value_counts()
        parts = [f"{number(int(k))} {_LEVELS.get(lv, 'unknown-level')} committee{'s' if k != 1 else ''}"
                 for lv, k in levels.items()]
        dates = docs["meeting_date"].fillna(docs["publish_date"]).dropna()
        span = (f", meeting between {dates.min():%B %Y} and {dates.max():%B %Y}" if len(dates) > 1 else "")
        out.append(f"The {number(n)} reports come from {listing(parts)}{span}.")
    if "session_type" in docs and n:
        kinds = docs["session_type"].fillna("other").value_counts()
        out.append("Kinds of session: " + listing(f"{session_name(k)} {v}" for k, v in kinds.items()) + ".")
    undated = int(docs["meeting_date"].isna().sum()) if "meeting_date" in docs else 0
    if undated:
        out.append(f"{number(undated).capitalize()} page{' never states' if undated == 1 else 's never state'} the "
                   f"meeting date; {'its' if undated == 1 else 'their'} publication date stands in for it.")
    if "expanded" in docs and docs["expanded"].fillna(False).any():
        k = int(docs["expanded"].fillna(False).sum())
        out.append(f"{number(k).capitalize()} of the sessions {'was an' if k == 1 else 'were'} expanded "
                   f"session{'s' if k != 1 else ''} (扩大会议).")
    if overview is not None and "members" in overview and n:
        stated = int(overview["members"].notna().sum())
        out.append(f"Attendance is stated in {number(stated)} of the {number(n)} reports."
                   if stated < n else "Every report states its attendance.")
    if documents is not None and "doc_id" in documents:
        per_doc = documents.groupby("doc_id").size().reindex(docs["doc_id"], fill_value=0)
        none = int((per_doc == 0).sum())
        text = f"The sessions adopted or reviewed {len(documents):,} titled documents in all"
        text += f"; {number(none)} report{'s' if none != 1 else ''} name none." if none else "."
        out.append(text)
    if moves is not None and len(moves):
        real = moves[~moves["move"].isin(["(none)", "(other)"])]
        if len(real):
            top = real.sort_values("n", ascending=False).groupby("group").head(1)
            common = top["move"].value_counts()
            move, k = common.index[0], int(common.iloc[0])
            out.append(f"**How the reports speak.** {move} is the most frequent paragraph-opening verb in "
                       f"{number(k)} of the {number(top['group'].nunique())} reports.")
    if overview is not None and "boilerplate_share" in overview and overview["boilerplate_share"].notna().any():
        b = overview["boilerplate_share"].dropna()
        out.append(f"Boilerplate (navigation, credits, links) is {b.min():.0%} to {b.max():.0%} of each raw page's "
                   "visible text.")
    return Findings(out, lede=lede(docs))


# -- notebook 04: targets ------------------------------------------------------------------------

def targets_findings(docs: pd.DataFrame, *, summary: pd.DataFrame | None = None,
                     matrix: pd.DataFrame | None = None, tasks: pd.DataFrame | None = None,
                     horizons: pd.DataFrame | None = None, not_yet: pd.DataFrame | None = None,
                     by: str = "place") -> Findings:
    """The closing prose of the targets notebook.

    A table that is not given leaves out the sentences it would support.

    Parameters
    ----------
    docs : DataFrame
        The documents of the tables.
    summary : DataFrame, optional, keyword-only
        :func:`plenum.extract.target_summary` output.
    matrix : DataFrame, optional, keyword-only
        :func:`plenum.extract.formulation_matrix` output (formulations × groups, ``coined_by``).
    tasks : DataFrame, optional, keyword-only
        :func:`plenum.extract.task_list_table` output.
    horizons : DataFrame, optional, keyword-only
        :func:`plenum.extract.horizon_table` output.
    not_yet : DataFrame, optional, keyword-only
        :func:`plenum.extract.not_yet_in_use` output.
    by : str, keyword-only
        The grouping column of the tables.

    Returns
    -------
    Findings
    """
    summary, matrix = _table(summary), _table(matrix)
    out = [comparability(docs, by=by)]
    if len(summary):
        setting = summary[summary["n_targets"] > 0]
        if setting.empty:
            out.append("**Numbers are absent.** No report sets a quantitative target.")
        else:
            each = [f"{name(r.group)} {r.n_targets} ({r.binding} binding, {r.aspirational} aspirational, "
                    f"{getattr(r, 'expected', r.n_targets - r.binding - r.aspirational)} expected)"
                    for r in setting.sort_values("n_targets", ascending=False).itertuples()]
            out.append(f"**Who commits to numbers.** {number(len(setting)).capitalize()} of the "
                       f"{number(len(summary))} reports set any quantitative target: {listing(each)}.")
    groups = [c for c in matrix.columns if c != "coined_by"]
    if len(matrix) and len(groups) > 1:
        counts = matrix[groups]
        used = counts.fillna(0) > 0
        possible = counts.notna()
        everywhere = counts.index[used.all(axis=1)].tolist()
        wherever = counts.index[(used | ~possible).all(axis=1) & ~used.all(axis=1)].tolist()
        if everywhere:
            out.append(f"**Shared formulations.** {listing(everywhere[:6])} "
                       f"{'is' if len(everywhere) == 1 else 'are'} repeated in every report.")
        if wherever:
            out.append(f"{listing(wherever[:6])} {'is' if len(wherever) == 1 else 'are'} repeated in every report "
                       "dated after it entered use.")
        if "province" in docs and by == "place":
            prov = docs.drop_duplicates("place").set_index("place")["province"]
            provincial = matrix[matrix["coined_by"] != "central"]
            signatures = []
            for term, row in provincial[groups].iterrows():
                users = [g for g in groups if pd.notna(row[g]) and row[g] > 0]
                provinces = {prov.get(g) for g in users}
                if len(users) > 1 and len(provinces) == 1 and None not in provinces:
                    signatures.append(f"{term} ({number(len(users))} reports, all {provinces.pop()})")
            if signatures:
                out.append(f"**Provincial signatures.** {listing(signatures[:5])}.")
    if not_yet is not None and len(not_yet):
        shown = [f"{r.formulation} (in use from {r.since}) in {name(r.group)}'s {r.year} report"
                 for r in not_yet.head(4).itertuples()]
        cells = "cell predates its formulation" if len(not_yet) == 1 else "cells predate their formulation"
        out.append(f"**Not yet in use.** {number(len(not_yet)).capitalize()} {by} × formulation {cells}; the tables "
                   f"show them as not yet in use, not as 0: {listing(shown)}.")
    if tasks is not None and len(tasks) and "mismatch" in tasks:
        counted = tasks[tasks["count_stated"].notna()]
        if len(counted):
            wrong = counted[counted["mismatch"].fillna(False).astype(bool)]
            out.append(f"**Lists keep their word.** {'The' if len(counted) == 1 else 'All'} {number(len(counted))} "
                       f"list{'s' if len(counted) != 1 else ''} that announce their length have exactly that many "
                       "items." if wrong.empty else
                       f"{number(len(wrong)).capitalize()} of the {number(len(counted))} lists that announce their "
                       "length have a different number of items.")
        longest = tasks.sort_values("count_found", ascending=False).iloc[0]
        out.append(f"The longest list is {name(longest['group'])}'s, with {int(longest['count_found'])} items.")
    if horizons is not None and len(horizons):
        far = horizons.dropna(subset=["year"]).sort_values("year").groupby("group").tail(1)
        shown = [f"{name(r.group)} {r.year} ({r.horizon})" for r in far.itertuples()]
        out.append(f"**Horizons.** The furthest year each report names: {listing(shown)}.")
    return Findings(out, lede=lede(docs))
