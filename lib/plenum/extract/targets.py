"""Quantitative targets: a number with a unit (``data/target_units.csv``) or a rank tied
to an indicator, in a clause that does not review the past, with the modality word that
holds it (``data/modalities.csv``) and the horizon it belongs to."""

from __future__ import annotations

import re

import pandas as pd

from .._text import ascii_numbers
from ..lexicon import modality_table, target_units
from ..numerals import parse_int
from ._clauses import carry, Clause, arabic, frame, paragraph_clauses, past_flags, read_docs, segments
from .horizons import horizons_in
from .._text import python_strings

_MODALITIES = modality_table()
_MOD = {w: (role, cls) for w, role, cls in zip(_MODALITIES["word"], _MODALITIES["role"], _MODALITIES["class"])}


def _alternation(role: str) -> re.Pattern:
    words = [w for w, r in zip(_MODALITIES["word"], _MODALITIES["role"]) if r == role]
    return re.compile("|".join(sorted(words, key=len, reverse=True)))


_STANCE_RE = _alternation("stance")
_THRESH_RE = _alternation("threshold")

_UNITS = target_units()
#: Units a target value may carry, in file order (matched longest first).
TARGET_UNITS: tuple[str, ...] = tuple(_UNITS["unit"])
_CN_VALUE_UNITS = set(_UNITS.loc[_UNITS["chinese_value"] == "yes", "unit"])
_GROWTH_UNITS = set(_UNITS.loc[_UNITS["growth"] == "yes", "unit"])
_COUNTED_UNITS = set(_UNITS.loc[_UNITS["counted"] == "yes", "unit"])

TARGET_COLUMNS = {"doc_id": "string", "par_no": "Int64", "indicator": "string",
                  "modality": "string", "value": "float64", "value_high": "float64",
                  "unit": "string", "hedge": "string", "binding": "boolean",
                  "measure": "string", "comparator": "string", "horizon": "string",
                  "year": "Int64", "clause": "string"}

_UNIT_RE = "|".join(re.escape(u) for u in sorted(TARGET_UNITS, key=len, reverse=True))
_NUM_RE = r"(?<![\d.A-Za-z])\d+(?:,\d{3})*(?:\.\d+)?|(?<![数几上多第])[一二两三四五六七八九十百千]+"
# Every value counted ends in a digit right before its unit (6%, 6—7%), or in a Chinese
# numeral right before a unit that takes one (三个百分点, 两倍; 三个, 五项 are not values): a
# clause without either holds no value.
_VALUE_CUE_RE = re.compile(rf"\d(?:{_UNIT_RE})|[一二两三四五六七八九十百千]"
                           rf"(?:{'|'.join(re.escape(u) for u in sorted(_CN_VALUE_UNITS, key=len, reverse=True))})")
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


def _may_hold_targets(text: str) -> bool:
    """Whether ``text`` (full-width digits made ASCII) holds a value, a rank verb or a
    comparator, which every target holds: most clauses, and most paragraphs, hold none. (The
    three patterns have no look-around, so a paragraph without one has no clause with one.)"""
    return bool(_VALUE_CUE_RE.search(text) or _RANK_VERB_RE.search(text) or _COMPARATOR_RE.search(text))


def _clause_targets(c: Clause, context: bool) -> list[dict]:
    """Targets in one clause (no horizon yet)."""
    text = ascii_numbers(c.text)
    if not _may_hold_targets(text):
        return []
    rows: list[dict] = []
    pending: list[str] = []
    scope_modality = None  # a stance word written before the indicator scopes over the clause
    last_unit_kind = None
    for s, e, delim in segments(text):
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
                value = arabic(num)
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
            value = arabic(num) if num[0].isdigit() else parse_int(num)
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
        if not ind and first.group("unit") in _COUNTED_UNITS:
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
                             value_high=arabic(m.group("num2")) if m.group("num2") else None,
                             unit=unit, hedge=hedge, measure=measure,
                             comparator=comparator.group(0) if comparator else None, start=s))
    return rows


@python_strings
def targets(docs: pd.DataFrame, *, keep=()) -> pd.DataFrame:
    """Quantitative targets, one row per number committed to.

    Not targets: numbers without a unit of :data:`TARGET_UNITS` (dates, ages, 出席委员42名,
    session numbers, 20年来), Chinese-numeral counts (八个方面), and clauses about the past
    (一年来, 今年以来, 过去, 累计, 同比 …, 增长了, a horizon before the reference year).
    A number with a unit but no growth/modality verb counts only in a target context (the
    sentence names 目标 / 指标 / 预期) or after another target in the clause.

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
        ``doc_id``, the ``keep`` columns, ``par_no`` (as in :func:`plenum.paragraphs`), then:

        - ``indicator`` as written (地区生产总值, 一般公共预算收入, 规上工业总产值 …); a value
          without its own indicator inherits the previous one in the clause
          (地区生产总值确保增长8%，争取1300亿元 is two targets of 地区生产总值).
        - ``modality``: the stance word (确保, 争取, 力争 …) or else the threshold word (完成,
          达到, 突破, 高于, 控制在 …), missing when none is written; see
          ``data/modalities.csv``. A stance word written before the indicator
          (力争地区生产总值…，…) scopes over the rest of the clause.
        - ``value`` (float), ``value_high`` (upper end of a range such as 6%—7%, else
          missing), ``unit`` (%, 个百分点, 亿元, 万人, 个 …; 强 / 位 / 名 for a rank),
          ``hedge`` (左右, 以上, 以内, 约 …).
        - ``binding``: True when the modality commits (class "binding" in
          ``data/modalities.csv``), False when it aspires or merely expects, or when no
          modality word is written.
        - ``measure``: growth (rate or amount of increase: 增长, 提高), decline (下降, 降低),
          level (a level, share or total; also 提高到 / 达到), rank (重返…“30强”, 进入…前十).
        - ``comparator``: a relative target in the clause (增幅高于全市平均, 与经济增长同步);
          alone it makes a row without a value.
        - ``horizon``, ``year``: the horizon named in the clause, else the last one named
          earlier in the paragraph (明年全区经济社会发展的主要目标为：… → 明年), resolved as
          in :func:`horizons`.
        - ``clause``: the source clause.
    """
    rows = []
    for doc in read_docs(docs, "targets"):
        for par_no, par in enumerate(doc.pars, start=1):
            if not _may_hold_targets(ascii_numbers(par)):
                continue
            clauses = paragraph_clauses(par, par_no)
            past = past_flags(clauses)
            horizon = None
            context_sents: dict[int, bool] = {}
            for c, is_past in zip(clauses, past):
                found = [h for _, _, h in horizons_in(c.text, doc.ref)]
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
    return carry(frame(rows, TARGET_COLUMNS), docs, keep, "targets")

