"""Figures of the corpus notebook (01). Each draws the table its sibling returned —
:func:`plenum.timeline_table`, :func:`plenum.corpus_overview`, :func:`plenum.move_counts` —
and returns a matplotlib Figure; nothing is saved.

``lang="en"`` draws place names romanised and discourse moves glossed in English;
titles and axis labels are English in both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..lexicon import move_table
from .labels import doc_labels, place_label
from .house_style import place_colors, styled


def _colors(docs: pd.DataFrame) -> list[str]:
    palette = place_colors(docs["place"])
    return [palette.get(p, "#999999") if isinstance(p, str) else "#999999" for p in docs["place"]]


def _document_bars(docs: pd.DataFrame, values, notes: list[str], lang: str, xlabel: str, title: str):
    """One horizontal bar per document in its place's colour, each annotated."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 1 + 0.5 * len(docs)))
    ax.barh(doc_labels(docs, lang), values, color=_colors(docs))
    for y, (value, note) in enumerate(zip(values, notes)):
        ax.text(value, y, note, va="center", fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.margins(x=0.15)
    fig.tight_layout()
    return fig


@styled
def plot_timeline(timeline: pd.DataFrame, *, lang: str = "zh"):
    """Meetings on a time axis, one row per province.

    Each meeting is a marker in its place's colour, labelled with the place (the doc_id where
    the place is unknown); hollow markers where only the publication date is known.

    Parameters
    ----------
    timeline : DataFrame
        :func:`plenum.timeline_table` output (``doc_id, place, province, date, date_kind``).
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised; titles and axis labels are English in both.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    table = timeline
    provinces = sorted(table["province"].fillna("(unknown)").unique())
    palette = place_colors(table["place"])
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.7 * len(provinces)))
    for row in table.itertuples():
        y = provinces.index(row.province if isinstance(row.province, str) else "(unknown)")
        color = palette.get(row.place, "#999999") if isinstance(row.place, str) else "#999999"
        filled = row.date_kind == "meeting"
        ax.scatter(row.date, y, s=120, color=color if filled else "white", edgecolor=color,
                   linewidth=2, zorder=3)
        name = place_label(row.place, lang) if isinstance(row.place, str) else row.doc_id
        ax.annotate(name, (row.date, y), xytext=(0, 10), textcoords="offset points",
                    ha="center", fontsize=10)
    ax.set_yticks(range(len(provinces)))
    ax.set_yticklabels([place_label(p, lang) if lang == "en" and p != "(unknown)" else p
                        for p in provinces])
    ax.set_ylim(-0.6, len(provinces) - 0.3)
    ax.set_xlabel("Date of the meeting (hollow: only the publication date is given)")
    ax.set_title("When the plenary sessions met, by province")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


@styled
def plot_lengths(overview: pd.DataFrame, *, lang: str = "zh"):
    """Article length per report (Chinese characters, white space excluded).

    One bar per report in its place's colour, the longest at the top, annotated with the count.

    Parameters
    ----------
    overview : DataFrame
        :func:`plenum.corpus_overview` output (uses ``n_chars`` and the columns of
        :func:`plenum.plot.doc_labels`).
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised; titles and axis labels are English in both.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    order = overview.sort_values("n_chars")
    return _document_bars(order, order["n_chars"].to_numpy(), [f" {n:,}" for n in order["n_chars"]],
                          lang, "Characters in the article body", "Length of each report")


@styled
def plot_attendance(overview: pd.DataFrame, *, lang: str = "zh"):
    """Attending full members and alternates per report.

    Stacked bars (members in full colour, alternates light), annotated with both counts;
    'not reported' where the page gives no count.

    Parameters
    ----------
    overview : DataFrame
        :func:`plenum.corpus_overview` output (uses ``members, alternates`` and the columns of
        :func:`plenum.plot.doc_labels`).
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised; titles and axis labels are English in both.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    docs = overview
    labels = doc_labels(docs, lang)
    members = docs["members"].astype("Float64").fillna(0).to_numpy(dtype=float)
    alternates = docs["alternates"].astype("Float64").fillna(0).to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(8, 1 + 0.5 * len(docs)))
    from matplotlib.patches import Patch

    ax.barh(labels, members, color=_colors(docs))
    ax.barh(labels, alternates, left=members, color=_colors(docs), alpha=0.45)
    for y, (m, a, known) in enumerate(zip(members, alternates, docs["members"].notna())):
        text = f" {int(m)} + {int(a)}" if known else " not reported"
        ax.text(m + a, y, text, va="center", fontsize=10)
    ax.set_xlabel("People attending")
    ax.set_title("Attendance reported on each page")
    ax.legend(handles=[Patch(color="#555555", label="members (委员), full colour"),
                       Patch(color="#555555", alpha=0.45, label="alternates (候补委员), light")],
              loc="lower right", frameon=False)
    ax.margins(x=0.25)
    fig.tight_layout()
    return fig


@styled
def plot_boilerplate(overview: pd.DataFrame, *, lang: str = "zh"):
    """Share of each raw page that was not article text.

    One bar per report in its place's colour, annotated with the percentage; a missing share
    is drawn as 0.

    Parameters
    ----------
    overview : DataFrame
        :func:`plenum.corpus_overview` output (uses ``boilerplate_share`` and the columns of
        :func:`plenum.plot.doc_labels`).
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised; titles and axis labels are English in both.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    share = overview["boilerplate_share"].astype("Float64").fillna(0).to_numpy(dtype=float)
    return _document_bars(overview, share * 100, [f" {v:.0%}" for v in share], lang,
                          "Share of the page's characters removed as boilerplate (%)",
                          "How much of each raw page was navigation, credits and footer")


@styled
def plot_moves(counts: pd.DataFrame, *, lang: str = "zh", top: int = 8, context: dict | None = None):
    """Share of paragraphs opened by each discourse move, per group (stacked bars).

    The ``top`` most frequent moves get a colour each, the rest are "other moves";
    paragraphs without a move are "no opening move".

    Parameters
    ----------
    counts : DataFrame
        :func:`plenum.move_counts` output (``group, move, n, share``).
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised and the moves followed by their English gloss; titles and
        axis labels are English in both.
    top : int, keyword-only
        How many moves get a colour of their own (default 8).
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    counts = counts.copy()
    named = counts[counts["move"] != "(none)"]
    leading = named.groupby("move")["n"].sum().sort_values(ascending=False).index[:top].tolist()
    counts["move"] = counts["move"].where(counts["move"].isin(leading + ["(none)"]), "(other)")
    wide = counts.pivot_table(index="group", columns="move", values="share", aggfunc="sum",
                              fill_value=0)
    columns = [m for m in leading + ["(other)", "(none)"] if m in wide.columns]
    wide = wide[columns]
    english = move_table().drop_duplicates("move").set_index("move")["english"].to_dict()
    names = {m: (f"{m} {english[m]}" if lang == "en" and m in english else m) for m in columns}
    names.update({"(other)": "other moves", "(none)": "no opening move"})
    cmap = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(10, 1.5 + 0.6 * len(wide)))
    left = pd.Series(0.0, index=wide.index)
    for i, move in enumerate(columns):
        color = "#dddddd" if move == "(none)" else ("#aaaaaa" if move == "(other)" else cmap(i % 10))
        ax.barh([place_label(p, lang, context=context) for p in wide.index], wide[move] * 100,
                left=left * 100,
                color=color, label=names[move])
        left += wide[move]
    ax.set_xlabel("Share of the report's paragraphs (%)")
    ax.set_title("How paragraphs open: the meeting 'points out', 'stresses', 'holds' …")
    ax.legend(ncol=min(5, len(columns)), loc="upper center", bbox_to_anchor=(0.5, -0.18),
              frameon=False, fontsize=10)
    ax.set_xlim(0, 100)
    fig.tight_layout()
    return fig
