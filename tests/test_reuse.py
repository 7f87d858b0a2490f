"""Text reuse: passages shared between reports, fuzzy, at exact offsets; stock phrasing apart;
the share of each report found in another's text and in higher-level texts."""

import random

import numpy as np
import pandas as pd
import pytest

from plenum import reuse_tables as T
from plenum import text_reuse as R
from plenum.synthetic import reuse_corpus

PLANTED = "坚持把发展县域经济作为头等大事，做强茶叶和中药材两大特色产业，建设山区生态旅游示范县"
EDITED = "坚持把发展县域经济当作头等大事，做强茶叶与中药材两特色产业，建设山区生态旅游示范县"  # 3 subs, 1 deletion
STOCK = "以习近平新时代中国特色社会主义思想为指导"


def filler(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    pool = "春夏秋冬东南西北山水田林湖草沙河海江风雨雷电花鸟鱼虫车船路桥城乡街巷米面油盐"
    return "".join(rng.choice(pool) for _ in range(n))


def corpus():
    texts = {
        "a": f"{filler(1)}。全会{STOCK}，{filler(2, 80)}。\n{filler(3, 120)}，{PLANTED}。{filler(4)}",
        "b": f"{filler(5)}。会议{STOCK}。\n{filler(6, 200)}；{EDITED}！{filler(7)}",
        "c": f"{filler(8)}。全会{STOCK}。{filler(9)}",
        "d": f"{filler(10)}。{STOCK}，{filler(11)}",
    }
    return pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                         "place": ["甲县", "乙县", "丙县", "丁市"], "province": ["浙江", "浙江", "江苏", "江苏"]})


@pytest.fixture(scope="module")
def found():
    docs = corpus()
    return docs, R.reuse(docs)


def test_a_planted_passage_with_edits_is_found_between_exactly_those_two_at_its_offsets(found):
    docs, passages = found
    local = passages[~passages["stock"]]
    assert list(zip(local["doc_a"], local["doc_b"])) == [("a", "b")]
    row = local.iloc[0]
    text_a, text_b = docs.set_index("doc_id").loc[["a", "b"], "text"]
    assert (row["start_a"], row["end_a"]) == (text_a.index(PLANTED), text_a.index(PLANTED) + len(PLANTED))
    assert (row["start_b"], row["end_b"]) == (text_b.index(EDITED), text_b.index(EDITED) + len(EDITED))
    assert 0.85 <= row["similarity"] < 1 and row["n_docs"] == 2


def test_every_passage_reproduces_its_text_and_meets_its_thresholds(found):
    docs, passages = found
    text = docs.set_index("doc_id")["text"]
    assert len(passages) and not (passages["doc_a"] == passages["doc_b"]).any()
    for row in passages.itertuples():
        assert text[row.doc_a][row.start_a:row.end_a] == row.passage_a
        assert text[row.doc_b][row.start_b:row.end_b] == row.passage_b
        assert row.similarity >= 0.85 and row.n_chars >= 15


def test_stock_phrasing_is_separated(found):
    _docs, passages = found
    stock = passages[passages["stock"]]
    assert len(stock) == 6                                   # every pair of the four reports
    assert all(STOCK in p for p in stock["passage_a"]) and (stock["n_docs"] == 4).all()
    phrases = T.stock_phrases(passages)
    assert phrases["phrase"].str.contains(STOCK).all() and (phrases["n_docs"] == 4).all()


def test_reuse_matrix_is_directional_with_an_empty_diagonal(found):
    docs, passages = found
    m = R.reuse_matrix(docs, passages=passages)
    assert list(m.index) == list(m.columns) == ["甲县", "乙县", "丙县", "丁市"]
    assert np.isnan(np.diag(m.to_numpy())).all()
    chars_a = sum(not ch.isspace() for ch in docs["text"][0])
    chars_b = sum(not ch.isspace() for ch in docs["text"][1])
    assert m.loc["甲县", "乙县"] == pytest.approx(len(PLANTED) / chars_a)
    assert m.loc["乙县", "甲县"] == pytest.approx(len(EDITED) / chars_b)
    assert m.loc["甲县", "丙县"] == 0                        # only stock phrasing between them
    with_stock = R.reuse_matrix(docs, passages=passages, stock=True)
    assert with_stock.loc["甲县", "丙县"] > 0
    contrast = T.province_contrast(m, docs).set_index("relation")
    assert contrast.loc["within", "cells"] == 4 and contrast.loc["across", "cells"] == 8
    assert contrast.loc["within", "mean_share"] > contrast.loc["across", "mean_share"]


