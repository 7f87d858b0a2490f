"""One analysis form: a traditional-script page, with or without inline pinyin, counts
exactly like its simplified twin in every measure, while ``text`` stays as written."""

from __future__ import annotations

import opencc
import pandas as pd
import pytest

import plenum
from plenum._text import strip_inline_pinyin

TO_TRADITIONAL = opencc.OpenCC("s2tw")

# Made-up plenum reports of three kinds of committee, in simplified characters.
SIMPLIFIED_PAGES = {
    "county": (
        "中共青禾县委十五届六次全会召开\n2023-12-28 09:10 来源：青禾发布\n"
        "中国共产党青禾县第十五届委员会第六次全体会议于12月26日至27日在县城召开。"
        "全会由县委常委会主持，县委书记周立新代表县委常委会作工作报告。\n"
        "全会强调，要坚决做到“两个维护”，深刻领悟“两个确立”的决定性意义，奋力推进高质量发展。\n"
        "全会提出，明年地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
        "全会审议通过了《中共青禾县委关于推进乡村全面振兴的决定》。\n"
        "出席全会的有县委委员31名、候补县委委员5名。\n"
    ),
    "district": (
        "中共石渠区委召开五届九次全会\n2022-07-15 来源：石渠区融媒体中心\n"
        "7月14日，中国共产党石渠区第五届委员会第九次全体会议召开。区委书记林晓峰讲话。\n"
        "全会认为，全区上下坚持以人民为中心的发展思想，在创新驱动、产业升级等方面取得新进展。\n"
        "全会号召，全区各级党组织和广大党员干部要更加紧密地团结在以习近平同志为核心的党中央周围，"
        "坚定捍卫“两个确立”，坚决做到“两个维护”。\n"
        "区委委员28人、候补委员4人出席会议。\n"
    ),
    "prefecture": (
        "中共云川市委八届四次全会举行\n2021-12-30 来源：云川日报\n"
        "中国共产党云川市第八届委员会第四次全体会议12月29日在市会议中心举行。"
        "市委书记陈国栋代表市委常委会作工作报告。\n"
        "全会指出，要深入实施创新驱动发展战略，加快建设现代化产业体系，推进共同富裕。\n"
        "全会明确，到2025年，全市研发经费投入强度达到3%，城乡居民收入增长与经济增长同步。\n"
        "全会强调，要全面从严治党，锻造忠诚干净担当的高素质干部队伍。\n"
    ),
}

# A traditional page as a mirror site writes it, with pinyin after some characters.
PINYIN_PAGE = (
    "中共青禾縣委十五屆六次全會召開\n2023-12-28 09:10 來源：青禾發布\n"
    "中國共產黨青禾縣第十五屆委員會第六次全體會(huì)議於12月26日至27日在縣(xiàn)城召開。"
    "全會由縣委常委會主持，縣委書記周立新代表縣委常委會作工作報告。\n"
    "全會強調，要堅決做到「兩個維護」，深刻領悟「兩個確立」的決定性意義，奮力推進高質(zhì)量發展。\n"
    "全會提出，明年地區生產總值(GDP)增長6%左右，一般公共預算收入增長5%。\n"
    "全會審議通過了《中共青禾縣委關於推進鄉(xiāng)村全面振興的決定》。\n"
    "出席全會的有縣委委員31名、候補縣委委員5名。\n"
)

FIELDS = ["place", "level", "term", "plenum", "meeting_date", "secretary", "members", "alternates",
          "kind", "session_type"]


def _read(tmp_path, pages: dict[str, str]) -> pd.DataFrame:
    for name, page in pages.items():
        (tmp_path / f"{name}.txt").write_text(page, encoding="utf-8")
    return plenum.read_reports(tmp_path, progress=False)


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """Each simplified page and its traditional twin, read together."""
    pages = {}
    for name, page in SIMPLIFIED_PAGES.items():
        pages[f"{name}_s"] = page
        pages[f"{name}_t"] = TO_TRADITIONAL.convert(page)
    docs = _read(tmp_path_factory.mktemp("twins"), pages)
    return docs.set_index(docs["path"].str.removesuffix(".txt"), drop=False)


def _pairs(docs):
    for name in SIMPLIFIED_PAGES:
        yield name, docs.loc[f"{name}_s"], docs.loc[f"{name}_t"]


def test_traditional_twin_keeps_its_script_and_gets_the_same_fields(twins):
    for name, simple, trad in _pairs(twins):
        assert trad["script"] == "traditional" and simple["script"] == "simplified"
        assert trad["text"] != simple["text"]  # as written
        assert trad["text_simplified"] == simple["text"] == simple["text_simplified"]
        assert len(trad["text_simplified"]) == len(trad["text"])
        for field in FIELDS:
            a, b = simple[field], trad[field]
            assert (pd.isna(a) and pd.isna(b)) or a == b, f"{name}.{field}: {a!r} vs {b!r}"


def test_mirror_in_traditional_is_a_duplicate(twins):
    for name, simple, trad in _pairs(twins):
        assert trad["duplicate_of"] == simple["doc_id"]


def test_units_carry_both_forms(twins):
    sents = plenum.sentences(twins.reset_index(drop=True))
    assert (sents["text"].str.len() == sents["text_simplified"].str.len()).all()
    docs = twins.reset_index(drop=True)
    trad_ids = set(docs.loc[docs["script"] == "traditional", "doc_id"])
    trad = sents[sents["doc_id"].isin(trad_ids)]
    assert (trad["text"] != trad["text_simplified"]).any()


