"""What every extractor shares: the documents read as paragraphs with a reference date,
clauses with their sentence index, review-or-plan flags, typed output frames and the
groups of ``by=``."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

import pandas as pd

from .._text import OPEN_TO_CLOSE, QUOTE_CHARS, split_paragraphs
from ..lexicon import pattern_table
from ..units import CLAUSE_STOPS, SENTENCE_STOPS, clause_spans, kept_columns, simplified_texts, unprotected, with_columns
from .._text import python_strings

#: Brackets, quotes and titles whose two marks differ.
PAIRS = {k: v for k, v in OPEN_TO_CLOSE.items() if k != '"'}
#: An optional quote mark, for patterns that allow quotes between a term's characters.
OPTIONAL_QUOTE = f"[{QUOTE_CHARS}]?"


@dataclass
class Clause:
    par_no: int
    sent: int          # sentence index within the paragraph
    start: int         # offsets in the paragraph
    end: int
    text: str
    par: str = field(repr=False)


def paragraph_clauses(par: str, par_no: int) -> list[Clause]:
    """The clauses of one paragraph (see :func:`plenum.units.clause_spans`)."""
    out, sent = [], 0
    for s, e in clause_spans(par, CLAUSE_STOPS):
        out.append(Clause(par_no, sent, s, e, par[s:e], par))
        if e < len(par) and par[e] in SENTENCE_STOPS:
            sent += 1
    return out


@dataclass
class Doc:
    doc_id: str
    text: str
    ref: pd.Timestamp | None
    pars: list[str]


def _timestamp(value) -> pd.Timestamp | None:
    try:
        ts = pd.to_datetime(value, errors="coerce")
    except Exception:
        return None
    if ts is None or not isinstance(ts, pd.Timestamp) or pd.isna(ts):
        return None
    return ts


def _column(docs: pd.DataFrame, name: str) -> list:
    if name in docs.columns:
        return list(docs[name])
    return [None] * len(docs)


def check_docs(docs, what: str) -> None:
    """TypeError / KeyError saying what ``what`` expects, for anything but a table with
    a ``text`` column."""
    if not isinstance(docs, pd.DataFrame):
        raise TypeError(f"{what} takes the documents table of plenum.read_reports "
                        f"(a DataFrame with doc_id and text), not {type(docs).__name__}")
    if "text" not in docs.columns:
        raise KeyError(f"{what}: the documents table has no column 'text' "
                       "(expected plenum.read_reports output)")


def doc_id_of(i: int, doc_id) -> str:
    return str(i) if doc_id is None or (not isinstance(doc_id, str) and pd.isna(doc_id)) else str(doc_id)


def read_docs(docs, what: str) -> list[Doc]:
    """The documents to read, in their simplified analysis form
    (:func:`plenum.units.simplified_texts`: a traditional page reads like a simplified one).
    ``doc_id`` and the dates may be missing; odd values are read as empty text or no date."""
    check_docs(docs, what)
    out = []
    for i, (doc_id, text, meeting, published) in enumerate(zip(
            _column(docs, "doc_id"), simplified_texts(docs), _column(docs, "meeting_date"),
            _column(docs, "publish_date"))):
        text = text if isinstance(text, str) else ""
        ref = _timestamp(meeting) or _timestamp(published)
        out.append(Doc(doc_id_of(i, doc_id), text, ref, split_paragraphs(text)))
    return out


@python_strings
def written_clauses(out: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """``out`` with each evidence ``clause`` (found in the simplified form) given as the page
    writes it: the same offsets in the same paragraph of ``text``."""
    if out.empty or not {"clause", "par_no", "doc_id"} <= set(out.columns):
        return out
    pars = {}
    for i, (doc_id, text, simple) in enumerate(zip(_column(docs, "doc_id"), _column(docs, "text"),
                                                   simplified_texts(docs))):
        if isinstance(text, str) and text != simple:
            pars[doc_id_of(i, doc_id)] = (split_paragraphs(simple), split_paragraphs(text))
    if not pars:
        return out

    def written(doc_id, par_no, clause):
        if doc_id not in pars or not isinstance(clause, str):
            return clause
        simple, text = pars[doc_id]
        if not 1 <= par_no <= len(simple) or len(simple[par_no - 1]) != len(text[par_no - 1]):
            return clause
        at = simple[par_no - 1].find(clause)
        return text[par_no - 1][at:at + len(clause)] if at >= 0 else clause

    out = out.copy()
    out["clause"] = pd.array([written(d, p, c) for d, p, c in zip(out["doc_id"], out["par_no"], out["clause"])],
                             dtype=out["clause"].dtype)
    return out


@python_strings
def carry(out: pd.DataFrame, docs: pd.DataFrame, keep, what: str) -> pd.DataFrame:
    """``out`` with its evidence as written (:func:`written_clauses`) and the document
    columns named by ``keep`` after ``doc_id``."""
    out = written_clauses(out, docs)
    keep = kept_columns(docs, keep, what)
    if not keep:
        return out
    if "doc_id" not in docs.columns:
        raise KeyError(f"{what}: keep= needs a doc_id column in the documents table")
    return with_columns(out, docs, keep)


@python_strings
def frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame with exactly ``columns`` (name → dtype), also when empty."""
    data = {}
    for name, dtype in columns.items():
        values = [r.get(name) for r in rows]
        if dtype == "object":
            data[name] = pd.Series(values, dtype="object")
        elif dtype == "float64":
            data[name] = pd.Series([float("nan") if v is None else float(v) for v in values],
                                   dtype="float64")
        elif dtype == "int64":
            data[name] = pd.Series([int(v) for v in values], dtype="int64")
        else:
            data[name] = pd.Series(pd.array([pd.NA if v is None else v for v in values],
                                            dtype=dtype))
    return pd.DataFrame(data)


