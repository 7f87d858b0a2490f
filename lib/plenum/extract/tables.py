"""Display tables of notebook 04: the extractors' rows gathered per group, for reading
side by side. Each takes the documents table first and groups ``by=`` a document column;
every group appears, also those where nothing was found, ordered by province and then
as the documents come. Labels stay as written: :func:`plenum.plot.labelled` turns them
into English for display."""

from __future__ import annotations

import pandas as pd

from ..lexicon import modality_table
from ..vocabulary import formulation_glossary
from ._clauses import group_of, group_order, read_docs
from .formulations import formulations
from .goals import goals
from .horizons import horizons
from .targets import targets
from .task_lists import task_lists
from .._text import python_strings

_LEVEL_ORDER = ["central", "provincial", "prefecture", "county", "local", "unclassified"]


def _groups(docs: pd.DataFrame, by: str) -> tuple[dict[str, str], list[str]]:
    return group_of(docs, by), group_order(docs, by)


def _ordered(values, order: list[str]) -> pd.Categorical:
    """A group column that knows every group and their order (also the empty ones)."""
    return pd.Categorical(list(values), categories=order, ordered=True)


def _target_text(row) -> str:
    if pd.isna(row.value):
        return row.comparator if isinstance(row.comparator, str) else ""
    value = f"{row.value:g}"
    if pd.notna(row.value_high):
        value += f"–{row.value_high:g}"
    verb = {"growth": "+", "decline": "−"}.get(row.measure, "")
    text = f"{verb}{value}{row.unit if isinstance(row.unit, str) else ''}"
    if isinstance(row.hedge, str):
        text += row.hedge
    if isinstance(row.modality, str):
        text = f"{row.modality} {text}"
    if isinstance(row.comparator, str):
        text += f"（{row.comparator}）"
    return text


@python_strings
def target_table(docs: pd.DataFrame, *, by: str = "place") -> pd.DataFrame:
    """Targets side by side: one row per indicator, one column per group.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        The document column whose values are the columns (place, province, doc_id …).

    Returns
    -------
    DataFrame
        Index ``indicator``; one column per group (every group, also those without
        targets; the column axis is named ``group``), each cell the targets as written in
        short: 确保 +8%, 争取 1300亿元 (+ growth, − decline; hedge and comparator kept);
        empty where a group sets none.
    """
    found = targets(docs)
    groups, columns = _groups(docs, by)
    if found.empty:
        out = pd.DataFrame(columns=columns, index=pd.Index([], name="indicator"), dtype="string")
        out.columns.name = "group"
        return out
    found = found.assign(group=[groups.get(d, d) for d in found["doc_id"]])
    found["cell"] = [_target_text(r) for r in found.itertuples()]
    wide = found.groupby(["indicator", "group"], sort=False)["cell"].agg("；".join).unstack("group")
    wide = wide.reindex(columns=columns).astype("object")
    wide = wide.where(wide.notna(), "").astype("string")
    wide.columns.name = "group"
    return wide


@python_strings
def target_summary(docs: pd.DataFrame, *, by: str = "place") -> pd.DataFrame:
    """How firmly each group holds its targets.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        The document column to group by.

    Returns
    -------
    DataFrame
        One row per group (zeros included): ``group, n_targets, binding, aspirational,
        expected`` (class of the modality word in ``data/modalities.csv``; no word written
        counts as expected) and ``modalities`` (the words used, in order of first use;
        "(none)" for a target without one).
    """
    found = targets(docs)
    groups, order = _groups(docs, by)
    cls = dict(zip(modality_table()["word"], modality_table()["class"]))
    found_group = pd.Series([groups.get(d, d) for d in found["doc_id"]], index=found.index, dtype=object)
    rows = []
    for group in order:
        mine = found[found_group == group]
        words = [m if isinstance(m, str) else "(none)" for m in mine["modality"]]
        classes = [cls.get(w, "expected") for w in words]
        rows.append(dict(group=group, n_targets=len(mine), binding=classes.count("binding"),
                         aspirational=classes.count("aspirational"),
                         expected=classes.count("expected"),
                         modalities="、".join(dict.fromkeys(words))))
    out = pd.DataFrame(rows, columns=["group", "n_targets", "binding", "aspirational", "expected",
                                      "modalities"])
    return out.astype({"group": "string", "n_targets": "int64", "binding": "int64",
                       "aspirational": "int64", "expected": "int64", "modalities": "string"})


