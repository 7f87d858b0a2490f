"""Which meeting a page reports, and what kind of session: hand-made pages in the styles of
the pages a keyword search for plenum reports brings back (written for these tests)."""

import hashlib

import pandas as pd
import pytest

from plenum import ReportWarning, parse_report, read_reports
from plenum.meetings import page_event, session_type


def page(headline: str, *paragraphs: str, date: str = "2023-12-28", source: str = "某某县融媒体中心") -> str:
    return "\n".join([headline, f"发布时间：{date} 来源：{source}", *paragraphs, "责任编辑：李某"]) + "\n"


NEAR_MISSES = {
    # standing committees, also when they prepare or review a plenum, and numbered like 届/次
    "standing_numbered": page(
        "区委召开十四届第16次常委会",
        "1月5日，区委书记王某主持召开中共某某区第十四届委员会第16次常委会，研究讨论区委十四届二次全会暨全区经济工作会议有关事宜。",
        "会议听取了全会筹备情况汇报，研究通过了全会工作报告（送审稿）。"),
    "standing_reviews_draft": page(
        "县委常委会召开会议 审议县委全会工作报告（讨论稿）",
        "12月20日，县委常委会召开会议，审议《县委十五届七次全会工作报告（讨论稿）》。县委书记张某主持会议。",
        "会议指出，要广泛听取意见，把报告修改好、完善好。"),
    "standing_expanded_studies": page(
        "市委常委（扩大）会议传达学习省委全会精神",
        "7月3日，市委召开常委（扩大）会议，传达学习省委十五届三次全会精神。市委书记赵某主持会议并讲话。",
        "会议强调，要把学习贯彻全会精神与推动本地发展结合起来。"),
    "standing_57th": page(
        "中共某某县委第十四届委员会第57次常委（扩大）会议召开",
        "会议由县委书记孙某主持，学习贯彻市委全会精神，研究部署近期重点工作。"),
    # Party groups
    "party_group_congress": page(
        "县人大常委会党组召开会议 传达学习县委十五届六次全会精神",
        "12月29日，县人大常委会党组召开会议，传达学习县委十五届六次全会精神，研究贯彻落实措施。"),
    "party_group_government": page(
        "县政府党组（扩大）会议召开",
        "3月21日，县政府党组书记、县长钱某主持召开县政府党组（扩大）会议，学习贯彻县委全会精神。"),
    "party_group_study": page(
        "市财政局党组理论学习中心组专题学习市委全会精神",
        "日前，市财政局党组理论学习中心组举行专题学习会，深入学习市委八届五次全会精神。"),
    # governments
    "government_plenary": page(
        "县政府第九次全体（扩大）会议召开",
        "1月19日下午，县委副书记、县长徐某主持召开县政府第九次全体（扩大）会议，审议《政府工作报告（送审稿）》。"),
    "government_standing": page(
        "区政府召开第四十二次常务会议",
        "12月31日，区长王某主持召开区政府第四十二次常务会议，学习区委全会精神，研究有关事项。"),
    "government_first_plenary": page(
        "市政府召开第一次全体会议",
        "2月8日，新一届市政府召开第一次全体会议，部署全年重点工作。市长陈某出席并讲话。"),
    # congresses and their sessions
    "party_congress": page(
        "中国共产党某某县第十五次代表大会隆重开幕",
        "9月26日上午，中国共产党某某县第十五次代表大会在县会议中心隆重开幕。"),
    "party_congress_annual_session": page(
        "中共某某市第二届代表大会第四次会议召开",
        "12月10日，中国共产党某某市第二届代表大会第四次会议召开，听取和审议市委工作报告。"),
    "peoples_congress": page(
        "区十九届人大三次会议开幕",
        "1月8日，某某区第十九届人民代表大会第三次会议开幕，会议应到代表230名，实到221名。"),
    # plenums of other bodies
    "discipline_short": page(
        "县纪委十四届三次全会召开",
        "1月16日，县纪委十四届三次全会召开。县委书记刘某出席会议并讲话。"),
    "discipline_formal": page(
        "中共某某市纪律检查委员会第三次全体会议举行",
        "1月10日，中国共产党某某市第九届纪律检查委员会第三次全体会议举行。"),
    "youth_league": page(
        "团县委十七届五次全委（扩大）会议召开",
        "1月12日，共青团某某县第十七届委员会第五次全体（扩大）会议召开，传达学习县委全会精神。"),
    "democratic_party": page(
        "民盟某某省委员会十二届五次全委会在省城召开",
        "12月15日，民盟某某省委员会十二届五次全委会召开，总结今年工作，部署明年任务。"),
    "zhigong": page(
        "致公党某某市委召开五届三次全委（扩大）会议",
        "12月22日，致公党某某市委五届三次全委（扩大）会议召开。"),
    "federation": page(
        "县妇联十三届三次执委会召开",
        "12月26日，县妇联十三届三次执委会召开，学习贯彻县委十五届六次全会精神。"),
    # previews, press releases, consultations
    "press_conference": page(
        "中共某某市委十四届七次全会新闻发布会举行",
        "12月26日，中共某某市委十四届七次全会新闻发布会举行。市委副秘书长介绍了全会主要精神。"),
    "preview": page(
        "县委十五届七次全会将于12月28日召开",
        "记者从县委办获悉，中共某某县委十五届七次全会定于12月28日召开，会期一天。"),
    "consultation": page(
        "区委召开座谈会 就区委全会报告征求意见",
        "8月28日，区委召开专题座谈会，就《区委十五届十次全体（扩大）会议报告（征求意见稿）》征求意见建议。"),
    "consultation_on_the_report": page(
        "副县长赴某某镇召开县委全委会报告征求意见座谈会",
        "12月10日下午，副县长李某赴某某镇召开县委全委会报告及政府工作报告征求意见座谈会。"),
    # what happens at or after a plenum, reported on its own
    "group_discussion_after": page(
        "第二小组热议县委工作报告",
        "2月18日上午，中国共产党某某县第十三届委员会第六次全体（扩大）会议后，第二小组召开讨论会，讨论县委工作报告。"),
    # units studying a plenum's spirit
    "bureau_studies": page(
        "县教育局传达学习县委全会精神",
        "12月30日，县教育局召开专题会议，传达学习县委十五届六次全会精神。"),
    "town_studies": page(
        "某某镇学习贯彻区委全会精神",
        "近日，某某镇召开干部大会，传达学习区委五届四次全会精神，部署贯彻落实工作。"),
    "lecture": page(
        "区委全会精神宣讲会走进社区",
        "1月6日，区委宣讲团成员走进某某社区，宣讲区委五届四次全会精神。"),
}

