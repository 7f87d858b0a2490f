"""parse_report on hand-made pages in the styles other places, levels and sites use."""

import pandas as pd
import pytest

from plenum import parse_report
from plenum.metadata import REPORT_FIELDS, attendance, documents, meeting_dates, secretary
from plenum.numerals import parse_int

COUNTY = """网站首页 > 新闻中心 > 时政要闻
中共安吉县委十五届六次全体（扩大）会议召开
发布时间：2023年12月29日 09:12 来源：安吉新闻网 作者：王小明
【字体：大 中 小】
　　12月27日至28日，中国共产党安吉县第十五届委员会第6次全体（扩大）会议举行。会议应到县委委员35名，实到33名；应到候补委员6名，实到5名。
　　县委常委会主持会议。县委书记李建国代表县委常委会作工作报告。县委副书记、县长张三出席。
　　全会审议通过了《中共安吉县委关于深化改革的决定》。全会号召，全县上下团结奋斗。
　　会议认为，一年来全县经济社会发展取得新成效，各项工作稳步推进。
责任编辑：赵六
上一篇：安吉召开全县经济工作会议
"""

PREFECTURE_OF_AUTONOMOUS = """黔东南州委十二届七次全会召开
2022-07-30 来源：黔东南日报
7月29日，中国共产党黔东南苗族侗族自治州第十二届委员会第七次全体会议在凯里召开。州委书记罗强主持会议并讲话。
全会强调，要坚定不移推动高质量发展，奋力谱写新篇章。
"""

BANNER = """旗委十四届九次全委会议召开
发布日期：2024-01-05
1月4日，旗委十四届九次全委会议召开。中共鄂托克旗委书记王五出席并讲话。
会议指出，过去一年全旗经济社会发展成效显著，发展态势持续向好。
"""

STANDING = """市委常委会召开会议 传达学习省委十五届三次全会精神
2023-07-01 来源：某市日报
6月30日，市委常委会召开会议，传达学习省委十五届三次全会精神。市委书记赵某主持会议。
会议指出，要深入学习贯彻省委全会精神，结合实际抓好贯彻落实。
"""

GOVERNMENT = """市政府召开第十次全体会议
2023-02-10 来源：杭州市人民政府
2月9日，市政府召开第十次全体会议，部署今年重点工作。市长姚某主持会议并讲话。
会议强调，要奋力推动经济运行整体好转，确保完成全年目标任务。
"""

CONGRESS = """市十六届人大三次会议举行第二次全体会议
2024-01-20 来源：宁波日报
1月19日上午，宁波市第十六届人民代表大会第三次会议举行第二次全体会议。会议由大会主席团常务主席主持。
会议听取了市人大常委会工作报告，审议了市中级人民法院工作报告。
"""

PRESS = """中共无锡市委十四届七次全会新闻发布会举行
发布时间：2023-12-27 来源：无锡日报
12月26日，中共无锡市委十四届七次全会新闻发布会举行。市委副秘书长介绍了全会主要精神。
发布会指出，全会审议通过了《中共无锡市委关于推进中国式现代化无锡新实践的决定》。
"""

AMBIGUOUS = """中共鼓楼区委七届五次全会召开
2023-12-25 来源：福州新闻网
12月24日，中国共产党福州市鼓楼区第七届委员会第五次全体会议召开。区委书记陈某作报告。
全会指出，要坚持稳中求进工作总基调，推动高质量发展取得新成效。
"""

NEW_YEAR = """县委召开十五届七次全会
2024-01-02 来源：某某县融媒体中心
12月30日，县委召开十五届七次全会。全会由县委常委会主持，县委书记孙某作报告。
全会强调，要扎实推进各项工作落地见效，确保全年目标顺利完成。
"""


