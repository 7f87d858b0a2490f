"""Keyword in context: every match of a word or pattern with the text around it."""

from __future__ import annotations

import re

import pandas as pd

from ._text import python_strings, to_simplified
from .units import simplified_texts


@python_strings
def kwic(sentences: pd.DataFrame, pattern: str, *, window: int = 15, regex: bool = False,
         by: str | None = None) -> pd.DataFrame:
    """Keyword in context: every match of ``pattern`` in every sentence.

    Parameters
    ----------
    sentences : DataFrame
        :func:`plenum.sentences` output (``doc_id, sent_no, text``), with the ``by``
        column when grouping (``plenum.sentences(docs, keep=("place",))``).
    pattern : str
        Literal text, or a regular expression with ``regex=True``.
    window : int, keyword-only
        Characters shown on each side, within the sentence.
    regex : bool, keyword-only
    by : str, optional, keyword-only
        A column of ``sentences`` to report as ``group``.

    Returns
    -------
    DataFrame
        ``doc_id``, ``group`` (when ``by`` is given), ``sent_no, left, match, right``.
        Matching runs on the simplified form of the sentence (and of ``pattern``), so
        ``"两个维护"`` finds 兩個維護; the context is shown as the page writes it.
    """
    if not isinstance(sentences, pd.DataFrame):
        raise TypeError(f"kwic takes the sentence table of plenum.sentences, not {type(sentences).__name__}")
    missing = [c for c in ("doc_id", "sent_no", "text") if c not in sentences.columns]
    if missing:
        raise KeyError(f"kwic: the table has no column {missing[0]!r} (expected plenum.sentences output; "
                       "a documents table goes through plenum.sentences first)")
    if by is not None and by not in sentences.columns:
        raise KeyError(f"sentences have no column {by!r}; pass keep=({by!r},) to plenum.sentences")
    pattern = to_simplified(pattern)
    compiled = re.compile(pattern if regex else re.escape(pattern))
    groups = sentences[by].astype("string") if by is not None else pd.Series(pd.NA, index=sentences.index)
    rows = []
    for doc_id, group, sent_no, text, simple in zip(sentences["doc_id"], groups, sentences["sent_no"],
                                                    sentences["text"], simplified_texts(sentences)):
        if not isinstance(text, str):
            continue
        for m in compiled.finditer(simple):
            if m.end() == m.start():
                continue
            rows.append((doc_id, group, sent_no, text[max(0, m.start() - window):m.start()],
                         text[m.start():m.end()], text[m.end():m.end() + window]))
    out = pd.DataFrame(rows, columns=["doc_id", "group", "sent_no", "left", "match", "right"])
    out = out.astype({"doc_id": "string", "group": "string", "sent_no": "int64", "left": "string",
                      "match": "string", "right": "string"})
    return out if by is not None else out.drop(columns="group")
