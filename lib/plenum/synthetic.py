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


def reuse_corpus(n: int, *, seed: int = 0, chars: int = 5000, stock: list[str] | None = None,
                 planted: int = 0) -> tuple[list[str], list[tuple[int, int, str]]]:
    """``n`` texts for timing text reuse: report-like prose whose characters are drawn at
    random from the seeds' own characters (so that, as in real reports, most runs of eight
    characters occur in one report only), a few stock phrases every text repeats, and
    ``planted`` passages of 40 characters each shared by one random pair of texts.

    Returns the texts and the planted passages as (text a, text b, passage). Never for
    analysis.
    """
    from pathlib import Path

    rng = random.Random(seed)
    root = Path(__file__).resolve().parents[2] / "seeds"
    pool = [ch for p in sorted(root.glob("*.txt")) for ch in p.read_text("utf-8") if "\u4e00" <= ch <= "\u9fff"]
    stock = stock or ["以习近平新时代中国特色社会主义思想为指导", "更加紧密地团结在以习近平同志为核心的党中央周围",
                      "坚定拥护两个确立坚决做到两个维护", "全会由常委会主持"]
    texts = []
    for _ in range(n):
        pars, size = [], 0
        while size < chars:
            body = "".join(rng.choice(pool) for _ in range(rng.randint(60, 160)))
            if rng.random() < 0.5:
                at = rng.randint(0, len(body))
                body = body[:at] + rng.choice(stock) + body[at:]
            pars.append(body + "。")
            size += len(body) + 1
        texts.append("\n".join(pars))
    plants = []
    for _ in range(planted):
        a, b = rng.sample(range(n), 2)
        passage = "".join(rng.choice(pool) for _ in range(40))
        for i in (a, b):
            at = texts[i].find("\n", rng.randint(0, max(0, len(texts[i]) - 100)))
            at = at if at > 0 else len(texts[i])
            texts[i] = texts[i][:at] + "\n" + passage + "。" + texts[i][at:]
        plants.append((a, b, passage))
    return texts, plants
