"""Metadata of one report page: which committee met, when, who reported, what it adopted.

:func:`parse_report` is the public entry point. Every field is read from the page's own
words (headline, source line, masthead, article); a field the page does not support is
missing, never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pandas as pd

from . import places
from ._text import CJK, detect_script, to_simplified_aligned
from .lexicon import read_table
from .cleaning import Page, cjk_count, split_page
from .meetings import (_LEVEL_CHARS, _adoption_note, _own_meeting, make_date, meeting_dates, page_event,
                       session_type)
from .numerals import BOUNDED_NUMERAL, NUMERAL, parse_int

#: Keys of the dict :func:`parse_report` returns (``read_reports`` adds doc_id, path,
#: duplicate_of).
REPORT_FIELDS = [
    "headline", "place", "prefecture", "level", "province", "adcode", "tier",
    "term", "plenum", "expanded", "meeting_date", "meeting_end_date", "publish_date",
    "source", "secretary", "members", "alternates", "documents", "kind", "kind_evidence",
    "session_type", "session_evidence", "url", "script", "text", "text_simplified", "n_chars", "n_chars_raw",
    "cautions",
]

#: Plausible ranges; a value outside is left missing, with a caution.
_RANGES = {"term": (1, 30), "plenum": (1, 30), "members": (0, 1000), "alternates": (0, 1000)}
_YEARS = (1949, 2100)
_NAMES = {"term": "届 (term)", "plenum": "次 (plenum number)", "members": "attending members",
          "alternates": "attending alternates"}

_C = f"[{CJK}]"
_LEVEL_CHARS = "市区县州旗盟"
_NUM = BOUNDED_NUMERAL

_COMMITTEE = re.compile(rf"(?<![常纪监党工])([{_LEVEL_CHARS}省])委(?!员)")


def _committee_level(headline: str, lead: str) -> str | None:
    """市 / 区 / 县 … of the committee that met: the first 'X委' of the headline, else
    the page's own plenum mention, else a formal committee name in the lead."""
    m = _COMMITTEE.search(headline)
    if m:
        return m.group(1)
    own = _own_meeting(headline, lead, None)
    if own and own["level"]:
        return own["level"]
    chains = _formal_chains(lead)
    if chains:
        return places.level_of(chains[0][-1])
    return None


# -- places ---------------------------------------------------------------------------

def _names_at(text: str, pos: int) -> list[str]:
    """Full place names chained from ``pos`` (常州市金坛区 → [常州市, 金坛区])."""
    chain = []
    while pos < len(text):
        for size in range(min(12, len(text) - pos), 1, -1):
            if places.is_place_name(text[pos:pos + size]):
                chain.append(text[pos:pos + size])
                pos += size
                break
        else:
            break
    return chain


_PARTY = re.compile(r"中国共产党|中共")


def _formal_chains(text: str) -> list[list[str]]:
    """Place chains in formal committee names: 中国共产党常州市金坛区第…届委员会,
    中共衢州市委, 中共金东区委."""
    chains = []
    for m in _PARTY.finditer(text):
        chain = _names_at(text, m.end())
        if not chain:
            continue
        end = m.end() + sum(map(len, chain))
        if re.match(rf"第{_NUM}届|委", text[end:end + 8]):
            chains.append(chain)
    return chains


def _committee_names(text: str) -> list[list[str]]:
    """Places named right before '委': 绍兴市委, 金东区委书记 (full names, or a renamed
    unit's old name)."""
    out = []
    for m in re.finditer(rf"[{_LEVEL_CHARS}]委(?!员)", text):
        end = m.start() + 1
        for size in range(min(12, end), 1, -1):
            name = text[end - size:end]
            if places.is_place_name(name):
                out.append([name])
                break
    return out


def _ends_with_place(text: str) -> bool:
    """True when the text ends with a full or short place name (常州市 / 常州)."""
    full, shorts = places._index()
    return any(text[-size:] in full or text[-size:] in shorts
               for size in range(2, min(12, len(text)) + 1))


def _place_names(text: str) -> list[str]:
    """Full or short place names anywhere in a short string (source line, masthead)."""
    full, shorts = places._index()
    found, pos = [], 0
    while pos < len(text):
        for size in range(min(12, len(text) - pos), 1, -1):
            piece = text[pos:pos + size]
            if piece in full or piece in shorts:
                found.append(piece)
                pos += size
                break
        else:
            pos += 1
    return found


