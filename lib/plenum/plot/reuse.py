"""Figures and closing prose of the reuse notebook (05): how much of each report is stock
phrasing and how much it shares with others, and the share of each group's text found in
each other group's. Each ``plot_*`` draws the table its sibling in :mod:`plenum.text_reuse`
returned."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .findings import Findings, comparability, lede, listing, name, number
from .house_style import styled
from .labels import place_label


@styled
def plot_stock_share(shares: pd.DataFrame, *, names: dict | None = None, lang: str = "zh",
                     context: dict | None = None):
    """Per report, the share of its text that is stock phrasing and the share it shares with
    another report beyond it (stacked bars).

    Parameters
    ----------
    shares : DataFrame
        :func:`plenum.text_reuse.stock_share` output.
    names : dict, optional, keyword-only
        doc_id → the label of its report (its place); the doc_id otherwise.
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised.
    context : dict, optional, keyword-only
        Label → a second line, such as the report's year and session type.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    names = names or {}
    order = shares.sort_values("share")
    labels = [place_label(names.get(d, d), lang, context=context) for d in order["doc_id"]]
    stock = order["share"].fillna(0).to_numpy(float) * 100
    other = np.clip(order["shared_share"].fillna(0).to_numpy(float) * 100 - stock, 0, None)
    fig, ax = plt.subplots(figsize=(9, 1.8 + 0.55 * len(order)), layout="constrained")
    ax.barh(labels, stock, color="#7f8c8d", label="stock phrasing most reports repeat")
    ax.barh(labels, other, left=stock, color="#d35400", label="shared with another report beyond it")
    for y, (s, o, n) in enumerate(zip(stock, other, order["chars"])):
        ax.text(s + o, y, f"  {s:.1f}% + {o:.1f}% of {n:,} characters", va="center", fontsize=9)
    ax.set_xlabel("% of the report's article characters")
    ax.set_title("How much of each report is repeated elsewhere in the corpus")
    ax.margins(x=0.6)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False, fontsize=9)
    return fig


