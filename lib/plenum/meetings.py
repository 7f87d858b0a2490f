"""Which meeting a page reports: the committee plenums it names, the one that is its own
event, and what kind of session that is.

A page found by searching for plenum reports often reports something else: a standing-
committee meeting that prepares or studies a plenum, a Party-group meeting, a government
plenary meeting, a congress, the plenum of the discipline commission or the Youth League, a
press conference. The page's own event is the earliest meeting its headline names — else
its opening sentences — that the text does not only refer to (…全会精神, 筹备…全会, 定于…召开);
the non-plenum events are data (``data/meeting_events.csv``), and so are the session types
(``data/session_types.csv``).
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

from . import places
from .lexicon import read_table
from .numerals import BOUNDED_NUMERAL, parse_int

_LEVEL_CHARS = "市区县州旗盟"
_NUM = BOUNDED_NUMERAL

_MEETING_KIND = r"(?:全会|全委会|全委(?:（?扩大）?)?会议?|全体(?:（扩大）|扩大)?会议)"
_MEETING = re.compile(
    rf"(?P<comm>[省{_LEVEL_CHARS}工]委(?:员会)?)?第?(?P<term>{_NUM})届(?:委员会)?"
    rf"第?(?P<plenum>{_NUM})次(?P<name>{_MEETING_KIND})"
)
_MEETING_TERM_FIRST = re.compile(  # 十一届市委十次全会
    rf"(?P<term>{_NUM})届(?P<comm>[省{_LEVEL_CHARS}]委)第?(?P<plenum>{_NUM})次?(?P<name>{_MEETING_KIND})"
)
_MEETING_UNNUMBERED = re.compile(rf"(?P<comm>[{_LEVEL_CHARS}工]委)(?P<name>{_MEETING_KIND})")
# What follows a mention of a plenum that the page only refers to.
_REFERENCE_AFTER = re.compile(r"^.{0,3}(精神|部署|要求|以来|上|期间|提出|作出|审议|明确|的|筹备|准备|有关|相关|"
                              r"将于|定于|拟于|新闻发布会|发布会|新闻通气会|吹风会|报告|征求意见|后|之后|以后)")
_OWN_AFTER = re.compile(r"^.{0,3}(召开|举行|开幕|闭幕|在|于|公报|决议|决定|通过)")
# A meeting still to come: a preview of it, not its report.
_PREVIEW_AFTER = re.compile(r"^.{0,3}(将于|定于|拟于|即将|将在)")
_STUDY_BEFORE = re.compile(r"(学习|传达|贯彻|落实|宣讲|解读|按照|根据|研究|部署|筹备|准备|迎接|定于|将于|拟于)"
                           r"[^，。；]{0,12}$")


def _meeting_mentions(text: str, offset_label: str) -> list[dict]:
    found = []
    for pattern in (_MEETING, _MEETING_TERM_FIRST, _MEETING_UNNUMBERED):
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 16):m.start()]
            after = text[m.end():m.end() + 8]
            comm = m.group("comm") or ""
            level = comm[:1] if comm else None
            if not comm:
                lead = re.search(rf"([{_LEVEL_CHARS}省])委(?:员会)?(?:召开|举行)?$", before)
                level = lead.group(1) if lead else _level_of_trailing_name(before)
            if re.search(r"省委?(?:员会)?$|省(?:第)?$", before):
                level = "省"
            found.append({
                "where": offset_label, "start": m.start(), "level": level,
                "term": parse_int(m.groupdict().get("term")),
                "plenum": parse_int(m.groupdict().get("plenum")),
                "expanded": "扩大" in m.group("name"),
                "reference": bool(_REFERENCE_AFTER.match(after)) and not _OWN_AFTER.match(after)
                or bool(_STUDY_BEFORE.search(before)) or bool(_PREVIEW_AFTER.match(after)),
                "numbered": pattern is not _MEETING_UNNUMBERED,
            })
    return sorted(found, key=lambda f: f["start"])


def _level_of_trailing_name(text: str) -> str | None:
    """Level of a full place name that ends the text (…常州市金坛区 → 区)."""
    full, _ = places._index()
    for size in range(min(12, len(text)), 1, -1):
        if text[-size:] in full:
            return full[text[-size:]][0]["level"]
    return None


def _own_meeting(headline: str, lead: str, committee_level: str | None) -> dict | None:
    """The plenum the page reports: the first non-reference mention in the headline, else
    in the article's opening paragraphs, a numbered one preferred (a headline's 县委全会
    takes its 届 and 次 from the lead's 第十五届委员会第七次全体会议); a provincial plenum
    only when the committee itself is provincial."""
    found = {}
    for label, text in (("headline", headline), ("lead", lead)):
        mentions = [m for m in _meeting_mentions(text, label) if not m["reference"]]
        if committee_level and committee_level != "省":
            mentions = [m for m in mentions if m["level"] != "省"]
        found[label] = mentions
    for label in ("headline", "lead"):
        numbered = [m for m in found[label] if m["numbered"]]
        if numbered:
            return numbered[0]
        if found[label] and label == "headline":
            lead_numbered = [m for m in found["lead"] if m["numbered"]]
            return lead_numbered[0] if lead_numbered else found[label][0]
    return found["lead"][0] if found["lead"] else None


_ADOPTION = re.compile(r"[（(][^（）()]{0,30}?(?:中国共产党|中共)[^（）()]{2,40}?(?:全体会议|全会|全委会)(?:审议)?通过[)）]")


def _adoption_note(lines: list[str]) -> str | None:
    """The '（2020年12月11日中国共产党…全体会议通过）' note of an adopted document."""
    for line in lines:
        m = _ADOPTION.search(line)
        if m:
            return m.group(0)
    return None


# -- the page's own event ---------------------------------------------------------------

_CLAUSE_END = re.compile(r"[，。；！？：\s]")


def _clause(text: str, pos: int) -> str:
    """The clause of ``text`` around position ``pos`` (between ，。；！？ or line ends)."""
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, pos)]
    start = starts[-1] if starts else 0
    end = _CLAUSE_END.search(text, pos)
    return text[start:end.start() if end else len(text)].strip()


@functools.lru_cache(maxsize=1)
def _events() -> tuple[tuple[re.Pattern, str], ...]:
    table = read_table("meeting_events.csv", ["pattern", "event", "note"])
    return tuple((re.compile(p), e) for p, e in zip(table["pattern"], table["event"]) if p)


def _opening(lead: str, n: int = 2) -> str:
    """The first ``n`` sentences of the article."""
    parts = re.split(r"(?<=[。！？])", lead.strip())
    return "".join(parts[:n])


def page_event(headline: str, lead: str, committee_level: str | None = None) -> dict:
    """The page's own event: ``{"kind": "plenum" | "other", "event", "evidence"}``.

    In the headline, else in the article's first two sentences, the earliest meeting named
    that is not a mere reference decides: a committee plenum (a provincial one only when the
    committee is provincial) gives ``plenum``, any event of ``data/meeting_events.csv`` gives
    ``other``. ``evidence`` is the clause that decided; a page that names no meeting of its
    own is ``other``.
    """
    for text in (headline or "", _opening(lead or "")):
        found = []
        for m in _meeting_mentions(text, ""):
            if m["reference"] or (committee_level and committee_level != "省" and m["level"] == "省"):
                continue
            found.append((m["start"], 1, "plenum"))
        for pattern, event in _events():
            for m in pattern.finditer(text):
                found.append((m.start(), 0, event))
                break
        if found:
            start, _, event = min(found)
            return {"kind": "plenum" if event == "plenum" else "other", "event": event,
                    "evidence": _clause(text, start)}
    return {"kind": "other", "event": None,
            "evidence": "no meeting of its own in the headline or the opening sentences"}


# -- the kind of session ----------------------------------------------------------------

SESSION_TYPES = ("plan", "congress", "annual", "implementation")


@functools.lru_cache(maxsize=1)
def _session_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    table = read_table("session_types.csv", ["pattern", "session_type", "note"])
    return tuple((re.compile(p), t) for p, t in zip(table["pattern"], table["session_type"]) if p)


_ADOPTED_DECISION = re.compile(r"(?:决定|决议|意见|实施意见|行动方案)(?:[（(][^）)]{0,8}[）)])?$")


def session_type(text: str, documents: list[str]) -> tuple[str, str | None]:
    """``(session_type, evidence)`` of a plenum report.

    ``plan`` (adopts a five-year-plan proposal), ``congress`` (prepares a party congress),
    ``annual`` (the year-end review and next year's tasks), ``implementation`` (studies a
    higher-level congress or plenum and adopts a local decision or opinions on it), else
    ``other``; when several hold, the first of that list wins. The evidence is the clause
    (or the adopted title) that matched.
    """
    sources = list(documents) + [text]
    hits: dict[str, str] = {}
    for pattern, kind in _session_patterns():
        if kind in hits:
            continue
        for source in sources:
            m = pattern.search(source)
            if m:
                hits[kind] = _clause(source, m.start()) if source is text else source
                break
    if "implementation" in hits and not any(_ADOPTED_DECISION.search(d) for d in documents):
        del hits["implementation"]
    for kind in SESSION_TYPES:
        if kind in hits:
            return kind, hits[kind]
    return "other", None


# -- the meeting's dates -----------------------------------------------------------------

def make_date(y, m, d) -> date | None:
    """A date from year, month and day (numbers or digit strings); None when impossible."""
    try:
        return date(int(y), int(m), int(d))
    except (TypeError, ValueError, OverflowError):
        return None


_TO = r"(?:至|到|—|-|－|~|～)"


def _day(p: str) -> str:
    # The first day of a range may drop its 日: 12月27至28日.
    end = r"[日号]" if p == "b" else rf"(?:[日号]|(?=\s*{_TO}\s*[\d一二三]))"
    return (rf"(?:(?P<{p}y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年)?"
            rf"(?:(?P<{p}m>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月)?"
            rf"(?P<{p}d>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]){end}")


_DATE_RANGE = re.compile(
    _day("a") + r"(?:上午|下午|晚上|晚间|晚|早上|中午)?"
    r"(?:\s*" + _TO + r"\s*" + _day("b") + ")?"
)
_RELATIVE_DAYS = {"前天": 2, "昨天": 1, "昨日": 1, "今天": 0, "今日": 0}
_RELATIVE_DAY = re.compile(r"(前天|昨天|昨日|今天|今日)(?:上午|下午|晚上|晚间)?[，,在召举全]")
_MEETING_WORDS = re.compile(r"全会|全体会议|全委|会议|召开|举行|开幕|闭幕")


_PLENUM_WORDS = re.compile(r"全会|全体会议|全体（扩大）会议|全委会|全委（扩大）会议|全委扩大会议")
_REFERENCE = re.compile(r"(?:全会|全体会议)(?:精神|筹备|有关|相关|报告)|(?:筹备|研究|学习|传达)[^，。；]{0,8}(?:全会|全体会议)")
# A date of something still to come (定于3月召开) or of another meeting (在…上) is not the plenum's.
_FUTURE_BEFORE = re.compile(r"(?:定于|将于|拟于|计划于|预计于|明年)\s*$")


def meeting_dates(lead: list[str], published: date | None) -> tuple[date | None, date | None]:
    """First and last day of the meeting, from the sentence of the article's opening
    paragraphs that dates it — one naming the plenum first, else any naming a meeting. A
    date without a year takes the publication year (the year before when that would fall
    after publication); without a month, the publication month; 昨天 / 今日 / 前天 count
    back from the publication date. A date announced for later (定于…, 将于…) is never the
    meeting's. Nothing is filled without support."""
    sentences = [s for par in lead for s in re.split(r"(?<=[。！？])", par) if _MEETING_WORDS.search(s)]

    def rank(sentence: str) -> int:
        if any(not m["reference"] for m in _meeting_mentions(sentence, "")):
            return 0  # names the committee's plenum as its own event
        return 1 if _PLENUM_WORDS.search(sentence) and not _REFERENCE.search(sentence) else 2

    ordered = sorted(sentences, key=rank)  # stable: reading order within a rank
    for sentence in ordered:
        relative = _RELATIVE_DAY.search(sentence)
        if relative and published and not _DATE_RANGE.search(sentence):
            day = published - timedelta(days=_RELATIVE_DAYS[relative.group(1)])
            return day, day
        for m in _DATE_RANGE.finditer(sentence):
            if _FUTURE_BEFORE.search(sentence[max(0, m.start() - 6):m.start()]):
                continue
            start = _resolve_day(m.group("ay"), m.group("am"), m.group("ad"), published)
            if start is None:
                continue
            end = start
            if m.group("bd"):
                end = _resolve_day(m.group("by") or str(start.year),
                                   m.group("bm") or str(start.month), m.group("bd"),
                                   published) or start
                if end < start:
                    end = start
            return start, end
    return None, None


def _resolve_day(y, m, d, published: date | None) -> date | None:
    year, month, day = parse_int(y), parse_int(m), parse_int(d)
    if day is None:
        return None
    if month is None:
        if published is None:
            return None
        month = published.month
        if year is None and day > published.day:
            month -= 1
            if month == 0:
                month, year = 12, published.year - 1
    if year is None:
        if published is None:
            return None
        year = published.year
        candidate = make_date(year, month, day)
        if candidate and candidate > published:
            year -= 1
    return make_date(year, month, day)


# -- people, counts, documents -----------------------------------------------------------
