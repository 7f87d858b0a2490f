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
from ._text import python_strings

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


def corpus_words(docs: pd.DataFrame, *, cache: bool = False) -> list[str]:
    """The per-corpus additions to the dictionary.

    Places (full and short names), secretaries, quoted phrases, and numbered formulations
    (:func:`formulation_terms`).

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required).
    cache : bool, keyword-only
        Reuse each document's formulations from the per-user cache
        (:func:`formulation_terms`).

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
    words.update(formulation_terms(docs, cache=cache))
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
_QUOTED_RE = re.compile(r"“([^“”\n]{1,30})”|‘([^‘’\n]{1,30})’|「([^「」\n]{1,30})」|"
                        r"『([^『』\n]{1,30})』|\"([^\"\n]{1,30})\"")
_OUTER_RE = re.compile(r"(?<![第\d〇零一二两三四五六七八九十百千万几])([两二三四五六七八九十]|十[一二])"
                       r"(个|大|张|条|项|件|种|类|支|座)$")
# Each pattern opens with the characters it consumes and looks behind only after them
# ((?<![…].) checks the character before the first one), so the engine skips ahead to a
# number instead of trying a look-behind at every position of every paragraph.
_NOT_BEFORE_COUNT = "第\\d〇零一二两三四五六七八九十百千万几每"
_UNQUOTED_RE = re.compile(
    rf"(?P<num>[两二三四五六七八九十])(?<![{_NOT_BEFORE_COUNT}].)(?P<cls>[个大])"
    r"(?P<core>[\u4e00-\u9fff]{2,4}?)"
    r"(?=[，。；：、！？”’）》」』\s]|$|的|和|与|及|为|是|等|上|中|，)"
    # 项 条 张 件 种 支 count things more often than they name a set: only a name that ends a
    # clause (两件大事，) counts, never 三件重中之重的大事
    rf"|(?P<num2>[两二三四五六七八九十])(?<![{_NOT_BEFORE_COUNT}].)(?P<cls2>[项条张件种支])"
    r"(?P<core2>[\u4e00-\u9fff]{2,4}?)(?=[，。；：、！？”’）》」』\s]|$)")
_NOT_BEFORE_DOUBLED = "第\\d〇零一二两三四五六七八九十百千万几"
_DOUBLED_RE = re.compile(rf"(?P<num>(?P<d>[一二三四五六七八九])(?<![{_NOT_BEFORE_DOUBLED}].)(?P=d)"
                         rf"|\d(?<![{_NOT_BEFORE_DOUBLED}].)(?<![\d.]\d)\d{{1,2}})(?:发展)?(?:战略|工程)")
_CODE = r"(?:\d{1,3}(?:[+＋](?:\d{1,3}|[NnXx]))+|\d{2,4})"
_PLAN_OR_SESSION = re.compile(r"^(?:十[一二三四五六七八九]五|(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)"
                              r"(?:大|届|次))")
_QUANTITY = re.compile(rf"^(?:\d+|[{_NUMQ}]+)(?:强|位|名|佳|亿|万|元|%|年|月|日|天|岁|周年|届|次|倍|"
                       rf"家|户|人|分|个|项|件|号)$")


@functools.lru_cache(maxsize=1)
def _programme_re() -> re.Pattern:
    """What turns a code or a quoted number into a programme's name: “532”发展战略."""
    words = sorted(word_list("formulation_suffixes"), key=len, reverse=True)
    return re.compile("^(?:发展|产业)?(?:" + "|".join(map(re.escape, words)) + ")")


@functools.lru_cache(maxsize=1)
def _unquoted_code_re() -> re.Pattern:
    """An unquoted code of three or four digits, or of digits joined by +, with a programme
    word after it: 456总体部署, 1+2+4+N目标任务体系 (never a year: 2035年)."""
    words = sorted(word_list("formulation_suffixes"), key=len, reverse=True)
    return re.compile(r"(?=\d)(?<![\d.%＋+])(?!(?:19|20)\d\d(?!\d))(?P<code>\d{1,3}(?:[+＋](?:\d{1,3}|[NnXx]))+|\d{3,4})"
                      r"(?P<noun>(?:发展|产业)?(?:" + "|".join(map(re.escape, words)) + "))")


