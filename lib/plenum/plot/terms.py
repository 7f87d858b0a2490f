"""Figures of the terms notebook (02): top terms, word clouds, keyness, similarity and
shared vocabulary. Each draws the table its sibling measure returned and returns a
matplotlib Figure; nothing is saved."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import place_label, term_label
from .house_style import font_path, panel_grid, place_colors, styled


def _bar_panels(top: pd.DataFrame, value: str, n: int, lang: str, ncols: int, xlabel: str,
                title: str, headroom: float, *, note=None, context=None, interval=None, faint=None,
                empty: str = ""):
    """One horizontal bar panel per group of ``top`` (columns group, token, ``value``), on
    one shared x scale, in the place's colour; ``note(row)`` labels each bar, ``interval``
    names the (low, high) columns drawn as error bars, ``faint`` a boolean column whose bars
    are drawn hatched and pale; ``empty`` is written in a panel with no bar."""
    groups = sorted(top["group"].unique()) if "groups" not in top.attrs else top.attrs["groups"]
    palette = place_colors(groups)
    fig, axes = panel_grid(len(groups), ncols=ncols)
    width, row = (4.3, 0.33) if lang == "zh" else (6.0, 0.61)
    fig.set_size_inches(width * axes.shape[1], row * n * axes.shape[0] + 1.45 * axes.shape[0])
    reach = top[interval[1]] if interval and len(top) else top[value]
    xmax = reach.max() * headroom if len(top) else 1
    for ax, group in zip(axes.flat, groups):
        rows = top[top["group"] == group].iloc[::-1]
        color = palette.get(group)
        pale = rows[faint].to_numpy(bool) if faint else np.zeros(len(rows), bool)
        bars = ax.barh([term_label(t, lang) for t in rows["token"]], rows[value], color=color,
                       alpha=1.0, edgecolor=color)
        for bar, is_pale in zip(bars, pale):
            if is_pale:
                bar.set_alpha(0.35)
                bar.set_hatch("///")
        if interval:
            lo, hi = rows[interval[0]].to_numpy(float), rows[interval[1]].to_numpy(float)
            v = rows[value].to_numpy(float)
            ax.errorbar(v, range(len(rows)), xerr=[v - lo, hi - v], fmt="none", ecolor="#333333",
                        elinewidth=0.9, capsize=2)
        if note is not None:
            for y, r in enumerate(rows.itertuples()):
                x = getattr(r, interval[1]) if interval else getattr(r, value)
                ax.text(x, y, note(r), va="center", fontsize=9)
        if rows.empty and empty:
            ax.text(0.5, 0.5, empty, ha="center", va="center", transform=ax.transAxes, fontsize=10,
                    color="#555555", wrap=True)
            ax.set_yticks([])
        ax.set_xlim(0, xmax if xmax > 0 else 1)
        ax.set_title(place_label(group, lang, context=context), fontsize=12)
        ax.tick_params(axis="y", labelsize=10)
        ax.set_xlabel(xlabel)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    fig.suptitle(title, fontsize=13)
    return fig


@styled
def plot_top_terms(freq: pd.DataFrame, *, n: int = 12, lang: str = "zh", ncols: int = 3,
                   context: dict | None = None):
    """Small multiples: each group's ``n`` most frequent words, per 10,000 content words.

    One panel per group, all on one shared scale, bars in the place's colour, each labelled
    with its raw count; with the interval columns of ``term_frequency(..., ci=0.95)``, error
    bars show them.

    Parameters
    ----------
    freq : DataFrame
        :func:`plenum.term_frequency` output (uses ``group, token, n, per_10k`` and, when
        present, ``per_10k_low, per_10k_high``).
    n : int, keyword-only
        Words per panel (default 12).
    lang : {"zh", "en"}, keyword-only
        "en": panel titles romanised and each word over its English gloss where the glossary
        has one.
    ncols : int, keyword-only
        Panels to a row at most (default 3).
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    top = freq.sort_values(["group", "per_10k"], ascending=[True, False]).groupby("group").head(n)
    interval = ("per_10k_low", "per_10k_high") if "per_10k_high" in top.columns else None
    what = "bars: 95% bootstrap interval, " if interval else ""
    return _bar_panels(top, "per_10k", n, lang, ncols, "per 10,000 content words",
                       f"Most frequent words in each report (top {n}, stopwords removed; "
                       f"{what}labels: count)", 1.2, note=lambda r: f" {r.n}", context=context,
                       interval=interval)


