"""Figures of the corpus notebook. Each returns a matplotlib Figure; nothing is saved.

``lang="en"`` draws place names romanised and discourse moves glossed in English;
titles and axis labels are English in both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .overview import move_counts, timeline_table
from .plotting import panel_grid, place_colors, place_label, setup_plotting
from .units import move_table


def doc_labels(docs: pd.DataFrame, lang: str = "zh") -> pd.Series:
    """A short readable label per document: place and meeting (or publication) month,
    e.g. '镇江市 2021-12' / 'Zhenjiang 2021-12'; the doc_id where the place is unknown."""
    when = docs["meeting_date"].fillna(docs["publish_date"])
    labels = []
    for doc_id, place, date in zip(docs["doc_id"], docs["place"], when):
        name = place_label(place, lang) if isinstance(place, str) else str(doc_id)
        labels.append(f"{name} {date:%Y-%m}" if pd.notna(date) else name)
    return pd.Series(labels, index=docs.index, dtype="string")


def _colors(docs: pd.DataFrame) -> list[str]:
    palette = place_colors(docs["place"])
    return [palette.get(p, "#999999") if isinstance(p, str) else "#999999" for p in docs["place"]]


def plot_timeline(docs: pd.DataFrame, lang: str = "zh"):
    """Meetings on a time axis, one row per province; hollow markers where only the
    publication date is known."""
    import matplotlib.pyplot as plt

    setup_plotting()
    table = timeline_table(docs)
    provinces = sorted(table["province"].fillna("(unknown)").unique())
    palette = place_colors(docs["place"])
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


def plot_lengths(docs: pd.DataFrame, lang: str = "zh"):
    """Article length per report (Chinese characters, white space excluded)."""
    import matplotlib.pyplot as plt

    setup_plotting()
    order = docs.sort_values("n_chars")
    fig, ax = plt.subplots(figsize=(8, 1 + 0.5 * len(order)))
    ax.barh(doc_labels(order, lang), order["n_chars"], color=_colors(order))
    for y, n in enumerate(order["n_chars"]):
        ax.text(n, y, f" {n:,}", va="center", fontsize=10)
    ax.set_xlabel("Characters in the article body")
    ax.set_title("Length of each report")
    ax.margins(x=0.15)
    fig.tight_layout()
    return fig


def plot_attendance(docs: pd.DataFrame, lang: str = "zh"):
    """Attending full members and alternates per report; 'not reported' where the page
    gives no count."""
    import matplotlib.pyplot as plt

    setup_plotting()
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


def plot_boilerplate(overview: pd.DataFrame, docs: pd.DataFrame, lang: str = "zh"):
    """Share of each raw page that was not article text."""
    import matplotlib.pyplot as plt

    setup_plotting()
    fig, ax = plt.subplots(figsize=(8, 1 + 0.5 * len(docs)))
    share = overview["boilerplate_share"].astype("Float64").fillna(0).to_numpy(dtype=float)
    ax.barh(doc_labels(docs, lang), share * 100, color=_colors(docs))
    for y, s in enumerate(share):
        ax.text(s * 100, y, f" {s:.0%}", va="center", fontsize=10)
    ax.set_xlabel("Share of the page's characters removed as boilerplate (%)")
    ax.set_title("How much of each raw page was navigation, credits and footer")
    ax.margins(x=0.15)
    fig.tight_layout()
    return fig


def plot_moves(pars: pd.DataFrame, docs: pd.DataFrame, lang: str = "zh", top: int = 8):
    """Share of paragraphs opened by each discourse move, per place (stacked bars)."""
    import matplotlib.pyplot as plt

    setup_plotting()
    counts = move_counts(pars, docs, by="place")
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
        ax.barh([place_label(p, lang) for p in wide.index], wide[move] * 100, left=left * 100,
                color=color, label=names[move])
        left += wide[move]
    ax.set_xlabel("Share of the report's paragraphs (%)")
    ax.set_title("How paragraphs open: the meeting 'points out', 'stresses', 'holds' …")
    ax.legend(ncol=min(5, len(columns)), loc="upper center", bbox_to_anchor=(0.5, -0.18),
              frameon=False, fontsize=10)
    ax.set_xlim(0, 100)
    fig.tight_layout()
    return fig


# -- terms ------------------------------------------------------------------------------

def term_label(term: str, lang: str = "zh") -> str:
    """A term as a figure label: itself, or with ``lang="en"`` the term over the
    glossary's English gloss where there is one (两个维护 / Two Upholds; long glosses are
    shortened with …)."""
    if lang == "zh":
        return term
    from .lexicon import english

    gloss = english(term)
    if not gloss:
        return term
    if len(gloss) > 34:
        gloss = gloss[:33].rstrip() + "…"
    return f"{term}\n{gloss}"


def _bar_panels(top: pd.DataFrame, value: str, n: int, lang: str, ncols: int, xlabel: str,
                title: str, headroom: float, note=None):
    """One horizontal bar panel per group of ``top`` (columns group, token, ``value``), on
    one shared x scale, in the place's colour; ``note(row)`` labels each bar."""
    groups = sorted(top["group"].unique())
    palette = place_colors(groups)
    fig, axes = panel_grid(len(groups), ncols)
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


def plot_top_terms(freq: pd.DataFrame, n: int = 12, lang: str = "zh", ncols: int = 3):
    """Small multiples: each group's ``n`` most frequent words, per 10,000 words, on one
    shared scale. ``freq`` is :func:`plenum.term_frequency` output."""
    setup_plotting()
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


def plot_wordclouds(freq: pd.DataFrame, n: int = 80, lang: str = "zh", ncols: int = 3,
                    seed: int = 1):
    """One word cloud per group from its ``n`` most frequent words, drawn in the place's
    colour family with the bundled CJK font and a fixed random seed."""
    from wordcloud import WordCloud

    from .plotting import font_path

    setup_plotting()
    groups = sorted(freq["group"].unique())
    palette = place_colors(groups)
    fig, axes = panel_grid(len(groups), ncols)
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


def plot_keyness(key: pd.DataFrame, n: int = 10, lang: str = "zh", ncols: int = 3):
    """Each group's ``n`` most distinctive words (over-used against all other groups),
    bars of G² annotated with the counts. ``key`` is :func:`plenum.keyness` output."""
    setup_plotting()
    top = key[key["log_ratio"] > 0].groupby("group").head(n)
    return _bar_panels(top, "g2", n, lang, ncols, "G² (log-likelihood)",
                       "Distinctive words: over-used in one report against all the others "
                       "(labels: count here vs elsewhere)", 1.35,
                       note=lambda r: f" {r.n_target} vs {r.n_reference}")


def plot_similarity(sim: pd.DataFrame, lang: str = "zh"):
    """Heatmap of the groups' pairwise cosine similarity (TF-IDF), annotated."""
    import matplotlib.pyplot as plt

    setup_plotting()
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


def plot_overlap(overlap: pd.DataFrame):
    """Bar chart: how many distinct words are used by 1, 2, … groups
    (``overlap`` from :func:`plenum.vocabulary_overlap`)."""
    import matplotlib.pyplot as plt

    setup_plotting()
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
