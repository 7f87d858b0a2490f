"""What a report commits to: quantitative targets, numbered formulations, positioning
goals, counted task lists and time horizons.

Every extractor takes the docs DataFrame of :func:`plenum.read_reports` (only ``doc_id``
and ``text`` are required; ``publish_date`` / ``meeting_date`` resolve relative years,
``place`` groups :func:`echo`), is pure (no I/O, the glossary aside), never raises on
arbitrary text, and returns a tidy DataFrame with ``doc_id``, ``par_no`` (as in
:func:`plenum.paragraphs`) and ``clause``: the exact source text, a substring of the
paragraph between two of 。！？；：.

==================  =========================================================================
:func:`targets`     quantitative targets: indicator, modality, value, unit, hedge, binding …
:func:`formulations` numbered formulations (两个维护, 八八战略, 十个“桥头堡” …) per document
:func:`echo`        how many central / provincial formulations each place repeats
:func:`goals`       positioning and goal statements (打造 / 建设 / 争当 / 谱写 … objects)
:func:`task_lists`  counted and parallel task lists, stated versus found length
:func:`horizons`    every time horizon named (明年, 2035年, 十四五, 未来五年 …)
==================  =========================================================================

The figures of notebook 04 are here too (``plot_*``; each returns a Figure, saves nothing).

Judgement calls (see each function for detail):

* A target is a number with a unit from :data:`TARGET_UNITS` (or a rank: "30强", 前十位),
  tied to an indicator, in a clause that is not a review of the past. Dates, ages,
  attendance counts, session numbers, durations and achievements are not targets.
* The modality word decides ``binding`` through :data:`MODALITIES` (module-level table:
  it belongs in ``data/modalities.csv`` once that file can be added).
* A formulation is a number word plus a short generalisation, either quoted (“两个维护”,
  “六稳”, “532”, 十个“桥头堡”) or unquoted in two narrow shapes (两个维护, 五大行动:
  number + 个 / 大 + two to four characters; 八八战略: doubled number + 战略 / 工程), plus
  every glossary term of category *formulation*. Counted tallies with a classifier and a
  free noun (三件大事, 八个方面工作, 6件大事) are task counts, not formulations, unless the
  report itself quotes them as a name (“七个方面工作”).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

import pandas as pd

from .numerals import parse_int
from .units import _OPEN, protected_mask

__all__ = [
    "MODALITIES", "TARGET_UNITS", "modality_table",
    "targets", "formulations", "formulation_terms", "echo", "goals", "task_lists", "horizons",
    "target_table", "target_summary", "goal_table", "formulation_matrix", "horizon_table",
    "task_list_table",
    "plot_targets", "plot_formulation_heatmap", "plot_task_lists", "plot_horizons",
]

# ---------------------------------------------------------------------------------------
# Knowledge tables: modality words in data/modalities.csv; units below
# ---------------------------------------------------------------------------------------

def _load_modalities() -> tuple[tuple[str, str, str, str], ...]:
    from importlib import resources

    from .lexicon import read_data_csv

    table = read_data_csv(resources.files("plenum").joinpath("data/modalities.csv"),
                          ["word", "role", "class", "english"])
    return tuple((w, r, c, e) for w, r, c, e in table.itertuples(index=False, name=None) if w)


#: (word, role, class, english) rows of ``data/modalities.csv``.
MODALITIES: tuple[tuple[str, str, str, str], ...] = _load_modalities()


def modality_table() -> pd.DataFrame:
    """The modality words (``data/modalities.csv``) as a DataFrame: ``word, role, class,
    english, binding``."""
    table = pd.DataFrame(list(MODALITIES), columns=["word", "role", "class", "english"])
    table["binding"] = table["class"] == "binding"
    return table.astype({"word": "string", "role": "string", "class": "string",
                         "english": "string"})


_MOD = {w: (role, cls) for w, role, cls, _ in MODALITIES}
_STANCE_RE = re.compile("|".join(sorted((w for w, r, _, _ in MODALITIES if r == "stance"),
                                        key=len, reverse=True)))
_THRESH_RE = re.compile("|".join(sorted((w for w, r, _, _ in MODALITIES if r == "threshold"),
                                        key=len, reverse=True)))

#: Units a target value may carry, longest first when matched. Chinese-numeral values
#: (千亿元, 两个百分点) are accepted only with the units of :data:`_CN_VALUE_UNITS`.
TARGET_UNITS: tuple[str, ...] = (
    "个百分点", "百分点", "%", "‰",
    "万亿元", "亿美元", "万美元", "亿元", "万元", "美元", "元",
    "万人次", "人次", "万人", "人", "万户", "户",
    "万吨标准煤", "万吨", "吨", "万千瓦时", "亿千瓦时", "万千瓦", "千瓦",
    "万平方米", "平方米", "平方公里", "公里", "万亩", "亩", "万标箱", "标箱",
    "万辆", "辆", "个", "家", "项", "所", "座", "套", "张", "倍",
)
_CN_VALUE_UNITS = {"万亿元", "亿元", "万元", "亿美元", "万美元", "万人", "个百分点", "百分点", "倍"}
_GROWTH_UNITS = {"%", "‰", "个百分点", "百分点"}

# ---------------------------------------------------------------------------------------
# Text plumbing
# ---------------------------------------------------------------------------------------

_PAIRS = {k: v for k, v in _OPEN.items() if k != '"'}  # brackets, quotes and titles
_QUOTE_CHARS = "“”‘’\"「」『』"
_Q = "[“”‘’\"「」『』]?"
_CLAUSE_STOPS = set("。！？!?；;：:")
_SENTENCE_STOPS = set("。！？!?")
_WIDE = str.maketrans("０１２３４５６７８９％．，＋", "0123456789%.,+")
_CJK_NUM = "〇零○一二两三四五六七八九十百千万"


@dataclass
class _Clause:
    par_no: int
    sent: int          # sentence index within the paragraph
    start: int         # offsets in the paragraph
    end: int
    text: str
    par: str = field(repr=False)


def _split(par: str, stops: set[str], inside: list[bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) spans of ``par`` between unprotected stop characters, white space trimmed."""
    inside = protected_mask(par) if inside is None else inside
    spans, start = [], 0
    for i, ch in enumerate(par):
        if ch in stops and not inside[i]:
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


def _clauses(par: str, par_no: int) -> list[_Clause]:
    inside = protected_mask(par)
    out, sent = [], 0
    for s, e in _split(par, _CLAUSE_STOPS, inside):
        out.append(_Clause(par_no, sent, s, e, par[s:e], par))
        if e < len(par) and par[e] in _SENTENCE_STOPS:
            sent += 1
    return out


@dataclass
class _Doc:
    doc_id: str
    text: str
    ref: pd.Timestamp | None
    place: str | None
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


def _docs(docs) -> list[_Doc]:
    """The documents to read, robust to missing columns and odd values."""
    if docs is None or not isinstance(docs, pd.DataFrame) or "text" not in docs.columns:
        return []
    out = []
    ids = _column(docs, "doc_id")
    for i, (doc_id, text, meeting, published, place) in enumerate(zip(
            ids, _column(docs, "text"), _column(docs, "meeting_date"),
            _column(docs, "publish_date"), _column(docs, "place"))):
        if not isinstance(text, str):
            text = ""
        doc_id = str(i) if doc_id is None or (not isinstance(doc_id, str) and pd.isna(doc_id)) \
            else str(doc_id)
        ref = _timestamp(meeting) or _timestamp(published)
        place = place if isinstance(place, str) and place else None
        pars = [p.strip() for p in text.split("\n") if p.strip()]
        out.append(_Doc(doc_id, text, ref, place, pars))
    return out


def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
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