def _resolve_place(level: str | None, sources, context: str) -> dict | None:
    """Pick the committee's place from candidate chains, in order of trust. ``sources``
    is a list of (label, function returning chains), called only until one settles it."""
    for _, find in sources:
        chains = find()
        counts = Counter()
        parents = {}
        for chain in chains:
            counts[chain[-1]] += 1
            if len(chain) > 1:
                parents[chain[-1]] = "".join(chain[:-1])
        for name, _n in counts.most_common():
            row = places.resolve(name, level=level, context=parents.get(name, "") + context)
            if row and (level is None or row["level"] == level
                        or (level == "市" and row["tier"] == "province")):
                return row
    return None


# -- dates ----------------------------------------------------------------------------

_YMD = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


def _labels(role: str) -> str:
    """An alternation of the ``data/page_labels.csv`` labels of one role, in file order."""
    table = read_table("page_labels.csv", ["word", "role"])
    return "|".join(re.escape(w) for w, r in zip(table["word"], table["role"]) if w and r == role)


_PUBLISH_LABEL = re.compile(
    rf"({_labels('publish_date')})\s*[：:]?\s*"
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)"
)


_TODAY_BEFORE = re.compile(r"(今天是|今日是|当前日期|现在是)[：:\s]*$")
_WEEKDAY_AFTER = re.compile(r"日?\s*(星期|周)[一二三四五六日天]")


def publish_date(head: list[str], tail: list[str]) -> date | None:
    """The page's publication date: a labelled date (发布时间 …) in the head, else the
    first full date there, else in the tail."""
    for lines in (head, tail):
        joined = "\n".join(lines)
        for m in _PUBLISH_LABEL.finditer(joined):
            d = make_date(*m.groups()[1:])
            if d:
                return d
        weekday_dated = None
        for m in _YMD.finditer(joined):
            d = make_date(*m.groups())
            if not d or not 1949 <= d.year <= 2100:
                continue
            before, after = joined[max(0, m.start() - 6):m.start()], joined[m.end():m.end() + 6]
            if _TODAY_BEFORE.search(before):
                continue  # a site's "today is …" banner, not the article's date
            if _WEEKDAY_AFTER.match(after):
                # a date with its weekday: a site banner, or a paper's edition date;
                # used only when the page has no other date
                weekday_dated = weekday_dated or d
                continue
            return d
        if weekday_dated:
            return weekday_dated
    return None


_MEETING_WORDS = re.compile(r"全会|全体会议|全委|会议|召开|举行|开幕|闭幕")


_NAME_END = r"(?=作|讲话|代表|主持|出席|受|表示|指出|强调|就|同志|在|对|向|发表|宣读|说|，|、|。|；|：|\s|（|$)"
# Han names of 2–4 characters, or names of several parts joined by · (艾尔肯·吐尼亚孜).
_NAME = rf"(?P<name>{_C}{{1,8}}·{_C}{{1,8}}?(?:·{_C}{{1,8}}?)?|{_C}{{2,4}}?){_NAME_END}"


def secretary(text: str, level: str | None, place: dict | None) -> str | None:
    """The committee's own secretary (书记, never a deputy or 党组书记)."""
    if not level:
        return None
    own = [place["name"], place["short"]] if place else []
    own = [o for o in own if isinstance(o, str)]
    for m in re.finditer(rf"{level}委书记{_NAME}", text):
        before = text[max(0, m.start() - 12):m.start()]
        if before.endswith(tuple(own)) or not _ends_with_place(before):
            return m.group("name")
    m = re.search(rf"(?:(?:听取|讨论|审议)了?|，|。|^)(?P<name>{_C}{{2,3}}?)(?:同志)?"
                  rf"(?:受|代表){level}委常委会(?:委托)?作", text, re.M)
    if m:
        return m.group("name")
    # 书记王某讲话: the secretary named by the bare title, never 副书记, 党组书记 or 支部书记
    m = re.search(rf"(?:^|[，。；、\s])书记(?P<name>{_C}{{2,3}}?)(?:同志)?"
                  r"(?:出席会议并讲话|讲话|作报告|作工作报告|主持会议|出席)", text, re.M)
    return m.group("name") if m else None