def test_county_report_with_arabic_plenum_number_and_attendance_due_present():
    r = parse_report(COUNTY)
    assert r["kind"] == "plenum"
    assert (r["place"], r["prefecture"], r["province"], r["level"]) == ("安吉县", "湖州市", "浙江", "县")
    assert (r["term"], r["plenum"], r["expanded"]) == (15, 6, True)
    assert r["meeting_date"] == pd.Timestamp("2023-12-27")
    assert r["meeting_end_date"] == pd.Timestamp("2023-12-28")
    assert r["publish_date"] == pd.Timestamp("2023-12-29")
    assert r["source"] == "安吉新闻网"
    assert r["secretary"] == "李建国"
    assert (r["members"], r["alternates"]) == (33, 5)
    assert r["documents"] == ["中共安吉县委关于深化改革的决定"]
    assert r["headline"] == "中共安吉县委十五届六次全体（扩大）会议召开"
    assert r["text"].startswith("12月27日至28日，中国共产党安吉县")
    assert r["text"].endswith("各项工作稳步推进。")
    assert "责任编辑" not in r["text"] and "字体" not in r["text"]


def test_autonomous_prefecture_committee():
    r = parse_report(PREFECTURE_OF_AUTONOMOUS)
    assert r["kind"] == "plenum"
    assert r["place"] == "黔东南苗族侗族自治州"
    assert r["level"] == "州" and r["province"] == "贵州"
    assert (r["term"], r["plenum"]) == (12, 7)
    assert r["secretary"] == "罗强"
    assert r["meeting_date"] == pd.Timestamp("2022-07-29")


def test_banner_committee_and_quanweihui():
    r = parse_report(BANNER)
    assert r["kind"] == "plenum"
    assert r["place"] == "鄂托克旗" and r["level"] == "旗" and r["province"] == "内蒙古"
    assert (r["term"], r["plenum"]) == (14, 9)
    assert r["secretary"] == "王五"
    assert r["meeting_date"] == pd.Timestamp("2024-01-04")


@pytest.mark.parametrize("page", [STANDING, GOVERNMENT, CONGRESS], ids=["standing", "government", "congress"])
def test_other_bodies_are_other(page):
    r = parse_report(page)
    assert r["kind"] == "other"
    assert pd.isna(r["term"]) and pd.isna(r["plenum"]) and r["documents"] == []


def test_press_conference_about_a_plenum_is_not_the_plenum_report():
    # Its own event is the press conference (held after the plenum, on another day): counting
    # it as a plenum would count that plenum twice and date it wrongly.
    r = parse_report(PRESS)
    assert r["kind"] == "other"
    assert "新闻发布会" in r["kind_evidence"]
    assert pd.isna(r["secretary"])  # only a deputy secretary-general speaks


def test_ambiguous_district_resolved_by_its_prefecture():
    r = parse_report(AMBIGUOUS)
    assert (r["place"], r["prefecture"], r["province"]) == ("鼓楼区", "福州市", "福建")


def test_year_comes_from_publish_date_across_new_year():
    r = parse_report(NEW_YEAR)
    assert r["meeting_date"] == pd.Timestamp("2023-12-30")
    assert pd.isna(r["place"]) and pd.isna(r["province"])  # the page never names the county
    assert r["level"] == "县"


def test_never_guesses_a_date_without_publication_date():
    start, end = meeting_dates(["28日上午，县委召开全会。"], None)
    assert start is None and end is None


def test_chinese_numeral_dates():
    from datetime import date
    start, end = meeting_dates(["二〇二三年十二月二十七日，全会召开。"], None)
    assert start == date(2023, 12, 27) == end


def test_secretary_is_never_a_deputy_or_party_group_secretary():
    text = "市委副书记、市长王某讲话。市政府党组书记李某出席。"
    assert secretary(text, "市", None) is None
    assert secretary("市委书记张三主持会议。", "市", None) == "张三"
    assert secretary("听取和讨论刘一二受市委常委会委托作的工作报告", "市", None) == "刘一二"