@python_strings
def task_list_table(docs: pd.DataFrame, *, by: str = "place", width: int = 24) -> pd.DataFrame:
    """The task lists of :func:`plenum.task_lists` per group, for reading.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        The document column to group by (place, province, doc_id …).
    width : int, keyword-only
        Characters of the first item shown (a longer one is cut to this many, ending in …).

    Returns
    -------
    DataFrame
        ``group`` (categorical: its categories are every group, in order, also those
        without lists), ``par_no, kind, count_stated, count_found, mismatch,
        first_item`` (cut to ``width`` characters).
    """
    found = task_lists(docs)
    groups, order = _groups(docs, by)
    rank = {g: k for k, g in enumerate(order)}
    out = found.assign(group=[groups.get(d, d) for d in found["doc_id"]])
    out["first_item"] = [(items[0] if len(items[0]) <= width else items[0][:width - 1] + "…")
                         if items else "" for items in out["items"]]
    out = out.sort_values(["group", "par_no"], key=lambda c: c.map(rank) if c.name == "group" else c,
                          kind="stable")
    out["group"] = _ordered(out["group"], order)
    return out[["group", "par_no", "kind", "count_stated", "count_found", "mismatch",
                "first_item"]].reset_index(drop=True)


@python_strings
def goal_table(docs: pd.DataFrame, *, by: str = "place") -> pd.DataFrame:
    """The headline aspiration of each group.

    The goals of its lede (see :func:`plenum.goals`), one row per distinct goal, in order of
    appearance.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        The document column to group by (place, province, doc_id …).

    Returns
    -------
    DataFrame
        ``group, verb, goal, mentions`` (how often the report states this goal anywhere),
        ``all_goal_statements`` (goal statements in the report).
    """
    found = goals(docs)
    groups, _ = _groups(docs, by)
    head = found[found["headline"].fillna(False)]
    head = head.drop_duplicates(["doc_id", "goal"])
    mentions = found.groupby(["doc_id", "goal"]).size()
    per_doc = found["doc_id"].value_counts()
    out = pd.DataFrame({
        "group": pd.array([groups.get(d, d) for d in head["doc_id"]], dtype="string"),
        "verb": head["verb"].to_numpy(), "goal": head["goal"].to_numpy(),
        "mentions": [int(mentions.get((d, g), 0)) for d, g in zip(head["doc_id"], head["goal"])],
        "all_goal_statements": [int(per_doc.get(d, 0)) for d in head["doc_id"]],
    })
    return out.astype({"verb": "string", "goal": "string", "mentions": "int64",
                       "all_goal_statements": "int64"})


@python_strings
def horizon_table(docs: pd.DataFrame, *, by: str = "place") -> pd.DataFrame:
    """Distinct horizons per group, ordered by group and year.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        The document column to group by (place, province, doc_id …).

    Returns
    -------
    DataFrame
        ``group`` (categorical over every group, in order), ``horizon, kind, start_year,
        year, relation, mentions``, ``reference_year`` (the year of the group's first
        dated report: its meeting, else its publication; what ``relation`` is measured
        against).
    """
    found = horizons(docs)
    groups, order = _groups(docs, by)
    rank = {g: k for k, g in enumerate(order)}
    refs: dict[str, int] = {}
    for d in read_docs(docs, "horizon_table"):
        if d.ref is not None:
            refs.setdefault(groups.get(d.doc_id, d.doc_id), d.ref.year)
    found = found.assign(group=[groups.get(d, d) for d in found["doc_id"]])
    table = (found.groupby(["group", "horizon", "kind"], dropna=False, sort=False)
             .agg(start_year=("start_year", "first"), year=("year", "first"),
                  relation=("relation", "first"), mentions=("clause", "size"))
             .reset_index())
    table["rank"] = table["group"].map(rank)
    table = table.sort_values(["rank", "year", "horizon"], ignore_index=True).drop(columns="rank")
    table["reference_year"] = pd.array([refs.get(g) for g in table["group"]], dtype="Int64")
    table["group"] = _ordered(table["group"], order)
    return table