def _arabic(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _lead_number(token: str) -> int | None:
    """The number a formulation's leading numeral names: 两 → 2, 十二 → 12, 八八 → 8
    (a doubled digit is a list, not 88), 532 → 532, 百千万 → 100."""
    token = token.translate(_WIDE)
    m = re.match(r"\d+", token)
    if m:
        return int(m.group(0))
    m = re.match(f"[{_CJK_NUM}]+", token)
    if not m:
        return 2 if token.startswith("双") else None
    run = m.group(0)
    if re.fullmatch(r"[一二两三四五六七八九]?十[一二三四五六七八九]?", run) or \
            re.fullmatch(r"[一二两三四五六七八九]?百(?:零?[一二三四五六七八九]十?[一二三四五六七八九]?)?", run):
        return parse_int(run)
    return parse_int(run[0])


# ---------------------------------------------------------------------------------------
# Horizons
# ---------------------------------------------------------------------------------------

HORIZON_COLUMNS = {"doc_id": "string", "par_no": "Int64", "horizon": "string",
                   "kind": "string", "year": "Int64", "start_year": "Int64",
                   "relation": "string", "clause": "string"}

_CN_DIGIT = "〇零○一二三四五六七八九"
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
        n = parse_int(re.search(rf"[{_CJK_NUM}]+|\d+", text[2:]).group(0))
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


def _horizons_in(text: str, ref: pd.Timestamp | None) -> list[tuple[int, int, dict]]:
    out = []
    for m in _HORIZON_RE.finditer(text.translate(_WIDE)):
        h = _resolve(m, ref)
        if h is None:
            continue
        h["relation"] = _relation(h, ref)
        out.append((m.start(), m.end(), h))
    return out


def horizons(docs: pd.DataFrame) -> pd.DataFrame:
    """Every time horizon a report names, one row per mention.

    Columns: ``doc_id, par_no, horizon`` (normalised: 明年, 今年, 全年, 2035年 (Chinese
    years in Arabic digits), 十四五, 未来五年, 本世纪中叶, 三季度 …), ``kind`` (relative /
    year / plan / span / within year), ``year`` (the end year: 明年 → reference year + 1,
    a five-year plan period → its last year, 十四五 → 2025; missing when a relative
    horizon has no date to resolve against), ``start_year`` (first year of a plan period
    or span, missing for a single year), ``relation`` to the reference date (past /
    current / future), ``clause``.

    The reference date is the meeting date where known, else the publication date.
    Not horizons: dates (2022年12月, 2022年度), durations and reviews (一年来, 今年以来,
    过去五年), cumulative quarters (前三季度).
    """
    rows = []
    for doc in _docs(docs):
        for par_no, par in enumerate(doc.pars, start=1):
            for c in _clauses(par, par_no):
                for _, _, h in _horizons_in(c.text, doc.ref):
                    rows.append(dict(doc_id=doc.doc_id, par_no=par_no, clause=c.text, **h))
    return _frame(rows, HORIZON_COLUMNS)


# ---------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------

TARGET_COLUMNS = {"doc_id": "string", "par_no": "Int64", "indicator": "string",
                  "modality": "string", "value": "float64", "value_high": "float64",
                  "unit": "string", "hedge": "string", "binding": "boolean",
                  "measure": "string", "comparator": "string", "horizon": "string",
                  "year": "Int64", "clause": "string"}

_UNIT_RE = "|".join(re.escape(u) for u in sorted(TARGET_UNITS, key=len, reverse=True))
_NUM_RE = r"(?<![\d.A-Za-z])\d+(?:,\d{3})*(?:\.\d+)?|(?<![数几上多第])[一二两三四五六七八九十百千]+"
_VALUE_RE = re.compile(
    rf"(?P<pre>约|近)?(?P<num>{_NUM_RE})(?:(?P<u1>{_UNIT_RE})?[-—–~～至到](?P<num2>\d+(?:\.\d+)?))?"
    rf"(?P<unit>{_UNIT_RE})(?P<hedge>及以上|以上|以内|以下|之内|之上|左右|上下)?")
_MEASURE_RE = re.compile(r"(?:年均)?(?P<verb>增长(?!极)|增速|增幅|增加(?!值)|提高|提升|上涨|涨幅|下降|降低|减少|"
                         r"压减|削减|降幅|回落)(?P<to>到|至)?")
_DECLINE = {"下降", "降低", "减少", "压减", "削减", "降幅", "回落"}
_COMPARATOR_RE = re.compile(
    r"(?:(?:增幅|增速|增长|涨幅|速度|水平)[^，。；、\d]{0,2})?(?:略高于|高于|快于|不低于|领先于?|好于|优于|超过|高出)"
    r"[^，。；、\d]{0,10}?(?:平均水平|平均增幅|平均增速|平均值|平均数|平均|均值)"
    r"|与[^，。；\d]{1,15}?(?:同步|相协调|相适应)")
_RANK_VERB_RE = re.compile(r"重返|进入|跻身|迈入|挺进|稳居|位居|跃居|跃升至|回到|站稳|保住|冲进|冲刺|升至|"
                           r"提升至|进位至|保持")
_RANK_NUM_RE = re.compile(r"[“\"‘]?(?P<pre>前|第)?(?P<num>\d{1,3}|[一二两三四五六七八九十百]{1,3})[”\"’]?"
                          r"(?P<unit>强|位|名)(?P<tail>[县区市榜]{0,2})[”\"’]?")
_STRONG_PAST = re.compile(r"一年来|\d+年来|[一二两三四五六七八九十]+年来|以来|过去|累计|连续|已经|预计|去年|"
                          r"(?:实现|完成|增长|达到|突破|取得|下降|提高|提升|增加)了")
_WEAK_PAST = re.compile(r"同比|比上年|较上年|上年")
_FUTURE = re.compile(r"明年|后年|今年(?!以来)|全年|目标|指标|预期|计划|力争|确保|争取|要|将|未来|今后|"
                     r"到(?:\d{4}|二〇)")
_TARGET_CONTEXT = re.compile(r"目标|指标|预期|任务")
_FILLER_RE = re.compile(r"^(?:其中|全年|明年|今年|当年|同时|并且|并|以及|和|及|使|推动|促进|实现|还要|要|将|"
                        r"全区|全市|全县|全省|全州|全旗|全镇|年内|年底前?|"
                        r"到(?:\d{4}|二[〇○零][一二三四五六七八九〇○零]{2})年(?:底|末)?)")
_LEAD_RE = re.compile(r"^.*?(?:目标|指标|要求|任务)(?:是|为)")


def _rank(seg: str) -> dict | None:
    """The rank goal of a segment: the verb (重返, 进入, 跻身 …), the ranking it names and
    the rank. Of several numbers after the verb the one with 前 / 第 wins (进入全国百强县前
    50位 → 前50位 of 全国百强县)."""
    verb = _RANK_VERB_RE.search(seg)
    if not verb:
        return None
    found = [m for m in _RANK_NUM_RE.finditer(seg, verb.end()) if m.start() - verb.end() <= 24
             and not re.search(r"[，。；：、]", seg[verb.end():m.start()])]
    if not found:
        return None
    best = next((m for m in found if m.group("pre")), found[0])
    ind = seg[verb.end():best.start()].strip(" “”\"‘’")
    if best.group("tail"):
        ind = ind + best.group("num") + best.group("unit") + best.group("tail")
    return dict(start=verb.start(), ind=ind, num=best.group("num"), unit=best.group("unit"))


def _indicator(prefix: str) -> str:
    text = prefix.strip(" ，、：:“”‘’\"")
    text = _LEAD_RE.sub("", text)
    for _ in range(4):
        m = _FILLER_RE.match(text) or _STANCE_RE.match(text)
        if not m or m.end() == 0:
            break
        text = text[m.end():].lstrip("，、 ")
    text = re.sub(r"(?:比上年|较上年|比去年|同比|分别|的|年均|均)+$", "", text).strip(" ，、“”\"")
    return text


def _lead(prefix: str) -> tuple[str | None, int]:
    """In the text before a value: the stance word that opens it (力争地区生产总值…), if
    any, and where the indicator ends (at the first modality or measure word after it)."""
    pos, lead = 0, None
    for _ in range(4):
        m = _STANCE_RE.match(prefix, pos) or _FILLER_RE.match(prefix[pos:])
        if not m or m.end() == 0:
            break
        if m.re is _STANCE_RE:
            lead = m.group(0)
            pos = m.end()
        else:
            pos += m.end()
    cuts = [m.start() for m in (_STANCE_RE.search(prefix, pos), _THRESH_RE.search(prefix, pos),
                                _MEASURE_RE.search(prefix, pos)) if m]
    return lead, min(cuts) if cuts else len(prefix)


def _is_indicator(text: str) -> bool:
    if not 2 <= len(text) <= 25:
        return False
    if re.search(r"[，。；：！？]", text):
        return False
    return bool(re.search(r"[\u4e00-\u9fffA-Za-z]{2}", text))


def _past_flags(clauses: list[_Clause]) -> list[bool]:
    """Per clause of one paragraph: does it speak of the past (a review, an achievement)?"""
    flags, state = [], None
    for c in clauses:
        strong = bool(_STRONG_PAST.search(c.text))
        future = bool(_FUTURE.search(c.text))
        weak = bool(_WEAK_PAST.search(c.text))
        if strong:
            past = True
        elif future:
            past = False
        elif weak:
            past = state != "future"
        else:
            past = state == "past"
        flags.append(past)
        if strong:
            state = "past"
        elif future:
            state = "future"
    return flags


def _segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, delimiter before) sub-clauses split at ，, and 、 outside quotes."""
    inside = protected_mask(text)
    out, start, delim = [], 0, ""
    for i, ch in enumerate(text):
        if ch in "，,、" and not inside[i]:
            out.append((start, i, delim))
            start, delim = i + 1, ch
    out.append((start, len(text), delim))
    return [(s, e, d) for s, e, d in out if e > s]


def _modality(seg: str) -> tuple[str | None, int]:
    """The segment's modality word and its position (stance words first)."""
    m = _STANCE_RE.search(seg)
    if m:
        return m.group(0), m.start()
    m = _THRESH_RE.search(seg)
    if m:
        return m.group(0), m.start()
    return None, -1


def _binding(word: str | None) -> bool:
    return bool(word) and _MOD.get(word, ("", ""))[1] == "binding"


