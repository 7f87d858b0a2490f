import pandas as pd
import pytest

from plenum import place_table
from plenum.places import level_of, lookup, resolve, short_name


def test_table_covers_the_country():
    t = place_table()
    assert list(t.columns) == ["adcode", "name", "short", "province", "prefecture", "level", "tier"]
    assert t["tier"].value_counts()["province"] >= 31
    assert t["tier"].value_counts()["prefecture"] >= 330
    assert t["tier"].value_counts()["county"] >= 2800
    assert t["adcode"].is_unique


@pytest.mark.parametrize("name,province,prefecture,level", [
    ("金坛区", "江苏", "常州市", "区"), ("金东区", "浙江", "金华市", "区"), ("镇江市", "江苏", "镇江市", "市"),
    ("义乌市", "浙江", "金华市", "市"), ("景宁畲族自治县", "浙江", "丽水市", "县"),
    ("鄂托克旗", "内蒙古", "鄂尔多斯市", "旗"), ("海淀区", "北京", "北京市", "区"),
])
def test_lookup(name, province, prefecture, level):
    (row,) = lookup(name)
    assert (row["province"], row["prefecture"], row["level"]) == (province, prefecture, level)


@pytest.mark.parametrize("name,short", [("衢州市", "衢州"), ("景宁畲族自治县", "景宁"),
                                        ("黔东南苗族侗族自治州", "黔东南"), ("城区", None), ("泾县", None)])
def test_short_name(name, short):
    assert short_name(name) == short


def test_resolve_uses_level_and_context():
    assert resolve("绍兴", level="市")["name"] == "绍兴市"
    assert resolve("鼓楼区") is None  # four of them: ambiguous without context
    assert resolve("鼓楼区", context="福州市鼓楼区")["prefecture"] == "福州市"
    assert resolve("不存在的地方") is None


def test_level_of():
    assert [level_of(n) for n in ["浙江省", "广西壮族自治区", "镇江市", "金坛区", "安吉县", "鄂托克旗"]] == \
        ["省", "省", "市", "区", "县", "旗"]
    assert pd.isna(level_of("某某"))


def test_renamed_units_resolve_to_todays_division():
    from plenum.places import is_place_name, variant_of

    assert variant_of("金坛市") == "金坛" and variant_of("金坛区") is None
    assert variant_of("全市") is None and not is_place_name("全市")
    row = resolve("金坛市", level="市")
    assert (row["name"], row["level"], row["current_name"], row["prefecture"]) == ("金坛市", "市", "金坛区", "常州市")
