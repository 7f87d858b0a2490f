"""What a report commits to: quantitative targets, numbered formulations, positioning
goals, counted task lists and time horizons.

Every extractor takes the documents table of :func:`plenum.read_reports` (only ``text``
is required; ``doc_id`` names the rows, ``meeting_date`` / ``publish_date`` resolve
relative years), is pure (no I/O beyond the knowledge files), never raises on arbitrary
text, and returns a tidy DataFrame with ``doc_id``, ``par_no`` (as in
:func:`plenum.paragraphs`) and ``clause``: the exact source text, a substring of the
paragraph between two of 。！？；：, so that every row traces back to its sentence.

=====================  ======================================================================
:func:`targets`        quantitative targets: indicator, modality, value, unit, hedge, binding …
:func:`formulations`   numbered formulations (两个维护, 八八战略, 十个“桥头堡” …) per document
:func:`echo`           how many central / provincial formulations each group repeats
:func:`goals`          positioning and goal statements (打造 / 建设 / 争当 / 谱写 … objects)
:func:`task_lists`     counted and parallel task lists, stated versus found length
:func:`horizons`       every time horizon named (明年, 2035年, 十四五, 未来五年 …)
=====================  ======================================================================

The display tables of notebook 04 (``target_table``, ``target_summary``, ``goal_table``,
``formulation_matrix``, ``own_formulations``, ``horizon_table``, ``task_list_table``) gather those rows per group
``by=`` a document column; their figures are in :mod:`plenum.plot`.
"""

from ..lexicon import modality_table
from ..vocabulary import formulation_terms
from .formulations import echo, formulations
from .goals import goals
from .horizons import horizons
from .tables import (formulation_matrix, formulation_timeline, goal_table, horizon_table, not_yet_in_use, own_formulations,
                     target_summary, target_table, task_list_table)
from .targets import TARGET_UNITS, targets
from .task_lists import task_lists

__all__ = ["TARGET_UNITS", "echo", "formulation_matrix", "formulation_timeline", "formulation_terms", "formulations",
           "goal_table", "goals", "horizon_table", "horizons", "modality_table", "not_yet_in_use", "own_formulations",
           "target_summary",
           "target_table", "targets", "task_list_table", "task_lists"]
