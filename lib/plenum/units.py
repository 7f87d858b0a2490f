"""Text units of the article body: paragraphs (with their discourse move) and sentences."""

from __future__ import annotations

import bisect
import csv
import functools
import re
from importlib import resources

import pandas as pd

PARAGRAPH_COLUMNS = ["doc_id", "par_no", "move", "text"]
SENTENCE_COLUMNS = ["doc_id", "par_no", "sent_no", "text"]


@functools.lru_cache(maxsize=1)
def move_table() -> pd.DataFrame:
    """The verbs of ``data/moves.csv``: columns ``verb, move, english``."""
    raw = resources.files("plenum").joinpath("data/moves.csv").read_text("utf-8")
    rows = list(csv.DictReader(ln for ln in raw.splitlines() if not ln.startswith("#")))
    return pd.DataFrame(rows, columns=["verb", "move", "english"])


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


def paragraphs(docs: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph of each document's ``text``.

    Columns: ``doc_id``, ``par_no`` (1-based within the document), ``move`` (the opening
    discourse verb, normalised: 指出, 强调, 认为, 号召, 提出, 肯定 …; missing when none),
    ``text``.
    """
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        if not isinstance(text, str):
            continue
        pars = [p.strip() for p in text.split("\n") if p.strip()]
        for par_no, par in enumerate(pars, start=1):
            rows.append((doc_id, par_no, paragraph_move(par), par))
    out = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    out["doc_id"] = out["doc_id"].astype("string")
    out["par_no"] = out["par_no"].astype("int64")
    out["move"] = out["move"].astype("string")
    out["text"] = out["text"].astype("string")
    return out


_OPEN = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】",
         "〈": "〉", '"': '"'}
_TERMINAL = set("。！？!?")
_CLOSERS = set("”’」』）)】》〉\"")
_MAX_PROTECTED = 300  # a 'quote' longer than this is an unbalanced mark, not a quote


_BRACKET_RE = re.compile("[" + re.escape("".join(set(_OPEN) | set(_OPEN.values()))) + "]")
_STOP_RE = re.compile(r"[。！？!?；;]")


def _protected_spans(text: str) -> tuple[list[int], list[int]]:
    """Disjoint [start, end) spans strictly inside balanced quotes, brackets and 《titles》
    (not to be split), as parallel lists of starts and ends."""
    spans = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_RE.finditer(text):
        ch, i = m.group(0), m.start()
        if stack and ch == _OPEN[stack[-1][0]]:
            _, start = stack.pop()
            if i - start <= _MAX_PROTECTED and i > start + 1:
                spans.append((start + 1, i))
        elif ch in _OPEN:
            stack.append((ch, i))
    starts, ends = [], []
    for start, end in sorted(spans):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def protected_mask(text: str) -> list[bool]:
    """Per character: inside a balanced quote, bracket or 《title》 of at most 300
    characters — text that no sentence or clause split may cut."""
    inside = [False] * len(text)
    for start, end in zip(*_protected_spans(text)):
        inside[start:end] = [True] * (end - start)
    return inside


def split_sentences(text: str, min_clause: int = 15) -> list[str]:
    """Split a paragraph into sentences.

    Breaks after 。！？ (and after a closing quote or bracket that directly follows one),
    and at ； when the clauses on both sides have at least ``min_clause`` characters.
    Never breaks inside “quotes”, 《titles》 or brackets.
    """
    starts, ends = _protected_spans(text)

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


def sentences(docs: pd.DataFrame, min_clause: int = 15) -> pd.DataFrame:
    """One row per sentence of each document's ``text`` (see :func:`split_sentences`).

    Columns: ``doc_id``, ``par_no`` (as in :func:`paragraphs`), ``sent_no`` (1-based,
    counted through the whole document), ``text``.
    """
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        if not isinstance(text, str):
            continue
        sent_no = 0
        pars = [p.strip() for p in text.split("\n") if p.strip()]
        for par_no, par in enumerate(pars, start=1):
            for sentence in split_sentences(par, min_clause=min_clause):
                sent_no += 1
                rows.append((doc_id, par_no, sent_no, sentence))
    out = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    out["doc_id"] = out["doc_id"].astype("string")
    out[["par_no", "sent_no"]] = out[["par_no", "sent_no"]].astype("int64")
    out["text"] = out["text"].astype("string")
    return out
