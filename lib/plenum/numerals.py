"""Chinese and Arabic numerals as written in report text."""

from __future__ import annotations

import re

_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}

#: A run of characters that can form a numeral (Chinese or Arabic, full-width included).
NUMERAL = r"[0-9０-９〇零○一二两三四五六七八九十百千]+"
#: The same with a bounded length, for patterns run over whole pages: a run of numerals with
#: nothing after it (十 × 100,000) then costs each start position at most thirty steps, so a
#: pattern stays linear in the page; longer numbers than any real one still match, to be
#: range-checked into a problem.
BOUNDED_NUMERAL = r"[0-9０-９〇零○一二两三四五六七八九十百千]{1,30}"

#: Every character of a Chinese numeral, zeros and 万 included.
CN_NUMERAL_CHARS = "〇零○一二两三四五六七八九十百千万"
#: The characters a counted phrase's number opens with (三个…, 百千万…): no zeros.
CN_COUNT_CHARS = "一二两三四五六七八九十百千万"
#: The digits of a year written digit by digit (二〇二二): zeros, no 两.
CN_YEAR_DIGITS = "〇零○一二三四五六七八九"
#: A regular expression for an ordinal up to twenty: 一 … 十, 十一 … 十九, 二十.
CN_ORDINAL = "十[一二三四五六七八九]|二十|[一二三四五六七八九十]"
#: The ordinals of :data:`CN_ORDINAL`, in order.
CN_ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
               "十四", "十五", "十六", "十七", "十八", "十九", "二十")


def parse_int(text: str | None) -> int | None:
    """The integer a numeral spells, or None.

    Handles Arabic digits (also full-width), positional Chinese (十四, 二十一, 一百零五)
    and digit-by-digit Chinese years (二〇二二).
    """
    if not text:
        return None
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if not re.fullmatch(NUMERAL, text) or re.search(r"[0-9]", text):
        return None
    if not any(ch in _UNITS for ch in text):
        # 二〇二二 style: each character is a digit.
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch == "万":
            section = (section + (digit or 0)) * 10_000
            total += section
            section, digit = 0, None
        else:
            unit = _UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)
