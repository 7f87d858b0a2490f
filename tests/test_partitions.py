"""A corpus counted in partitions gives the tables the in-memory functions give on the whole
corpus: the same tokens (each partition cut with the whole corpus's vocabulary), each
article once, counts that add up."""

import shutil

import pandas as pd
import pytest

import plenum
from conftest import SEEDS
from plenum import partitions


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from plenum.synthetic import synthetic_pages

    out = tmp_path_factory.mktemp("archive")
    seeds = sorted(SEEDS.glob("*.txt"))
    places = list(plenum.read_reports(SEEDS, progress=False)["place"])
    for i, page in enumerate(synthetic_pages([p.read_text("utf-8") for p in seeds], places, 23, seed=11)):
        (out / f"r{i:03d}.txt").write_text(page, encoding="utf-8")
    shutil.copy(out / "r004.txt", out / "r020_copy.txt")  # a mirror: counted once
    (out / "z_notice.txt").write_text("关于做好节日期间安全生产工作的通知\n各单位要切实做好安全生产工作。", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def whole(folder):
    docs = plenum.plenum_reports(plenum.read_reports(folder, progress=False, errors="ignore"))
    tokens = plenum.tokenize(docs, keep=("place",), cache=False)
    return {"docs": docs, "term_frequency": plenum.term_frequency(tokens, by="place"),
            "keyness": plenum.keyness(tokens, by="place"),
            "theme_scores": plenum.theme_scores(docs, by="place", tokens=tokens)}


@pytest.fixture(scope="module")
def parted(folder, tmp_path_factory):
    spill = tmp_path_factory.mktemp("spill")
    return partitions.count_partitioned(folder, size=7, by="place", spill=spill), spill


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype) or out[col].dtype == object:
            out[col] = out[col].astype("string")
    return out


@pytest.mark.parametrize("table", ["term_frequency", "keyness", "theme_scores"])
def test_partitioned_tables_equal_the_whole_corpus(whole, parted, table):
    got, want = _plain(parted[0][table]), _plain(whole[table])
    assert len(want) > 100
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_every_article_counts_once_and_only_plenums(whole, parted):
    vocabulary = parted[0]["vocabulary"]
    assert vocabulary["repeats"] == ["r020_copy"]
    assert set(whole["docs"]["doc_id"]) == {f"r{i:03d}" for i in range(23)}


def test_partitions_are_plain_lists_and_tokens_spill_to_parquet(folder, whole, parted):
    parts = partitions.file_partitions(folder, size=7)
    assert [len(p) for p in parts] == [7, 7, 7, 4] and all(isinstance(f, str) for p in parts for f in p)
    spilled = pd.concat([pd.read_parquet(p) for p in sorted(parted[1].glob("*.parquet"))], ignore_index=True)
    assert spilled["doc_id"].nunique() == 23
    one = plenum.tokenize(whole["docs"], keep=("place",), cache=False)
    assert len(spilled) == len(one)
    assert spilled["token"].astype(str).tolist() == one["token"].astype(str).tolist()


def test_read_reports_of_a_partition_keeps_the_whole_folders_doc_ids(folder):
    some = plenum.read_reports(folder, files=["r003.txt", "r020_copy.txt"], progress=False, errors="ignore")
    assert list(some["doc_id"]) == ["r003", "r020_copy"]
    with pytest.raises(FileNotFoundError, match="nothing.txt"):
        plenum.read_reports(folder, files=["nothing.txt"], progress=False)
