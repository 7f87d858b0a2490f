"""Finding a codebook's keywords in sentences: every occurrence of every keyword and
exclude phrase, claimed longest first (the matching rule of :mod:`plenum.themes`), and the
themes each sentence carries, worked out on arrays of all the sentences at once."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .units import simplified_texts

# A document's title names its subject; it says nothing the sentence itself does.
_TITLE_RE = re.compile(r"《[^《》]{1,300}》")


# -- matching -------------------------------------------------------------------------------

class _Matcher:
    """Finds keyword occurrences and resolves overlaps longest first (see module doc)."""

    def __init__(self, cb: dict):
        self.threshold = cb.get("rule", {}).get("threshold", 1.0) - 1e-9
        self.skip_titles = cb.get("rule", {}).get("skip_titles", True)
        owners: dict[str, list] = {}
        for code, spec in cb["themes"].items():
            for term, weight in spec["keywords"].items():
                owners.setdefault(term, []).append((code, weight))
        for phrase in cb["exclude"]:
            owners.setdefault(phrase, [])
        self.owners: dict[str, tuple[tuple[str, float], ...]] = {k: tuple(v) for k, v in owners.items()}
        self.terms = sorted(t for t in self.owners if t)
        self.finder = None
        if self.terms:
            import ahocorasick_rs

            self.finder = ahocorasick_rs.AhoCorasick(self.terms)
        self.term_no = {t: i for i, t in enumerate(self.terms)}

    def candidates(self, text: str) -> list[tuple[int, int, str]]:
        """Every occurrence of every keyword and exclude phrase in ``text`` (the simplified
        analysis form): (start, end, term)."""
        if not isinstance(text, str):
            return []
        if self.finder is None:
            return []
        # every occurrence, overlapping ones included, in one pass of an Aho–Corasick automaton
        found = sorted((start, end, self.terms[i])
                       for i, start, end in self.finder.find_matches_as_indexes(text, overlapping=True))
        if self.skip_titles and "《" in text:
            titles = [m.span() for m in _TITLE_RE.finditer(text)]
            found = [c for c in found if not any(a < c[0] and c[1] < b for a, b in titles)]
        return found

    def candidate_arrays(self, texts) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`candidates` of each text as arrays ``(text_no, start, end, term_no)`` in
        (text_no, start, end, term) order, found in one pass of the automaton over all the
        texts (joined by line breaks, which no keyword holds) and dealt back by offset."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        empty = np.zeros(0, dtype=np.int64)
        if self.finder is None or not texts:
            return empty, empty, empty, empty
        if any("\n" in t for t in self.terms):
            found = [(k, a, e, self.term_no[t]) for k, text in enumerate(texts) for a, e, t in self.candidates(text)]
            return tuple(np.array(col, dtype=np.int64) for col in zip(*found)) if found else (empty,) * 4
        found = self.finder.find_matches_as_indexes("\n".join(texts), overlapping=True)
        if not found:
            return empty, empty, empty, empty
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
        term_no, start, end = np.array(found, dtype=np.int64).T
        row = np.searchsorted(starts, start, side="right") - 1
        start, end = start - starts[row], end - starts[row]
        # self.terms is sorted, so a term's number orders as the term does
        order = np.lexsort((term_no, end, start, row))
        row, start, end, term_no = row[order], start[order], end[order], term_no[order]
        titled = [k for k, text in enumerate(texts) if "《" in text] if self.skip_titles else []
        if titled:
            keep = np.ones(len(row), dtype=bool)
            bounds = np.searchsorted(row, [titled, np.array(titled) + 1])
            for k, lo, hi in zip(titled, bounds[0].tolist(), bounds[1].tolist()):
                titles = [m.span() for m in _TITLE_RE.finditer(texts[k])]
                for j in range(lo, hi):
                    keep[j] = not any(a < start[j] and end[j] < b for a, b in titles)
            row, start, end, term_no = row[keep], start[keep], end[keep], term_no[keep]
        return row, start, end, term_no

    def select(self, cands, owners=None) -> list[tuple[int, str, tuple]]:
        """Claim spans longest first (then leftmost); return kept (start, term, owners) in
        text order. ``owners`` overrides the term → themes map (a term mapped to None is
        no longer a candidate)."""
        if owners is None:  # every candidate is a term of the codebook's own map
            owners, live = self.owners, list(cands)
        else:
            live = [c for c in cands if owners.get(c[2]) is not None]
        if len(live) <= 1:
            return [(start, term, owners[term]) for start, _end, term in live]
        apart, end_before = True, -1
        for start, end, _term in sorted(live):
            if start < end_before:
                apart = False
                break
            end_before = end
        if apart:  # nothing overlaps: every candidate is kept
            return sorted((start, term, owners[term]) for start, _end, term in live)
        live.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = bytearray(max(end for _s, end, _t in live))  # 1 where a kept span lies
        kept = []
        for start, end, term in live:
            if 1 in taken[start:end]:
                continue
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, term, owners[term]))
        kept.sort()
        return kept

    def assign(self, kept) -> dict[str, list[tuple[int, str, float]]]:
        """The themes a sentence carries, each with its occurrences (start, term, weight):
        those whose distinct keywords' weights reach the rule's threshold (one strong
        keyword, or enough weak ones); repeating a weak keyword adds no evidence."""
        evidence: dict[str, dict[str, float]] = {}
        found: dict[str, list] = {}
        for start, term, owners in kept:
            for code, weight in owners:
                evidence.setdefault(code, {})[term] = weight
                found.setdefault(code, []).append((start, term, weight))
        return {code: occ for code, occ in found.items() if sum(evidence[code].values()) >= self.threshold}

    def owner_arrays(self):
        """The themes owning each term as arrays: the theme codes, and per term number its
        first entry, its number of owners, then each entry's theme number and weight."""
        codes = list(dict.fromkeys(code for owners in self.owners.values() for code, _w in owners))
        number = {c: i for i, c in enumerate(codes)}
        count = np.array([len(self.owners[t]) for t in self.terms], dtype=np.int64)
        ptr = np.cumsum(count) - count
        flat = [o for t in self.terms for o in self.owners[t]]
        return (codes, ptr, count, np.array([number[c] for c, _w in flat], dtype=np.int64),
                np.array([w for _c, w in flat], dtype=np.float64))