def _clause_targets(c: _Clause, context: bool) -> list[dict]:
    """Targets in one clause (no horizon yet)."""
    text = c.text.translate(_WIDE)
    rows: list[dict] = []
    pending: list[str] = []
    scope_modality = None  # a stance word written before the indicator scopes over the clause
    last_unit_kind = None
    for s, e, delim in _segments(text):
        seg = text[s:e]
        if delim != "、":
            pending = [] if delim else pending
        word, _ = _modality(seg)
        values = []
        for m in _VALUE_RE.finditer(seg):
            num = m.group("num")
            unit = m.group("unit")
            if not num[0].isdigit():
                if unit not in _CN_VALUE_UNITS:
                    continue
                value = parse_int(num)
            else:
                value = _arabic(num)
            if value is None:
                continue
            values.append((m, value))
        rank = _rank(seg) if not values else None
        comparator = _COMPARATOR_RE.search(seg)
        measure_m = _MEASURE_RE.search(seg)
        if not values and not rank:
            if comparator:
                cut = comparator.start()
                if measure_m and measure_m.start() < cut:
                    cut = measure_m.start()
                ind = _indicator(seg[:cut])
                own = _is_indicator(ind) and not re.fullmatch(r"(?:增幅|增速|增长|涨幅|速度|水平)+", ind)
                if not own and rows and rows[-1]["comparator"] is None:
                    rows[-1]["comparator"] = seg.strip()  # 增幅高于全市平均 qualifies the target before
                else:
                    if not own:
                        ind = rows[-1]["indicator"] if rows else ""
                    if _is_indicator(ind):
                        rows.append(dict(indicator=ind, modality=word or _modality(
                            seg[comparator.start():])[0], value=None, value_high=None,
                            unit=None, hedge=None, measure="growth" if measure_m else "level",
                            comparator=seg.strip(), start=s))
                pending = []
            elif len(seg) <= 20 and not word and not measure_m and delim != "，":
                pending.append(seg.strip())
            elif len(seg) <= 20 and not word and not measure_m and not rows:
                pending = [seg.strip()]
            if word and _STANCE_RE.match(seg.strip()):
                scope_modality = word
            continue
        if rank:
            lead, _ = _lead(seg[:rank["start"]])
            if lead:
                scope_modality = lead
            num = rank["num"]
            value = _arabic(num) if num[0].isdigit() else parse_int(num)
            if value is None or not rank["ind"]:
                continue
            stance = _STANCE_RE.search(seg[:rank["start"]])
            modality = stance.group(0) if stance else scope_modality
            rows.append(dict(indicator=rank["ind"], modality=modality, value=value,
                             value_high=None, unit=rank["unit"], hedge=None, measure="rank",
                             comparator=comparator.group(0) if comparator else None, start=s))
            continue
        first = values[0][0]
        lead, cut = _lead(seg[:first.start()])
        if lead:
            scope_modality = lead
        ind = _indicator(seg[:cut])
        if not ind and first.group("unit") in {"个", "家", "项", "所", "座", "套", "张", "辆", "人", "户"}:
            tail = re.match(r"[\u4e00-\u9fffA-Za-z]{2,12}", seg[values[-1][0].end():])
            ind = _indicator(seg[:cut] + (tail.group(0) if tail else ""))
        if _is_indicator(ind) and pending and "分别" in seg:  # 甲、乙分别增长6%和7%
            ind = "、".join(pending + [ind])
        if not _is_indicator(ind):
            ind = rows[-1]["indicator"] if rows else None
        pending = []
        if ind is None:
            continue
        has_verb = bool(word or measure_m)
        if not (has_verb or context or rows):
            continue
        modality = word or scope_modality
        for m, value in values:
            unit = m.group("unit")
            before = seg[cut:m.start()]
            vm = None
            for vm in _MEASURE_RE.finditer(before):
                pass
            if vm is not None:
                if vm.group("to"):
                    measure = "level"
                else:
                    measure = "decline" if vm.group("verb") in _DECLINE else "growth"
            elif rows and unit in _GROWTH_UNITS and last_unit_kind == "growth" \
                    and rows[-1]["indicator"] == ind and _MOD.get(word, ("stance",))[0] == "stance":
                measure = rows[-1]["measure"]
            else:
                measure = "level"
            last_unit_kind = "growth" if unit in _GROWTH_UNITS else "level"
            hedge = m.group("hedge") or m.group("pre")
            rows.append(dict(indicator=ind, modality=modality, value=value,
                             value_high=_arabic(m.group("num2")) if m.group("num2") else None,
                             unit=unit, hedge=hedge, measure=measure,
                             comparator=comparator.group(0) if comparator else None, start=s))
    return rows


def targets(docs: pd.DataFrame) -> pd.DataFrame:
    """Quantitative targets, one row per number committed to.

    Columns:

    - ``indicator`` as written (地区生产总值, 一般公共预算收入, 规上工业总产值 …); a value
      without its own indicator inherits the previous one in the clause
      (地区生产总值确保增长8%，争取1300亿元 is two targets of 地区生产总值).
    - ``modality``: the stance word (确保, 争取, 力争 …) or else the threshold word (完成,
      达到, 突破, 高于, 控制在 …), missing when none is written; see :data:`MODALITIES`.
      A stance word written before the indicator (力争地区生产总值…，…) scopes over the
      rest of the clause.
    - ``value`` (float), ``value_high`` (upper end of a range such as 6%—7%, else missing),
      ``unit`` (%, 个百分点, 亿元, 万人, 个 …; 强 / 位 / 名 for a rank), ``hedge`` (左右,
      以上, 以内, 约 …).
    - ``binding``: True when the modality commits (class "binding" in :data:`MODALITIES`),
      False when it aspires or merely expects, or when no modality word is written.
    - ``measure``: growth (rate or amount of increase: 增长, 提高), decline (下降, 降低),
      level (a level, share or total; also 提高到 / 达到), rank (重返…“30强”, 进入…前十).
    - ``comparator``: a relative target in the clause (增幅高于全市平均, 与经济增长同步);
      alone it makes a row without a value.
    - ``horizon``, ``year``: the horizon named in the clause, else the last one named
      earlier in the paragraph (明年全区经济社会发展的主要目标为：… → 明年), resolved as
      in :func:`horizons`.
    - ``clause``: the source clause.

    Not targets: numbers without a unit of :data:`TARGET_UNITS` (dates, ages, 出席委员42名,
    session numbers, 20年来), Chinese-numeral counts (八个方面), and clauses about the past
    (一年来, 今年以来, 过去, 累计, 同比 …, 增长了, a horizon before the reference year).
    A number with a unit but no growth/modality verb counts only in a target context (the
    sentence names 目标 / 指标 / 预期) or after another target in the clause.
    """
    rows = []
    for doc in _docs(docs):
        for par_no, par in enumerate(doc.pars, start=1):
            clauses = _clauses(par, par_no)
            past = _past_flags(clauses)
            horizon = None
            context_sents: dict[int, bool] = {}
            for c, is_past in zip(clauses, past):
                found = [h for _, _, h in _horizons_in(c.text, doc.ref)]
                forward = [h for h in found if h["relation"] != "past"]
                if found and not forward and doc.ref is not None:
                    is_past = True
                if forward:
                    horizon = forward[0]
                context = context_sents.get(c.sent, False)
                if _TARGET_CONTEXT.search(c.text):
                    context_sents[c.sent] = True
                if is_past:
                    continue
                for t in _clause_targets(c, context):
                    t.pop("start", None)
                    h = forward[0] if forward else horizon
                    rows.append(dict(doc_id=doc.doc_id, par_no=par_no, clause=c.text,
                                     binding=_binding(t["modality"]),
                                     horizon=h["horizon"] if h else None,
                                     year=h["year"] if h else None, **t))
    return _frame(rows, TARGET_COLUMNS)


# ---------------------------------------------------------------------------------------
# Formulations
# ---------------------------------------------------------------------------------------

FORMULATION_COLUMNS = {"doc_id": "string", "formulation": "string", "number": "Int64",
                       "count": "int64", "english": "string", "level": "string",
                       "found_by": "string", "par_no": "Int64", "clause": "string"}
ECHO_COLUMNS = {"place": "string", "level": "string", "n_distinct": "int64",
                "n_mentions": "int64", "per_10k_chars": "float64"}

_NUMQ = "一二两三四五六七八九十百千万"
_QUOTED_RE = re.compile(r"“([^“”\n]{1,12})”|‘([^‘’\n]{1,12})’|「([^「」\n]{1,12})」|"
                        r"『([^『』\n]{1,12})』|\"([^\"\n]{1,12})\"")
_OUTER_RE = re.compile(r"(?<![第\d〇零一二两三四五六七八九十百千万几])([两二三四五六七八九十]|十[一二])"
                       r"(个|大|张|条|项|件|种|类|支|座)$")
#: Suffixes that turn a quoted number into a named programme: “532”发展战略.
_PROGRAMME_RE = re.compile(r"^(?:发展|产业)?(?:战略|工程|行动|计划|体系|格局|模式|机制|布局|理念|"
                           r"工作法|方略|新政)")
_UNQUOTED_RE = re.compile(
    r"(?<![第\d〇零一二两三四五六七八九十百千万几每])(?P<num>[两二三四五六七八九十])(?P<cls>个|大)"
    r"(?P<core>[\u4e00-\u9fff]{2,4}?)"
    r"(?=[，。；：、！？”’）》」』\s]|$|的|和|与|及|为|是|等|上|中|，)")
_DOUBLED_RE = re.compile(r"(?<![第\d〇零一二两三四五六七八九十百千万几])"
                         r"(?P<num>(?P<d>[一二三四五六七八九])(?P=d)|(?<![\d.])\d{2,3})(?:发展)?(?:战略|工程)")
#: Words that a number + 个 / 大 heads as an ordinary count, not a formulation.
_COUNT_NOUNS = re.compile(
    r"^(?:方面|领域|环节|问题|部分|阶段|层面|层次|维度|步骤|项目|重点|任务|方向|关系|渠道|板块|片区|"
    r"平台|区域|群体|小时|月|星期|季度|百分点|多|人|县|市|区|镇|乡|村|国家|城市|省|地方|单位|部门|"
    r"企业|主体|基地|事|大事|工作|目标|指标|轮|批|年|天|周|次|届|号|字|点|条|项|样|种|类|方|家|"
    r"户|所|座|半|代|组|队|班|批次|会议|文件|报告|决定|意见|名|位|亿|万|千|百|十|季|回|场|笔|元|"
    r"重大|主要|关键|具体|基本|全国|省级|市级|县级|国家级|示范|标志性|"
    r"分|倍|成|层|级|段|片|块|张|本|篇|首|句|百分|以上|左右|之间|同志|会|专题|小组|中心|窗口)")
#: Quoted strings that begin with a number but are ordinary words, not formulations.
_QUOTED_STOP = re.compile(
    r"^(?:一批|一系列|一步|一体|一流|一切|一起|一直|一定|一律|一致|一样|一般|一些|一点|一线|"
    r"一手|一把手|一次|一届|一年|一天|一同|一道|一心|一贯|一举|一度|一级|一方|一边|一面|一时|"
    r"一味|一再|一向|一旦|一概|一流|万一|千万$|百分)")
