"""The lexicon: the glossary of political terms (``data/terms.csv``) and the stopword list
(``data/stopwords.csv``), read as data.

Both files are meant to be edited by users: lines starting with ``#`` are comments.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from pathlib import Path

import pandas as pd

GLOSSARY_COLUMNS = ["term", "english", "category", "level", "source"]
STOPWORD_COLUMNS = ["word", "group", "note"]


def read_data_csv(path, columns: list[str]) -> pd.DataFrame:
    """A CSV whose ``#`` lines are comments, as strings, with exactly ``columns``."""
    if path is None:
        raise ValueError("no path given")
    text = Path(path).read_text("utf-8") if not hasattr(path, "read_text") else path.read_text("utf-8")
    rows = list(csv.DictReader(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")))
    frame = pd.DataFrame(rows, columns=columns).fillna("")
    for col in columns:
        frame[col] = frame[col].astype("string").str.strip()
    return frame


def _packaged(name: str):
    return resources.files("plenum").joinpath(f"data/{name}")


@functools.lru_cache(maxsize=4)
def _glossary(path: str | None) -> pd.DataFrame:
    source = _packaged("terms.csv") if path is None else Path(path)
    table = read_data_csv(source, GLOSSARY_COLUMNS)
    table = table[table["term"] != ""].drop_duplicates("term", keep="first")
    return table.reset_index(drop=True)


def glossary(path: str | Path | None = None) -> pd.DataFrame:
    """Political terms with English glosses: columns ``term, english, category, level
    (central / provincial / local), source``. ``path`` reads a user's own file of the same
    shape instead of the packaged ``data/terms.csv``."""
    return _glossary(None if path is None else str(path)).copy()


@functools.lru_cache(maxsize=4)
def _stopwords(path: str | None) -> frozenset[str]:
    source = _packaged("stopwords.csv") if path is None else Path(path)
    table = read_data_csv(source, STOPWORD_COLUMNS)
    return frozenset(w for w in table["word"] if w)


def stopwords(path: str | Path | None = None) -> frozenset[str]:
    """The stopword set of ``data/stopwords.csv`` (or a user's file of the same shape)."""
    return _stopwords(None if path is None else str(path))


@functools.lru_cache(maxsize=4)
def _english_index(path: str | None) -> dict[str, str]:
    table = _glossary(path)
    return {t: e for t, e in zip(table["term"], table["english"]) if e}


def english(term: str, path: str | Path | None = None) -> str | None:
    """The glossary's English gloss for a term, or None."""
    return _english_index(None if path is None else str(path)).get(term)
