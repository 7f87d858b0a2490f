"""Themes that measure attention: invoking the centre apart from Party building, weak words
that cannot label alone, titles that are not content, review apart from tasks, and the
codebook checked out of sample (leave-one-report-out, and labelled sentences of other places)."""

import csv
from pathlib import Path

import pandas as pd
import pytest

import plenum
from plenum import theme_tuning as tt
from plenum import themes as th
from plenum import validation
from plenum.lexicon import theme_labels_path
from plenum.units import PARTS, paragraph_parts

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "lib" / "plenum" / "data" / "theme_coding_guide.md"
CODES = list(plenum.load_codebook()["themes"])
# Macro-F1 of the shipped codebook on the held-out sentences when last checked: 0.895. The
# issue's bar for reports the project has never seen is 0.85 (two human coders: about 0.92).
HELD_OUT_FLOOR = 0.85


def sents(*texts):
    return pd.DataFrame({"doc_id": "d", "par_no": 1, "sent_no": range(1, len(texts) + 1), "text": list(texts)})


def themes_of(*texts, codebook=None):
    out = th.assign_themes(sents(*texts), codebook=codebook)
    return {n: out.loc[out["sent_no"] == n, "theme"].tolist() for n in range(1, len(texts) + 1)}


# -- authority apart from party -----------------------------------------------------------------

def test_invoking_the_centre_is_authority_and_organisation_is_party():
    got = themes_of("坚定拥护“两个确立”、坚决做到“两个维护”。",
                    "全面加强基层党组织建设，驰而不息纠治“四风”。",
                    "深入学习贯彻习近平总书记重要讲话精神，持续加强干部队伍建设。")
    assert got == {1: ["authority"], 2: ["party"], 3: ["authority", "party"]}


def test_a_fixed_formula_counts_once():
    out = th.assign_themes(sents("更加紧密地团结在以习近平同志为核心的党中央周围。"))
    assert out["theme"].tolist() == ["authority"]
    assert out["matches"].iloc[0] == ["以习近平同志为核心的党中央"]   # not 习近平 + 党中央


def test_authority_and_party_are_separate_in_balance(seed_docs):
    balance = th.theme_balance(seed_docs, by="place")
    for col in ("authority_per_1k", "party_per_1k", "authority_share", "party_share", "authority_sentences"):
        assert col in balance.columns
    assert (balance["authority_share"] + balance["party_share"] <= 1 + 1e-9).all()
    assert (balance["authority_per_1k"] > 0).all()


# -- weak and strong keywords -------------------------------------------------------------------

CB = {"version": 1, "rule": {"threshold": 1.0, "weak_weight": 0.5},
      "themes": {"econ": {"keywords": ["制造业"], "weak": ["经济", "产业", "企业"]}}}


def test_a_weak_word_alone_labels_nothing_two_different_ones_do():
    got = themes_of("经济社会发展取得新成效。", "经济经济经济。", "推动经济和产业协调发展。",
                    "做强制造业。", codebook=CB)
    assert got == {1: [], 2: [], 3: ["econ"], 4: ["econ"]}


def test_the_threshold_is_data():
    strict = {**CB, "rule": {"threshold": 1.5, "weak_weight": 0.5}}
    got = themes_of("推动经济和产业协调发展。", "做强制造业。", "做强制造业，服务企业。", codebook=strict)
    assert got == {1: [], 2: [], 3: ["econ"]}
    with pytest.raises(ValueError):
        plenum.load_codebook({**CB, "rule": {"threshold": 0}})


def test_shipped_generic_words_do_not_label_alone():
    got = themes_of("推动高质量发展取得新成效。", "在新征程上再创新业绩、开创新局面。",
                    "正确处理改革发展稳定关系。", "全面提升城市能级和核心竞争力。")
    assert got == {1: [], 2: [], 3: [], 4: ["regional"]}