_COUNT = rf"(?:应到[{_LEVEL_CHARS}]?委?委员)?(?:应到)?(?P<due>{_NUM})\s*[名人位](?:[，,、；]?实到(?P<present>{_NUM})\s*[名人位])?"


def attendance(text: str) -> tuple[int | None, int | None]:
    """Attending members and alternates: '出席这次全会的市委委员42名、候补委员10名',
    '应到委员45名，实到43名' (the number present wins). (None, None) when the page
    gives no count."""
    def first(pattern: str) -> int | None:
        for m in re.finditer(pattern + _COUNT, text):
            return parse_int(m.group("present") or m.group("due"))
        return None

    members = first(r"(?<!纪委)(?<!监委)(?<!候补)(?<!纪检)委员(?!会)")
    alternates = first(rf"候补(?:[{_LEVEL_CHARS}]委)?委员")
    # the count before the role: 27名区委委员参加会议, 实到县委委员31名、候补委员5名 is above
    before = re.search(rf"(?<![\d{NUMERAL[1:-2]}])(?P<n>{_NUM})\s*[名人位](?:[{_LEVEL_CHARS}省]委)?委员"
                       rf"(?:[、，,和及](?P<alt>{_NUM})\s*[名人位]候补(?:[{_LEVEL_CHARS}省]委)?委员)?"
                       r"(?:参加|出席|到会|列席)", text)
    if before and members is None:
        members = parse_int(before.group("n"))
        if alternates is None and before.group("alt"):
            alternates = parse_int(before.group("alt"))
    if alternates is None:
        m = re.search(rf"(?P<n>{_NUM})\s*[名人位]候补(?:[{_LEVEL_CHARS}省]委)?委员(?:参加|出席|到会|列席)", text)
        alternates = parse_int(m.group("n")) if m else None
    return members, alternates


_TITLE = re.compile(r"《([^《》]{2,200})》")
_ADOPT = re.compile(r"审议|通过|讨论|表决|听取")
_CLAUSE_BREAK = re.compile(r"[，,；;。！？：:]")


def documents(text: str) -> list[str]:
    """Titles in 《》 that the session adopted or reviewed: the clause before the title
    has 审议 / 通过 / 讨论 / 表决 / 听取. Deduplicated in order; a title that is a copy
    of a longer one with a middle part missing (a page's typo) is dropped."""
    titles = []
    masked = _TITLE.sub(lambda m: "《" + "○" * len(m.group(1)) + "》", text)
    for m in _TITLE.finditer(text):
        before = masked[max(0, m.start() - 60):m.start()]
        clause = _CLAUSE_BREAK.split(before)[-1]
        if _ADOPT.search(clause):
            title = " ".join(m.group(1).split())
            if title not in titles:
                titles.append(title)

    def truncated(a: str) -> bool:
        return any(len(b) > len(a) and any(b.startswith(a[:i]) and b.endswith(a[i:])
                                           for i in range(1, len(a))) for b in titles)
    return [t for t in titles if not truncated(t)]


# -- headline and source ------------------------------------------------------------------

_LABEL = re.compile(rf"^({_labels('field')})[^：]{{0,6}}：?")
_NAV = re.compile(_labels("navigation"))
_SOURCE = re.compile(rf"(?:{_labels('source')})\s*[：:]\s*([^\s：:|｜]{{2,30}})")


def _headline_candidate(line: str) -> bool:
    n = cjk_count(line)
    return (n >= 6 and n >= 0.5 * len(line.replace(" ", "")) and not _LABEL.match(line)
            and not _NAV.search(line) and not _YMD.search(line))


def _is_banner(line: str) -> bool:
    """A site's 'today is …' date banner."""
    m = _YMD.search(line)
    return bool(m) and bool(_TODAY_BEFORE.search(line[max(0, m.start() - 6):m.start()])
                            or _WEEKDAY_AFTER.match(line[m.end():m.end() + 6]))


