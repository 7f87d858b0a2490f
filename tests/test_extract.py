"""Targets, formulations, goals, task lists and horizons (plenum.commitments).

Expected outputs on the seeds were written by reading the reports; the small sentences
test each pattern and each listed negative on text that is not in the seeds.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import plenum.lexicon
from plenum import extract as T
from plenum import plot
from plenum.extract.formulations import FORMULATION_COLUMNS
from plenum.extract.goals import GOAL_COLUMNS
from plenum.extract.horizons import HORIZON_COLUMNS
from plenum.extract.targets import TARGET_COLUMNS
from plenum.extract.task_lists import TASK_COLUMNS

EMPTY_GLOSSARY = pd.DataFrame(columns=["term", "english", "category", "level", "source"])
HAND_GLOSSARY = pd.DataFrame({
    "term": ["两个维护", "八八战略", "“重要窗口”", "强富美高", "稳中求进", "四省边际中心城市"],
    "english": ["the Two Upholds", "the Eight-Eight Strategy", "the important window",
                "strong, rich, beautiful, highly civilised", "progress amid stability",
                "central city of the four-province border"],
    "category": ["formulation", "formulation", "formulation", "formulation", "policy", "formulation"],
    "level": ["central", "provincial", "provincial", "provincial", "central", "local"],
    "source": [""] * 6,
})


def docs_of(*texts, publish="2022-12-20", place="某市"):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts),
                         "publish_date": [pd.Timestamp(publish) if publish else pd.NaT] * len(texts),
                         "place": [place] * len(texts)})


def seed(seed_docs, prefix):
    return seed_docs[seed_docs["doc_id"].str.startswith(prefix)].reset_index(drop=True)


def records(frame, columns):
    out = []
    for row in frame[columns].itertuples(index=False):
        out.append(tuple(None if (v is pd.NA or v is None or (isinstance(v, float) and math.isnan(v)))
                         else v for v in row))
    return out


# -- targets ----------------------------------------------------------------------------------

TARGET_COLS = ["indicator", "modality", "value", "value_high", "unit", "hedge", "binding",
               "measure", "comparator", "horizon", "year", "clause"]


def test_jintan_main_targets_every_column(seed_docs):
    found = T.targets(seed(seed_docs, "001"))
    assert list(found.columns) == ["doc_id", "par_no"] + TARGET_COLS
    c1 = "地区生产总值确保增长8%，争取1300亿元"
    c2 = "一般公共预算收入争取65亿元，增幅高于全市平均"
    c3 = "固定资产投资增长6%，其中工业投资完成200亿元"
    assert records(found, TARGET_COLS) == [
        ("地区生产总值", "确保", 8.0, None, "%", None, True, "growth", None, "明年", 2023, c1),
        ("地区生产总值", "争取", 1300.0, None, "亿元", None, False, "level", None, "明年", 2023, c1),
        ("一般公共预算收入", "争取", 65.0, None, "亿元", None, False, "level", "增幅高于全市平均",
         "明年", 2023, c2),
        ("固定资产投资", None, 6.0, None, "%", None, False, "growth", None, "明年", 2023, c3),
        ("工业投资", "完成", 200.0, None, "亿元", None, True, "level", None, "明年", 2023, c3),
        ("规上工业总产值", None, 20.0, None, "%", None, False, "growth", None, "明年", 2023,
         "规上工业总产值增长20%"),
        ("工业应税销售收入", None, 3300.0, None, "亿元", None, False, "level", None, "明年", 2023,
         "工业应税销售收入3300亿元"),
    ]
    assert set(found["par_no"]) == {10}


def test_shaoxing_ranked_goal(seed_docs):
    found = T.targets(seed(seed_docs, "002"))
    assert len(found) == 1
    row = records(found, TARGET_COLS)[0]
    assert row[:11] == ("全国城市综合经济实力", "确保", 30.0, None, "强", None, True, "rank", None,
                        "十四五", 2025)
    assert row[11].startswith("确保重返全国城市综合经济实力“30强”并不断争先进位")


def test_seed_targets_nowhere_else(seed_docs):
    """Zhenjiang, Quzhou and Jindong set no numbers; attendance (委员42名), dates, 20年来,
    6件大事, session numbers and achievements are not targets."""
    found = T.targets(seed_docs)
    assert found["doc_id"].str[:3].value_counts().to_dict() == {"001": 7, "002": 1}


@pytest.mark.parametrize("text,expected", [
    ("明年主要预期目标是：地区生产总值增长6.5%左右，城镇调查失业率控制在5.5%以内，单位GDP能耗下降3%。",
     [("地区生产总值", None, 6.5, "%", "左右", False, "growth"),
      ("城镇调查失业率", "控制在", 5.5, "%", "以内", True, "level"),
      ("单位GDP能耗", None, 3.0, "%", None, False, "decline")]),
    ("力争地区生产总值突破1000亿元，规上工业增加值增长10%以上。",
     [("地区生产总值", "力争", 1000.0, "亿元", None, False, "level"),
      ("规上工业增加值", "力争", 10.0, "%", "以上", False, "growth")]),
    ("确保全年GDP增长7%以上。", [("GDP", "确保", 7.0, "%", "以上", True, "growth")]),
    ("城乡居民人均可支配收入分别增长6%和7%。",
     [("城乡居民人均可支配收入", None, 6.0, "%", None, False, "growth"),
      ("城乡居民人均可支配收入", None, 7.0, "%", None, False, "growth")]),
    ("地区生产总值、一般公共预算收入分别增长7%和8%，坚持稳中求进、固定资产投资增长6%。",
     [("地区生产总值、一般公共预算收入", None, 7.0, "%", None, False, "growth"),
      ("地区生产总值、一般公共预算收入", None, 8.0, "%", None, False, "growth"),
      ("固定资产投资", None, 6.0, "%", None, False, "growth")]),
    ("到2025年，研发经费投入强度达到3.2%，地区生产总值突破千亿元。",
     [("研发经费投入强度", "达到", 3.2, "%", None, False, "level"),
      ("地区生产总值", "突破", 1000.0, "亿元", None, False, "level")]),
    ("明年主要目标：新增规上工业企业100家，城镇新增就业2万人。",
     [("新增规上工业企业", None, 100.0, "家", None, False, "level"),
      ("城镇新增就业", None, 2.0, "万人", None, False, "level")]),
    ("力争进入全国百强县前50位。", [("全国百强县", "力争", 50.0, "位", None, False, "rank")]),
    ("明年地区生产总值比上年增长8%。", [("地区生产总值", None, 8.0, "%", None, False, "growth")]),
    ("明年要确保地区生产总值增长6%以上，力争7%，粮食产量稳定在50万吨以上。",
     [("地区生产总值", "确保", 6.0, "%", "以上", True, "growth"),
      ("地区生产总值", "力争", 7.0, "%", None, False, "growth"),
      ("粮食产量", "稳定在", 50.0, "万吨", "以上", False, "level")]),
    ("争取一般公共预算收入增长7%，确保完成省下达的节能任务。",
     [("一般公共预算收入", "争取", 7.0, "%", None, False, "growth")]),
])
def test_target_patterns(text, expected):
    found = T.targets(docs_of(text))
    cols = ["indicator", "modality", "value", "unit", "hedge", "binding", "measure"]
    assert records(found, cols) == expected


def test_range_and_comparator_only():
    found = T.targets(docs_of("明年地区生产总值增长6%—7%，增速高于全省平均水平，城乡居民收入增长与经济增长同步。"))
    assert records(found, ["indicator", "value", "value_high", "comparator"]) == [
        ("地区生产总值", 6.0, 7.0, "增速高于全省平均水平"),
        ("城乡居民收入", None, None, "城乡居民收入增长与经济增长同步"),
    ]


def test_comparator_qualifies_the_target_before_or_stands_alone():
    found = T.targets(docs_of("明年一般公共预算收入增长3%，增幅高于全省平均，居民人均可支配收入增长与经济增长同步。"))
    assert records(found, ["indicator", "value", "comparator"]) == [
        ("一般公共预算收入", 3.0, "增幅高于全省平均"),
        ("居民人均可支配收入", None, "居民人均可支配收入增长与经济增长同步"),
    ]


def test_horizon_of_targets_resolves_with_the_date():
    text = "明年全市经济社会发展的主要目标是：地区生产总值增长7%。"
    assert records(T.targets(docs_of(text, publish="2023-12-29")), ["horizon", "year"]) == [("明年", 2024)]
    assert records(T.targets(docs_of(text, publish=None)), ["horizon", "year"]) == [("明年", None)]
    found = T.targets(docs_of("“十四五”时期，地区生产总值年均增长7%。"))
    assert records(found, ["horizon", "year", "measure"]) == [("十四五", 2025, "growth")]


@pytest.mark.parametrize("text", [
    "出席会议的市委委员45名、候补委员6名。",                     # attendance
    "全会于2022年12月28日召开，会期2天。",                       # dates, durations
    "中国共产党某市第十四届委员会第四次全体会议举行。",             # session numbers
    "他今年56岁，参加工作35年。",                                # ages
    "一年来，地区生产总值增长8%，一般公共预算收入完成120亿元。",     # achievements
    "今年以来，全市实现地区生产总值增长8.5%。",
    "全会认为，过去五年，全市累计完成投资3000亿元。",
    "2021年，全市地区生产总值同比增长9%。",
    "20年来，全区取得历史性成就，重点抓好八个方面工作。",
    "全市3000余名党员干部参加，发放问卷5000份。",
])
def test_not_targets(text):
    assert T.targets(docs_of(text)).empty


def test_modality_table_documents_every_word():
    table = T.modality_table()
    assert list(table.columns) == ["word", "role", "class", "english", "binding"]
    assert set(table["class"]) == {"binding", "aspirational", "expected"}
    words = dict(zip(table["word"], table["binding"]))
    assert words["确保"] and words["完成"] and words["控制在"]
    assert not words["争取"] and not words["力争"] and not words["达到"] and not words["突破"]
    assert table["word"].is_unique and table["english"].notna().all()


# -- formulations -------------------------------------------------------------------------------

QUZHOU = [("两个先行", 2, 8), ("两个维护", 2, 6), ("两个确立", 2, 2), ("八八战略", 8, 3),
          ("七个新", 7, 1), ("七张问题清单", 7, 1), ("十个桥头堡", 10, 1), ("十大专项行动", 10, 2),
          ("六治六提", 6, 2), ("三力", 3, 1), ("保五争三拼第一", None, 1), ("四省九市", 4, 1)]


def test_quzhou_formulations_exactly(seed_docs):
    found = T.formulations(seed(seed_docs, "003"), terms=EMPTY_GLOSSARY)
    assert records(found, ["formulation", "number", "count"]) == QUZHOU
    assert list(found.columns) == ["doc_id", "formulation", "number", "count", "english", "level", "coined_by",
                                   "found_by", "par_no", "clause"]
    assert found["english"].isna().all() and found["level"].isna().all()
    assert set(found["found_by"]) == {"pattern"}
    row = found.set_index("formulation").loc["十个桥头堡"]
    assert "等十个“桥头堡”" in row["clause"] and row["par_no"] == 7


def test_seed_formulations_by_pattern(seed_docs):
    found = T.formulations(seed_docs, terms=EMPTY_GLOSSARY)
    by_doc = found.groupby(found["doc_id"].str[:3])["formulation"].apply(list).to_dict()
    assert by_doc["000"] == ["两个维护", "三高一争", "两个确立", "一号战略"]   # not 一张蓝图, 两节 (holidays)
    assert by_doc["001"] == ["两个确立", "两个维护", "五大行动", "两湖", "532发展战略"]
    assert by_doc["002"] == ["八八战略", "四个率先", "两业经", "双城计", "双循环", "四个体系", "六稳",
                             "六保", "双胜利", "两个维护", "四个意识", "四个自信"]
    assert by_doc["004"] == ["八八战略", "两个确立", "两个维护", "五位一体", "三个一号工程", "十个一",
                             "七个方面工作", "三条先行路径", "发展四问"]
    counts = found.set_index(["doc_id", "formulation"])["count"]
    assert counts[(seed_docs["doc_id"][1], "五大行动")] == 5
    assert counts[(seed_docs["doc_id"][4], "八八战略")] == 13
    numbers = dict(zip(found["formulation"], found["number"]))
    assert numbers["532发展战略"] == 532 and numbers["十个一"] == 10 and numbers["发展四问"] == 4


def test_glossary_gives_english_level_and_unnumbered_terms(seed_docs):
    found = T.formulations(seed_docs, terms=HAND_GLOSSARY)
    rows = found.set_index(["doc_id", "formulation"])
    quzhou, zhenjiang, shaoxing = (seed_docs["doc_id"][i] for i in (3, 0, 2))
    assert rows.loc[(quzhou, "两个维护"), "level"] == "central"
    assert rows.loc[(quzhou, "两个维护"), "english"] == "the Two Upholds"
    assert rows.loc[(quzhou, "两个维护"), "found_by"] == "both"
    assert rows.loc[(quzhou, "四省边际中心城市"), "found_by"] == "glossary"
    assert rows.loc[(quzhou, "四省边际中心城市"), "number"] == 4
    assert rows.loc[(zhenjiang, "强富美高"), "level"] == "provincial"
    assert pd.isna(rows.loc[(zhenjiang, "强富美高"), "number"])
    assert rows.loc[(shaoxing, "重要窗口"), "count"] == 7  # glossary term written with quotes
    assert rows.loc[(quzhou, "十个桥头堡"), "found_by"] == "pattern"
    assert pd.isna(rows.loc[(quzhou, "十个桥头堡"), "level"])
    # 稳中求进 is in the glossary but not as a formulation
    assert "稳中求进" not in set(found["formulation"])


def test_missing_glossary_is_not_an_error(seed_docs, monkeypatch):
    def gone(*args, **kwargs):
        raise FileNotFoundError("terms.csv")
    tokens = plenum.tokenize(seed_docs)  # segmentation itself needs the glossary; echo's rate reuses these
    monkeypatch.setattr(plenum.lexicon, "glossary", gone)
    found = T.formulations(seed(seed_docs, "003"))
    assert records(found, ["formulation", "number", "count"]) == QUZHOU
    table = T.echo(seed_docs, tokens=tokens)
    assert (table["n_mentions"] == 0).all() and len(table) == 10


@pytest.mark.parametrize("text,expected", [
    ("增强“四个意识”、坚定“四个自信”。", [("四个意识", 4), ("四个自信", 4)]),
    ("坚决做到两个维护，深入实施五大行动。", [("两个维护", 2), ("五大行动", 5)]),
    ("忠实践行八八战略。", [("八八战略", 8)]),
    ("扎实做好“六稳”工作、全面落实“六保”任务。", [("六稳", 6), ("六保", 6)]),
    ("以三个“一号工程”为牵引，以“十个一”为抓手。", [("三个一号工程", 3), ("十个一", 10)]),
    ("打造十个“桥头堡”，聚焦“七张问题清单”。", [("十个桥头堡", 10), ("七张问题清单", 7)]),
    ("在“532”发展战略引领下，畅通“双循环”。", [("532发展战略", 532), ("双循环", 2)]),
    ("回答好“发展四问”，坚持“4+1”产业体系。", [("发展四问", 4), ("4+1产业体系", 4)]),
    ("践行“两山”理念，做到两个维护的政治自觉。", [("两山", 2), ("两个维护", 2)]),
])
def test_formulation_patterns(text, expected):
    found = T.formulations(docs_of(text), terms=EMPTY_GLOSSARY)
    assert records(found, ["formulation", "number"]) == expected


@pytest.mark.parametrize("text", [
    "一是抓发展，二是抓改革，三是抓党建。",              # ordinal lists
    "一要稳增长，二要促改革。",
    "一年来，全市上下奋发有为；20年来，发生巨大变化。",    # durations
    "市委八届二次全会召开，贯彻党的二十大精神，学习十九届五中全会精神。",  # session names
    "全会于2022年12月28日召开。",                      # dates
    "“十四五”时期，谋划好“十五五”。",                  # plan periods are horizons
    "重点抓好八个方面工作，抓了6件大事，完成3个项目。",     # quantities with units
    "谋划了一批项目，取得一系列成果，一步一个脚印，一体推进改革。",
    "成为全省经济拓展的一个桥头堡，提升创新“第一动力”。",
    "重返全国城市综合经济实力“30强”，进入“百强”。",
    "攻坚三季度、冲刺四季度。",
])
def test_not_formulations(text):
    assert T.formulations(docs_of(text), terms=EMPTY_GLOSSARY).empty


def test_formulation_terms_for_the_tokenizer(seed_docs):
    terms = T.formulation_terms(seed_docs, terms=EMPTY_GLOSSARY)
    assert terms == sorted(terms)
    assert {"两个维护", "两个确立", "八八战略", "四个率先", "十个桥头堡", "三个一号工程"} <= set(terms)
    assert "十四五" not in terms and "一批" not in terms


def test_echo_counts_central_and_provincial(seed_docs):
    table = T.echo(seed_docs, terms=HAND_GLOSSARY)
    assert list(table.columns) == ["group", "coined_by", "n_distinct", "n_mentions", "words", "per_10k"]
    assert len(table) == 2 * 5
    rows = table.set_index(["group", "coined_by"])
    assert rows.loc[("衢州市", "central"), "n_mentions"] == 6           # 两个维护 ×6
    assert rows.loc[("衢州市", "provincial"), "n_mentions"] == 3        # 八八战略 ×3
    assert rows.loc[("绍兴市", "provincial"), "n_distinct"] == 2        # 八八战略, 重要窗口
    assert rows.loc[("绍兴市", "provincial"), "n_mentions"] == 3 + 7
    assert rows.loc[("镇江市", "provincial"), "n_mentions"] == 1        # 强富美高
    assert rows.loc[("金坛区", "provincial"), "n_mentions"] == 0
    # the same denominator as every other rate: content words
    tokens = plenum.tokenize(seed_docs)
    quzhou = seed_docs.loc[seed_docs["place"] == "衢州市", "doc_id"].iloc[0]
    n_words = int((plenum.countable(tokens) & (tokens["doc_id"] == quzhou)).sum())
    assert rows.loc[("衢州市", "central"), "words"] == n_words
    assert rows.loc[("衢州市", "central"), "per_10k"] == pytest.approx(6 / n_words * 10_000)
    assert T.echo(seed_docs, terms=HAND_GLOSSARY, tokens=tokens).equals(table)


# -- goals ----------------------------------------------------------------------------------------

def test_seed_headline_goals(seed_docs):
    found = T.goals(seed_docs)
    assert list(found.columns) == ["doc_id", "par_no", "goal", "verb", "headline", "clause"]
    head = found[found["headline"]]
    by_doc = head.groupby(head["doc_id"].str[:3]).apply(
        lambda g: sorted(set(zip(g["verb"], g["goal"]))), include_groups=False).to_dict()
    assert by_doc == {
        "000": [("谱写", "“镇江很有前途”现代化建设新篇章")],
        "001": [("书写", "“美丽常州新样板”精彩实践")],
        "002": [("打造", "重要窗口"), ("走出", "争创社会主义现代化先行省的市域发展之路")],
        "003": [("争当", "“两个先行”示范窗口"), ("建设", "四省边际中心城市")],
        "004": [("建设", "未来新中心"), ("打造", "浙中增长极")],
    }


@pytest.mark.parametrize("text,expected", [
    ("以示范引领姿态全力打造浙中增长极、建设未来新中心。", [("打造", "浙中增长极"), ("建设", "未来新中心")]),
    ("在建设美丽镇江上再创新业绩。", [("建设", "美丽镇江")]),
    ("全力打造现代产业、人才科创、数字变革等十个“桥头堡”。", [("打造", "十个“桥头堡”")]),
    ("到2035年，成为“重要窗口”的市域样本。", [("成为", "“重要窗口”的市域样本")]),
    ("奋力谱写“打造浙中增长极、建设未来新中心”的精彩华章。",
     [("谱写", "“打造浙中增长极、建设未来新中心”的精彩华章"), ("打造", "浙中增长极"), ("建设", "未来新中心")]),
    ("在建设四省边际中心城市中争当“两个先行”示范窗口。",
     [("建设", "四省边际中心城市"), ("争当", "“两个先行”示范窗口")]),
    ("奋力书写“美丽常州新样板”，加快建成社会主义现代化强市。",
     [("书写", "美丽常州新样板"), ("建成", "社会主义现代化强市")]),
])
def test_goal_patterns(text, expected):
    found = T.goals(docs_of(text))
    assert records(found, ["verb", "goal"]) == expected
    assert found["headline"].all()


@pytest.mark.parametrize("text", [
    "全面加强党的建设，推进现代化建设新篇章。",     # 建设 as a noun
    "一年来，加快建设美丽镇江，城乡品质日益提升。",   # an achievement
    "坚持引进来和走出去。",
])
def test_not_goals(text):
    assert T.goals(docs_of(text)).empty


# -- task lists -------------------------------------------------------------------------------

def test_seed_task_lists(seed_docs):
    found = T.task_lists(seed_docs)
    assert list(found.columns) == ["doc_id", "par_no", "kind", "count_stated", "count_found",
                                   "items", "mismatch", "clause"]
    summary = [(d[:3], p, k, s, f) for d, p, k, s, f in
               records(found, ["doc_id", "par_no", "kind", "count_stated", "count_found"])]
    assert summary == [
        ("000", 4, "parallel", None, 3), ("000", 5, "counted", 8, 8),
        ("000", 7, "parallel", None, 7), ("000", 9, "parallel", None, 3),
        ("001", 6, "parallel", None, 5), ("001", 7, "counted", 5, 5),
        ("001", 11, "numbered", None, 3), ("001", 13, "parallel", None, 5),
        ("001", 14, "parallel", None, 5),
        ("002", 8, "ordinal", None, 12),
        ("003", 5, "parallel", None, 5), ("003", 7, "enumerated", 10, 10),
        ("003", 7, "parallel", None, 6), ("003", 8, "enumerated", 6, 6),
        ("003", 9, "parallel", None, 5),
        ("004", 6, "parallel", None, 5), ("004", 6, "parallel", None, 6),
        ("004", 7, "parallel", None, 10), ("004", 10, "parallel", None, 6),
    ]


def test_zhenjiang_eight_areas(seed_docs):
    row = T.task_lists(seed(seed_docs, "000")).query("kind == 'counted'").iloc[0]
    assert (row["count_stated"], row["count_found"], row["mismatch"]) == (8, 8, False)
    assert row["items"][0].startswith("锻造实体经济“看家本领”")
    assert row["items"][-1] == "牢固树立总体国家安全观，坚决守牢安全发展底线，全面推进市域社会治理现代化，在统筹发展和安全上再创新业绩"
    assert row["clause"].startswith("重点抓好八个方面工作：")


def test_shaoxing_twelve_musts(seed_docs):
    row = T.task_lists(seed(seed_docs, "002")).iloc[0]
    assert row["kind"] == "ordinal" and row["count_found"] == 12
    assert pd.isna(row["count_stated"]) and pd.isna(row["mismatch"])
    assert row["items"][0] == "着力推动数字经济与产业集群深度融合"
    assert row["items"][11] == "着力坚持发展新时代“枫桥经验”"


def test_quzhou_lists(seed_docs):
    found = T.task_lists(seed(seed_docs, "003")).set_index(["par_no", "kind"])
    focus = found.loc[(7, "parallel"), "items"]
    assert len(focus) == 6 and all("聚焦" in x[:3] for x in focus)
    assert focus[-1] == "聚焦“七张问题清单”主抓手，在强化党建统领上展现新作为新气象"
    bridges = found.loc[(7, "enumerated"), "items"]
    assert bridges[0] == "四省边际现代产业" and bridges[-1] == "绿色生态"
    assert found.loc[(8, "enumerated"), "items"][0] == "召开市第八次党代会"


def test_task_list_patterns():
    found = T.task_lists(docs_of(
        "全会提出，重点抓好三个方面工作：稳增长，促发展；抓改革，强创新。",
        "全会强调，一是抓发展，二是抓改革，三是抓党建。",
        "明年要抓好以下四个方面：\n一、坚持稳中求进\n二、坚持改革开放。要深化改革。\n（说明段落）\n三、坚持以人民为中心\n四、加强党的建设",
        "一、标题甲。\n内容。\n二、标题乙。\n三、标题丙。",
        "实施甲工程、乙工程、丙工程、丁工程等五大工程。"))
    assert records(found, ["doc_id", "kind", "count_stated", "count_found", "mismatch"]) == [
        ("d0", "counted", 3, 2, True),
        ("d1", "ordinal", None, 3, None),
        ("d2", "counted", 4, 4, False),
        ("d3", "numbered", None, 3, None),
        ("d4", "enumerated", 5, 4, True),
    ]
    assert found["items"][1] == ["抓发展", "抓改革", "抓党建"]
    assert found["items"][2] == ["坚持稳中求进", "坚持改革开放", "坚持以人民为中心", "加强党的建设"]
    assert found["items"][4] == ["甲工程", "乙工程", "丙工程", "丁工程"]


# -- horizons ---------------------------------------------------------------------------------

def test_seed_horizons(seed_docs):
    found = T.horizons(seed_docs)
    assert list(found.columns) == ["doc_id", "par_no", "horizon", "kind", "year", "start_year",
                                   "relation", "clause"]
    by_doc = found.groupby(found["doc_id"].str[:3]).apply(
        lambda g: sorted(set(records(g, ["horizon", "year", "start_year"])), key=str),
        include_groups=False).to_dict()
    assert by_doc == {
        "000": [("今年", 2021, None), ("十四五", 2025, 2021), ("明年", 2022, None)],
        "001": [("今年", 2022, None), ("明年", 2023, None)],
        "002": [("2035年", 2035, None), ("十三五", 2020, 2016), ("十四五", 2025, 2021)],
        "003": [("未来五年", 2027, 2023)],
        "004": [("三季度", 2023, None), ("全年", 2023, None), ("四季度", 2023, None)],
    }


@pytest.mark.parametrize("text,expected", [
    ("明年是关键之年，今年要收好官，后年见成效。",
     [("明年", "relative", 2023, None), ("今年", "relative", 2022, None), ("后年", "relative", 2024, None)]),
    ("到2025年基本实现，到二〇三五年全面建成，到本世纪中叶建成强国。",
     [("2025年", "year", 2025, None), ("2035年", "year", 2035, None), ("本世纪中叶", "year", 2050, None)]),
    ("“十四五”开好局，谋划“十五五”，审议第十四个五年规划建议。",
     [("十四五", "plan", 2025, 2021), ("十五五", "plan", 2030, 2026), ("十四五", "plan", 2025, 2021)]),
    ("描绘未来五年蓝图，今后三年攻坚。",
     [("未来五年", "span", 2027, 2023), ("今后三年", "span", 2025, 2023)]),
])
def test_horizon_patterns(text, expected):
    found = T.horizons(docs_of(text))
    assert records(found, ["horizon", "kind", "year", "start_year"]) == expected


def test_horizon_without_a_date_stays_unresolved():
    found = T.horizons(docs_of("明年是关键之年，到2035年基本实现现代化。", publish=None))
    assert records(found, ["horizon", "year", "relation"]) == [("明年", None, None), ("2035年", 2035, None)]


@pytest.mark.parametrize("text", [
    "一年来，全市上下奋发有为。", "今年以来，经济回升向好。", "全会于2022年12月28日召开。",
    "审议了2022年度工作报告。", "过去五年成就巨大。", "前三季度地区生产总值增长5%。",
    "今年6月11日，总书记作出重要指示。", "20年来，全区发生巨大变化。",
])
def test_not_horizons(text):
    assert T.horizons(docs_of(text)).empty


# -- robustness --------------------------------------------------------------------------------

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_LINES = [ln for p in sorted(SEEDS.glob("*.txt")) for ln in p.read_text("utf-8").splitlines()
              if ln.strip()]
FRAGMENTS = ["明年", "今年", "“", "”", "《", "》", "十四五", "两个", "八八战略", "确保", "争取", "力争",
             "增长", "8%", "亿元", "以上", "左右", "高于全市平均", "；", "。", "，", "、", "：", "一要",
             "二要", "一、", "二、", "等十个", "打造", "建设", "谱写", "\n", "30强", "前50位", "第",
             "二〇三五年", "2035年", "未来五年", "十", "百", "千", "万", "个", "大", "0", "9", ".", "-"]


@st.composite
def seed_slice(draw):
    line = draw(st.sampled_from(SEED_LINES))
    i = draw(st.integers(0, len(line)))
    return line[i:draw(st.integers(i, min(len(line), i + 150)))]


report_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), seed_slice(),
                                 st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                                         max_size=5)), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=400), report_like)
dates = st.one_of(st.none(), st.datetimes(min_value=pd.Timestamp("1900-01-01").to_pydatetime(),
                                          max_value=pd.Timestamp("2200-12-31").to_pydatetime()),
                  st.text(max_size=10))
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUNCTIONS = [T.targets, T.formulations, T.goals, T.task_lists, T.horizons, T.echo]


@SETTINGS
@given(st.lists(st.tuples(any_text, dates, st.one_of(st.none(), st.text(max_size=4))),
                min_size=1, max_size=3))
@example([("", None, None)])
@example([("“" * 40 + "两个" + "”" * 40, "2022-12-20", "某市")])
@example([("一、\n二、\n三、" * 20, None, "")])
@example([("等十个" * 30 + "打造" * 30, "not a date", None)])
def test_no_exception_on_arbitrary_text(rows):
    docs = pd.DataFrame({"doc_id": [f"x{i}" for i in range(len(rows))],
                         "text": [r[0] for r in rows],
                         "publish_date": [r[1] for r in rows],
                         "place": [r[2] for r in rows]})
    for fn in FUNCTIONS:
        out = fn(docs)
        assert isinstance(out, pd.DataFrame)
        if "clause" in out.columns:
            for doc_id, clause in zip(out["doc_id"], out["clause"]):
                text = docs.set_index("doc_id").loc[doc_id, "text"]
                assert clause in text
    assert isinstance(T.formulation_terms(docs), list)


@pytest.mark.parametrize("docs", [
    pd.DataFrame({"text": []}), pd.DataFrame({"text": [None, 3, float("nan")]}),
    pd.DataFrame({"doc_id": [pd.NA], "text": ["明年地区生产总值确保增长8%。"]}),
])
def test_degenerate_inputs(docs):
    for fn in FUNCTIONS[:-1]:
        out = fn(docs)
        assert isinstance(out, pd.DataFrame)
    assert isinstance(T.echo(docs, by="doc_id"), pd.DataFrame)


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_a_wrong_first_argument_says_what_was_expected(fn):
    with pytest.raises(TypeError, match="read_reports"):
        fn(None)
    with pytest.raises(KeyError, match="text"):
        fn(pd.DataFrame({"doc_id": ["a"]}))


def test_echo_by_a_column_the_documents_lack(seed_docs):
    with pytest.raises(KeyError, match="county"):
        T.echo(seed_docs, by="county")


def test_empty_outputs_keep_columns():
    empty = docs_of("")
    assert list(T.targets(empty).columns) == list(TARGET_COLUMNS)
    assert list(T.formulations(empty).columns) == list(FORMULATION_COLUMNS)
    assert list(T.goals(empty).columns) == list(GOAL_COLUMNS)
    assert list(T.task_lists(empty).columns) == list(TASK_COLUMNS)
    assert list(T.horizons(empty).columns) == list(HORIZON_COLUMNS)


# -- tables and figures ----------------------------------------------------------------------

def test_tables(seed_docs):
    wide = T.target_table(seed_docs)
    assert list(wide.columns) == list(seed_docs["place"])
    assert wide.loc["地区生产总值", "金坛区"] == "确保 +8%；争取 1300亿元"
    assert wide.loc["全国城市综合经济实力", "绍兴市"] == "确保 30强"
    assert (wide["镇江市"] == "").all()
    goals = plot.labelled(T.goal_table(seed_docs), "en", terms=HAND_GLOSSARY)
    assert set(goals["group"]) == {"Zhenjiang", "Jintan", "Shaoxing", "Quzhou", "Jindong"}
    english = dict(zip(goals["goal"], goals["english"]))
    assert english["四省边际中心城市"] == "central city of the four-province border"
    assert pd.isna(english["未来新中心"])
    matrix = T.formulation_matrix(seed_docs, terms=HAND_GLOSSARY)
    assert list(matrix["coined_by"].unique()) == ["central", "provincial", "local", "unclassified"]
    assert matrix.loc["两个维护", list(seed_docs["place"])].tolist() == [1, 1, 2, 6, 1]
    assert not T.horizon_table(seed_docs).empty


def test_headline_goal_mentions(seed_docs):
    table = T.goal_table(seed_docs)
    found = T.goals(seed_docs)
    for doc_id, goal, n, total in zip(seed_docs.set_index("place").loc[table["group"], "doc_id"],
                                      table["goal"], table["mentions"], table["all_goal_statements"]):
        assert n == ((found["doc_id"] == doc_id) & (found["goal"] == goal)).sum() >= 1
        assert total == (found["doc_id"] == doc_id).sum()


def test_tables_keep_every_group(seed_docs):
    docs = pd.concat([seed_docs, docs_of("没有任何目标。", place="某县")], ignore_index=True)
    assert "某县" in list(T.target_summary(docs)["group"])
    assert "某县" in list(T.task_list_table(docs)["group"].cat.categories)
    assert "某县" in list(T.horizon_table(docs)["group"].cat.categories)
    by_province = T.target_summary(seed_docs, by="province")
    assert set(by_province["group"]) == set(seed_docs["province"])


@pytest.mark.parametrize("draw,table", [
    (plot.plot_targets, T.target_summary), (plot.plot_formulation_heatmap, T.formulation_matrix),
    (plot.plot_task_lists, T.task_list_table), (plot.plot_horizons, T.horizon_table)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figures(draw, table, lang, seed_docs):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for docs in (seed_docs, docs_of("")):
        fig = draw(table(docs), lang=lang)
        assert isinstance(fig, matplotlib.figure.Figure)
        plt.close(fig)


DATED = pd.DataFrame({"term": ["两个确立", "两个维护", "新提法"], "english": ["", "", ""],
                      "category": ["formulation"] * 3, "level": ["central", "central", "local"],
                      "source": ["", "", ""], "since": pd.array([2021, 2016, None], dtype="Int64")})


def _dated_docs():
    return pd.DataFrame({"doc_id": ["a", "b"], "place": ["甲县", "乙县"], "year": pd.array([2020, 2022], dtype="Int64"),
                         "text": ["全会强调，要做到两个维护。", "全会强调，深刻领悟两个确立，坚决做到两个维护。新提法要落实。"]})


def test_not_yet_in_use_lists_groups_whose_reports_predate_the_formulation():
    docs = _dated_docs()
    table = T.not_yet_in_use(docs, terms=DATED)
    assert table.to_dict("records") == [{"group": "甲县", "formulation": "两个确立", "since": 2021, "year": 2020}]
    matrix = T.formulation_matrix(docs, terms=DATED)
    assert pd.isna(matrix.loc["两个确立", "甲县"]) and matrix.loc["两个确立", "乙县"] == 1
    assert matrix.loc["两个维护", "甲县"] == 1
    # undated reports and undated formulations are never marked
    assert T.not_yet_in_use(docs.drop(columns="year"), terms=DATED).empty
    assert T.not_yet_in_use(docs, terms=DATED.drop(columns="since")).empty


def test_seed_report_of_2020_predates_two_establishments(seed_docs):
    table = T.not_yet_in_use(seed_docs)
    shaoxing = set(table.loc[table["group"] == "绍兴市", "formulation"])
    assert "两个确立" in shaoxing and (table["year"] < table["since"]).all()
    assert "两个确立" not in set(table.loc[table["group"] != "绍兴市", "formulation"])


def test_formulation_timeline_follows_a_place_over_its_reports():
    docs = pd.DataFrame({"doc_id": ["a1", "a2", "a3", "b"], "place": ["甲县", "甲县", "甲县", "乙县"],
                         "year": pd.array([2020, 2021, 2022, 2022], dtype="Int64"),
                         "text": ["全会强调，要做到两个维护。", "全会强调，坚决做到两个维护。",
                                  "全会强调，深刻领悟两个确立，坚决做到两个维护，两个维护要落实。", "全会强调，深刻领悟两个确立。"]})
    table = T.formulation_timeline(docs, terms=DATED).set_index(["group", "formulation"])
    assert table.loc[("甲县", "两个维护"), ["first_year", "last_year", "years", "reports", "mentions"]].tolist() == \
        [2020, 2022, 3, 3, 4]
    assert table.loc[("甲县", "两个确立"), ["since", "first_year", "reports"]].tolist() == [2021, 2022, 1]
    assert table.loc[("乙县", "两个确立"), "level"] == "central"
    assert list(table.index.get_level_values("group").unique()) == ["甲县", "乙县"]
    assert T.formulation_timeline(docs.drop(columns="year"), terms=DATED).empty


@pytest.mark.parametrize("table", [T.formulation_matrix, T.target_summary, T.task_list_table, T.not_yet_in_use])
def test_tables_group_by_year_in_order_of_time(table, seed_docs):
    out = table(seed_docs, by="year")
    groups = [c for c in out.columns if c != "coined_by"] if table is T.formulation_matrix else list(out["group"].unique())
    years = sorted(set(str(y) for y in seed_docs["year"]))
    assert set(groups) <= set(years) and groups == sorted(groups)
    if table is not T.not_yet_in_use:
        assert set(groups) == set(years)
