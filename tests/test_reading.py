"""Reading a folder of report pages: encodings, HTML, bad files, warnings, doc_ids.

Every bad input is built in ``tmp_path`` at test time; the real seed pages are only read.
"""

from __future__ import annotations

import html
import random
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
import opencc

from plenum._text import to_simplified
from plenum.metadata import REPORT_FIELDS, parse_report
from plenum.reading import DOC_COLUMNS, ReportError, ReportWarning, read_report, read_reports

SEEDS = Path(__file__).parent.parent / "seeds"
SEED_PATHS = sorted(SEEDS.glob("*.txt"))
SEED_IDS = [p.stem for p in SEED_PATHS]

# A short made-up plenum report in traditional characters (encodes strictly in Big5).
TRADITIONAL_BODY = [
    "中國共產黨紹興市第八屆委員會第十次全體會議12月20日至21日在紹興舉行。"
    "全會由市委常委會主持，市委書記馬衛光代表市委常委會作工作報告。",
    "全會審議通過了《中共紹興市委關於推進共同富裕的決定》。"
    "全會認為，一年來，全市上下團結奮鬥，經濟社會發展取得顯著成績。",
    "全會強調，要堅持穩中求進工作總基調，全面推進高質量發展，奮力打造新時代共同富裕示範區市域範例。",
    "出席全會的有市委委員42名、候補市委委員9名。",
]
TRADITIONAL_PAGE = ("中共紹興市委八屆十次全會召開\n2021-12-22 08:30 來源：紹興日報\n"
                    + "\n".join(TRADITIONAL_BODY) + "\n")

# Chinese news items that are not a committee's own plenum report.
NON_REPORTS = {
    "government_meeting": (
        "市政府第十次常务会议召开\n2023-05-12 10:20 来源：某市日报\n"
        "5月11日，市长张三主持召开市政府第十次常务会议，研究部署安全生产、防汛抗旱等工作。"
        "会议听取了全市一季度经济运行情况汇报。\n"
        "会议强调，要压紧压实各方责任，确保人民群众生命财产安全。\n"
    ),
    "peoples_congress": (
        "市十七届人大三次会议隆重开幕\n2024-01-15 来源：某市日报\n"
        "1月15日上午，某市第十七届人民代表大会第三次会议在市人民会堂隆重开幕。"
        "大会听取和审议了市人民政府工作报告。\n"
        "会议应到代表450名，实到432名，符合法定人数。\n"
    ),
    "studies_other_plenum": (
        "市委常委会传达学习省委十五届三次全会精神\n2023-07-20 来源：某市日报\n"
        "7月19日，市委常委会召开会议，传达学习省委十五届三次全会精神，研究我市贯彻落实意见。\n"
        "会议指出，省委十五届三次全会是在关键时期召开的一次重要会议，全市上下要认真学习领会全会精神。\n"
    ),
}

# Metadata columns compared between a seed and a re-encoded copy of it.
META = ["headline", "place", "prefecture", "level", "province", "adcode", "tier", "term",
        "plenum", "expanded", "meeting_date", "meeting_end_date", "publish_date", "source",
        "secretary", "members", "alternates", "kind", "script", "n_chars"]


# -- helpers ------------------------------------------------------------------------------

def seed_text(i: int) -> str:
    return SEED_PATHS[i].read_text("utf-8")


def read(folder, **kwargs) -> tuple[pd.DataFrame, list[str]]:
    """read_reports plus the messages of the ReportWarnings it emitted."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = read_reports(folder, **kwargs)
    return docs, [str(w.message) for w in caught if issubclass(w.category, ReportWarning)]


def naming(messages: list[str], rel: str) -> list[str]:
    """The messages that name the file ``rel`` (its path relative to the folder)."""
    return [m for m in messages if re.search(rf"(?<![\w/.-]){re.escape(rel)}(?![\w/.-])", m)]


def problem_rows(docs: pd.DataFrame, rel: str) -> pd.DataFrame:
    problems = docs.attrs["problems"]
    return problems[problems["path"] == rel]


def one_row(docs: pd.DataFrame, doc_id: str) -> pd.Series:
    rows = docs[docs["doc_id"] == doc_id]
    assert len(rows) == 1, f"expected one row for {doc_id}, got {len(rows)}"
    return rows.iloc[0]


def same(a, b) -> bool:
    """Equality that treats two missing values as equal."""
    if isinstance(a, list) or isinstance(b, list):
        return list(a) == list(b)
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    return a == b


def assert_same_report(row: pd.Series, ref: pd.Series, columns=META) -> None:
    diffs = {c: (row[c], ref[c]) for c in columns if not same(row[c], ref[c])}
    assert not diffs, f"differs from the seed: {diffs}"
    assert list(row["documents"]) == list(ref["documents"])


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def article_parts(text: str) -> tuple[list[str], list[str], list[str]]:
    """A seed's raw lines split into (head, article, tail) around its parsed body."""
    pars = parse_report(text)["text"].split("\n")
    lines = text.splitlines()
    norm = [re.sub(r"\s", "", ln).replace(",", "，") for ln in lines]

    def find(par: str, start: int = 0) -> int:
        key = re.sub(r"\s", "", par)[:10]
        return next(i for i in range(start, len(lines)) if key in norm[i])

    first = find(pars[0])
    last = find(pars[-1], first)
    return lines[:first], lines[first:last + 1], lines[last + 1:]


