"""The policy-theme codebook (``data/themes.yaml``, read by :func:`plenum.lexicon.read_codebook_file`)
in its normalised form: themes with their names, definitions, examples and keyword weights,
the exclusions with their reasons, and the assignment rule.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pandas as pd

from .lexicon import read_codebook_file
from ._text import python_strings

THEME_FIELDS = ["zh", "en", "definition", "framework", "bloc", "cap", "source", "include_examples",
                "exclude_examples", "keywords"]


@functools.lru_cache(maxsize=1)
def _packaged_codebook() -> dict:
    return _normalise(read_codebook_file())


def _keyword_items(raw, theme: str, weight_default: float = 1.0) -> dict[str, float]:
    """Keywords as {term: weight}: accepts a list of strings, of {term:, weight:} mappings
    or of one-item {term: weight} mappings, or a mapping {term: weight}."""
    if isinstance(raw, dict):
        raw = [{k: v} for k, v in raw.items()]
    if isinstance(raw, str) or not hasattr(raw, "__iter__"):
        raise ValueError(f"theme {theme!r}: keywords must be a list")
    out: dict[str, float] = {}
    for item in raw:
        if isinstance(item, str):
            term, weight = item, weight_default
        elif isinstance(item, dict) and "term" in item:
            term, weight = item["term"], item.get("weight", weight_default)
        elif isinstance(item, dict) and len(item) == 1:
            (term, weight), = item.items()
        else:
            raise ValueError(f"theme {theme!r}: cannot read keyword {item!r}")
        term = str(term).strip()
        if len(term) < 2:
            raise ValueError(f"theme {theme!r}: keyword {term!r} is shorter than two characters")
        weight = weight_default if weight is None else float(weight)
        if not weight > 0:
            raise ValueError(f"theme {theme!r}: keyword {term!r} needs a positive weight")
        out.setdefault(term, weight)
    return out


def _rule(raw) -> dict:
    """The assignment rule: a sentence carries a theme when the weights of the distinct
    keywords of that theme it contains add up to ``threshold``; ``weak`` keywords weigh
    ``weak_weight``; with ``skip_titles``, keywords inside 《titles》 do not count."""
    rule = {"threshold": 1.0, "weak_weight": 0.5, "skip_titles": True, **(raw or {})}
    for key in ("threshold", "weak_weight"):
        if not (isinstance(rule[key], (int, float)) and rule[key] > 0):
            raise ValueError(f"codebook rule: {key} must be a positive number, not {rule[key]!r}")
    if not isinstance(rule["skip_titles"], bool):
        raise ValueError(f"codebook rule: skip_titles must be true or false, not {rule['skip_titles']!r}")
    return {"threshold": float(rule["threshold"]), "weak_weight": float(rule["weak_weight"]),
            "skip_titles": rule["skip_titles"]}


def _examples(value) -> list[str]:
    return [str(v).strip() for v in ([value] if isinstance(value, str) else value or []) if str(v).strip()]


def _exclusions(raw) -> dict[str, str]:
    """Exclude phrases → their reason (a plain string entry has none)."""
    out: dict[str, str] = {}
    for item in raw or []:
        phrase, reason = (item.get("phrase"), item.get("reason", "")) if isinstance(item, dict) else (item, "")
        if str(phrase or "").strip():
            out.setdefault(str(phrase).strip(), str(reason or "").strip())
    return out


def _normalise(raw) -> dict:
    if not isinstance(raw, dict):
        raise ValueError("a codebook is a mapping with a 'themes' entry (or a mapping of themes)")
    whole = "themes" in raw
    themes_raw = raw["themes"] if whole else raw
    if not isinstance(themes_raw, dict) or not themes_raw:
        raise ValueError("the codebook has no themes")
    rule = _rule(raw.get("rule") if whole else None)
    themes = {}
    for code, spec in themes_raw.items():
        code = str(code)
        if not isinstance(spec, dict):
            spec = {"keywords": spec}
        if "keywords" not in spec:
            raise ValueError(f"theme {code!r} has no keywords")
        keywords = _keyword_items(spec["keywords"], code)
        for term, weight in _keyword_items(spec.get("weak") or [], code, rule["weak_weight"]).items():
            keywords.setdefault(term, weight)
        if not keywords:
            raise ValueError(f"theme {code!r} has no keywords")
        default_bloc = code if code in ("authority", "party", "security") else "development"
        themes[code] = {
            **{f: str(spec.get(f) or code) for f in ("zh", "en")},
            **{f: str(spec.get(f) or "").strip() for f in ("definition", "framework", "cap", "source")},
            "bloc": str(spec.get("bloc") or default_bloc),
            "include_examples": _examples(spec.get("include_examples")),
            "exclude_examples": _examples(spec.get("exclude_examples")),
            "keywords": keywords,
        }
    exclusions = _exclusions(raw.get("exclude") if whole else None)
    return {"version": raw.get("version", 1) if whole else 1, "rule": rule, "exclude": list(exclusions),
            "exclude_reasons": exclusions, "themes": themes}


def load_codebook(codebook=None) -> dict:
    """The theme codebook as a normalised dict.

    Missing descriptive fields default to the code.

    Parameters
    ----------
    codebook : str, Path or dict, optional
        None (the packaged ``data/themes.yaml``), a path to a YAML file of the same shape, or
        a dict — either the whole file's shape or just ``{code: {..., "keywords": [...]}}`` /
        ``{code: [keywords]}``.

    Returns
    -------
    dict
        ``{"version", "rule": {threshold, weak_weight, skip_titles}, "exclude": [phrases],
        "exclude_reasons": {phrase: reason}, "themes": {code: {zh, en, definition, framework,
        bloc, cap, source, include_examples, exclude_examples, keywords: {term: weight}}}}``
        (``weak`` keywords merged into ``keywords`` with the rule's ``weak_weight``; a
        keyword listed as both counts as strong). A dict of themes alone gets the default
        rule, and every keyword weight 1: any one keyword assigns its theme.

    Raises
    ------
    ValueError
        For a theme without keywords or a keyword under two characters.
    """
    if codebook is None:
        return copy.deepcopy(_packaged_codebook())
    if isinstance(codebook, (str, Path)):
        return _normalise(read_codebook_file(codebook))
    return _normalise(copy.deepcopy(dict(codebook)))


@python_strings
def codebook_table(codebook=None) -> pd.DataFrame:
    """One row per theme of the codebook.

    Parameters
    ----------
    codebook : str, Path or dict, optional
        A codebook instead of the packaged one (as in :func:`load_codebook`).

    Returns
    -------
    DataFrame
        ``theme, zh, en, definition, framework, bloc, cap, source, include_examples,
        exclude_examples`` (examples joined by " / "), ``n_keywords, n_strong`` (keywords
        that assign the theme on their own).
    """
    cb = load_codebook(codebook)
    threshold = cb["rule"]["threshold"]
    rows = [{"theme": code, **{f: " / ".join(v) if isinstance(v := spec[f], list) else v
                               for f in THEME_FIELDS if f != "keywords"},
             "n_keywords": len(spec["keywords"]),
             "n_strong": sum(w >= threshold for w in spec["keywords"].values())}
            for code, spec in cb["themes"].items()]
    return pd.DataFrame(rows)


@python_strings
def keyword_table(codebook=None) -> pd.DataFrame:
    """One row per keyword of the codebook.

    Parameters
    ----------
    codebook : str, Path or dict, optional
        A codebook instead of the packaged one (as in :func:`load_codebook`).

    Returns
    -------
    DataFrame
        ``theme, keyword, weight, strong`` (the keyword alone assigns its theme: its weight
        reaches the rule's threshold).
    """
    cb = load_codebook(codebook)
    threshold = cb["rule"]["threshold"]
    rows = [(code, term, w, w >= threshold) for code, spec in cb["themes"].items()
            for term, w in spec["keywords"].items()]
    return pd.DataFrame(rows, columns=["theme", "keyword", "weight", "strong"])


@python_strings
def keyword_lists(codebook=None, *, n: int = 10) -> pd.DataFrame:
    """Each theme's first strong and first weak keywords, for reading the codebook at a glance.

    Parameters
    ----------
    codebook : str, Path or dict, optional
        A codebook instead of the packaged one (as in :func:`load_codebook`).
    n : int, keyword-only
        Keywords shown per list (the rest is marked with …).

    Returns
    -------
    DataFrame
        Index ``theme`` (codebook order); ``strong`` and ``weak`` (keywords joined by 、).
    """
    table = keyword_table(codebook)
    order = list(dict.fromkeys(table["theme"]))

    def first(words) -> str:
        words = list(words)
        return "、".join(words[:n]) + (" …" if len(words) > n else "")

    out = pd.DataFrame({kind: table[table["strong"] == strong].groupby("theme", sort=False)["keyword"].agg(first)
                        for kind, strong in (("strong", True), ("weak", False))}).reindex(order).fillna("")
    out.index.name = "theme"
    return out
