import dataclasses
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from plenum.plot import house_style as plotting  # noqa: E402
from plenum.plot.house_style import (  # noqa: E402
    font_path,
    place_colors,
    place_label,
    save_figure,
    setup_plotting,
)

CHINESE = ["镇江市", "两个维护", "八八战略"]


@pytest.fixture
def restore_mpl():
    """Undo in-memory font list and rcParams changes made by a test."""
    saved_list = list(font_manager.fontManager.ttflist)
    with matplotlib.rc_context():
        yield
    font_manager.fontManager.ttflist[:] = saved_list
    font_manager.fontManager._findfont_cached.cache_clear()
    plt.close("all")


def _same(a, b):
    return Path(a).resolve() == Path(b).resolve()


def test_font_path_is_an_existing_font_file():
    path = font_path()
    assert isinstance(path, Path)
    assert path.is_file()
    assert path.suffix.lower() in {".otf", ".ttf"}
    assert path.stat().st_size > 1_000_000  # a real CJK font, not a stub


def test_font_path_missing_package_raises(monkeypatch):
    monkeypatch.setattr(plotting.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match="mplfonts"):
        font_path()


def test_import_is_light():
    code = (
        "import sys; import plenum.plot.house_style; "
        "bad = [m for m in ('matplotlib', 'pandas', 'pypinyin', 'mplfonts') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_setup_plotting_returns_family_and_is_idempotent(restore_mpl):
    family = setup_plotting()
    assert isinstance(family, str) and family
    assert "CJK" in family
    n_entries = len(font_manager.fontManager.ttflist)
    assert setup_plotting() == family
    assert len(font_manager.fontManager.ttflist) == n_entries
    rc = matplotlib.rcParams
    assert rc["font.family"][0] == family
    assert len(rc["font.family"]) >= 2  # a fallback follows
    assert rc["axes.unicode_minus"] is False
    assert rc["svg.fonttype"] == "path"
    assert rc["font.size"] >= 10


def test_findfont_returns_bundled_file(restore_mpl):
    family = setup_plotting()
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert _same(found, font_path())


def test_bundled_font_wins_over_same_named_system_font(restore_mpl):
    family = setup_plotting()
    fm = font_manager.fontManager
    bundled = next(e for e in fm.ttflist if _same(e.fname, font_path()))
    # Pretend another installed file (DejaVu Sans) calls itself the same family
    # and sits first in the list, as a system-wide copy might.
    impostor_file = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    impostor = dataclasses.replace(bundled, fname=str(impostor_file))
    fm.ttflist.insert(0, impostor)
    fm._findfont_cached.cache_clear()

    assert setup_plotting() == family
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert _same(found, font_path())


def _chinese_figure():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(CHINESE, [3, -1, 2])
    ax.set_title("全会报告 镇江市")
    ax.set_xlabel("关键词")
    ax.set_ylabel("出现次数")
    fig.suptitle("八八战略 与 两个维护")
    return fig


def test_chinese_figure_renders_without_missing_glyphs(restore_mpl, tmp_path):
    setup_plotting()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = _chinese_figure()
        paths = save_figure(fig, "chinese_check", folder=tmp_path / "figs")
    messages = [str(w.message) for w in caught]
    bad = [m for m in messages if "Glyph" in m or "missing from" in m]
    assert bad == []

    png, svg = paths
    assert png == tmp_path / "figs" / "chinese_check.png"
    assert svg == tmp_path / "figs" / "chinese_check.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000
    text = svg.read_text(encoding="utf-8")
    assert "<path" in text and ' d="' in text
    # Text is drawn as glyph outlines, not as <text> elements needing a font.
    assert "<text" not in text
    assert "NotoSansCJK" in text  # glyph ids name the bundled font


def test_save_figure_is_deterministic(restore_mpl, tmp_path):
    setup_plotting()
    fig = _chinese_figure()
    first = [p.read_bytes() for p in save_figure(fig, "again", folder=tmp_path / "a")]
    second = [p.read_bytes() for p in save_figure(fig, "again", folder=tmp_path / "b")]
    assert first == second
    assert b"Software" not in first[0] or b"matplotlib" not in first[0]
    assert b"<dc:date>" not in first[1]


@pytest.mark.parametrize(
    "bad", ["", "a/b", "a\\b", "../x", "fig.png", "with space", "图", "x\n", None]
)
def test_save_figure_rejects_bad_names(bad, tmp_path):
    fig, _ = plt.subplots()
    try:
        with pytest.raises(ValueError):
            save_figure(fig, bad, folder=tmp_path)
    finally:
        plt.close(fig)
    assert list(tmp_path.iterdir()) == []


def test_save_figure_accepts_good_name(tmp_path):
    fig, _ = plt.subplots()
    try:
        paths = save_figure(fig, "fig_01-a", folder=tmp_path)
    finally:
        plt.close(fig)
    assert [p.name for p in paths] == ["fig_01-a.png", "fig_01-a.svg"]
    assert all(p.is_file() for p in paths)


def test_place_colors_order_independent_and_ignores_missing():
    a = place_colors(["镇江市", "绍兴市", "衢州市", None, "镇江市"])
    b = place_colors(pd.Series(["衢州市", pd.NA, "绍兴市", float("nan"), "镇江市"]))
    assert a == b
    assert set(a) == {"镇江市", "绍兴市", "衢州市"}
    assert all(v.startswith("#") and len(v) == 7 for v in a.values())
    # Sorted order, tab10 palette.
    tab10 = [matplotlib.colors.to_hex(c) for c in matplotlib.colormaps["tab10"].colors]
    assert [a[k] for k in sorted(a)] == tab10[:3]


def test_place_colors_are_distinct_for_thirty_places_and_keep_the_first_ten():
    for n in (10, 11, 20, 30, 60):
        names = [f"地{i:02d}" for i in range(n)]
        colors = place_colors(reversed(names))
        assert len(colors) == n
        assert len(set(colors.values())) == n               # no colour repeats
    import matplotlib
    from matplotlib.colors import to_hex

    ten = list(place_colors([f"地{i:02d}" for i in range(30)]).values())[:10]
    assert ten == [to_hex(c) for c in matplotlib.colormaps["tab10"].colors]   # small corpora look as before


@pytest.mark.parametrize(
    "place, expected",
    [
        ("镇江市", "Zhenjiang"),
        ("金坛区", "Jintan"),
        ("金东区", "Jindong"),
        ("绍兴市", "Shaoxing"),
        ("衢州市", "Quzhou"),
        ("义乌市", "Yiwu"),
        ("景宁畲族自治县", "Jingning"),
        ("内蒙古自治区", "Neimenggu"),
        ("城区", "Chengqu"),
        ("杭州市", "Hangzhou"),
        ("新疆维吾尔自治区", "Xinjiang"),
        ("广西壮族自治区", "Guangxi"),
        ("恩施土家族苗族自治州", "Enshi"),
        ("伊犁哈萨克自治州", "Yili"),
        ("浙江省", "Zhejiang"),
    ],
)
def test_place_label_en(place, expected):
    assert place_label(place, lang="en") == expected


def test_place_label_zh_and_missing():
    assert place_label("镇江市") == "镇江市"
    assert place_label("景宁畲族自治县", lang="zh") == "景宁畲族自治县"
    for missing in (None, float("nan"), pd.NA):
        assert place_label(missing, lang="en") == "unknown"
    with pytest.raises(ValueError):
        place_label("镇江市", lang="fr")


def test_figures_draw_in_the_house_style_and_leave_settings_alone(seed_docs, restore_mpl):
    import plenum
    from plenum import plot

    overview = plenum.corpus_overview(seed_docs)
    before = {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}
    fig = plot.plot_lengths(overview, lang="zh")
    after = {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}
    assert before == after
    family = plot.register_font()
    labels = fig.axes[0].get_yticklabels()
    assert labels and all(t.get_fontfamily()[0] == family for t in labels)
    with plot.style() as name:
        assert name == family and matplotlib.rcParams["font.family"][0] == family
    assert {k: v for k, v in matplotlib.rcParams.items() if k != "backend"} == before


def test_labelled_translates_display_tables_only(seed_docs):
    import plenum
    from plenum import extract, plot

    summary = extract.target_summary(seed_docs)
    en = plot.labelled(summary, "en")
    assert list(en["group"]) == ["Zhenjiang", "Jintan", "Shaoxing", "Quzhou", "Jindong"]
    assert en.drop(columns="group").equals(summary.drop(columns="group"))
    assert plot.labelled(summary, "zh").equals(summary)
    scores = plenum.theme_scores(seed_docs)
    assert "Party building, cadres and discipline" in set(plot.labelled(scores, "en")["theme"])
    assert "Invoking the centre and loyalty" in set(plot.labelled(scores, "en")["theme"])
    assert plenum.load_codebook()["themes"]["party"]["zh"] in set(plot.labelled(scores, "zh")["theme"])
    wide = plot.labelled(extract.target_table(seed_docs), "en")
    assert list(wide.columns) == ["Zhenjiang", "Jintan", "Shaoxing", "Quzhou", "Jindong"]
    with pytest.raises(ValueError):
        plot.labelled(summary, "fr")
    with pytest.raises(TypeError):
        plot.labelled(list(summary["group"]), "en")


def test_group_context_names_year_and_session_type(seed_docs):
    from plenum.plot import group_context

    zh = group_context(seed_docs)
    en = group_context(seed_docs, lang="en")
    assert set(zh) == set(seed_docs["place"])
    for row in seed_docs.itertuples():
        assert en[row.place].startswith(str(row.year))
    assert en["绍兴市"] == "2020 · plan proposal" and zh["镇江市"] == "2021 · 年终总结部署"
    by_province = group_context(seed_docs, by="province", lang="en")
    assert by_province["浙江"] == "2020–2023 · 3 reports · mixed sessions"
    assert place_label("镇江市", "en", context=en) == "Zhenjiang\n2021 · year-end"


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [ax.get_title() for ax in fig.axes]


def test_keyness_figure_shows_only_discoveries_and_marks_small_counts(restore_mpl):
    from plenum import plot

    key = pd.DataFrame({"group": ["a", "a", "a", "b"], "token": ["创新", "改革", "开放", "生态"],
                        "n_target": [9, 3, 2, 4], "n_reference": [0, 0, 0, 9], "g2": [20.0, 8.0, 5.0, 1.0],
                        "log_ratio": [3.0, 2.0, 1.5, 0.5], "q": [0.001, 0.03, 0.2, 0.6]})
    fig = plot.plot_keyness(key, lang="zh")
    texts = _texts(fig)
    assert " 9 vs 0" in texts and " 3 vs 0" in texts and " 2 vs 0" not in texts
    assert "no word with q < 0.05" in texts  # group b has none
    bars = [p for ax in fig.axes for p in ax.patches]
    assert len(bars) == 2
    pale = [b for b in bars if b.get_hatch()]
    assert len(pale) == 1 and pale[0].get_width() == 8.0  # 3 uses: fewer than five
    everything = plot.plot_keyness(key, lang="zh", max_q=None)
    assert len([p for ax in everything.axes for p in ax.patches]) == 4


def test_similarity_heatmap_gives_each_pair_once(restore_mpl):
    import numpy as np

    from plenum import plot

    names = ["甲市", "乙县", "丙区", "丁市"]
    values = np.array([[1, .3, .5, .2], [.3, 1, .6, .4], [.5, .6, 1, .7], [.2, .4, .7, 1]])
    fig = plot.plot_similarity(pd.DataFrame(values, index=names, columns=names))
    numbers = sorted(t for t in _texts(fig) if t.startswith("0."))
    assert numbers == ["0.20", "0.30", "0.40", "0.50", "0.60", "0.70"]  # six pairs, no 1.00 diagonal
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == names[1:]
    assert [t.get_text() for t in ax.get_xticklabels()] == names[:-1]
    colour = {t.get_text(): t.get_color() for t in ax.texts}
    assert colour["0.70"] == "white" and colour["0.20"] == "black"  # readable on dark and on pale cells


def test_theme_heatmap_gives_counts_and_marks_intervals_reaching_zero(restore_mpl):
    from plenum import plot

    scores = pd.DataFrame({"group": ["a", "a"], "theme": ["party", "economy"], "hits": [12, 1],
                           "per_1k": [24.0, 2.0], "per_1k_low": [10.0, 0.0], "per_1k_high": [40.0, 6.0],
                           "sentence_share": [0.3, 0.02]})
    fig = plot.plot_theme_heatmap(scores, lang="en", context={"a": "2021 · year-end"})
    texts = _texts(fig)
    assert "24\n(12)" in texts and "2\n(1)" in texts
    hatched = [p for ax in fig.axes for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["A\n2021 · year-end"]  # romanised, then the context line


def test_thirty_groups_titles_and_legends_never_cover_a_panel():
    from plenum import plot

    groups = [f"地{i:02d}市" for i in range(30)]
    keywords = pd.DataFrame([(g, t, k, 1 + (i + j) % 5, 0.2) for i, g in enumerate(groups)
                             for j, (t, k) in enumerate([("economy", "产业"), ("economy", "经济"), ("ecology", "生态")])],
                            columns=["group", "theme", "keyword", "hits", "share"])
    freq = pd.DataFrame([(g, w, 5 + j, 100, 50.0 + j, 1, 1.0) for g in groups for j, w in enumerate(["发展", "改革", "创新"])],
                        columns=["group", "token", "n", "total", "per_10k", "n_docs", "doc_share"])
    context = {g: "2023 · 年终总结部署" for g in groups}
    for fig, columns in ((plot.plot_theme_keywords(keywords, context=context), 2),
                         (plot.plot_top_terms(freq, context=context), 5)):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        panels = [ax.get_window_extent(renderer) for ax in fig.axes if ax.get_visible()]
        covers = [t.get_window_extent(renderer) for t in [fig._suptitle, *fig.legends] if t is not None]
        assert covers
        for box in covers:
            assert not any(box.overlaps(p) for p in panels)
        assert len({round(ax.get_position().x0, 3) for ax in fig.axes if ax.get_visible()}) == columns
        plt.close(fig)
