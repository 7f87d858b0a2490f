"""Exports read back: Excel sheets, CSV with a BOM, Stata files, and a document-feature matrix
in Matrix Market with its features and docvars."""

import pandas as pd
import pytest

import plenum


@pytest.fixture(scope="module")
def tables(seed_docs):
    tokens = plenum.tokenize(seed_docs, keep=("place", "province"))
    return {
        "frequency": plenum.term_frequency(tokens, by="place").head(50),
        "formulations": plenum.formulations(seed_docs)[["doc_id", "formulation", "count", "english", "coined_by"]],
        "themes/scores": plenum.theme_scores(seed_docs, tokens=tokens),
        "reuse passages": plenum.reuse(seed_docs).head(10),
    }, tokens


def test_xlsx_has_a_sheet_per_table_that_reads_back(tables, tmp_path):
    frames, _ = tables
    [path] = plenum.export(frames, path=tmp_path / "out.xlsx")
    back = pd.read_excel(path, sheet_name=None)
    assert list(back) == ["frequency", "formulations", "themes_scores", "reuse passages"]
    assert back["formulations"]["formulation"].tolist() == frames["formulations"]["formulation"].tolist()
    assert back["frequency"]["n"].tolist() == frames["frequency"]["n"].tolist()


def test_csv_folder_is_utf8_with_a_bom(tables, tmp_path):
    frames, _ = tables
    paths = plenum.export(frames, path=tmp_path / "csv")
    assert [p.name for p in paths] == ["frequency.csv", "formulations.csv", "themes_scores.csv",
                                       "reuse_passages.csv"]
    assert paths[1].read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(paths[1], encoding="utf-8-sig")
    assert back["formulation"].tolist() == frames["formulations"]["formulation"].tolist()


def test_stata_files_have_ascii_names_and_the_originals_as_labels(tables, tmp_path):
    frames, _ = tables
    paths = plenum.export({"formulations": frames["formulations"], "scores": frames["themes/scores"]},
                          path=tmp_path / "plenum.dta")
    assert [p.name for p in paths] == ["plenum_formulations.dta", "plenum_scores.dta"]
    back = pd.read_stata(paths[0])
    assert back["formulation"].tolist() == frames["formulations"]["formulation"].tolist()
    with pd.io.stata.StataReader(paths[1]) as reader:
        labels = reader.variable_labels()
    assert labels["per_1k"] == "per_1k" and all(name.isascii() and len(name) <= 32 for name in labels)


def test_dfm_counts_content_words_and_reads_back(tables, tmp_path):
    from scipy import io

    _, tokens = tables
    m = plenum.dfm(tokens)
    counted = tokens[plenum.countable(tokens)]
    assert m.shape == (counted["doc_id"].nunique(), counted["token_simplified"].nunique())
    assert m.matrix.sum() == len(counted)
    j = m.features.index("两个维护")
    row = list(m.docvars["group"]).index(str(counted["doc_id"].iloc[0]))
    n = int(((counted["doc_id"] == counted["doc_id"].iloc[0]) & (counted["token_simplified"] == "两个维护")).sum())
    assert m.matrix[row, j] == n
    assert list(m.docvars.columns) == ["group", "place", "province"]
    paths = plenum.export_dfm(m, path=tmp_path / "dfm")
    assert (io.mmread(paths[0]).toarray() == m.matrix.toarray()).all()
    assert pd.read_csv(paths[1], encoding="utf-8-sig")["feature"].tolist() == m.features
    assert pd.read_csv(paths[2], encoding="utf-8-sig")["group"].tolist() == list(m.docvars["group"])
    by_place = plenum.dfm(tokens, by="place")
    assert by_place.shape[0] == 5 and by_place.matrix.sum() == m.matrix.sum()


def test_bad_arguments_are_refused(tables):
    frames, tokens = tables
    with pytest.raises(TypeError):
        plenum.export([frames["frequency"]], path="x.xlsx")
    with pytest.raises(KeyError):
        plenum.dfm(tokens, by="county")
    with pytest.raises(TypeError):
        plenum.export_dfm(frames["frequency"], path="x")
