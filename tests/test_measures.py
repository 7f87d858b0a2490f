"""Measures on small hand-made token tables whose right answers are known."""

import math

import numpy as np
import pandas as pd
import pytest

import plenum
from plenum.explore import term_rates
from plenum.units import sentences
from plenum.measures import (countable, keyness, kwic, log_likelihood, similarity, term_frequency,
                             vocabulary_overlap)


def toks(spec):
    """{(doc_id, place): [tokens]} → a token table."""
    rows = []
    for (doc_id, place), words in spec.items():
        for i, w in enumerate(words, start=1):
            rows.append({"doc_id": doc_id, "place": place, "par_no": 1, "sent_no": 1, "token_no": i,
                         "token": w, "is_stop": w in {"要", "全会"}})
    return pd.DataFrame(rows)


def test_countable_drops_punctuation_digits_single_chars_and_stopwords():
    t = toks({("a", "甲"): ["发展", "，", "2022", "8%", "党", "全会", "GDP", "两个维护", "。"]})
    assert t[countable(t)]["token"].tolist() == ["发展", "GDP", "两个维护"]
    assert "党" in t[countable(t, min_chars=1)]["token"].tolist()
    assert "全会" in t[countable(t, keep_stop=True)]["token"].tolist()


def test_term_frequency_rates_and_document_frequency():
    t = toks({("a", "甲"): ["发展", "发展", "改革", "，", "要"], ("b", "甲"): ["发展", "安全"],
              ("c", "乙"): ["改革"]})
    f = term_frequency(t).set_index(["group", "token"])
    assert f.loc[("甲", "发展"), "n"] == 3
    assert f.loc[("甲", "发展"), "per_10k"] == pytest.approx(3 / 5 * 10_000)  # 5 counted words in 甲
    assert f.loc[("甲", "发展"), "n_docs"] == 2 and f.loc[("甲", "发展"), "doc_share"] == 1.0
    assert f.loc[("甲", "改革"), "doc_share"] == 0.5
    assert f.loc[("乙", "改革"), "per_10k"] == 10_000
    assert "，" not in f.index.get_level_values("token") and "要" not in f.index.get_level_values("token")


def test_log_likelihood_worked_example():
    # 10 of 100 words in the target, 2 of 100 in the reference: expected 6 and 6.
    # G2 = 2 (10 ln(10/6) + 2 ln(2/6)) = 5.8220628…
    assert log_likelihood([10], [2], 100, 100)[0] == pytest.approx(5.8220628, abs=1e-6)
    # a zero count contributes nothing: G2 = 2 · 4 ln(4/2) = 5.5451774…
    assert log_likelihood([4], [0], 100, 100)[0] == pytest.approx(8 * math.log(2), abs=1e-9)


def test_keyness_against_the_rest():
    t = toks({("a", "甲"): ["发展"] * 10 + ["改革"] * 90, ("b", "乙"): ["发展"] * 2 + ["改革"] * 98})
    k = keyness(t)
    row = k[(k["group"] == "甲") & (k["token"] == "发展")].iloc[0]
    assert (row["n_target"], row["n_reference"]) == (10, 2)
    assert row["g2"] == pytest.approx(5.8220628, abs=1e-6)
    assert row["p"] == pytest.approx(math.erfc(math.sqrt(5.8220628 / 2)), rel=1e-6)
    assert row["p"] == pytest.approx(0.01583, abs=1e-4)
    assert row["log_ratio"] == pytest.approx(math.log2(5))
    lr_zero = keyness(toks({("a", "甲"): ["新词"] * 3 + ["改革"] * 97, ("b", "乙"): ["改革"] * 100}))
    r = lr_zero[(lr_zero["group"] == "甲") & (lr_zero["token"] == "新词")].iloc[0]
    assert r["log_ratio"] == pytest.approx(math.log2((3 / 100) / (0.5 / 100)))  # Hardie: 0 → 0.5
    assert k.groupby("group")["g2"].apply(lambda s: s.is_monotonic_decreasing).all()
    assert set(keyness(t, target="乙")["group"]) == {"乙"}
    with pytest.raises(KeyError):
        keyness(t, target="丙")


