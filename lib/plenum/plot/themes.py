"""Figures of the themes notebook (03): intensity heatmaps, Party building against
development, the keywords behind each theme, robustness and validation. Each draws the
table its sibling in :mod:`plenum.themes` returned and returns a matplotlib Figure."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from ..codebook import load_codebook
from .labels import place_label, term_label, theme_label
from .house_style import panel_grid, place_colors, styled

def _theme_names(themes, codebook, lang, width: int | None = None):
    names = [theme_label(t, lang, codebook=codebook) for t in themes]
    if width and lang == "en":
        names = ["\n".join(textwrap.wrap(n, width, break_long_words=False)) for n in names]
    return names


def _heat(ax, scores: pd.DataFrame, themes: list, value: str, vmax: float | None = None):
    """Draw group × theme cells of ``value`` on ``ax``, annotated with the rate and its raw
    count, dotted where the interval reaches 0; returns (image, wide table, reaches_zero)."""
    from matplotlib.patches import Rectangle

    def grid(column):
        return scores.pivot_table(index="group", columns="theme", values=column, aggfunc="sum").reindex(
            columns=themes)

    wide = grid(value)
    values = wide.to_numpy(float)
    share = value == "sentence_share"
    count_col = "sentences" if share else "hits"
    counts = grid(count_col).to_numpy(float) if count_col in scores.columns else None
    low_col = f"{value}_low"
    reaches_zero = (grid(low_col).to_numpy(float) <= 0) & (values > 0) if low_col in scores.columns else None
    top = vmax if vmax is not None else (np.nanmax(values) if values.size else 1)
    image = ax.imshow(values * (100 if share else 1), cmap="YlOrRd", aspect="auto", vmin=0,
                      vmax=None if vmax is None else vmax * (100 if share else 1))
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            text = "–" if np.isnan(v) else (f"{v:.0%}" if share else f"{v:.0f}")
            if counts is not None and not np.isnan(counts[i, j]):
                text += f"\n({counts[i, j]:.0f})"
            ax.text(j, i, text, ha="center", va="center", fontsize=9, linespacing=0.95,
                    color="white" if not np.isnan(v) and v > 0.6 * top else "black")
            if reaches_zero is not None and reaches_zero[i, j]:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="...", edgecolor="#999999",
                                       linewidth=0))
    return image, wide, reaches_zero


def _label_axes(ax, themes, cb, lang, groups, context, small: bool = False) -> None:
    """Theme names under the columns, groups (with their context line) beside the rows."""
    if lang == "en":
        ax.set_xticks(range(len(themes)), _theme_names(themes, cb, lang, 12 if small else 14),
                      fontsize=8 if small else 9)
    else:
        ax.set_xticks(range(len(themes)), _theme_names(themes, cb, lang), rotation=40 if small else 35, ha="right",
                      fontsize=9 if small else None)
    ax.set_yticks(range(len(groups)), [place_label(g, lang, context=context) for g in groups])


@styled
def plot_theme_heatmap(scores: pd.DataFrame, *, value: str = "per_1k", codebook=None, lang: str = "zh",
                       title: str | None = None, context: dict | None = None):
    """Heatmap group × theme of a :func:`plenum.theme_scores` column, every cell annotated.

    Themes in codebook order (those present in ``scores``).

    Parameters
    ----------
    scores : DataFrame
        :func:`plenum.theme_scores` output.
    value : {"per_1k", "sentence_share"}, keyword-only
        The column to show (default ``per_1k``); ``sentence_share`` is shown in per cent.
    codebook : dict or path, optional, keyword-only
        The theme codebook, as in :func:`plenum.load_codebook`: theme names and order.
    lang : {"zh", "en"}, keyword-only
        "en": English theme names and romanised place names.
    title : str, optional, keyword-only
        A title instead of the default one.
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    cb = load_codebook(codebook)
    themes = [t for t in cb["themes"] if t in set(scores["theme"])]
    share = value == "sentence_share"
    n_groups = scores["group"].nunique()
    fig, ax = plt.subplots(figsize=((1.25 if lang == "en" else 1.05) * len(themes) + 2.8, 0.75 * n_groups + 2.8))
    image, wide, reaches_zero = _heat(ax, scores, themes, value)
    _label_axes(ax, themes, cb, lang, wide.index, context)
    label = "share of the group's sentences touching the theme (%)" if share \
        else "keyword hits per 1,000 content words"
    fig.colorbar(image, ax=ax, shrink=0.85, label=label)
    raw = "in brackets: sentences" if share else "in brackets: keyword hits"
    if reaches_zero is not None:
        raw += "; dotted: the 95% interval reaches 0"
    ax.set_title((title or ("Sentences touching each policy theme" if share
                            else "Policy-theme intensity: keyword hits per 1,000 content words")) + f"\n({raw})",
                 fontsize=12)
    fig.tight_layout()
    return fig


