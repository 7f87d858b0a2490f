"""The build: a corpus of one's own is built under build/<name>/ and never touches tracked
files; make lab starts for root and passes LAB_ARGS; notebook warnings carry no local paths."""

import os
import subprocess
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dry_run(*args) -> str:
    out = subprocess.run(["make", "-n", "--no-print-directory", *args, "STAMP=/dev/null"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture
def own_corpus(tmp_path):
    folder = tmp_path / "my_reports"
    folder.mkdir()
    return folder


def test_another_corpus_builds_under_build_and_leaves_notebooks_alone(own_corpus):
    name = own_corpus.name
    plan = dry_run("notebooks", "html", f"CORPUS={own_corpus}")
    run = next(ln for ln in plan.splitlines() if "execute_notebooks.py" in ln)
    assert f"build/{name}/notebooks/01_corpus.ipynb" in run
    assert " notebooks/01_corpus.ipynb" not in run
    assert f"cp notebooks/01_corpus.ipynb" in plan and f"build/{name}/notebooks/" in plan
    assert f"--output-dir build/{name}/html" in plan
    assert "mkdir -p " + str(ROOT / "build" / name / "figures") in plan


def test_the_shipped_seeds_build_in_place():
    plan = dry_run("notebooks")
    run = next(ln for ln in plan.splitlines() if "execute_notebooks.py" in ln)
    assert " notebooks/01_corpus.ipynb" in run and "build/" not in run
    assert "mkdir -p " + str(ROOT / "figures") in plan


def test_lab_passes_its_arguments_and_runs_as_root(own_corpus):
    line = dry_run("lab", f"CORPUS={own_corpus}", "LAB_ARGS=--port=8899").splitlines()[-1]
    assert f"jupyter lab build/{own_corpus.name}/notebooks/" in line and line.rstrip().endswith("--port=8899")
    assert ("--allow-root" in line) == (os.getuid() == 0)
    assert ("--no-browser" in line) == (not os.environ.get("DISPLAY"))


def test_notebook_warnings_show_no_local_path():
    from plenum.plot.house_style import _short_warning

    text = _short_warning("empty.txt: empty file", UserWarning, "/tmp/ipykernel_123/456.py", 1)
    assert text == "UserWarning: empty.txt: empty file\n"
    with warnings.catch_warnings():
        import plenum

        before = warnings.formatwarning
        try:
            plenum.setup_notebook()
            assert warnings.formatwarning is _short_warning
        finally:
            warnings.formatwarning = before


def test_every_committed_png_is_within_the_limits():
    from PIL import Image

    pngs = sorted((ROOT / "figures").glob("*.png"))
    assert pngs
    for path in pngs:
        with Image.open(path) as image:
            assert max(image.size) <= 4000, (path.name, image.size)
        assert path.stat().st_size <= 2 * 2**20, (path.name, path.stat().st_size)


def test_save_figure_keeps_a_tall_figure_under_4000_pixels(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    from plenum.plot import save_figure

    fig, ax = plt.subplots(figsize=(6, 30))
    ax.plot([0, 1], [0, 1])
    png, _svg = save_figure(fig, "tall", folder=tmp_path)
    plt.close(fig)
    with Image.open(png) as image:
        assert max(image.size) <= 4000 and max(image.size) > 3000


def test_save_figure_lays_out_once_and_saves_what_tight_saving_gives(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    from plenum.plot import panel_grid, save_figure
    from plenum.plot.house_style import png_dpi

    def figure():
        fig, axes = panel_grid(7)
        for i, ax in enumerate(axes.flat[:7]):
            ax.barh([f"term {j}" for j in range(6)], range(6))
            ax.set_title(f"place {i} · 2021")
        fig.suptitle("A title long enough to set the width of the tight box, wider than the panels")
        return fig

    fig = figure()
    engine = fig.get_layout_engine()
    png, svg = save_figure(fig, "grid", folder=tmp_path)
    assert fig.get_layout_engine() is engine  # the figure still lays itself out when shown
    reference = figure()
    reference.savefig(tmp_path / "tight.png", dpi=png_dpi(reference), bbox_inches="tight")
    with Image.open(png) as ours, Image.open(tmp_path / "tight.png") as tight:
        assert abs(ours.size[0] - tight.size[0]) <= 2 and abs(ours.size[1] - tight.size[1]) <= 2
    assert svg.read_text(encoding="utf-8").count("<path") > 100  # glyphs drawn as paths
    plt.close("all")


def test_save_figure_draws_each_file_once_and_shows_the_saved_layout_in_a_notebook(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import IPython
    import IPython.display
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure
    from PIL import Image

    from plenum.plot import panel_grid, save_figure, setup_plotting

    setup_plotting()
    draws = []
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(1) or real_draw(self, renderer))
    fig, axes = panel_grid(4)
    for ax in axes.flat:
        ax.barh(["两个维护", "共同富裕"], [3, 5])
    save_figure(fig, "plain", folder=tmp_path)
    assert len(draws) == 3  # the layout, the PNG, the SVG: no extra draw for a placeholder engine
    # under a notebook's inline backend, the saved layout is shown and pyplot lets go of the
    # figure, so the backend does not lay it out and draw it again at the end of the cell
    shown = []
    monkeypatch.setattr(matplotlib, "get_backend", lambda: "module://matplotlib_inline.backend_inline")
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    draws.clear()
    fig, axes = panel_grid(4)
    for ax in axes.flat:
        ax.barh(["两个维护", "共同富裕"], [3, 5])
    number = fig.number
    save_figure(fig, "shown", folder=tmp_path)
    assert len(draws) == 4 and len(shown) == 1 and not plt.fignum_exists(number)
    import io

    with Image.open(io.BytesIO(shown[0].data)) as screen, Image.open(tmp_path / "shown.png") as saved:
        assert abs(screen.size[0] / screen.size[1] - saved.size[0] / saved.size[1]) < 0.01
    plt.close("all")


def test_make_english_renders_every_notebook_into_build_en():
    plan = dry_run("english")
    run = next(ln for ln in plan.splitlines() if "execute_notebooks.py" in ln)
    assert run.startswith("PLENUM_LANG=en ") and "build/en/notebooks/01_corpus.ipynb" in run
    assert f"PLENUM_FIGURES={ROOT / 'build' / 'en' / 'figures'}" in run
    assert "--output-dir build/en/html" in plan


def test_the_lock_pins_every_direct_dependency_at_its_version():
    import re

    lock = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "requirements.lock").read_text("utf-8"), re.M))
    lock = {k.lower().replace("_", "-"): v for k, v in lock.items()}
    direct = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "requirements.txt").read_text("utf-8"), re.M)
    assert direct and len(lock) > len(direct)
    for name, version in direct:
        assert lock.get(name.lower().replace("_", "-")) == version, name
    assert "-r requirements.lock" in (ROOT / "Makefile").read_text("utf-8")