def test_similarity_identical_disjoint_and_partial():
    t = toks({("a", "甲"): ["发展", "改革"], ("b", "乙"): ["发展", "改革"], ("c", "丙"): ["生态", "文化"]})
    s = similarity(t)
    assert s.loc["甲", "乙"] == pytest.approx(1.0)
    assert s.loc["甲", "丙"] == pytest.approx(0.0)
    assert np.allclose(np.diag(s), 1.0) and np.allclose(s, s.T)
    t2 = toks({("a", "甲"): ["发展", "改革"], ("b", "乙"): ["发展", "生态"]})
    # idf: 发展 in both groups → ln(3/3)+1 = 1; 改革, 生态 → ln(3/2)+1
    w = math.log(1.5) + 1
    assert similarity(t2).loc["甲", "乙"] == pytest.approx(1 / (1 + w * w))


def test_vocabulary_overlap():
    t = toks({("a", "甲"): ["发展", "改革"], ("b", "乙"): ["发展", "生态"]})
    o = vocabulary_overlap(t).set_index("token")
    assert o.loc["发展", "n_groups"] == 2 and o.loc["发展", "groups"] == ["乙", "甲"]
    assert o.loc["改革", "n_groups"] == 1 and o.loc["改革", "groups"] == ["甲"]


def test_kwic_traces_back_to_sentences():
    docs = pd.DataFrame({"doc_id": ["a"], "place": ["甲市"],
                         "text": ["全会强调，要坚定做到“两个维护”。会议指出，两个维护是根本。"]})
    sents = sentences(docs, keep=("place",))
    k = kwic(sents, "两个维护", window=4, by="place")
    assert k["sent_no"].tolist() == [1, 2]
    assert k.iloc[0][["left", "match", "right"]].tolist() == ["定做到“", "两个维护", "”。"]
    assert k.iloc[1]["left"] == "会议指出，"[-4:] and k.iloc[1]["group"] == "甲市"
    assert len(kwic(sents, "两.维护", regex=True)) == 2 and kwic(sents, "两.维护").empty
    assert list(kwic(sents, "两个维护").columns) == ["doc_id", "sent_no", "left", "match", "right"]
    with pytest.raises(KeyError, match="plenum.sentences"):
        kwic(docs, "两个维护")
    with pytest.raises(KeyError, match="keep"):
        kwic(sentences(docs), "两个维护", by="place")
    with pytest.raises(TypeError):
        kwic("全会强调", "两个维护")


def test_term_rates_fill_zero_for_absent_groups():
    t = toks({("a", "甲"): ["发展", "改革"], ("b", "乙"): ["生态", "文化"]})
    r = term_rates(term_frequency(t), "发展", ["乙", "甲"])
    assert r["n"].tolist() == [0, 1] and r["per_10k"].tolist() == [0.0, 5000.0]


def test_drop_removes_tokens_from_every_measure():
    t = toks({("a", "甲"): ["甲市", "发展", "改革"], ("b", "乙"): ["乙县", "发展", "生态"]})
    drop = ["甲市", "乙县"]
    assert not term_frequency(t, drop=drop)["token"].isin(drop).any()
    assert not keyness(t, drop=drop, min_count=1)["token"].isin(drop).any()
    assert not vocabulary_overlap(t, drop=drop)["token"].isin(drop).any()
    assert similarity(t, drop=drop).loc["甲", "乙"] > similarity(t).loc["甲", "乙"]


def test_keyness_scores_absent_words_only_when_asked_or_few_groups():
    t = toks({("a", "甲"): ["发展"] * 10 + ["改革"] * 90, ("b", "乙"): ["生态"] * 2 + ["改革"] * 98})
    with_absent = keyness(t)
    row = with_absent[(with_absent["group"] == "乙") & (with_absent["token"] == "发展")].iloc[0]
    assert row["n_target"] == 0 and row["n_reference"] == 10 and row["log_ratio"] < 0
    without = keyness(t, include_absent=False)
    assert not ((without["group"] == "乙") & (without["token"] == "发展")).any()
    present = with_absent[with_absent["n_target"] > 0].reset_index(drop=True)
    # q is corrected over the rows of each call: more rows, other q
    pd.testing.assert_frame_equal(present.drop(columns="q"), without.reset_index(drop=True).drop(columns="q"))
    from plenum.measures import bh_adjust
    assert np.allclose(without["q"], bh_adjust(without["p_exact"]))


def test_term_table():
    from plenum.measures import term_table

    t = toks({("a", "甲"): ["两个维护", "两个维护", "发展"], ("b", "乙"): ["两个维护", "八八战略"]})
    table = term_table(term_frequency(t), ["两个维护", "八八战略", "不存在"])
    assert table.index.tolist() == ["两个维护", "八八战略"]
    assert table.loc["两个维护"].tolist() == [1, 2, 3]  # columns 乙, 甲, total
    assert list(table.columns) == ["乙", "甲", "total"]