def arabic(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


# -- review or plan ---------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def time_markers() -> dict[str, re.Pattern]:
    """class → one pattern of all the ``data/time_markers.csv`` rows of that class."""
    table = pattern_table("time_markers")
    return {cls: re.compile("|".join(p for p, c in zip(table["pattern"], table["class"]) if c == cls))
            for cls in ("past", "past_weak", "future")}


def past_flags(clauses: list[Clause]) -> list[bool]:
    """Per clause of one paragraph: does it speak of the past (a review, an achievement)?
    A strong past marker decides; else a future marker; a weak one (同比) is past unless
    the paragraph already looks ahead; a clause with none follows the one before."""
    markers = time_markers()
    strong_re, future_re, weak_re = markers["past"], markers["future"], markers["past_weak"]
    flags, state = [], None
    for c in clauses:  # each marker searched only when the ones before it did not decide
        if strong_re.search(c.text):
            past, state = True, "past"
        elif future_re.search(c.text):
            past, state = False, "future"
        elif weak_re.search(c.text):
            past = state != "future"
        else:
            past = state == "past"
        flags.append(past)
    return flags


_SEGMENT_STOP = re.compile("[，,、]")


def segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, delimiter before) sub-clauses split at ，, and 、 outside quotes."""
    out, start, delim = [], 0, ""
    for i in unprotected(text, _SEGMENT_STOP):
        out.append((start, i, delim))
        start, delim = i + 1, text[i]
    out.append((start, len(text), delim))
    return [(s, e, d) for s, e, d in out if e > s]


def span_index(spans: list[tuple[int, int]], pos: int) -> int | None:
    """Index of the span that holds ``pos`` (or of the next one, when ``pos`` falls on a
    delimiter between two); None after the last."""
    k = bisect.bisect_right([s for s, _ in spans], pos) - 1
    if k >= 0 and pos < spans[k][1]:
        return k
    return k + 1 if k + 1 < len(spans) else None


def clause_at(par: str, pos: int, spans: list[tuple[int, int]] | None = None) -> str:
    """The clause of ``par`` that holds position ``pos``."""
    spans = clause_spans(par, CLAUSE_STOPS) if spans is None else spans
    k = span_index(spans, pos)
    return par[spans[k][0]:spans[k][1]] if k is not None else par


def first_sentence(par: str) -> str:
    spans = clause_spans(par, SENTENCE_STOPS)
    return par[spans[0][0]:spans[0][1]] if spans else par


# -- groups ----------------------------------------------------------------------------

def group_of(docs: pd.DataFrame, by: str) -> dict[str, str]:
    """doc_id → the document's value of ``by`` (the doc_id where it is unknown)."""
    check_docs(docs, "the table")
    if by not in docs.columns and by != "doc_id":
        raise KeyError(f"the documents table has no column {by!r} to group by")
    out = {}
    for i, (doc_id, value) in enumerate(zip(_column(docs, "doc_id"), _column(docs, by))):
        doc_id = doc_id_of(i, doc_id)
        out[doc_id] = doc_id if _missing(value) else str(value)
    return out


def _missing(value) -> bool:
    if isinstance(value, str):
        return not value
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def group_order(docs: pd.DataFrame, by: str) -> list[str]:
    """The groups, by province (where known), then in the order of the documents."""
    groups = group_of(docs, by)
    provinces: dict[str, str] = {}
    for g, prov in zip(groups.values(), _column(docs, "province")):
        provinces.setdefault(g, prov if isinstance(prov, str) else "")
    names = list(dict.fromkeys(groups.values()))
    if by in docs.columns and pd.api.types.is_numeric_dtype(docs[by]):  # years: in order of time
        return sorted(names, key=lambda g: (not g.lstrip("-").isdigit(), int(g) if g.lstrip("-").isdigit() else 0, g))
    return sorted(names, key=lambda g: (provinces.get(g, ""), names.index(g)))


def province_of(docs: pd.DataFrame, by: str) -> dict[str, str]:
    """group → the province of its first document, where known."""
    out = {}
    for g, prov in zip(group_of(docs, by).values(), _column(docs, "province")):
        if isinstance(prov, str) and prov:
            out.setdefault(g, prov)
    return out
