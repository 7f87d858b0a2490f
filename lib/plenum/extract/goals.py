"""Positioning and goal statements: the objects of 打造, 建设, 争当, 成为, 谱写 …
(``data/goal_verbs.csv``), and which of them the report states in its lede."""

from __future__ import annotations

import re

import pandas as pd

from .._text import QUOTE_CHARS, protected_mask, strip_quotes
from ..lexicon import word_list
from ..numerals import CN_COUNT_CHARS
from ._clauses import carry, PAIRS, clause_at, frame, paragraph_clauses, past_flags, read_docs, span_index
from .._text import python_strings

GOAL_COLUMNS = {"doc_id": "string", "par_no": "Int64", "goal": "string", "verb": "string",
                "headline": "boolean", "clause": "string"}

_GOAL_VERBS = word_list("goal_verbs")
_GOAL_RE = re.compile("|".join(map(re.escape, _GOAL_VERBS)))
#: Words before 建设 / 建成 that make it a verb (加快建设…) rather than a noun (党的建设).
_BUILD_BEFORE = re.compile("(?:" + "|".join(map(re.escape, word_list("build_verb_before"))) + ")$")
_OBJECT_STOP = re.compile("|".join(map(re.escape, word_list("goal_object_stops"))))
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
        if ch in PAIRS or (ch == '"' and depth == 0):
            depth += 1
        elif ch in PAIRS.values() or ch == '"':
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
    m = re.search(rf"等([{CN_COUNT_CHARS}\d][^、]*)$", obj)
    if m and "、" in obj:
        obj = m.group(1)
    obj = re.sub(r"的$", "", obj)
    if len(obj) >= 2 and obj[0] in "“‘「『\"" and PAIRS.get(obj[0], '"') == obj[-1] \
            and not re.search(rf"[{QUOTE_CHARS}]", obj[1:-1]):
        obj = obj[1:-1]
    return obj


@python_strings
def goals(docs: pd.DataFrame, *, keep=()) -> pd.DataFrame:
    """Positioning and goal statements, one row per mention.

    The objects of 打造, 建设 (as a verb), 建成, 争当, 争创, 争做, 勇当, 当好, 成为, 走出, 书写,
    谱写, 续写. An object runs to the next punctuation mark (a 、 list is kept when it ends in
    等 + number or 之路: 十个“桥头堡”, 一条…之路), to the close of a frame (在建设美丽镇江上…
    → 美丽镇江), to a following goal verb (打造浙中增长极建设未来新中心), or to 的决定 /
    的决议 in a title. Goals inside quotes are read too (谱写“打造浙中增长极、建设未来新
    中心”的精彩华章 gives three). 建设 / 建成 count only as verbs: after punctuation or
    words such as 加快, 全力, 在, 高质量发展 — not in 党的建设, 现代化建设新篇章.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required).
    keep : str or sequence of str, keyword-only
        Document columns to carry onto every row, after ``doc_id`` (``keep=("place",)``).

    Returns
    -------
    DataFrame
        ``doc_id``, the ``keep`` columns, ``par_no, goal`` (as written, quotes kept inside,
        dropped when the whole goal is one quotation: 美丽常州新样板 ← “美丽常州新样板”;
        “镇江很有前途”现代化建设新篇章), ``verb``, ``headline`` (the goal is stated in the
        report's lede: the first paragraph that states any goal — where these reports put the
        place's headline aspiration), ``clause``.
    """
    rows = []
    for doc in read_docs(docs, "goals"):
        doc_rows = []
        for par_no, par in enumerate(doc.pars, start=1):
            inside = protected_mask(par)
            clauses = paragraph_clauses(par, par_no)
            spans = [(c.start, c.end) for c in clauses]
            past = past_flags(clauses)
            covered_to = -1  # end of the last object outside quotes
            chained: set[int] = set()  # objects cut short by a following verb: 打造A建设B
            for m in _GOAL_RE.finditer(par):
                i, verb = m.start(), m.group(0)
                if not _verb_ok(par, i, verb, check_before=i not in chained):
                    continue
                k = span_index(spans, i)
                if k is not None and spans[k][0] <= i and past[k]:
                    continue
                if i < covered_to and not inside[i] and i not in chained:
                    continue
                framed = bool(re.search(r"在(?:[^，。；]{0,4})$", par[max(0, i - 6):i]))
                s, e = _goal_object(par, m.end(), framed, inside)
                if _GOAL_RE.match(par, e):
                    chained.add(e)
                goal = _tidy_goal(par[s:e])
                if len(strip_quotes(goal)) < 3 or len(goal) > 40:
                    continue
                covered_to = max(covered_to, e)
                doc_rows.append(dict(doc_id=doc.doc_id, par_no=par_no, goal=goal, verb=verb,
                                     clause=clause_at(par, i, spans)))
        if doc_rows:
            lede = doc_rows[0]["par_no"]
            for r in doc_rows:
                r["headline"] = r["par_no"] == lede
        rows.extend(doc_rows)
    return carry(frame(rows, GOAL_COLUMNS), docs, keep, "goals")

