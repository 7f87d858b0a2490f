"""Text helpers every layer shares: character classes, the full-width table, the
paragraph split, traditional-to-simplified conversion (OpenCC) and the spans inside quotes and
brackets that no split may cut. Pure functions of strings; no knowledge files."""

from __future__ import annotations

import functools
import operator
import re

#: CJK ideographs: the basic block, extension A and the compatibility block.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

#: Full-width digits and the marks written around numbers, to ASCII.
WIDE_TO_ASCII = str.maketrans("０１２３４５６７８９％．，＋", "0123456789%.,+")


_WIDE_PAIRS = tuple((chr(k), chr(v)) for k, v in WIDE_TO_ASCII.items())


def ascii_numbers(text: str) -> str:
    """``text`` with :data:`WIDE_TO_ASCII` applied, as one replace per character present
    (``str.translate`` looks every character up, slowly for CJK text, and nearly every
    Chinese text holds a full-width comma)."""
    for wide, narrow in _WIDE_PAIRS:
        if wide in text:
            text = text.replace(wide, narrow)
    return text

#: Quote marks of every style, as one character class body.
QUOTE_CHARS = "“”‘’\"「」『』"

#: Opening mark → closing mark: quotes, brackets and book-title marks.
OPEN_TO_CLOSE = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "（": "）", "(": ")",
                 "【": "】", "〈": "〉", '"': '"'}

_MAX_PROTECTED = 300  # a 'quote' longer than this is an unbalanced mark, not a quote
_BRACKET_RE = re.compile("[" + re.escape("".join(set(OPEN_TO_CLOSE) | set(OPEN_TO_CLOSE.values()))) + "]")
_QUOTES_AND_SPACE = re.compile(f"[{QUOTE_CHARS}\\s]")


def split_paragraphs(text: str) -> list[str]:
    """The non-empty lines of an article text, stripped: its paragraphs."""
    return [p.strip() for p in text.split("\n") if p.strip()]


@functools.lru_cache(maxsize=1)
def _converters():
    import opencc  # lazy: its dictionaries load on first use

    # Taiwan-standard phrases first (著力 → 着力, 沿著 → 沿着: plain t2s keeps 著), then the
    # Hong Kong variant characters (衞 → 卫); both leave simplified text unchanged.
    return opencc.OpenCC("tw2s"), opencc.OpenCC("hk2s")


def _convert(text: str) -> str:
    taiwan, hong_kong = _converters()
    return hong_kong.convert(taiwan.convert(text))


_convert_short = functools.lru_cache(maxsize=4096)(_convert)


def to_simplified(text: str) -> str:
    """The text in simplified characters (OpenCC's phrase-aware tw2s, then hk2s);
    unchanged when already simplified. Short texts (sentences, lines) are remembered."""
    return _convert_short(text) if len(text) <= 500 else _convert(text)


def to_simplified_aligned(text: str) -> str:
    """:func:`to_simplified` with the length of ``text`` kept, so that an offset in one is
    the same character in the other: where a phrase conversion would change the length,
    that line is converted character by character instead."""
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.split("\n"):
        converted = to_simplified(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c) == 1 else ch for ch, c in ((ch, to_simplified(ch)) for ch in line))
        lines.append(converted)
    return "\n".join(lines)


def detect_script(text: str) -> str:
    """'simplified' or 'traditional', judged on up to 5,000 Chinese characters: a page is
    traditional when at least 3% of them are characters simplification rewrites."""
    sample = "".join(CJK_RE.findall(text[:20000]))[:5000]
    if not sample:
        return "simplified"
    converted = to_simplified_aligned(sample)
    changed = 0 if converted == sample else sum(map(operator.ne, sample, converted))
    return "traditional" if changed >= max(3, 0.03 * len(sample)) else "simplified"


def strip_quotes(text: str) -> str:
    """The text without quote marks and white space: “两个”维护 → 两个维护."""
    return _QUOTES_AND_SPACE.sub("", text)


def protected_spans(text: str) -> tuple[list[int], list[int]]:
    """Disjoint [start, end) spans strictly inside balanced quotes, brackets and 《titles》
    of at most 300 characters, as parallel lists of starts and ends."""
    spans = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKET_RE.finditer(text):
        ch, i = m.group(0), m.start()
        if stack and ch == OPEN_TO_CLOSE[stack[-1][0]]:
            _, start = stack.pop()
            if i - start <= _MAX_PROTECTED and i > start + 1:
                spans.append((start + 1, i))
        elif ch in OPEN_TO_CLOSE:
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
    for start, end in zip(*protected_spans(text)):
        inside[start:end] = [True] * (end - start)
    return inside


# -- inline pinyin ------------------------------------------------------------------------

_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_FINAL = ("(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ui|ao|ou|iu|ie|ve|ue|er|"
          "an|en|in|un|vn|ia|ua|uo|a|o|e|i|u|v)")
_SYLLABLES = re.compile(rf"(?:{_INITIAL}?{_FINAL}[1-5]?)(?:[ '’\-]?{_INITIAL}?{_FINAL}[1-5]?){{0,5}}")
_PINYIN_GROUP = re.compile(rf"(?<=[{CJK}])\s?[（(]\s?([A-Za-zÀ-ɏ̀-ͯ '’\-]{{1,40}}?[1-5]?)\s?[）)]")
_TONE_MARKS = re.compile("[\u0300-\u036f]")


def _is_pinyin(group: str) -> bool:
    """Whether a parenthesised run is romanisation: one to six pinyin syllables, either
    toned (tone marks or digits; capitals allowed: Xí Jìnpíng) or plain lower case of two
    letters or more. GDP, PPP, (a) or an English word is not."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", group)
    toned = bool(_TONE_MARKS.search(decomposed)) or group[-1:].isdigit()
    plain = unicodedata.normalize("NFC", _TONE_MARKS.sub("", decomposed)).replace("ü", "v")
    words = plain.replace("-", " ").split()
    if not words or not all(w.islower() or (toned and w[:1].isupper() and (w[1:].islower() or not w[1:]))
                            for w in words):
        return False
    if not toned and len(plain.replace(" ", "")) < 2:
        return False
    return _SYLLABLES.fullmatch(plain.lower()) is not None


def strip_inline_pinyin(line: str) -> tuple[str, int]:
    """The line without romanisation written in brackets after characters (會(huì)議,
    區（qū）), and how many such annotations were removed."""
    removed = 0

    def drop(m: re.Match) -> str:
        nonlocal removed
        if _is_pinyin(m.group(1)):
            removed += 1
            return ""
        return m.group(0)

    return _PINYIN_GROUP.sub(drop, line), removed


def python_strings(func):
    """Run ``func`` with pandas' strings stored in Python objects, so the text columns it
    returns (and the categories of its categoricals) have the same dtype whether or not
    pyarrow is installed: pandas 3 otherwise switches its ``str`` dtype, and some results
    of arithmetic on it, to pyarrow storage when pyarrow is present."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        import pandas as pd

        with pd.option_context("mode.string_storage", "python"):
            return func(*args, **kwargs)

    return wrapper
