"""The packaged knowledge files (plenum.lexicon): data/terms.csv (glossary) and data/stopwords.csv."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from plenum.lexicon import (
    GLOSSARY_COLUMNS,
    STOPWORD_COLUMNS,
    english,
    glossary,
    read_data_csv,
    stopwords,
)

CATEGORIES = {"formulation", "ideology", "policy", "institution", "governance", "region"}
LEVELS = {"central", "provincial", "local"}

# The 19 terms every glossary must carry, with the level each must have.
REQUIRED = {
    "习近平新时代中国特色社会主义思想": "central",
    "两个确立": "central",
    "两个维护": "central",
    "四个意识": "central",
    "四个自信": "central",
    "八八战略": "provincial",
    "重要窗口": "provincial",
    "共同富裕": "central",
    "中国式现代化": "central",
    "高质量发展": "central",
    "新发展格局": "central",
    "新发展理念": "central",
    "稳中求进": "central",
    "乡村振兴": "central",
    "营商环境": "central",
    "数字经济": "central",
    "长三角一体化": "central",
    "全过程人民民主": "central",
    "枫桥经验": "central",
}

# Further terms whose category or level the glossary's own documentation promises.
EXPECTED = {
    "八八战略": ("formulation", "provincial"),
    "两个先行": ("formulation", "provincial"),
    "强富美高": ("formulation", "provincial"),
    "争当表率": ("formulation", "provincial"),
    "争做示范": ("formulation", "provincial"),
    "走在前列": ("formulation", "provincial"),
    "四个走在前": ("formulation", "provincial"),
    "六稳": ("formulation", "central"),
    "六保": ("formulation", "central"),
    "五位一体": ("formulation", "central"),
    "中国式现代化": ("ideology", "central"),
    "伟大建党精神": ("ideology", "central"),
    "党的二十大精神": ("ideology", "central"),
    "高质量发展": ("policy", "central"),
    "碳达峰": ("policy", "central"),
    "河长制": ("policy", "central"),
    "数字化改革": ("policy", "provincial"),
    "最多跑一次": ("policy", "provincial"),
    "共同富裕示范区": ("policy", "provincial"),
    "全面从严治党": ("institution", "central"),
    "党史学习教育": ("institution", "central"),
    "巡察": ("institution", "central"),
    "枫桥经验": ("governance", "central"),
    "市域社会治理现代化": ("governance", "central"),
    "疫情防控": ("governance", "central"),
    "长三角一体化": ("region", "central"),
    "粤港澳大湾区": ("region", "central"),
    "黄河流域生态保护和高质量发展": ("region", "central"),
    "宁镇扬一体化": ("region", "provincial"),
    "山区26县": ("region", "provincial"),
    "四省边际中心城市": ("formulation", "local"),
    "两湖创新区": ("policy", "local"),
}

# Words with policy meaning that must never be stopwords.
MEANINGFUL = ["发展", "创新", "改革", "安全", "建设", "经济", "现代化", "人民", "目标"]


def _packaged(name):
    return resources.files("plenum").joinpath(f"data/{name}")


@pytest.fixture(scope="module")
def terms():
    return glossary()


@pytest.fixture(scope="module")
def raw_terms():
    """The file as written, before the loader drops duplicates."""
    return read_data_csv(_packaged("terms.csv"), GLOSSARY_COLUMNS)


@pytest.fixture(scope="module")
def raw_stopwords():
    return read_data_csv(_packaged("stopwords.csv"), STOPWORD_COLUMNS)


# ---------------------------------------------------------------- terms.csv


def test_files_open_with_a_comment_header():
    for name in ("terms.csv", "stopwords.csv"):
        lines = _packaged(name).read_text("utf-8").splitlines()
        assert lines[0].startswith("#"), name
        assert sum(ln.startswith("#") for ln in lines[:40]) >= 5, name


def test_glossary_loads_with_its_columns(terms):
    assert list(terms.columns) == GLOSSARY_COLUMNS
    assert len(terms) >= 350


def test_no_duplicate_terms_in_the_file(raw_terms):
    dup = raw_terms.loc[raw_terms["term"].duplicated(), "term"].tolist()
    assert dup == []
    assert raw_terms["term"].nunique() >= 350


def test_required_terms_present_with_plausible_level(terms):
    by_term = terms.set_index("term")
    missing = [t for t in REQUIRED if t not in by_term.index]
    assert missing == []
    wrong = {t: by_term.at[t, "level"] for t, lv in REQUIRED.items() if by_term.at[t, "level"] != lv}
    assert wrong == {}


def test_documented_categories_and_levels(terms):
    by_term = terms.set_index("term")
    missing = [t for t in EXPECTED if t not in by_term.index]
    assert missing == []
    wrong = {
        t: (by_term.at[t, "category"], by_term.at[t, "level"])
        for t, want in EXPECTED.items()
        if (by_term.at[t, "category"], by_term.at[t, "level"]) != want
    }
    assert wrong == {}


def test_every_row_is_complete(raw_terms):
    assert (raw_terms["term"] != "").all()
    assert raw_terms.loc[raw_terms["english"] == "", "term"].tolist() == []
    assert raw_terms.loc[raw_terms["source"] == "", "term"].tolist() == []
    assert sorted(set(raw_terms["category"]) - CATEGORIES) == []
    assert sorted(set(raw_terms["level"]) - LEVELS) == []


def test_every_category_and_level_is_used(terms):
    assert set(terms["category"]) == CATEGORIES
    assert set(terms["level"]) == LEVELS
    counts = terms["category"].value_counts()
    assert (counts >= 20).all(), counts.to_dict()


def test_terms_are_clean_single_units(raw_terms):
    bad = raw_terms.loc[
        raw_terms["term"].str.contains(r"[\s\"'“”‘’「」《》、，,;；:：。()（）·]", regex=True), "term"
    ].tolist()
    assert bad == []
    # every term is Chinese text (digits allowed inside, as in 山区26县), never a lone character
    not_chinese = [t for t in raw_terms["term"] if not re.search(r"[\u4e00-\u9fff]", t) or len(t) < 2]
    assert not_chinese == []


def test_long_terms_are_rare(terms):
    long_terms = terms.loc[terms["term"].str.len() > 12, "term"].tolist()
    assert len(long_terms) <= 15, long_terms


def test_english_lookup(terms):
    assert english("八八战略") == "the Eight-Eight Strategy"
    assert english("全过程人民民主") == "whole-process people's democracy"
    assert english("不是术语") is None
    assert "Four Confidences" in english("四个自信")
    assert "Fengqiao" in english("枫桥经验")


def test_terms_stay_one_token_in_jieba(terms):
    jieba = pytest.importorskip("jieba")
    tokenizer = jieba.Tokenizer()
    for term in sorted(terms["term"], key=len):
        tokenizer.add_word(term)
    split_alone = [t for t in terms["term"] if list(tokenizer.cut(t, HMM=False)) != [t]]
    assert split_alone == []
    split_in_text = [
        t for t in REQUIRED if t not in tokenizer.lcut(f"全会强调，要坚持{t}，推动各项工作。")
    ]
    assert split_in_text == []


# ---------------------------------------------------------------- stopwords.csv


def test_stopwords_load_and_sizes(raw_stopwords):
    words = stopwords()
    assert isinstance(words, frozenset)
    assert len(words) == len(raw_stopwords)  # no duplicates, no blanks
    groups = raw_stopwords["group"].value_counts().to_dict()
    assert set(groups) == {"function", "boilerplate"}
    assert 150 <= groups["function"] <= 260
    assert groups["boilerplate"] >= 40
    for w in ["的", "了", "和", "在", "是", "与", "及", "等", "对", "把", "以", "为", "中", "上", "这", "其", "并", "也", "要"]:
        assert w in words, w
    for w in ["全会", "会议", "全体会议", "指出", "强调", "认为", "号召", "坚持", "推进", "加快", "全面", "深入", "进一步", "持续", "不断", "扎实", "工作"]:
        assert w in words, w


def test_boilerplate_entries_have_notes(raw_stopwords):
    boiler = raw_stopwords[raw_stopwords["group"] == "boilerplate"]
    assert boiler.loc[boiler["note"].str.len() < 5, "word"].tolist() == []


def test_stopwords_are_clean(raw_stopwords):
    assert raw_stopwords.loc[raw_stopwords["word"].str.contains(r"[\s\d\W]", regex=True), "word"].tolist() == []


def test_no_stopword_is_a_glossary_term(terms):
    assert sorted(stopwords() & set(terms["term"])) == []


def test_meaningful_words_are_not_stopwords():
    words = stopwords()
    assert [w for w in MEANINGFUL if w in words] == []


def test_user_files_are_read_instead(tmp_path):
    own = tmp_path / "terms.csv"
    own.write_text("# mine\nterm,english,category,level,source\n测试术语,a test,policy,local,me\n", "utf-8")
    table = glossary(own)
    assert table["term"].tolist() == ["测试术语"]
    sw = tmp_path / "stop.csv"
    sw.write_text("# mine\nword,group,note\n之类,function,\n", "utf-8")
    assert stopwords(sw) == frozenset({"之类"})


def test_since_dates_formulations_and_rejects_what_is_not_a_year(tmp_path, terms):
    since = dict(zip(terms["term"], terms["since"]))
    assert str(terms["since"].dtype) == "Int64"
    assert since["两个确立"] == 2021 and since["中国式现代化"] == 2021 and since["八八战略"] == 2003
    assert terms["since"].dropna().between(1921, 2030).all()
    own = tmp_path / "terms.csv"
    own.write_text("# mine\nterm,english,category,level,source,since\n测试术语,a test,policy,local,me,soon\n", "utf-8")
    with pytest.raises(ValueError, match=r"since.*测试术语 \('soon'\)"):
        glossary(own)