def _shades(hex_color: str, seed: int):
    import random

    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(hex_color)
    rng = random.Random(seed)

    def color_func(*_args, **_kwargs):
        k = rng.uniform(0.45, 1.0)
        return f"rgb({int(r * k * 255)}, {int(g * k * 255)}, {int(b * k * 255)})"

    return color_func


@styled
def plot_wordclouds(freq: pd.DataFrame, *, n: int = 80, lang: str = "zh", ncols: int = 3,
                    seed: int = 1, context: dict | None = None):
    """One word cloud per group from its ``n`` most frequent words.

    Word size is the word's count; each cloud is drawn in the place's colour family with the
    bundled CJK font and a fixed random seed. Beyond 12 groups each cloud is laid out on a
    smaller canvas and drawn at the same size (a coarser fit, at two thirds of the time).

    Parameters
    ----------
    freq : DataFrame
        :func:`plenum.term_frequency` output (uses ``group, token, n``).
    n : int, keyword-only
        Words per cloud (default 80).
    lang : {"zh", "en"}, keyword-only
        "en": panel titles romanised; the words stay as written.
    ncols : int, keyword-only
        Clouds to a row at most (default 3).
    seed : int, keyword-only
        The random seed of the layout and the colour shades (default 1).
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    from wordcloud import WordCloud

    groups = sorted(freq["group"].unique())
    palette = place_colors(groups)
    fig, axes = panel_grid(len(groups), ncols=ncols)
    fig.set_size_inches(4.5 * axes.shape[1], 3.1 * axes.shape[0])
    # 600 × 380 pixels each; beyond a dozen (smaller on the page) laid out at 400 × 253 and
    # drawn 1.5 times larger, so that time grows no faster than the number of clouds
    canvas = (600, 380, 1) if len(groups) <= 12 else (400, 253, 1.5)
    by_group = dict(tuple(freq.groupby("group", sort=False, observed=True)))
    for ax, group in zip(axes.flat, groups):
        rows = by_group[group].nlargest(n, "n")
        cloud = WordCloud(font_path=str(font_path()), width=canvas[0], height=canvas[1], scale=canvas[2],
                          background_color="white", random_state=seed, prefer_horizontal=0.95,
                          color_func=_shades(palette.get(group, "#444444"), seed))
        cloud.generate_from_frequencies(dict(zip(rows["token"], rows["n"])))
        ax.imshow(cloud.to_array(), interpolation="bilinear")
        ax.set_title(place_label(group, lang, context=context), fontsize=13)
        ax.axis("off")
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    fig.suptitle("Word clouds: size is a word's count in the report", fontsize=14)
    return fig


@styled
def plot_keyness(key: pd.DataFrame, *, n: int = 10, lang: str = "zh", ncols: int = 3, max_q: float | None = 0.05,
                 context: dict | None = None):
    """Each group's ``n`` most distinctive words (over-used against all other groups).

    Bars of G², annotated with the counts (here vs elsewhere); only words with a positive
    ``log_ratio`` and, by default, a false-discovery-rate-adjusted ``q`` under 0.05; bars of
    words met fewer than five times in the group are hatched and pale, since one or two more
    or fewer uses would change them. One panel per group on one shared scale; a group with
    no such word says so.

    Parameters
    ----------
    key : DataFrame
        :func:`plenum.keyness` output (sorted by group, then g2, as it returns it).
    n : int, keyword-only
        Words per panel (default 10).
    lang : {"zh", "en"}, keyword-only
        "en": panel titles romanised and each word over its English gloss where the glossary
        has one.
    ncols : int, keyword-only
        Panels to a row at most (default 3).
    max_q : float or None, keyword-only
        Show only words with ``q`` below this (Benjamini–Hochberg over the whole table);
        None shows the top ``n`` whatever their q.
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    over = key[key["log_ratio"] > 0]
    shown = over if max_q is None or "q" not in over.columns else over[over["q"] < max_q]
    top = shown.groupby("group").head(n).assign(few=lambda t: t["n_target"] < 5)
    top.attrs["groups"] = sorted(key["group"].unique())
    rule = f"q < {max_q:g} (Fisher exact, Benjamini–Hochberg)" if max_q is not None and "q" in over.columns \
        else "top by G²"
    return _bar_panels(top, "g2", n, lang, ncols, "G² (log-likelihood)",
                       f"Distinctive words: over-used in one report against all the others, {rule}\n"
                       "labels: count here vs elsewhere; hatched: fewer than 5 uses here", 1.35,
                       note=lambda r: f" {r.n_target} vs {r.n_reference}", context=context, faint="few",
                       empty=f"no word with q < {max_q:g}" if max_q is not None else "")


