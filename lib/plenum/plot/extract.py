"""Figures of the targets notebook (04). Each draws the table its sibling in
:mod:`plenum.extract` returned and returns a matplotlib Figure; nothing is saved."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import labelled, place_label
from .house_style import place_colors, styled


def _groups(table: pd.DataFrame) -> list[str]:
    """The groups of a display table, in order, also those without rows."""
    column = table["group"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories]
    return list(dict.fromkeys(str(g) for g in column))


@styled
def plot_targets(summary: pd.DataFrame, *, lang: str = "zh", context: dict | None = None):
    """Number of quantitative targets per group, split by how the wording holds them.

    Binding (确保, 完成 …), aspirational (争取, 力争 …), expected (达到, 突破 … or no modality
    word). Groups that set no number are shown with 'no numeric targets'.

    Parameters
    ----------
    summary : DataFrame
        :func:`plenum.extract.target_summary` output.
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised.
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    names = list(summary["group"])
    counts = summary.set_index("group")[["binding", "aspirational", "expected"]]
    colors = {"binding": "#b2182b", "aspirational": "#ef8a62", "expected": "#bbbbbb"}
    legend = {"binding": "binding (确保, 完成 …)", "aspirational": "aspirational (争取, 力争 …)",
              "expected": "expected (达到, 突破, none written)"}
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.55 * len(names)), layout="constrained")
    labels = [place_label(p, lang, context=context) for p in names]
    left = pd.Series(0, index=names)
    for c in counts.columns:
        ax.barh(labels, counts[c], left=left, color=colors[c], label=legend[c])
        left += counts[c]
    for y, total in enumerate(left):
        ax.text(total, y, f" {total}" if total else " no numeric targets", va="center", fontsize=10)
    ax.invert_yaxis()
    ax.set_xlabel("Quantitative targets in the report")
    ax.set_title("Who commits to numbers, and how firmly")
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    ax.margins(x=0.3)
    return fig


@styled
def plot_formulation_heatmap(matrix: pd.DataFrame, *, provinces: dict | None = None, lang: str = "zh",
                             max_rows: int | None = 45, context: dict | None = None):
    """Heatmap of formulation counts (rows) by group (columns).

    Rows are grouped by who coined them (central / provincial / prefecture / county /
    unclassified: the glossary's ``coined_by``), most widely shared first within a group; an empty matrix gives a figure saying "no formulations found".

    Parameters
    ----------
    matrix : DataFrame
        :func:`plenum.extract.formulation_matrix` output.
    provinces : dict, optional, keyword-only
        Group → province: labels the columns and draws a line between provinces.
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised and formulations followed by their English gloss (as in
        :func:`plenum.plot.labelled`).
    max_rows : int or None, keyword-only
        At most this many rows, the most frequent (default 45; None: all).
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    table = labelled(matrix, lang)
    places = [c for c in table.columns if c != "coined_by"]
    second = {place_label(g, lang): (context or {}).get(str(g), "").replace(" · ", "\n") for g in matrix.columns
              if g != "coined_by"}
    province = {place_label(p, lang): place_label(v, lang) for p, v in (provinces or {}).items()}
    capped = ""
    if max_rows is not None and len(table) > max_rows:
        keep = table[places].sum(axis=1).sort_values(ascending=False).index[:max_rows]
        capped = f"; the {max_rows} most repeated of {len(table)}, all of them in the table"
        table = table[table.index.isin(keep)]
    width = 3 + 1.1 * max(1, len(places)) + (3 if lang == "en" else 0)
    fig, ax = plt.subplots(figsize=(width, 1.8 + 0.32 * max(1, len(table))), layout="constrained")
    if table.empty:
        ax.text(0.5, 0.5, "no formulations found", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    values = table[places].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    shown = np.where(values > 0, values, np.nan)
    cmap = plt.get_cmap("YlOrRd").with_extremes(bad="#f4f4f4")
    top = max(1.0, np.nanmax(values)) if np.isfinite(values).any() else 1.0
    ax.imshow(shown, aspect="auto", cmap=cmap, vmin=0, vmax=top)
    for (i, j), v in np.ndenumerate(values):
        if np.isnan(v):  # every report of the group predates the formulation
            ax.text(j, i, "not yet" if lang == "en" else "尚未提出", ha="center", va="center", fontsize=7,
                    color="#888888", style="italic")
        elif v > 0:
            ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=9,
                    color="white" if v > 0.6 * top else "black")
    ax.set_xticks(range(len(places)))
    ax.set_xticklabels(["\n".join(x for x in (p, province.get(p, ""), second.get(p, "")) if x) for p in places])
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(table)))
    ax.set_yticklabels(table.index, fontsize=9)
    provinces = [province.get(p) for p in places]
    for j in range(1, len(places)):
        if provinces[j] != provinces[j - 1]:
            ax.axvline(j - 0.5, color="black", linewidth=1.2)
    levels = list(table["coined_by"])
    start = 0
    for k in range(1, len(levels) + 1):
        if k == len(levels) or levels[k] != levels[start]:
            if k < len(levels):
                ax.axhline(k - 0.5, color="black", linewidth=1.2)
            ax.text(len(places) - 0.4, (start + k - 1) / 2, f"  {levels[start]}", va="center",
                    ha="left", fontsize=10)
            start = k
    ax.set_title("Formulations repeated in each report (count)\nrows grouped by who coined them; "
                 f"'not yet': the report predates the formulation{capped}", pad=12)
    return fig


@styled
def plot_task_lists(table: pd.DataFrame, *, lang: str = "zh", context: dict | None = None):
    """Every task list per group as a dot at its length (items found).

    A ring marks the length the report states, where it states one; colour by kind of list.

    Parameters
    ----------
    table : DataFrame
        :func:`plenum.extract.task_list_table` output (its ``group`` categories are the rows).
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised.
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    found = table
    names = _groups(table)
    kinds = ["counted", "enumerated", "ordinal", "numbered", "parallel"]
    cmap = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(9, 1.3 + 0.6 * len(names)), layout="constrained")
    for y, place in enumerate(names):
        rows = found[found["group"] == place]
        for k, row in enumerate(rows.itertuples()):
            jitter = (k % 5 - 2) * 0.08
            color = cmap(kinds.index(row.kind) if row.kind in kinds else 9)
            ax.scatter(row.count_found, y + jitter, s=60, color=color, zorder=3)
            if pd.notna(row.count_stated):
                ax.scatter(row.count_stated, y + jitter, s=160, facecolor="none",
                           edgecolor="black", linewidth=1.2, zorder=4)
        if rows.empty:
            ax.text(0.5, y, "no lists found", va="center", fontsize=9, color="#777777")
    for i, kind in enumerate(kinds):
        ax.scatter([], [], color=cmap(i), label=kind)
    ax.scatter([], [], facecolor="none", edgecolor="black", s=120, label="length stated")
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([place_label(p, lang, context=context) for p in names])
    ax.invert_yaxis()
    ax.set_xlabel("Items in the list")
    ax.set_title("Task lists: how many items each list has (and how many the report says)")
    ax.grid(axis="x", alpha=0.3)
    fig.legend(ncol=6, loc="outside lower center", frameon=False, fontsize=9)
    return fig


