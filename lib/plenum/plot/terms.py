"""Figures of the terms notebook (02): top terms, word clouds, keyness, similarity and
shared vocabulary. Each draws the table its sibling measure returned and returns a
matplotlib Figure; nothing is saved."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .labels import place_label, term_label
from .house_style import font_path, panel_grid, place_colors, styled


def _bar_panels(top: pd.DataFrame, value: str, n: int, lang: str, ncols: int, xlabel: str,
                title: str, headroom: float, note=None):
    """One horizontal bar panel per group of ``top`` (columns group, token, ``value``), on
    one shared x scale, in the place's colour; ``note(row)`` labels each bar."""
    groups = sorted(top["group"].unique())
    palette = place_colors(groups)
    fig, axes = panel_grid(len(groups), ncols=ncols)
    width, row = (4.3, 0.33) if lang == "zh" else (6.0, 0.61)
    fig.set_size_inches(width * axes.shape[1], row * n * axes.shape[0] + 1.25 * axes.shape[0])
    xmax = top[value].max() * headroom if len(top) else 1
    for ax, group in zip(axes.flat, groups):
        rows = top[top["group"] == group].iloc[::-1]
        ax.barh([term_label(t, lang) for t in rows["token"]], rows[value], color=palette.get(group))
        if note is not None:
            for y, r in enumerate(rows.itertuples()):
                ax.text(getattr(r, value), y, note(r), va="center", fontsize=9)
        ax.set_xlim(0, xmax)
        ax.set_title(place_label(group, lang), fontsize=13)
        ax.tick_params(axis="y", labelsize=10)
        ax.set_xlabel(xlabel)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


@styled
def plot_top_terms(freq: pd.DataFrame, *, n: int = 12, lang: str = "zh", ncols: int = 3):
    """Small multiples: each group's ``n`` most frequent words, per 10,000 words.

    One panel per group, all on one shared scale, bars in the place's colour.

    Parameters
    ----------
    freq : DataFrame
        :func:`plenum.term_frequency` output (uses ``group, token, per_10k``).
    n : int, keyword-only
        Words per panel (default 12).
    lang : {"zh", "en"}, keyword-only
        "en": panel titles romanised and each word over its English gloss where the glossary
        has one.
    ncols : int, keyword-only
        Panels to a row at most (default 3).

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    top = freq.sort_values(["group", "per_10k"], ascending=[True, False]).groupby("group").head(n)
    return _bar_panels(top, "per_10k", n, lang, ncols, "per 10,000 words",
                       f"Most frequent words in each report (top {n}, stopwords removed)", 1.15)


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
                    seed: int = 1):
    """One word cloud per group from its ``n`` most frequent words.

    Word size is the word's count; each cloud is drawn in the place's colour family with the
    bundled CJK font and a fixed random seed.

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
    for ax, group in zip(axes.flat, groups):
        rows = freq[freq["group"] == group].nlargest(n, "n")
        cloud = WordCloud(font_path=str(font_path()), width=600, height=380, background_color="white",
                          random_state=seed, prefer_horizontal=0.95,
                          color_func=_shades(palette.get(group, "#444444"), seed))
        cloud.generate_from_frequencies(dict(zip(rows["token"], rows["n"])))
        ax.imshow(cloud.to_array(), interpolation="bilinear")
        ax.set_title(place_label(group, lang), fontsize=13)
        ax.axis("off")
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    fig.suptitle("Word clouds: size is a word's count in the report", fontsize=14)
    fig.tight_layout()
    return fig


@styled
def plot_keyness(key: pd.DataFrame, *, n: int = 10, lang: str = "zh", ncols: int = 3):
    """Each group's ``n`` most distinctive words (over-used against all other groups).

    Bars of G², annotated with the counts (here vs elsewhere); only words with a positive
    ``log_ratio``, one panel per group on one shared scale.

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

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    top = key[key["log_ratio"] > 0].groupby("group").head(n)
    return _bar_panels(top, "g2", n, lang, ncols, "G² (log-likelihood)",
                       "Distinctive words: over-used in one report against all the others "
                       "(labels: count here vs elsewhere)", 1.35,
                       note=lambda r: f" {r.n_target} vs {r.n_reference}")


@styled
def plot_similarity(sim: pd.DataFrame, *, lang: str = "zh"):
    """Heatmap of the groups' pairwise cosine similarity (TF-IDF), annotated.

    Parameters
    ----------
    sim : DataFrame
        :func:`plenum.similarity` output (square, groups on both axes).
    lang : {"zh", "en"}, keyword-only
        "en": group names romanised.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    labels = [place_label(g, lang) for g in sim.index]
    fig, ax = plt.subplots(figsize=(1.3 * len(sim) + 2.5, 1.1 * len(sim) + 1.5))
    values = sim.to_numpy()
    off = values[~np.eye(len(values), dtype=bool)] if len(values) > 1 else values.ravel()
    image = ax.imshow(values, cmap="Blues", vmin=max(0.0, off.min() - 0.05) if off.size else 0, vmax=1)
    for i in range(len(values)):
        for j in range(len(values)):
            ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center",
                    color="white" if values[i, j] > 0.8 * values.max() else "black", fontsize=11)
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
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
