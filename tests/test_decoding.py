"""Pages that are not Chinese, or not in one encoding, are named; NULs are removed and counted."""

import warnings

import pandas as pd
import pytest

import plenum
from conftest import SEEDS

JAPANESE = "日本の政治について、東京で会議が開かれました。新しい政策を発表したと記者会見で述べた。" * 6
KOREAN = "대한민국 국회는 오늘 본회의를 열고 새로운 법안을 통과시켰다. 정부는 경제 정책을 발표했다. " * 6
CHINESE = sorted(SEEDS.glob("*.txt"))[0].read_text("utf-8")


def problems(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = plenum.read_reports(folder, progress=False)
    table = docs.attrs["problems"]
    return docs, dict(zip(table["path"], table["problem"]))


@pytest.mark.parametrize("name, data, reason", [
    ("eucjp.txt", JAPANESE.encode("euc-jp"), "not Chinese: Japanese"),
    ("sjis.txt", JAPANESE.encode("shift_jis"), "not Chinese: Japanese"),
    ("jp_utf8.txt", JAPANESE.encode("utf-8"), "not Chinese: Japanese"),
    ("euckr.txt", KOREAN.encode("euc-kr"), "not Chinese: Korean"),
    ("kr_utf8.txt", KOREAN.encode("utf-8"), "not Chinese: Korean"),
])
def test_japanese_and_korean_pages_are_named_not_chinese(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "zh.txt").write_text(CHINESE, "utf-8")
    docs, found = problems(tmp_path)
    assert list(docs["doc_id"]) == ["zh"]
    assert found[name].startswith(reason)


def test_chinese_in_gbk_and_big5_still_reads(tmp_path):
    import opencc

    (tmp_path / "gbk.txt").write_bytes(CHINESE.encode("gbk"))
    (tmp_path / "big5.txt").write_bytes(opencc.OpenCC("s2tw").convert(CHINESE).encode("big5", errors="replace"))
    docs, found = problems(tmp_path)
    assert set(docs["doc_id"]) == {"gbk", "big5"}
    assert not any("not Chinese" in p for p in found.values())


def test_a_file_half_utf8_half_gbk_is_decoded_line_by_line(tmp_path):
    lines = CHINESE.split("\n")
    half = len(lines) // 2
    (tmp_path / "mixed.txt").write_bytes("\n".join(lines[:half]).encode("utf-8") + b"\n"
                                         + "\n".join(lines[half:]).encode("gbk"))
    docs, found = problems(tmp_path)
    assert docs["encoding"].iloc[0] == "mixed (decoded line by line)"
    assert found["mixed.txt"] == "mixed encodings: decoded line by line"
    assert docs["kind"].iloc[0] == "plenum"


def test_nul_characters_are_removed_and_counted(tmp_path):
    (tmp_path / "nul.txt").write_bytes(CHINESE.encode("utf-8").replace("全会".encode(), "全\x00会".encode(), 3))
    docs, found = problems(tmp_path)
    assert "\x00" not in docs["text"].iloc[0]
    assert "3 NUL characters removed" in found["nul.txt"]


def test_file_names_that_are_not_utf8_or_hold_a_line_break_are_safe(tmp_path):
    import os

    seed = sorted(SEEDS.glob("*.txt"))[0].read_bytes()
    with open(os.path.join(os.fsencode(str(tmp_path)), "报告".encode("gbk") + b".txt"), "wb") as fh:
        fh.write(seed)
    (tmp_path / "line\nbreak.txt").write_bytes(b"")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = plenum.read_reports(tmp_path, progress=False)
    assert list(docs["doc_id"]) == ["\\xb1\\xa8\\xb8\\xe6"]
    assert all("\n" not in str(w.message) for w in caught)
    assert "line\\nbreak.txt" in set(docs.attrs["problems"]["path"])
    tokens = plenum.tokenize(docs, cache=False)               # every function takes the doc_id
    assert len(tokens) and set(tokens["doc_id"]) == set(docs["doc_id"])
    assert plenum.reading.safe_name("镇江市.txt") == "镇江市.txt"


def test_utf8_with_a_few_per_cent_bad_bytes_loads_with_a_count(tmp_path):
    data = bytearray(CHINESE.encode("utf-8"))
    for i in range(50, len(data), 150):                      # about 2% of the characters
        data[i] = 0xFF
    (tmp_path / "patched.txt").write_bytes(bytes(data))
    docs, found = problems(tmp_path)
    assert list(docs["doc_id"]) == ["patched"]
    assert "invalid bytes replaced" in found["patched.txt"] and docs["kind"].iloc[0] == "plenum"
    (tmp_path / "gbk_as_utf8.txt").write_bytes(CHINESE.encode("gbk"))   # not damaged UTF-8: GBK
    docs, found = problems(tmp_path)
    assert docs.set_index("doc_id").loc["gbk_as_utf8", "encoding"] == "gb18030"


def test_a_page_over_its_time_budget_is_read_with_the_simple_rules(tmp_path, monkeypatch):
    import time

    from plenum import reading

    (tmp_path / "slow.txt").write_text(CHINESE, "utf-8")
    (tmp_path / "fine.txt").write_text(CHINESE.replace("全会", "会议", 1), "utf-8")
    real = reading.parse_report

    def slow_for_one(text):
        if text.startswith(CHINESE[:50]) and "全会" in text[:200] and text == CHINESE:
            time.sleep(5)
        return real(text)

    monkeypatch.setattr(reading, "parse_report", slow_for_one)
    monkeypatch.setattr(reading, "PAGE_BUDGET_SECONDS", 0.5)
    docs, found = problems(tmp_path)
    rows = docs.set_index("doc_id")
    assert rows.loc["slow", "kind"] == "other" and pd.isna(rows.loc["slow", "place"])
    assert rows.loc["slow", "text"].startswith(CHINESE.strip().splitlines()[0].strip())
    assert "over 0.5 s" in found["slow.txt"] and "simple rules" in found["slow.txt"]
    assert rows.loc["fine", "kind"] == "plenum"
