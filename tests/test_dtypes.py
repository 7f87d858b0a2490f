"""Output dtypes do not depend on what else is installed: with pyarrow present, pandas 3
would store strings (and some arithmetic on them) in pyarrow; plenum's tables keep Python
storage either way."""

import pandas as pd
import pytest

import plenum
from conftest import SEEDS

pytest.importorskip("pyarrow")


def _arrow_columns(frame: pd.DataFrame) -> list[str]:
    bad = []
    for name, dtype in list(frame.dtypes.items()) + [("<index>", frame.index.dtype)]:
        if isinstance(dtype, pd.CategoricalDtype):
            dtype = dtype.categories.dtype
        if isinstance(dtype, pd.ArrowDtype) or getattr(dtype, "storage", None) == "pyarrow" \
                or "pyarrow" in str(dtype):
            bad.append(f"{name}: {dtype}")
    return bad


@pytest.fixture(scope="module")
def tables():
    docs = plenum.read_reports(SEEDS, progress=False)
    tokens = plenum.tokenize(docs, cache=False)
    return {
        "read_reports": docs, "tokenize": tokens, "sentences": plenum.sentences(docs),
        "paragraphs": plenum.paragraphs(docs), "term_frequency": plenum.term_frequency(tokens),
        "keyness": plenum.keyness(tokens), "similarity": plenum.similarity(tokens),
        "kwic": plenum.kwic(plenum.sentences(docs), "发展"), "theme_scores": plenum.theme_scores(docs, tokens=tokens),
        "targets": plenum.targets(docs), "formulations": plenum.formulations(docs),
        "corpus_overview": plenum.corpus_overview(docs), "reuse": plenum.reuse(docs),
    }


def test_pyarrow_is_installed_and_would_change_the_default():
    with pd.option_context("mode.string_storage", "auto"):
        assert pd.Series(["两个维护"]).dtype.storage == "pyarrow"


@pytest.mark.parametrize("name", ["read_reports", "tokenize", "sentences", "paragraphs", "term_frequency",
                                  "keyness", "similarity", "kwic", "theme_scores", "targets", "formulations",
                                  "corpus_overview", "reuse"])
def test_no_table_stores_anything_in_pyarrow(tables, name):
    assert len(tables[name].columns) and _arrow_columns(tables[name]) == []
