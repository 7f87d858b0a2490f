"""From a raw page to its article body: HTML stripping, typography, boilerplate removal.

The article is found by its shape, not by any site's template: a page is split into
lines, lines that read as prose (enough Chinese characters, ending a sentence) form
blocks, furniture lines listed in ``data/boilerplate.csv`` close or drop, and the block
with the most prose is the article.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ._text import CJK, CJK_RE as _CJK_RE, strip_inline_pinyin
from .lexicon import boilerplate_table
_CJK_PUNCT = "，。、；：？！“”‘’《》（）【】「」『』…—"

# -- HTML --------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section",
               "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "title",
               "dd", "dt", "dl", "blockquote", "pre", "hr", "nav", "aside", "form", "option"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            found = dict(attrs)
            key = found.get("name") or found.get("property") or found.get("itemprop")
            if key and found.get("content"):
                self.meta.setdefault(key.strip().lower(), found["content"].strip())
        if tag == "link":
            found = dict(attrs)
            if (found.get("rel") or "").strip().lower() == "canonical" and found.get("href"):
                self.meta.setdefault("canonical", found["href"].strip())
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


_HTML_HINT = re.compile(r"<\s*(html|body|div|p|br|meta|head|span|table|!doctype)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True when the text carries HTML markup (checked on its first 5,000 characters)."""
    return len(_HTML_HINT.findall(text[:5000])) >= 2


def html_page(markup: str) -> tuple[str, str, dict[str, str]]:
    """Visible text of an HTML page (one block element per line), its <title>, and its
    <meta> tags (name / property → content, names lower-cased)."""
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # malformed markup: fall back to dropping tags
        text = re.sub(r"<[^>]*>", "\n", markup)
        return html.unescape(text), "", {}
    return "".join(parser.parts), " ".join("".join(parser.title).split()), parser.meta


def html_to_text(markup: str) -> tuple[str, str]:
    """Visible text of an HTML page, one block element per line, and its <title>."""
    text, title, _ = html_page(markup)
    return text, title


# -- typography --------------------------------------------------------------------

_FULLWIDTH_ALNUM = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B))
     + list(range(0xFF41, 0xFF5B))}
)
_FULLWIDTH_ALNUM_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_NEAR_CJK = f"[{CJK}{_CJK_PUNCT}]"
_ASCII_PUNCT = re.compile(
    rf"(?<={_NEAR_CJK})\s*([,;:?!()])|([,;:?!()])\s*(?={_NEAR_CJK})"
)


def normalize_line(line: str) -> str:
    """One line in the typography the rest of plenum expects.

    Full-width letters and digits become ASCII; ASCII , ; : ? ! ( ) touching Chinese
    text become their full-width forms (scraped pages mix both); runs of white space
    collapse to one space; invisible characters go.
    """
    line = _INVISIBLE.sub("", line)
    if _FULLWIDTH_ALNUM_RE.search(line):  # translate looks every character up, slowly
        line = line.translate(_FULLWIDTH_ALNUM)
    line = _SPACES.sub(" ", line).strip()

    def full(m: re.Match) -> str:
        ch = m.group(1) or m.group(2)
        start, end = m.span()
        if ch == "," and start > 0 and end < len(line) and line[start - 1].isdigit() \
                and line[end:end + 1].isdigit():
            return m.group(0)  # 1,300: a thousands separator
        return _ASCII_TO_FULL[ch]

    return _ASCII_PUNCT.sub(full, line)


def cjk_count(text: str) -> int:
    """Number of CJK ideographs in the text."""
    return len(_CJK_RE.findall(text))


# -- boilerplate -------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[tuple[re.Pattern, str], ...]:
    """The (pattern, action) rules of ``data/boilerplate.csv``."""
    table = boilerplate_table()
    return tuple((re.compile(p), a) for p, a in zip(table["pattern"], table["action"]))


def furniture(line: str) -> str | None:
    """'end', 'drop' or 'stop' when a boilerplate rule matches the line, else None."""
    for pattern, action in boilerplate_rules():
        if pattern.match(line):
            return action
    return None


_SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)】]*$")
_LAST_STOP = re.compile(r"[。！？!?][”’」』]?")
_CREDIT_WORDS = re.compile(r"记者|通讯员|编辑|作者|摄影|摄|来源|供稿|供图|撰稿|图/|文/|图：|文：|^[（(【\[]完[）)】\]]$")
_PHOTO_CREDIT = re.compile(rf"[{CJK}\s]{{2,20}}摄$")


def strip_credit(line: str) -> tuple[str, str]:
    """Split a trailing byline/photo credit off a sentence: (sentence, credit)."""
    stops = list(_LAST_STOP.finditer(line))
    if not stops:
        return line, ""
    end = stops[-1].end()
    tail = line[end:].strip()
    if tail and len(tail) <= 40 and _CREDIT_WORDS.search(tail):
        return line[:end], tail
    return line, ""


