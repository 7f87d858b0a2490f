"""Counted and parallel task lists: 重点抓好八个方面工作：…, A、B、C等十个“桥头堡”,
一要…二要…, numbered paragraphs 一、二、, and uncounted parallel ；-lists — the length
each list states against the items found."""

from __future__ import annotations

import bisect
import re

import pandas as pd

from .._text import WIDE_TO_ASCII, protected_mask
from ..numerals import CN_NUMERAL_CHARS, CN_ORDINAL, CN_ORDINALS, parse_int
from ..units import SENTENCE_STOPS, clause_spans
from ._clauses import carry, first_sentence, frame, read_docs
from .._text import python_strings

TASK_COLUMNS = {"doc_id": "string", "par_no": "Int64", "kind": "string",
                "count_stated": "Int64", "count_found": "int64", "items": "object",
                "mismatch": "boolean", "clause": "string"}

_CN_ORD = list(CN_ORDINALS)
_ORD_NUM = CN_ORDINAL
_COUNTED_RE = re.compile(rf"(?<![第\d{CN_NUMERAL_CHARS}几])(?P<num>{_ORD_NUM}|两|\d{{1,2}})"
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
    token = token.translate(WIDE_TO_ASCII)
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


@python_strings
def task_lists(docs: pd.DataFrame, *, keep=()) -> pd.DataFrame:
    """Counted and parallel task lists, one row per list.

    The kinds of list (``kind``):

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

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required).
    keep : str or sequence of str, keyword-only
        Document columns to carry onto every row, after ``doc_id`` (``keep=("place",)``).

    Returns
    -------
    DataFrame
        ``doc_id``, the ``keep`` columns, ``par_no, kind, count_stated`` (missing when no
        number is stated), ``count_found`` (items found), ``items`` (list of headings, as
        written, markers and end punctuation stripped), ``mismatch`` (stated ≠ found; missing
        when nothing is stated), ``clause`` (the source text of the list within its
        paragraph; for numbered paragraphs the lead-in or the first heading).
    """
    rows = []
    for doc in read_docs(docs, "task_lists"):
        pars = doc.pars
        covered: set[tuple[int, int]] = set()  # (par_no, sentence start)
        numbered_done: set[int] = set()
        for p, par in enumerate(pars):
            par_no = p + 1
            inside = protected_mask(par)
            sentences = clause_spans(par, SENTENCE_STOPS, inside)
            sent_starts = [ss for ss, _ in sentences]
            markers = _marker_lists(par)
            # counted lead-ins
            for s, e in clause_spans(par, set("。！？!?：:"), inside):
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
                    segs = [_item(body[a:b]) for a, b in clause_spans(body, set("；;"))]
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
                         for a, b in clause_spans(enum, set("、"), inside[seg_start:m.start()])]
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
                spans = clause_spans(par[ss:se], set("；;"), inside[ss:se])
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
                                 clause=first_sentence(pars[p])))
            p += max(1, len(items))
    for r in rows:
        stated = r["count_stated"]
        r["mismatch"] = None if stated is None else stated != r["count_found"]
    rows.sort(key=lambda r: (r["doc_id"], r["par_no"]))
    return carry(frame(rows, TASK_COLUMNS), docs, keep, "task_lists")


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
            items.append(_item(first_sentence(pars[k][m.end():])))
            expected += 1
        elif expected == 1:
            break
        elif re.match(r"^(?:全会|会议|中共|.{0,12}书记)", pars[k]):
            break
        k += 1
    return items