@styled
def plot_reuse_matrix(matrix: pd.DataFrame, *, lang: str = "zh", context: dict | None = None):
    """Heatmap of :func:`plenum.text_reuse.reuse_matrix`: the share of each row group's text
    found in each column group's (per cent), empty on the diagonal.

    Parameters
    ----------
    matrix : DataFrame
        :func:`plenum.text_reuse.reuse_matrix` output.
    lang : {"zh", "en"}, keyword-only
        "en": place names romanised.
    context : dict, optional, keyword-only
        Group → a second label line (:func:`plenum.plot.group_context`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    values = matrix.to_numpy(dtype=float) * 100
    size = 2.6 + 0.9 * len(matrix)
    fig, ax = plt.subplots(figsize=(size + 1.5, size), layout="constrained")
    cmap = plt.get_cmap("Oranges").with_extremes(bad="#eeeeee")
    top = np.nanmax(values) if np.isfinite(values).any() and np.nanmax(values) > 0 else 1.0
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=top)
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=9,
                    color="white" if v > 0.6 * top else "black")
    labels = [place_label(g, lang, context=context) for g in matrix.index]
    ax.set_xticks(range(len(matrix.columns)), [place_label(g, lang) for g in matrix.columns], rotation=40,
                  ha="right")
    ax.set_yticks(range(len(matrix.index)), labels)
    ax.set_xlabel("found in the text of …")
    ax.set_ylabel("share of the text of …")
    fig.colorbar(image, ax=ax, shrink=0.8, label="% of the row report's characters (stock phrasing left out)")
    ax.set_title("Text one report shares with another, beyond stock phrasing")
    return fig


def reuse_findings(docs: pd.DataFrame, *, passages: pd.DataFrame, shares: pd.DataFrame | None = None,
                   matrix: pd.DataFrame | None = None, contrast: pd.DataFrame | None = None,
                   links: pd.DataFrame | None = None, by: str = "place") -> Findings:
    """The closing prose of the reuse notebook, from the run's own tables.

    Parameters
    ----------
    docs : DataFrame
        The documents of the tables.
    passages : DataFrame, keyword-only
        :func:`plenum.text_reuse.reuse` output.
    shares : DataFrame, optional, keyword-only
        :func:`plenum.text_reuse.stock_share` output.
    matrix : DataFrame, optional, keyword-only
        :func:`plenum.text_reuse.reuse_matrix` output.
    contrast : DataFrame, optional, keyword-only
        :func:`plenum.text_reuse.province_contrast` output.
    links : DataFrame, optional, keyword-only
        :func:`plenum.text_reuse.hierarchy_links` output.
    by : str, keyword-only
        The column that names the groups.

    Returns
    -------
    Findings
    """
    out = [comparability(docs, by=by)]
    stock = passages[passages["stock"]]
    local = passages[~passages["stock"]]
    out.append(f"**Shared passages.** The reports share {number(len(passages))} passages of 15 characters or more; "
               f"{number(len(stock))} of them are stock phrasing that most reports repeat or that the glossary "
               f"lists as a formula, {number(len(local))} are not.")
    if shares is not None and len(shares):
        lo, hi = shares.nsmallest(1, "share").iloc[0], shares.nlargest(1, "share").iloc[0]
        label = dict(zip(docs["doc_id"].astype(str), docs[by])) if by in docs else {}
        most = shares["shared_share"].max()
        tail = (f"no report shares more than {most:.1%} of its text with the others, stock phrasing included"
                if most < 0.2 else f"up to {most:.1%} of a report is shared with the others, stock phrasing included")
        out.append(f"Stock phrasing is {lo['share']:.1%} ({name(label.get(str(lo['doc_id']), lo['doc_id']))}) to "
                   f"{hi['share']:.1%} ({name(label.get(str(hi['doc_id']), hi['doc_id']))}) of a report's text; "
                   f"{tail}.")
    if matrix is not None and len(matrix) > 1:
        stacked = matrix.stack().dropna()
        if len(stacked) and stacked.max() > 0:
            (g, h), top = stacked.idxmax(), stacked.max()
            out.append(f"**Closest copying.** The largest share of one report found in another's text, beyond stock "
                       f"phrasing, is {top:.1%}: {name(g)} in {name(h)}.")
        else:
            out.append("**No copying beyond stock phrasing.** No report shares a passage with another beyond the "
                       "phrasing most reports repeat.")
    if contrast is not None and len(contrast):
        c = contrast.set_index("relation")
        if c.loc["within", "cells"] and c.loc["across", "cells"]:
            more = "more" if c.loc["within", "mean_share"] > c.loc["across", "mean_share"] else "no more"
            out.append(f"**Within and across provinces.** Reports of the same province share {more} text than "
                       f"reports of different provinces: {c.loc['within', 'mean_share']:.2%} against "
                       f"{c.loc['across', 'mean_share']:.2%} of a report on average "
                       f"({number(int(c.loc['within', 'cells']))} and {number(int(c.loc['across', 'cells']))} "
                       "ordered pairs; with so few pairs, a pointer, not a finding).")
        else:
            out.append("**Within and across provinces.** The corpus has no two reports of "
                       f"{'one province' if not c.loc['within', 'cells'] else 'different provinces'} to compare.")
    if links is not None:
        if len(links):
            pairs = [f"{r.doc_id} under {r.upper_doc_id}" for r in links.head(4).itertuples()]
            out.append(f"**Up the hierarchy.** {number(len(links)).capitalize()} reports sit directly under another "
                       f"report of the corpus: {listing(pairs)}.")
        else:
            out.append("**Up the hierarchy.** No report here has the report of the level directly above it in the "
                       "corpus (a county's prefecture, a prefecture's province): add them, or pass their texts as "
                       "`REFERENCE=`, to measure reuse up the chain.")
    return Findings(out, lede=lede(docs))
