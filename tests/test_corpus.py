import pandas as pd
import pytest

from plenum import corpus, paragraphs, plot


def _docs():
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"], "place": ["甲市", "甲市", pd.NA], "province": ["浙江", "浙江", pd.NA],
        "meeting_date": pd.to_datetime(["2022-01-02", None, None]),
        "publish_date": pd.to_datetime(["2022-01-03", "2021-05-01", None]),
        "n_chars": [90, 50, 0], "n_chars_raw": [100, 200, 0],
        "documents": [["关于甲的决定", "全会决议（草案）"], [], []],
    })


def test_boilerplate_share():
    share = corpus.boilerplate_share(_docs())
    assert round(share.iloc[0], 12) == 0.1 and share.iloc[1] == 0.75 and pd.isna(share.iloc[2])


def test_timeline_prefers_meeting_date_and_says_so():
    t = corpus.timeline_table(_docs())
    assert t["doc_id"].tolist() == ["b", "a"]
    assert t["date_kind"].tolist() == ["published", "meeting"]


def test_documents_table_and_types():
    t = corpus.documents_table(_docs())
    assert t["document"].tolist() == ["关于甲的决定", "全会决议（草案）"]
    assert t["type"].tolist() == ["决定", "决议"]


def test_move_counts_shares_sum_to_one():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "place": ["甲市", "乙县"],
                         "text": ["全会指出，甲。\n全会指出，乙。\n一、丙。", "会议强调，丁。"]})
    counts = corpus.move_counts(paragraphs(docs, keep=("place",)))
    jia = counts[counts["group"] == "甲市"].set_index("move")
    assert jia.loc["指出", "n"] == 2 and jia.loc["(none)", "n"] == 1
    assert abs(jia["share"].sum() - 1) < 1e-12
    assert counts.groupby("group")["share"].sum().round(12).eq(1).all()


def test_move_counts_need_the_group_column():
    docs = pd.DataFrame({"doc_id": ["a"], "place": ["甲市"], "text": ["全会指出，甲。"]})
    with pytest.raises(KeyError, match="keep"):
        corpus.move_counts(paragraphs(docs))
    with pytest.raises(TypeError, match="paragraphs"):
        corpus.move_counts(docs)


def test_charts_draw_one_bar_per_document(seed_docs):
    overview = corpus.corpus_overview(seed_docs)
    fig = plot.plot_lengths(overview)
    assert len(fig.axes[0].patches) == len(seed_docs)
    fig = plot.plot_attendance(overview, lang="en")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(label.startswith("Zhenjiang") for label in labels)


def test_doc_labels(seed_docs):
    labels = plot.doc_labels(seed_docs, lang="en")
    assert labels.iloc[0] == "Zhenjiang 2021-12"
    assert labels.iloc[3] == "Quzhou 2022-07"  # no meeting date: the publication month


def test_plenum_reports_and_the_pages_left_out(seed_docs):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_meetings import NEAR_MISSES

    from plenum import excluded_pages, parse_report, plenum_reports

    extra = pd.DataFrame([dict(parse_report(NEAR_MISSES["discipline_short"]), doc_id="zz_discipline"),
                          dict(seed_docs.iloc[0].to_dict(), doc_id="zz_copy", duplicate_of=seed_docs["doc_id"][0])])
    docs = pd.concat([seed_docs, extra], ignore_index=True)
    kept = plenum_reports(docs)
    assert list(kept["doc_id"]) == list(seed_docs["doc_id"])
    left = excluded_pages(docs).set_index("doc_id")
    assert list(left.index) == ["zz_discipline", "zz_copy"]
    assert left.loc["zz_discipline", "reason"] == "县纪委十四届三次全会召开"
    assert left.loc["zz_copy", "reason"] == f"duplicate of {seed_docs['doc_id'][0]}"
    assert excluded_pages(seed_docs).empty