_PLAN_OR_SESSION = re.compile(r"^(?:十[一二三四五六七八九]五|(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)"
                              r"(?:大|届|次))")
_QUANTITY = re.compile(rf"^(?:\d+|[{_NUMQ}]+)(?:强|位|名|佳|亿|万|元|%|年|月|日|天|岁|周年|届|次|倍|"
                       rf"家|户|人|分|个|项|件|号)$")


def _clean(text: str) -> str:
    return re.sub(rf"[{_QUOTE_CHARS}\s]", "", text)


def _quoted_formulations(par: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised) formulations quoted in a paragraph."""
    out = []
    for m in _QUOTED_RE.finditer(par):
        content = next(g for g in m.groups() if g is not None).strip()
        start, end = m.start(), m.end()
        outer = _OUTER_RE.search(par[max(0, start - 3):start])
        if outer and content and not re.match(r"\d", content):
            form = outer.group(0) + _clean(content)
            out.append((start - len(outer.group(0)), end, form))
            continue
        after = par[end:end + 8]
        if re.fullmatch(r"\d{2,3}|\d{1,3}(?:[+＋](?:\d{1,3}|[NnXx]))+", content.translate(_WIDE)):
            prog = _PROGRAMME_RE.match(after)
            form = content.translate(_WIDE) + (prog.group(0) if prog else "")
            out.append((start, end + (prog.end() if prog else 0), form))
            continue
        form = _clean(content)
        if not 2 <= len(form) <= 6 or _QUOTED_STOP.match(form) or _PLAN_OR_SESSION.match(form) \
                or _QUANTITY.match(form) or re.search(r"[，、。；：,.·]", form):
            continue
        if form[0] in _NUMQ and not re.fullmatch(f"[{_CJK_NUM}]+", form):
            out.append((start, end, form))
        elif form[0] == "双" and len(form) <= 4:
            out.append((start, end, form))
        elif re.fullmatch(rf"[\u4e00-\u9fff]{{1,3}}[{_NUMQ}][\u4e00-\u9fff]{{1,2}}", form):
            i = next(k for k, ch in enumerate(form) if ch in _NUMQ and k > 0)
            if form[i - 1] != "第" and not re.match(r"[强位名]$", form[i + 1:]) \
                    and form[i - 1] not in _NUMQ:
                out.append((start, end, form))
    return out


def _unquoted_formulations(par: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    out = []
    used = bytearray(len(par) + 1)
    for ts, te in taken:
        used[ts:te] = b"\x01" * (te - ts)

    def free(s, e):
        return not any(used[s:e])

    for m in _UNQUOTED_RE.finditer(par):
        core = m.group("core")
        if _COUNT_NOUNS.match(core) or not free(m.start(), m.end()):
            continue
        out.append((m.start(), m.end(), m.group(0)))
    for m in _DOUBLED_RE.finditer(par):
        if free(m.start(), m.end()):
            out.append((m.start(), m.end(), m.group(0)))
    return out


def _glossary(terms: pd.DataFrame | None) -> pd.DataFrame:
    """The glossary (or ``terms``), with normalised ``term``; empty when unavailable."""
    cols = ["term", "english", "category", "level", "source"]
    if terms is None:
        try:
            from .lexicon import glossary
            terms = glossary()
        except Exception:
            terms = None
    if not isinstance(terms, pd.DataFrame) or "term" not in terms.columns:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols + ["key"]})
    table = terms.copy()
    for c in cols:
        if c not in table.columns:
            table[c] = ""
        table[c] = [v.strip() if isinstance(v, str) else "" for v in table[c]]
    table["key"] = pd.Series([_clean(t) for t in table["term"]], index=table.index, dtype="object")
    table["level"] = pd.Series([_norm_level(v) for v in table["level"]], index=table.index,
                               dtype="object")
    table = table[[len(k) >= 2 for k in table["key"]]].drop_duplicates("key", keep="first")
    return table.reset_index(drop=True)


def _norm_level(value: str) -> str:
    v = (value or "").strip().lower()
    if v in ("central", "中央", "national", "国家"):
        return "central"
    if v in ("provincial", "province", "省", "省级"):
        return "provincial"
    if v in ("local", "地方", "市", "县", "区", "prefecture", "county", "municipal"):
        return "local"
    return v


def _is_formulation_category(value: str) -> bool:
    v = (value or "").lower()
    return "formulation" in v or v in ("提法", "slogan")


def _term_regex(terms: list[str]) -> re.Pattern | None:
    """Longest-first alternation of terms, quote marks allowed between their characters."""
    terms = sorted({t for t in terms if t}, key=lambda t: (-len(t), t))
    if not terms:
        return None
    parts = []
    for t in terms:
        body = _Q.join(re.escape(ch) for ch in t)
        if t[0].isdigit():
            body = r"(?<!\d)" + body
        elif t[0] in _NUMQ:
            body = rf"(?<![第{_CJK_NUM}])" + body
        if t[-1].isdigit():
            body += r"(?!\d)"
        parts.append(f"(?:{body})")
    return re.compile("|".join(parts))


@functools.lru_cache(maxsize=1024)
def _term_regex_cached(terms: tuple[str, ...]) -> re.Pattern | None:
    return _term_regex(list(terms))


def _pattern_formulations(doc: _Doc) -> list[tuple[int, int, int, str]]:
    """(par_no, start, end, formulation) found by pattern in one document."""
    out = []
    for par_no, par in enumerate(doc.pars, start=1):
        quoted = _quoted_formulations(par)
        taken = [(s, e) for s, e, _ in quoted]
        for s, e, f in quoted + _unquoted_formulations(par, taken):
            out.append((par_no, s, e, f))
    return out


def _count_terms(doc: _Doc, regex: re.Pattern | None, keys: dict[str, str]) -> dict[str, list]:
    """term → [(par_no, start, end), …] occurrences in a document (longest match wins)."""
    hits: dict[str, list] = {}
    if regex is None:
        return hits
    for par_no, par in enumerate(doc.pars, start=1):
        for m in regex.finditer(par):
            key = keys.get(_clean(m.group(0)))
            if key:
                hits.setdefault(key, []).append((par_no, m.start(), m.end()))
    return hits


def _span_index(spans: list[tuple[int, int]], pos: int) -> int | None:
    """Index of the span that holds ``pos`` (or of the next one, when ``pos`` falls on a
    delimiter between two); None after the last."""
    k = bisect.bisect_right([s for s, _ in spans], pos) - 1
    if k >= 0 and pos < spans[k][1]:
        return k
    return k + 1 if k + 1 < len(spans) else None


def _clause_at(par: str, pos: int, spans: list[tuple[int, int]] | None = None) -> str:
    spans = _split(par, _CLAUSE_STOPS) if spans is None else spans
    k = _span_index(spans, pos)
    return par[spans[k][0]:spans[k][1]] if k is not None else par


def formulations(docs: pd.DataFrame, terms: pd.DataFrame | None = None) -> pd.DataFrame:
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

    Columns: ``doc_id, formulation`` (normalised, quotes removed), ``number`` (the leading
    number: 两个维护 → 2, 八八战略 → 8, 十个一 → 10, 532 → 532, missing for an unnumbered
    glossary term), ``count`` (occurrences in the document), ``english``, ``level``
    (central / provincial / local: from the glossary where it has the term, else
    missing), ``found_by`` (pattern / glossary / both), ``par_no`` and ``clause`` of the
    first occurrence. ``terms`` replaces the packaged glossary (same columns as
    :func:`plenum.glossary`); the glossary may be missing or incomplete.
    """
    items = _docs(docs)
    gloss = _glossary(terms)
    gloss_f = gloss[[_is_formulation_category(c) for c in gloss["category"]]] \
        if len(gloss) else gloss
    found: set[str] = set()
    for doc in items:
        found.update(form for _, _, _, form in _pattern_formulations(doc))
    gloss_keys = list(gloss_f["key"]) if len(gloss_f) else []
    vocab = set(found) | set(gloss_keys)
    keys = {k: k for k in vocab}
    info = {}
    if len(gloss):
        for row in gloss.itertuples(index=False):
            info.setdefault(row.key, (row.english or None, row.level or None))
    rows = []
    for doc in items:
        # Only the terms a document contains can match: a regex of just those is far
        # cheaper than the corpus-wide alternation, with the same matches.
        cleaned = _clean(doc.text)
        present = tuple(sorted(k for k in vocab if k and k in cleaned))
        hits = _count_terms(doc, _term_regex_cached(present), keys) if present else {}
        ordered = sorted(hits.items(), key=lambda kv: (kv[1][0][0], kv[1][0][1]))
        for form, places in ordered:
            par_no, start, _ = places[0]
            english, level = info.get(form, (None, None))
            by = "both" if form in found and form in info else \
                ("pattern" if form in found else "glossary")
            rows.append(dict(doc_id=doc.doc_id, formulation=form, number=_formulation_number(form),
                             count=len(places), english=english, level=level, found_by=by,
                             par_no=par_no, clause=_clause_at(doc.pars[par_no - 1], start)))
    return _frame(rows, FORMULATION_COLUMNS)


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


def formulation_terms(docs: pd.DataFrame, terms: pd.DataFrame | None = None) -> list[str]:
    """The normalised formulations found in ``docs`` (sorted), for a tokenizer's
    dictionary so that 两个维护 never splits."""
    found: set[str] = set()
    items = _docs(docs)
    for doc in items:
        found.update(form for _, _, _, form in _pattern_formulations(doc))
    gloss = _glossary(terms)
    if len(gloss):
        corpus = "\n".join(par for doc in items for par in doc.pars)
        found.update(k for k, c in zip(gloss["key"], gloss["category"])
                     if _is_formulation_category(c) and k and k in corpus)
    return sorted(found)


