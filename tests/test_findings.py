"""The closing prose of the notebooks (plenum.plot.findings): every sentence comes from the
tables it is given, on the seeds and on a corpus the project has never seen."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import plenum
from plenum import extract, validation
from plenum import themes as th
from plenum.plot import findings as F

from conftest import SEEDS

SEED_NAMES = ["镇江", "金坛", "绍兴", "衢州", "金东", "Zhenjiang", "Jintan", "Shaoxing", "Quzhou", "Jindong"]


def _tables(docs):
    tokens = plenum.tokenize(docs, keep=("place", "province", "year", "session_type"))
    own = plenum.place_names(docs)
    freq = plenum.term_frequency(tokens, by="place")
    key = plenum.keyness(tokens, by="place", drop=own)
    overlap = plenum.vocabulary_overlap(tokens, by="place", drop=own)
    pairs = plenum.closest_pairs(tokens, by="place", drop=own, n_boot=200, seed=0)
    scores = th.theme_scores(docs, by="place", tokens=tokens, ci=0.95, n_boot=200, seed=0)
    balance = th.theme_balance(docs, by="place", tokens=tokens)
    robust = validation.robustness_summary(validation.theme_robustness(docs, by="place", tokens=tokens))
    return {
        "terms": F.terms_findings(docs, frequency=freq, keyness=key, overlap=overlap, pairs=pairs),
        "themes": F.themes_findings(docs, scores=scores, balance=balance, robustness=robust),
        "corpus": F.corpus_findings(docs, overview=plenum.corpus_overview(docs),
                                    moves=plenum.move_counts(plenum.paragraphs(docs, keep=("place",)), by="place"),
                                    documents=plenum.documents_table(docs)),
        "targets": F.targets_findings(docs, summary=extract.target_summary(docs), matrix=extract.formulation_matrix(docs),
                                      tasks=extract.task_list_table(docs), horizons=extract.horizon_table(docs),
                                      not_yet=extract.not_yet_in_use(docs)),
        "reuse": _reuse_findings(docs),
        "key": key, "pairs": pairs,
    }


def _reuse_findings(docs):
    from plenum import reuse_tables, text_reuse
    from plenum.plot import reuse as RF

    passages = plenum.reuse(docs)
    matrix = text_reuse.reuse_matrix(docs, passages=passages)
    return RF.reuse_findings(docs, passages=passages, shares=text_reuse.stock_share(docs, passages=passages),
                             matrix=matrix, contrast=reuse_tables.province_contrast(matrix, docs),
                             links=reuse_tables.hierarchy_links(docs))


@pytest.fixture(scope="module")
def seed_findings(seed_docs):
    return _tables(seed_docs)


@pytest.fixture(scope="module")
def generated(tmp_path_factory, seed_docs):
    from plenum.synthetic import synthetic_pages

    folder = tmp_path_factory.mktemp("generated")
    raw = [(SEEDS / f"{d}.txt").read_text("utf-8") for d in seed_docs["doc_id"]]
    for i, page in enumerate(synthetic_pages(raw, list(seed_docs["place"]), 4, seed=11)):
        (folder / f"page{i}.txt").write_text(page, "utf-8")
    docs = plenum.plenum_reports(plenum.read_reports(folder, progress=False))
    return docs, _tables(docs)


def test_seed_prose_states_the_corrected_keyness_count(seed_findings):
    key = seed_findings["key"]
    kept = int(((key["q"] < 0.05) & (key["log_ratio"] > 0)).sum())
    raw = int(((key["p"] < 0.05) & (key["log_ratio"] > 0)).sum())
    text = str(seed_findings["terms"])
    assert kept < raw
    assert f"{raw:,} over-used words reach p < 0.05" in text and f"only {kept:,} have" in text


def test_seed_prose_reports_how_settled_the_closest_pair_is(seed_findings):
    first = seed_findings["pairs"].iloc[0]
    text = str(seed_findings["terms"])
    assert f"{first['share_top']:.0%} of resamples" in text
    assert ("not settled" in text) == (first["share_top"] < 0.9)


def test_seed_prose_says_the_reports_differ_in_year_and_session(seed_findings, seed_docs):
    years = sorted(seed_docs["year"].dropna().astype(int).unique())
    for part in ("terms", "themes", "targets"):
        lead = seed_findings[part][0]
        assert "different years" in lead and ", ".join(map(str, years[:-1])) in lead


def test_seed_prose_marks_formulations_not_yet_in_use(seed_findings):
    text = str(seed_findings["targets"])
    assert "两个确立 (in use from 2021) in Shaoxing 绍兴市's 2020 report" in text


def test_seed_theme_leads_quote_intervals(seed_findings):
    text = str(seed_findings["themes"])
    assert re.search(r"\d+ \[\d+, \d+\]", text)
    assert "Leads that" in text


def test_generated_corpus_speaks_only_of_itself(generated):
    docs, found = generated
    groups = set(docs["place"])
    assert len(docs) == 4 and not groups & {"镇江市", "金坛区", "绍兴市", "衢州市", "金东区"}
    for part in ("terms", "themes", "corpus", "targets", "reuse"):
        text = str(found[part])
        assert text.startswith("*For the four reports of this corpus")
        for seed_name in SEED_NAMES:
            mentioned = re.findall(rf"\b{seed_name}\b|{seed_name}[市区县]", text)
            assert not mentioned, (part, seed_name, text)
    named = set(re.findall(r"[\u4e00-\u9fff]{1,6}[市区县]", str(found["themes"])))
    assert named <= groups | set(docs["prefecture"].dropna()) | {"全市", "全区", "全县"}


def _scores(a, b):
    """Two groups on one theme with the intervals given."""
    return pd.DataFrame({"group": ["甲县", "乙县"], "theme": ["economy", "economy"], "hits": [20, 15],
                         "words": [1000, 1000], "per_1k": [a[0], b[0]], "per_1k_low": [a[1], b[1]],
                         "per_1k_high": [a[2], b[2]], "sentences": [10, 8], "n_sentences": [50, 50],
                         "sentence_share": [0.2, 0.16]})


@pytest.mark.parametrize("a, b, holds", [((20, 15, 25), (15, 10, 19), False), ((20, 17, 25), (5, 2, 9), True)])
def test_leads_hold_only_when_intervals_part(a, b, holds):
    docs = pd.DataFrame({"doc_id": ["x", "y"], "place": ["甲县", "乙县"]})
    text = str(F.themes_findings(docs, scores=_scores(a, b)))
    assert ("Leads that hold" in text) is holds
    assert ("Leads that do not hold" in text and "distinguishable from the runner-up" in text) is (not holds)


def test_no_distinctive_word_is_said_so():
    key = pd.DataFrame({"group": ["甲县", "乙县"], "token": ["发展", "建设"], "n_target": [3, 2],
                        "n_reference": [0, 0], "log_ratio": [2.0, 1.5], "p": [0.01, 0.03], "q": [0.2, 0.2]})
    text = F._keyness_sentence(key, 0.05)
    assert "2 over-used words reach p < 0.05" in text and "only 0 have a false-discovery rate" in text
    assert "no report has a word that is distinctive" in text


def test_same_year_and_kind_is_stated_as_such():
    docs = pd.DataFrame({"place": ["甲县", "乙县"], "year": pd.array([2022, 2022], dtype="Int64"),
                         "session_type": ["annual", "annual"]})
    text = F.comparability(docs)
    assert text.startswith("All reports are from 2022 and all are year-end sessions")
    assert "between places, not between years" in text


def test_tables_not_given_leave_their_sentences_out(seed_docs):
    for fn in (F.terms_findings, F.targets_findings):
        found = fn(seed_docs)
        assert isinstance(found, F.Findings) and found == [F.comparability(seed_docs)]
    corpus = str(F.corpus_findings(seed_docs))
    assert "Attendance" not in corpus and "How the reports speak" not in corpus and "Kinds of session" in corpus
    assert F.themes_findings(seed_docs, scores=pd.DataFrame(columns=["group", "theme", "per_1k", "hits"]))


def test_agreement_is_called_in_sample_only_on_the_labelled_reports():
    docs = pd.DataFrame({"doc_id": ["x", "y"], "place": ["甲县", "乙县"]})
    agreement = pd.DataFrame({"theme": ["economy", "party", "macro"], "precision": [0.5, 0.9, 0.7],
                              "recall": [0.9, 0.9, 0.9], "f1": [0.64, 0.9, 0.77], "support": [10, 20, 30]})
    scores = _scores((20, 15, 25), (15, 10, 19))
    inside = str(F.themes_findings(docs, scores=scores, agreement=agreement, labelled_docs=["x"]))
    outside = str(F.themes_findings(docs, scores=scores, agreement=agreement, labelled_docs=["z"]))
    assert "macro-F1 0.77" in inside and "upper bound" in inside and "weakest theme is Economy" in inside
    assert "not on this corpus" in outside and "upper bound" not in outside


def test_seed_reuse_prose_states_the_computed_shares(seed_findings, seed_docs):
    from plenum import text_reuse

    text = str(seed_findings["reuse"])
    passages = plenum.reuse(seed_docs)
    assert f"share {len(passages)} passages" in text or f"share {F.number(len(passages))} passages" in text
    top = text_reuse.reuse_matrix(seed_docs, passages=passages).stack().max()
    assert f"{top:.1%}" in text and "Up the hierarchy" in text
