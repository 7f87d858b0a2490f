"""Knowledge as data: the one reader of the files in ``plenum/data/``.

Every word list, pattern table and codebook the package uses is a file there, meant to be
read and edited by users: CSV files whose lines starting with ``#`` are comments (the
header of each says where its entries come from and how they are used), and the theme
codebook in YAML. Each accessor also accepts a user's own file of the same shape.

============================  ==============================================================
:func:`glossary`              political terms with English glosses (``terms.csv``)
:func:`stopwords`             the stopword set (``stopwords.csv``)
:func:`move_table`            discourse verbs that open a paragraph (``moves.csv``)
:func:`modality_table`        modality words of targets (``modalities.csv``)
:func:`dictionary_fixes`      entries removed from jieba's dictionary (``dictionary_fixes.csv``)
:func:`boilerplate_table`     page-furniture patterns (``boilerplate.csv``)
:func:`target_units`          units a target value may carry (``target_units.csv``)
:func:`word_list`             one-column word lists (count nouns, goal verbs, genres …)
:func:`pattern_table`         regular expressions with a class (time markers)
:func:`level_aliases`         names of formulation levels (``levels.csv``)
:func:`read_codebook_file`    the theme codebook (``themes.yaml``; :mod:`plenum.codebook` normalises it)
:func:`theme_labels_path`     hand-labelled sentences (``theme_labels*.csv``)
============================  ==============================================================
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from pathlib import Path

import pandas as pd

from ._text import strip_quotes
from ._text import python_strings

GLOSSARY_COLUMNS = ["term", "english", "category", "level", "source", "since", "coined_by"]
STOPWORD_COLUMNS = ["word", "group", "note"]


def _packaged(name: str):
    return resources.files("plenum").joinpath(f"data/{name}")


def data_path(name: str):
    """The packaged knowledge file ``name``.

    Parameters
    ----------
    name : str
        A file name in ``data/`` (``"terms.csv"``).

    Returns
    -------
    Traversable
        The file; ``str()`` gives its path.

    Raises
    ------
    FileNotFoundError
        When the package has no such file.
    """
    path = _packaged(name)
    if not path.is_file():
        raise FileNotFoundError(f"plenum has no knowledge file data/{name}")
    return path


def _source(path_or_name):
    """A user's path, or the packaged file of that name."""
    if path_or_name is None:
        raise ValueError("no path given")
    if hasattr(path_or_name, "read_text"):
        return path_or_name
    text = str(path_or_name)
    if "/" not in text and "\\" not in text and _packaged(text).is_file():
        return _packaged(text)
    return Path(path_or_name)


@python_strings
def read_table(path_or_name, columns: list[str] | None = None) -> pd.DataFrame:
    """A CSV whose ``#`` lines are comments, every value a stripped string.

    Parameters
    ----------
    path_or_name : str, Path or Traversable
        A path, or the name of a packaged file in ``data/`` (``"terms.csv"``).
    columns : list of str, optional
        Exactly these columns, in this order (missing ones are empty); all when None.

    Returns
    -------
    DataFrame
        One row per data line, ``string`` dtype.
    """
    source = _source(path_or_name)
    text = source.read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    rows = list(csv.DictReader(lines))
    if columns is None:
        columns = list(csv.reader(lines[:1]))[0] if lines else []
    frame = pd.DataFrame(rows, columns=columns).fillna("")
    for col in columns:
        frame[col] = frame[col].astype("string").str.strip()
    return frame


#: Kept for callers of the earlier name.
read_data_csv = read_table


@functools.lru_cache(maxsize=4)
def _glossary(path: str | None) -> pd.DataFrame:
    table = read_table("terms.csv" if path is None else Path(path), GLOSSARY_COLUMNS)
    table = table[table["term"] != ""].drop_duplicates("term", keep="first")
    bad = [f"{t} ({v!r})" for t, v in zip(table["term"], table["since"])
           if v and not (v.isdigit() and 1900 <= int(v) <= 2100)]
    if bad:
        raise ValueError(f"{path or 'terms.csv'}: `since` must be a year or empty; not for {', '.join(bad[:5])}")
    table["since"] = pd.array([int(v) if v else None for v in table["since"]], dtype="Int64")
    return table.reset_index(drop=True)


@python_strings
def glossary(path: str | Path | None = None) -> pd.DataFrame:
    """Political terms with English glosses.

    Parameters
    ----------
    path : str or Path, optional
        A user's own file of the same shape instead of the packaged ``data/terms.csv``.

    Returns
    -------
    DataFrame
        ``term, english, category, level`` (whom the term is addressed to: central /
        provincial / local), ``source``, ``since`` (Int64: the year the term entered official
        use, from the text named in ``source``; missing where it is not established),
        ``coined_by`` (who coined it: central / provincial / prefecture / county; 重要窗口,
        coined by Xi Jinping for Zhejiang, is central). A report older than ``since`` cannot
        use a term addressed to the whole country: :func:`plenum.extract.not_yet_in_use`.
    """
    return _glossary(None if path is None else str(path)).copy()


