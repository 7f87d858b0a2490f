"""Tables out of the notebooks, in the formats people open: an Excel workbook, UTF-8 CSV
files Excel reads as Chinese, Stata files, and a document-feature matrix for quanteda and
scikit-learn."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .measures import _check_tokens, countable, words_of
from ._text import python_strings


def _flat(frame: pd.DataFrame, *, index: bool) -> pd.DataFrame:
    """A table with plain cells: lists joined with "; ", the index a column when asked."""
    out = frame.reset_index() if index else frame.copy()
    out.columns = [str(c) for c in out.columns]
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple, set, frozenset))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple, set, frozenset))
                                    else v)
    return out


def _sheet_names(names) -> list[str]:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, each distinct."""
    out: list[str] = []
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "sheet"
        candidate, k = base, 2
        while candidate.lower() in {o.lower() for o in out}:
            candidate = f"{base[:28]}_{k}"
            k += 1
        out.append(candidate)
    return out


def _stata_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """A table Stata accepts: ASCII variable names of at most 32 characters (the original
    names kept as variable labels), strings for text and categories, floats for counts with
    missing values, integers for booleans."""
    out = pd.DataFrame(index=frame.index)
    labels: dict[str, str] = {}
    used: set[str] = set()
    for k, col in enumerate(frame.columns):
        name = re.sub(r"[^A-Za-z0-9_]", "_", str(col)).strip("_") or f"v{k + 1}"
        if name[0].isdigit():
            name = f"v{name}"
        name = name[:32]
        while name in used:
            name = f"{name[:29]}_{k}"
        used.add(name)
        labels[name] = str(col)[:80]
        values = frame[col]
        if pd.api.types.is_bool_dtype(values):
            out[name] = values.astype("float64").astype("Int8").astype("float64") if values.isna().any() \
                else values.astype("int8")
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[name] = values
        elif pd.api.types.is_numeric_dtype(values):
            out[name] = values.astype("float64") if values.isna().any() else values
        else:
            out[name] = values.astype("object").map(lambda v: "" if v is None or v is pd.NA or
                                                    (isinstance(v, float) and np.isnan(v)) else str(v))
    return out, labels


def export(tables: dict[str, pd.DataFrame], *, path, index: bool = False) -> list[Path]:
    """Write tables out for spreadsheets, statistics packages and other languages.

    Parameters
    ----------
    tables : dict
        Name → DataFrame (``{"targets": extract.targets(docs), "themes": scores}``).
    path : str or Path, keyword-only
        ``….xlsx``: one workbook, a sheet per table. ``….dta``: Stata files, one per table
        (``<stem>_<name>.dta``; ASCII variable names, the original ones as labels). Anything
        else: a folder (created when missing) with one CSV per table, UTF-8 with a byte-order
        mark so that Excel opens the Chinese correctly.
    index : bool, keyword-only
        Write each table's index as a column too.

    Returns
    -------
    list of Path
        The files written.
    """
    if not isinstance(tables, dict) or not all(isinstance(t, pd.DataFrame) for t in tables.values()):
        raise TypeError("export takes a dict of name → DataFrame")
    path = Path(path)
    flat = {name: _flat(table, index=index) for name, table in tables.items()}
    if path.suffix.lower() == ".xlsx":
        path.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for sheet, (_name, table) in zip(_sheet_names(flat), flat.items()):
                table.to_excel(writer, sheet_name=sheet, index=False)
        return [path]
    if path.suffix.lower() == ".dta":
        path.parent.mkdir(parents=True, exist_ok=True)
        written = []
        for name, table in flat.items():
            safe = re.sub(r"[^A-Za-z0-9_]", "_", str(name))
            target = path.with_name(f"{path.stem}_{safe}.dta")
            frame, labels = _stata_frame(table)
            frame.to_stata(target, write_index=False, version=118, variable_labels=labels)
            written.append(target)
        return written
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in flat.items():
        safe = re.sub(r"[^\w.-]", "_", str(name))
        target = path / f"{safe}.csv"
        table.to_csv(target, index=False, encoding="utf-8-sig")
        written.append(target)
    return written


