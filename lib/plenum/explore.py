"""Interactive explorers for JupyterLab (ipywidgets): the only module that knows them.
They compute nothing of their own: every number comes from :mod:`plenum.measures`."""

from __future__ import annotations

import pandas as pd

from .measures import kwic, term_frequency
from .units import sentences
from ._text import python_strings


@python_strings
def term_rates(freq: pd.DataFrame, term: str, groups) -> pd.DataFrame:
    """One row per group: the term's ``n`` and ``per_10k``.

    Parameters
    ----------
    freq : DataFrame
        :func:`plenum.term_frequency` output.
    term : str
        The term.
    groups : sequence of str
        The groups, in the order of the rows.

    Returns
    -------
    DataFrame
        ``group, n, per_10k`` (0 where the group never uses the term).
    """
    hit = freq[freq["token"] == term].set_index("group")
    return pd.DataFrame({"group": list(groups),
                         "n": [int(hit["n"].get(g, 0)) for g in groups],
                         "per_10k": [float(hit["per_10k"].get(g, 0.0)) for g in groups]})


def term_explorer(docs: pd.DataFrame, tokens: pd.DataFrame, *, by: str = "place", window: int = 20):
    """A widget: type or pick a term, see its rate per group and its KWIC lines.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output.
    tokens : DataFrame
        Its :func:`plenum.tokenize` table, which must carry the ``by`` column.
    by : str, keyword-only
        The column to group by.
    window : int, keyword-only
        Characters of context on each side in the KWIC lines (as in :func:`plenum.kwic`).

    Returns
    -------
    ipywidgets.VBox
        The term box above the output area (rates, then KWIC lines).
    """
    import ipywidgets as widgets
    from IPython.display import display

    freq = term_frequency(tokens, by=by)
    sents = sentences(docs, keep=(by,))
    groups = sorted(freq["group"].unique())
    choices = freq.groupby("token")["n"].sum().sort_values(ascending=False).index[:300].tolist()
    box = widgets.Combobox(options=choices, value=choices[0] if choices else "",
                           placeholder="type a term", description="Term:", ensure_option=False)
    out = widgets.Output()

    def show(change=None):
        out.clear_output()
        term = box.value.strip()
        if not term:
            return
        with out:
            display(term_rates(freq, term, groups))
            display(kwic(sents, term, window=window, by=by))

    box.observe(show, names="value")
    show()
    return widgets.VBox([box, out])
