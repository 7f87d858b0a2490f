"""Numbered formulations of every shape real reports use, and the look-alikes that are not."""

import pandas as pd
import pytest

import plenum
from plenum import extract as T
from plenum.vocabulary import is_numbered_term

EMPTY_GLOSSARY = pd.DataFrame(columns=["term", "english", "category", "level", "source"])


def found(text, terms=EMPTY_GLOSSARY):
    docs = pd.DataFrame({"doc_id": ["d"], "text": [text], "place": ["某县"]})
    return set(T.formulations(docs, terms=terms)["formulation"])


@pytest.mark.parametrize("text, expected", [
    # every classifier
    ("全力实现“三个前列”，扛起“三个新”使命。", {"三个前列", "三个新"}),
    ("聚焦五大任务，办好两件大事。", {"五大任务", "两件大事"}),
    ("落实“四张清单”，用好“两支队伍”。", {"四张清单", "两支队伍"}),
    # digit codes with their noun, quoted or not
    ("全面落实省委“1310”具体部署。", {"1310具体部署"}),
    ("对标“1376”总体思路，推广211种粮模式。", {"1376总体思路"}),
    ("提出1+2+4+N目标任务体系，落实456总体部署。", {"1+2+4+N目标任务体系", "456总体部署"}),
    ("落实“12+1”个方面新突破。", {"12+1个方面新突破"}),
    # compound slogans of several numbered parts
    ("构建一核三区六城发展格局。", {"一核三区六城"}),
    ("推进“一城三区、一区多园”建设。", {"一城三区", "一区多园"}),
    ("做强两主两特四优产业，建设一城一岛两中心五组团。", {"两主两特四优", "一城一岛两中心五组团"}),
    # a quoted list of numbered parts, and a quoted slogan of several numbers
    ("用“两个重大进展、四个显著成效”描绘蓝图。", {"两个重大进展", "四个显著成效"}),
    ("坚持“保五争三拼第一”的高要求。", {"保五争三拼第一"}),
    ("提出“树立一个目标、打造两个中心、实现三大突破”的思路。", {"一个目标", "两个中心", "三大突破"}),
    ("健全“1+5”制度，出台“2+3+1”文件，实施“2468”战略发展目标。", {"1+5制度", "2+3+1文件", "2468战略发展目标"}),
    ("打造双枢纽双中心格局。", {"双枢纽双中心"}),
])
def test_formulation_shapes(text, expected):
    assert expected <= found(text), found(text)


@pytest.mark.parametrize("text", [
    "确保“两节”期间安全稳定，过好元旦春节。",                 # holiday pair
    "绘好“一张蓝图”、构建一套机制。",                          # not 一张蓝图绘到底
    "一是抓发展，二是抓改革；一要稳增长。",                     # ordinal lists
    "一年来，五年来，全县上下奋发有为。",                       # durations
    "“十四五”开局良好，学习党的二十届三中全会精神。",           # plan label, meeting reference
    "到2035年基本实现现代化，2025年目标全面完成。",              # years
    "抓牢三件重中之重的大事，完成3个项目、15项重点工作。",       # counts
    "一心一意谋发展，一草一木皆关情。",                         # idioms
    "攻坚三季度、冲刺四季度。",                                 # quarters
])
def test_look_alikes_are_not_formulations(text):
    assert not found(text), found(text)


def test_central_formulations_the_glossary_holds_are_found_whatever_their_category():
    got = found("坚持“四个全面”“五位一体”，打好三大攻坚战，统筹两个大局，贯彻三新一高，落实中央八项规定精神。",
                terms=None)
    assert {"四个全面", "五位一体", "三大攻坚战", "两个大局", "三新一高", "中央八项规定"} <= got
    assert is_numbered_term("八项规定") and is_numbered_term("双碳")
    assert not is_numbered_term("党的二十大精神") and not is_numbered_term("十四五")


def test_a_quoted_list_without_numbered_parts_names_nothing():
    assert not found("坚持“稳字当头、稳中求进”，形成“一个整体、一体推进”。")


def test_unquoted_classifier_forms_need_a_boundary():
    assert "三件重中之重" not in found("抓牢三件重中之重的大事。")
    assert "两件大事" in found("办好两件大事，迎接党代会。")


def test_glossary_says_who_coined_each_term_and_glosses_fit_a_label(seed_docs):
    from plenum.plot.labels import formulation_label, short_gloss

    g = plenum.glossary()
    assert set(g["coined_by"]) == {"central", "provincial", "prefecture", "county"}
    coined = dict(zip(g["term"], g["coined_by"]))
    level = dict(zip(g["term"], g["level"]))
    # sourced to Xi Jinping as General Secretary: coined centrally, addressed to one province
    for term in ("重要窗口", "强富美高", "走在前列"):
        assert coined[term] == "central" and level[term] == "provincial", term
    # coined while he led Zhejiang: provincial
    assert coined["八八战略"] == "provincial" and coined["腾笼换鸟"] == "provincial"
    assert coined["政治三力"] == "central" and coined["三个一号工程"] == "provincial"
    assert coined["七个新"] == "provincial" and coined["四个率先"] == "provincial"
    assert all(len(short_gloss(e, 200)) <= 60 for e in g["english"] if isinstance(e, str) and e)
    shown = plenum.formulations(seed_docs)
    assert shown["english"].notna().all() and shown["coined_by"].notna().all()
    for form in shown["formulation"].unique():
        assert "…" not in formulation_label(form, "en"), form


def test_not_yet_applies_only_to_formulations_addressed_to_the_whole_country(seed_docs):
    from plenum import extract

    cells = extract.not_yet_in_use(seed_docs)
    levels = dict(zip(plenum.glossary()["term"], plenum.glossary()["level"]))
    assert {levels[f] for f in cells["formulation"]} == {"central"}
    assert ("绍兴市", "两个确立") in set(zip(cells["group"], cells["formulation"]))