@styled
def plot_similarity(sim: pd.DataFrame, *, lang: str = "zh", context: dict | None = None):
    """Heatmap of the groups' pairwise cosine similarity (TF-IDF), annotated, each pair once
    (the lower triangle: the measure is symmetric and a group's similarity to itself is 1).

    Parameters
    ----------
    sim : DataFrame
        :func:`plenum.similarity` output (square, groups on both axes).
    lang : {"zh", "en"}, keyword-only
        "en": group names romanised.
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    labels = [place_label(g, lang, context=context) for g in sim.index]
    values = sim.to_numpy(dtype=float)
    n = len(values)
    off = values[np.tril_indices(n, k=-1)]
    if n < 2:
        shown, rows, cols = values, labels, labels
    else:
        # each pair once: the rows from the second group on, the columns up to the last
        shown = np.where(np.tril(np.ones((n, n), dtype=bool), k=-1), values, np.nan)[1:, :-1]
        rows, cols = labels[1:], labels[:-1]
    fig, ax = plt.subplots(figsize=(1.3 * len(cols) + 2.5, 1.1 * len(rows) + 1.5))
    low = max(0.0, off.min() - 0.05) if off.size else 0
    image = ax.imshow(np.ma.masked_invalid(shown), cmap="Blues", vmin=low, vmax=1)
    for i, j in zip(*np.nonzero(np.isfinite(shown))):
        # white on the darker half of the scale, black on the paler
        ax.text(j, i, f"{shown[i, j]:.2f}", ha="center", va="center",
                color="white" if image.norm(shown[i, j]) > 0.6 else "black", fontsize=11)
    ax.set_xticks(range(len(cols)), cols, rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.colorbar(image, ax=ax, shrink=0.8, label="cosine similarity of TF-IDF vectors")
    ax.set_title("How alike the reports' vocabularies are")
    fig.tight_layout()
    return fig


@styled
def plot_overlap(overlap: pd.DataFrame):
    """Bar chart: how many distinct words are used by 1, 2, … groups.

    Parameters
    ----------
    overlap : DataFrame
        :func:`plenum.vocabulary_overlap` output (uses ``n_groups``).

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    counts = overlap.groupby("n_groups").size()
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.bar(counts.index.astype(str), counts.values, color="#607d8b")
    for x, v in enumerate(counts.values):
        ax.text(x, v, f"{v}", ha="center", va="bottom", fontsize=10)
    ax.set_xlabel("Number of reports using the word")
    ax.set_ylabel("Distinct words")
    ax.set_title("Shared and unique vocabulary")
    fig.tight_layout()
    return fig
