"""Text units of the article body: paragraphs (with their discourse move), sentences
and clauses, one row each, ``doc_id`` joining them to the documents."""

from __future__ import annotations

import bisect
import functools
import re

import pandas as pd

from ._text import protected_spans, to_simplified_aligned
from .lexicon import move_table, pattern_table, word_list
from ._text import python_strings

PARAGRAPH_COLUMNS = ["doc_id", "par_no", "move", "part", "text", "text_simplified"]
#: The parts of a report a paragraph can belong to (see :func:`paragraph_parts`).
PARTS = ("opening", "review", "task", "procedure")
SENTENCE_COLUMNS = ["doc_id", "par_no", "sent_no", "text", "text_simplified"]
CLAUSE_COLUMNS = ["doc_id", "par_no", "clause_no", "start", "end", "text", "text_simplified"]


def check_docs(docs, what: str, columns=("doc_id", "text")) -> None:
    """Raise TypeError / KeyError naming what ``what`` expected when ``docs`` is not a
    documents table with ``columns``."""
    if not isinstance(docs, pd.DataFrame):
        raise TypeError(f"{what} takes the documents table of plenum.read_reports "
                        f"(a DataFrame with {', '.join(columns)}), not {type(docs).__name__}")
    missing = [c for c in columns if c not in docs.columns]
    if missing:
        raise KeyError(f"{what}: the table has no column {missing[0]!r} "
                       f"(expected plenum.read_reports output with {', '.join(columns)})")


def kept_columns(docs: pd.DataFrame, keep, what: str) -> list[str]:
    """The document columns named by ``keep`` (a name or a sequence), checked."""
    keep = [keep] if isinstance(keep, str) else list(keep)
    missing = [c for c in keep if c not in docs.columns]
    if missing:
        raise KeyError(f"{what}: keep={missing[0]!r} is not a column of the documents table")
    return [c for c in dict.fromkeys(keep) if c not in ("doc_id", "text", "text_simplified")]


def simplified_texts(frame: pd.DataFrame) -> list:
    """The analysis form of each row's ``text``: its ``text_simplified`` when the table has
    one of the same length, else the text converted (:func:`plenum._text.to_simplified_aligned`);
    missing texts stay missing. Every measure reads this form, so a traditional-script page
    counts exactly like a simplified one."""
    # plain lists: iterating a pandas string column yields element by element, slowly
    given = frame["text_simplified"].tolist() if "text_simplified" in frame.columns else [None] * len(frame)
    out = []
    for text, simple in zip(frame["text"].tolist(), given):
        if not isinstance(text, str):
            out.append(None)
        elif isinstance(simple, str) and len(simple) == len(text):
            out.append(simple)
        else:
            out.append(analysis_form(text))
    return out


@functools.lru_cache(maxsize=1)
def _lookalikes() -> frozenset[str]:
    return frozenset(word_list("simplified_lookalikes"))


def analysis_form(text: str) -> str:
    """A text in simplified characters, character for character: converted when it has
    traditional characters, left as it is when the only characters conversion would change
    are ones simplified Chinese writes too (显著 stays 显著; ``data/simplified_lookalikes.csv``)."""
    converted = to_simplified_aligned(text)
    if converted == text or all(a in _lookalikes() for a, b in zip(text, converted) if a != b):
        return text
    return converted


def _doc_paragraphs(docs: pd.DataFrame):
    """(doc_id, [(paragraph as written, the same simplified), …]) for each document with text;
    the two forms have the same length, so offsets carry over."""
    for doc_id, text, simple in zip(docs["doc_id"], docs["text"], simplified_texts(docs)):
        if isinstance(text, str):
            yield doc_id, document_paragraphs(text, simple)


def document_paragraphs(text: str, simple: str) -> list[tuple[str, str]]:
    """The paragraphs of one text as ``(as written, simplified)`` pairs of the same length,
    given the text and its simplified form (:func:`simplified_texts`)."""
    pars = []
    for line, line_simple in zip(text.split("\n"), simple.split("\n")):
        left = len(line) - len(line.lstrip())
        par = line.strip()
        if par:
            pars.append((par, line_simple[left:left + len(par)]))
    return pars


