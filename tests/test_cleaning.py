import pytest

from plenum.cleaning import (furniture, html_to_text, is_caption, is_prose, normalize_line, split_page,
                             strip_credit, strip_dateline)


def test_normalize_line_typography():
    assert normalize_line("全会指出,要坚持;要落实:好!") == "全会指出，要坚持；要落实：好！"
    assert normalize_line("增长8%,争取1,300亿元") == "增长8%，争取1,300亿元"
    assert normalize_line("ＧＤＰ增长６％\u3000\u3000以上") == "GDP增长6％ 以上"
    assert normalize_line("全体(扩大)会议") == "全体（扩大）会议"
    assert normalize_line("2022-12-29 10:20") == "2022-12-29 10:20"


@pytest.mark.parametrize("line,rest,outlet", [
    ("金山网讯 中国共产党镇江市第八届委员会举行。", "中国共产党镇江市第八届委员会举行。", "金山网"),
    ("本报讯（记者 张三）12月28日，全会召开。", "12月28日，全会召开。", "本报"),
    ("新华社北京12月28日电（记者 李四）全会召开。", "全会召开。", "新华社"),
    ("（记者 王五）全会召开。", "全会召开。", None),
    ("喜讯传来，全会召开。", "喜讯传来，全会召开。", None),
])
def test_strip_dateline(line, rest, outlet):
    assert strip_dateline(line) == (rest, outlet)


def test_credits_and_captions():
    assert strip_credit("设分会场。（记者 胡建伟）摄影 石小刚") == ("设分会场。", "（记者 胡建伟）摄影 石小刚")
    assert strip_credit("全会闭幕。（完）") == ("全会闭幕。", "（完）")
    assert strip_credit("全会强调，要落实。要团结") == ("全会强调，要落实。要团结", "")
    assert is_caption("10日下午，市委召开全体会议。 首席记者 袁 云 摄")
    assert not is_caption("设分会场。（记者 胡建伟）摄影 石小刚")


def test_furniture_rules():
    assert furniture("责任编辑：邓宇") == "end"
    assert furniture("上一条:齐心协力") == "end"
    assert furniture("扫一扫手机查看当前页面") == "drop"
    assert furniture("全会指出，要坚持。") is None


def test_is_prose():
    assert is_prose("全会由区委常委会主持。")
    assert not is_prose("中共常州市金坛区委十四届四次全会召开")
    assert not is_prose("Copyright © 2015-2024 All Rights Reserved.")


def test_html_to_text_drops_scripts_and_styles():
    text, title = html_to_text("<html><head><title>全会召开_某某网</title><style>p{}</style></head>"
                               "<body><script>var 广告='x';</script><p>第一段。</p><p>第二段。</p></body></html>")
    assert title == "全会召开_某某网"
    assert "广告" not in text and "第一段。" in text and "第二段。" in text


def test_article_is_the_largest_prose_block():
    page = "\n".join(["首页 > 新闻", "县委全会召开", "2023-01-02 来源：某县新闻网",
                      "1月1日，县委十五届七次全会召开。全会由县委常委会主持。",
                      "全会强调，要扎实推进各项工作。", "责任编辑：某某", "相关新闻",
                      "某地召开会议，研究部署工作。"])
    p = split_page(page)
    assert p.body == ["1月1日，县委十五届七次全会召开。全会由县委常委会主持。", "全会强调，要扎实推进各项工作。"]
    assert p.head[-1] == "2023-01-02 来源：某县新闻网"
    assert "相关新闻" in p.tail


def test_flattened_page_still_yields_the_article():
    line = ("首页 新闻 县委全会召开 " + "1月1日，县委十五届七次全会召开。" + "全会强调，要扎实推进各项工作落地见效。" * 20
            + " 版权所有 某某网")
    p = split_page(line)
    assert p.body and p.body[-1] == "全会强调，要扎实推进各项工作落地见效。"


def test_hard_wrapped_pages_are_unwrapped(seed_docs):
    import textwrap

    from plenum.cleaning import unwrap
    from plenum.metadata import parse_report

    for text in seed_docs["text"]:
        # indented paragraphs, as such pages usually have: restored exactly
        wrapped = "\n".join(textwrap.fill(par, width=30, initial_indent="\u3000\u3000")
                            for par in text.split("\n"))
        assert parse_report("市委全会召开\n2023-01-01 来源：某报\n" + wrapped)["text"] == text
        # no indentation: the same text; paragraphs ending exactly at the width may merge
        flat = "\n".join(textwrap.fill(par, width=30) for par in text.split("\n"))
        got = parse_report("市委全会召开\n2023-01-01 来源：某报\n" + flat)["text"]
        assert got.replace("\n", "") == text.replace("\n", "")
    # a page with one paragraph per line is left alone
    lines = ["首页 > 新闻", "县委全会召开", "全会强调，要落实。", "全会指出，要坚持。"]
    assert unwrap(lines) == lines


def test_comment_sections_and_disclaimers_close_the_article():
    page = "\n".join(["县委全会召开", "2023-01-02 来源：某县新闻网",
                      "1月1日，县委十五届七次全会召开。全会由县委常委会主持。", "全会强调，要扎实推进各项工作。",
                      "【纠错】 【责任编辑:张三】", "网友评论", "这次全会开得很好，我们很受鼓舞，一定好好干。",
                      "这次全会开得很好，我们很受鼓舞，一定好好干，好好干，好好干。"])
    assert split_page(page).body == ["1月1日，县委十五届七次全会召开。全会由县委常委会主持。", "全会强调，要扎实推进各项工作。"]