def echo(docs: pd.DataFrame, terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """The echo rate: per place, how many of the glossary's central and provincial
    formulations (category *formulation*) the reports repeat, and how often.

    Columns: ``place`` (the doc_id where the place is unknown; places grouped by
    province, then in document order), ``level`` (central /
    provincial; both rows for every place, zeros included), ``n_distinct`` (formulations
    named at least once), ``n_mentions`` (all occurrences, longest match first),
    ``per_10k_chars`` (mentions per 10,000 characters of article text, white space
    excluded; missing for an empty text). A high central echo with few local
    formulations reads as compliance; local formulations (see :func:`formulations`)
    mark agenda-setting.
    """
    items = _docs(docs)
    gloss = _glossary(terms)
    if len(gloss):
        gloss = gloss[[_is_formulation_category(c) and lv in ("central", "provincial")
                       for c, lv in zip(gloss["category"], gloss["level"])]]
    level_of = dict(zip(gloss["key"], gloss["level"])) if len(gloss) else {}
    regex = _term_regex(list(level_of))
    keys = {k: k for k in level_of}
    stats: dict[str, dict] = {}
    for doc in items:
        place = doc.place or doc.doc_id
        entry = stats.setdefault(place, {"chars": 0, "central": {}, "provincial": {}})
        entry["chars"] += len(re.sub(r"\s", "", doc.text))
        for term, places in _count_terms(doc, regex, keys).items():
            level = level_of[term]
            entry[level][term] = entry[level].get(term, 0) + len(places)
    rows = []
    for place in sorted(stats, key=_place_order(docs).index):
        entry = stats[place]
        for level in ("central", "provincial"):
            n = sum(entry[level].values())
            rows.append(dict(place=place, level=level, n_distinct=len(entry[level]),
                             n_mentions=n,
                             per_10k_chars=n / entry["chars"] * 10_000 if entry["chars"] else None))
    return _frame(rows, ECHO_COLUMNS)


# ---------------------------------------------------------------------------------------
# Goals
# ---------------------------------------------------------------------------------------

GOAL_COLUMNS = {"doc_id": "string", "par_no": "Int64", "goal": "string", "verb": "string",
                "headline": "boolean", "clause": "string"}

_GOAL_VERBS = ("谱写", "书写", "续写", "打造", "建成", "建设", "争当", "争创", "争做", "勇当",
               "当好", "成为", "走出")
_GOAL_RE = re.compile("|".join(_GOAL_VERBS))
#: Words before 建设 / 建成 that make it a verb (加快建设…) rather than a noun (党的建设).
_BUILD_BEFORE = re.compile(
    r"(?:在|要|和|与|及|加快|全力|奋力|聚力|着力|努力|大力|全面|高水平|高质量|协同|共同|积极|扎实|持续|"
    r"率先|基本|以|为|是|先行|发展|加速|合力|携手|统筹|重点|致力于?|争取|力争|确保|更好|谋划|深入|坚持|"
    r"继续|联动|全域|整体|规划|启动|开工|并|更|再|实质性|全方位|系统|一体化)$")
_OBJECT_STOP = re.compile(r"的(?:决定|决议|意见|建议|报告|通知|实施方案|行动方案|时代号召|号召|时代重任|重任|"
                          r"使命|目标任务|动员令|担当|要求|任务|过程|进程|决心|信心|步伐|新征程|征程)|"
                          r"新征程|提供|作出|贡献|迈进|奋斗|前进|进军|而|取得")
_FRAME_END = re.compile(r"[上中](?=再|取得|展现|走|实现|迈出|开创|构筑|争当|争做|争创|作|当|成为|发挥|彰显|"
                        r"贡献|[，。；、：]|$)")
_TERMINATORS = set("，。；：！？!?;:,（(《")


def _verb_ok(par: str, i: int, verb: str, check_before: bool = True) -> bool:
    before = par[max(0, i - 6):i]
    after = par[i + len(verb):i + len(verb) + 2]
    if verb in ("建设", "建成"):
        if after[:1] in set("新的上中，。；、”）》和与及者工成为好") or after.startswith("成为"):
            return False
        if check_before and before and not (before[-1] in "，。；：、“‘（《 \u3000"
                                            or _BUILD_BEFORE.search(before)):
            return False
    if verb == "走出" and after[:1] in ("去", "来", "了"):
        return False
    if verb == "成为" and before.endswith(("建设", "打造", "建")):
        return False
    if not after or after[0] in _TERMINATORS or after[0] in "、":
        return False
    return True


def _goal_object(par: str, start: int, framed: bool, inside: list[bool]) -> tuple[int, int]:
    """Span of the object that starts at ``start``."""
    depth, k = 0, start
    limit = min(len(par), start + 120)
    while k < limit:
        ch = par[k]
        if ch in _PAIRS or (ch == '"' and depth == 0):
            depth += 1
        elif ch in _PAIRS.values() or ch == '"':
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            if ch in _TERMINATORS:
                break
            if ch == "、":
                rest = re.split(r"[，。；：]", par[k:])[0]
                if not ("等" in rest or re.search(r"(?:之路|道路|路子)$", rest)):
                    break
            if k - start >= 2 and _OBJECT_STOP.match(par, k):
                break
            if k - start >= 3:
                v = _GOAL_RE.match(par, k)
                if v and _verb_ok(par, k, v.group(0), check_before=False):
                    break
            if framed and k - start >= 2 and _FRAME_END.match(par, k):
                break
        k += 1
    return start, k


def _tidy_goal(obj: str) -> str:
    obj = re.sub(r"^(?:成为|成|好|起)", "", obj).strip()
    m = re.search(rf"等([{_NUMQ}\d][^、]*)$", obj)
    if m and "、" in obj:
        obj = m.group(1)
    obj = re.sub(r"的$", "", obj)
    if len(obj) >= 2 and obj[0] in "“‘「『\"" and _PAIRS.get(obj[0], '"') == obj[-1] \
            and not re.search(rf"[{_QUOTE_CHARS}]", obj[1:-1]):
        obj = obj[1:-1]
    return obj


def goals(docs: pd.DataFrame) -> pd.DataFrame:
    """Positioning and goal statements: the objects of 打造, 建设 (as a verb), 建成, 争当,
    争创, 争做, 勇当, 当好, 成为, 走出, 书写, 谱写, 续写, one row per mention.

    Columns: ``doc_id, par_no, goal`` (as written, quotes kept inside, dropped when the
    whole goal is one quotation: 美丽常州新样板 ← “美丽常州新样板”; “镇江很有前途”现代化
    建设新篇章), ``verb``, ``headline`` (the goal is stated in the report's lede: the first
    paragraph that states any goal — where these reports put the place's headline
    aspiration), ``clause``.

    An object runs to the next punctuation mark (a 、 list is kept when it ends in
    等 + number or 之路: 十个“桥头堡”, 一条…之路), to the close of a frame (在建设美丽镇江上…
    → 美丽镇江), to a following goal verb (打造浙中增长极建设未来新中心), or to 的决定 /
    的决议 in a title. Goals inside quotes are read too (谱写“打造浙中增长极、建设未来新
    中心”的精彩华章 gives three). 建设 / 建成 count only as verbs: after punctuation or
    words such as 加快, 全力, 在, 高质量发展 — not in 党的建设, 现代化建设新篇章.
    """
    rows = []
    for doc in _docs(docs):
        doc_rows = []
        for par_no, par in enumerate(doc.pars, start=1):
            inside = protected_mask(par)
            clauses = _clauses(par, par_no)
            spans = [(c.start, c.end) for c in clauses]
            past = _past_flags(clauses)
            covered_to = -1  # end of the last object outside quotes
            chained: set[int] = set()  # objects cut short by a following verb: 打造A建设B
            for m in _GOAL_RE.finditer(par):
                i, verb = m.start(), m.group(0)
                if not _verb_ok(par, i, verb, check_before=i not in chained):
                    continue
                k = _span_index(spans, i)
                if k is not None and spans[k][0] <= i and past[k]:
                    continue
                if i < covered_to and not inside[i] and i not in chained:
                    continue
                framed = bool(re.search(r"在(?:[^，。；]{0,4})$", par[max(0, i - 6):i]))
                s, e = _goal_object(par, m.end(), framed, inside)
                if _GOAL_RE.match(par, e):
                    chained.add(e)
                goal = _tidy_goal(par[s:e])
                if len(_clean(goal)) < 3 or len(goal) > 40:
                    continue
                covered_to = max(covered_to, e)
                doc_rows.append(dict(doc_id=doc.doc_id, par_no=par_no, goal=goal, verb=verb,
                                     clause=_clause_at(par, i, spans)))
        if doc_rows:
            lede = doc_rows[0]["par_no"]
            for r in doc_rows:
                r["headline"] = r["par_no"] == lede
        rows.extend(doc_rows)
    return _frame(rows, GOAL_COLUMNS)


# ---------------------------------------------------------------------------------------
# Task lists
# ---------------------------------------------------------------------------------------

TASK_COLUMNS = {"doc_id": "string", "par_no": "Int64", "kind": "string",
                "count_stated": "Int64", "count_found": "int64", "items": "object",
                "mismatch": "boolean", "clause": "string"}

_CN_ORD = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
           "十四", "十五", "十六", "十七", "十八", "十九", "二十"]
_ORD_NUM = "十[一二三四五六七八九]|二十|[一二三四五六七八九十]"
_COUNTED_RE = re.compile(rf"(?<![第\d{_CJK_NUM}几])(?P<num>{_ORD_NUM}|两|\d{{1,2}})"
                         r"(?P<cls>个|项|件|大|条|张|方面|点)(?P<noun>[^：:。；，“”]{0,12})[：:]\s*$")
