"""Words a corpus coins, found before segmentation so that no report's own terms are cut:
its places and prefectures, its secretaries, the short phrases it puts in quotes, and its
numbered formulations (两个维护, 八八战略, 十个“桥头堡”). :func:`plenum.tokenize` adds
them to the dictionary for one call; :mod:`plenum.extract` counts the formulations.

A formulation candidate is a number word plus a short generalisation, either quoted
(“两个维护”, “六稳”, “532”, 十个“桥头堡”) or unquoted in two narrow shapes (两个维护, 五大
行动: number + 个 / 大 + two to four characters; 八八战略: doubled number + 战略 / 工程).
Counted tallies with a classifier and a free noun (三件大事, 八个方面工作) are task counts,
not formulations (``data/count_nouns.csv``), unless the report quotes them as a name.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from ._text import CJK, WIDE_TO_ASCII, split_paragraphs, strip_quotes
from . import lexicon
from .lexicon import level_aliases, read_table, word_list
from .numerals import CN_COUNT_CHARS, CN_NUMERAL_CHARS
from .places import short_name
from .units import simplified_texts

_QUOTED_PHRASE = re.compile(r"[“\"‘「『]([^“”\"‘’「」『』\n]{2,10})[”\"’」』]")
_HAS_CJK = re.compile(f"[{CJK}]")


def quoted_phrases(texts) -> list[str]:
    """Short phrases that the texts put in quotes.

    Local slogans such as 三高一争, 五大行动, 两湖, 桥头堡: 2–10 characters with a Chinese
    character and no punctuation or white space inside.

    Parameters
    ----------
    texts : iterable of str
        The texts (anything but a string is skipped).

    Returns
    -------
    list of str
        The distinct phrases, sorted.
    """
    found = set()
    for text in texts:
        if isinstance(text, str):
            for m in _QUOTED_PHRASE.finditer(text):
                phrase = m.group(1).strip()
                if _HAS_CJK.search(phrase) and not re.search(r"[，。；：、！？\s]", phrase):
                    found.add(phrase)
    return sorted(found)


def place_names(docs: pd.DataFrame) -> list[str]:
    """The corpus's own places and prefectures, full and short names (金坛区, 金坛, 常州市, 常州).

    The words to drop when a place's own name would trivially top its keyness.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (its ``place`` and ``prefecture`` columns, where
        present).

    Returns
    -------
    list of str
        The distinct names, sorted.
    """
    if not isinstance(docs, pd.DataFrame):
        raise TypeError(f"place_names takes the documents table of plenum.read_reports, not {type(docs).__name__}")
    if "place" not in docs.columns and "prefecture" not in docs.columns:
        raise KeyError("place_names: the documents table has neither a 'place' nor a 'prefecture' column "
                       "(expected plenum.read_reports output)")
    names = set()
    for col in ("place", "prefecture"):
        if col in docs:
            for name in docs[col].dropna().unique():
                names.add(name)
                if short_name(name):
                    names.add(short_name(name))
    return sorted(names)


def own_names(docs: pd.DataFrame) -> list[str]:
    """The corpus's own names: its places, prefectures and provinces (full and short:
    金坛区, 金坛, 常州市, 常州, 江苏省, 江苏) and its secretaries.

    They top every frequency list of the report that names them and say nothing about what
    it says, so the measures leave them out by default (``drop="names"``).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``place``, ``prefecture``, ``province`` and
        ``secretary`` where present).

    Returns
    -------
    list of str
        The distinct names of at least two characters, sorted.
    """
    if not isinstance(docs, pd.DataFrame):
        raise TypeError(f"own_names takes the documents table of plenum.read_reports, not {type(docs).__name__}")
    names = set()
    for col in ("place", "prefecture", "province"):
        if col in docs:
            for name in docs[col].dropna().unique():
                names.add(name)
                if short_name(name):
                    names.add(short_name(name))
    if "province" in docs:
        from .places import place_table

        table = place_table()
        provinces = table[table["tier"] == "province"]
        full = dict(zip(provinces["short"], provinces["name"]))
        names.update(full[p] for p in docs["province"].dropna().unique() if p in full)
    if "secretary" in docs:
        names.update(docs["secretary"].dropna().unique())
    return sorted(n for n in names if isinstance(n, str) and len(n) >= 2)


def corpus_words(docs: pd.DataFrame) -> list[str]:
    """The per-corpus additions to the dictionary.

    Places (full and short names), secretaries, quoted phrases, and numbered formulations
    (:func:`formulation_terms`).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required).

    Returns
    -------
    list of str
        The distinct words of at least two characters, sorted.
    """
    if not isinstance(docs, pd.DataFrame) or "text" not in docs.columns:
        raise TypeError("corpus_words takes the documents table of plenum.read_reports (with a text column)")
    words = set(place_names(docs))
    if "secretary" in docs:
        words.update(docs["secretary"].dropna().unique())
    words.update(quoted_phrases(_texts(docs)))
    words.update(formulation_terms(docs))
    return sorted(w for w in words if isinstance(w, str) and len(w) >= 2)


# -- formulation candidates ------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _count_nouns() -> re.Pattern:
    return re.compile("^(?:" + "|".join(map(re.escape, word_list("count_nouns"))) + ")")


@functools.lru_cache(maxsize=1)
def _non_formulations() -> tuple[tuple[str, ...], frozenset[str]]:
    table = read_table("quoted_non_formulations.csv", ["word", "match"])
    prefix = tuple(w for w, m in zip(table["word"], table["match"]) if w and m != "whole")
    whole = frozenset(w for w, m in zip(table["word"], table["match"]) if w and m == "whole")
    return prefix, whole


def _quoted_non_formulation(form: str) -> bool:
    prefix, whole = _non_formulations()
    return form.startswith(prefix) or form in whole


_NUMQ = CN_COUNT_CHARS
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
_PLAN_OR_SESSION = re.compile(r"^(?:十[一二三四五六七八九]五|(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)"
                              r"(?:大|届|次))")
_QUANTITY = re.compile(rf"^(?:\d+|[{_NUMQ}]+)(?:强|位|名|佳|亿|万|元|%|年|月|日|天|岁|周年|届|次|倍|"
                       rf"家|户|人|分|个|项|件|号)$")


def _quoted_formulations(par: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised) formulations quoted in a paragraph."""
    out = []
    for m in _QUOTED_RE.finditer(par):
        content = next(g for g in m.groups() if g is not None).strip()
        start, end = m.start(), m.end()
        outer = _OUTER_RE.search(par[max(0, start - 3):start])
        if outer and content and not re.match(r"\d", content):
            form = outer.group(0) + strip_quotes(content)
            out.append((start - len(outer.group(0)), end, form))
            continue
        after = par[end:end + 8]
        if re.fullmatch(r"\d{2,3}|\d{1,3}(?:[+＋](?:\d{1,3}|[NnXx]))+", content.translate(WIDE_TO_ASCII)):
            prog = _PROGRAMME_RE.match(after)
            form = content.translate(WIDE_TO_ASCII) + (prog.group(0) if prog else "")
            out.append((start, end + (prog.end() if prog else 0), form))
            continue
        form = strip_quotes(content)
        if not 2 <= len(form) <= 6 or _quoted_non_formulation(form) or _PLAN_OR_SESSION.match(form) \
                or _QUANTITY.match(form) or re.search(r"[，、。；：,.·]", form):
            continue
        if form[0] in _NUMQ and not re.fullmatch(f"[{CN_NUMERAL_CHARS}]+", form):
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
        if _count_nouns().match(core) or not free(m.start(), m.end()):
            continue
        out.append((m.start(), m.end(), m.group(0)))
    for m in _DOUBLED_RE.finditer(par):
        if free(m.start(), m.end()):
            out.append((m.start(), m.end(), m.group(0)))
    return out