@styled
def plot_theme_balance(balance: pd.DataFrame, *, lang: str = "zh", context: dict | None = None):
    """Invoking the centre and Party building against development, per group.

    Keyword hits per 1,000 content words of invoking the centre, Party building, security
    and the development themes (stacked), with the shares of authority and Party building in
    authority + party + development hits; groups in order of the authority share.

    Parameters
    ----------
    balance : DataFrame
        :func:`plenum.themes.theme_balance` output.
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

    order = balance.sort_values("authority_share")
    labels = [place_label(g, lang, context=context) for g in order["group"]]
    fig, ax = plt.subplots(figsize=(10, 1.6 + 0.6 * len(order)))
    left = np.zeros(len(order))
    zh = lang == "zh"
    parts = [("authority_per_1k", "#7b241c", "中央权威 invoking the centre" if zh else "invoking the centre and loyalty"),
             ("party_per_1k", "#e67e22", "党的建设 Party building" if zh else "Party building, cadres, discipline"),
             ("security_per_1k", "#7f8c8d", "安全稳定 security" if zh else "security, stability and governance"),
             ("development_per_1k", "#2e86c1", "发展 development themes" if zh else "development themes (economy … culture)")]
    for col, color, name in parts:
        vals = order[col].fillna(0).to_numpy(float)
        ax.barh(labels, vals, left=left, color=color, label=name)
        left += vals
    for y, (total, a, p) in enumerate(zip(left, order["authority_share"], order["party_share"])):
        ax.text(total, y, f"  centre {a:.0%} · Party {p:.0%}", va="center", fontsize=9)
    ax.set_xlabel("keyword hits per 1,000 content words")
    ax.set_title("Invoking the centre, Party building and development: how each report divides its "
                 "policy language\n(shares: of authority + Party + development hits)", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / (1.6 + 0.6 * len(order))), ncol=2,
              frameon=False, fontsize=9)
    ax.margins(x=0.35)
    fig.tight_layout()
    return fig


@styled
def plot_theme_keywords(keywords: pd.DataFrame, *, codebook=None, n: int = 6, lang: str = "zh",
                        ncols: int = 5, context: dict | None = None):
    """Small multiples, one per theme: its ``n`` keywords with the most hits.

    Bars stacked by group, in the places' colours; themes in codebook order.

    Parameters
    ----------
    keywords : DataFrame
        :func:`plenum.themes.theme_keywords` output.
    codebook : dict or path, optional, keyword-only
        The theme codebook, as in :func:`plenum.load_codebook`: theme names and order.
    n : int, keyword-only
        Keywords per theme (default 6).
    lang : {"zh", "en"}, keyword-only
        "en": English theme names, romanised place names and each keyword over its English
        gloss where the glossary has one.
    ncols : int, keyword-only
        Panels to a row at most (default 5).
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    from matplotlib.patches import Patch

    cb = load_codebook(codebook)
    themes = [t for t in cb["themes"] if t in set(keywords["theme"])]
    groups = sorted(keywords["group"].unique())
    palette = place_colors(groups)
    fig, axes = panel_grid(len(themes), ncols=ncols)
    legend_rows = -(-len(groups) // 6) * (2 if context else 1)
    fig.set_size_inches((3.3 if lang == "zh" else 4.4) * axes.shape[1],
                        (0.3 * n + 1.3) * axes.shape[0] + 0.8 + 0.22 * legend_rows)
    for ax, theme in zip(axes.flat, themes):
        part = keywords[keywords["theme"] == theme]
        wide = part.pivot_table(index="keyword", columns="group", values="hits", aggfunc="sum", fill_value=0)
        wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index[:n]].iloc[::-1]
        left = np.zeros(len(wide))
        names = [term_label(k, lang) for k in wide.index]
        for g in groups:
            if g in wide.columns:
                ax.barh(names, wide[g].to_numpy(), left=left, color=palette[g],
                        label=place_label(g, lang, context=context))
                left += wide[g].to_numpy()
        ax.set_title(_theme_names([theme], cb, lang, 30)[0], fontsize=11)
        ax.tick_params(axis="y", labelsize=9)
        ax.set_xlabel("hits", fontsize=9)
    for ax in list(axes.flat)[len(themes):]:
        ax.set_visible(False)
    handles = [Patch(color=palette[g], label=place_label(g, lang, context=context)) for g in groups]
    fig.legend(handles=handles, loc="outside lower center", ncol=min(len(groups), 6), frameon=False)
    fig.suptitle(f"The keywords that drive each theme (top {n}; bar segments: places)", fontsize=13)
    return fig