PROVINCIAL_PLENUMS = {
    "province_short": (page(
        "中共某某省委十五届三次全会在省城举行",
        "7月18日至19日，中国共产党某某省第十五届委员会第三次全体会议在省城举行。",
        "全会由省委常委会主持。省委书记周某作工作报告。", source="某某日报"), "省"),
    "autonomous_region": (page(
        "自治区党委十一届六次全会召开",
        "12月27日，中国共产党广西壮族自治区第十一届委员会第六次全体会议在南宁召开。", source="广西日报"), "省"),
    "province_formal": (page(
        "中国共产党四川省第十二届委员会第五次全体会议公报",
        "中国共产党四川省第十二届委员会第五次全体会议，于2024年6月26日至27日在成都举行。", source="四川日报"), "省"),
}


@pytest.mark.parametrize("name", list(NEAR_MISSES))
def test_near_misses_are_other_with_evidence(name):
    r = parse_report(NEAR_MISSES[name])
    assert r["kind"] == "other", (name, r["kind_evidence"])
    assert isinstance(r["kind_evidence"], str) and r["kind_evidence"]
    assert pd.isna(r["term"]) and pd.isna(r["plenum"]) and r["documents"] == [] and pd.isna(r["session_type"])


def test_evidence_is_the_deciding_clause():
    assert parse_report(NEAR_MISSES["discipline_short"])["kind_evidence"] == "县纪委十四届三次全会召开"
    assert "常委会" in parse_report(NEAR_MISSES["standing_numbered"])["kind_evidence"]
    assert "新闻发布会" in parse_report(NEAR_MISSES["press_conference"])["kind_evidence"]
    assert page_event("县政府第九次全体（扩大）会议召开", "")["event"] == "government"
    assert page_event("", "全会由县委常委会主持。")["kind"] == "other"  # no meeting of its own