def formulation_glossary(terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """The glossary's terms keyed for matching formulations.

    Each term gets a ``key`` column: the term without quote marks or white space; ``level`` is
    normalised to central / provincial / local through ``data/levels.csv``.

    Parameters
    ----------
    terms : DataFrame, optional
        A frame of the glossary's columns instead of :func:`plenum.glossary`.

    Returns
    -------
    DataFrame
        The columns of ``terms`` (with ``term, english, category, level, source, since``)
        and ``key``, one row per distinct key of at least two characters (the first wins); empty
        when ``terms`` is not a table with a ``term`` column.
    """
    cols = ["term", "english", "category", "level", "source", "since"]
    if terms is None:
        try:
            terms = lexicon.glossary()
        except (OSError, ValueError):
            terms = None  # a missing or unreadable glossary leaves the patterns
    if not isinstance(terms, pd.DataFrame) or "term" not in terms.columns:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols + ["key"]})
    table = terms.copy()
    for c in cols[:-1]:
        if c not in table.columns:
            table[c] = ""
        table[c] = [v.strip() if isinstance(v, str) else "" for v in table[c]]
    since = table["since"] if "since" in table.columns else pd.Series(pd.NA, index=table.index)
    table["since"] = pd.to_numeric(since.replace("", pd.NA), errors="coerce").astype("Int64")
    table["key"] = pd.Series([strip_quotes(t) for t in table["term"]], index=table.index, dtype="object")
    table["level"] = pd.Series([_norm_level(v) for v in table["level"]], index=table.index,
                               dtype="object")
    table = table[[len(k) >= 2 for k in table["key"]]].drop_duplicates("key", keep="first")
    return table.reset_index(drop=True)