def test_tokens_of_a_twin_are_the_same_words(twins):
    docs = twins.reset_index(drop=True)
    tokens = plenum.tokenize(docs, cache=False)
    path = dict(zip(docs["doc_id"], docs["path"].str.removesuffix(".txt")))
    words = {path[d]: g["token_simplified"].astype(str).tolist()
             for d, g in tokens.groupby("doc_id", observed=True)}
    written = {path[d]: g["token"].astype(str).tolist() for d, g in tokens.groupby("doc_id", observed=True)}
    for name in SIMPLIFIED_PAGES:
        assert words[f"{name}_t"] == words[f"{name}_s"]
        assert written[f"{name}_s"] == words[f"{name}_s"]
        assert "".join(written[f"{name}_t"]) == "".join(
            ch for ch in docs.loc[docs["path"] == f"{name}_t.txt", "text"].iloc[0]
            if not ch.isspace() and ch not in plenum.tokens.QUOTE_MARKS)
    assert "兩個維護" in written["county_t"] and "两个维护" in words["county_t"]


def test_frequencies_kwic_formulations_and_themes_count_twins_alike(twins):
    docs = twins.reset_index(drop=True).assign(twin=lambda d: d["path"].str[:-6])
    tokens = plenum.tokenize(docs, keep=("twin", "script"), cache=False)
    freq = plenum.term_frequency(tokens, by="script")
    by_script = {g: dict(zip(f["token"], f["n"])) for g, f in freq.groupby("group")}
    assert by_script["traditional"] == by_script["simplified"]

    sents = plenum.sentences(docs, keep=("script",))
    hits = plenum.kwic(sents, "两个维护", by="script")
    assert hits["group"].value_counts().to_dict() == {"simplified": 2, "traditional": 2}
    assert set(hits.loc[hits["group"] == "traditional", "match"]) == {"兩個維護"}
    assert len(plenum.kwic(sents, "兩個維護")) == 4  # a traditional pattern finds both

    forms = plenum.formulations(docs, keep=("script",))
    counted = forms.groupby(["script", "formulation"])["count"].sum()
    assert counted["traditional"].to_dict() == counted["simplified"].to_dict()
    assert counted["traditional"]["两个维护"] == 2
    trad_clauses = forms.loc[forms["script"] == "traditional", "clause"]
    assert trad_clauses.str.contains("維護").any()  # evidence as the page writes it

    targets = plenum.targets(docs, keep=("script",))
    cols = ["indicator", "value", "unit"]
    assert targets[targets["script"] == "traditional"][cols].reset_index(drop=True).equals(
        targets[targets["script"] == "simplified"][cols].reset_index(drop=True))

    themes = plenum.assign_themes(sents)
    themes = themes.merge(sents[["doc_id", "sent_no", "script"]], on=["doc_id", "sent_no"])
    key = ["theme"]
    assert themes[themes["script"] == "traditional"].groupby(key).size().to_dict() == \
        themes[themes["script"] == "simplified"].groupby(key).size().to_dict()


def test_inline_pinyin_is_removed_and_counted(tmp_path):
    docs = _read(tmp_path, {"pinyin": PINYIN_PAGE, "plain": SIMPLIFIED_PAGES["county"]})
    problems = docs.attrs["problems"]
    row = docs[docs["path"] == "pinyin.txt"].iloc[0]
    plain = docs[docs["path"] == "plain.txt"].iloc[0]
    assert "huì" not in row["text"] and "xiāng" not in row["text"]
    assert "全體會議" in row["text"] and "（GDP）" in row["text"]  # English abbreviation kept
    mine = problems[problems["path"] == "pinyin.txt"]["problem"].tolist()
    assert any("inline pinyin removed after 4 " in p for p in mine), mine
    assert not any("pinyin" in p for p in problems[problems["path"] == "plain.txt"]["problem"])
    for field in FIELDS:
        a, b = row[field], plain[field]
        assert (pd.isna(a) and pd.isna(b)) or a == b, f"{field}: {a!r} vs {b!r}"
    tokens = plenum.tokenize(docs, cache=False)
    latin = tokens["token"].astype(str).str.fullmatch(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+")
    assert not latin.any(), tokens.loc[latin, "token"].tolist()


@pytest.mark.parametrize("line, expected, n", [
    ("會(huì)議在區（qū）委召開", "會議在區委召開", 2),
    ("召开会议(huì yì)", "召开会议", 1),
    ("习近平(Xí Jìnpíng)讲话", "习近平讲话", 1),
    ("区(qu1)委", "区委", 1),
    ("生产总值（GDP）增长", "生产总值（GDP）增长", 0),
    ("采用（PPP）模式", "采用（PPP）模式", 0),
    ("中国(China)", "中国(China)", 0),
    ("品牌（brand）建设", "品牌（brand）建设", 0),
    ("第（一）条、标准（a）", "第（一）条、标准（a）", 0),
    ("(huì) at the start", "(huì) at the start", 0),
])
def test_strip_inline_pinyin(line, expected, n):
    assert strip_inline_pinyin(line) == (expected, n)


def test_seeds_are_their_own_simplified_form(seed_docs):
    assert (seed_docs["text_simplified"] == seed_docs["text"]).all()
    tokens = plenum.tokenize(seed_docs, cache=False)
    assert (tokens["token"].astype(str) == tokens["token_simplified"].astype(str)).all()
