"""Tokens on the seeds: political terms and quoted slogans whole, the dictionary left as
it was, counts that never include punctuation, digits or single characters."""

import re

import numpy as np
import pandas as pd
import pytest

import plenum
from conftest import stored_token_keys
from plenum.segmenter import _base_tokenizer
from plenum.tokens import TOKEN_COLUMNS, frame_bytes, quoted_phrases, tokenize

FORMULATIONS = ["习近平新时代中国特色社会主义思想", "两个确立", "两个维护", "四个意识", "四个自信", "八八战略",
                "重要窗口", "共同富裕", "中国式现代化", "高质量发展", "新发展格局", "新发展理念", "稳中求进",
                "乡村振兴", "营商环境", "数字经济", "长三角一体化", "全过程人民民主", "枫桥经验"]


@pytest.fixture(scope="module")
def seed_tokens(seed_docs):
    return tokenize(seed_docs, keep=("place", "province"))


def test_columns(seed_tokens):
    assert list(seed_tokens.columns) == ["doc_id", "place", "province", "par_no", "sent_no", "token_no",
                                         "token", "token_simplified", "is_stop", "is_name"]
    assert set(TOKEN_COLUMNS) <= set(seed_tokens.columns)
    assert not seed_tokens["token"].str.isspace().any()


def test_tokens_rebuild_each_sentence(seed_docs, seed_tokens):
    # every character of the sentence is in a token, but white space and quote marks
    sents = plenum.sentences(seed_docs)
    rebuilt = seed_tokens.groupby(["doc_id", "sent_no"])["token"].agg("".join)
    for row in sents.itertuples():
        assert rebuilt.loc[(row.doc_id, row.sent_no)] == re.sub(r"[\s“”‘’「」『』\"']", "", row.text)


@pytest.mark.parametrize("term", FORMULATIONS)
def test_formulation_whole_wherever_it_occurs(seed_docs, seed_tokens, term):
    # Never split: every occurrence lies inside one token (the term itself, or a longer
    # glossary term that contains it, such as 共同富裕示范区).
    occurrences = sum(t.count(term) for t in seed_docs["text"])
    inside = int(seed_tokens["token"].str.count(term).sum())
    assert inside == occurrences, f"{term}: {inside} of {occurrences} occurrences inside one token"


def test_the_listed_formulations_occur_in_the_seeds(seed_docs):
    corpus = "".join(seed_docs["text"])
    assert sum(term in corpus for term in FORMULATIONS) >= 17


def test_every_quoted_slogan_is_one_token(seed_docs, seed_tokens):
    slogans = quoted_phrases(seed_docs["text"])
    assert {"三高一争", "五大行动", "两湖", "桥头堡", "两个先行", "七张问题清单"} <= set(slogans)
    bare = [re.sub(r"[“”‘’「」『』]", "", t) for t in seed_docs["text"]]
    for slogan in slogans:
        if " " not in slogan:   # never cut: each occurrence lies inside one token
            occurrences = sum(t.count(slogan) for t in bare)
            assert int(seed_tokens["token"].str.count(slogan).sum()) == occurrences, slogan


def test_places_and_names_are_whole(seed_tokens):
    tokens = set(seed_tokens["token"])
    assert {"金坛区", "马卫光", "陆秋明", "黄国钧", "衢州", "镇江"} <= tokens


def test_no_hmm_invented_words(seed_tokens):
    assert "路子走" not in set(seed_tokens["token"])


def test_per_corpus_words_do_not_leak(seed_docs):
    tok, _used = _base_tokenizer()
    before = (len(tok.FREQ), tok.total, tok.FREQ.get("七个方面工作"), tok.FREQ.get("马卫光"))
    tokenize(seed_docs)
    assert (len(tok.FREQ), tok.total, tok.FREQ.get("七个方面工作"), tok.FREQ.get("马卫光")) == before
    other = pd.DataFrame({"doc_id": ["x"], "place": [pd.NA], "text": ["坚持六化并进的要求。"]})
    assert "六化并进" not in tokenize(other)["token"].tolist()  # not quoted, not in any dictionary


def test_user_words_and_special_characters():
    docs = pd.DataFrame({"doc_id": ["x"], "place": ["甲市"], "text": ["推进产城融合·全域美丽行动。"]})
    assert "产城融合·全域美丽" in tokenize(docs, words=["产城融合·全域美丽"])["token"].tolist()


def test_frequency_tables_never_show_punctuation_digits_or_single_characters(seed_tokens):
    freq = plenum.term_frequency(seed_tokens)
    assert not freq["token"].str.len().lt(2).any()
    assert not freq["token"].str.fullmatch(r"[\d.,%％]+").any()
    assert not freq["token"].str.contains(r"[，。、；：“”《》（）！？]").any()
    assert not freq["token"].isin(plenum.stopwords()).any()
    assert (freq.groupby("group")["per_10k"].sum().round(6) == 10_000).all()


