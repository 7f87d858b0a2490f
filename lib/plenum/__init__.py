"""plenum: Chinese local Party plenary-session reports as tidy pandas DataFrames.

The pipeline follows the data: ``read_reports`` (files → one row per document) →
``paragraphs`` / ``sentences`` (text units) → measures → figures. ``doc_id`` joins
every table. Names are imported lazily so that ``import plenum`` stays cheap.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "parse_report": "metadata",
    "REPORT_FIELDS": "metadata",
    "read_reports": "reading",
    "read_report": "reading",
    "decode_bytes": "reading",
    "ReportError": "reading",
    "ReportWarning": "reading",
    "DOC_COLUMNS": "reading",
    "paragraphs": "units",
    "sentences": "units",
    "split_sentences": "units",
    "move_table": "units",
    "place_table": "places",
    "setup_plotting": "plotting",
    "save_figure": "plotting",
    "place_colors": "plotting",
    "place_label": "plotting",
    "font_path": "plotting",
    "corpus_overview": "overview",
    "move_counts": "overview",
    "timeline_table": "overview",
    "documents_table": "overview",
    "boilerplate_share": "overview",
    "tokenize": "tokens",
    "corpus_words": "tokens",
    "place_names": "tokens",
    "clear_cache": "tokens",
    "term_frequency": "measures",
    "keyness": "measures",
    "similarity": "measures",
    "kwic": "measures",
    "vocabulary_overlap": "measures",
    "term_table": "measures",
    "glossary": "lexicon",
    "stopwords": "lexicon",
    "term_explorer": "explore",
    "assign_themes": "themes",
    "theme_scores": "themes",
    "validate_themes": "themes",
    "theme_robustness": "themes",
    "load_codebook": "themes",
    "targets": "commitments",
    "formulations": "commitments",
    "formulation_terms": "commitments",
    "echo": "commitments",
    "goals": "commitments",
    "task_lists": "commitments",
    "horizons": "commitments",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'plenum' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