def test_keywords_inside_a_title_do_not_count_unless_the_rule_says_so():
    text = "全会审议通过了《关于深入学习贯彻党的二十大精神全面推进乡村振兴的决定》。"
    assert themes_of(text) == {1: []}
    cb = plenum.load_codebook()
    cb["rule"]["skip_titles"] = False
    assert themes_of(text, codebook=cb) == {1: ["authority", "rural"]}


def test_scores_count_only_hits_of_the_themes_a_sentence_carries():
    docs = pd.DataFrame({"doc_id": ["a"], "place": ["甲"], "text": ["发展经济。推动经济和产业发展。"]})
    tokens = plenum.tokenize(docs, cache=False)
    s = th.theme_scores(docs, codebook=CB, tokens=tokens).set_index("theme")
    assert s.loc["econ", "hits"] == 2 and s.loc["econ", "sentences"] == 1


# -- review apart from tasks --------------------------------------------------------------------

def test_paragraph_parts_follow_the_reporting_verb_and_markers():
    pars = ["中国共产党某县第十五届委员会第三次全体会议12月26日召开。",
            "全会由县委常委会主持，县委书记王某作报告。",
            "全会认为，一年来，全县经济运行稳中向好。",
            "全会指出，五年来，全县地区生产总值年均增长7%。",
            "全会指出，当前发展仍面临不少困难。",
            "全会强调，明年要抓好以下工作。",
            "一是做强制造业。",
            "全会审议通过了《决议》。",
            "县委委员、候补委员出席会议。"]
    from plenum.units import paragraph_move

    moves = [paragraph_move(p) for p in pars]
    parts = paragraph_parts(moves, pars)
    assert parts == ["procedure", "procedure", "review", "review", "task", "task", "task", "procedure",
                     "procedure"]
    assert set(parts) <= set(PARTS)


def test_theme_scores_by_part_split_the_report():
    docs = pd.DataFrame({"doc_id": ["a"], "place": ["甲"],
                         "text": ["全会认为，一年来，粮食产量稳定增长，耕地保护有力。\n全会强调，要做强制造业，推动产业链升级。"]})
    tokens = plenum.tokenize(docs, cache=False)
    review = th.theme_scores(docs, tokens=tokens, part="review").set_index("theme")
    task = th.theme_scores(docs, tokens=tokens, part="task").set_index("theme")
    whole = th.theme_scores(docs, tokens=tokens).set_index("theme")
    assert review.loc["rural", "hits"] > 0 and review.loc["economy", "hits"] == 0
    assert task.loc["economy", "hits"] > 0 and task.loc["rural", "hits"] == 0
    assert review.loc["rural", "n_sentences"] == 1 and task.loc["economy", "n_sentences"] == 1
    assert review["words"].iloc[0] + task["words"].iloc[0] == whole["words"].iloc[0]
    with pytest.raises(ValueError):
        th.theme_scores(docs, tokens=tokens, part="future")


def test_seed_reports_have_review_and_task_parts(seed_docs):
    pars = plenum.paragraphs(seed_docs)
    per_doc = pars.groupby("doc_id")["part"].agg(set)
    assert all({"review", "task", "procedure"} <= parts for parts in per_doc)
    review = pars[pars["part"] == "review"]
    assert review["move"].isin(["认为", "肯定"]).any()


# -- tuning and out-of-sample checks ------------------------------------------------------------

LABELS = pd.DataFrame({
    "doc_id": ["r1"] * 4 + ["r2"] * 4 + ["r3"] * 4,
    "sent_no": [1, 2, 3, 4] * 3,
    "text": ["推动经济发展。", "发展经济，稳定就业。", "做强制造业。", "加强生态保护。"] * 3,
    "labels": ["", "welfare", "econ", "eco"] * 3,
})
TOY = {"econ": ["经济", "制造业"], "eco": ["生态", "环保"], "welfare": ["就业", "收入"]}


def test_keyword_precision_counts_sentences_and_agreement():
    kp = tt.keyword_precision(LABELS, codebook=TOY).set_index(["theme", "keyword"])
    assert kp.loc[("econ", "经济"), ["sentences", "agree"]].tolist() == [6, 0]
    assert kp.loc[("econ", "制造业"), "precision"] == 1.0
    assert kp.loc[("welfare", "就业"), "sentences"] == 3