@functools.lru_cache(maxsize=4)
def _stopwords(path: str | None) -> frozenset[str]:
    table = read_table("stopwords.csv" if path is None else Path(path), STOPWORD_COLUMNS)
    return frozenset(w for w in table["word"] if w)


def stopwords(path: str | Path | None = None) -> frozenset[str]:
    """The stopword set of ``data/stopwords.csv``.

    Parameters
    ----------
    path : str or Path, optional
        A user's own file of the same shape instead of the packaged one.

    Returns
    -------
    frozenset of str
        The words of the file's ``word`` column.
    """
    return _stopwords(None if path is None else str(path))


@functools.lru_cache(maxsize=4)
def _english_index(path: str | None) -> dict[str, str]:
    table = _glossary(path)
    index = {t: e for t, e in zip(table["term"], table["english"]) if e}
    by_key: dict[str, str] = {}
    for t, e in zip(table["term"], table["english"]):
        by_key.setdefault(strip_quotes(t), e)
    for key, e in by_key.items():
        if e and len(key) >= 2:
            index.setdefault(key, e)
    return index


def english(term: str, path: str | Path | None = None) -> str | None:
    """The glossary's English gloss for a term, or None.

    Also found when the glossary writes the term with quote marks (“重要窗口”).

    Parameters
    ----------
    term : str
        The term, as written.
    path : str or Path, optional
        A glossary file of the shape of :func:`glossary` instead of the packaged one.

    Returns
    -------
    str or None
        The gloss; None when the glossary has none.
    """
    return _english_index(None if path is None else str(path)).get(term)