def _since(terms: pd.DataFrame | None, level: str | None = None) -> dict[str, int]:
    """Formulation key → the year it entered use, where the glossary dates it (only terms of
    that ``level`` when given)."""
    gloss = formulation_glossary(terms)
    if gloss.empty:
        return {}
    dated = gloss[gloss["since"].notna() & (gloss["level"].eq(level) if level else True)]
    return {k: int(y) for k, y in zip(dated["key"], dated["since"])}


def _latest_year(docs: pd.DataFrame, by: str) -> dict[str, int]:
    """Group → the year of its latest report (groups with no dated report are left out)."""
    if "year" not in docs.columns:
        return {}
    groups = group_of(docs, by)
    years: dict[str, int] = {}
    for doc_id, year in zip(docs["doc_id"], docs["year"]):
        if pd.notna(year):
            g = groups.get(doc_id, doc_id)
            years[g] = max(years.get(g, int(year)), int(year))
    return years


@python_strings
def not_yet_in_use(docs: pd.DataFrame, *, by: str = "place", terms: pd.DataFrame | None = None,
                   formulations_found=None) -> pd.DataFrame:
    """Group × formulation cells where every report of the group predates the formulation.

    A 2020 report cannot repeat 两个确立 (November 2021): its absence there is the calendar,
    not a choice, and a comparison must not read it as 0. Only formulations addressed to the
    whole country (glossary ``level`` central) are checked: a province's or a city's own
    formulation is not expected anywhere else, however late the report.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (uses ``year``).
    by : str, keyword-only
        The document column to group by.
    terms : DataFrame, optional, keyword-only
        A glossary of the shape of :func:`plenum.glossary` (its ``since`` column dates each
        formulation).
    formulations_found : iterable of str, optional, keyword-only
        The formulations to check (default: those :func:`plenum.formulations` finds in
        ``docs``).

    Returns
    -------
    DataFrame
        ``group, formulation, since, year`` (the group's latest report year), one row per
        cell; sorted by formulation, then group.
    """
    columns = {"group": "string", "formulation": "string", "since": "int64", "year": "int64"}
    since = _since(terms, level="central")
    found = formulations(docs, terms=terms)["formulation"].unique() if formulations_found is None \
        else list(formulations_found)
    latest = _latest_year(docs, by)
    rows = [(g, f, since[f], y) for f in sorted(found) if f in since
            for g, y in latest.items() if y < since[f]]
    out = pd.DataFrame(rows, columns=list(columns))
    return out.astype(columns).sort_values(["formulation", "group"], ignore_index=True)


@python_strings
def formulation_matrix(docs: pd.DataFrame, *, by: str = "place", terms: pd.DataFrame | None = None,
                       min_groups: int = 1) -> pd.DataFrame:
    """Counts of each formulation (rows) per group (columns).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        The document column whose values are the columns.
    terms : DataFrame, optional, keyword-only
        A glossary of the shape of :func:`plenum.glossary` instead of the packaged one.
    min_groups : int, keyword-only
        Keep formulations used by at least this many groups.

    Returns
    -------
    DataFrame
        Index ``formulation``; a ``coined_by`` column (who coined it, from the glossary:
        central / provincial / prefecture / county; "unclassified" when the glossary does not
        have the term), then one
        column per group (the column axis is named ``group``; Int64 counts, missing where
        every report of the group predates the formulation: :func:`not_yet_in_use`). Rows
        ordered by who coined them (the centre first), then by how many groups use them, then
        by total count.
    """
    found = formulations(docs, terms=terms)
    groups, columns = _groups(docs, by)
    if found.empty:
        out = pd.DataFrame(columns=["coined_by"] + columns)
        out.columns.name = "group"
        return out
    found = found.assign(group=[groups.get(d, d) for d in found["doc_id"]],
                         coined_by=found["coined_by"].fillna("unclassified").replace("", "unclassified"))
    wide = found.pivot_table(index=["coined_by", "formulation"], columns="group", values="count",
                             aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=columns, fill_value=0)
    wide = wide[(wide > 0).sum(axis=1) >= min_groups]
    order = sorted(wide.index, key=lambda k: (
        _LEVEL_ORDER.index(k[0]) if k[0] in _LEVEL_ORDER else len(_LEVEL_ORDER),
        -(wide.loc[k] > 0).sum(), -wide.loc[k].sum(), k[1]))
    wide = wide.loc[order].astype("Int64")
    out = wide.reset_index(level="coined_by").rename_axis(index="formulation")
    for row in not_yet_in_use(docs, by=by, terms=terms, formulations_found=out.index).itertuples():
        if out.at[row.formulation, row.group] == 0:
            out.at[row.formulation, row.group] = pd.NA
    out.columns.name = "group"
    return out