@functools.lru_cache(maxsize=1)
def _compound_re() -> re.Pattern:
    """Two to six units of a number word and a place or part, written together: 一核三区六城."""
    units = "|".join(map(re.escape, sorted(word_list("slogan_units"), key=len, reverse=True)))
    unit = f"[一二两三四五六七八九十多双](?:{units})"
    return re.compile(rf"[一二两三四五六七八九十多双](?<![第一二两三四五六七八九十多双].)(?:{units})(?:{unit}){{1,5}}"
                      r"(?![个大年月日次])")


@functools.lru_cache(maxsize=1)
def _place_short_names() -> frozenset[str]:
    from .places import place_table

    table = place_table()
    return frozenset(n for n in list(table["name"]) + list(table["short"]) if isinstance(n, str))


@functools.lru_cache(maxsize=65536)
def _quoted_form(content: str) -> str | None:
    """The formulation a quoted phrase names, or None: a number word opening a short name
    (两个维护, 六稳), 双 + noun, a number inside a short name (发展四问), or a slogan with two
    numbers or more (保五争三拼第一)."""
    form = strip_quotes(content)
    if not 2 <= len(form) <= 10 or _quoted_non_formulation(form) or _PLAN_OR_SESSION.match(form) \
            or _QUANTITY.match(form) or re.search(r"[，、。；：,.·]", form) or form in _place_short_names():
        return None
    numbers = [k for k, ch in enumerate(form) if ch in _NUMQ and (k == 0 or form[k - 1] != "第")]
    if len(form) <= 6 and form[0] in _NUMQ and not re.fullmatch(f"[{CN_NUMERAL_CHARS}]+", form):
        return form
    if len(form) <= 4 and form[0] == "双":
        return form
    if len(form) <= 6 and re.fullmatch(rf"[\u4e00-\u9fff]{{1,3}}[{_NUMQ}][\u4e00-\u9fff]{{1,2}}", form):
        i = next(k for k, ch in enumerate(form) if ch in _NUMQ and k > 0)
        if form[i - 1] != "第" and not re.match(r"(?:[强位名]|季度?|月|年|周)$", form[i + 1:]) \
                and form[i - 1] not in _NUMQ:
            return form
    if len(numbers) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", form) \
            and not re.fullmatch(f"[{CN_NUMERAL_CHARS}]+", form):
        return form
    return None


_LEADING_VERB = re.compile(r"^[\u4e00-\u9fff]{2}(?=[两二三四五六七八九十一][个大项条张件种支])")


def _one_of(part: str) -> str | None:
    """一个 + a short noun, a formulation only inside a list of numbered parts."""
    return part if re.fullmatch(r"一个[\u4e00-\u9fff]{2,4}", part) else None


