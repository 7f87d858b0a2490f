"""Labels for readers of Chinese and of English: place names romanised, terms and
formulations glossed from the glossary, theme codes named. The tables of the library keep
what the reports wrote; :func:`labelled` turns any of them into a display table in one
language, and the figures label themselves with the same functions."""

from __future__ import annotations

import math
import re
import textwrap

LANGS = ("zh", "en")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return lang


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return False
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def place_label(place, lang: str = "zh", *, context: dict | None = None) -> str:
    """A display label for a place name.

    ``lang="zh"`` returns the name unchanged; ``lang="en"`` returns its pinyin without the
    administrative suffix (镇江市 → "Zhenjiang", 景宁畲族自治县 → "Jingning").

    Parameters
    ----------
    place : str
        A place name; missing values are allowed.
    lang : {"zh", "en"}
        The language of the label (default "zh").
    context : dict, optional, keyword-only
        Name → a second line for the label (:func:`group_context`: the year and session
        type of the group's reports).

    Returns
    -------
    str
        The label; "unknown" for a missing value.

    Raises
    ------
    ValueError
        If ``lang`` is neither "zh" nor "en".
    """
    check_lang(lang)
    if context and not _is_missing(place) and context.get(str(place)):
        return f"{place_label(place, lang)}\n{context[str(place)]}"
    if _is_missing(place):
        return "unknown"
    name = str(place).strip()
    if lang == "zh":
        return str(place)
    if not name:
        return "unknown"

    from pypinyin import Style, lazy_pinyin

    from ..places import short_name

    romanised = "".join(lazy_pinyin(short_name(name) or name, style=Style.NORMAL))
    return romanised[:1].upper() + romanised[1:]


def short_gloss(gloss: str, width: int = 60) -> str:
    """An English gloss without its parenthesis, cut to ``width`` characters (the glossary
    keeps the part before a parenthesis short enough that it never is)."""
    text = re.sub(r"\s*\(.*?\)", "", gloss).strip() or gloss
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def term_label(term: str, lang: str = "zh") -> str:
    """A term as a figure label.

    With ``lang="zh"`` the term itself; with ``lang="en"`` the term over the glossary's
    English gloss where there is one (两个维护 / Two Upholds; long glosses are shortened
    with …).

    Parameters
    ----------
    term : str
        A word or glossary term.
    lang : {"zh", "en"}
        The language of the label (default "zh"); anything else raises ValueError.

    Returns
    -------
    str
        The term, or for ``lang="en"`` with a gloss: the term, then its short gloss
        (:func:`short_gloss`) on one or two lines of at most 30 characters.
    """
    if check_lang(lang) == "zh":
        return term
    from ..lexicon import english

    gloss = english(term)
    if not gloss:
        return term
    lines = textwrap.wrap(short_gloss(gloss), 30)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), 30, placeholder="…")]
    return "\n".join([term, *lines])


def formulation_label(formulation: str, lang: str = "zh") -> str:
    """A formulation on one line.

    With ``lang="zh"`` the formulation itself; with ``lang="en"`` followed by its short
    English gloss (两个维护  the Two Upholds).

    Parameters
    ----------
    formulation : str
        A formulation, as in the glossary.
    lang : {"zh", "en"}
        The language of the label (default "zh"); anything else raises ValueError.

    Returns
    -------
    str
        The formulation, or for ``lang="en"`` the formulation, two spaces and the glossary's
        gloss without its parenthesis (:func:`short_gloss`); the formulation alone when the
        glossary has no gloss for it.
    """
    if check_lang(lang) == "zh":
        return formulation
    from ..lexicon import english

    gloss = english(formulation)
    return f"{formulation}  {short_gloss(gloss)}" if gloss else formulation


def theme_label(theme: str, lang: str = "zh", *, codebook=None) -> str:
    """A theme's display name.

    The Chinese name, or with ``lang="en"`` the English one; the code itself for a theme the
    codebook does not know (e.g. ``macro``).

    Parameters
    ----------
    theme : str
        A theme code of the codebook.
    lang : {"zh", "en"}
        The language of the name (default "zh"); anything else raises ValueError.
    codebook : dict or path, optional, keyword-only
        The theme codebook, as in :func:`plenum.load_codebook` (default: the packaged one).

    Returns
    -------
    str
        The theme's name in ``lang``.
    """
    check_lang(lang)
    from ..codebook import load_codebook

    spec = load_codebook(codebook)["themes"].get(theme)
    return spec[lang] if spec else str(theme)


