"""Every public table on the shipped seeds is the same as it was before the package was
reorganised (``tests/data/golden_seeds.json``, written by the code of that time).

Each entry is a fingerprint of one function's output: shape, column names and a hash of
every value in canonical text form (floats to 10 significant digits). When a table is
meant to change, regenerate the file with ``PLENUM_WRITE_GOLDEN=1 pytest
tests/test_api_stable.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

GOLDEN = Path(__file__).parent / "data" / "golden_seeds.json"


def _cell(value) -> str:
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        return json.dumps([_cell(v) for v in items], ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps({str(k): _cell(v) for k, v in sorted(value.items())}, ensure_ascii=False)
    if value is None or value is pd.NA or value is pd.NaT:
        return "<NA>"
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return "<NA>"
        return f"{float(value):.10g}"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def fingerprint(value) -> dict:
    """Shape, columns and value hash of a table, a series, a list or a mapping."""
    if isinstance(value, pd.Series):
        value = value.to_frame(name=value.name if value.name is not None else "value")
    if isinstance(value, pd.DataFrame):
        frame = value
        index = [_cell(i) for i in frame.index] if not isinstance(frame.index, pd.RangeIndex) else []
        h = hashlib.sha256()
        h.update(json.dumps(index, ensure_ascii=False).encode())
        for col in frame.columns:
            h.update(str(col).encode() + b"\0")
            for v in frame[col].tolist():
                h.update(_cell(v).encode() + b"\1")
        return {"shape": list(frame.shape), "columns": [str(c) for c in frame.columns],
                "sha256": h.hexdigest()}
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    text = _cell(value)
    return {"length": len(value) if hasattr(value, "__len__") else None,
            "sha256": hashlib.sha256(text.encode()).hexdigest()}


def _outputs(docs: pd.DataFrame) -> dict:
    """Name → output of every public table on the seeds, called the current way."""
    import plenum
    from plenum import extract, plot
    from plenum import theme_tables
    from plenum import themes as th
    from plenum import validation

    out = {}
    # Columns added since the fingerprints were written are pinned in tests/test_reading.py.
    # text_simplified / token_simplified equal text / token on these simplified-script seeds
    # (tests/test_script.py asserts it).
    added = ["kind_evidence", "session_type", "session_evidence", "url", "sha256", "text_simplified", "year"]
    stable_docs = docs.drop(columns=["path", *added])
    out["read_reports"] = stable_docs
    out["place_table"] = plenum.place_table()
    out["glossary"] = plenum.glossary().drop(columns="since")  # dated since; pinned in test_lexicon
    out["stopwords"] = plenum.stopwords()
    out["move_table"] = plenum.move_table().drop(columns="part")  # part added since (test_themes)
    pars = plenum.paragraphs(docs, keep=("place",))
    out["paragraphs"] = pars.drop(columns=["place", "text_simplified", "part"])
    sents = plenum.sentences(docs)
    out["sentences"] = sents.drop(columns="text_simplified")
    out["corpus_overview"] = plenum.corpus_overview(docs).drop(columns="session_type")  # added since
    out["boilerplate_share"] = plenum.boilerplate_share(docs)
    out["timeline_table"] = plenum.timeline_table(docs)
    out["documents_table"] = plenum.documents_table(docs)
    out["move_counts"] = plenum.move_counts(pars, by="place")
    out["doc_labels_zh"] = plot.doc_labels(docs, lang="zh")
    out["doc_labels_en"] = plot.doc_labels(docs, lang="en")

    tokens = plenum.tokenize(docs, keep=("place", "province"), cache=False)
    out["tokenize"] = tokens.drop(columns=["token_simplified", "is_name"])  # is_name: test_segmentation
    out["corpus_words"] = plenum.corpus_words(docs)
    own = plenum.place_names(docs)
    out["place_names"] = own
    freq = plenum.term_frequency(tokens, by="place")
    out["term_frequency"] = freq.drop(columns="total")  # the denominator column was added since
    out["term_frequency_province"] = plenum.term_frequency(tokens, by="province").drop(columns="total")
    out["term_table"] = plenum.term_table(freq, plenum.glossary()["term"])
    out["keyness"] = plenum.keyness(tokens, by="place", drop=own).drop(  # columns added since
        columns=["total_target", "total_reference", "p_exact", "q"])
    out["similarity"] = plenum.similarity(tokens, by="place", drop=own)
    out["vocabulary_overlap"] = plenum.vocabulary_overlap(tokens, by="place", drop=own)
    for term in ("高质量发展", "两个维护"):
        out[f"kwic_{term}"] = plenum.kwic(sents.merge(docs[["doc_id", "place"]], on="doc_id"),
                                          term, window=18, by="place").rename(columns={"group": "place"})

    out["codebook_table"] = th.codebook_table()
    out["keyword_table"] = th.keyword_table()
    out["assign_themes"] = plenum.assign_themes(sents)
    scores = plenum.theme_scores(docs, by="place", tokens=tokens)
    out["theme_scores"] = scores.drop(columns=["words", "sentences", "n_sentences"])  # counts added since
    out["theme_keywords"] = th.theme_keywords(docs, by="place")
    out["theme_balance"] = th.theme_balance(docs, by="place", tokens=tokens)
    out["surprising_cells"] = theme_tables.surprising_cells(scores)
    out["theme_examples"] = theme_tables.theme_examples(docs, "economy", group="镇江市", n=3)
    robust = plenum.theme_robustness(docs, by="place", tokens=tokens)
    out["theme_robustness"] = robust
    out["robustness_summary"] = validation.robustness_summary(robust)
    labels = validation.read_labels()
    out["read_labels"] = labels
    out["validate_themes"] = plenum.validate_themes(labels)

    out["modality_table"] = extract.modality_table()
    out["targets"] = plenum.targets(docs)
    out["formulations"] = plenum.formulations(docs)
    out["formulation_terms"] = plenum.formulation_terms(docs)
    out["echo"] = plenum.echo(docs, by="place").rename(columns={"group": "place"})
    out["goals"] = plenum.goals(docs)
    out["task_lists"] = plenum.task_lists(docs)
    out["horizons"] = plenum.horizons(docs)
    out["target_table"] = extract.target_table(docs, by="place")
    out["target_summary"] = extract.target_summary(docs, by="place").rename(columns={"group": "place"})
    goals = extract.goal_table(docs, by="place").drop(columns=["mentions", "all_goal_statements"])
    out["goal_table"] = goals.rename(columns={"group": "place"})
    matrix = extract.formulation_matrix(docs, by="place")
    out["formulation_matrix"] = matrix
    horizon = extract.horizon_table(docs, by="place").rename(columns={"group": "place"})
    out["horizon_table"] = horizon.drop(columns="reference_year")
    tasks = extract.task_list_table(docs, by="place").rename(columns={"group": "place"})
    out["task_list_table"] = tasks
    # The English display forms of notebook 04 (before: lang="en" on the table functions).
    out["goal_table_en"] = plot.labelled(goals, "en").rename(columns={"group": "place"})
    out["formulation_matrix_en"] = plot.labelled(matrix, "en")
    out["target_table_en"] = plot.labelled(extract.target_table(docs, by="place"), "en")
    return out


@pytest.fixture(scope="module")
def outputs(seed_docs):
    return {name: fingerprint(value) for name, value in _outputs(seed_docs).items()}


def test_every_public_table_is_unchanged(outputs):
    if os.environ.get("PLENUM_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(outputs, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    golden = json.loads(GOLDEN.read_text("utf-8"))
    missing = sorted(set(golden) - set(outputs))
    assert not missing, f"no longer computed: {missing}"
    changed = {name: (golden[name], outputs[name]) for name in golden if golden[name] != outputs[name]}
    assert not changed, "changed tables:\n" + "\n".join(
        f"{name}: was {was}, now {now}" for name, (was, now) in changed.items())