def _keys_of(table: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for t, e in zip(table["term"], table["english"]):
        key = strip_quotes(str(t).strip()) if isinstance(t, str) else ""
        if len(key) >= 2:
            seen.setdefault(key, e.strip() if isinstance(e, str) else "")
    return tuple(seen.items())


@functools.lru_cache(maxsize=4)
def _gloss_keys(path: str | None) -> tuple[tuple[str, str], ...]:
    return _keys_of(_glossary(path))


def gloss_within(text: str, terms=None) -> str | None:
    """English of the longest glossary term the text contains, or None.

    The text is read without its quote marks: 重要窗口 in “重要窗口”的市域样本.

    Parameters
    ----------
    text : str
        The text to look in.
    terms : DataFrame, str or Path, optional
        A glossary frame or file of the shape of :func:`glossary` instead of the packaged one.

    Returns
    -------
    str or None
        The gloss of the longest term found; None when none is found.
    """
    if isinstance(terms, pd.DataFrame):
        keys = _keys_of(terms) if {"term", "english"} <= set(terms.columns) else ()
    else:
        keys = _gloss_keys(None if terms is None else str(terms))
    key = strip_quotes(text)
    best = None
    for term, gloss in keys:
        if gloss and term in key and (best is None or len(term) > len(best[0])):
            best = (term, gloss)
    return best[1] if best else None


@functools.lru_cache(maxsize=1)
def _moves() -> pd.DataFrame:
    table = read_table("moves.csv", ["verb", "move", "english", "part"])
    return pd.DataFrame({c: table[c].astype(object) for c in table.columns})


@python_strings
def move_table() -> pd.DataFrame:
    """The discourse verbs that open a paragraph (``data/moves.csv``).

    Returns
    -------
    DataFrame
        ``verb, move, english, part`` (review, task, procedure or either).
    """
    return _moves().copy()


@functools.lru_cache(maxsize=1)
def _session_type_names() -> pd.DataFrame:
    table = read_table("session_type_names.csv", ["session_type", "zh", "en"])
    return table[table["session_type"] != ""].reset_index(drop=True)


@python_strings
def session_type_names() -> pd.DataFrame:
    """Display names of the session types (``data/session_type_names.csv``).

    Returns
    -------
    DataFrame
        ``session_type, zh, en``.
    """
    return _session_type_names().copy()


@functools.lru_cache(maxsize=1)
def _modalities() -> pd.DataFrame:
    table = read_table("modalities.csv", ["word", "role", "class", "english"])
    return table[table["word"] != ""].reset_index(drop=True)


@python_strings
def modality_table() -> pd.DataFrame:
    """The modality words of targets (``data/modalities.csv``).

    Returns
    -------
    DataFrame
        ``word, role`` (stance / threshold), ``class`` (binding / aspirational / expected),
        ``english``, ``binding`` (True where the class is binding).
    """
    table = _modalities().copy()
    table["binding"] = table["class"] == "binding"
    return table


@functools.lru_cache(maxsize=1)
def _dictionary_fixes() -> pd.DataFrame:
    table = read_table("dictionary_fixes.csv", ["word", "action", "note"])
    return table[table["action"] == "remove"].reset_index(drop=True)


@python_strings
def dictionary_fixes() -> pd.DataFrame:
    """Entries of jieba's built-in dictionary to remove (``data/dictionary_fixes.csv``).

    Returns
    -------
    DataFrame
        ``word, action, note``: the rows whose action is "remove".
    """
    return _dictionary_fixes().copy()


@python_strings
def boilerplate_table() -> pd.DataFrame:
    """The page-furniture rules of ``data/boilerplate.csv``.

    Returns
    -------
    DataFrame
        ``pattern, action, note``.
    """
    return read_table("boilerplate.csv", ["pattern", "action", "note"])


@functools.lru_cache(maxsize=1)
def _target_units() -> pd.DataFrame:
    return read_table("target_units.csv", ["unit", "chinese_value", "growth", "counted", "note"])


@python_strings
def target_units() -> pd.DataFrame:
    """Units a target value may carry (``data/target_units.csv``).

    Returns
    -------
    DataFrame
        ``unit``, ``chinese_value`` ("yes": a Chinese-numeral value such as 千亿元 is accepted
        with it), ``growth`` ("yes": a rate, 增长6%), ``counted`` ("yes": a count of things
        whose indicator may follow the number), ``note``.
    """
    return _target_units().copy()


@functools.lru_cache(maxsize=16)
def word_list(name: str) -> tuple[str, ...]:
    """The ``word`` column of a packaged one-word-per-row list, in file order.

    Parameters
    ----------
    name : str
        ``count_nouns``, ``quoted_non_formulations``, ``goal_verbs``, ``build_verb_before``,
        ``goal_object_stops``, ``document_genres``, ``place_suffixes`` … (the file
        ``data/<name>.csv``).

    Returns
    -------
    tuple of str
        The non-empty words.

    Raises
    ------
    ValueError
        When the file has no ``word`` column.
    """
    table = read_table(f"{name}.csv")
    if "word" not in table.columns:
        raise ValueError(f"data/{name}.csv has no 'word' column")
    return tuple(w for w in table["word"] if w)


@python_strings
@functools.lru_cache(maxsize=8)
def pattern_table(name: str) -> pd.DataFrame:
    """A packaged table of regular expressions with a class.

    Parameters
    ----------
    name : str
        The file ``data/<name>.csv`` (``time_markers``).

    Returns
    -------
    DataFrame
        ``pattern, class, note``.
    """
    return read_table(f"{name}.csv", ["pattern", "class", "note"])


@functools.lru_cache(maxsize=1)
def level_aliases() -> dict[str, str]:
    """Names a glossary may give a level (中央, 省级, prefecture …), from ``data/levels.csv``.

    Returns
    -------
    dict of str to str
        Alias (lower-cased) → central / provincial / local.
    """
    table = read_table("levels.csv", ["alias", "level"])
    return {a.lower(): lv for a, lv in zip(table["alias"], table["level"]) if a}


def read_codebook_file(path=None):
    """The raw YAML of a theme codebook.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file of the shape of ``data/themes.yaml``; the packaged file when None.

    Returns
    -------
    object
        The parsed YAML as it stands (see :func:`load_codebook` for the normalised form).
    """
    import yaml

    source = _packaged("themes.yaml") if path is None else _source(path)
    return yaml.safe_load(source.read_text("utf-8"))


LABEL_SETS = {"shipped": "theme_labels.csv", "tuning": "theme_labels_tuning.csv",
              "heldout": "theme_labels_heldout.csv"}


def theme_labels_path(which: str = "shipped"):
    """A packaged file of hand-labelled sentences for checking the themes.

    Parameters
    ----------
    which : {"shipped", "tuning", "heldout"}
        ``"shipped"``: every sentence of the reports in ``seeds/`` (``theme_labels.csv``);
        ``"tuning"``: sentences written in the style of reports of other places, used to set
        keyword weights (``theme_labels_tuning.csv``); ``"heldout"``: more such sentences, of
        other places again, never used to set anything (``theme_labels_heldout.csv``).

    Returns
    -------
    Traversable
        The file; ``str()`` gives its path.
    """
    if which not in LABEL_SETS:
        raise ValueError(f"which={which!r}: expected one of {', '.join(LABEL_SETS)}")
    return data_path(LABEL_SETS[which])