@python_strings
def with_columns(out: pd.DataFrame, docs: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    """``out`` with the ``keep`` columns of its documents inserted after ``doc_id``."""
    for k, col in enumerate(keep):
        values = dict(zip(docs["doc_id"].astype("string"), docs[col]))
        out.insert(1 + k, col, out["doc_id"].map(values))
    return out


_SUBJECT = re.compile(
    r"^(?:全会|会议|全委会|大会|全体会议|全委（扩大）会议?|全委扩大会议?|[^，。；：！？]{0,24}?书记[^，。；：！？]{2,4}?)"
)


@functools.lru_cache(maxsize=1)
def _move_pattern() -> tuple[re.Pattern, dict]:
    table = move_table()
    verbs = sorted(table["verb"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, verbs))), dict(zip(table["verb"], table["move"]))


def paragraph_move(text: str) -> str | None:
    """The normalised discourse verb that opens a paragraph ('全会充分肯定了…' → '肯定'),
    or None when the paragraph does not open with the meeting (or a secretary) speaking."""
    subject = _SUBJECT.match(text)
    if not subject:
        return None
    clause = re.split(r"[，。；：！？]", text[subject.end():], maxsplit=1)[0][:40]
    pattern, moves = _move_pattern()
    m = pattern.search(clause)
    return moves[m.group(0)] if m else None


@functools.lru_cache(maxsize=1)
def _part_rules() -> tuple[dict, re.Pattern, re.Pattern]:
    table = pattern_table("part_markers")
    joined = {cls: re.compile("|".join(f"(?:{p})" for p in table.loc[table["class"] == cls, "pattern"]))
              for cls in ("review", "procedure")}
    parts = dict(zip(move_table()["move"], move_table()["part"]))
    return parts, joined["review"], joined["procedure"]


def paragraph_parts(moves, texts) -> list[str]:
    """The part of the report each paragraph of one document belongs to.

    ``review`` (the past year or term: 全会认为…, 全会充分肯定…, 全会指出，一年来…), ``task``
    (what is to be done: 强调, 要求, 提出, 号召 …), ``procedure`` (date, chair, attendance,
    the reports heard and documents adopted) or ``opening`` (before the first reporting verb:
    the lead and the meeting's guiding formulas). A verb's part comes from ``data/moves.csv``;
    verbs marked ``either`` (指出 …) and paragraphs opened by no verb are decided by the
    markers of ``data/part_markers.csv``; a paragraph opened by no verb and matching none
    continues the part before it.

    Parameters
    ----------
    moves : sequence
        Each paragraph's ``move`` (None where it has none), in document order.
    texts : sequence of str
        The paragraphs' simplified text, in the same order.

    Returns
    -------
    list of str
        One of :data:`PARTS` per paragraph.
    """
    part_of, review, procedure = _part_rules()
    out, current = [], "opening"
    for move, text in zip(moves, texts):
        text = text if isinstance(text, str) else ""
        subject = _SUBJECT.match(text)
        after = text[subject.end():] if subject else text
        after = re.sub(r"^[^，。；：]{0,12}?(?:指出|表示|分析|认为|强调)[，：]?", "", after, count=1)
        part = part_of.get(move) if isinstance(move, str) else None
        if part == "either":
            part = "review" if review.search(after) else "task"
        elif part is None:
            if procedure.search(text):
                part = "procedure"
            elif review.search(after):
                part = "review"
            else:
                part = current if current != "procedure" or not out else "task"
        out.append(part)
        if part != "procedure":
            current = part
    return out


@python_strings
def paragraphs(docs: pd.DataFrame, *, keep=()) -> pd.DataFrame:
    """One row per paragraph of each document's ``text``.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``doc_id`` and ``text`` are required).
    keep : str or sequence of str, keyword-only
        Document columns to carry onto each paragraph (``keep=("place",)`` lets
        :func:`plenum.move_counts` group ``by="place"``).

    Returns
    -------
    DataFrame
        ``doc_id``, the ``keep`` columns, ``par_no`` (1-based within the document),
        ``move`` (the opening discourse verb, normalised: 指出, 强调, 认为, 号召, 提出,
        肯定 …; missing when none), ``part`` (opening, review, task or procedure: see
        :func:`paragraph_parts`), ``text`` (as the page writes it) and
        ``text_simplified`` (the same in simplified characters, character for character:
        the form the measures read).
    """
    check_docs(docs, "paragraphs")
    keep = kept_columns(docs, keep, "paragraphs")
    rows = []
    for doc_id, pars in _doc_paragraphs(docs):
        moves = [paragraph_move(simple) for _par, simple in pars]
        parts = paragraph_parts(moves, [simple for _par, simple in pars])
        for par_no, ((par, simple), move, part) in enumerate(zip(pars, moves, parts), start=1):
            rows.append((doc_id, par_no, move, part, par, simple))
    out = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    out["doc_id"] = out["doc_id"].astype("string")
    out["par_no"] = out["par_no"].astype("int64")
    out[["move", "part"]] = out[["move", "part"]].astype("string")
    out[["text", "text_simplified"]] = out[["text", "text_simplified"]].astype("string")
    return with_columns(out, docs, keep)


