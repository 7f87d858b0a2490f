"""The incremental cache: a report added to a tokenized corpus re-cuts only the reports that
contain a word it brings, and every table equals what tokenizing from nothing returns."""

import sqlite3

import pandas as pd
import pytest

from conftest import stored_token_keys
from plenum.cache import pack_spans
from plenum import segmenter as S
from plenum import tokens as T
from plenum.tokens import tokenize
from plenum.vocabulary import corpus_words

ENGINES = ["jieba", pytest.param("rjieba", marks=pytest.mark.skipif(
    not T.engine_name("auto") == "rjieba", reason="rjieba is not installed"))]


_token_keys = stored_token_keys


def _report(doc_id: str, place: str, body: str) -> dict:
    return {"doc_id": doc_id, "place": place, "text": body, "text_simplified": body}


@pytest.fixture()
def corpus(seed_docs):
    """The seeds, the first of which mentions a county that none of them is about."""
    docs = seed_docs[["doc_id", "place", "text", "text_simplified"]].copy()
    mention = "\n会议指出，要学习借鉴瑞金市推进红色资源保护利用的做法。"
    docs.loc[0, "text"] = docs.loc[0, "text"] + mention
    docs.loc[0, "text_simplified"] = docs.loc[0, "text_simplified"] + mention
    return docs.reset_index(drop=True)


NEW_REPORT = _report("new_report", "瑞金市", "中共瑞金市委全会召开\n全会强调，要坚持“三个不放松”，奋力推进苏区振兴发展。")