@styled
def plot_theme_robustness(robust: pd.DataFrame, *, codebook=None, lang: str = "zh", ncols: int = 5,
                          context: dict | None = None):
    """Small multiples, one per theme: each group's per_1k and its range under keyword drops.

    The dot is the group's ``base_per_1k``; the line spans the range its per_1k takes when any
    single keyword is dropped.

    Parameters
    ----------
    robust : DataFrame
        :func:`plenum.theme_robustness` output.
    codebook : dict or path, optional, keyword-only
        The theme codebook, as in :func:`plenum.load_codebook`: theme names and order.
    lang : {"zh", "en"}, keyword-only
        "en": English theme names and romanised place names.
    ncols : int, keyword-only
        Panels to a row at most (default 5).
    context : dict, optional, keyword-only
        Group → a second label line, such as the year and session type of its reports
        (:func:`plenum.plot.group_context`), so that unlike reports are not read as alike.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    cb = load_codebook(codebook)
    themes = [t for t in cb["themes"] if t in set(robust["theme"])]
    groups = sorted(robust["group"].unique())
    palette = place_colors(groups)
    fig, axes = panel_grid(len(themes), ncols=ncols)
    fig.set_size_inches(3.4 * axes.shape[1], (0.38 * len(groups) + 1.4) * axes.shape[0])
    for ax, theme in zip(axes.flat, themes):
        part = robust[robust["theme"] == theme]
        stats = part.groupby("group").agg(lo=("per_1k", "min"), hi=("per_1k", "max"), base=("base_per_1k", "first"))
        stats = stats.reindex(groups)
        for y, g in enumerate(groups):
            ax.plot([stats.loc[g, "lo"], stats.loc[g, "hi"]], [y, y], color=palette[g], lw=3, alpha=0.5)
            ax.plot(stats.loc[g, "base"], y, "o", color=palette[g])
        ax.set_yticks(range(len(groups)), [place_label(g, lang, context=context) for g in groups], fontsize=9)
        ax.set_title(_theme_names([theme], cb, lang, 30)[0], fontsize=11)
        ax.set_xlabel("per 1,000 words", fontsize=9)
        ax.set_xlim(left=0)
    for ax in list(axes.flat)[len(themes):]:
        ax.set_visible(False)
    fig.suptitle("Robustness: each place's score (dot) and its range when any one keyword is dropped",
                 fontsize=13)
    return fig


@styled
def plot_validation(validation: pd.DataFrame, *, codebook=None, lang: str = "zh"):
    """Precision, recall and F1 per theme (grouped bars), the macro-F1 as a line.

    Each theme is labelled with its name and its support (``n=``).

    Parameters
    ----------
    validation : DataFrame
        :func:`plenum.validate_themes` output (the ``macro`` row gives the line).
    codebook : dict or path, optional, keyword-only
        The theme codebook, as in :func:`plenum.load_codebook`: theme names.
    lang : {"zh", "en"}, keyword-only
        "en": English theme names.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    per = validation[validation["theme"] != "macro"]
    macro = validation[validation["theme"] == "macro"]
    x = np.arange(len(per))
    fig, ax = plt.subplots(figsize=(1.3 * len(per) + 2, 4.6))
    for k, (col, color) in enumerate([("precision", "#5dade2"), ("recall", "#f5b041"), ("f1", "#2e4053")]):
        ax.bar(x + (k - 1) * 0.27, per[col].fillna(0), width=0.27, color=color, label=col)
    if len(macro):
        ax.axhline(float(macro["f1"].iloc[0]), color="#c0392b", ls="--", lw=1.2,
                   label=f"macro-F1 {float(macro['f1'].iloc[0]):.2f}")
    labels = ["\n".join(textwrap.wrap(theme_label(t, lang, codebook=codebook), 7 if lang == "zh" else 16))
              + f"\nn={s}" for t, s in zip(per["theme"], per["support"])]
    ax.set_xticks(x, labels, fontsize=9)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("Keyword themes against hand labels (n = labelled sentences with the theme)")
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.2 if lang == "zh" else -0.4),
              frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