def _quoted_formulations(par: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised) formulations quoted in a paragraph."""
    out = []
    for m in _QUOTED_RE.finditer(par):
        content = next(g for g in m.groups() if g is not None).strip()
        start, end = m.start(), m.end()
        outer = _OUTER_RE.search(par[max(0, start - 3):start])
        if outer and content and not re.match(r"\d", content) and len(content) <= 12 and "、" not in content:
            form = outer.group(0) + strip_quotes(content)
            out.append((start - len(outer.group(0)), end, form))
            continue
        code = content.translate(WIDE_TO_ASCII)
        if re.fullmatch(_CODE, code):
            prog = _programme_re().match(par[end:end + 10])
            if prog or not re.fullmatch(r"(?:19|20)\d\d", code):
                out.append((start, end + (prog.end() if prog else 0), code + (prog.group(0) if prog else "")))
            continue
        if "、" not in content:
            form = _quoted_form(content)
            if form:
                out.append((start, end, form))
            continue
        # a quoted list: each numbered part is a formulation, a verb before it dropped
        # (确立一个愿景、明确三个定位 → 一个愿景, 三个定位); 一个 counts beside numbered siblings
        forms = [_quoted_form(_LEADING_VERB.sub("", part.strip())) or _one_of(_LEADING_VERB.sub("", part.strip()))
                 for part in content.split("、")]
        if sum(1 for f in forms if f and not f.startswith("一个")) >= 1:
            out += [(start, end, f) for f in forms if f]
    return out


def _unquoted_formulations(par: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    out = []
    used = bytearray(len(par) + 1)
    for ts, te in taken:
        used[ts:te] = b"\x01" * (te - ts)

    def free(s, e):
        return not any(used[s:e])

    def claim(s, e, form):
        out.append((s, e, form))
        used[s:e] = b"\x01" * (e - s)

    for m in _unquoted_code_re().finditer(par):
        if free(m.start(), m.end()):
            claim(m.start(), m.end(), m.group("code").translate(WIDE_TO_ASCII) + m.group("noun"))
    for m in _compound_re().finditer(par):
        if free(m.start(), m.end()):
            claim(m.start(), m.end(), m.group(0))
    for m in _UNQUOTED_RE.finditer(par):
        core = m.group("core") or m.group("core2")
        if _count_nouns().match(core) or not free(m.start(), m.end()):
            continue
        claim(m.start(), m.end(), m.group(0))
    for m in _DOUBLED_RE.finditer(par):
        if free(m.start(), m.end()):
            claim(m.start(), m.end(), m.group(0))
    return out


@python_strings
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
        The columns of ``terms`` (with ``term, english, category, level, source, since,
        coined_by`` — ``coined_by`` taken from ``level`` where a glossary has none) and ``key``, one row per distinct key of at least two characters (the first wins); empty
        when ``terms`` is not a table with a ``term`` column.
    """
    cols = ["term", "english", "category", "level", "source", "since", "coined_by"]
    if terms is None:
        try:
            terms = lexicon.glossary()
        except (OSError, ValueError):
            terms = None  # a missing or unreadable glossary leaves the patterns
    if not isinstance(terms, pd.DataFrame) or "term" not in terms.columns:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols + ["key"]})
    table = terms.copy()
    for c in [c for c in cols if c not in ("since", "coined_by")]:
        if c not in table.columns:
            table[c] = ""
        table[c] = [v.strip() if isinstance(v, str) else "" for v in table[c]]
    since = table["since"] if "since" in table.columns else pd.Series(pd.NA, index=table.index)
    table["since"] = pd.to_numeric(since.replace("", pd.NA), errors="coerce").astype("Int64")
    table["key"] = pd.Series([strip_quotes(t) for t in table["term"]], index=table.index, dtype="object")
    table["level"] = pd.Series([_norm_level(v) for v in table["level"]], index=table.index,
                               dtype="object")
    coined = table["coined_by"] if "coined_by" in table.columns else pd.Series("", index=table.index)
    table["coined_by"] = [c.strip().lower() if isinstance(c, str) and c.strip() else lv
                          for c, lv in zip(coined, table["level"])]
    table = table[[len(k) >= 2 for k in table["key"]]].drop_duplicates("key", keep="first")
    return table.reset_index(drop=True)


def _norm_level(value: str) -> str:
    v = (value or "").strip().lower()
    return level_aliases().get(v, v)


_NUMBERED_TERM = re.compile(r"^[一二两三四五六七八九十双]|(?<!第)[一二两三四五六七八九十][个大项条张件种支]|^\d")