def bytes_mentioned(message: str) -> list[float]:
    """Every size in a message converted to bytes ('1 MiB', '10000 bytes', '9.8 KiB')."""
    units = {"b": 1, "byte": 1, "bytes": 1, "kb": 1000, "kib": 1024, "k": 1024,
             "mb": 10**6, "mib": 2**20, "m": 2**20}
    out = []
    for num, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*(bytes|byte|kib|kb|mib|mb|b|k|m)\b",
                                message, re.I):
        out.append(float(num.replace(",", "")) * units[unit.lower()])
    return out


@pytest.fixture(scope="module")
def seed_frame() -> pd.DataFrame:
    docs, messages = read(SEEDS)
    assert messages == []
    assert list(docs["doc_id"]) == SEED_IDS
    return docs


def seed_row(seed_frame, i: int) -> pd.Series:
    return one_row(seed_frame, SEED_IDS[i])


# -- the seeds ------------------------------------------------------------------------------

def test_seeds_load_with_all_columns(seed_frame):
    assert list(seed_frame.columns) == DOC_COLUMNS
    fields = [f for f in REPORT_FIELDS if f != "cautions"]
    at = fields.index("publish_date") + 1
    assert DOC_COLUMNS == (["doc_id", "path"] + fields[:at] + ["year"] + fields[at:]
                           + ["encoding", "sha256", "duplicate_of"])
    # the session's year: the meeting date's, else the publication date's
    dated = seed_frame["meeting_date"].dt.year.fillna(seed_frame["publish_date"].dt.year)
    assert seed_frame["year"].dtype == "Int64" and seed_frame["year"].tolist() == dated.astype(int).tolist()
    assert list(seed_frame["doc_id"]) == sorted(SEED_IDS)
    assert set(seed_frame["kind"]) == {"plenum"}
    assert set(seed_frame["encoding"]) == {"utf-8"}
    assert seed_frame["duplicate_of"].isna().all()
    assert seed_frame["place"].notna().all() and seed_frame["term"].notna().all()
    problems = seed_frame.attrs["problems"]
    assert list(problems.columns) == ["path", "problem", "loaded"] and problems.empty


# -- encodings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("i", range(len(SEED_PATHS)))
@pytest.mark.parametrize("codec, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig")])
def test_utf8_with_and_without_bom(tmp_path, seed_frame, i, codec, expected):
    raw = seed_text(i).encode(codec)
    assert raw.startswith(b"\xef\xbb\xbf") == (codec == "utf-8-sig")
    write(tmp_path, "page.txt", raw)
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "page")
    assert row["encoding"] == expected
    assert row["text"] == seed_row(seed_frame, i)["text"]
    assert not row["text"].startswith("\ufeff") and not row["headline"].startswith("\ufeff")
    assert_same_report(row, seed_row(seed_frame, i))


@pytest.mark.parametrize("i", range(len(SEED_PATHS)))
def test_gb18030(tmp_path, seed_frame, i):
    write(tmp_path, "page.txt", seed_text(i).encode("gb18030"))
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "page")
    assert row["encoding"] == "gb18030"
    assert row["text"] == seed_row(seed_frame, i)["text"]
    assert_same_report(row, seed_row(seed_frame, i))


def _gbk_seeds() -> list[int]:
    out = []
    for i in range(len(SEED_PATHS)):
        try:
            seed_text(i).encode("gbk")
        except UnicodeEncodeError:
            continue
        out.append(i)
    return out