@styled
def plot_theme_parts(parts: pd.DataFrame, *, codebook=None, lang: str = "zh", context: dict | None = None):
    """Two heatmaps side by side on one colour scale: the themes of each group's review and
    of its tasks (keyword hits per 1,000 content words of that part, raw hits in brackets).

    Parameters
    ----------
    parts : DataFrame
        :func:`plenum.theme_tables.theme_parts` output.
    codebook : dict or path, optional, keyword-only
        The theme codebook: theme names and order.
    lang : {"zh", "en"}, keyword-only
        "en": English theme names and romanised place names.
    context : dict, optional, keyword-only
        Group → a second label line (:func:`plenum.plot.group_context`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    cb = load_codebook(codebook)
    themes = [t for t in cb["themes"] if t in set(parts["theme"])]
    n_groups = parts["group"].nunique()
    vmax = float(np.nanmax(parts["per_1k"].to_numpy(float))) if len(parts) else 1.0
    width = (0.72 if lang == "en" else 0.68) * len(themes)
    fig, axes = plt.subplots(1, 2, figsize=(2 * width + 3.5, 0.7 * n_groups + 3.2), sharey=True,
                             layout="constrained")
    names = {"review": ("回顾 what was done (review)" if lang == "zh" else "review: what was done"),
             "task": ("部署 what is to be done (tasks)" if lang == "zh" else "tasks: what is to be done")}
    image = None
    for ax, part in zip(axes, ("review", "task")):
        image, wide, _ = _heat(ax, parts[parts["part"] == part], themes, "per_1k", vmax=vmax)
        ax.set_title(names[part], fontsize=12)
        _label_axes(ax, themes, cb, lang, wide.index, context, small=True)
    fig.colorbar(image, ax=axes, shrink=0.8, label="keyword hits per 1,000 content words of the part")
    fig.suptitle("Policy themes in the review and in the tasks of each report (in brackets: keyword hits)",
                 fontsize=13)
    return fig


@styled
def plot_agreement(summary: pd.DataFrame, *, lang: str = "zh"):
    """Macro precision, recall and F1 of the theme codebook under each check.

    Parameters
    ----------
    summary : DataFrame
        :func:`plenum.theme_tuning.agreement_summary` output.
    lang : {"zh", "en"}, keyword-only
        Accepted for a uniform signature; the checks are named in English.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; nothing is saved (see :func:`plenum.plot.save_figure`).
    """
    import matplotlib.pyplot as plt

    y = np.arange(len(summary))[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.7 * len(summary) + 1.8), layout="constrained")
    ax.barh(y, summary["f1"], color="#2e4053", height=0.55, label="macro-F1")
    ax.plot(summary["precision"], y, "o", color="#5dade2", label="precision")
    ax.plot(summary["recall"], y, "D", color="#f5b041", label="recall")
    for yy, f1 in zip(y, summary["f1"]):
        ax.text(0.02, yy, f"macro-F1 {f1:.2f}", va="center", ha="left", color="white", fontsize=10)
    labels = [f"{c}\n{s} sentences, {r} reports" for c, s, r in
              zip(summary["check"], summary["sentences"], summary["reports"])]
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_xlabel("macro average over themes")
    ax.set_title("Theme codebook against hand labels: in sample, left-out reports, reports never seen")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=9, ncol=3, frameon=False)
    return fig