@python_strings
def own_formulations(docs: pd.DataFrame, *, by: str = "place", terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """The formulations of each group that the glossary does not place above it.

    Local ones, and those it does not know (the report's own agenda, against the central and
    provincial echo of :func:`plenum.echo`).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    by : str, keyword-only
        The document column to group by (place, province, doc_id …).
    terms : DataFrame, optional, keyword-only
        A glossary of the shape of :func:`plenum.glossary` instead of the packaged one.

    Returns
    -------
    DataFrame
        One row per group (every group, in order): ``group``, ``n`` (distinct
        formulations), ``formulations`` (joined with 、, in order of first mention).
    """
    found = formulations(docs, terms=terms)
    groups, order = _groups(docs, by)
    own = found[~found["coined_by"].isin(["central", "provincial"])]
    names: dict[str, list[str]] = {g: [] for g in order}
    for doc_id, form in zip(own["doc_id"], own["formulation"]):
        mine = names.setdefault(groups.get(doc_id, doc_id), [])
        if form not in mine:
            mine.append(form)
    out = pd.DataFrame({"group": list(names), "n": [len(v) for v in names.values()],
                        "formulations": ["、".join(v) for v in names.values()]})
    return out.astype({"group": "string", "n": "int64", "formulations": "string"})


TIMELINE_COLUMNS = {"group": "string", "formulation": "string", "level": "string", "coined_by": "string",
                    "since": "Int64",
                    "first_year": "int64", "last_year": "int64", "years": "int64", "reports": "int64",
                    "mentions": "int64"}


@python_strings
def formulation_timeline(docs: pd.DataFrame, *, by: str = "place", terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """When each group first and last repeats each formulation, over the years of its reports.

    The view over time that a corpus with several reports per place allows: ``first_year``
    against ``since`` tells a place that took a formulation up at once from one that took
    it up late; ``reports`` against the group's dated reports tells steady use from one-off.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (uses ``year``; undated reports are left out).
    by : str, keyword-only
        The document column to group by.
    terms : DataFrame, optional, keyword-only
        A glossary of the shape of :func:`plenum.glossary` (``level``, ``since``).

    Returns
    -------
    DataFrame
        ``group, formulation, level, coined_by, since`` (the year it entered use, where the glossary
        dates it), ``first_year, last_year`` (of the group's reports that repeat it),
        ``years`` (distinct years), ``reports`` (reports that repeat it), ``mentions``
        (repetitions in all), one row per group and formulation the group uses; sorted by
        group order, then first year, then formulation.
    """
    found = formulations(docs, terms=terms)
    groups, order = _groups(docs, by)
    year_of = dict(zip(docs["doc_id"].astype(str), docs["year"])) if "year" in docs.columns else {}
    found = found.assign(year=[year_of.get(str(d), pd.NA) for d in found["doc_id"]]).dropna(subset=["year"])
    if found.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in TIMELINE_COLUMNS.items()})
    found["group"] = [groups.get(str(d), str(d)) for d in found["doc_id"]]
    found["year"] = found["year"].astype(int)
    since = _since(terms)
    out = (found.groupby(["group", "formulation"], sort=False)
           .agg(level=("level", "first"), coined_by=("coined_by", "first"), first_year=("year", "min"),
                last_year=("year", "max"),
                years=("year", "nunique"), reports=("doc_id", "nunique"), mentions=("count", "sum"))
           .reset_index())
    out["since"] = [since.get(f) for f in out["formulation"]]
    for col in ("level", "coined_by"):
        out[col] = [v if isinstance(v, str) and v else "unclassified" for v in out[col]]
    out = out[list(TIMELINE_COLUMNS)].astype(TIMELINE_COLUMNS)
    rank = {g: i for i, g in enumerate(order)}
    out = out.assign(_g=out["group"].map(rank)).sort_values(["_g", "first_year", "formulation"])
    return out.drop(columns="_g").reset_index(drop=True)
