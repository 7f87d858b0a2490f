"""Numbered formulations (两个维护, 八八战略, 十个“桥头堡”) per document, and the echo
rate of the glossary's central and provincial formulations per group. Candidates come
from :mod:`plenum.vocabulary`, which the tokenizer shares."""

from __future__ import annotations

import bisect
import functools
import re

import pandas as pd

from .._text import QUOTE_CHARS, WIDE_TO_ASCII
from ..numerals import CN_COUNT_CHARS, CN_NUMERAL_CHARS, parse_int
from ..vocabulary import document_formulations, formulation_glossary, is_formulation_category, is_numbered_term
from ..units import clause_spans
from ._clauses import CLAUSE_STOPS, carry, OPTIONAL_QUOTE, Doc, clause_at, frame, group_of, group_order, read_docs
from .._text import python_strings

FORMULATION_COLUMNS = {"doc_id": "string", "formulation": "string", "number": "Int64",
                       "count": "int64", "english": "string", "level": "string", "coined_by": "string",
                       "found_by": "string", "par_no": "Int64", "clause": "string"}
ECHO_COLUMNS = {"group": "string", "coined_by": "string", "n_distinct": "int64",
                "n_mentions": "int64", "words": "int64", "per_10k": "float64"}

_NUMQ = CN_COUNT_CHARS


def _term_regex(terms: list[str]) -> re.Pattern | None:
    """Longest-first alternation of terms, quote marks allowed between their characters."""
    terms = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    if not terms:
        return None
    parts = []
    for t in terms:
        body = OPTIONAL_QUOTE.join(re.escape(ch) for ch in t)
        if t[0].isdigit():
            body = r"(?<!\d)" + body
        elif t[0] in _NUMQ:
            body = rf"(?<![第{CN_NUMERAL_CHARS}])" + body
        if t[-1].isdigit():
            body += r"(?!\d)"
        parts.append(f"(?:{body})")
    return re.compile("|".join(parts))


@functools.lru_cache(maxsize=65536)
def _one_term_regex(term: str) -> re.Pattern:
    return _term_regex([term])


def _term_finder(terms) -> tuple[object | None, list[str]]:
    """An Aho–Corasick automaton of the terms (None when there are none), and the terms in
    its order."""
    vocab = sorted({t for t in terms if t})
    if not vocab:
        return None, vocab
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(vocab), vocab


# the characters strip_quotes keeps (OPTIONAL_QUOTE allows the same quote marks)
_NOT_QUOTE_OR_SPACE = re.compile(f"[^{QUOTE_CHARS}\\s]+")


def _count_terms(doc: Doc, finder, vocab: list[str]) -> dict[str, list]:
    """term → [(par_no, start, end), …] occurrences in a document: what one longest-first
    alternation of ``vocab`` (:func:`_term_regex`) finds, without compiling it.

    An automaton over each paragraph without quote marks and white space gives every place
    a term may start; there, the terms starting at that place are tried longest first, each
    with its own cached pattern, and a match moves the scan past its end, as the
    alternation's scan does. (A term's pattern allows at most one quote mark between its
    characters, so it can only match where the stripped paragraph holds the term.)"""
    hits: dict[str, list] = {}
    for par_no, par in enumerate(doc.pars, start=1):
        runs = [(m.start(), m.end()) for m in _NOT_QUOTE_OR_SPACE.finditer(par)]
        if len(runs) == 1 and runs[0] == (0, len(par)):
            stripped, shift = par, None
        else:  # where each run starts in the stripped text, and how far it moved
            stripped = "".join(par[a:e] for a, e in runs)
            firsts, shift, at = [], [], 0
            for a, e in runs:
                firsts.append(at)
                shift.append(a - at)
                at += e - a
        starts: dict[int, list[str]] = {}
        for i, start, _end in finder.find_matches_as_indexes(stripped, overlapping=True):
            if shift is not None:
                start += shift[bisect.bisect_right(firsts, start) - 1]
            starts.setdefault(start, []).append(vocab[i])
        pos = 0
        for at in sorted(starts):
            if at < pos:
                continue
            for term in sorted(starts[at], key=lambda t: (-len(t), t)):
                m = _one_term_regex(term).match(par, at)
                if m:
                    hits.setdefault(term, []).append((par_no, m.start(), m.end()))
                    pos = m.end()
                    break
    return hits