def test_shares_pairs_and_sentences(found):
    docs, passages = found
    shares = R.stock_share(docs, passages=passages).set_index("doc_id")
    assert (shares["stock_chars"] >= len(STOCK)).all() and (shares["share"] < 0.1).all()
    pairs = T.pair_summary(passages, docs)
    assert pairs[["group_a", "group_b"]].values.tolist() == [["甲县", "乙县"]] and pairs["same_province"].iloc[0]
    traced = T.passage_sentences(passages[~passages["stock"]], docs)
    assert PLANTED in traced["sentence_a"].iloc[0] and EDITED in traced["sentence_b"].iloc[0]


def test_traditional_page_shares_passages_through_its_simplified_form():
    trad = "堅持把發展縣域經濟作為頭等大事，做強茶葉和中藥材兩大特色產業，建設山區生態旅遊示範縣"
    docs = pd.DataFrame({"doc_id": ["s", "t"], "place": ["甲", "乙"],
                         "text": [f"{filler(1)}。{PLANTED}。{filler(2)}", f"{filler(3)}。{trad}。{filler(4)}"]})
    passages = R.reuse(docs)
    assert len(passages) == 1 and passages["passage_b"].iloc[0] == trad and passages["similarity"].iloc[0] == 1


def test_reference_texts_pair_only_with_the_corpus():
    docs = corpus()
    upper = pd.DataFrame({"doc_id": ["prov"], "text": [f"{filler(20)}。{PLANTED}。{STOCK}。{filler(21)}"]})
    passages = R.reuse(docs, reference=upper)
    assert set(passages["doc_b"]) == {"prov"} and set(passages["doc_a"]) <= set(docs["doc_id"])
    assert {"a", "b"} <= set(passages.loc[~passages["stock"], "doc_a"])


def test_hierarchy_links_follow_prefecture_and_province():
    docs = pd.DataFrame({"doc_id": ["county", "city", "prov", "other"], "level": ["县", "市", "省", "县"],
                         "place": ["甲县", "乙市", "丙省", "丁县"], "prefecture": ["乙市", "乙市", None, "戊市"],
                         "province": ["丙", "丙", "丙", "丙"]})
    links = T.hierarchy_links(docs)
    assert list(zip(links["doc_id"], links["upper_doc_id"], links["relation"])) == [
        ("county", "city", "county → prefecture"), ("city", "prov", "prefecture → province")]
    assert T.hierarchy_links(docs.drop(columns="prefecture")).empty


def test_bad_options_are_refused():
    with pytest.raises(ValueError):
        R.reuse(corpus(), min_chars=5)
    with pytest.raises(ValueError):
        R.reuse(corpus(), min_similarity=0)


def test_a_synthetic_corpus_finds_its_planted_pairs_and_nothing_else():
    texts, plants = reuse_corpus(40, seed=3, chars=1500, planted=5)
    docs = pd.DataFrame({"doc_id": [f"r{i}" for i in range(len(texts))], "text": texts})
    local = R.reuse(docs)
    local = local[~local["stock"]]
    expected = {(f"r{min(a, b)}", f"r{max(a, b)}") for a, b, _ in plants}
    assert set(zip(local["doc_a"], local["doc_b"])) == expected


def test_reference_share_counts_what_each_report_takes_from_a_higher_text():
    docs = corpus()
    upper = pd.DataFrame({"doc_id": ["prov"], "text": [f"{filler(20)}。{PLANTED}。{filler(21)}"]})
    shares = T.reference_share(R.reuse(docs, reference=upper), docs).set_index("doc_id")
    chars_a = sum(not ch.isspace() for ch in docs["text"][0])
    assert shares.loc["a", "share"] == pytest.approx(len(PLANTED) / chars_a)
    assert shares.loc["a", "reference"] == "prov" and shares.loc["a", "passages"] == 1


def test_cell_passages_are_those_of_the_largest_cell(found):
    docs, passages = found
    m = R.reuse_matrix(docs, passages=passages)
    cell = T.cell_passages(passages, docs, m)
    assert len(cell) == 1 and cell.loc[0, "passage"] == PLANTED
    assert {cell.loc[0, "group"], cell.loc[0, "other"]} == {"甲县", "乙县"}
    assert cell.loc[0, "share"] == pytest.approx(m.stack().max())
    empty = T.cell_passages(passages.iloc[:0], docs, m * 0)
    assert empty.empty


def test_reference_share_with_a_reference_that_shares_a_doc_id():
    docs = corpus()
    upper = pd.DataFrame({"doc_id": ["a"], "text": [f"{filler(30)}。{EDITED}。{filler(31)}"]})  # same id as a report
    shares = T.reference_share(R.reuse(docs, reference=upper), docs)
    assert set(zip(shares["doc_id"], shares["reference"])) == {("a", "a"), ("b", "a")}
    assert (shares["passages"] == 1).all()