def is_caption(line: str) -> bool:
    """A photo caption: a sentence followed by 'NAME 摄' (the photographer's credit)."""
    _, credit = strip_credit(line)
    return bool(credit) and bool(_PHOTO_CREDIT.search(credit))


def is_prose(line: str) -> bool:
    """A line that reads as article prose: ≥6 Chinese characters, mostly Chinese,
    ending a sentence."""
    n = cjk_count(line)
    return n >= 6 and n >= 0.4 * len(line.replace(" ", "")) and bool(_SENTENCE_END.search(line))


_BRACKETED = r"(?:[（(][^（）()]{0,40}[)）])"
_DATELINE = re.compile(
    rf"^(?:(?P<outlet>[{CJK}A-Za-z]{{2,12}}?)讯(?:[ ：:]+|(?=[（(]))"
    rf"|(?P<agency>[{CJK}]{{1,8}}?[社网报台])[{CJK}]{{0,4}}\d{{1,2}}月\d{{1,2}}日电 ?"
    rf"|(?=[（(](?:本报|本台|融媒)?记者))"
    rf"{_BRACKETED}? ?"
)


def strip_dateline(line: str) -> tuple[str, str | None]:
    """Remove a leading news dateline ('金山网讯 ', '本报讯（记者 …）', '新华社北京…电').

    Returns the line without it and the outlet it names ('金山网', '本报'), or None.
    """
    m = _DATELINE.match(line)
    if not m or m.end() == 0 or m.end() >= len(line):
        return line, None
    return line[m.end():], m.group("outlet") or m.group("agency")


# -- the article -------------------------------------------------------------------

@dataclass
class Page:
    """A page split into its parts (all lines already normalised)."""

    head: list[str] = field(default_factory=list)     # lines before the article
    body: list[str] = field(default_factory=list)     # article paragraphs, as written
    body_view: list[str] = field(default_factory=list)  # the same in the rules' view
    tail: list[str] = field(default_factory=list)     # lines after the article
    dateline: str | None = None                       # outlet named by the dateline
    html_title: str = ""
    html_meta: dict = field(default_factory=dict)     # <meta> name → content
    n_chars_visible: int = 0                          # page characters, white space excluded
    truncated: bool = False                           # the article ends mid-sentence
    n_pinyin: int = 0                                 # inline pinyin annotations removed


_MAX_GAP = 2  # non-prose lines (subheads) tolerated inside an article

#: A heading of an adopted document or a long article: 一、… （一）… 1. … 第一章 ….
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|"
                      r"\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百]{1,4}[章节部分条])")


def is_heading(line: str) -> bool:
    """A numbered heading (一、总体要求 / （一）… / 1. … / 第一章 …) of at most 60 characters."""
    return len(line) <= 60 and bool(_HEADING.match(line)) and cjk_count(line) >= 2


def is_cut_prose(line: str) -> bool:
    """A long line of prose that stops mid-sentence: the last paragraph of a page cut off."""
    n = cjk_count(line)
    return n >= 30 and n >= 0.8 * len(line.replace(" ", "")) and not _SENTENCE_END.search(line)


_OPEN_END = re.compile(r"[。！？!?；;：:…”’」』）)】》]$")
_DATE_START = re.compile(r"\d{4}\s*[-/.年]")


_INDENT = re.compile(r"^(?:[ \t\u00a0]{2,}|\u3000)")


def unwrap(lines: list[str], indented: list[bool] | None = None,
           widths: list[int] | None = None) -> list[str]:
    """Join hard-wrapped lines back into paragraphs.

    Only when the page is visibly hard-wrapped — at least five lines that stop mid-sentence
    at the same width (±1 character) — is every line of that width joined with the next
    one, unless the next is indented (a new paragraph, when the page indents them), a date
    line or page furniture. Pages with one paragraph per line are returned unchanged.
    """
    widths = widths if widths is not None else [len(ln) for ln in lines]
    open_lengths = [w for ln, w in zip(lines, widths) if len(ln) >= 12 and not _OPEN_END.search(ln)]
    if len(open_lengths) < 5:
        return lines
    counts: dict[int, int] = {}
    for n in open_lengths:
        counts[n] = counts.get(n, 0) + 1
    width = max(counts, key=lambda n: (counts.get(n - 1, 0) + counts[n] + counts.get(n + 1, 0), n))
    near = counts.get(width - 1, 0) + counts[width] + counts.get(width + 1, 0)
    if near < 5 or near < 0.5 * len(open_lengths):
        return lines
    out: list[str] = []
    joining = False
    starts = indented if indented is not None and any(indented) else [False] * len(lines)
    for ln, start, w in zip(lines, starts, widths):
        if joining and not (start or _DATE_START.match(ln) or furniture(ln)):
            out[-1] += ln
        else:
            out.append(ln)
        # A full-width line continues on the next one, even when the wrap fell right after
        # a full stop (a paragraph's last line is almost always shorter).
        joining = abs(w - width) <= 1 and cjk_count(ln) >= 6
    return out


