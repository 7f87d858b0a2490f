import pandas as pd
import pytest

from plenum.units import paragraph_move, paragraphs, sentences, split_sentences


def test_splits_on_sentence_stops():
    assert split_sentences("甲乙丙。丁戊己！庚辛？") == ["甲乙丙。", "丁戊己！", "庚辛？"]


def test_never_splits_inside_quotes_or_titles():
    text = "全会审议通过《关于甲。乙的决定》，强调“要团结。要奋斗”的要求。下一句。"
    assert split_sentences(text) == ["全会审议通过《关于甲。乙的决定》，强调“要团结。要奋斗”的要求。", "下一句。"]


def test_quote_that_ends_a_sentence_closes_it():
    text = "他说：“我们要努力。”全会强调，要落实。"
    assert split_sentences(text) == ["他说：“我们要努力。”", "全会强调，要落实。"]


def test_semicolon_splits_only_between_long_clauses():
    long_a = "坚持扩内需稳外需，推动经济稳健运行向好发展"
    long_b = "坚持产业强市战略，提升产业核心竞争力不断增强"
    assert split_sentences(f"{long_a}；{long_b}。") == [f"{long_a}；", f"{long_b}。"]
    assert split_sentences("甲乙；丙丁。") == ["甲乙；丙丁。"]


def test_unbalanced_quote_does_not_swallow_the_paragraph():
    text = "“开头没有结尾。" + "句子内容很长很长。" * 40
    assert len(split_sentences(text)) > 30


@pytest.mark.parametrize("par,move", [
    ("全会指出，要坚持。", "指出"),
    ("会议强调，要落实。", "强调"),
    ("全会充分肯定了市委常委会的工作。", "肯定"),
    ("全会还就做好明年经济工作作出部署，强调要稳。", "部署"),
    ("全会最后指出，关键在落实。", "指出"),
    ("全会一致同意，给予某某处分。", "通过"),
    ("区委书记陆秋明表示，让我们团结奋斗。", "表示"),
    ("全会由区委常委会主持。", None),
    ("全会以习近平新时代中国特色社会主义思想为指导，提出要求。", None),
    ("一、以党的全面领导为引领。", None),
    ("明年的主要目标为：增长8%。", None),
])
def test_paragraph_move(par, move):
    assert paragraph_move(par) == move


def test_tables_have_documented_columns_and_numbering():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["全会指出，甲。乙。\n全会强调，丙。", "丁。"]})
    pars = paragraphs(docs)
    assert list(pars.columns) == ["doc_id", "par_no", "move", "part", "text", "text_simplified"]
    assert pars["par_no"].tolist() == [1, 2, 1]
    assert pars["move"].tolist()[:2] == ["指出", "强调"] and pd.isna(pars["move"].iloc[2])
    sents = sentences(docs)
    assert list(sents.columns) == ["doc_id", "par_no", "sent_no", "text", "text_simplified"]
    assert sents["sent_no"].tolist() == [1, 2, 3, 1]
    assert sents["par_no"].tolist() == [1, 1, 2, 1]


def test_sentences_cover_the_text(seed_docs):
    sents = sentences(seed_docs)
    for doc_id, text in zip(seed_docs["doc_id"], seed_docs["text"]):
        joined = "".join(sents.loc[sents["doc_id"] == doc_id, "text"])
        assert joined == text.replace("\n", "")