def test_attendance_ignores_discipline_commission_members():
    assert attendance("市纪委委员12名列席会议。") == (None, None)
    assert attendance("出席全会的区委委员30人，候补委员4人。") == (30, 4)


def test_documents_only_what_was_adopted_or_reviewed():
    text = ("全会学习了《习近平谈治国理政》。全会审议通过了《关于甲的决定》《全会决议》，审议了《常委会工作报告》。"
            "全会强调，要落实《乙规划》。")
    assert documents(text) == ["关于甲的决定", "全会决议", "常委会工作报告"]


def test_documents_drop_a_copy_with_a_missing_middle():
    text = "审议通过《第四次全体会议关于的决议》。审议通过《第四次全体会议关于推进发展的决议》。"
    assert documents(text) == ["第四次全体会议关于推进发展的决议"]


def test_traditional_page_is_flagged_and_parsed():
    page = "中共安吉縣委十五屆六次全體會議召開\n發布時間：2023-12-29\n12月28日，中國共產黨安吉縣第十五屆委員會第六次全體會議舉行。縣委書記李建國作報告。\n全會強調，要紮實推進各項工作落地見效。"
    r = parse_report(page)
    assert r["script"] == "traditional"
    assert "縣委書記" in r["text"]  # kept as written
    assert (r["place"], r["term"], r["plenum"], r["kind"]) == ("安吉县", 15, 6, "plenum")
    assert r["secretary"] == "李建国"


def test_schema_on_empty_and_junk():
    for text in ["", "   \n\n", "hello world", "首页 > 新闻"]:
        r = parse_report(text)
        assert list(r) == REPORT_FIELDS
        assert r["kind"] == "other" and r["text"] == "" and r["n_chars"] == 0


@pytest.mark.parametrize("text,value", [("十四", 14), ("二十一", 21), ("十", 10), ("一百零五", 105),
                                        ("16", 16), ("１６", 16), ("二〇二二", 2022), ("两", 2), ("", None),
                                        ("abc", None)])
def test_parse_int(text, value):
    assert parse_int(text) == value


def test_term_first_style_and_xinhua_ending():
    page = "十二届市委十次全会举行\n2023-06-30 来源：解放日报\n6月29日，十二届市委十次全会举行。市委书记陈某讲话。\n全会指出，要推动高质量发展，奋力创造新奇迹。（完）"
    r = parse_report(page)
    assert (r["kind"], r["term"], r["plenum"], r["level"]) == ("plenum", 12, 10, "市")
    assert r["text"].endswith("奋力创造新奇迹。")
    assert r["secretary"] == "陈某"


def test_relative_day_counts_back_from_the_publication_date():
    page = ("中共湖州市委七届八次全体（扩大）会议召开\n2015-07-30 08:10:21 来源：湖州日报\n"
            "本报讯（记者 赵某） 昨天，中共湖州市委七届八次全体（扩大）会议召开。市委书记马以讲话。\n"
            "会议强调，要坚定不移推进生态文明建设，加快建设现代化生态型滨湖大城市。")
    r = parse_report(page)
    assert r["meeting_date"] == pd.Timestamp("2015-07-29") == r["meeting_end_date"]
    assert r["text"].startswith("昨天，中共湖州市委") and r["source"] == "湖州日报"


def test_standing_committee_preparing_a_plenum_is_other():
    page = ("市委常委会召开会议 研究部署市委八届三次全会筹备工作\n2023-11-20 来源：某市日报\n"
            "11月19日，市委常委会召开会议，研究部署市委八届三次全会筹备工作。市委书记赵某主持会议。\n"
            "会议指出，要精心做好全会各项筹备工作，确保全会顺利召开。")
    assert parse_report(page)["kind"] == "other"