def is_numbered_term(key: str) -> bool:
    """Whether a glossary term is built on a number (中央八项规定, 两个一百年, 双碳): such
    a term is a numbered formulation whatever its category. Meetings (党的二十大精神), plan
    periods (十四五) and dates (七一重要讲话) are not.

    Parameters
    ----------
    key : str
        A glossary term without quote marks.

    Returns
    -------
    bool
    """
    key = key or ""
    bare = key.removeprefix("党的")
    if _PLAN_OR_SESSION.match(bare) or re.search(r"世纪|统一大|一重要讲话", key):
        return False  # a meeting (二十大精神), a plan period (十四五), a century, a date (七一)
    return bool(_NUMBERED_TERM.search(key))


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


def _glossary_finder(terms: pd.DataFrame | None):
    """The glossary's formulation keys (category *formulation* or numbered) and an
    Aho–Corasick automaton of them (None when there are none)."""
    import ahocorasick_rs

    gloss = formulation_glossary(terms)
    keys = sorted({k for k, c in zip(gloss["key"], gloss["category"])
                   if k and (is_formulation_category(c) or is_numbered_term(k))}) if len(gloss) else []
    return keys, (ahocorasick_rs.AhoCorasick(keys) if keys else None)


def _glossary_hits(pars: str, keys: list[str], finder) -> list[str]:
    return sorted({keys[i] for i, _s, _e in finder.find_matches_as_indexes(pars, overlapping=True)}) if finder else []


def document_formulations(texts, *, cache: bool = False) -> dict[str, tuple[list[str], list[str]]]:
    """Each distinct text's formulations: the pattern candidates of its paragraphs
    (:func:`paragraph_formulations`) and the packaged glossary's formulations it contains.

    Parameters
    ----------
    texts : iterable of str
        Simplified article texts.
    cache : bool, keyword-only
        Keep each text's two lists in the per-user cache (keyed on the text, the code and
        the knowledge files) and reuse them.

    Returns
    -------
    dict
        text → (pattern candidates, glossary formulations), each sorted.
    """
    from . import cache as _cache

    distinct = list(dict.fromkeys(t for t in texts if isinstance(t, str)))
    store = {text: _cache.formulations_key(text) for text in distinct} if cache else {}
    stored = _cache.read_tokens(list(store.values()), check=lambda v: (
        isinstance(v, list) and len(v) == 2
        and all(type(part) is list and all(type(f) is str for f in part) for part in v))) if store else {}
    keys, finder = None, None
    out, fresh = {}, {}
    for text in distinct:
        hit = stored.get(store.get(text))
        if hit is not None:
            out[text] = (hit[0], hit[1])
            continue
        if keys is None:
            keys, finder = _glossary_finder(None)
        pars = "\n".join(split_paragraphs(text))
        pattern = sorted({form for par in pars.split("\n") for _, _, form in paragraph_formulations(par)})
        out[text] = (pattern, _glossary_hits(pars, keys, finder))
        if store:
            fresh[store[text]] = [out[text][0], out[text][1]]
    if fresh:
        _cache.write_tokens(fresh)
    return out


def formulation_terms(docs: pd.DataFrame, *, terms: pd.DataFrame | None = None, cache: bool = False) -> list[str]:
    """The normalised formulations found in ``docs``.

    The pattern candidates of every paragraph and the glossary's formulations the texts
    contain, for a tokenizer's dictionary so that 两个维护 never splits.

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (``text`` is required).
    terms : DataFrame, optional, keyword-only
        A glossary of the shape of :func:`plenum.glossary` instead of the packaged one.
    cache : bool, keyword-only
        Keep each document's formulations in the per-user cache (keyed on its text, the
        code and the knowledge files) and reuse them (:func:`document_formulations`).

    Returns
    -------
    list of str
        The distinct formulations, sorted.
    """
    per_text = document_formulations(_texts(docs), cache=cache)
    found: set[str] = set()
    if terms is None:
        for pattern, glossary_hits in per_text.values():
            found.update(pattern)
            found.update(glossary_hits)
        return sorted(found)
    keys, finder = _glossary_finder(terms)
    for text, (pattern, _packaged) in per_text.items():
        found.update(pattern)
        found.update(_glossary_hits("\n".join(split_paragraphs(text)), keys, finder))
    return sorted(found)
