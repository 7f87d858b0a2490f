"""Every file in a corpus folder is read or named: links, loops, FIFOs, system files."""

import os
import shutil
import warnings

import pandas as pd
import pytest

import plenum
from conftest import SEEDS


def read(folder, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = plenum.read_reports(folder, progress=False, **kw)
    return docs, [str(w.message) for w in caught]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(seed, folder / "a.txt")
    return folder


def problems_of(docs):
    return dict(zip(docs.attrs["problems"]["path"], docs.attrs["problems"]["problem"]))


def test_links_inside_are_followed_and_links_outside_are_named(corpus, tmp_path):
    (corpus / "sub").mkdir()
    os.symlink(corpus / "a.txt", corpus / "sub" / "b.txt")
    outside = tmp_path / "secret.txt"
    outside.write_text("not a report", "utf-8")
    os.symlink(outside, corpus / "out.txt")
    os.symlink(tmp_path / "missing.txt", corpus / "dangling.txt")
    os.symlink(corpus / "loop1", corpus / "loop2")
    os.symlink(corpus / "loop2", corpus / "loop1")
    os.symlink(corpus, corpus / "sub" / "back")          # a folder loop
    docs, messages = read(corpus)
    assert set(docs["path"]) == {"a.txt", "sub/b.txt"}
    found = problems_of(docs)
    assert "outside the folder" in found["out.txt"]
    assert "dangling" in found["dangling.txt"]
    assert "loop" in found["loop1"] and "loop" in found["loop2"]
    assert "loop" in found["sub/back"]
    assert all("\n" not in m for m in messages)
    followed, _ = read(corpus, follow_links=True)
    assert "out.txt" in set(followed["path"])


def test_fifos_and_system_files_are_named_once(corpus):
    os.mkfifo(corpus / "pipe.txt")
    for junk in ("Thumbs.db", "desktop.ini", "~$report.docx"):
        (corpus / junk).write_bytes(b"x")
    docs, _ = read(corpus)
    found = problems_of(docs)
    assert list(docs["path"]) == ["a.txt"]
    assert "FIFO" in found["pipe.txt"]
    assert found["."].startswith("skipped 3 system files")


def test_an_empty_path_is_refused_rather_than_reading_the_working_directory():
    with pytest.raises(ValueError):
        plenum.read_reports("")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_named(corpus):
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "c.txt").write_text("x", "utf-8")
    locked.chmod(0)
    try:
        docs, _ = read(corpus)
        assert "unreadable folder" in problems_of(docs)["locked"]
    finally:
        locked.chmod(0o755)


def test_a_big5_copy_of_a_simplified_page_is_its_duplicate(tmp_path):
    import opencc

    folder = tmp_path / "dup"
    folder.mkdir()
    text = sorted(SEEDS.glob("*.txt"))[2].read_text("utf-8")
    (folder / "a.txt").write_text(text, "utf-8")
    # a Taiwan-standard copy saved in Big5, which has no 〇: the encoder writes ? instead
    (folder / "b.txt").write_bytes(opencc.OpenCC("s2tw").convert(text).encode("big5", errors="replace"))
    docs, messages = read(folder)
    assert docs.set_index("doc_id").loc["b", "duplicate_of"] == "a"
    assert any("b.txt: duplicate of a" in m for m in messages)
    assert len(plenum.plenum_reports(docs)) == 1          # the notebooks count the article once
    assert text.count("全会") >= 10
    other = text.replace("全会", "会议", 10)               # the same length, 20 characters changed: not a copy
    (folder / "c.txt").write_text(other, "utf-8")
    docs, _ = read(folder)
    assert docs.set_index("doc_id")["duplicate_of"].isna()["c"]


LONG_RUNS = {
    "numeral run": "十" * 100_000, "full stops": "。" * 100_000, "open quotes": "“" * 100_000,
    "open titles": "《" * 100_000, "第": "第" * 100_000, "全会": "全会" * 50_000, "one character": "中" * 100_000,
    "no sentence end": "中" * 50_000 + "。" * 50_000, "adopted titles": "审议《关于某某的决定》" * 9_000,
    "digits": "1" * 100_000, "numerals before 届": "九" * 50_000 + "届",
}


@pytest.mark.parametrize("name", list(LONG_RUNS))
def test_pathological_pages_parse_to_missing_fields(name):
    # Their timing is in bench/bench.py (each well under a second); here: they parse at all,
    # and nothing is made up from them.
    fields = plenum.parse_report(LONG_RUNS[name])
    assert fields["kind"] != "plenum" and pd.isna(fields["term"]) and pd.isna(fields["plenum"])
