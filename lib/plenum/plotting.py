"""Figures with Chinese labels that render the same on every machine.

The CJK font is Noto Sans CJK SC (SIL OFL), shipped inside the ``mplfonts``
wheel.  It is registered with matplotlib at runtime, in memory only: nothing
in the user's matplotlib installation or configuration is changed, and
``mplfonts`` itself is never imported.

Importing this module is cheap: matplotlib, pandas and pypinyin are imported
lazily inside the functions that need them.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from pathlib import Path

__all__ = [
    "font_path",
    "setup_plotting",
    "place_colors",
    "place_label",
    "save_figure",
    "panel_grid",
]

_FONT_PACKAGE = "mplfonts"
_FONT_FILE = ("fonts", "NotoSansCJKsc-Regular.otf")
_FONT_SIZE = 11
_SVG_HASHSALT = "plenum"
_NAME_RE = re.compile(r"[A-Za-z0-9_-]+")

def font_path() -> Path:
    """Return the path of the bundled Noto Sans CJK SC font file.

    The file is located through the ``mplfonts`` package spec without
    importing the package.  Raises RuntimeError if it cannot be found.
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


def setup_plotting() -> str:
    """Register the bundled CJK font and set session rcParams; return its family name.

    Idempotent.  Changes live in memory only (``fontManager.ttflist`` and
    ``rcParams``): other fonts that claim the same family name are dropped
    from the in-memory font list so that ``findfont`` always resolves the
    family to the bundled file.  Sets ``font.family`` to the bundled family
    with ``sans-serif`` as fallback, ``axes.unicode_minus=False``,
    ``svg.fonttype="path"`` and ``font.size=11``.
    """
    import matplotlib
    from matplotlib import font_manager

    path = font_path()
    fm = font_manager.fontManager

    bundled = [e for e in fm.ttflist if _same_file(e.fname, path)]
    if not bundled:
        fm.addfont(str(path))
        bundled = [e for e in fm.ttflist if _same_file(e.fname, path)]
    if not bundled:  # pragma: no cover - addfont failed silently
        raise RuntimeError(f"matplotlib could not register the font {path}")

    family = bundled[0].name
    # Bundled entries first, then everything else except other files that
    # claim the same family name (e.g. a system-wide Noto Sans CJK SC).
    others = [
        e
        for e in fm.ttflist
        if not _same_file(e.fname, path) and e.name != family
    ]
    fm.ttflist[:] = bundled[:1] + others
    fm._findfont_cached.cache_clear()

    rc = matplotlib.rcParams
    rc["font.family"] = [family, "sans-serif"]
    sans = [f for f in rc["font.sans-serif"] if f != family]
    rc["font.sans-serif"] = [family] + sans
    rc["axes.unicode_minus"] = False
    rc["svg.fonttype"] = "path"
    rc["font.size"] = _FONT_SIZE
    return family


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return False
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def place_colors(places) -> dict[str, str]:
    """Return a dict mapping each distinct place name to a hex colour string.

    Missing values are ignored.  Names are sorted and coloured in that order
    from matplotlib's "tab10" (up to 10 places) or "tab20" (more; cycled past
    20), so the same set of places always gets the same colours.
    """
    import matplotlib
    from matplotlib.colors import to_hex

    if isinstance(places, str):
        places = [places]
    names = sorted({str(p) for p in places if not _is_missing(p)})
    palette = "tab10" if len(names) <= 10 else "tab20"
    colors = [to_hex(c) for c in matplotlib.colormaps[palette].colors]
    return {name: colors[i % len(colors)] for i, name in enumerate(names)}


def place_label(place, lang: str = "zh") -> str:
    """Return a display label for a place name.

    ``lang="zh"`` returns the name unchanged; ``lang="en"`` returns its
    pinyin without the administrative suffix (镇江市 -> "Zhenjiang",
    景宁畲族自治县 -> "Jingning").  Missing values give "unknown"; any other
    ``lang`` raises ValueError.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    if _is_missing(place):
        return "unknown"
    name = str(place).strip()
    if lang == "zh":
        return str(place)
    if not name:
        return "unknown"

    from pypinyin import Style, lazy_pinyin

    from .places import short_name

    romanised = "".join(lazy_pinyin(short_name(name) or name, style=Style.NORMAL))
    return romanised[:1].upper() + romanised[1:]


def save_figure(fig, name: str, folder="figures") -> list[Path]:
    """Save ``fig`` as ``<folder>/<name>.png`` (200 dpi) and ``.svg``; return both paths.

    The folder is created if needed.  Output carries no timestamp or
    software version and SVG ids use a fixed salt, so re-saving an unchanged
    figure gives identical files.  ``name`` may contain only ASCII letters,
    digits, ``_`` and ``-``; anything else raises ValueError.
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
    with matplotlib.rc_context(rc):
        fig.savefig(png, dpi=200, bbox_inches="tight", metadata={"Software": None})
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    return [png, svg]


def panel_grid(n: int, ncols: int = 3):
    """A figure with enough axes for ``n`` small multiples, ``ncols`` to a row at most:
    ``(fig, axes)`` with ``axes`` always 2-D. Hide the unused ones after drawing."""
    import matplotlib.pyplot as plt

    ncols = max(1, min(ncols, n))
    nrows = max(1, -(-n // ncols))
    return plt.subplots(nrows, ncols, squeeze=False)
