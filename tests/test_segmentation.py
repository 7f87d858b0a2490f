"""Segmentation fixes as data (data/token_rules.csv): refrains where a dictionary word
straddles a boundary, slogans cut into fragments, years, quote marks and session ordinals."""

import re

import pandas as pd
import pytest

import plenum
from plenum.lexicon import pattern_table
from plenum.tokens import QUOTE_MARKS, token_rules


def cut(*texts, **kw):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "place": "某县", "text": list(texts)})
    return plenum.tokenize(docs, cache=False, **kw)


def tokens_of(text, **kw):
    return cut(text, **kw)["token"].astype(str).tolist()


@pytest.mark.parametrize("text, expected", [
    ("在新征程上再创新业绩。", ["再创", "新", "业绩"]),
    ("奋力再创新辉煌。", ["再创", "新", "辉煌"]),
    ("勇创新业，争当先锋。", ["勇创", "新业"]),
    ("努力开创新局面。", ["开创", "新", "局面"]),
    ("工业产值创新高。", ["创", "新高"]),
])
def test_create_a_new_x_is_not_innovation(text, expected):
    toks = tokens_of(text)
    assert "创新" not in toks
    joined = "".join(toks)
    at = next(i for i in range(len(toks)) if toks[i:i + len(expected)] == expected)
    assert "".join(toks[at:at + len(expected)]) in joined


def test_innovation_itself_is_still_a_word():
    assert "创新" in tokens_of("加快科技创新，建设创新型城市。")


def test_new_era_fengqiao_is_one_term_through_its_quotes():
    toks = tokens_of("坚持和发展新时代“枫桥经验”。")
    assert "新时代枫桥经验" in toks and "时代" not in toks
    assert "新时代" in tokens_of("奋进新时代。")


@pytest.mark.parametrize("year", ["二〇三五年", "2035年", "二〇二〇年"])
def test_years_are_one_token(year):
    assert year in tokens_of(f"到{year}基本实现社会主义现代化。")


def test_quoted_name_joins_what_follows_when_the_glossary_has_the_whole():
    toks = tokens_of("加快建设“两湖”创新区。")
    assert "两湖创新区" in toks and "区" not in toks


def test_quote_marks_leave_tokens_but_stay_in_the_text():
    frame = cut("坚决做到“两个维护”。")
    assert not set(frame["token"].astype(str)) & QUOTE_MARKS
    assert "“两个维护”" in plenum.sentences(pd.DataFrame({"doc_id": ["d0"], "text": ["坚决做到“两个维护”。"]}))["text"][0]


def test_walk_in_front_and_set_an_example_are_two_slogan_words():
    toks = tokens_of("在全省走前列作示范。")
    assert toks[2:4] == ["走前列", "作示范"] and "前列" not in toks


@pytest.mark.parametrize("text, ordinal", [
    ("中国共产党某市第十五次代表大会。", "第十五次"),
    ("区委五届四次全会召开。", "五届四次全会"),
    ("县委八届二次全会召开。", "八届二次全会"),
    ("市委十四届九次全体会议。", "十四届九次全体会议"),
    ("第八届委员会。", "第八届"),
])
def test_session_ordinals_are_tokens_never_counted_as_words(text, ordinal):
    frame = cut(text)
    assert ordinal in frame["token"].astype(str).tolist()
    counted = set(frame.loc[plenum.countable(frame), "token"].astype(str))
    assert ordinal not in counted
    freq = plenum.term_frequency(frame, by="place")
    assert ordinal not in set(freq["token"])


def test_a_glossary_term_containing_an_ordinal_stays_whole():
    toks = tokens_of("深入贯彻党的十九届五中全会精神。")
    assert "党的十九届五中全会精神" in toks


def test_traditional_pages_get_the_same_fixes_and_keep_their_characters():
    frame = cut("在新征程上再創新業績，堅持新時代“楓橋經驗”。")
    assert "創新" not in frame["token"].astype(str).tolist()
    assert frame["token_simplified"].astype(str).tolist()[4:7] == ["再创", "新", "业绩"]
    assert frame["token"].astype(str).tolist()[4:7] == ["再創", "新", "業績"]
    assert "新時代楓橋經驗" in frame["token"].astype(str).tolist()


def test_rules_file_is_well_formed():
    table = pattern_table("token_rules")
    assert set(table["class"]) == {"split", "year", "ordinal", "join"}
    for pattern, cls in zip(table["pattern"], table["class"]):
        if cls == "join":
            assert len(pattern) >= 2 and not re.search(r"[\\()\[\]|?*+]", pattern)
        else:
            rx = re.compile(pattern)
            if cls == "split":
                assert rx.groups >= 2, pattern
    cutting, joins, ordinal = token_rules()
    assert ordinal.fullmatch("第十五次") and not ordinal.fullmatch("十五")
    assert "新时代" in joins


# -- the corpus's own names are not words by default ---------------------------------------------

def test_own_names_are_left_out_of_every_word_measure_unless_drop_none(seed_docs):
    tokens = plenum.tokenize(seed_docs)
    names = set(plenum.vocabulary.own_names(seed_docs))
    assert {"镇江市", "镇江", "江苏省", "江苏", "马明龙"} <= names
    assert tokens.loc[tokens["is_name"], "token_simplified"].astype(str).isin(names).all()
    freq = plenum.term_frequency(tokens, by="place")
    top = freq.sort_values("n", ascending=False).groupby("group").head(10)
    assert not set(top["token"]) & names
    kept = plenum.term_frequency(tokens, by="place", drop=None)
    assert set(kept["token"]) & names
    key = plenum.keyness(tokens, by="place")
    assert not set(key["token"]) & names
    assert not set(plenum.vocabulary_overlap(tokens, by="place")["token"]) & names
    assert plenum.similarity(tokens, by="place").equals(plenum.similarity(tokens, by="place", drop="names"))
    ordinals = {"第十五次", "第八届"}
    assert not set(top["token"]) & ordinals


def test_a_hand_made_token_table_drops_the_names_of_its_place_column():
    tokens = pd.DataFrame({"doc_id": "a", "place": "衢州市", "token": ["衢州", "衢州市", "发展", "发展"],
                           "is_stop": False})
    assert plenum.countable(tokens).tolist() == [False, False, True, True]
    assert plenum.countable(tokens, drop=None).tolist() == [True, True, True, True]
    with pytest.raises(ValueError):
        plenum.countable(tokens, drop="places")