def headline(head: list[str], html_title: str) -> str | None:
    """The page's headline: the title-like line right above its date or source line (the
    first such line that names a meeting, when several do), else the HTML <title> (site
    name cut), else the longest title-like line, preferring one that names a meeting."""
    found = []
    triggers = [i for i, line in enumerate(head)
                if (_YMD.search(line) and not _is_banner(line)) or _SOURCE.search(line)
                or _PUBLISH_LABEL.search(line)]
    if not triggers:  # only weekday-dated lines: let them point at the headline
        triggers = [i for i, line in enumerate(head) if _YMD.search(line)]
    for i in triggers:
        for back in range(i - 1, max(-1, i - 4), -1):
            if _headline_candidate(head[back]):
                found.append(head[back])
                break
            if not (_LABEL.match(head[back]) or cjk_count(head[back]) == 0):
                break
    if found:
        return next((ln for ln in found if _MEETING_WORDS.search(ln)), found[0])
    if html_title:
        return re.split(r"\s*[_|｜]\s*|\s+-\s+", html_title)[0] or None
    candidates = [ln for ln in head if _headline_candidate(ln)]
    if candidates:
        meeting = [ln for ln in candidates if _MEETING_WORDS.search(ln)]
        return max(meeting or candidates, key=len)
    return None


# <meta> names of news and government content systems (TRS, Hanweb …) and Open Graph.
_META_TITLE = ("articletitle", "og:title", "headline", "contenttitle")
_META_DATE = ("pubdate", "publishdate", "publish_date", "article:published_time",
              "firstpublishedtime", "releasedate", "pubtime")
_META_SOURCE = ("contentsource", "source", "article:source")


