"""plenum: Chinese local Party plenary-session reports as tidy pandas DataFrames.

The pipeline follows the data: ``read_reports`` (files → one row per document) →
``paragraphs`` / ``sentences`` / ``clauses`` (text units) → ``tokenize`` (words) →
measures (:mod:`plenum.measures`, :mod:`plenum.corpus`, :mod:`plenum.themes`,
:mod:`plenum.extract`) → figures (:mod:`plenum.plot`). ``doc_id`` joins every table; the
table worked on comes first, grouping is ``by=`` and comes back as ``group``, options are
keyword-only. Names are imported lazily so that ``import plenum`` stays cheap.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    # reading: files and pages -> one row per report
    "read_reports": "reading", "read_report": "reading", "decode_bytes": "reading",
    "ReportError": "reading", "ReportWarning": "reading", "DOC_COLUMNS": "reading",
    "parse_report": "metadata", "REPORT_FIELDS": "metadata", "place_table": "places",
    # knowledge
    "glossary": "lexicon", "stopwords": "lexicon", "move_table": "lexicon",
    "load_codebook": "codebook",
    # units
    "paragraphs": "units", "sentences": "units", "clauses": "units", "split_sentences": "units",
    # words
    "tokenize": "tokens", "corpus_words": "vocabulary", "place_names": "vocabulary",
    "formulation_terms": "vocabulary", "clear_cache": "cache", "cache_info": "cache",
    # measures
    "plenum_reports": "corpus", "excluded_pages": "corpus", "corpus_overview": "corpus", "timeline_table": "corpus", "documents_table": "corpus",
    "boilerplate_share": "corpus", "move_counts": "corpus", "move_matrix": "corpus",
    "term_frequency": "measures", "keyness": "measures", "similarity": "measures",
    "kwic": "measures", "vocabulary_overlap": "measures", "term_table": "measures",
    "countable": "measures", "unique_words": "measures", "closest_pairs": "measures",
    "assign_themes": "themes", "theme_scores": "themes", "validate_themes": "validation",
    "theme_robustness": "validation", "tune_codebook": "theme_tuning",
    "leave_one_report_out": "theme_tuning",
    "reuse": "text_reuse", "reuse_matrix": "text_reuse",
    "count_partitioned": "partitions",
    "export": "exports", "dfm": "exports", "export_dfm": "exports",
    "targets": "extract", "formulations": "extract", "echo": "extract", "goals": "extract",
    "task_lists": "extract", "horizons": "extract",
    # display
    "labelled": "plot", "setup_notebook": "plot", "setup_plotting": "plot", "save_figure": "plot",
    "place_colors": "plot", "place_label": "plot", "font_path": "plot",
    "term_explorer": "explore",
}

__all__ = sorted(_EXPORTS)


_SUBMODULES = ("reading", "decoding", "cleaning", "metadata", "places", "numerals", "lexicon", "codebook", "units", "vocabulary",
               "tokens", "cache", "measures", "significance", "resampling", "corpus", "themes", "theme_tables", "validation", "theme_tuning", "text_reuse", "reuse_tables", "exports", "extract", "plot", "explore",
               "synthetic", "partitions", "segmenter", "concordance")


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'plenum' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