@pytest.mark.parametrize("name", list(PROVINCIAL_PLENUMS))
def test_provincial_plenums_are_plenums(name):
    text, level = PROVINCIAL_PLENUMS[name]
    r = parse_report(text)
    assert r["kind"] == "plenum", r["kind_evidence"]
    assert r["level"] == level
    assert pd.notna(r["term"]) and pd.notna(r["plenum"])


COUNTY_PLENUM = ("中共某某县委十五届{n}次全会召开",
                 "12月28日，中国共产党某某县第十五届委员会第{n}次全体会议召开。县委书记吴某作报告。")

SESSIONS = {
    "plan": [
        "全会审议通过了《中共某某县委关于制定某某县国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议》。",
        "全会听取和讨论了县委常委会关于“十五五”规划建议稿起草情况的说明，审议通过了《中共某某县委关于制定国民经济和社会发展第十五个五年规划的建议》。",
        "全会认为，制定好“十四五”规划和二〇三五年远景目标的建议，意义重大。",
    ],
    "congress": [
        "全会决定，中国共产党某某县第十五次代表大会于明年3月在县城召开。",
        "全会审议了《中共某某县第十五次代表大会报告（讨论稿）》，同意提交代表大会审议。",
        "全会审议通过了县第十五次党代会代表候选人的递补名单，研究了党代会筹备工作。",
    ],
    "annual": [
        "全会总结今年工作，研究部署明年任务，审议通过了全会决议。",
        "全会认为，明年全县工作的总体要求是：坚持稳中求进工作总基调。",
        "全会明确了2024年经济社会发展的主要目标：地区生产总值增长6%左右。",
        "全会总结2023年工作，部署2024年任务，审议通过了全会决议。",
        "全会全面总结二〇二四年度工作，研究部署二〇二五年重点工作。",
    ],
    "implementation": [
        "全会深入学习贯彻党的二十大精神，审议通过了《中共某某县委关于深入学习贯彻党的二十大精神 奋力推进县域现代化的决定》。",
        "全会传达学习了省委十五届三次全会精神，审议通过了《中共某某县委关于贯彻落实省委全会精神的实施意见》。",
        "全会学习贯彻党的二十届三中全会精神，审议通过了《中共某某县委关于进一步全面深化改革的决定》。",
    ],
}


@pytest.mark.parametrize("expected,sentence", [(k, s) for k, v in SESSIONS.items() for s in v])
def test_session_types(expected, sentence):
    head, lead = COUNTY_PLENUM
    r = parse_report(page(head.format(n="七"), lead.format(n="七"), sentence))
    assert r["kind"] == "plenum"
    assert r["session_type"] == expected, r["session_evidence"]
    assert r["session_evidence"] and (r["session_evidence"] in sentence or r["session_evidence"] in r["documents"])


def test_session_precedence_and_other():
    assert session_type("全会研究部署明年工作。全会决定召开县第十五次代表大会。", [])[0] == "congress"
    assert session_type("全会总结今年工作、部署明年任务。", ["中共某县委关于制定第十五个五年规划的建议"])[0] == "plan"
    # studying a higher congress without adopting a decision on it is not an implementation plenum
    assert session_type("全会深入学习贯彻党的二十大精神。", [])[0] == "other"
    head, lead = COUNTY_PLENUM
    r = parse_report(page(head.format(n="二"), lead.format(n="二"), "全会选举产生了县委常委会。"))
    assert (r["kind"], r["session_type"]) == ("plenum", "other") and pd.isna(r["session_evidence"])


