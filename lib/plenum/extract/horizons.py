"""Time horizons: every year, plan period, span and relative year a report names
(明年, 2035年, 十四五, 未来五年, 本世纪中叶, 三季度), resolved against the meeting date."""

from __future__ import annotations

import re

import pandas as pd

from .._text import ascii_numbers
from ..numerals import CN_NUMERAL_CHARS, CN_YEAR_DIGITS, parse_int
from ._clauses import carry, frame, paragraph_clauses, read_docs
from .._text import python_strings

HORIZON_COLUMNS = {"doc_id": "string", "par_no": "Int64", "horizon": "string",
                   "kind": "string", "year": "Int64", "start_year": "Int64",
                   "relation": "string", "clause": "string"}

_CN_DIGIT = CN_YEAR_DIGITS
_HORIZON_RE = re.compile(
    r"(?P<plan>(?<![一二三四五六七八九十])十[一二三四五六七八九]五)"
    r"|第(?P<plan_n>十[一二三四五六七八九]|二十[一二三四五六七八九]?)个五年规划"
    rf"|(?P<year>(?<![\d.])(?:19|20|21)\d\d|二[{_CN_DIGIT}]{{3}})年(?![\d月度级以来])"
    r"|(?P<span>(?:未来|今后|此后)(?:[一二两三四五六七八九十]|\d{1,2})年)"
    r"|(?P<mid>(?:本|21|二十一)世纪中叶)"
    r"|(?P<rel>明年|后年|今年(?![以来]|\d|[一二三四五六七八九十]{1,2}月)|全年|年内|本年度)"
    r"|(?P<quarter>(?<!前)(?:第)?[一二三四]季度|[上下]半年)"
)


def _resolve(m: re.Match, ref: pd.Timestamp | None) -> dict | None:
    ref_year = ref.year if ref is not None else None
    text = m.group(0)
    if m.group("plan") or m.group("plan_n"):
        n = 10 + "一二三四五六七八九".index(m.group("plan")[1]) + 1 if m.group("plan") \
            else parse_int(m.group("plan_n"))
        if not n:
            return None
        start = 1966 + 5 * (n - 3)
        name = m.group("plan") or f"十{'一二三四五六七八九'[n - 11]}五" if n < 20 else text
        return dict(horizon=name, kind="plan", year=start + 4, start_year=start)
    if m.group("year"):
        year = parse_int(m.group("year"))
        if year is None or not 1949 <= year <= 2100:
            return None
        return dict(horizon=f"{year}年", kind="year", year=year, start_year=None)
    if m.group("span"):
        n = parse_int(re.search(rf"[{CN_NUMERAL_CHARS}]+|\d+", text[2:]).group(0))
        if not n:
            return None
        return dict(horizon=text, kind="span", year=ref_year + n if ref_year else None,
                    start_year=ref_year + 1 if ref_year else None)
    if m.group("mid"):
        return dict(horizon="本世纪中叶", kind="year", year=2050, start_year=None)
    if m.group("rel"):
        shift = {"明年": 1, "后年": 2}.get(text, 0)
        return dict(horizon=text, kind="relative", year=ref_year + shift if ref_year else None,
                    start_year=None)
    if m.group("quarter"):
        return dict(horizon=text.lstrip("第"), kind="within year", year=ref_year,
                    start_year=None)
    return None


def _relation(h: dict, ref: pd.Timestamp | None) -> str | None:
    if ref is None or h.get("year") is None:
        return None
    if h["kind"] == "within year":
        label = h["horizon"]
        months = {"一季度": (1, 3), "二季度": (4, 6), "三季度": (7, 9), "四季度": (10, 12),
                  "上半年": (1, 6), "下半年": (7, 12)}.get(label)
        if not months:
            return None
        if ref.month > months[1]:
            return "past"
        return "current" if ref.month >= months[0] else "future"
    start = h.get("start_year") or h["year"]
    if h["year"] < ref.year:
        return "past"
    if start > ref.year:
        return "future"
    return "current"


def _may_name_a_horizon(text: str) -> bool:
    """False only for a text no horizon pattern can match: each one holds 年 (years, spans,
    明年, 年内, 半年, 五年规划), 五 (十四五), 世纪 or 季度."""
    return "年" in text or "五" in text or "世纪" in text or "季度" in text


def horizons_in(text: str, ref: pd.Timestamp | None) -> list[tuple[int, int, dict]]:
    if not _may_name_a_horizon(text):
        return []
    out = []
    for m in _HORIZON_RE.finditer(ascii_numbers(text)):
        h = _resolve(m, ref)
        if h is None:
            continue
        h["relation"] = _relation(h, ref)
        out.append((m.start(), m.end(), h))
    return out


@python_strings
def horizons(docs: pd.DataFrame, *, keep=()) -> pd.DataFrame:
    """Every time horizon a report names, one row per mention.

    The reference date is the meeting date where known, else the publication date.
    Not horizons: dates (2022年12月, 2022年度), durations and reviews (一年来, 今年以来,
    过去五年), cumulative quarters (前三季度).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required; ``meeting_date`` or
        ``publish_date`` resolve relative horizons).
    keep : str or sequence of str, keyword-only
        Document columns to carry onto every row, after ``doc_id`` (``keep=("place",)``).

    Returns
    -------
    DataFrame
        ``doc_id``, the ``keep`` columns, ``par_no, horizon`` (normalised: 明年, 今年, 全年,
        2035年 (Chinese years in Arabic digits), 十四五, 未来五年, 本世纪中叶, 三季度 …),
        ``kind`` (relative / year / plan / span / within year), ``year`` (the end year: 明年 →
        reference year + 1, a five-year plan period → its last year, 十四五 → 2025; missing
        when a relative horizon has no date to resolve against), ``start_year`` (first year of
        a plan period or span, missing for a single year), ``relation`` to the reference date
        (past / current / future), ``clause``.
    """
    rows = []
    for doc in read_docs(docs, "horizons"):
        for par_no, par in enumerate(doc.pars, start=1):
            for c in paragraph_clauses(par, par_no):
                for _, _, h in horizons_in(c.text, doc.ref):
                    rows.append(dict(doc_id=doc.doc_id, par_no=par_no, clause=c.text, **h))
    return carry(frame(rows, HORIZON_COLUMNS), docs, keep, "horizons")

