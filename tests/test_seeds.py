"""Every field of the five shipped reports, checked by reading the pages."""

import pandas as pd
import pytest

import plenum
from plenum.reading import DOC_COLUMNS

T = pd.Timestamp

EXPECTED = {
    "000_85478f13691ada4a": dict(
        place="镇江市", prefecture="镇江市", level="市", province="江苏", term=8, plenum=2,
        expanded=False, meeting_date=T("2021-12-28"), meeting_end_date=T("2021-12-28"),
        publish_date=T("2021-12-28"), source="金山网", secretary="马明龙",
        members=pd.NA, alternates=pd.NA, kind="plenum",
        documents=["中国共产党镇江市第八届委员会第二次全体会议决议"],
        headline="扛起光荣使命 跑出昂扬态势 奋力谱写“镇江很有前途”现代化建设新篇章 中共镇江市委八届二次全会举行 "
                 "市委常委会主持会议 马明龙作报告 徐曙海作经济工作部署 审议通过全会决议",
        first="中国共产党镇江市第八届委员会第二次全体会议12月28日在市行政中心会议中心举行。",
        last="全会以视频会议形式召开，各市、区和镇江新区、高新区设分会场。",
    ),
    "001_cbf824080922f57a": dict(
        place="金坛区", prefecture="常州市", level="区", province="江苏", term=14, plenum=4,
        expanded=False, meeting_date=T("2022-12-28"), meeting_end_date=T("2022-12-28"),
        publish_date=T("2022-12-29"), source="金坛区融媒体中心", secretary="陆秋明",
        members=pd.NA, alternates=pd.NA, kind="plenum",
        documents=[
            "中共常州市金坛区委关于深入学习贯彻党的二十大精神在新征程上全面推进中国式现代化金坛新实践的决定",
            "中国共产党常州市金坛区第十四届委员会第四次全体会议决议",
            "中共常州市金坛区委常委会2022年度落实全面从严治党主体责任情况的报告",
        ],
        headline="中共常州市金坛区委十四届四次全会召开",
        first="12月28日上午，中国共产党常州市金坛区第十四届委员会第四次全体会议在市民中心召开。",
        last="让我们更加紧密地团结在以习近平同志为核心的党中央周围，在省委和常州市委的坚强领导下，坚定信心、一往无前，"
             "全面加速同城化加快现代化，为奋力书写“美丽常州新样板”精彩实践而团结奋斗！",
    ),
    "002_d4f422812e364c1e": dict(
        place="绍兴市", prefecture="绍兴市", level="市", province="浙江", term=8, plenum=9,
        expanded=True, meeting_date=T("2020-12-10"), meeting_end_date=T("2020-12-11"),
        publish_date=T("2020-12-12"), source="绍兴网-绍兴日报", secretary="马卫光",
        members=42, alternates=10, kind="plenum",
        documents=["中共绍兴市委关于制定绍兴市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议"],
        headline="市委召开八届九次全体（扩大）会议",
        first="10日下午至11日上午，市委召开八届九次全体（扩大）会议。",
        last="其他市领导，原地市老领导，市级各民主党派、工商联主要负责人，市级部门（单位）行政主要负责人列席大会。",
    ),
    "003_689fda667cca9d32": dict(
        place="衢州市", prefecture="衢州市", level="市", province="浙江", term=8, plenum=2,
        expanded=True, meeting_date=pd.NaT, meeting_end_date=pd.NaT,
        publish_date=T("2022-07-21"), source="衢州日报", secretary="高屹",
        members=48, alternates=7, kind="plenum",
        documents=["中共衢州市委关于高举习近平新时代中国特色社会主义思想伟大旗帜在建设四省边际中心城市中争当“两个先行”示范窗口的决定"],
        headline="市委八届二次全体（扩大）会议举行",
        first="出席这次全会的市委委员48名，候补委员7名。",
        last="离岗在职领导、副厅级以上老干部应邀参加。",
    ),
    "004_c03ecfa7a8bf5fea": dict(
        place="金东区", prefecture="金华市", level="区", province="浙江", term=5, plenum=4,
        expanded=False, meeting_date=T("2023-08-04"), meeting_end_date=T("2023-08-04"),
        publish_date=T("2023-08-07"), source="今日金东", secretary="黄国钧",
        members=25, alternates=5, kind="plenum",
        documents=["中国共产党金华市金东区第五届委员会第四次全体会议关于坚定不移深入践行“八八战略” "
                   "以示范引领姿态全力打造浙中增长极建设未来新中心的决议"],
        headline="区委五届四次全体会议举行：坚定不移深入践行“八八战略” 以示范引领姿态全力打造浙中增长极建设未来新中心",
        first="8月4日上午，区委五届四次全体会议举行。",
        last="不是区委委员的副县级以上领导干部，区纪委委员、区监委委员，各乡镇（街道）党政主要负责人、纪（工）委书记，"
             "区直单位和在金省市属单位主要负责人，区级各民主党派、工商联负责人，无党派人士代表，县级老领导，部分党代表等参加会议。",
    ),
}
FIELDS = ["place", "prefecture", "level", "province", "term", "plenum", "expanded",
          "meeting_date", "meeting_end_date", "publish_date", "source", "secretary",
          "members", "alternates", "kind", "documents", "headline"]