@dataclass
class DocumentFeatureMatrix:
    """A sparse document-feature matrix: ``matrix`` (scipy.sparse CSR, groups × words, counts),
    ``features`` (the words, in column order) and ``docvars`` (one row per group, in row
    order: ``group`` and the token table's document columns)."""

    matrix: object
    features: list
    docvars: pd.DataFrame

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape


@python_strings
def dfm(tokens: pd.DataFrame, *, by: str = "doc_id", min_chars: int = 2, keep_stop: bool = False,
        drop="names") -> DocumentFeatureMatrix:
    """A document-feature matrix of content words, as quanteda's ``dfm`` makes one.

    Parameters
    ----------
    tokens : DataFrame
        :func:`plenum.tokenize` output.
    by : str, keyword-only
        The rows: ``doc_id`` (the default) or any column the tokens carry (place …).
    min_chars, keep_stop, drop : keyword-only
        Which tokens count, as in :func:`plenum.measures.countable`.

    Returns
    -------
    DocumentFeatureMatrix
        Counts of each word (columns, sorted) in each group (rows, in order of first
        appearance), with the groups' document variables.
    """
    from scipy import sparse

    _check_tokens(tokens, "dfm")
    if by not in tokens.columns:
        raise KeyError(f"dfm: tokens have no column {by!r}")
    mask = countable(tokens, min_chars=min_chars, keep_stop=keep_stop, drop=drop).to_numpy()
    groups = tokens[by].astype("string").fillna("(unknown)").to_numpy()[mask]
    words = words_of(tokens).astype("string").to_numpy()[mask]
    row_codes, row_names = pd.factorize(pd.Series(groups), sort=False)
    col_codes, col_names = pd.factorize(pd.Series(words), sort=True)
    matrix = sparse.csr_matrix((np.ones(len(row_codes), dtype=np.int64), (row_codes, col_codes)),
                               shape=(len(row_names), len(col_names)))
    matrix.sum_duplicates()
    skip = {"par_no", "sent_no", "token_no", "token", "token_simplified", "is_stop", "is_name", by}
    columns = [c for c in tokens.columns if c not in skip]
    first = tokens[mask].assign(group=groups).drop_duplicates("group").set_index("group")
    docvars = pd.DataFrame({"group": list(row_names)})
    for col in columns:
        docvars[col] = first.loc[list(row_names), col].astype("string").to_numpy()
    return DocumentFeatureMatrix(matrix, [str(w) for w in col_names], docvars)


def export_dfm(matrix: DocumentFeatureMatrix, *, path) -> list[Path]:
    """Write a :func:`dfm` where quanteda (``Matrix::readMM``) and scikit-learn
    (``scipy.io.mmread``) read it.

    Parameters
    ----------
    matrix : DocumentFeatureMatrix
        :func:`dfm` output.
    path : str or Path, keyword-only
        A folder (created when missing): ``dfm.mtx`` (Matrix Market, rows = groups),
        ``features.csv`` (one word per column, in order) and ``docvars.csv`` (one row per
        group, in order), both UTF-8 with a byte-order mark.

    Returns
    -------
    list of Path
        The three files.
    """
    from scipy import io

    if not isinstance(matrix, DocumentFeatureMatrix):
        raise TypeError("export_dfm takes the DocumentFeatureMatrix of plenum.dfm")
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    io.mmwrite(folder / "dfm.mtx", matrix.matrix)
    pd.DataFrame({"feature": matrix.features}).to_csv(folder / "features.csv", index=False, encoding="utf-8-sig")
    matrix.docvars.to_csv(folder / "docvars.csv", index=False, encoding="utf-8-sig")
    return [folder / "dfm.mtx", folder / "features.csv", folder / "docvars.csv"]
