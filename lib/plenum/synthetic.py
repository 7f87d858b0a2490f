"""Synthetic report pages for benchmarks and tests: real pages with their place names,
years and paragraph order varied, so that a corpus of any size can be made from a few
seeds with no two pages identical. Never for analysis."""

from __future__ import annotations

import random
import re

from .places import place_table, short_name


def _names(row) -> list[str]:
    names = [row["name"]]
    short = short_name(row["name"])
    if short:
        names.append(short)
    return names


def synthetic_pages(pages: list[str], places: list[str], n: int, seed: int = 0) -> list[str]:
    """``n`` pages made from ``pages`` (raw page texts) whose committees are ``places``
    (one place name per page, as ``read_reports`` found it; None to leave names alone).

    Each page takes a seed page in turn, renames its place (full and short name) to another
    real place of the same level, shifts every four-digit year from 2000–2039 by the
    same random amount, and shuffles the order of the article's middle paragraphs. No
    two returned pages are identical.
    """
    rng = random.Random(seed)
    table = place_table()
    table = table[table["tier"] != "province"]
    by_level = {lvl: rows.to_dict("records") for lvl, rows in table.groupby("level")}
    lookup = {r["name"]: r for r in table.to_dict("records")}
    seen: set[int] = set()
    out: list[str] = []
    attempts = 0
    while len(out) < n:
        attempts += 1
        if attempts > 20 * n + 100:
            raise RuntimeError("could not make enough distinct pages")
        i = len(out) % len(pages)
        text = pages[i]
        place = places[i] if i < len(places) else None
        if place in lookup:
            old = lookup[place]
            new = rng.choice(by_level.get(old["level"], [old]))
            for before, after in zip(_names(old), _names(new) + _names(new)[:1]):
                text = text.replace(before, after)
        shift = rng.randint(-8, 3)
        text = re.sub(r"(?<!\d)(20[0-3]\d)(?!\d)", lambda m: str(int(m.group(1)) + shift), text)
        lines = text.split("\n")
        long = [k for k, ln in enumerate(lines) if len(ln) > 60]
        if len(long) > 3:
            middle = long[1:-1]
            shuffled = [lines[k] for k in middle]
            rng.shuffle(shuffled)
            for k, ln in zip(middle, shuffled):
                lines[k] = ln
        text = "\n".join(lines)
        key = hash(text)
        if key in seen:
            continue
        seen.add(key)
        out.append(text)
    return out