@pytest.mark.parametrize("i", _gbk_seeds())
def test_gbk(tmp_path, seed_frame, i):
    raw = seed_text(i).encode("gbk")  # strict: these seeds need no character outside GBK
    write(tmp_path, "page.txt", raw)
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "page")
    assert row["encoding"] in ("gb18030", "gbk")  # GBK is a subset of GB18030
    assert row["text"] == seed_row(seed_frame, i)["text"]
    assert_same_report(row, seed_row(seed_frame, i))


def test_gbk_seeds_exist():
    assert _gbk_seeds(), "no seed encodes in GBK; the GBK test would test nothing"


@pytest.mark.parametrize("i", range(len(SEED_PATHS)))
def test_utf16_with_bom(tmp_path, seed_frame, i):
    raw = seed_text(i).encode("utf-16")
    assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    write(tmp_path, "page.txt", raw)
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "page")
    assert row["encoding"].startswith("utf-16")
    assert row["text"] == seed_row(seed_frame, i)["text"]
    assert_same_report(row, seed_row(seed_frame, i))


@pytest.mark.parametrize("i", range(len(SEED_PATHS)))
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, seed_frame, i, codec):
    raw = seed_text(i).encode(codec)
    assert raw[:2] not in (b"\xff\xfe", b"\xfe\xff")
    write(tmp_path, "page.txt", raw)
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "page")
    assert row["encoding"] == codec
    assert row["text"] == seed_row(seed_frame, i)["text"]
    assert_same_report(row, seed_row(seed_frame, i))


def test_utf16_without_bom_english_heavy_text(tmp_path):
    """Text with many ASCII characters (zero high bytes) is recognised as UTF-16-LE."""
    page = TRADITIONAL_PAGE.replace("，", ", ") + "Source: Shaoxing Daily, December 22, 2021.\n" * 20
    write(tmp_path, "page.txt", page.encode("utf-16-le"))
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "page")
    assert row["encoding"] == "utf-16-le"
    assert row["text"] == parse_report(page)["text"]


# -- traditional script --------------------------------------------------------------------

TO_TRADITIONAL = opencc.OpenCC("s2tw")


def _traditional_seed() -> str:
    text = TO_TRADITIONAL.convert(seed_text(0))
    text.encode("big5")  # strict: the converted seed has no character outside Big5
    return text


TRADITIONAL_CASES = {
    "handwritten": (TRADITIONAL_PAGE, {"place": "绍兴市", "term": 8, "plenum": 10,
                                       "kind": "plenum", "level": "市", "secretary": "马卫光",
                                       "members": 42, "alternates": 9}),
    "seed0_zh_tw": (None, {"place": "镇江市", "term": 8, "plenum": 2, "kind": "plenum",
                           "level": "市", "secretary": "马明龙"}),
}


def _check_traditional(row: pd.Series, page: str, expected: dict, name: str) -> None:
    assert row["script"] == "traditional"
    for column, value in expected.items():
        assert same(row[column], value), f"{column}: {row[column]!r} != {value!r}"
    text = row["text"]
    assert "全會" in text and "全会" not in text  # kept in its own script, not converted
    assert TO_TRADITIONAL.convert(text) == text
    if name == "handwritten":
        assert text == "\n".join(TRADITIONAL_BODY)
        assert list(row["documents"]) == ["中共绍兴市委关于推进共同富裕的决定"]


@pytest.mark.parametrize("name", TRADITIONAL_CASES)
def test_traditional_utf8(tmp_path, name):
    page, expected = TRADITIONAL_CASES[name]
    page = page or _traditional_seed()
    write(tmp_path, "page.txt", page.encode("utf-8"))
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "page")
    assert row["encoding"] == "utf-8"
    _check_traditional(row, page, expected, name)


@pytest.mark.parametrize("name", TRADITIONAL_CASES)
def test_traditional_big5(tmp_path, name):
    page, expected = TRADITIONAL_CASES[name]
    page = page or _traditional_seed()
    write(tmp_path, "page.txt", page.encode("big5"))  # strict encoding
    docs, messages = read(tmp_path)
    row = one_row(docs, "page")
    assert row["encoding"] in ("big5", "cp950", "big5hkscs")
    assert messages == []
    _check_traditional(row, page, expected, name)


def test_traditional_article_matches_simplified(tmp_path, seed_frame):
    write(tmp_path, "page.txt", _traditional_seed())
    docs, _ = read(tmp_path)
    row = one_row(docs, "page")
    ref = seed_row(seed_frame, 0)
    assert to_simplified(row["text"]) == ref["text"]
    assert row["source"] == ref["source"]