def _years(years) -> str:
    years = sorted({int(y) for y in years if not _is_missing(y)})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def group_context(docs, *, by: str = "place", lang: str = "zh") -> dict[str, str]:
    """For each group, the year and kind of session of its reports, as a label line.

    Figures that compare groups show it under each group's name, so that a 2020
    five-year-plan plenum is not read as alike a 2023 mid-year one: "2021 · year-end review
    and next year's tasks"; a group of several reports gets its span of years, the number of
    reports and its session type, or "mixed sessions".

    Parameters
    ----------
    docs : DataFrame
        :func:`plenum.read_reports` output (uses ``by``, ``year`` and ``session_type``).
    by : str, keyword-only
        The column the figure groups by.
    lang : {"zh", "en"}, keyword-only
        The language of the session-type names (``data/session_type_names.csv``).

    Returns
    -------
    dict of str to str
        Group (as a string, "(unknown)" for a missing value) → label line.
    """
    from ..lexicon import session_type_names

    check_lang(lang)
    names = session_type_names().set_index("session_type")[lang].to_dict()
    groups = docs[by].astype("string").fillna("(unknown)")
    out = {}
    for group, rows in docs.groupby(groups, sort=True):
        types = sorted({t for t in rows.get("session_type", []) if not _is_missing(t)})
        kind = names.get(types[0], types[0]) if len(types) == 1 else (
            ("多种会议" if lang == "zh" else "mixed sessions") if types else "")
        count = "" if len(rows) == 1 else (f"{len(rows)}份" if lang == "zh" else f"{len(rows)} reports")
        out[str(group)] = " · ".join(p for p in (_years(rows.get("year", [])), count, kind) if p)
    return out


def doc_labels(docs, lang: str = "zh"):
    """A short readable label per document.

    Place and meeting (or publication) month, e.g. '镇江市 2021-12' / 'Zhenjiang 2021-12';
    the doc_id where the place is unknown.

    Parameters
    ----------
    docs : DataFrame
        Any table with ``doc_id, place, meeting_date, publish_date`` (the documents or
        :func:`plenum.corpus_overview`).
    lang : {"zh", "en"}
        The language of the place names (default "zh"), as in :func:`place_label`.

    Returns
    -------
    pandas.Series
        One label per row of ``docs`` (string dtype, same index); without the month where
        neither date is known.
    """
    import pandas as pd

    when = docs["meeting_date"].fillna(docs["publish_date"])
    labels = []
    for doc_id, place, date in zip(docs["doc_id"], docs["place"], when):
        name = place_label(place, lang) if isinstance(place, str) else str(doc_id)
        labels.append(f"{name} {date:%Y-%m}" if pd.notna(date) else name)
    return pd.Series(labels, index=docs.index, dtype="string")


_PLACE_COLUMNS = ("group", "place", "province", "prefecture")


def labelled(frame, lang: str = "zh", *, codebook=None, terms=None):
    """A table ready to show to readers of ``lang``.

    The values it is computed from are untouched.

    Parameters
    ----------
    frame : DataFrame
        Any table of the library.
    lang : {"zh", "en"}
        "zh": theme codes become their Chinese names (a ``theme`` column or index);
        everything else stays as written. "en": also place names romanised (columns
        ``group, place, province, prefecture``, and the columns of a wide table whose column
        axis is named ``group``), theme codes in English, formulations (an index named
        ``formulation``) followed by their English gloss, and an ``english`` column after
        ``goal`` with the gloss of the longest glossary term the goal contains.
    codebook : dict or path, optional, keyword-only
        The theme codebook, as in :func:`plenum.load_codebook`.
    terms : DataFrame or path, optional, keyword-only
        A glossary for the goals' glosses instead of the packaged one.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with display labels; for ``lang="en"`` also the ``english``
        column when ``frame`` has a ``goal`` column and no ``english`` one.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        If ``lang`` is neither "zh" nor "en".
    """
    import pandas as pd

    from ..lexicon import gloss_within

    check_lang(lang)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"labelled takes a DataFrame, not {type(frame).__name__}")
    out = frame.copy()
    if "theme" in out.columns:
        out["theme"] = [theme_label(t, lang, codebook=codebook) if isinstance(t, str) else t for t in out["theme"]]
    if out.index.name == "theme":
        out.index = pd.Index([theme_label(t, lang, codebook=codebook) if isinstance(t, str) else t for t in out.index],
                             name="theme")
    if lang == "zh":
        return out
    for col in _PLACE_COLUMNS:
        if col in out.columns:
            values = [place_label(v, lang) if isinstance(v, str) else v for v in out[col]]
            if isinstance(out[col].dtype, pd.CategoricalDtype):
                cats = [place_label(c, lang) for c in out[col].cat.categories]
                out[col] = pd.Categorical(values, categories=list(dict.fromkeys(cats)), ordered=True)
            else:
                out[col] = pd.array(values, dtype="string")
    if out.columns.name == "group":
        out.columns = pd.Index([place_label(c, lang) if c not in ("level", "coined_by") else c for c in out.columns],
                               name=None)
    if out.index.name == "formulation":
        out.index = pd.Index([formulation_label(f, lang) for f in out.index], name="formulation")
    if "goal" in out.columns and "english" not in out.columns:
        at = list(out.columns).index("goal") + 1
        out.insert(at, "english", pd.array([gloss_within(g, terms) if isinstance(g, str) else None
                                            for g in out["goal"]], dtype="string"))
    return out