_TERMINAL = set("。！？!?")
_CLOSERS = set("”’」』）)】》〉\"")
_STOP_RE = re.compile(r"[。！？!?；;]")

#: Where a clause ends: the sentence stops and ；：.
CLAUSE_STOPS = frozenset("。！？!?；;：:")
#: Where a sentence ends.
SENTENCE_STOPS = frozenset("。！？!?")


@functools.lru_cache(maxsize=16)
def _stop_pattern(stops: frozenset) -> re.Pattern:
    return re.compile("[" + re.escape("".join(sorted(stops))) + "]")


def unprotected(text: str, pattern: re.Pattern) -> list[int]:
    """Where ``pattern`` matches in ``text`` outside quotes, brackets and titles
    (:func:`plenum._text.protected_spans`), found without a per-character mask."""
    starts, ends = protected_spans(text)
    if not starts:
        return [m.start() for m in pattern.finditer(text)]
    out = []
    for m in pattern.finditer(text):
        i = m.start()
        k = bisect.bisect_right(starts, i) - 1
        if k < 0 or i >= ends[k]:
            out.append(i)
    return out


def clause_spans(par: str, stops=CLAUSE_STOPS, inside: list[bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) spans of ``par`` between stop characters that are not inside quotes,
    brackets or titles (:func:`plenum._text.protected_mask`), white space trimmed, empty
    spans left out."""
    stop_re = _stop_pattern(frozenset(stops))
    if inside is None:
        where = unprotected(par, stop_re)
    else:
        where = [m.start() for m in stop_re.finditer(par) if not inside[m.start()]]
    return _trimmed_spans(par, where)


def _trimmed_spans(par: str, cuts: list[int]) -> list[tuple[int, int]]:
    """The pieces of ``par`` between the stop characters at ``cuts``, white space trimmed,
    empty pieces left out."""
    spans, start = [], 0
    for i in cuts:
        spans.append((start, i))
        start = i + 1
    spans.append((start, len(par)))
    out = []
    for s, e in spans:
        while s < e and par[s].isspace():
            s += 1
        while e > s and par[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def split_sentences(text: str, *, min_clause: int = 15) -> list[str]:
    """Split a paragraph into sentences.

    Breaks after 。！？ (and after a closing quote or bracket that directly follows one),
    and at ； when the clauses on both sides have at least ``min_clause`` characters.
    Never breaks inside “quotes”, 《titles》 or brackets.

    Parameters
    ----------
    text : str
        One paragraph.
    min_clause : int, keyword-only
        The shortest clause on either side of a ； that may end a sentence.

    Returns
    -------
    list of str
        The sentences, white space stripped, empty pieces left out.
    """
    starts, ends = protected_spans(text)

    def inside(i: int) -> bool:
        k = bisect.bisect_right(starts, i) - 1
        return k >= 0 and i < ends[k]

    n = len(text)
    cuts = []
    for m in _STOP_RE.finditer(text):
        i, ch = m.start(), m.group(0)
        if inside(i):
            # '…。”' ends a sentence when the quote closes right after the stop.
            if ch in _TERMINAL and i + 1 < n and text[i + 1] in _CLOSERS and not inside(i + 1):
                j = i + 1
                while j < n and text[j] in _CLOSERS:
                    j += 1
                cuts.append(j)
            continue
        if ch in _TERMINAL:
            j = i + 1
            while j < n and (text[j] in _TERMINAL or text[j] in _CLOSERS):
                j += 1
            cuts.append(j)
        else:
            cuts.append(-(i + 1))  # tentative: kept only between long clauses
    firm = sorted({c for c in cuts if c > 0})
    tentative = sorted({-c for c in cuts if c < 0} - set(firm))
    bounds = sorted(set(firm) | set(tentative) | {0, len(text)})
    keep = set(firm)
    for k, cut in enumerate(bounds[1:-1], start=1):
        if cut in tentative and cut - bounds[k - 1] >= min_clause \
                and bounds[k + 1] - cut >= min_clause:
            keep.add(cut)
    pieces, start = [], 0
    for cut in sorted(keep):
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def sentence_spans(pars: list[tuple[str, str]], *, min_clause: int = 15) -> list[tuple[int, int, int]]:
    """Where each sentence of one document lies: ``(par_no, start, end)`` in its paragraph
    (1-based ``par_no``), for the paragraphs ``(as written, simplified)`` of
    :func:`document_paragraphs`, in reading order (see :func:`split_sentences`)."""
    out = []
    for par_no, (par, _simple) in enumerate(pars, start=1):
        at = 0
        for sentence in split_sentences(par, min_clause=min_clause):
            at = par.find(sentence, at)
            out.append((par_no, at, at + len(sentence)))
            at += len(sentence)
    return out


@python_strings
def sentences(docs: pd.DataFrame, *, min_clause: int = 15, keep=()) -> pd.DataFrame:
    """One row per sentence of each document's ``text`` (see :func:`split_sentences`).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``doc_id`` and ``text`` are required).
    min_clause : int, keyword-only
        As in :func:`split_sentences`.
    keep : str or sequence of str, keyword-only
        Document columns to carry onto each sentence (for ``by=`` in :func:`plenum.kwic`).

    Returns
    -------
    DataFrame
        ``doc_id``, the ``keep`` columns, ``par_no`` (as in :func:`paragraphs`),
        ``sent_no`` (1-based, counted through the whole document), ``text`` and
        ``text_simplified`` (as in :func:`paragraphs`).
    """
    check_docs(docs, "sentences")
    keep = kept_columns(docs, keep, "sentences")
    rows = []
    for doc_id, pars in _doc_paragraphs(docs):
        for par_no, at, end in sentence_spans(pars, min_clause=min_clause):
            par, simple = pars[par_no - 1]
            rows.append((doc_id, par_no, len(rows), par[at:end], simple[at:end]))
    out = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    out["sent_no"] = out.groupby("doc_id", sort=False).cumcount() + 1 if len(out) else out["sent_no"]
    out["doc_id"] = out["doc_id"].astype("string")
    out[["par_no", "sent_no"]] = out[["par_no", "sent_no"]].astype("int64")
    out[["text", "text_simplified"]] = out[["text", "text_simplified"]].astype("string")
    return with_columns(out, docs, keep)


@python_strings
def clauses(docs: pd.DataFrame, *, keep=()) -> pd.DataFrame:
    """One row per clause: the text between two of 。！？；： outside quotes and titles.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``doc_id`` and ``text`` are required).
    keep : str or sequence of str, keyword-only
        Document columns to carry onto each clause.

    Returns
    -------
    DataFrame
        ``doc_id``, the ``keep`` columns, ``par_no``, ``clause_no`` (1-based within the
        document), ``start``, ``end`` (offsets in the paragraph: ``paragraph[start:end]``
        is ``text``), ``text`` and ``text_simplified`` (as in :func:`paragraphs`). The
        extractors of :mod:`plenum.extract` report these clauses as their evidence.
    """
    check_docs(docs, "clauses")
    keep = kept_columns(docs, keep, "clauses")
    rows = []
    for doc_id, pars in _doc_paragraphs(docs):
        clause_no = 0
        for par_no, (par, simple) in enumerate(pars, start=1):
            for start, end in clause_spans(par):
                clause_no += 1
                rows.append((doc_id, par_no, clause_no, start, end, par[start:end], simple[start:end]))
    out = pd.DataFrame(rows, columns=CLAUSE_COLUMNS)
    out = out.astype({"doc_id": "string", "par_no": "int64", "clause_no": "int64", "start": "int64",
                      "end": "int64", "text": "string", "text_simplified": "string"})
    return with_columns(out, docs, keep)