def test_one_row_per_file_sorted_with_full_schema(seed_docs):
    assert list(seed_docs["doc_id"]) == sorted(EXPECTED)
    assert list(seed_docs.columns) == DOC_COLUMNS
    assert list(seed_docs["path"]) == [f"{d}.txt" for d in sorted(EXPECTED)]
    assert seed_docs.attrs["problems"].empty


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
@pytest.mark.parametrize("field", FIELDS)
def test_field(seed_docs, doc_id, field):
    got = seed_docs.set_index("doc_id").loc[doc_id, field]
    want = EXPECTED[doc_id][field]
    if want is pd.NA or want is pd.NaT:
        assert pd.isna(got), f"{doc_id}.{field}: expected missing, got {got!r}"
    else:
        assert got == want, f"{doc_id}.{field}"


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_first_and_last_sentence(seed_docs, doc_id):
    sents = plenum.sentences(seed_docs)
    mine = sents[sents["doc_id"] == doc_id]["text"].tolist()
    assert mine[0] == EXPECTED[doc_id]["first"]
    assert mine[-1] == EXPECTED[doc_id]["last"]


@pytest.mark.parametrize("junk", ["首页", "责任编辑", "返回顶部", "上一条", "下一条", "联系电话", "Copyright",
                                  "分享", "扫一扫", "信息索引号", "作者：", "摄影", "金山网讯", "越牛新闻",
                                  "发布时间", "浏览次数", "投稿信箱", "（记者", "首席记者 袁 云 摄"])
def test_no_page_furniture_in_text(seed_docs, junk):
    for doc_id, text in zip(seed_docs["doc_id"], seed_docs["text"]):
        assert junk not in text, f"{junk!r} left in {doc_id}"


def test_counts_and_types(seed_docs):
    assert seed_docs["term"].dtype == "Int64"
    assert seed_docs["members"].dtype == "Int64"
    assert str(seed_docs["expanded"].dtype) == "boolean"
    assert (seed_docs["n_chars"] == seed_docs["text"].str.replace(r"\s", "", regex=True).str.len()).all()
    assert (seed_docs["n_chars"] < seed_docs["n_chars_raw"]).all()
    assert set(seed_docs["script"]) == {"simplified"}
    assert seed_docs["duplicate_of"].isna().all()


def test_moves_open_paragraphs(seed_docs):
    pars = plenum.paragraphs(seed_docs)
    zhenjiang = pars[pars["doc_id"] == "000_85478f13691ada4a"]["move"].tolist()
    # 全会认为 / 全会指出 / 全会强调 / 全会指出 / 全会还就…作出部署 / 全会强调 / 全会最后指出 / 全会审议通过了
    assert zhenjiang[2:10] == ["认为", "指出", "强调", "指出", "部署", "强调", "指出", "审议"]
    jindong = pars[pars["doc_id"] == "004_c03ecfa7a8bf5fea"]["move"].tolist()
    assert jindong[4:7] == ["指出", "强调", "强调"]  # written 会议指出 / 会议强调
    assert pd.isna(jindong[0])


SESSION_TYPES = {"000_85478f13691ada4a": "annual", "001_cbf824080922f57a": "annual",
                 "002_d4f422812e364c1e": "plan", "003_689fda667cca9d32": "implementation",
                 "004_c03ecfa7a8bf5fea": "implementation"}


def test_session_type_kind_evidence_and_provenance(seed_docs):
    import hashlib
    from pathlib import Path

    seeds = Path(__file__).parent.parent / "seeds"
    rows = seed_docs.set_index("doc_id")
    for doc_id, expected in SESSION_TYPES.items():
        row = rows.loc[doc_id]
        assert row["session_type"] == expected, row["session_evidence"]
        assert isinstance(row["session_evidence"], str) and row["session_evidence"]
        assert ("全会" in row["kind_evidence"] or "全体" in row["kind_evidence"])
        assert row["sha256"] == hashlib.sha256((seeds / row["path"]).read_bytes()).hexdigest()
        assert pd.isna(row["url"])  # the saved pages name no address
    assert rows.loc["002_d4f422812e364c1e", "session_evidence"].endswith("远景目标的建议")
