"""Bootstrap intervals: sentences resampled within reports, reproducible, honest about size."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import plenum
from plenum import resampling
from plenum import themes as th


def _tokens(sentences_by_doc: dict[str, list[list[str]]], place_of=None) -> pd.DataFrame:
    """A token table from lists of sentences of words (each word two characters or more)."""
    rows = []
    for doc_id, sents in sentences_by_doc.items():
        k = 0
        for s, words in enumerate(sents, start=1):
            for w in words:
                k += 1
                rows.append((doc_id, (place_of or {}).get(doc_id, doc_id), 1, s, k, w, w, False))
    return pd.DataFrame(rows, columns=["doc_id", "place", "par_no", "sent_no", "token_no", "token",
                                       "token_simplified", "is_stop"])


def test_weights_keep_every_report_its_size_and_are_seeded():
    sent_doc = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2])
    first = np.vstack(list(resampling.sentence_weights(sent_doc, 50, seed=3, chunk=7)))
    again = np.vstack(list(resampling.sentence_weights(sent_doc, 50, seed=3, chunk=7)))
    other = np.vstack(list(resampling.sentence_weights(sent_doc, 50, seed=4, chunk=7)))
    assert first.shape == (50, 9)
    assert (first[:, :3].sum(axis=1) == 3).all() and (first[:, 3:5].sum(axis=1) == 2).all()
    assert (first[:, 5:].sum(axis=1) == 4).all()
    assert np.array_equal(first, again) and not np.array_equal(first, other)


def test_interval_of_a_uniform_report_has_no_width():
    # every sentence is the same: any resample gives the same rate
    toks = _tokens({"a": [["创新", "发展"]] * 10, "b": [["改革", "开放"]] * 10})
    freq = plenum.term_frequency(toks, by="place", ci=0.95, n_boot=200)
    assert (freq["per_10k_low"] == freq["per_10k"]).all() and (freq["per_10k_high"] == freq["per_10k"]).all()
    assert freq.loc[0, "per_10k"] == 5000


def test_intervals_are_reproducible_contain_the_estimate_and_default_off():
    rng = np.random.default_rng(1)
    vocab = ["创新", "发展", "改革", "开放", "生态", "安全"]
    toks = _tokens({d: [list(rng.choice(vocab, 5)) for _ in range(30)] for d in ("a", "b")})
    plain = plenum.term_frequency(toks, by="place")
    assert "per_10k_low" not in plain.columns
    one = plenum.term_frequency(toks, by="place", ci=0.95, n_boot=500, seed=7)
    two = plenum.term_frequency(toks, by="place", ci=0.95, n_boot=500, seed=7)
    pd.testing.assert_frame_equal(one, two)
    assert one.drop(columns=["per_10k_low", "per_10k_high"]).equals(plain)
    assert (one["per_10k_low"] <= one["per_10k"] + 1e-9).all() and (one["per_10k"] <= one["per_10k_high"] + 1e-9).all()
    assert (one["per_10k_high"] > one["per_10k_low"]).all()
    assert (one["total"] == 150).all()


def test_intervals_widen_with_fewer_sentences():
    # the same mix of sentences, 10 times and 40 times over: the rate is the same,
    # its interval four times the sentences narrower (about half as wide)
    mix = [["创新", "发展"], ["发展", "改革"], ["开放", "安全"], ["生态", "安全"], ["发展", "发展"]]
    toks = _tokens({"small": mix * 2, "large": mix * 8})
    freq = plenum.term_frequency(toks, by="place", ci=0.95, n_boot=2000, seed=0)
    width = (freq["per_10k_high"] - freq["per_10k_low"]).groupby([freq["group"], freq["token"]]).first()
    rates = freq.set_index(["group", "token"])["per_10k"]
    assert np.allclose(rates["small"].sort_index(), rates["large"].sort_index())
    for word in ("创新", "发展", "安全"):
        assert width["small", word] > 1.5 * width["large", word]


def test_a_word_met_in_one_sentence_has_an_interval_from_zero():
    sents = [["创新", "发展"]] + [["改革", "开放"]] * 39
    freq = plenum.term_frequency(_tokens({"a": sents, "b": [["发展", "开放"]] * 5}), by="place", ci=0.95,
                                 n_boot=1000)
    row = freq[(freq["group"] == "a") & (freq["token"] == "创新")].iloc[0]
    assert row["n"] == 1 and row["per_10k_low"] == 0 and row["per_10k_high"] > row["per_10k"]


def test_resampling_stays_within_reports_of_a_group():
    # two reports of one place: one all 创新, one all 改革; resampling within reports keeps
    # each report's share, so the pooled rate cannot move
    toks = _tokens({"a": [["创新"] * 2] * 10, "b": [["改革"] * 2] * 10}, place_of={"a": "P", "b": "P"})
    freq = plenum.term_frequency(toks, by="place", ci=0.95, n_boot=300)
    assert np.allclose(freq["per_10k_low"], 5000) and np.allclose(freq["per_10k_high"], 5000)


def test_bad_interval_options_are_refused():
    toks = _tokens({"a": [["创新", "发展"]]})
    with pytest.raises(ValueError, match="ci must be"):
        plenum.term_frequency(toks, ci=95)
    with pytest.raises(ValueError, match="n_boot"):
        plenum.term_frequency(toks, ci=0.9, n_boot=0)


@pytest.fixture(scope="module")
def seeds(seed_docs):
    return seed_docs, plenum.tokenize(seed_docs)


def test_theme_intervals_on_the_seeds(seeds):
    docs, tokens = seeds
    plain = th.theme_scores(docs, tokens=tokens)
    scores = th.theme_scores(docs, tokens=tokens, ci=0.95, n_boot=500, seed=1)
    again = th.theme_scores(docs, tokens=tokens, ci=0.95, n_boot=500, seed=1)
    pd.testing.assert_frame_equal(scores, again)
    pd.testing.assert_frame_equal(scores[plain.columns], plain)
    assert list(scores.columns) == ["group", "theme", "hits", "words", "per_1k", "per_1k_low", "per_1k_high",
                                    "sentences", "n_sentences", "sentence_share", "sentence_share_low",
                                    "sentence_share_high"]
    assert (scores["per_1k_low"] <= scores["per_1k"] + 1e-6).all()
    assert (scores["per_1k"] <= scores["per_1k_high"] + 1e-6).all()
    assert (scores["sentence_share_low"] <= scores["sentence_share"] + 1e-6).all()
    # a theme no sentence of a place touches stays at 0 in every replicate
    zero = scores[scores["hits"] == 0]
    assert (zero["per_1k_high"] == 0).all() and (zero["sentence_share_high"] == 0).all()
    # a cell resting on one sentence reaches 0
    one = scores[scores["sentences"] == 1]
    assert len(one) and (one["sentence_share_low"] == 0).all()
    assert (scores["sentence_share"] == scores["sentences"] / scores["n_sentences"]).all()


def test_closest_pairs_twins_are_always_closest():
    rng = np.random.default_rng(2)
    base = [list(rng.choice(["创新", "发展", "改革", "开放"], 4)) for _ in range(20)]
    other = [list(rng.choice(["生态", "安全", "文化", "乡村"], 4)) for _ in range(20)]
    toks = _tokens({"a": base, "b": base, "c": other})
    pairs = plenum.measures.closest_pairs(toks, by="place", n_boot=300, seed=5)
    assert list(pairs.columns) == ["group_a", "group_b", "similarity", "share_closest", "share_top"]
    assert len(pairs) == 6
    first = pairs.iloc[0]
    assert {first["group_a"], first["group_b"]} == {"a", "b"} and first["similarity"] == pytest.approx(1.0)
    twin = pairs.set_index(["group_a", "group_b"])
    assert twin.loc[("a", "b"), "share_closest"] == 1.0 and twin.loc[("a", "b"), "share_top"] == 1.0
    # every group has exactly one nearest neighbour per replicate
    assert np.allclose(pairs.groupby("group_a")["share_closest"].sum(), 1.0)
    again = plenum.measures.closest_pairs(toks, by="place", n_boot=300, seed=5)
    pd.testing.assert_frame_equal(pairs, again)
    sim = plenum.similarity(toks, by="place")
    assert twin.loc[("a", "c"), "similarity"] == pytest.approx(sim.loc["a", "c"])


def test_closest_pairs_of_the_seeds_agree_with_similarity(seeds):
    docs, tokens = seeds
    own = plenum.place_names(docs)
    pairs = plenum.measures.closest_pairs(tokens, drop=own, n_boot=200)
    sim = plenum.similarity(tokens, drop=own)
    for row in pairs.itertuples():
        assert row.similarity == pytest.approx(sim.loc[row.group_a, row.group_b])
    # on five short reports no pair is the most similar in every replicate
    assert 0 < pairs["share_top"].max() < 1
    assert np.isclose(pairs["share_top"].sum(), 2.0)