def test_communique_page():
    page = ("首页 > 权威发布\n中国共产党安化县第十五届委员会第五次全体会议公报\n发布时间：2023-12-27 来源：安化县融媒体中心\n"
            "（2023年12月26日中国共产党安化县第十五届委员会第五次全体会议通过）\n"
            "中国共产党安化县第十五届委员会第五次全体会议，于2023年12月25日至26日在县城举行。\n"
            "全会由县委常委会主持。出席全会的有县委委员35人，候补委员5人。县纪委委员和有关方面负责同志列席会议。\n"
            "全会听取和讨论了刘某受县委常委会委托作的工作报告，审议通过了《中共安化县委关于加快建设现代化新安化的决定》。")
    r = parse_report(page)
    assert (r["kind"], r["place"], r["prefecture"], r["province"]) == ("plenum", "安化县", "益阳市", "湖南")
    assert (r["meeting_date"], r["meeting_end_date"]) == (pd.Timestamp("2023-12-25"), pd.Timestamp("2023-12-26"))
    assert (r["members"], r["alternates"], r["secretary"]) == (35, 5, "刘某")
    assert r["documents"] == ["中共安化县委关于加快建设现代化新安化的决定"]


def test_a_renamed_unit_keeps_its_written_name_and_todays_division():
    page = ("中共金坛市委十二届九次全会召开\n2014-12-27 来源：金坛日报\n"
            "12月26日，中国共产党金坛市第十二届委员会第九次全体会议召开。市委书记杨某作报告。\n"
            "全会强调，要加快推进现代化建设，奋力实现新跨越。")
    r = parse_report(page)
    assert (r["place"], r["level"], r["prefecture"], r["province"]) == ("金坛市", "市", "常州市", "江苏")
    assert r["adcode"] == "320413000000"  # today's 金坛区
    assert r["secretary"] == "杨某"


def test_first_day_of_a_range_may_drop_its_ri():
    from datetime import date
    start, end = meeting_dates(["2023年12月27至28日，县委十五届五次全会召开。"], None)
    assert (start, end) == (date(2023, 12, 27), date(2023, 12, 28))


def test_secretary_names_with_interpuncts_and_four_characters():
    assert secretary("州委书记艾尔肯·吐尼亚孜主持会议。", "州", None) == "艾尔肯·吐尼亚孜"
    assert secretary("市委书记欧阳晓明代表市委常委会作报告。", "市", None) == "欧阳晓明"
    assert secretary("市委书记马明龙代表市委常委会作报告。", "市", None) == "马明龙"


def test_the_adopted_document_itself_is_a_plenum_page():
    page = ("中共绍兴市委关于制定绍兴市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n"
            "发布时间：2020-12-15 来源：绍兴日报\n（2020年12月11日中国共产党绍兴市第八届委员会第九次全体会议通过）\n"
            "“十四五”时期是我市开启高水平全面建设社会主义现代化新征程的第一个五年。\n"
            "全市上下要坚定信心，奋力实现“十四五”规划目标。")
    r = parse_report(page)
    assert (r["kind"], r["place"], r["term"], r["plenum"]) == ("plenum", "绍兴市", 8, 9)
    # The page gives no other date: the day the plenum adopted the document is a day it met.
    assert r["meeting_date"] == r["meeting_end_date"] == pd.Timestamp("2020-12-11")


def test_a_sites_today_banner_is_not_the_publication_date():
    page = ("今天是2024年5月1日 星期三 欢迎访问某某县新闻网\n首页 > 新闻\n县委十五届七次全会召开\n2024-01-02 09:00\n"
            "12月30日，县委召开十五届七次全会。全会由县委常委会主持，县委书记孙某作报告。\n"
            "全会强调，要扎实推进各项工作落地见效，确保全年目标顺利完成。")
    r = parse_report(page)
    assert r["publish_date"] == pd.Timestamp("2024-01-02")
    assert r["meeting_date"] == pd.Timestamp("2023-12-30")