def split_page(text: str, convert=None) -> Page:
    """Split a page's text into head, article body and tail.

    Lines are normalised with :func:`normalize_line`. The body starts at the article's
    first sentence and ends at its last; captions, share widgets and bylines inside it
    are removed, and so is pinyin written in brackets after characters (會(huì)議; the count
    is ``n_pinyin``). ``convert`` (a str → str function,
    e.g. traditional → simplified) gives the view the rules read: ``head``, ``tail`` and
    ``body_view`` are in that view, ``body`` stays as the page writes it.
    """
    title, meta = "", {}
    if looks_like_html(text):
        text, title, meta = html_page(text)
    raw = [ln for ln in text.splitlines() if ln.strip()]
    indented = [bool(_INDENT.match(ln)) for ln in raw]
    lines = [normalize_line(ln) for ln in raw]
    n_pinyin = 0
    for i, ln in enumerate(lines):
        lines[i], n = strip_inline_pinyin(ln)
        n_pinyin += n
    title = strip_inline_pinyin(title)[0]
    kept = [i for i, ln in enumerate(lines) if ln]
    widths = [len(ln.rstrip()) for ln in raw]  # as laid out, indentation included
    lines = unwrap([lines[i] for i in kept], [indented[i] for i in kept], [widths[i] for i in kept])
    visible = sum(len(ln.replace(" ", "")) for ln in lines)
    meta = {k: strip_inline_pinyin(normalize_line(v))[0] for k, v in meta.items()}
    if convert is not None:
        title = convert(title)
        meta = {k: convert(v) for k, v in meta.items()}

    page = _split_lines(lines, title, visible, convert)
    if not page.body and any(len(ln) > 300 for ln in lines):
        # A page flattened into a few long lines: try again sentence by sentence.
        pieces = [p for ln in lines for p in re.split(r"(?<=[。！？])(?![”’」』）)])", ln) if p.strip()]
        page = _split_lines([p.strip() for p in pieces], title, visible, convert)
    page.html_meta = meta
    page.n_pinyin = n_pinyin
    return page


def _cut_like(original: str, view: str, kept_view: str, from_start: bool) -> str:
    """Apply to the original line the cut a rule made on its converted view."""
    if len(original) != len(view):
        return original  # conversion changed the length: keep the line whole
    n = len(kept_view)
    return original[len(view) - n:] if from_start else original[:n]


def _split_lines(lines: list[str], title: str, visible: int, convert=None) -> Page:
    view = [convert(ln) for ln in lines] if convert is not None else lines
    kinds = []  # per line: 'prose', 'caption', 'drop', 'end', 'other'
    for ln in view:
        action = furniture(ln)
        if action:
            kinds.append(action)
        elif is_caption(ln):
            kinds.append("caption")
        elif is_prose(strip_credit(ln)[0]):
            kinds.append("prose")
        elif is_heading(ln):
            kinds.append("heading")
        else:
            kinds.append("other")

    blocks: list[tuple[int, int, int]] = []  # (first, last, prose characters)
    start = last = None
    weight = gap = 0
    # A 'stop' line after some prose ends every candidate block: nothing after it counts.
    seen_prose = False
    for i, kind in enumerate(kinds):
        seen_prose = seen_prose or kind == "prose"
        if kind == "stop" and seen_prose:
            kinds = kinds[:i] + ["end"] * (len(kinds) - i)
            break
    kinds = ["end" if k == "stop" else k for k in kinds]
    for i, kind in enumerate(kinds + ["end"]):
        if kind == "prose":
            if start is None:
                start, weight = i, 0
            last, gap = i, 0
            weight += cjk_count(lines[i])
        elif start is not None and (kind == "end" or (kind == "other" and gap >= _MAX_GAP)):
            blocks.append((start, last, weight))
            start, gap = None, 0
        elif kind == "other" and start is not None:
            gap += 1
        # a heading neither starts a block nor counts against the gap: it belongs to the prose
        # around it
    if not blocks:
        return Page(head=view, html_title=title, n_chars_visible=visible)
    first, last, _ = max(blocks, key=lambda b: (b[2], -b[0]))
    truncated = last + 1 < len(view) and kinds[last + 1] == "other" and is_cut_prose(view[last + 1])
    if truncated:
        last += 1

    page = Page(head=view[:first], tail=view[last + 1:], html_title=title,
                n_chars_visible=visible, truncated=truncated)
    for i in range(first, last + 1):
        if kinds[i] in ("drop", "caption", "end"):
            continue
        v, _credit = strip_credit(view[i])
        ln = _cut_like(lines[i], view[i], v, from_start=False)
        if not page.body:
            v2, page.dateline = strip_dateline(v)
            ln, v = _cut_like(ln, v, v2, from_start=True), v2
        page.body.append(ln)
        page.body_view.append(v)
    return page