def test_tune_codebook_drops_or_weakens_words_the_labels_reject():
    tuned = tt.tune_codebook(LABELS, codebook=TOY)
    assert "经济" not in tuned["themes"]["econ"]["keywords"]           # precision 0 < drop_below
    assert tuned["tuned"] == [("econ", "经济", 1.0, None)]
    half = LABELS.assign(labels=["econ", "welfare", "econ", "eco"] * 3)  # 经济 right in half its sentences
    assert tt.tune_codebook(half, codebook=TOY)["themes"]["econ"]["keywords"]["经济"] == 0.5
    few = tt.tune_codebook(LABELS.head(4), codebook=TOY, min_sentences=3)
    assert few["themes"]["econ"]["keywords"]["经济"] == 1.0             # two sentences: too little evidence


def test_leave_one_report_out_scores_each_report_on_rules_tuned_without_it():
    out = tt.leave_one_report_out(LABELS, codebook=TOY)
    assert set(out["held_out"]) == {"r1", "r2", "r3", "pooled"}
    macro = out[out["theme"] == "macro"].set_index(["held_out", "codebook"])["f1"]
    assert macro[("pooled", "tuned")] == 1.0 and macro[("pooled", "untuned")] < 1.0
    with pytest.raises(ValueError):
        tt.leave_one_report_out(LABELS[LABELS["doc_id"] == "r1"], codebook=TOY)


def test_a_report_left_out_cannot_teach_its_own_fold():
    # r3 alone says 经济 means econ; the other reports say it does not
    labels = LABELS.copy()
    labels.loc[(labels["doc_id"] == "r3") & (labels["sent_no"] == 1), "labels"] = "econ"
    out = tt.leave_one_report_out(labels, codebook=TOY)
    r3 = out[(out["held_out"] == "r3") & (out["codebook"] == "tuned") & (out["theme"] == "econ")].iloc[0]
    assert r3["recall"] == 0.5                                       # 经济 was dropped without r3


def test_agreement_summary_on_the_packaged_labels():
    lo = tt.leave_one_report_out(extra=str(theme_labels_path("tuning")))
    summary = tt.agreement_summary({"in-sample": theme_labels_path("shipped"),
                                    "held-out": theme_labels_path("heldout")}, cross_validated=lo)
    assert summary["check"].tolist() == ["in-sample", "leave-one-report-out, untuned",
                                         "leave-one-report-out, tuned", "held-out"]
    assert summary.set_index("check").loc["held-out", "sentences"] >= 150
    assert summary.set_index("check").loc["held-out", "reports"] >= 8
    assert summary["f1"].between(0, 1).all()


def test_macro_f1_on_reports_the_codebook_never_saw_reaches_the_bar():
    v = validation.validate_themes(str(theme_labels_path("heldout"))).set_index("theme")
    assert v.loc["macro", "f1"] >= HELD_OUT_FLOOR
    assert (v.drop("macro")["support"] >= 5).all()


# -- the label files and the coding guide --------------------------------------------------------

@pytest.mark.parametrize("which", ["shipped", "tuning", "heldout"])
def test_label_files_follow_the_guide(which):
    path = Path(str(theme_labels_path(which)))
    text = path.read_text("utf-8")
    assert text.startswith("#") and "theme_coding_guide.md" in text
    labels = validation.read_labels(path)
    assert not labels.duplicated(["doc_id", "sent_no"]).any()
    used = {t for v in labels["labels"] for t in v.split(";") if t}
    assert used <= set(CODES)
    assert (labels["labels"] == "").mean() >= 0.1       # sentences with no theme are labelled too
    rows = [r for r in csv.reader(ln for ln in text.splitlines() if not ln.startswith("#"))]
    assert all(len(r) == 4 for r in rows)