def test_importing_plenum_does_not_load_jieba():
    import subprocess
    import sys

    code = "import sys, plenum; print('jieba' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_place_names_of_the_corpus(seed_docs):
    names = plenum.place_names(seed_docs)
    assert {"金坛区", "金坛", "常州市", "常州", "镇江市", "镇江", "金华市", "金华"} <= set(names)


# -- engines and cache ----------------------------------------------------------------

def _synthetic_docs(seed_docs, n=40):
    from pathlib import Path

    from plenum.metadata import parse_report
    from plenum.synthetic import synthetic_pages

    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    pages = synthetic_pages([p.read_text("utf-8") for p in seeds], list(seed_docs["place"]), n, seed=7)
    rows = [dict(parse_report(p), doc_id=f"s{i:03d}") for i, p in enumerate(pages)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_fast_engine_returns_the_reference_tokens(seed_docs, corpus):
    pytest.importorskip("rjieba")
    docs = seed_docs if corpus == "seeds" else _synthetic_docs(seed_docs)
    fast = tokenize(docs, engine="rjieba", cache=False)
    reference = tokenize(docs, engine="jieba", cache=False)
    pd.testing.assert_frame_equal(fast, reference)
    assert len(reference) > 5000


def test_synthetic_pages_are_distinct_and_renamed(seed_docs):
    docs = _synthetic_docs(seed_docs, n=30)
    assert docs["text"].nunique() == 30
    assert docs["place"].nunique() > 10
    assert (docs["kind"] == "plenum").all()


_stored_keys = stored_token_keys


def test_cache_returns_what_tokenizing_returns(seed_docs, tmp_path, monkeypatch):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    cold = tokenize(seed_docs, cache=True)
    assert len(_stored_keys(tmp_path)) == len(seed_docs)
    assert len(list((tmp_path / "frames").glob("*.npz"))) == 1
    warm = tokenize(seed_docs, cache=True)
    pd.testing.assert_frame_equal(cold, warm)
    pd.testing.assert_frame_equal(cold, tokenize(seed_docs, cache=False))
    # without the whole-table copy, the per-document store alone gives the same table
    for stale in (tmp_path / "frames").glob("*.npz"):
        stale.unlink()
    pd.testing.assert_frame_equal(cold, tokenize(seed_docs, cache=True))


def test_cache_is_invalidated_by_text_and_by_dictionary(seed_docs, tmp_path, monkeypatch):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    tokenize(seed_docs, cache=True)
    first = _stored_keys(tmp_path)
    # a new word changes the dictionary: every document is keyed anew, the word is whole
    with_word = tokenize(seed_docs, cache=True, words=["跑出昂扬态势"])
    assert len(_stored_keys(tmp_path) - first) == len(seed_docs)
    assert (with_word["token"] == "跑出昂扬态势").any()
    # an edited text: only that document is tokenized again
    edited = seed_docs.copy()
    edited.loc[0, "text"] = edited.loc[0, "text"] + "\n全会号召，奋力夺取新胜利。"
    before = _stored_keys(tmp_path)
    out = tokenize(edited, cache=True)
    assert len(_stored_keys(tmp_path) - before) == 1
    assert "".join(out[out["doc_id"] == edited.loc[0, "doc_id"]]["token"].tolist()).endswith("奋力夺取新胜利。")


def test_lean_frame(seed_docs):
    t = tokenize(seed_docs, cache=False)
    assert str(t["token"].dtype) == "category" and str(t["doc_id"].dtype) == "category"
    # Bytes per token, each dictionary of categories counted once (token and token_simplified
    # share theirs).
    assert frame_bytes(t, dictionaries=False) / len(t) <= 24
    assert frame_bytes(t) / len(t) < 60
    assert frame_bytes(t) < t.memory_usage(deep=True).sum()  # the shared dictionary once, not twice


def test_frame_bytes_counts_codes_and_one_dictionary():
    cats = pd.Categorical(["发展", "改革", "发展"])
    frame = pd.DataFrame({"token": cats, "token_simplified": cats, "n": np.arange(3, dtype=np.int32)})
    dictionary = frame["token"].cat.categories.memory_usage(deep=True)
    assert frame_bytes(frame, dictionaries=False) == 3 + 3 + 12  # int8 codes twice, int32 column
    assert frame_bytes(frame) == 18 + dictionary


def test_engine_choice():
    from plenum.tokens import engine_name

    assert engine_name("jieba") == "jieba"
    assert engine_name("auto") in ("jieba", "rjieba")
    with pytest.raises(ValueError):
        engine_name("pkuseg")


def test_clear_cache(seed_docs, tmp_path, monkeypatch):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    tokenize(seed_docs, cache=True)
    assert plenum.clear_cache() > 0
    assert not (tmp_path / "tokens.sqlite").exists() and not list((tmp_path / "frames").glob("*.npz"))
    assert plenum.clear_cache() == 0