@pytest.mark.parametrize("text,field,reason", [
    ("12月28日，中国共产党某某县第十五届委员会第四十五次全体会议召开。", "plenum", "次"),
    ("12月28日，中国共产党某某县第0届委员会第三次全体会议召开。", "term", "届"),
    ("12月28日，中国共产党某某县第十五届委员会第三次全体会议召开。出席全会的有县委委员5000名。", "members", "members"),
    ("12月28日，中国共产党某某县第九九九九九九九九九九九九九九九九九九九九届委员会第三次全体会议召开。", "term", "届"),
])
def test_impossible_values_are_missing_with_a_caution(text, field, reason):
    r = parse_report(page("中共某某县委全会召开", text))
    assert pd.isna(r[field])
    assert any(reason in c and "left missing" in c for c in r["cautions"])


def test_impossible_values_reach_problems_and_the_corpus_still_loads(tmp_path):
    good = page(*[s.format(n="七") for s in COUNTY_PLENUM])
    bad = page("中共某某县委全会召开", "12月28日，中国共产党某某县第十五届委员会第三次全体会议召开。"
                                    "出席全会的有县委委员" + "9" * 25 + "名。")
    (tmp_path / "good.txt").write_text(good, "utf-8")
    (tmp_path / "bad.txt").write_text(bad, "utf-8")
    for errors in ("warn", "ignore"):
        with pytest.warns(ReportWarning, match="attending members") if errors == "warn" else _nothing():
            docs = read_reports(tmp_path, errors=errors)
        assert list(docs["doc_id"]) == ["bad", "good"]
        assert pd.isna(docs.set_index("doc_id").loc["bad", "members"])
        problems = docs.attrs["problems"]
        assert list(problems.loc[problems["path"] == "bad.txt", "loaded"]) == [True]
        assert "attending members" in problems.loc[problems["path"] == "bad.txt", "problem"].item()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_provenance_sha256_and_url(tmp_path):
    html = ('<html><head><title>中共某某县委十五届七次全会召开</title>'
            '<link rel="canonical" href="https://www.example.gov.cn/art/2023/12/28/1.html">'
            '</head><body><h1>中共某某县委十五届七次全会召开</h1><p>发布时间：2023-12-28</p>'
            '<p>12月28日，中国共产党某某县第十五届委员会第七次全体会议召开。县委书记吴某作报告。</p>'
            '<p>全会总结今年工作，研究部署明年任务。</p></body></html>')
    og = html.replace('<link rel="canonical" href="https://www.example.gov.cn/art/2023/12/28/1.html">',
                      '<meta property="og:url" content="https://news.example.cn/a/2.html">')
    line = page(*[s.format(n="七") for s in COUNTY_PLENUM]).replace(
        "责任编辑：李某", "原文链接：http://www.example.com.cn/news/3.html\n责任编辑：李某")
    for name, text in (("canonical.html", html), ("og.html", og), ("line.txt", line)):
        (tmp_path / name).write_text(text, "utf-8")
    docs = read_reports(tmp_path, errors="ignore").set_index("doc_id")  # og.html duplicates canonical.html
    assert docs.loc["canonical", "url"] == "https://www.example.gov.cn/art/2023/12/28/1.html"
    assert docs.loc["og", "url"] == "https://news.example.cn/a/2.html"
    assert docs.loc["line", "url"] == "http://www.example.com.cn/news/3.html"
    for name in ("canonical.html", "og.html", "line.txt"):
        digest = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        assert docs.loc[name.split(".")[0], "sha256"] == digest
    assert (docs["kind"] == "plenum").all()


def test_a_near_miss_folder_keeps_its_pages_as_other(tmp_path):
    for name, text in NEAR_MISSES.items():
        (tmp_path / f"{name}.txt").write_text(text, "utf-8")
    docs = read_reports(tmp_path)
    assert len(docs) == len(NEAR_MISSES) and set(docs["kind"]) == {"other"}
    assert docs["kind_evidence"].notna().all()


