"""A corpus with one of every kind of bad page beside the shipped reports: the reports load
under every errors= mode but "raise", and every bad file is named with its reason."""

import os
import shutil
import warnings

import pytest

import plenum
from conftest import SEEDS

BAD = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n  ",
    "binary.bin": bytes(range(256)) * 20,
    "japanese.txt": ("日本の政治について、東京で会議が開かれました。" * 8).encode("euc-jp"),
    "korean.txt": ("대한민국 국회는 오늘 본회의를 열고 법안을 통과시켰다. " * 8).encode("utf-8"),
    "huge_count.txt": ("中共某某县委全会召开\n\n12月28日，中国共产党某某县第十五届委员会第三次全体会议召开。"
                       "出席全会的有县委委员" + "9" * 25 + "名。").encode("utf-8"),
    "numeral_run.txt": ("十" * 100_000).encode("utf-8"),
    "nul.txt": "全会\x00召开。".encode("utf-8") * 40,
}
EXPECTED = {"empty.txt": "empty", "blank.txt": "empty", "binary.bin": "binary", "japanese.txt": "not Chinese",
            "korean.txt": "not Chinese", "huge_count.txt": "attending members", "nul.txt": "NUL",
            "numeral_run.txt": "no article text", "fifo.txt": "FIFO", "dangling.txt": "dangling"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad_corpus")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    os.mkfifo(folder / "fifo.txt")
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    return folder


@pytest.mark.parametrize("errors", ["warn", "ignore"])
def test_every_bad_page_is_named_and_the_reports_load(corpus, errors):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = plenum.read_reports(corpus, errors=errors, progress=False)
    seeds = {p.stem for p in SEEDS.glob("*.txt")}
    assert seeds <= set(docs["doc_id"])
    assert set(plenum.plenum_reports(docs)["doc_id"]) == seeds | {"huge_count"}  # a plenum; its count left missing
    problems = docs.attrs["problems"]
    named = dict(zip(problems["path"], problems["problem"]))
    for name, reason in EXPECTED.items():
        assert name in named and reason in named[name], (name, named.get(name))
    said = [str(w.message) for w in caught if issubclass(w.category, plenum.ReportWarning)]
    assert (len(said) >= len(EXPECTED)) if errors == "warn" else not said


def test_raise_stops_at_the_first_bad_page(corpus):
    with pytest.raises(plenum.ReportError):
        plenum.read_reports(corpus, errors="raise", progress=False)