@styled
def plot_horizons(table: pd.DataFrame, *, lang: str = "zh", context: dict | None = None):
    """The years each group looks to.

    Plan periods and spans as bars from start to end year, single years as dots (one line per
    horizon), the year of the meeting (or of publication) as a dotted line.

    Parameters
    ----------
    table : DataFrame
        :func:`plenum.extract.horizon_table` output (its ``group`` categories are the rows).
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised.
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    names = _groups(table)
    refs = {g: int(y) for g, y in zip(table["group"], table["reference_year"]) if pd.notna(y)}
    palette = place_colors(names)
    found = table[table["year"].notna()]
    fig, ax = plt.subplots(figsize=(10, 1.4 + 0.8 * len(names)), layout="constrained")
    for y, place in enumerate(names):
        color = palette.get(place, "#777777")
        rows = found[found["group"] == place].drop_duplicates("horizon")
        rows = rows.sort_values(["year", "horizon"])
        n = len(rows)
        for k, row in enumerate(rows.itertuples()):
            start = row.start_year if pd.notna(row.start_year) else row.year
            off = 0 if n == 1 else -0.32 + 0.64 * k / (n - 1)
            if start != row.year:
                ax.plot([start - 0.45, row.year + 0.45], [y + off, y + off], color=color,
                        linewidth=5, alpha=0.6, solid_capstyle="butt", zorder=2)
            else:
                ax.scatter(row.year, y + off, color=color, s=36, zorder=3)
            ax.annotate(row.horizon, (row.year + 0.45, y + off), xytext=(4, 0),
                        textcoords="offset points", fontsize=8, va="center")
        if place in refs:
            ax.plot([refs[place]] * 2, [y - 0.42, y + 0.42], color="black", linewidth=1,
                    linestyle=":", zorder=1)
        if y:
            ax.axhline(y - 0.5, color="#dddddd", linewidth=0.8, zorder=0)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([place_label(p, lang, context=context) for p in names])
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlabel("Year (dotted line: year of the meeting, or of publication)")
    ax.set_title("How far ahead each report looks")
    ax.grid(axis="x", alpha=0.3)
    ax.margins(x=0.08)
    return fig