# -- the article body: headings, pages cut off, datelines -----------------------------------

PLENUM_LEAD = "12月28日，中国共产党某某县第十五届委员会第七次全体会议召开。县委书记吴某作工作报告。"
DOCUMENT_SECTIONS = [
    ("一、总体要求", "（一）指导思想", "（二）主要目标"),
    ("1. 坚持党的全面领导", "2. 坚持以人民为中心", "3. 坚持深化改革"),
    ("第一章 总则", "第二章 主要任务", "第三章 保障措施"),
]


@pytest.mark.parametrize("headings", DOCUMENT_SECTIONS, ids=["chinese", "arabic", "chapters"])
def test_headings_of_an_adopted_document_stay_in_the_body(headings):
    body = [PLENUM_LEAD]
    for h in headings:
        body += [h, f"围绕{h[-4:]}，全县上下要统一思想、形成合力，扎实推进各项工作落地见效，确保取得实效。"]
    r = parse_report(page("中共某某县委十五届七次全会召开", *body))
    pars = r["text"].split("\n")
    for h in headings:
        assert h in pars
    assert pars[-1].startswith("围绕")


@pytest.mark.parametrize("cut", [
    "全会强调，要坚持以高质量发展为主题，加快建设现代化产业体系，深入实施创新驱动发展战略，推动",
    "全会号召，全县各级党组织和广大党员干部要更加紧密地团结在以习近平同志为核心的党中央周围，坚定信心",
    "会议指出，今年以来全县经济运行总体平稳、稳中有进，主要经济指标增速位居全市前列，为明年发展打下",
])
def test_a_page_cut_off_keeps_its_last_paragraph_and_says_so(cut, tmp_path):
    text = page("中共某某县委十五届七次全会召开", PLENUM_LEAD, "全会认为，一年来全县经济社会发展取得新成效。", cut)
    text = text.replace("责任编辑：李某\n", "")
    r = parse_report(text)
    assert r["text"].split("\n")[-1] == cut
    assert any("mid-sentence" in c for c in r["cautions"])
    (tmp_path / "cut.txt").write_text(text, "utf-8")
    docs = read_reports(tmp_path, errors="ignore")
    assert "mid-sentence" in docs.attrs["problems"]["problem"].item()


@pytest.mark.parametrize("dateline,outlet", [
    ("中新网12月10日电 ", "中新网"),
    ("新华社杭州12月10日电（记者 王某） ", "新华社"),
    ("本报讯（记者 李某 通讯员 张某） ", "本报"),
])
def test_a_dateline_keeps_the_sentence_it_opens(dateline, outlet):
    first = "中国共产党某某市第八届委员会第五次全体会议10日召开。全会由市委常委会主持。"
    r = parse_report(page("中共某某市委八届五次全会召开", dateline + first, "全会强调，要推动高质量发展取得新成效。"))
    assert r["text"].split("\n")[0] == first
    assert r["kind"] == "plenum" and (r["term"], r["plenum"]) == (8, 5)


@pytest.mark.parametrize("old,successor,prefecture,province", [
    ("襄樊市", "襄阳市", "襄樊市", "湖北"),
    ("萝岗区", "黄埔区", "广州市", "广东"),
    ("下关区", "鼓楼区", "南京市", "江苏"),
])
def test_renamed_and_merged_units_resolve_to_their_successor(old, successor, prefecture, province):
    from plenum.places import resolve

    lead = f"2012年12月20日，中国共产党{old}第九届委员会第五次全体会议召开。"
    if old == "下关区":
        lead = lead.replace(old, "南京市" + old)
    r = parse_report(page(f"中共{old}委九届五次全会召开", lead, date="2012-12-21"))
    assert (r["place"], r["prefecture"], r["province"]) == (old, prefecture, province)
    row = resolve(old)
    assert row["current_name"] == successor and row["valid_until"] <= 2014