def _claim_longest_first(row: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which spans :meth:`_Matcher.select` keeps in each row: longest first, then leftmost,
    a span kept unless it overlaps one kept before it. Worked in rounds over every row at
    once: each round keeps each row's first span left and drops the spans it overlaps, which
    is the one greedy pass, row by row."""
    order = np.lexsort((start, start - end, row))  # row, longest first, leftmost
    r, s, e = row[order], start[order], end[order]
    kept = np.zeros(len(r), dtype=bool)
    left = np.arange(len(r))
    size = int(row.max()) + 1 if len(row) else 0
    kept_start, kept_end = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
    while len(left):
        lr = r[left]
        first = left[np.concatenate([[True], lr[1:] != lr[:-1]])]
        kept[first] = True
        kept_start[r[first]], kept_end[r[first]] = s[first], e[first]
        rest = left[~kept[left]]
        has = np.zeros(size, dtype=bool)
        has[r[first]] = True
        rr = r[rest]
        clash = has[rr] & (s[rest] < kept_end[rr]) & (e[rest] > kept_start[rr])
        left = rest[~clash]
    out = np.zeros(len(r), dtype=bool)
    out[order] = kept
    return out


def _matches(sentences: pd.DataFrame, cb: dict) -> pd.DataFrame:
    """One row per kept keyword occurrence: ``row, theme, keyword, weight, start`` (``row``
    is the sentence's position in ``sentences``), sentence by sentence, each sentence's
    themes in the order their first keyword appears, each theme's occurrences in text
    order. What :meth:`_Matcher.select` and :meth:`_Matcher.assign` give per sentence,
    computed on arrays: only sentences whose candidates overlap are resolved one by one."""
    matcher = _Matcher(cb)
    columns = ["row", "theme", "keyword", "weight", "start"]
    row, start, end, term = matcher.candidate_arrays(simplified_texts(sentences))
    if not len(row):
        return pd.DataFrame([], columns=columns)
    # a candidate overlaps one before it in its sentence when it starts before the furthest
    # end so far (rows apart by more than any end, so the running maximum restarts per row)
    span = int(end.max()) + 1
    furthest = np.maximum.accumulate(row * span + end)
    overlaps = np.zeros(len(row), dtype=bool)
    overlaps[1:] = row[1:] * span + start[1:] < furthest[:-1]
    tangled = np.isin(row, row[overlaps])
    kept_row, kept_start, kept_term = row[~tangled], start[~tangled], term[~tangled]
    if tangled.any():
        t_row, t_start, t_end, t_term = row[tangled], start[tangled], end[tangled], term[tangled]
        claimed = _claim_longest_first(t_row, t_start, t_end)
        kept_row = np.concatenate([kept_row, t_row[claimed]])
        kept_start = np.concatenate([kept_start, t_start[claimed]])
        kept_term = np.concatenate([kept_term, t_term[claimed]])
        order = np.lexsort((kept_start, kept_row))
        kept_row, kept_start, kept_term = kept_row[order], kept_start[order], kept_term[order]
    # each kept occurrence once per theme that owns its term, in the owners' order
    codes, owner_ptr, owner_count, owner_code, owner_weight = matcher.owner_arrays()
    counts = owner_count[kept_term]
    which = np.repeat(np.arange(len(kept_term)), counts)
    rank = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    flat = owner_ptr[kept_term][which] + rank
    e_row, e_start, e_term = kept_row[which], kept_start[which], kept_term[which]
    e_code, e_weight = owner_code[flat], owner_weight[flat]
    # a theme holds in a sentence when its distinct keywords' weights reach the threshold
    pair = e_row * len(codes) + e_code
    _u, first_of_term = np.unique(pair * len(matcher.terms) + e_term, return_index=True)
    pairs, where = np.unique(pair[first_of_term], return_inverse=True)
    evidence = np.bincount(where, weights=e_weight[first_of_term], minlength=len(pairs))
    holds = np.isin(pair, pairs[evidence >= matcher.threshold])
    # order: sentence, then each theme from where its first keyword appears, then text order
    _p, first_at, pair_no = np.unique(pair, return_index=True, return_inverse=True)
    order = np.lexsort((np.arange(len(pair)), first_at[pair_no]))
    order = order[holds[order]]
    return pd.DataFrame({"row": e_row[order].tolist(), "theme": [codes[c] for c in e_code[order].tolist()],
                         "keyword": [matcher.terms[t] for t in e_term[order].tolist()],
                         "weight": e_weight[order].tolist(), "start": e_start[order].tolist()}, columns=columns)