# -- HTML ---------------------------------------------------------------------------------

def _html_page(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    body = "\n".join(f'      <p style="text-indent:2em">{html.escape(ln)}</p>' for ln in lines)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="keywords" content="全会,市委">
  <title>{html.escape(lines[1][:40])}_新闻中心_本地新闻网</title>
  <style>
    body {{ font-family: "微软雅黑", sans-serif; }}
    .nav::before {{ content: "样式表里的中文不应出现在正文。"; }}
  </style>
  <script type="text/javascript">
    var tip = "脚本里的中文不应出现在正文。全会召开了。";
    if (a < b && c > d) {{ document.title = tip; }}
  </script>
</head>
<body>
  <div class="nav"><a href="/">首页</a> &gt; <a href="/news/">新闻中心</a> &gt; 本地新闻</div>
  <div class="main">
    <div class="article">
{body}
    </div>
  </div>
  <script>window._hmt = "统计代码不应出现在正文。";</script>
  <div class="footer"><p>版权所有 本地新闻网 &copy; 2023 ICP备12345678号</p></div>
</body>
</html>
"""


@pytest.mark.parametrize("i", range(len(SEED_PATHS)))
def test_html_page(tmp_path, seed_frame, i):
    write(tmp_path, "page.html", _html_page(seed_text(i)))
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "page")
    ref = seed_row(seed_frame, i)
    text = row["text"]
    for leak in ("<p", "</", "&gt;", "&copy;", "style=", "样式表", "脚本里", "统计代码",
                 "document.title", "font-family", "版权所有"):
        assert leak not in text, leak
    pars, ref_pars = text.split("\n"), ref["text"].split("\n")
    assert pars[0] == ref_pars[0]
    assert pars[-1] == ref_pars[-1]
    assert text == ref["text"]
    assert row["kind"] == "plenum"
    assert_same_report(row, ref, ["place", "term", "plenum", "level", "publish_date",
                                  "meeting_date", "secretary"])


# -- files that are not read ------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b" ", b"\n\n", b"  \n\t\r\n \x0b\x0c  \n"],
                         ids=["zero_bytes", "space", "newlines", "ascii_whitespace"])
def test_empty_and_whitespace_files(tmp_path, data):
    write(tmp_path, "blank.txt", data)
    shutil.copy(SEED_PATHS[0], tmp_path / SEED_PATHS[0].name)
    docs, messages = read(tmp_path)
    assert list(docs["doc_id"]) == [SEED_IDS[0]]
    assert len(messages) == 1
    assert naming(messages, "blank.txt") == messages and "empty" in messages[0]
    rows = problem_rows(docs, "blank.txt")
    assert len(rows) == 1 and not rows["loaded"].iloc[0] and "empty" in rows["problem"].iloc[0]


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf",
    b"\xef\xbb\xbf \r\n",
    "\u3000\u3000\n\u3000\n".encode("utf-8"),
    "\u00a0\n".encode("utf-8"),
    " \n".encode("utf-16"),
    "\u3000\u3000".encode("gb18030"),
], ids=["utf8_bom_only", "utf8_bom_spaces", "ideographic_spaces", "nbsp", "utf16_spaces",
        "gb18030_ideographic_spaces"])
def test_unicode_whitespace_only_file_is_empty(tmp_path, data):
    write(tmp_path, "blank.txt", data)
    docs, messages = read(tmp_path)
    assert len(docs) == 0
    assert len(naming(messages, "blank.txt")) == 1 and "empty" in messages[0]
    rows = problem_rows(docs, "blank.txt")
    assert len(rows) == 1 and not rows["loaded"].iloc[0]


def _png(seed: int = 7) -> bytes:
    rng = random.Random(seed)
    data = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06"
            + bytes(rng.randrange(256) for _ in range(4000)))
    assert b"\x00" in data
    return data


def _noise(seed: int = 11, n: int = 4000) -> bytes:
    rng = random.Random(seed)
    data = bytes(rng.randrange(1, 256) for _ in range(n))
    assert b"\x00" not in data
    return data


@pytest.mark.parametrize("name, data", [("image.png", _png()), ("noise.bin", _noise()),
                                        ("sub/noise.txt", _noise(12))])
def test_binary_file(tmp_path, name, data):
    write(tmp_path, name, data)
    shutil.copy(SEED_PATHS[1], tmp_path / SEED_PATHS[1].name)
    docs, messages = read(tmp_path)
    assert list(docs["doc_id"]) == [SEED_IDS[1]]
    assert len(messages) == 1 and naming(messages, name) == messages
    assert re.search(r"binary|cannot decode", messages[0])
    rows = problem_rows(docs, name)
    assert len(rows) == 1 and not rows["loaded"].iloc[0]


def test_read_report_raises_on_binary(tmp_path):
    path = write(tmp_path, "image.png", _png())
    with pytest.raises(ReportError, match="binary"):
        read_report(path)


# -- non-reports, duplicates ------------------------------------------------------------------

@pytest.mark.parametrize("name", NON_REPORTS)
def test_non_report_is_loaded_as_other(tmp_path, name):
    write(tmp_path, f"{name}.txt", NON_REPORTS[name])
    docs, _ = read(tmp_path)
    row = one_row(docs, name)
    assert row["kind"] == "other"
    assert pd.isna(row["term"]) and pd.isna(row["plenum"])
    assert list(row["documents"]) == []
    assert row["text"]  # the news item's body is still read
    assert row["text"].split("\n")[-1] == NON_REPORTS[name].strip().split("\n")[-1]
    assert problem_rows(docs, f"{name}.txt")["loaded"].all()


def test_duplicate_files(tmp_path, seed_frame):
    original = seed_text(2)
    write(tmp_path, "a_original.txt", original)
    write(tmp_path, "b_copy.txt", original)
    write(tmp_path, "c_crlf.txt", original.replace("\n", "\r\n\r\n"))
    write(tmp_path, "d_other.txt", seed_text(3))
    docs, messages = read(tmp_path)
    assert list(docs["doc_id"]) == ["a_original", "b_copy", "c_crlf", "d_other"]
    dup = dict(zip(docs["doc_id"], docs["duplicate_of"]))
    assert pd.isna(dup["a_original"]) and pd.isna(dup["d_other"])
    assert dup["b_copy"] == "a_original" and dup["c_crlf"] == "a_original"
    assert len(messages) == 2
    for rel in ("b_copy.txt", "c_crlf.txt"):
        assert len(naming(messages, rel)) == 1
        assert "a_original" in naming(messages, rel)[0]
        rows = problem_rows(docs, rel)
        assert len(rows) == 1 and rows["loaded"].iloc[0]
    assert naming(messages, "a_original.txt") == []
    for doc_id in ("a_original", "b_copy", "c_crlf"):
        assert one_row(docs, doc_id)["text"] == seed_row(seed_frame, 2)["text"]


# -- size -----------------------------------------------------------------------------------

def _big_page(text: str, size: int) -> str:
    head, article, tail = article_parts(text)
    block = "\n".join(article) + "\n"
    n = size // len(block.encode("utf-8")) + 1
    return "\n".join(head) + "\n" + block * n + "\n".join(tail) + "\n"


def test_twenty_megabyte_page_loads(tmp_path, seed_frame):
    page = _big_page(seed_text(0), 20 * 2**20)
    path = write(tmp_path, "big.txt", page)
    assert path.stat().st_size >= 20 * 2**20
    docs, messages = read(tmp_path)
    assert messages == []
    row = one_row(docs, "big")
    ref = seed_row(seed_frame, 0)
    assert row["kind"] == "plenum"
    assert_same_report(row, ref, ["place", "term", "plenum", "level", "publish_date"])
    assert row["n_chars"] > 20 * ref["n_chars"]
    assert row["text"].startswith(ref["text"].split("\n")[0])


@pytest.mark.parametrize("max_bytes", [
    pytest.param(2**20, id="1MiB"),
    pytest.param(10_000, id="10kB"),
])
def test_file_over_max_bytes_is_refused(tmp_path, max_bytes):
    page = _big_page(seed_text(1), int(max_bytes * 1.5))
    write(tmp_path, "big.txt", page)
    write(tmp_path, "small.txt", "市委全会召开。")
    docs, messages = read(tmp_path, max_bytes=max_bytes)
    assert list(docs["doc_id"]) == ["small"]
    assert len(messages) == 1 and naming(messages, "big.txt") == messages
    assert "limit" in messages[0] and "max_bytes" in messages[0]
    limits = bytes_mentioned(messages[0])
    assert any(abs(b - max_bytes) <= 0.1 * max_bytes for b in limits), messages[0]
    rows = problem_rows(docs, "big.txt")
    assert len(rows) == 1 and not rows["loaded"].iloc[0]
    with pytest.raises(ReportError, match="limit"):
        read_report(tmp_path / "big.txt", max_bytes=max_bytes)


# -- a mixed folder --------------------------------------------------------------------------

def test_mixed_folder(tmp_path, seed_frame):
    for path in SEED_PATHS:
        shutil.copy(path, tmp_path / path.name)
    s0 = seed_text(0)
    good = {
        "enc/bom.txt": s0.encode("utf-8-sig"),
        "enc/gb18030.txt": seed_text(1).encode("gb18030"),
        "enc/gbk.txt": seed_text(3).encode("gbk"),
        "enc/utf16.txt": seed_text(4).encode("utf-16"),
        "trad/handwritten_utf8.txt": TRADITIONAL_PAGE.encode("utf-8"),
        "trad/seed0_utf8.txt": _traditional_seed().encode("utf-8"),
        "page.html": _html_page(seed_text(2)).encode("utf-8"),
        "copy_of_seed.txt": seed_text(2).encode("utf-8"),
        **{f"news/{k}.txt": v.encode("utf-8") for k, v in NON_REPORTS.items()},
        "enc/utf16le.txt": s0.encode("utf-16-le"),
        "trad/handwritten_big5.txt": TRADITIONAL_PAGE.encode("big5"),
    }
    bad = {
        "empty.txt": b"",
        "blank.txt": b" \n\t\n",
        "img/photo.png": _png(),
        "noise.bin": _noise(),
        "huge.txt": _big_page(seed_text(1), int(1.5 * 2**20)).encode("utf-8"),
    }
    for rel, data in {**good, **bad}.items():
        write(tmp_path, rel, data)
    write(tmp_path, ".hidden/secret.txt", b"\x00\x01")  # hidden: skipped silently
    write(tmp_path, ".DS_Store", _png(3))

    docs, messages = read(tmp_path, max_bytes=2**20)
    problems = docs.attrs["problems"]
    assert list(docs.columns) == DOC_COLUMNS
    assert list(docs["doc_id"]) == sorted(docs["doc_id"])
    assert docs["doc_id"].is_unique
    loaded = set(docs["path"])

    seed_rels = [p.name for p in SEED_PATHS]
    assert set(seed_rels) <= loaded
    assert set(good) <= loaded
    for rel in bad:
        assert rel not in loaded
        assert len(naming(messages, rel)) == 1, rel
        rows = problem_rows(docs, rel)
        assert len(rows) == 1 and not rows["loaded"].iloc[0], rel
    # every file is either loaded or named with its reason; nothing else is reported
    every = set(seed_rels) | set(good) | set(bad)
    assert loaded | set(problems.loc[~problems["loaded"], "path"]) == every
    assert set(problems["path"]) <= every
    assert len(messages) == len(problems)
    for rel, problem in zip(problems["path"], problems["problem"]):
        assert len(naming(messages, rel)) == 1, rel
        assert problem in naming(messages, rel)[0]
    assert set(problems.loc[problems["loaded"], "path"]) <= loaded
    assert not any(".hidden" in p or ".DS_Store" in p for p in loaded | set(problems["path"]))
    # duplicates of seeds are flagged, the seeds themselves are not
    dup = dict(zip(docs["path"], docs["duplicate_of"]))
    assert dup["copy_of_seed.txt"] == SEED_IDS[2]
    assert dup["page.html"] == SEED_IDS[2]
    assert dup["enc/bom.txt"] == SEED_IDS[0]
    # the seeds' rows are exactly what they are on their own
    for i, doc_id in enumerate(SEED_IDS):
        row, ref = one_row(docs, doc_id), seed_row(seed_frame, i)
        assert_same_report(row, ref, [c for c in DOC_COLUMNS if c != "documents"])
    for rel in ("news/" + k + ".txt" for k in NON_REPORTS):
        assert docs.loc[docs["path"] == rel, "kind"].item() == "other"


# -- errors= --------------------------------------------------------------------------------

def _folder_with_bad_file(tmp_path: Path) -> Path:
    shutil.copy(SEED_PATHS[0], tmp_path / SEED_PATHS[0].name)
    write(tmp_path, "sub/bad.bin", _png())
    write(tmp_path, "zz_empty.txt", b"")
    return tmp_path


def test_errors_raise(tmp_path):
    folder = _folder_with_bad_file(tmp_path)
    with pytest.raises(ReportError) as info:
        read_reports(folder, errors="raise")
    assert "sub/bad.bin" in str(info.value)
    assert "binary" in str(info.value)


def test_errors_raise_on_good_folder_does_not_raise():
    docs = read_reports(SEEDS, errors="raise")
    assert list(docs["doc_id"]) == SEED_IDS


def test_errors_ignore(tmp_path):
    folder = _folder_with_bad_file(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = read_reports(folder, errors="ignore")
    assert not [w for w in caught if issubclass(w.category, ReportWarning)]
    assert list(docs["doc_id"]) == [SEED_IDS[0]]
    problems = docs.attrs["problems"]
    assert list(problems.columns) == ["path", "problem", "loaded"]
    assert sorted(problems["path"]) == ["sub/bad.bin", "zz_empty.txt"]
    assert not problems["loaded"].any()


def test_errors_warn_is_default(tmp_path):
    folder = _folder_with_bad_file(tmp_path)
    with pytest.warns(ReportWarning) as record:
        docs = read_reports(folder)
    messages = [str(w.message) for w in record if issubclass(w.category, ReportWarning)]
    assert len(messages) == 2
    assert len(naming(messages, "sub/bad.bin")) == 1 and len(naming(messages, "zz_empty.txt")) == 1
    assert list(docs["doc_id"]) == [SEED_IDS[0]]


@pytest.mark.parametrize("value", ["strict", "WARN", "", None, "skip"])
def test_invalid_errors_value(tmp_path, value):
    with pytest.raises(ValueError, match="errors"):
        read_reports(SEEDS, errors=value)


def test_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_reports(tmp_path / "no_such_folder")


def test_file_instead_of_folder(tmp_path):
    path = write(tmp_path, "page.txt", seed_text(0))
    with pytest.raises(FileNotFoundError):
        read_reports(path)


def test_empty_folder(tmp_path):
    docs, messages = read(tmp_path)
    assert messages == [f"{tmp_path}: no files to read"]   # an empty folder warns
    assert len(docs) == 0
    assert list(docs.columns) == DOC_COLUMNS
    assert docs.attrs["problems"].empty


# -- doc_ids --------------------------------------------------------------------------------

def test_same_stem_in_subfolders(tmp_path):
    write(tmp_path, "jiangsu/report.txt", seed_text(0))
    write(tmp_path, "zhejiang/report.txt", seed_text(2))
    write(tmp_path, "zhejiang/deeper/report.txt", seed_text(3))
    write(tmp_path, "unique.txt", seed_text(4))
    docs, messages = read(tmp_path)
    assert messages == []
    assert docs["doc_id"].is_unique
    assert len(docs) == 4
    ids = dict(zip(docs["path"], docs["doc_id"]))
    assert ids["unique.txt"] == "unique"
    assert len({ids["jiangsu/report.txt"], ids["zhejiang/report.txt"],
                ids["zhejiang/deeper/report.txt"]}) == 3
    assert docs.loc[docs["path"] == "jiangsu/report.txt", "place"].item() == "镇江市"
    assert docs.loc[docs["path"] == "zhejiang/report.txt", "place"].item() == "绍兴市"
    assert list(docs["doc_id"]) == sorted(docs["doc_id"])


def test_same_stem_different_suffix_same_folder(tmp_path):
    write(tmp_path, "report.txt", seed_text(0))
    write(tmp_path, "report.html", _html_page(seed_text(2)))
    docs, _ = read(tmp_path)
    assert len(docs) == 2
    assert docs["doc_id"].is_unique


def test_docs_survive_pandas_operations_with_problems_in_attrs(tmp_path):
    write(tmp_path, "a.txt", seed_text(0).encode("utf-8"))
    write(tmp_path, "empty.txt", b"")
    docs, _ = read(tmp_path)
    other, _ = read(tmp_path)
    assert len(docs.attrs["problems"]) == 1
    both = pd.concat([docs, other], ignore_index=True)  # attrs compared: must not raise
    assert len(both) == 2
    typed = docs.astype({"doc_id": "object"}).merge(other[["doc_id", "place"]], on="doc_id")
    assert typed["place_x"].tolist() == typed["place_y"].tolist()
    assert list(docs.attrs["problems"]["path"]) == ["empty.txt"]


def test_parallel_reading_returns_what_serial_reading_returns(tmp_path):
    from plenum.synthetic import synthetic_pages

    seeds = [seed_text(i) for i in range(5)]
    places = list(read_reports(SEEDS, errors="raise")["place"])
    for i, page in enumerate(synthetic_pages(seeds, places, 24, seed=3)):
        write(tmp_path, f"r{i:03d}.txt", page.encode("gb18030" if i % 3 == 0 else "utf-8"))
    write(tmp_path, "bad.bin", b"\x00\x01\x02" * 50)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        serial = read_reports(tmp_path, workers=1, progress=False)
        parallel = read_reports(tmp_path, workers=2, progress=False)
    pd.testing.assert_frame_equal(serial, parallel)
    pd.testing.assert_frame_equal(serial.attrs["problems"], parallel.attrs["problems"])
    assert len(serial) == 24 and list(serial.attrs["problems"]["path"]) == ["bad.bin"]


def test_parallel_workers_see_a_changed_page_budget(tmp_path, monkeypatch):
    from plenum import reading

    for i in range(20):
        write(tmp_path, f"r{i:02d}.txt", seed_text(i % 5).encode("utf-8"))
    monkeypatch.setattr(reading, "START_METHOD", "spawn")
    first = read_reports(tmp_path, workers=2, progress=False, errors="ignore")  # pool is kept
    monkeypatch.setattr(reading, "PAGE_BUDGET_SECONDS", 1e-5)
    cut = read_reports(tmp_path, workers=2, progress=False, errors="ignore")
    over = cut.attrs["problems"]["problem"].str.startswith("took over")
    assert over.sum() == 20, cut.attrs["problems"]
    reading._drop_pools()
    assert first["kind"].eq("plenum").sum() > 0 and cut["kind"].eq("other").all()


def test_year_falls_back_to_the_publication_date(tmp_path):
    page = ("中共某县委十五届三次全体会议召开\n发布时间：2019-12-30\n"
            "中国共产党某县第十五届委员会第三次全体会议召开。全会听取和讨论了县委常委会工作报告。\n")
    write(tmp_path, "undated.txt", page.encode("utf-8"))
    docs, _ = read(tmp_path)
    row = one_row(docs, "undated")
    assert pd.isna(row["meeting_date"]) and row["year"] == 2019


UNGUARDED_SCRIPT = """
import sys
sys.path.insert(0, {lib!r})
import plenum.reading as reading
reading.START_METHOD = {method!r}
print("SCRIPT BODY RAN")
docs = reading.read_reports({folder!r}, workers=2, progress=False)
again = reading.read_reports({folder!r}, workers=2, progress=False)
serial = reading.read_reports({folder!r}, workers=1, progress=False)
kept = len(reading._POOL) == (reading._pool_context().get_start_method() != "fork")
print("ROWS", len(docs), docs.equals(serial), again.equals(serial), kept)
"""


@pytest.mark.parametrize("method", [None, "fork", "forkserver", "spawn"])
@pytest.mark.parametrize("how", ["file", "stdin"])
def test_an_unguarded_script_runs_once_and_reads_in_parallel(tmp_path, method, how):
    import multiprocessing as mp
    import subprocess
    import sys

    if method is not None and method not in mp.get_all_start_methods():
        pytest.skip(f"{method} does not exist here")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        write(corpus, f"r{i}.txt", seed_text(i % 5).encode("utf-8"))
    lib = str(Path(__file__).resolve().parents[1] / "lib")
    script = UNGUARDED_SCRIPT.format(lib=lib, method=method, folder=str(corpus))
    if how == "file":
        (tmp_path / "unguarded.py").write_text(script, encoding="utf-8")
        run = subprocess.run([sys.executable, str(tmp_path / "unguarded.py")], cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
    else:
        run = subprocess.run([sys.executable, "-"], input=script, cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("SCRIPT BODY RAN") == 1, run.stdout
    # forked pools are made per call; forkserver and spawn pools are kept for the session
    assert "ROWS 6 True True True" in run.stdout, run.stdout
    assert "Traceback" not in run.stderr and "in one process instead" not in run.stderr, run.stderr


def test_the_page_budget_is_not_swallowed_by_a_parsers_own_fallback(monkeypatch):
    """The budget's timer fires wherever the parser is; a parser step that catches Exception
    for its own fallback (malformed markup) must not swallow it, or a slow page escapes."""
    import time

    from plenum import reading

    def slow_parse(text):
        try:
            deadline = time.perf_counter() + 0.5
            while time.perf_counter() < deadline:  # Python code, so the signal is handled here
                pass
        except Exception:  # what a parser's fallback does
            pass
        return {"text": text}

    monkeypatch.setattr(reading, "parse_report", slow_parse)
    record = reading._parse_within("某县委全会召开\n全会指出。", 0.01)
    assert record["kind"] == "other" and record["cautions"][0].startswith("took over")