@pytest.mark.parametrize("session", ["same session", "new session"])
@pytest.mark.parametrize("engine", ENGINES)
def test_an_added_report_recuts_only_the_reports_containing_a_word_it_brings(corpus, engine, session, tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    assert "瑞金市" not in corpus_words(corpus)
    tokenize(corpus, engine=engine)
    if session == "new session":  # the others come from the store, not from this process's memory
        T._Encoder.forget()
    before = _token_keys(tmp_path)
    grown = pd.concat([corpus, pd.DataFrame([NEW_REPORT])], ignore_index=True)
    assert "瑞金市" in corpus_words(grown)
    cut = []
    real = T._cut_document
    monkeypatch.setattr(T, "_cut_document", lambda c, texts, simples, p: cut.extend(texts) or real(c, texts, simples, p))
    out = tokenize(grown, engine=engine)
    # the new report and the one report that names its county, nothing else
    assert len(_token_keys(tmp_path) - before) == 2
    n_new = len(T._by_document(grown.iloc[[0, len(grown) - 1]], cache=False)[0]) and sum(
        len(g["text"]) for g in T._by_document(grown.iloc[[0, len(grown) - 1]], cache=False)[0].values())
    assert len(cut) == n_new
    pd.testing.assert_frame_equal(out, tokenize(grown, engine=engine, cache=False))
    assert (out.loc[out["doc_id"] == corpus.loc[0, "doc_id"], "token"] == "瑞金市").any()


def _absent_words(docs, budget: int) -> list[str]:
    """Pairs of jieba's most frequent characters that no report contains (quote marks
    out), as many as keep the frequencies they need within ``budget``: each would shift
    the dictionary's total if it were not held."""
    known, total = S._dictionary()
    bare = "\n".join(T._unquoted(t) for t in docs["text_simplified"])
    chars = sorted(((f, w) for w, f in known.items() if len(w) == 1 and "\u4e00" <= w <= "\u9fff"), reverse=True)[:80]
    pairs = sorted(((f1 * f2 // total, a + b) for f1, a in chars for f2, b in chars
                    if a + b not in known and a + b not in bare), reverse=True)
    out, used = [], 0
    for freq, word in pairs:
        if used + freq + 1 <= budget:
            out.append(word)
            used += freq + 1
    assert used > budget // 2
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_a_reports_tokens_do_not_depend_on_words_it_does_not_contain(seed_docs, engine):
    docs = seed_docs[["doc_id", "place", "text", "text_simplified"]]
    alone = tokenize(docs, engine=engine, cache=False)
    quoting = "，".join(f"“{w}”" for w in _absent_words(docs, S.TOTAL_RESERVE // 2))
    beside = tokenize(pd.concat([docs, pd.DataFrame([_report("z", None, quoting)])], ignore_index=True),
                      engine=engine, cache=False)
    beside = beside[beside["doc_id"] != "z"].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, beside, check_categorical=False)


def test_the_reference_dictionary_total_stays_fixed_whatever_is_added(seed_docs):
    tok, used = S._base_tokenizer()
    totals = []
    for own in ([], corpus_words(seed_docs), [f"{w}测试区" for w in corpus_words(seed_docs)]):
        with S._segmenter("jieba", [], own) as (_cut, held):
            assert held
            totals.append(tok.total)
    assert len(set(totals)) == 1
    assert tok.total == S._dictionary()[1] + max(S.TOTAL_RESERVE, used)


def test_both_engines_give_every_word_the_same_frequency(seed_docs):
    pytest.importorskip("rjieba")
    own = corpus_words(seed_docs)
    words = [w for w in own if len(w) >= 2]
    with S._segmenter("jieba", [], own) as (cut_py, _):
        python = [cut_py(w) for w in words]
    with S._segmenter("rjieba", [], own) as (cut_rs, _):
        rust = [cut_rs(w) for w in words]
    assert python == rust
    assert sum(p == [w] for p, w in zip(python, words)) == len(words)


def test_an_overrun_reserve_keys_on_the_whole_dictionary(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    monkeypatch.setattr(S, "TOTAL_RESERVE", 0)
    first = tokenize(corpus)
    pd.testing.assert_frame_equal(first, tokenize(corpus, cache=False))
    before = _token_keys(tmp_path)
    grown = pd.concat([corpus, pd.DataFrame([NEW_REPORT])], ignore_index=True)
    out = tokenize(grown)
    # the total now depends on every word, so every report is cut and keyed anew
    assert len(_token_keys(tmp_path) - before) == len(grown)
    pd.testing.assert_frame_equal(out, tokenize(grown, cache=False))


@pytest.mark.parametrize("damage", [pack_spans([[1, 0, 99999]]), pack_spans([[0, 0, 5]]), pack_spans([[1, 5, 2]]),
                                    pack_spans([[99, 0, 5]]), b"S1\x00\x01", "[[1, 0, 5]]", "{}"])
def test_damaged_sentence_spans_are_recomputed(corpus, tmp_path, monkeypatch, damage):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    reference = tokenize(corpus, cache=False)
    tokenize(corpus)
    for frame in (tmp_path / "frames").glob("*"):
        frame.unlink()
    con = sqlite3.connect(tmp_path / "tokens.sqlite")
    with con:
        con.execute("UPDATE tokens SET sentences = ? WHERE key LIKE 'sentences-%'", (damage,))
    con.close()
    pd.testing.assert_frame_equal(tokenize(corpus), reference)


def test_damaged_formulations_are_recomputed(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    words = corpus_words(corpus, cache=True)
    con = sqlite3.connect(tmp_path / "tokens.sqlite")
    with con:
        con.execute("UPDATE tokens SET sentences = '[[1, 2]]' WHERE key LIKE 'formulations-%'")
    con.close()
    assert corpus_words(corpus, cache=True) == words == corpus_words(corpus)


def test_a_reused_segmenter_cuts_as_a_fresh_one(monkeypatch):
    """jieba-rs is kept for the session and each call's own words set back afterwards.
    Corpora one after another, their words overlapping and some starting with a character
    jieba's dictionary lacks (犇, G, 3: such words cannot be taken out again), cut as a
    fresh segmenter and as jieba cut them; a new segmenter is built only when a word to add
    contains such a word."""
    pytest.importorskip("rjieba")
    import random

    rng = random.Random(7)
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说" \
            "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使" \
            "犇垚G3"
    texts = ["".join(rng.choice(chars) for _ in range(300)) for _ in range(80)]

    def words_of(some):
        return sorted({t[i:i + rng.randint(2, 6)] for t in some for i in rng.sample(range(290), 12)})

    extra = list(T.token_rules()[1])
    built, original = [], S._Session
    monkeypatch.setattr(S, "_Session", type("Counted", (original,), {
        "__init__": lambda self, x: built.append(x) or original.__init__(self, x)}))
    S._session_segmenter.cache_clear()

    def check(own):
        with S._segmenter("rjieba", extra, own) as (cut, held):
            reused = [cut(t) for t in texts]
        seg, tuning = S._rjieba_tuned(tuple(extra))
        tuning.add(S._own_words(own, extra))
        assert held and reused == [seg.cut(t, False) for t in texts]
        with S._segmenter("jieba", extra, own) as (cut_py, _held):
            assert reused == [cut_py(t) for t in texts]

    first = words_of(texts[:40])
    check(first)
    check(first + words_of(texts[40:45]))  # a report added: the same words and more
    dirty = S._session_segmenter(tuple(extra), S.TOTAL_RESERVE).dirty
    assert dirty and any(d in t for d in dirty for t in texts[40:])
    apart = [w for w in words_of(texts[40:]) if not any(d in w for d in dirty)]
    check(apart)  # other words; texts holding a word set back are cut by a fresh segmenter
    assert len(built) == 1
    check([sorted(dirty)[0] + "的"])  # a word holding one set back: rebuilt
    assert len(built) == 2


def test_what_a_session_remembers_never_changes_a_table(seed_docs, tmp_path, monkeypatch):
    """Corpora one after another in one process, sharing some reports: each table equals the
    one made without any cache, its categories only the words it uses; after clear_cache
    nothing remembered is used."""
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    docs = seed_docs[["doc_id", "place", "text", "text_simplified"]].reset_index(drop=True)
    recalled = []
    real = T._Encoder.recall
    monkeypatch.setattr(T._Encoder, "recall", lambda self, d, k: real(self, d, k) and not recalled.append(d))
    for part in (docs.iloc[:3], docs.iloc[2:], docs, docs.iloc[[4]]):
        out = tokenize(part)
        reference = tokenize(part, cache=False)
        pd.testing.assert_frame_equal(out, reference)
        assert set(out["token_simplified"].cat.categories) == set(out["token_simplified"])
    assert recalled  # the shared reports came from memory
    recalled.clear()
    from plenum.cache import clear_cache

    clear_cache()
    pd.testing.assert_frame_equal(tokenize(docs), tokenize(docs, cache=False))
    assert not recalled


def test_remembered_word_presence_gives_the_keys_a_full_search_gives(seed_docs, monkeypatch):
    """The keys' own words, found by looking only for the words a call adds to what the last
    call found, equal those of searching every text for every word; quote marks inside a
    word (“两湖”创新区) are looked through both ways."""
    docs = seed_docs[["doc_id", "place", "text", "text_simplified"]].reset_index(drop=True)
    extra = list(T.token_rules()[1])
    quoted = "\n全会提出，加快建设“两湖”创新区，打造“金华之心”。"
    docs.loc[1, "text"] += quoted
    docs.loc[1, "text_simplified"] += quoted
    by_doc, texts = T._by_document(docs, cache=False)
    words = corpus_words(docs)
    rounds = [words[::2], words, words + ["两湖创新区", "金华之心"], words[1::2] + ["两湖创新区"], []]
    T._PRESENCE[0] = None
    for own in rounds:
        remembered = T._document_keys(texts, by_doc, extra, own)
        saved, T._PRESENCE[0] = T._PRESENCE[0], None
        assert remembered == T._document_keys(texts, by_doc, extra, own)
        T._PRESENCE[0] = saved
    with_word = T._document_keys(texts, by_doc, extra, words + ["两湖创新区"])
    without = T._document_keys(texts, by_doc, extra, words)
    assert [d for d in with_word if with_word[d] != without[d]] == [docs.loc[1, "doc_id"]]


@pytest.mark.parametrize("damage", [None, "[1, 2, 3]", "[-1]", "{}", "not json"])
def test_stored_fixed_frequencies_equal_tuning_them_again(tmp_path, monkeypatch, damage):
    """A new session takes the fixed words' frequencies from the store; a damaged entry is
    tuned again, and either way they are those of tuning from nothing."""
    pytest.importorskip("rjieba")
    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    extra = ("两湖创新区",)
    S._static_frequencies_for.cache_clear()
    tuned = S._static_frequencies(extra)
    con = sqlite3.connect(tmp_path / "tokens.sqlite")
    (key,) = [k for (k,) in con.execute("SELECT key FROM tokens WHERE key LIKE 'static-%'")]
    if damage is not None:
        with con:
            con.execute("UPDATE tokens SET sentences = ? WHERE key = ?", (damage, key))
    con.close()
    S._static_frequencies_for.cache_clear()
    read = []
    real = S._rjieba_tuning
    monkeypatch.setattr(S, "_rjieba_tuning", lambda *a: read.append(a) or real(*a))
    assert S._static_frequencies(extra) == tuned
    assert bool(read) == (damage is not None)  # tuned again only when the entry was damaged
    S._static_frequencies_for.cache_clear()


def test_formulations_reuse_the_candidates_tokenize_stored(seed_docs, tmp_path, monkeypatch):
    """formulations takes each report's pattern candidates from the store where tokenize
    left them, with the packaged glossary or another one, and returns what it returns
    without the cache."""
    import plenum
    from plenum import vocabulary as V

    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    docs = seed_docs
    tokenize(docs)
    calls = []
    real = V.paragraph_formulations
    monkeypatch.setattr(V, "paragraph_formulations", lambda par: calls.append(par) or real(par))
    terms = plenum.glossary().iloc[::2]
    for kwargs in ({}, {"terms": terms}):
        out = plenum.formulations(docs, **kwargs)
        assert not calls  # every candidate came from the store
        pd.testing.assert_frame_equal(out, plenum.formulations(docs, cache=False, **kwargs))
        assert calls
        calls.clear()
    assert corpus_words(docs, cache=True) == corpus_words(docs)


@pytest.mark.parametrize("limit", ["REMEMBERED_TOKENS", "REMEMBERED_WORDS"])
def test_a_session_remembers_no_more_than_its_limits(seed_docs, tmp_path, monkeypatch, limit):
    from plenum import token_codes

    monkeypatch.setenv("PLENUM_CACHE", str(tmp_path))
    T._Encoder.forget()
    tokenize(seed_docs.head(2))
    assert T._Encoder._last is not None
    monkeypatch.setattr(token_codes, limit, 10)
    out = tokenize(seed_docs.head(3))
    assert T._Encoder._last is None
    pd.testing.assert_frame_equal(out, tokenize(seed_docs.head(3), cache=False))
