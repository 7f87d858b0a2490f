"""The house style: a CJK font that renders the same on every machine, one colour per
place, deterministic files, and the notebooks' one setup call.

The CJK font is Noto Sans CJK SC (SIL OFL), shipped inside the ``mplfonts`` wheel. It is
registered with matplotlib once per process, in memory only: nothing in the user's
matplotlib installation or configuration is changed, and ``mplfonts`` itself is never
imported. Every ``plot_*`` function of :mod:`plenum.plot` draws inside :func:`style`,
which sets the font and sizes for that figure and restores matplotlib's settings after
it; :func:`setup_plotting` sets them for the whole session, for figures of your own.

Importing this module is cheap: matplotlib and pandas are imported lazily.
"""


from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import warnings
import re
from pathlib import Path

from .labels import _is_missing, place_label  # noqa: F401  (place_label: public here too)

_FONT_PACKAGE = "mplfonts"
_FONT_FILE = ("fonts", "NotoSansCJKsc-Regular.otf")
_FONT_SIZE = 11
_SVG_HASHSALT = "plenum"
_NAME_RE = re.compile(r"[A-Za-z0-9_-]+")

def font_path() -> Path:
    """Return the path of the bundled Noto Sans CJK SC font file.

    The file is located through the ``mplfonts`` package spec without importing the package.

    Returns
    -------
    pathlib.Path
        The resolved path of ``fonts/NotoSansCJKsc-Regular.otf`` inside ``mplfonts``.

    Raises
    ------
    RuntimeError
        If ``mplfonts`` is not installed or the font file cannot be found in it.
    """
    hint = (
        f"The CJK font for plenum figures ships in the '{_FONT_PACKAGE}' "
        f"package; install it with `pip install {_FONT_PACKAGE}`."
    )
    try:
        spec = importlib.util.find_spec(_FONT_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise RuntimeError(f"Package '{_FONT_PACKAGE}' is not installed. {hint}")
    locations = list(spec.submodule_search_locations or [])
    for location in locations:
        candidate = Path(location).joinpath(*_FONT_FILE)
        if candidate.is_file():
            return candidate.resolve()
    raise RuntimeError(
        f"Font file {'/'.join(_FONT_FILE)} not found in package "
        f"'{_FONT_PACKAGE}' (searched: {', '.join(map(str, locations)) or 'nothing'}). "
        f"{hint}"
    )


def _same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    return os.path.realpath(os.fspath(a)) == os.path.realpath(os.fspath(b))


def register_font() -> str:
    """Register the bundled CJK font with matplotlib.

    Registration happens once per process (again only if something removed it). Other font
    files that claim the same family name (e.g. a system-wide Noto Sans CJK SC) are dropped
    from the in-memory font list, so that the family always resolves to the bundled file and
    figures come out the same on every machine.

    Returns
    -------
    str
        The font's family name.

    Raises
    ------
    RuntimeError
        If the font file cannot be found (see :func:`font_path`).
    """
    from matplotlib import font_manager

    path = font_path()
    fm = font_manager.fontManager

    def bundled_entries():
        return [e for e in fm.ttflist if os.path.basename(e.fname) == path.name and _same_file(e.fname, path)]

    bundled = bundled_entries()
    if not bundled:
        fm.addfont(str(path))
        bundled = bundled_entries()
    if not bundled:  # pragma: no cover - addfont failed silently
        raise RuntimeError(f"matplotlib could not register the font {path}")
    family = bundled[0].name
    if fm.ttflist[0] is not bundled[0] or any(e.name == family for e in fm.ttflist[1:]):
        others = [e for e in fm.ttflist if e.name != family]
        fm.ttflist[:] = bundled[:1] + others
        fm._findfont_cached.cache_clear()
    return family


def _style_params(family: str) -> dict:
    import matplotlib

    sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    return {"font.family": [family, "sans-serif"], "font.sans-serif": [family] + sans,
            "axes.unicode_minus": False, "svg.fonttype": "path", "font.size": _FONT_SIZE}


@contextlib.contextmanager
def style():
    """Set the house style for the figures drawn inside the ``with`` block.

    The house style is the bundled CJK font, ``font.size`` 11, ASCII minus signs and SVG text
    as paths. The matplotlib settings it changes are restored afterwards.

    Yields
    ------
    str
        The font's family name.
    """
    import matplotlib

    family = register_font()
    params = _style_params(family)
    # Only the keys set here are restored: a full rc_context would also undo what the
    # backend sets when pyplot first loads it inside the block (interactive mode, which
    # the notebook's inline backend needs to show later figures).
    saved = {key: matplotlib.rcParams[key] for key in params}
    matplotlib.rcParams.update(params)
    try:
        yield family
    finally:
        matplotlib.rcParams.update(saved)


def styled(draw):
    """Decorate a ``plot_*`` function so that it runs inside :func:`style`.

    Parameters
    ----------
    draw : callable
        The function that draws the figure.

    Returns
    -------
    callable
        A wrapper with the name and docstring of ``draw`` (``functools.wraps``) that calls it
        with the same arguments inside :func:`style` and returns its result.
    """
    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with style():
            return draw(*args, **kwargs)
    return wrapper


def setup_plotting() -> str:
    """Register the bundled CJK font and set the house style for the whole session.

    For figures of your own. Idempotent. Changes live in memory only (``fontManager.ttflist``
    and ``rcParams``): ``font.family`` is the bundled family with ``sans-serif`` as fallback,
    ``axes.unicode_minus=False``, ``svg.fonttype="path"`` and ``font.size=11``. The figures of
    :mod:`plenum.plot` do not need it: they draw inside :func:`style`.

    Returns
    -------
    str
        The font's family name.
    """
    import matplotlib

    family = register_font()
    matplotlib.rcParams.update(_style_params(family))
    return family


def place_colors(places) -> dict[str, str]:
    """Map each distinct place name to a hex colour string.

    Missing values are ignored. Names are sorted and coloured in that order from colorcet's
    Glasbey palette that opens with matplotlib's "tab10": 256 colours chosen to be told apart,
    so that 30 places never share a colour (past 256 they cycle), and the same set of places
    always gets the same colours.

    Parameters
    ----------
    places : str or iterable
        Place names, e.g. a ``place`` column; a single string counts as one place. Values are
        compared as strings.

    Returns
    -------
    dict of str to str
        Place name to hex colour (``"#1f77b4"`` …), in sorted order of the names.
    """
    from matplotlib.colors import to_hex

    if isinstance(places, str):
        places = [places]
    names = sorted({str(p) for p in places if not _is_missing(p)})
    import colorcet

    colors = [to_hex(c) for c in colorcet.glasbey_category10]
    return {name: colors[i % len(colors)] for i, name in enumerate(names)}


def save_figure(fig, name: str, *, folder="figures") -> list[Path]:
    """Save a figure as ``<folder>/<name>.png`` (200 dpi, less for a figure whose PNG would
    exceed 4,000 pixels on a side) and ``<folder>/<name>.svg``.

    The folder is created if needed. Output carries no timestamp or software version and SVG
    ids use a fixed salt, so re-saving an unchanged figure gives identical files.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, e.g. what a ``plot_*`` function returned.
    name : str
        The file name without extension; it may contain only ASCII letters, digits, ``_``
        and ``-``.
    folder : str or path-like, keyword-only
        The folder to write to (default ``"figures"``).

    Returns
    -------
    list of pathlib.Path
        The paths of the PNG and the SVG file, in that order.

    Raises
    ------
    ValueError
        If ``name`` is empty or contains any other character.
    """
    import matplotlib

    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise ValueError(
            f"figure name must be non-empty and use only letters, digits, "
            f"'_' or '-' (no path separators), got {name!r}"
        )
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    png = out / f"{name}.png"
    svg = out / f"{name}.svg"
    rc = {"svg.fonttype": "path"}
    if matplotlib.rcParams["svg.hashsalt"] is None:
        rc["svg.hashsalt"] = _SVG_HASHSALT
    # One layout and one tight box serve both files: "tight" and a layout engine would each
    # redraw the figure for every format (five draws of a 30-panel figure instead of three).
    box = _tight_box(fig)
    engine = fig.get_layout_engine()
    if engine is not None:
        # None, not "none": "none" leaves a placeholder engine, for which savefig still makes
        # a draw of its own before the one that writes the file
        with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    try:
        with matplotlib.rc_context(rc):
            fig.savefig(png, dpi=_dpi_for(box), bbox_inches=box, metadata={"Software": None})
            fig.savefig(svg, format="svg", bbox_inches=box, metadata={"Date": None})
        _show_in_notebook(fig, box)
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    return [png, svg]


def _show_in_notebook(fig, box) -> bool:
    """Under a notebook's inline backend, show the figure as laid out for saving, at screen
    resolution, and hand it back from pyplot, so that the backend does not lay it out and
    draw it twice more at the end of the cell (the figure object stays usable)."""
    import io

    import matplotlib

    if "inline" not in str(matplotlib.get_backend()).lower():
        return False
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:
        return False
    if get_ipython() is None:
        return False
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, bbox_inches=box, metadata={"Software": None})
    display(Image(data=buffer.getvalue()))
    plt.close(fig)
    return True