@python_strings
def formulations(docs: pd.DataFrame, *, terms: pd.DataFrame | None = None, keep=(), cache: bool = True) -> pd.DataFrame:
    """Numbered formulations, one row per (document, formulation).

    Found by pattern — a number word (一 … 十, 两, 百, 千, 万, Arabic digits; 双 inside
    quotes) with a short generalisation, quoted (“两个维护”, “六稳”, “532”发展战略,
    十个“桥头堡”, 三个“一号工程”, “十个一”, “发展四问”) or unquoted in two narrow shapes
    (四个意识, 五大行动: number 两–十 + 个 / 大 + two to four characters before a
    boundary, unless a counting noun such as 方面, 项目, 月 follows; 八八战略 / 532发展战略)
    — and from the glossary: every term of category *formulation* (numbered or not:
    强富美高, 重要窗口) that the text contains. Every formulation found anywhere in
    ``docs`` is then counted in every document, quoted or not, the longest match winning
    (三个“一号工程” is not also an 一号工程).

    Not formulations: ordinal lists (一是, 一要, 第一), durations (一年来, 20年来), session
    names (八届二次, 二十大, 十九届五中全会), dates, plan periods (十四五 — a horizon),
    quantities with a unit (“30强”, 三件大事, 6件大事, 八个方面工作: counted task lists,
    not names, unless quoted as one: “七个方面工作”), 一批, 一系列, 一步, 一体, 一个 ….

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required).
    terms : DataFrame, optional, keyword-only
        Replaces the packaged glossary (same columns as :func:`plenum.glossary`); the
        glossary may be missing or incomplete.
    keep : str or sequence of str, keyword-only
        Document columns to carry onto every row, after ``doc_id`` (``keep=("place",)``).
    cache : bool, keyword-only
        Reuse each document's pattern candidates from the per-user cache, where
        :func:`plenum.tokenize` keeps them (:func:`plenum.vocabulary.document_formulations`),
        and keep those of new documents there.

    Returns
    -------
    DataFrame
        ``doc_id``, the ``keep`` columns, ``formulation`` (normalised, quotes removed),
        ``number`` (the leading number: 两个维护 → 2, 八八战略 → 8, 十个一 → 10, 532 → 532,
        missing for an unnumbered glossary term), ``count`` (occurrences in the document),
        ``english``, ``level`` (whom the term is addressed to: central / provincial / local)
        and ``coined_by`` (who coined it: central / provincial / prefecture / county), both from
        the glossary where it has the term, else missing; ``found_by`` (pattern / glossary / both), ``par_no`` and
        ``clause`` of the first occurrence.
    """
    items = read_docs(docs, "formulations")
    gloss = formulation_glossary(terms)
    gloss_f = gloss[[is_formulation_category(c) or is_numbered_term(k) for c, k in zip(gloss["category"], gloss["key"])]] \
        if len(gloss) else gloss
    found: set[str] = set()
    for pattern, _glossary in document_formulations([doc.text for doc in items], cache=cache).values():
        found.update(pattern)
    gloss_keys = list(gloss_f["key"]) if len(gloss_f) else []
    vocab = set(found) | set(gloss_keys)
    info = {}
    if len(gloss):
        for row in gloss.itertuples(index=False):
            info.setdefault(row.key, (row.english or None, row.level or None, row.coined_by or None))
    rows = []
    finder, ordered_vocab = _term_finder(vocab)
    for doc in items:
        hits = _count_terms(doc, finder, ordered_vocab) if finder is not None else {}
        ordered = sorted(hits.items(), key=lambda kv: (kv[1][0][0], kv[1][0][1]))
        spans: dict[int, list] = {}  # each paragraph split into clauses once
        for form, places in ordered:
            par_no, start, _ = places[0]
            if par_no not in spans:
                spans[par_no] = clause_spans(doc.pars[par_no - 1], CLAUSE_STOPS)
            english, level, coined_by = info.get(form, (None, None, None))
            by = "both" if form in found and form in info else \
                ("pattern" if form in found else "glossary")
            rows.append(dict(doc_id=doc.doc_id, formulation=form, number=_formulation_number(form),
                             count=len(places), english=english, level=level, coined_by=coined_by, found_by=by,
                             par_no=par_no, clause=clause_at(doc.pars[par_no - 1], start, spans[par_no])))
    return carry(frame(rows, FORMULATION_COLUMNS), docs, keep, "formulations")


@functools.lru_cache(maxsize=65536)
def _formulation_number(form: str) -> int | None:
    """The number a formulation names (leading, or after a short topic: 发展四问 → 4);
    None for an unnumbered one (强富美高, 长三角中轴枢纽)."""
    if not form:
        return None
    if form[0].isdigit() or form[0] in _NUMQ or form[0] == "双":
        return _lead_number(form)
    m = re.fullmatch(rf"[\u4e00-\u9fff]{{1,3}}?([{_NUMQ}])[\u4e00-\u9fff]{{1,2}}", form)
    if m and form[m.start(1) - 1] not in "第" + _NUMQ:
        return _lead_number(m.group(1))
    return None