def test_held_out_and_tuning_sentences_come_from_other_places_than_the_seeds(seed_docs):
    shipped = set(validation.read_labels()["text"])
    for which in ("tuning", "heldout"):
        labels = validation.read_labels(str(theme_labels_path(which)))
        assert not set(labels["text"]) & shipped
        assert not labels["doc_id"].isin(seed_docs["doc_id"]).any()
    tuning = set(validation.read_labels(str(theme_labels_path("tuning")))["doc_id"])
    heldout = set(validation.read_labels(str(theme_labels_path("heldout")))["doc_id"])
    assert not tuning & heldout


def test_coding_guide_defines_every_theme_of_the_codebook():
    guide = GUIDE.read_text("utf-8")
    for code in CODES:
        assert f"| {code} |" in guide, code


# -- figures and closing prose ------------------------------------------------------------------

def test_parts_and_agreement_figures_and_their_sentences(seed_docs):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    from plenum import plot
    from plenum import theme_tables
    from plenum.plot import findings as F

    tokens = plenum.tokenize(seed_docs)
    parts = theme_tables.theme_parts(seed_docs, tokens=tokens)
    assert parts["part"].unique().tolist() == ["review", "task"]
    whole = th.theme_scores(seed_docs, tokens=tokens).set_index(["group", "theme"])
    summed = parts.groupby(["group", "theme"])["hits"].sum()
    assert (summed <= whole["hits"].reindex(summed.index)).all()    # opening and procedure are left out
    checks = tt.agreement_summary({"in-sample": theme_labels_path("shipped"),
                                   "held-out: reports never seen": theme_labels_path("heldout")},
                                  cross_validated=tt.leave_one_report_out())
    for fig in (plot.plot_theme_parts(parts, lang="en"), plot.plot_theme_parts(parts, lang="zh"),
                plot.plot_agreement(checks)):
        assert isinstance(fig, Figure)
        assert max(fig.get_size_inches()) * 200 <= 4000     # save_figure writes 200 dpi PNGs
        plt.close(fig)
    said = str(F.themes_findings(seed_docs, scores=th.theme_scores(seed_docs, tokens=tokens), parts=parts,
                                 checks=checks))
    held = checks.set_index("check").loc["held-out: reports never seen"]
    assert f"{held['f1']:.2f}" in said and f"{int(held['sentences'])} labelled sentences" in said
    assert "the one to expect on new reports" in said and "**Review and tasks.**" in said


def test_readme_states_the_scores_the_code_computes():
    import re

    readme = (ROOT / "README.md").read_text("utf-8")
    m = re.search(r"macro-F1 (\d\.\d\d) on (\d+) sentences of (\d+) reports \(precision (\d\.\d\d), recall "
                  r"(\d\.\d\d)\), against (\d\.\d\d) in sample and (\d\.\d\d) with each shipped report left out",
                  readme)
    assert m, "the README states the held-out, in-sample and leave-one-report-out scores"
    summary = tt.agreement_summary({"in-sample": theme_labels_path("shipped"),
                                    "held-out": theme_labels_path("heldout")},
                                   cross_validated=tt.leave_one_report_out(extra=theme_labels_path("tuning")))
    s = summary.set_index("check")
    held, inside, left = s.loc["held-out"], s.loc["in-sample"], s.loc["leave-one-report-out, tuned"]
    assert m.groups() == (f"{held['f1']:.2f}", str(int(held["sentences"])), str(int(held["reports"])),
                          f"{held['precision']:.2f}", f"{held['recall']:.2f}", f"{inside['f1']:.2f}",
                          f"{left['f1']:.2f}")


def test_keyword_lists_show_strong_and_weak_words_per_theme():
    lists = th.keyword_lists(n=3)
    assert list(lists.index) == CODES and list(lists.columns) == ["strong", "weak"]
    assert "经济" in lists.loc["economy", "weak"].split("、")
    assert "经济" not in lists.loc["economy", "strong"].split("、")
    assert all(len(cell.rstrip(" …").split("、")) <= 3 for cell in lists["strong"])