_ENUM_RE = re.compile(rf"等(?P<num>{_ORD_NUM}|两|\d{{1,2}})(?P<cls>个|项|件|大|条|张|种|类|方面)")
_MARKER_RE = re.compile(rf"(?:(?<=[，；。：、\s])|^)(?:(?P<n>{_ORD_NUM})(?P<m>要|是|则|抓)|"
                        rf"(?P<m2>第)(?P<n2>{_ORD_NUM})(?=[，、,：:]))")
_PAR_MARKER_RE = re.compile(rf"^(?:(?P<a>{_ORD_NUM})、|[（(](?P<b>{_ORD_NUM})[）)])")
_LIST_LEAD = re.compile(r"^.*(?:打造|建设|实施|推进|抓了|抓好|抓|开展|形成|聚焦|围绕|包括|涵盖|做到|实现|"
                        r"重点|突出|培育|发展|构建)")


def _ord(token: str) -> int | None:
    return _CN_ORD.index(token) + 1 if token in _CN_ORD else None


def _stated(token: str) -> int | None:
    token = token.translate(_WIDE)
    return int(token) if token.isdigit() else (2 if token == "两" else parse_int(token))


def _item(text: str) -> str:
    return text.strip(" ，,；;。、：:\u3000")


def _marker_lists(par: str) -> list[tuple[int, int, list[str]]]:
    """Ordinal-marker lists in a paragraph (一要…二要…, 一是…二是…): (start, end, items)."""
    inside = protected_mask(par)
    by_style: dict[str, list[re.Match]] = {}
    for m in _MARKER_RE.finditer(par):
        if not inside[m.start()]:
            by_style.setdefault(m.group("m") or m.group("m2"), []).append(m)
    out = []
    for marks in by_style.values():
        run: list[re.Match] = []
        for m in marks:
            n = _ord(m.group("n") or m.group("n2"))
            if n == 1:
                if len(run) >= 2:
                    break
                run = [m]
            elif run and n == len(run) + 1:
                run.append(m)
        if len(run) < 2:
            continue
        items = []
        for k, m in enumerate(run):
            end = run[k + 1].start() if k + 1 < len(run) else len(par)
            if k + 1 == len(run):
                stop = re.search(r"[。！？]", par[m.end():])
                end = m.end() + stop.start() if stop else len(par)
            items.append(_item(par[m.end():end]))
        out.append((run[0].start(), end, items))
    return out


_MAX_ITEMS = 40  # a parallel list longer than this is not looked for


def _parallel(segs: list[str]) -> tuple[int, int, int] | None:
    """The longest run (i, j) of ≥ 3 segments sharing a head or a tail; and the offset
    at which the first segment's item starts (after a lead-in)."""
    n = len(segs)
    best = None
    for i in range(n):
        for j in range(min(n, i + _MAX_ITEMS), i + 2, -1):
            group = segs[i:j]
            if best and j - i <= best[1] - best[0]:
                break
            rest = [re.sub(r"^要", "", g) for g in group[1:]]
            head = rest[0][:2]
            if len(head) == 2 and all(r.startswith(head) for r in rest) and \
                    re.fullmatch(r"[\u4e00-\u9fff]{2}", head):
                k = group[0].rfind(head)
                if k >= 0:
                    start = k - 1 if k > 0 and group[0][k - 1] == "要" else k
                    best = (i, j, start)
                    break
                best = (i + 1, j, 0) if j - i - 1 >= 3 else best
                if best and best[0] == i + 1:
                    break
            if all(g.startswith("要") for g in group[1:]) and "要" in group[0]:
                best = (i, j, group[0].rfind("要") if not group[0].startswith("要") else 0)
                break
            tail = _common_tail(group)
            if len(tail) >= 3 and re.search(r"[\u4e00-\u9fff]{3}$", tail):
                best = (i, j, 0)
                break
            # the same word opens the second part of every clause: 锤炼…，筑牢…；砥砺…，筑牢…
            seconds = [g.split("，", 1)[1][:2] if "，" in g else "" for g in group]
            firsts = [g.split("，", 1)[0] for g in group]
            if seconds[1] and all(x == seconds[1] for x in seconds[1:]) and \
                    re.fullmatch(r"[\u4e00-\u9fff]{2}", seconds[1]) and \
                    all(len(f) <= 12 for f in firsts[1:]):
                if seconds[0] == seconds[1] and len(firsts[0]) <= 12:
                    best = (i, j, 0)
                    break
                if j - i - 1 >= 3:
                    best = (i + 1, j, 0)
                    break
    return best


def _common_tail(group: list[str]) -> str:
    tail = group[0]
    for g in group[1:]:
        k = 0
        while k < min(len(tail), len(g)) and tail[-1 - k] == g[-1 - k]:
            k += 1
        tail = tail[len(tail) - k:]
        if not tail:
            break
    return tail


def task_lists(docs: pd.DataFrame) -> pd.DataFrame:
    """Counted and parallel task lists, one row per list.

    ``kind``:

    - *counted*: a stated number before a colon, then the items (重点抓好八个方面工作：A；
      B；…; items split at ；, or at 一是 / 一要 markers, or in the following 一、 / （一）
      paragraphs).
    - *enumerated*: A、B、C等十个“桥头堡” / …等6件大事 — items split at 、.
    - *ordinal*: 一要…二要…十二要 (also 一是, 一则, 一抓) inside a paragraph.
    - *numbered*: paragraphs opening 一、 二、 (or （一）（二）); items are their first
      sentences.
    - *parallel*: uncounted lists of three or more ；-separated clauses in one sentence
      that share a head (聚焦…；聚焦…, 要…；要…, 必须…；必须…) or a tail of at least three
      characters (…上走前列作示范).

    Columns: ``doc_id, par_no, kind, count_stated`` (missing when no number is stated),
    ``count_found`` (items found), ``items`` (list of headings, as written, markers and
    end punctuation stripped), ``mismatch`` (stated ≠ found; missing when nothing is
    stated), ``clause`` (the source text of the list within its paragraph; for numbered
    paragraphs the lead-in or the first heading).
    """
    rows = []
    for doc in _docs(docs):
        pars = doc.pars
        covered: set[tuple[int, int]] = set()  # (par_no, sentence start)
        numbered_done: set[int] = set()
        for p, par in enumerate(pars):
            par_no = p + 1
            inside = protected_mask(par)
            sentences = _split(par, _SENTENCE_STOPS, inside)
            sent_starts = [ss for ss, _ in sentences]
            markers = _marker_lists(par)
            # counted lead-ins
            for s, e in _split(par, set("。！？!?：:"), inside):
                lead_end = e + 1 if e < len(par) and par[e] in "：:" else None
                if lead_end is None:
                    continue
                m = _COUNTED_RE.search(par, s, lead_end)
                if not m:
                    continue
                stated = _stated(m.group("num"))
                k = bisect.bisect_right(sent_starts, lead_end) - 1
                holder = sentences[k] if k >= 0 and lead_end <= sentences[k][1] else None
                rest_end = holder[1] if holder else len(par)
                body = par[lead_end:rest_end]
                items = []
                marker = [mk for mk in markers if lead_end <= mk[0] <= lead_end + 2]
                if marker:
                    items = marker[0][2]
                    markers.remove(marker[0])
                elif body.strip():
                    segs = [_item(body[a:b]) for a, b in _split(body, set("；;"))]
                    items = [x for x in segs if x]
                    if len(items) < 2:
                        items = []
                if not items and not body.strip():
                    # the items are the following numbered paragraphs
                    items = _numbered_after(pars, p + 1)
                    numbered_done.update(range(p + 2, p + 2 + len(items)))
                if not items:
                    continue
                if holder:
                    covered.add((par_no, holder[0]))
                rows.append(dict(doc_id=doc.doc_id, par_no=par_no, kind="counted",
                                 count_stated=stated, count_found=len(items), items=items,
                                 clause=par[s:rest_end]))
            # enumerated lists: A、B、C等N个X
            stop_pos = [k for k, ch in enumerate(par) if ch in "，。；：,;:" and not inside[k]]
            for m in _ENUM_RE.finditer(par):
                if inside[m.start()]:
                    continue
                k = bisect.bisect_left(stop_pos, m.start()) - 1
                seg_start = stop_pos[k] + 1 if k >= 0 else 0
                enum = par[seg_start:m.start()]
                parts = [_item(par[seg_start + a:seg_start + b])
                         for a, b in _split(enum, set("、"), inside[seg_start:m.start()])]
                if len(parts) < 2:
                    continue
                lead = _LIST_LEAD.match(parts[0])
                if lead and len(parts[0]) - lead.end() >= 2:
                    parts[0] = parts[0][lead.end():]
                tail_end = re.search(r"[，。；：]", par[m.end():])
                end = m.end() + tail_end.start() if tail_end else len(par)
                rows.append(dict(doc_id=doc.doc_id, par_no=par_no, kind="enumerated",
                                 count_stated=_stated(m.group("num")), count_found=len(parts),
                                 items=parts, clause=par[seg_start:end]))
            # ordinal markers
            for s, e, items in markers:
                rows.append(dict(doc_id=doc.doc_id, par_no=par_no, kind="ordinal",
                                 count_stated=None, count_found=len(items), items=items,
                                 clause=par[s:e]))
                for ss, se in sentences:
                    if s <= se and ss <= e:
                        covered.add((par_no, ss))
            # parallel ；-lists
            for ss, se in sentences:
                if (par_no, ss) in covered:
                    continue
                spans = _split(par[ss:se], set("；;"), inside[ss:se])
                if len(spans) < 3:
                    continue
                segs = [par[ss + a:ss + b] for a, b in spans]
                found = _parallel(segs)
                if not found:
                    continue
                i, j, offset = found
                items = [_item(x) for x in segs[i:j]]
                items[0] = _item(segs[i][offset:])
                first = ss + spans[i][0] + offset
                rows.append(dict(doc_id=doc.doc_id, par_no=par_no, kind="parallel",
                                 count_stated=None, count_found=len(items), items=items,
                                 clause=par[first:ss + spans[j - 1][1]]))
        # numbered paragraphs without a stated lead-in
        p = 0
        while p < len(pars):
            if p + 1 in numbered_done or not _PAR_MARKER_RE.match(pars[p]):
                p += 1
                continue
            m = _PAR_MARKER_RE.match(pars[p])
            if _ord(m.group("a") or m.group("b")) != 1:
                p += 1
                continue
            items = _numbered_after(pars, p)
            if len(items) >= 2:
                rows.append(dict(doc_id=doc.doc_id, par_no=p + 1, kind="numbered",
                                 count_stated=None, count_found=len(items), items=items,
                                 clause=_first_sentence(pars[p])))
            p += max(1, len(items))
    for r in rows:
        stated = r["count_stated"]
        r["mismatch"] = None if stated is None else stated != r["count_found"]
    rows.sort(key=lambda r: (r["doc_id"], r["par_no"]))
    return _frame(rows, TASK_COLUMNS)


