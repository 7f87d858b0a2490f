"""Figures and display labels. A ``plot_*`` function draws the table its sibling in the
library returned (``plot_keyness(keyness(tokens))``, ``plot_targets(target_summary(docs))``)
inside :func:`style`, which restores matplotlib's settings afterwards, and returns the
Figure; :func:`save_figure` writes it. ``lang=`` ("zh" / "en") lives here only, with
:func:`labelled` for display tables.

Names are imported lazily, so that importing this package loads no matplotlib.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    # style
    "font_path": "house_style", "register_font": "house_style", "style": "house_style",
    "setup_plotting": "house_style", "setup_notebook": "house_style", "place_colors": "house_style",
    "save_figure": "house_style", "panel_grid": "house_style", "styled": "house_style",
    # labels
    "place_label": "labels", "term_label": "labels", "theme_label": "labels", "group_context": "labels",
    "formulation_label": "labels", "doc_labels": "labels", "labelled": "labels",
    # notebook 01
    "plot_timeline": "corpus", "plot_lengths": "corpus", "plot_attendance": "corpus",
    "plot_boilerplate": "corpus", "plot_moves": "corpus",
    # notebook 02
    "plot_top_terms": "terms", "plot_wordclouds": "terms", "plot_keyness": "terms",
    "plot_similarity": "terms", "plot_overlap": "terms",
    # notebook 03
    "plot_theme_heatmap": "themes", "plot_theme_balance": "themes", "plot_theme_keywords": "themes",
    "plot_theme_robustness": "themes", "plot_validation": "themes",
    "plot_theme_parts": "themes", "plot_agreement": "themes",
    # notebook 04
    "plot_targets": "extract", "plot_formulation_heatmap": "extract", "plot_task_lists": "extract",
    "plot_horizons": "extract",
    # notebook 05
    "plot_stock_share": "reuse", "plot_reuse_matrix": "reuse", "reuse_findings": "reuse",
    # closing prose, written from the tables of the run
    "Findings": "findings", "corpus_findings": "findings", "terms_findings": "findings",
    "themes_findings": "findings", "targets_findings": "findings",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'plenum.plot' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