# -- exact tests and multiple testing --------------------------------------------------------

@pytest.fixture(scope="module")
def seed_tokens(seed_docs):
    return plenum.tokenize(seed_docs, cache=False)


def _fisher_by_enumeration(a, b, c, d):
    """Two-sided Fisher p from exact fractions: every table with the same margins."""
    from fractions import Fraction
    from math import comb

    k, n, total = a + b, c, c + d

    def prob(x):
        return Fraction(comb(k, x) * comb(total - k, n - x), comb(total, n))

    observed = prob(a)
    return float(sum(prob(x) for x in range(max(0, k - (total - n)), min(k, n) + 1) if prob(x) <= observed))


@pytest.mark.parametrize("a,b,c,d,expected", [
    (3, 1, 4, 4, 17 / 35),     # Fisher's tea-tasting table [[3, 1], [1, 3]]
    (2, 0, 1500, 6000, None),
    (0, 5, 900, 1200, None),
    (7, 0, 634, 2245, None),
    (10, 30, 500, 4000, None),
])
def test_fisher_exact_matches_enumeration(a, b, c, d, expected):
    from plenum.measures import fisher_exact_p

    got = fisher_exact_p([a], [b], [c], [d])[0]
    want = _fisher_by_enumeration(a, b, c, d) if expected is None else expected
    assert got == pytest.approx(want, rel=1e-9)


def test_small_counts_g2_is_anti_conservative_exact_is_not(seed_tokens):
    key = plenum.keyness(seed_tokens, by="place")
    two_zero = key[(key["n_target"] == 2) & (key["n_reference"] == 0)]
    assert len(two_zero)
    assert (two_zero["p_exact"] > two_zero["p"]).all()
    for row in two_zero.head(3).itertuples():
        assert row.p_exact == pytest.approx(
            _fisher_by_enumeration(row.n_target, row.n_reference, row.total_target, row.total_reference))


def test_bh_adjust_known_values_and_missing():
    from plenum.measures import bh_adjust

    assert bh_adjust([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    q = bh_adjust([0.5, float("nan"), 0.01])
    assert np.isnan(q[1]) and q[2] == pytest.approx(0.02) and q[0] == pytest.approx(0.5)
    assert (bh_adjust(np.linspace(0.001, 1, 50)) <= 1).all()


def test_keyness_margins_and_q_over_the_whole_call(seed_tokens):
    from plenum.measures import bh_adjust

    key = plenum.keyness(seed_tokens, by="place")
    freq = plenum.term_frequency(seed_tokens, by="place")
    totals = freq.groupby("group")["n"].sum()
    assert (key["total_target"] == key["group"].map(totals)).all()
    assert (key["total_target"] + key["total_reference"] == totals.sum()).all()
    assert np.allclose(key["q"], bh_adjust(key["p_exact"]))
    assert (key["q"] >= key["p_exact"] - 1e-15).all()
    # hundreds of tests per report: far fewer words survive the correction than pass p < 0.05
    per = key.groupby("group").agg(raw=("p", lambda p: (p < 0.05).sum()), kept=("q", lambda q: (q < 0.05).sum()))
    assert (per["kept"] < per["raw"]).all()


def test_grouping_on_category_codes_equals_grouping_on_strings(seed_docs):
    """A categorical ``by`` column is grouped by its codes; the tables equal those grouped on
    the same column as strings, missing groups and a subset of the tokens included."""
    tokens = plenum.tokenize(seed_docs, keep=("place", "province"))
    tokens = tokens.copy()
    tokens.loc[tokens["doc_id"] == tokens["doc_id"].iloc[0], "place"] = None  # one report of unknown place
    part = tokens[tokens["doc_id"] != tokens["doc_id"].iloc[-1]]  # a category left unused
    for table in (tokens, part):
        as_text = table.assign(place=table["place"].astype("object"))
        assert isinstance(table["place"].dtype, pd.CategoricalDtype) and as_text["place"].dtype == object
        for measure in (term_frequency, keyness):
            got, want = measure(table, by="place"), measure(as_text, by="place")
            assert "(unknown)" in set(got["group"])
            pd.testing.assert_frame_equal(got, want)