def _first_sentence(par: str) -> str:
    spans = _split(par, _SENTENCE_STOPS)
    return par[spans[0][0]:spans[0][1]] if spans else par


def _numbered_after(pars: list[str], p: int) -> list[str]:
    """Headings of the numbered paragraphs 一、 二、 … from index ``p`` on (gaps allowed
    between them for unnumbered sub-paragraphs)."""
    items, expected, k = [], 1, p
    while k < len(pars):
        m = _PAR_MARKER_RE.match(pars[k])
        if m:
            n = _ord(m.group("a") or m.group("b"))
            if n != expected:
                break
            items.append(_item(_first_sentence(pars[k][m.end():])))
            expected += 1
        elif expected == 1:
            break
        elif re.match(r"^(?:全会|会议|中共|.{0,12}书记)", pars[k]):
            break
        k += 1
    return items


# ---------------------------------------------------------------------------------------
# Tables and figures for notebook 04
# ---------------------------------------------------------------------------------------

def _places(docs: pd.DataFrame) -> dict[str, str]:
    """doc_id → place (the doc_id where the place is unknown)."""
    return {d.doc_id: d.place or d.doc_id for d in _docs(docs)}


def _place_order(docs: pd.DataFrame) -> list[str]:
    """Places grouped by province (where known), then in the order of the documents."""
    provinces = {}
    if isinstance(docs, pd.DataFrame) and "province" in docs.columns:
        for d, prov in zip(_docs(docs), docs["province"]):
            provinces.setdefault(d.place or d.doc_id, prov if isinstance(prov, str) else "")
    names = list(dict.fromkeys(_places(docs).values()))
    return sorted(names, key=lambda p: (provinces.get(p, ""), names.index(p)))


def _province_of(docs: pd.DataFrame) -> dict[str, str]:
    out = {}
    if isinstance(docs, pd.DataFrame) and "province" in docs.columns:
        for d, prov in zip(_docs(docs), docs["province"]):
            if isinstance(prov, str) and prov:
                out.setdefault(d.place or d.doc_id, prov)
    return out


def _label(place: str, lang: str) -> str:
    from .plotting import place_label
    return place_label(place, lang) if lang in ("zh", "en") else place


def _target_text(row) -> str:
    if pd.isna(row.value):
        return row.comparator if isinstance(row.comparator, str) else ""
    value = f"{row.value:g}"
    if pd.notna(row.value_high):
        value += f"–{row.value_high:g}"
    verb = {"growth": "+", "decline": "−"}.get(row.measure, "")
    text = f"{verb}{value}{row.unit if isinstance(row.unit, str) else ''}"
    if isinstance(row.hedge, str):
        text += row.hedge
    if isinstance(row.modality, str):
        text = f"{row.modality} {text}"
    if isinstance(row.comparator, str):
        text += f"（{row.comparator}）"
    return text