def _norm_level(value: str) -> str:
    v = (value or "").strip().lower()
    return level_aliases().get(v, v)


def is_formulation_category(value: str) -> bool:
    """Whether a glossary category marks a formulation (formulation, 提法, slogan).

    Parameters
    ----------
    value : str
        A glossary ``category``.

    Returns
    -------
    bool
    """
    v = (value or "").lower()
    return "formulation" in v or v in ("提法", "slogan")


def paragraph_formulations(par: str) -> list[tuple[int, int, str]]:
    """The formulation candidates of one paragraph.

    Quoted ones first, then the unquoted shapes outside them; formulations normalised (quote
    marks removed).

    Parameters
    ----------
    par : str
        The paragraph.

    Returns
    -------
    list of tuple
        ``(start, end, formulation)`` per candidate.
    """
    quoted = _quoted_formulations(par)
    taken = [(s, e) for s, e, _ in quoted]
    return quoted + _unquoted_formulations(par, taken)


def _texts(docs) -> list[str]:
    if not isinstance(docs, pd.DataFrame) or "text" not in docs.columns:
        raise TypeError("expected the documents table of plenum.read_reports (with a text column)")
    return [t if isinstance(t, str) else "" for t in simplified_texts(docs)]


def formulation_terms(docs: pd.DataFrame, *, terms: pd.DataFrame | None = None) -> list[str]:
    """The normalised formulations found in ``docs``.

    The pattern candidates of every paragraph and the glossary's formulations the texts
    contain, for a tokenizer's dictionary so that 两个维护 never splits.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required).
    terms : DataFrame, optional, keyword-only
        A glossary of the shape of :func:`plenum.glossary` instead of the packaged one.

    Returns
    -------
    list of str
        The distinct formulations, sorted.
    """
    pars = [par for text in _texts(docs) for par in split_paragraphs(text)]
    found = {form for par in pars for _, _, form in paragraph_formulations(par)}
    gloss = formulation_glossary(terms)
    if len(gloss):
        corpus = "\n".join(pars)
        found.update(k for k, c in zip(gloss["key"], gloss["category"])
                     if is_formulation_category(c) and k and k in corpus)
    return sorted(found)