def test_headline_is_not_the_site_name_above_a_date_banner():
    page = ("某某县新闻网\n2024年5月1日 星期三\n首页 > 新闻\n县委十五届七次全会召开\n2024-01-02 09:00\n"
            "12月30日，县委召开十五届七次全会。全会由县委常委会主持，县委书记孙某作报告。\n"
            "全会强调，要扎实推进各项工作落地见效，确保全年目标顺利完成。")
    assert parse_report(page)["headline"] == "县委十五届七次全会召开"


def test_a_papers_weekday_edition_date_is_the_publication_date():
    page = ("县委十五届七次全会召开\n2024年01月02日 星期二\n"
            "12月30日，县委召开十五届七次全会。全会由县委常委会主持，县委书记孙某作报告。\n"
            "全会强调，要扎实推进各项工作落地见效，确保全年目标顺利完成。")
    r = parse_report(page)
    assert r["publish_date"] == pd.Timestamp("2024-01-02") and r["headline"] == "县委十五届七次全会召开"


def test_html_meta_tags_of_news_systems():
    page = ("<html><head><title>首页</title>"
            '<meta name="ArticleTitle" content="中共德清县委十五届五次全会召开">'
            '<meta name="PubDate" content="2023-12-29 10:30">'
            '<meta name="ContentSource" content="德清新闻网">'
            "</head><body><div>首页 &gt; 要闻</div><div>德清新闻网 欢迎您</div>"
            "<p>12月28日，中国共产党德清县第十五届委员会第五次全体会议召开。县委书记王某作报告。</p>"
            "<p>全会强调，要坚持稳中求进工作总基调，奋力谱写新篇章。</p></body></html>")
    r = parse_report(page)
    assert r["headline"] == "中共德清县委十五届五次全会召开"
    assert r["publish_date"] == pd.Timestamp("2023-12-29") and r["source"] == "德清新闻网"
    assert r["meeting_date"] == pd.Timestamp("2023-12-28") and r["place"] == "德清县"


@pytest.mark.parametrize("text,expected", [
    ("10月26日，县委十五届六次全会召开。县委书记某某出席会议并讲话，27名县委委员参加会议。", (27, None)),
    ("全会应到县委委员35名，实到33名；应到候补委员6名，实到5名。", (33, 5)),
    ("41名市委委员、8名候补市委委员出席会议，市纪委委员列席会议。", (41, 8)),
    ("实到委员31名、候补委员5人。", (31, 5)),
    ("出席全会的有县纪委委员5名。", (None, None)),
])
def test_attendance_written_before_or_after_the_role(text, expected):
    assert attendance(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("全会由区委常委会主持，书记王海东作工作报告。", "王海东"),
    ("市委常委、区委书记赵峻岭主持会议。", "赵峻岭"),
    ("全会由县委常委会主持。副书记李某某讲话，党组书记钱某某出席。", None),
])
def test_secretary_by_the_bare_title_or_with_combined_posts(text, expected):
    level = "县" if "县委" in text else "区"
    assert secretary(text, level, None) == expected


@pytest.mark.parametrize("lead,expected", [
    ("全会决定，县第十五次党代会定于2024年3月5日召开。12月28日，中国共产党某某县第十五届委员会第七次全体会议召开。",
     "2023-12-28"),
    ("12月27日，县委常委会召开会议，研究全会筹备工作。\n12月28日，县委十五届七次全会召开，县委书记吴某作报告。",
     "2023-12-28"),
    ("中国共产党某某县第十五届委员会第七次全体会议于12月28日召开，会议将于明年1月5日召开县十八届人大三次会议。",
     "2023-12-28"),
])
def test_the_meeting_date_is_the_plenums_own(lead, expected):
    page = "中共某某县委十五届七次全会召开\n发布时间：2023-12-29 来源：某某县融媒体中心\n" + lead + \
           "\n全会强调，要扎实推进各项工作落地见效。\n"
    r = parse_report(page)
    assert r["meeting_date"] == pd.Timestamp(expected)