@python_strings
def echo(docs: pd.DataFrame, *, by: str = "place", terms: pd.DataFrame | None = None,
         tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """The echo rate: per group, how many of the formulations (category *formulation*) that
    the glossary says the centre or a province coined (``coined_by``) the reports repeat, and
    how often. 重要窗口, coined by Xi Jinping for Zhejiang, echoes the centre.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required).
    by : str, keyword-only
        The document column to group by (place, province, doc_id …); a document whose
        value is missing is its own group, named by its doc_id.
    terms : DataFrame, optional, keyword-only
        A glossary of the shape of :func:`plenum.glossary` instead of the packaged one.
    tokens : DataFrame, optional, keyword-only
        A precomputed :func:`plenum.tokenize` frame of the same ``docs`` (saves
        re-tokenising).

    Returns
    -------
    DataFrame
        ``group`` (grouped by province, then in document order), ``coined_by`` (central /
        provincial; both rows for every group, zeros included), ``n_distinct``
        (formulations named at least once), ``n_mentions`` (all occurrences, longest
        match first), ``words`` (the group's content words, the denominator of every rate
        in plenum: :func:`plenum.measures.countable`), ``per_10k`` (mentions per 10,000
        content words; missing where there are none). A high central echo with few
        local formulations reads as compliance; local formulations (see
        :func:`formulations`) mark agenda-setting.
    """
    items = read_docs(docs, "echo")
    groups = group_of(docs, by)
    gloss = formulation_glossary(terms)
    if len(gloss):
        gloss = gloss[[is_formulation_category(c) and lv in ("central", "provincial")
                       for c, lv in zip(gloss["category"], gloss["coined_by"])]]
    level_of = dict(zip(gloss["key"], gloss["coined_by"])) if len(gloss) else {}
    finder, vocab = _term_finder(level_of)
    words = _content_words(docs, items, tokens)
    stats: dict[str, dict] = {}
    for doc in items:
        entry = stats.setdefault(groups[doc.doc_id], {"words": 0, "central": {}, "provincial": {}})
        entry["words"] += int(words.get(doc.doc_id, 0))
        for term, places in (_count_terms(doc, finder, vocab) if finder is not None else {}).items():
            level = level_of[term]
            entry[level][term] = entry[level].get(term, 0) + len(places)
    rows = []
    for group in group_order(docs, by):
        entry = stats[group]
        for level in ("central", "provincial"):
            n = sum(entry[level].values())
            rows.append(dict(group=group, coined_by=level, n_distinct=len(entry[level]), n_mentions=n,
                             words=entry["words"],
                             per_10k=n / entry["words"] * 10_000 if entry["words"] else None))
    return frame(rows, ECHO_COLUMNS)


def _content_words(docs: pd.DataFrame, items: list[Doc], tokens: pd.DataFrame | None) -> dict[str, int]:
    """doc_id → content words (countable tokens), the denominator every rate shares."""
    from ..measures import countable
    from ..tokens import tokenize

    if tokens is None:
        if not items:
            return {}
        whole = {"doc_id", "text", "place"} <= set(docs.columns) and docs["doc_id"].notna().all()
        # a table that is not a read_reports frame: the documents as read_docs understood them
        tokens = tokenize(docs if whole else pd.DataFrame({"doc_id": [d.doc_id for d in items],
                                                           "text": [d.text for d in items],
                                                           "place": pd.NA}), cache=whole)
    ids = tokens["doc_id"].astype("string")[countable(tokens)]
    return ids.value_counts().to_dict()


@functools.lru_cache(maxsize=65536)
def _lead_number(token: str) -> int | None:
    """The number a formulation's leading numeral names: 两 → 2, 十二 → 12, 八八 → 8
    (a doubled digit is a list, not 88), 532 → 532, 百千万 → 100."""
    token = token.translate(WIDE_TO_ASCII)
    m = re.match(r"\d+", token)
    if m:
        return int(m.group(0))
    m = re.match(f"[{CN_NUMERAL_CHARS}]+", token)
    if not m:
        return 2 if token.startswith("双") else None
    run = m.group(0)
    if re.fullmatch(r"[一二两三四五六七八九]?十[一二三四五六七八九]?", run) or \
            re.fullmatch(r"[一二两三四五六七八九]?百(?:零?[一二三四五六七八九]十?[一二三四五六七八九]?)?", run):
        return parse_int(run)
    return parse_int(run[0])