def _first_meta(meta: dict, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = (meta.get(name) or "").strip()
        if value:
            return value
    return None


def source(head: list[str], tail: list[str], dateline: str | None) -> str | None:
    """The outlet: a 来源 line in the head or tail, else the article's dateline."""
    for lines in (head, tail):
        m = _SOURCE.search("\n".join(lines))
        if m:
            return m.group(1).strip("，。、")
    if dateline and dateline not in ("本报", "本网", "本台", "本刊"):
        return dateline
    return None


# -- the whole report -----------------------------------------------------------------------

def parse_report(text: str) -> dict:
    """Metadata and cleaned article body of one page's text (no file I/O).

    Parameters
    ----------
    text : str
        The page as decoded text (plain text or HTML).

    Returns
    -------
    dict
        The keys of :data:`REPORT_FIELDS`; missing values are ``pd.NA`` / ``pd.NaT``.
        ``text`` is the article body, one paragraph per line, in the page's own script;
        ``text_simplified`` is the same in simplified characters, character for character
        (an offset in one is the same character in the other): the form every analysis reads;
        metadata of traditional-script pages is given in simplified characters so that it
        joins with the place table.

    Raises
    ------
    TypeError
        When ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_report takes the page's text as str, not {type(text).__name__}")
    script = detect_script(text)
    page: Page = split_page(text, convert=to_simplified_aligned if script == "traditional" else None)
    view = Page(head=page.head, body=page.body_view, tail=page.tail, dateline=page.dateline,
                html_title=page.html_title)
    meta = page.html_meta
    body_text = "\n".join(view.body)
    title = _first_meta(meta, _META_TITLE) or headline(view.head, view.html_title) or ""
    lead = "\n".join(view.body[:2])

    level = _committee_level(title, lead)
    event = page_event(title, lead, level)
    own = _own_meeting(title, lead, level) if event["kind"] == "plenum" else None
    if own is None and event["event"] is None:
        # A page that is the adopted document itself: '（…第九次全体会议通过）'.
        note = _adoption_note(view.head[-4:] + view.body[:1])
        if note:
            own = _own_meeting(note, "", level)
            level = level or (own["level"] if own else None)
            if own:
                event = {"kind": "plenum", "event": "plenum", "evidence": note}

    masthead = "\n".join(view.head[:6] + view.tail[-3:])
    outlet = source(view.head, view.tail, view.dateline) or _first_meta(meta, _META_SOURCE)
    top = title + "\n" + lead
    place = _resolve_place(level, [
        ("formal, headline and lead", lambda: _formal_chains(top)),
        ("X委, headline and lead", lambda: _committee_names(top)),
        ("formal, article", lambda: _formal_chains(body_text)),
        ("X委, article", lambda: _committee_names(body_text)),
        ("source and masthead", lambda: [[n] for n in _place_names(
            (outlet or "") + "\n" + (view.dateline or "") + "\n" + masthead)]),
    ], context=title + body_text[:3000])
    if level is None and place:
        level = place["level"]

    published = publish_date(view.head, view.tail)
    if published is None:
        m = _YMD.search(_first_meta(meta, _META_DATE) or "")
        published = make_date(*m.groups()) if m else None
    start, end = meeting_dates(([title] if title else []) + view.body[:3], published)
    note = _adoption_note(view.head[-4:] + view.body[:1]) if own and start is None else None
    if note:
        # the adopted document itself: its date line is the day the plenum adopted it
        start, end = meeting_dates([note], published)
    members, alternates = attendance(body_text) if own else (None, None)

    def na(value):
        return pd.NA if value is None or (not isinstance(value, (list, str)) and pd.isna(value)) else value

    cautions: list[str] = []

    def plausible(name: str, value):
        low, high = _RANGES[name]
        if value is None or low <= value <= high:
            return value
        shown = str(value) if len(str(value)) <= 12 else str(value)[:12] + "…"
        cautions.append(f"impossible {_NAMES[name]} {shown} (outside {low}–{high}): left missing")
        return None

    def dated(name: str, day):
        if day is not None and not _YEARS[0] <= day.year <= _YEARS[1]:
            cautions.append(f"impossible {name} {day.isoformat()} (year outside {_YEARS[0]}–{_YEARS[1]}): "
                            "left missing")
            return None
        return day

    if page.n_pinyin:
        cautions.append(f"inline pinyin removed after {page.n_pinyin} "
                        f"{'character or word' if page.n_pinyin == 1 else 'characters or words'}")
    if page.truncated:
        cautions.append("the article stops mid-sentence (the page may be cut off): its last paragraph is kept")
    start, end = dated("meeting date", start), dated("meeting end date", end)
    published = dated("publication date", published)
    if own:
        own = {**own, "term": plausible("term", own["term"]), "plenum": plausible("plenum", own["plenum"])}
    members, alternates = plausible("members", members), plausible("alternates", alternates)
    adopted = documents(body_text) if own else []
    session, session_evidence = session_type(body_text, adopted) if own else (None, None)

    if place:
        place = {k: na(v) for k, v in place.items()}

    record = {
        "headline": title or pd.NA,
        "place": place["name"] if place else pd.NA,
        "prefecture": place["prefecture"] if place else pd.NA,
        "level": na(level),
        "province": place["province"] if place else pd.NA,
        "adcode": place["adcode"] if place else pd.NA,
        "tier": place["tier"] if place else pd.NA,
        "term": na(own["term"]) if own else pd.NA,
        "plenum": na(own["plenum"]) if own else pd.NA,
        "expanded": bool(own["expanded"] or "扩大" in title) if own else pd.NA,
        "meeting_date": pd.Timestamp(start) if start else pd.NaT,
        "meeting_end_date": pd.Timestamp(end) if end else pd.NaT,
        "publish_date": pd.Timestamp(published) if published else pd.NaT,
        "source": na(outlet),
        "secretary": na(secretary(title + "\n" + body_text, level, place)),
        "members": na(members),
        "alternates": na(alternates),
        "documents": adopted,
        "kind": "plenum" if own else "other",
        "kind_evidence": na(event["evidence"]),
        "session_type": na(session),
        "session_evidence": na(session_evidence),
        "url": na(page_url(meta, view.head + view.tail)),
        "script": script,
        "text": "\n".join(page.body),
        "text_simplified": "\n".join(page.body_view) if script == "traditional"
        else to_simplified_aligned("\n".join(page.body)),
        "n_chars": sum(len(re.sub(r"\s", "", p)) for p in page.body),
        "n_chars_raw": page.n_chars_visible,
        "cautions": cautions,
    }
    return record


_URL_LINE = re.compile(r"(?:原文链接|原文地址|本文链接|文章链接|原文网址|网址|链接|URL|url)\s*[：:]\s*(https?://[^\s，。；<>\"']+)")


def page_url(meta: dict, lines: list[str]) -> str | None:
    """Where the page says it lives: its canonical link or Open Graph URL, else a
    原文链接 / 网址 line of the page; None when it names none."""
    for name in ("canonical", "og:url", "url"):
        value = (meta.get(name) or "").strip()
        if value.lower().startswith(("http://", "https://")):
            return value
    for line in lines:
        m = _URL_LINE.search(line)
        if m:
            return m.group(1)
    return None