def target_table(docs: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Side by side: one row per indicator, one column per place (every place, also those
    without targets), each cell the targets as written in short: 确保 +8%, 争取 1300亿元
    (+ growth, − decline; hedge and comparator kept). Empty where a place sets none."""
    found = targets(docs)
    places = _places(docs)
    columns = [_label(p, lang) for p in _place_order(docs)]
    if found.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="indicator"), dtype="string")
    found = found.assign(place=[_label(places.get(d, d), lang) for d in found["doc_id"]])
    found["cell"] = [_target_text(r) for r in found.itertuples()]
    wide = found.groupby(["indicator", "place"], sort=False)["cell"].agg("；".join).unstack("place")
    wide = wide.reindex(columns=columns).astype("object")
    wide = wide.where(wide.notna(), "")
    wide.columns.name = None
    return wide.astype("string")


def target_summary(docs: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Per place (every place, zeros included): ``n_targets`` and how the wording holds
    them — ``binding``, ``aspirational``, ``expected`` (class of the modality word in
    :data:`MODALITIES`; no word written counts as expected) — and the ``modalities`` used,
    in order of first use ("(none)" for a target without a modality word)."""
    found = targets(docs)
    places = _places(docs)
    cls = {w: c for w, _, c, _ in MODALITIES}
    rows = []
    for place in _place_order(docs):
        mine = found[[places.get(d, d) == place for d in found["doc_id"]]]
        words = [m if isinstance(m, str) else "(none)" for m in mine["modality"]]
        classes = [cls.get(w, "expected") for w in words]
        rows.append(dict(place=_label(place, lang), n_targets=len(mine),
                         binding=classes.count("binding"),
                         aspirational=classes.count("aspirational"),
                         expected=classes.count("expected"),
                         modalities="、".join(dict.fromkeys(words))))
    return _frame(rows, {"place": "string", "n_targets": "int64", "binding": "int64",
                         "aspirational": "int64", "expected": "int64", "modalities": "string"})


def task_list_table(docs: pd.DataFrame, lang: str = "zh", width: int = 24) -> pd.DataFrame:
    """The task lists of :func:`task_lists` per place, for reading: ``place, par_no, kind,
    count_stated, count_found, mismatch, first_item`` (cut to ``width`` characters)."""
    found = task_lists(docs)
    places = _places(docs)
    order = {p: k for k, p in enumerate(_place_order(docs))}
    out = found.assign(place=[places.get(d, d) for d in found["doc_id"]])
    out["first_item"] = [(items[0] if len(items[0]) <= width else items[0][:width - 1] + "…")
                         if items else "" for items in out["items"]]
    out = out.sort_values(["place", "par_no"], key=lambda c: c.map(order) if c.name == "place" else c,
                          kind="stable")
    out["place"] = [_label(p, lang) for p in out["place"]]
    return out[["place", "par_no", "kind", "count_stated", "count_found", "mismatch",
                "first_item"]].reset_index(drop=True)


def goal_table(docs: pd.DataFrame, lang: str = "zh",
               terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """The headline aspiration of each place: ``place, verb, goal`` for the goals of its
    lede (see :func:`goals`), one row per distinct goal, in order of appearance; with
    ``lang="en"`` also ``english``, the glossary's gloss of the longest term the goal
    contains (missing where the glossary has none)."""
    found = goals(docs)
    places = _places(docs)
    head = found[found["headline"].fillna(False)]
    head = head.assign(place=[_label(places.get(d, d), lang) for d in head["doc_id"]])
    head = head.drop_duplicates(["doc_id", "goal"])
    out = head[["place", "verb", "goal"]].reset_index(drop=True)
    if lang == "en":
        out["english"] = pd.array([_gloss_within(g, terms) for g in out["goal"]], dtype="string")
    return out


def _gloss_within(text: str, terms: pd.DataFrame | None = None) -> str | None:
    """English of the longest glossary term the text contains (重要窗口 in “重要窗口”的市域样本)."""
    gloss = _glossary(terms)
    key = _clean(text)
    best = None
    for term, english in zip(gloss["key"], gloss["english"]):
        if english and term in key and (best is None or len(term) > len(best[0])):
            best = (term, english)
    return best[1] if best else None


def horizon_table(docs: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Distinct horizons per place: ``place, horizon, kind, start_year, year, relation,
    mentions``, ordered by place and year."""
    found = horizons(docs)
    places = _places(docs)
    order = {p: k for k, p in enumerate(_place_order(docs))}
    found = found.assign(place=[places.get(d, d) for d in found["doc_id"]])
    table = (found.groupby(["place", "horizon", "kind"], dropna=False, sort=False)
             .agg(start_year=("start_year", "first"), year=("year", "first"),
                  relation=("relation", "first"), mentions=("clause", "size"))
             .reset_index())
    table["rank"] = table["place"].map(order)
    table = table.sort_values(["rank", "year", "horizon"], ignore_index=True).drop(columns="rank")
    table["place"] = [_label(p, lang) for p in table["place"]]
    return table


_LEVEL_ORDER = ["central", "provincial", "local", "unclassified"]


def _short(english: str, width: int = 38) -> str:
    """An English gloss without its parenthesis, cut to ``width`` characters."""
    text = re.sub(r"\s*\(.*?\)", "", english).strip() or english
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def formulation_matrix(docs: pd.DataFrame, terms: pd.DataFrame | None = None,
                       lang: str = "zh", min_places: int = 1) -> pd.DataFrame:
    """Counts of each formulation (rows) per place (columns), with a ``level`` column
    (central / provincial / local from the glossary; "unclassified" when the glossary does
    not have the term) and rows ordered by level, then by how many places use them.
    ``lang="en"`` labels rows with the glossary's English where it has one."""
    found = formulations(docs, terms)
    places = _places(docs)
    columns = [_label(p, lang) for p in _place_order(docs)]
    if found.empty:
        return pd.DataFrame(columns=["level"] + columns)
    found = found.assign(place=[_label(places.get(d, d), lang) for d in found["doc_id"]],
                         level=found["level"].fillna("unclassified").replace("", "unclassified"))
    if lang == "en":
        found["label"] = [f"{f}  {_short(e)}" if isinstance(e, str) and e else f
                          for f, e in zip(found["formulation"], found["english"])]
    else:
        found["label"] = found["formulation"]
    wide = found.pivot_table(index=["level", "label"], columns="place", values="count",
                             aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=columns, fill_value=0)
    wide = wide[(wide > 0).sum(axis=1) >= min_places]
    order = sorted(wide.index, key=lambda k: (
        _LEVEL_ORDER.index(k[0]) if k[0] in _LEVEL_ORDER else len(_LEVEL_ORDER),
        -(wide.loc[k] > 0).sum(), -wide.loc[k].sum(), k[1]))
    wide = wide.loc[order].astype("int64")
    out = wide.reset_index(level="level").rename_axis(index="formulation")
    out.columns.name = None
    return out


def plot_targets(docs: pd.DataFrame, lang: str = "zh"):
    """Number of quantitative targets per place, split by how the wording holds them:
    binding (确保, 完成 …), aspirational (争取, 力争 …), expected (达到, 突破 … or no
    modality word). Places that set no number are shown with 'no numeric targets'."""
    import matplotlib.pyplot as plt

    from .plotting import setup_plotting

    setup_plotting()
    found = targets(docs)
    places = _places(docs)
    names = _place_order(docs)
    cls = {w: c for w, _, c, _ in MODALITIES}
    found = found.assign(place=[places.get(d, d) for d in found["doc_id"]],
                         cls=[cls.get(m, "expected") if isinstance(m, str) else "expected"
                              for m in found["modality"]])
    counts = found.groupby(["place", "cls"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=names, columns=["binding", "aspirational", "expected"],
                            fill_value=0)
    colors = {"binding": "#b2182b", "aspirational": "#ef8a62", "expected": "#bbbbbb"}
    legend = {"binding": "binding (确保, 完成 …)", "aspirational": "aspirational (争取, 力争 …)",
              "expected": "expected (达到, 突破, none written)"}
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.55 * len(names)), layout="constrained")
    labels = [_label(p, lang) for p in names]
    left = pd.Series(0, index=names)
    for c in counts.columns:
        ax.barh(labels, counts[c], left=left, color=colors[c], label=legend[c])
        left += counts[c]
    for y, total in enumerate(left):
        ax.text(total, y, f" {total}" if total else " no numeric targets", va="center", fontsize=10)
    ax.invert_yaxis()
    ax.set_xlabel("Quantitative targets in the report")
    ax.set_title("Who commits to numbers, and how firmly")
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    ax.margins(x=0.3)
    return fig


def plot_formulation_heatmap(docs: pd.DataFrame, terms: pd.DataFrame | None = None,
                             lang: str = "zh", min_places: int = 1, max_rows: int | None = 45):
    """Heatmap of formulation counts (rows) by place (columns), rows grouped central /
    provincial / local / unclassified (glossary level), most widely shared first within a
    group; at most ``max_rows`` rows (the most frequent; None: all). Columns are places,
    grouped by province."""
    import matplotlib.pyplot as plt
    import numpy as np

    from .plotting import setup_plotting

    setup_plotting()
    table = formulation_matrix(docs, terms, lang=lang, min_places=min_places)
    places = [c for c in table.columns if c != "level"]
    province = {_label(p, lang): _label(v, lang) for p, v in _province_of(docs).items()}
    if max_rows is not None and len(table) > max_rows:
        keep = table[places].sum(axis=1).sort_values(ascending=False).index[:max_rows]
        table = table[table.index.isin(keep)]
    width = 3 + 1.1 * max(1, len(places)) + (3 if lang == "en" else 0)
    fig, ax = plt.subplots(figsize=(width, 1.8 + 0.32 * max(1, len(table))), layout="constrained")
    if table.empty:
        ax.text(0.5, 0.5, "no formulations found", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    values = table[places].to_numpy(dtype=float)
    shown = np.where(values > 0, values, np.nan)
    cmap = plt.get_cmap("YlOrRd").with_extremes(bad="#f4f4f4")
    ax.imshow(shown, aspect="auto", cmap=cmap, vmin=0, vmax=max(1.0, np.nanmax(values)))
    for (i, j), v in np.ndenumerate(values):
        if v > 0:
            ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=9,
                    color="white" if v > 0.6 * np.nanmax(values) else "black")
    ax.set_xticks(range(len(places)))
    ax.set_xticklabels([f"{p}\n{province[p]}" if p in province else p for p in places])
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(table)))
    ax.set_yticklabels(table.index, fontsize=9)
    provinces = [province.get(p) for p in places]
    for j in range(1, len(places)):
        if provinces[j] != provinces[j - 1]:
            ax.axvline(j - 0.5, color="black", linewidth=1.2)
    levels = list(table["level"])
    start = 0
    for k in range(1, len(levels) + 1):
        if k == len(levels) or levels[k] != levels[start]:
            if k < len(levels):
                ax.axhline(k - 0.5, color="black", linewidth=1.2)
            ax.text(len(places) - 0.4, (start + k - 1) / 2, f"  {levels[start]}", va="center",
                    ha="left", fontsize=10)
            start = k
    ax.set_title("Formulations repeated in each report (count)\nrows grouped by the level that "
                 "coined them", pad=12)
    return fig


def plot_task_lists(docs: pd.DataFrame, lang: str = "zh"):
    """Every task list per place as a dot at its length (items found); a ring marks the
    length the report states, where it states one; colour by kind of list."""
    import matplotlib.pyplot as plt

    from .plotting import setup_plotting

    setup_plotting()
    found = task_lists(docs)
    places = _places(docs)
    names = _place_order(docs)
    kinds = ["counted", "enumerated", "ordinal", "numbered", "parallel"]
    cmap = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(9, 1.3 + 0.6 * len(names)), layout="constrained")
    found = found.assign(place=[places.get(d, d) for d in found["doc_id"]])
    for y, place in enumerate(names):
        rows = found[found["place"] == place]
        for k, row in enumerate(rows.itertuples()):
            jitter = (k % 5 - 2) * 0.08
            color = cmap(kinds.index(row.kind) if row.kind in kinds else 9)
            ax.scatter(row.count_found, y + jitter, s=60, color=color, zorder=3)
            if pd.notna(row.count_stated):
                ax.scatter(row.count_stated, y + jitter, s=160, facecolor="none",
                           edgecolor="black", linewidth=1.2, zorder=4)
        if rows.empty:
            ax.text(0.5, y, "no lists found", va="center", fontsize=9, color="#777777")
    for i, kind in enumerate(kinds):
        ax.scatter([], [], color=cmap(i), label=kind)
    ax.scatter([], [], facecolor="none", edgecolor="black", s=120, label="length stated")
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([_label(p, lang) for p in names])
    ax.invert_yaxis()
    ax.set_xlabel("Items in the list")
    ax.set_title("Task lists: how many items each list has (and how many the report says)")
    ax.grid(axis="x", alpha=0.3)
    fig.legend(ncol=6, loc="outside lower center", frameon=False, fontsize=9)
    return fig


def plot_horizons(docs: pd.DataFrame, lang: str = "zh"):
    """The years each report looks to: plan periods and spans as bars from start to end
    year, single years as dots (one line per horizon), the year of the meeting (or of
    publication) as a dotted line."""
    import matplotlib.pyplot as plt

    from .plotting import place_colors, setup_plotting

    setup_plotting()
    found = horizons(docs)
    items = _docs(docs)
    names = _place_order(docs)
    refs = {}
    for d in items:
        if d.ref is not None:
            refs.setdefault(d.place or d.doc_id, d.ref.year)
    places = _places(docs)
    palette = place_colors(names)
    found = found[found["year"].notna()]
    found = found.assign(place=[places.get(d, d) for d in found["doc_id"]])
    fig, ax = plt.subplots(figsize=(10, 1.4 + 0.8 * len(names)), layout="constrained")
    for y, place in enumerate(names):
        color = palette.get(place, "#777777")
        rows = found[found["place"] == place].drop_duplicates("horizon")
        rows = rows.sort_values(["year", "horizon"])
        n = len(rows)
        for k, row in enumerate(rows.itertuples()):
            start = row.start_year if pd.notna(row.start_year) else row.year
            off = 0 if n == 1 else -0.32 + 0.64 * k / (n - 1)
            if start != row.year:
                ax.plot([start - 0.45, row.year + 0.45], [y + off, y + off], color=color,
                        linewidth=5, alpha=0.6, solid_capstyle="butt", zorder=2)
            else:
                ax.scatter(row.year, y + off, color=color, s=36, zorder=3)
            ax.annotate(row.horizon, (row.year + 0.45, y + off), xytext=(4, 0),
                        textcoords="offset points", fontsize=8, va="center")
        if place in refs:
            ax.plot([refs[place]] * 2, [y - 0.42, y + 0.42], color="black", linewidth=1,
                    linestyle=":", zorder=1)
        if y:
            ax.axhline(y - 0.5, color="#dddddd", linewidth=0.8, zorder=0)
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([_label(p, lang) for p in names])
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlabel("Year (dotted line: year of the meeting, or of publication)")
    ax.set_title("How far ahead each report looks")
    ax.grid(axis="x", alpha=0.3)
    ax.margins(x=0.08)
    return fig