def _tight_box(fig):
    """The box ``bbox_inches="tight"`` would save, in inches, after one draw (which also runs
    the figure's layout engine)."""
    import matplotlib

    fig.canvas.draw()
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return fig.get_tightbbox(fig.canvas.get_renderer()).padded(pad)


def _dpi_for(box) -> float:
    return min(200.0, (MAX_PNG_PIXELS - 2) / max(box.width, box.height, 1e-6))


#: The longest side a saved PNG may have, in pixels (slides and code hosts show no more).
MAX_PNG_PIXELS = 4000


def png_dpi(fig) -> float:
    """200 dpi, or less for a figure so large that 200 dpi would make its tight bounding box
    longer than :data:`MAX_PNG_PIXELS` on a side."""
    return _dpi_for(_tight_box(fig))


def panel_grid(n: int, *, ncols: int = 3):
    """Create a figure with enough axes for ``n`` small multiples.

    Hide the unused axes after drawing. The figure uses matplotlib's constrained layout, so
    that a title (``fig.suptitle``) and a legend placed ``loc="outside lower center"`` never
    cover a panel.

    Parameters
    ----------
    n : int
        The number of panels.
    ncols : int, keyword-only
        Panels to a row (default 3); many panels get more columns, at least the square root
        of 3/4 of ``n`` (30 panels: 5 to a row), so that the figure stays legible within the
        4,000 pixels of a saved PNG.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure.
    axes : numpy.ndarray of matplotlib.axes.Axes
        Always 2-D: ``ceil(n / ncols)`` rows of ``min(ncols, n)`` axes (at least one).
    """
    import math

    import matplotlib.pyplot as plt

    ncols = max(1, min(max(ncols, math.ceil(math.sqrt(0.75 * n))), n))
    nrows = max(1, -(-n // ncols))
    return plt.subplots(nrows, ncols, squeeze=False, layout="constrained")


class NotebookSettings:
    """What a notebook runs on: ``corpus`` (folder of reports), ``figures`` (where figures
    are saved), ``lang`` ("zh" / "en": the language of labels)."""

    def __init__(self, corpus: Path, figures: Path, lang: str):
        self.corpus, self.figures, self.lang = corpus, figures, lang

    def __iter__(self):
        return iter((self.corpus, self.figures, self.lang))

    def __repr__(self):
        return (f"NotebookSettings(corpus={self.corpus.name!r}, figures={self.figures.name!r}, "
                f"lang={self.lang!r})")


def _short_warning(message, category, filename, lineno, line=None) -> str:
    """A warning as a reader of a rendered notebook needs it: its kind and message, without
    the local path of the cell that raised it."""
    return f"{category.__name__}: {message}\n"


def setup_notebook(*, corpus="../seeds", figures="../figures", lang="zh", max_colwidth: int = 80,
                   max_rows: int = 200) -> NotebookSettings:
    """The one setup call of a notebook: its corpus and figure folders, label language, pandas display.

    ``$PLENUM_CORPUS``, ``$PLENUM_FIGURES`` and ``$PLENUM_LANG``, when set, take precedence
    over the arguments (``make CORPUS=…`` sets the first). Also sets the house style for the
    session (:func:`setup_plotting`), so that figures of your own in the notebook render
    Chinese too, and shows warnings without the local path of the cell that raised them.

    Parameters
    ----------
    corpus : str or path-like, keyword-only
        The folder of reports (default ``"../seeds"``).
    figures : str or path-like, keyword-only
        Where figures are saved (default ``"../figures"``).
    lang : {"zh", "en"}, keyword-only
        The language of labels (default "zh"); anything else raises ValueError.
    max_colwidth : int, keyword-only
        pandas' ``display.max_colwidth`` (default 80).
    max_rows : int, keyword-only
        pandas' ``display.max_rows`` (default 200). ``display.precision`` is set to 2.

    Returns
    -------
    NotebookSettings
        ``corpus`` and ``figures`` (as :class:`pathlib.Path`) and ``lang``; it unpacks as
        ``corpus, figures, lang = setup_notebook()``.
    """
    import pandas as pd

    from .labels import check_lang

    settings = NotebookSettings(Path(os.environ.get("PLENUM_CORPUS", corpus)),
                                Path(os.environ.get("PLENUM_FIGURES", figures)),
                                check_lang(os.environ.get("PLENUM_LANG", lang)))
    setup_plotting()
    warnings.formatwarning = _short_warning
    pd.set_option("display.max_colwidth", max_colwidth)
    pd.set_option("display.max_rows", max_rows)
    pd.set_option("display.precision", 2)
    return settings
