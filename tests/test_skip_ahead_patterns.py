"""Patterns rewritten to open with the characters they consume (so the regex engine skips
ahead) find exactly what their look-behind-first spelling finds."""

import random
import re

import pytest

from plenum import tokens as T
from plenum import vocabulary as V
from plenum.lexicon import word_list


def _reference_patterns() -> dict[str, re.Pattern]:
    words = sorted(word_list("formulation_suffixes"), key=len, reverse=True)
    units = "|".join(map(re.escape, sorted(word_list("slogan_units"), key=len, reverse=True)))
    unit = f"[一二两三四五六七八九十多双](?:{units})"
    return {
        "unquoted": re.compile(
            r"(?<![第\d〇零一二两三四五六七八九十百千万几每])(?P<num>[两二三四五六七八九十])(?P<cls>[个大])"
            r"(?P<core>[\u4e00-\u9fff]{2,4}?)(?=[，。；：、！？”’）》」』\s]|$|的|和|与|及|为|是|等|上|中|，)"
            r"|(?<![第\d〇零一二两三四五六七八九十百千万几每])(?P<num2>[两二三四五六七八九十])(?P<cls2>[项条张件种支])"
            r"(?P<core2>[\u4e00-\u9fff]{2,4}?)(?=[，。；：、！？”’）》」』\s]|$)"),
        "doubled": re.compile(r"(?<![第\d〇零一二两三四五六七八九十百千万几])"
                              r"(?P<num>(?P<d>[一二三四五六七八九])(?P=d)|(?<![\d.])\d{2,3})(?:发展)?(?:战略|工程)"),
        "code": re.compile(r"(?<![\d.%＋+])(?!(?:19|20)\d\d(?!\d))(?P<code>\d{1,3}(?:[+＋](?:\d{1,3}|[NnXx]))+|\d{3,4})"
                           r"(?P<noun>(?:发展|产业)?(?:" + "|".join(map(re.escape, words)) + "))"),
        "compound": re.compile(rf"(?<![第一二两三四五六七八九十多双])(?:{unit}){{2,6}}(?![个大年月日次])"),
    }


FAST = {"unquoted": V._UNQUOTED_RE, "doubled": V._DOUBLED_RE, "code": V._unquoted_code_re(),
        "compound": V._compound_re()}


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = (list("第0123456789.%+＋〇零一二两三四五六七八九十百千万几每双多个大项条张件种支，。、的和 ")
                + ["战略", "工程", "发展", "产业", "19", "20", "目标", "经验"]
                + list(word_list("slogan_units")[:8]) + list(word_list("formulation_suffixes")[:6]))
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(n)]


@pytest.mark.parametrize("name", sorted(FAST))
def test_skip_ahead_pattern_finds_what_the_reference_finds(name):
    reference = _reference_patterns()[name]
    found = 0
    for text in _texts(4000, seed=len(name)) + ["八八战略", "十八八战略", "两个维护", "第两个维护", "一核三区六城",
                                                 "456总体部署", "1+2+4+N目标任务体系", "2035行动"]:
        want = [(m.span(), m.groupdict()) for m in reference.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in FAST[name].finditer(text)] == want, text
        found += len(want)
    assert found >= 5


def test_precut_finds_what_one_alternation_finds(seed_docs):
    """The cuts before jieba, found with an automaton and one search per rule, are those of
    one alternation of the protected terms (longest first) and the rules (in order)."""
    words = ["两湖创新区", "5G+工业互联网", "第十五次党代会", "2035年远景目标", "十四五", "G60科创走廊"]
    rules = T.token_rules()[0]
    protected = sorted({w for w in words if not all(T._JIEBA_TEXT.match(c) for c in w)
                        or any(rx.search(w) for _c, rx in rules)}, key=len, reverse=True)
    one = re.compile("|".join(["(?P<w>" + "|".join(map(re.escape, protected)) + ")"]
                              + [f"(?P<r{i}>{rx.pattern})" for i, (_c, rx) in enumerate(rules)]))
    precut = T._Precut(words)
    texts = [T._unquoted(t) for t in seed_docs["text_simplified"]]
    texts += ["到2035年远景目标实现，第十五次党代会召开，5G+工业互联网、G60科创走廊，再创新业绩，十四届三次全会",
              "二〇三五年，第2035年，五届四次全会，走前列作示范"]
    n = 0
    for text in texts:
        want = [(m.start(), m.end(), -1 if m.lastgroup == "w" else int(m.lastgroup[1:]))
                for m in one.finditer(text) if m.end() > m.start()]
        assert precut.spans(text) == want
        n += len(want)
    assert n > 50


def test_formulation_counts_equal_one_alternation_without_compiling_it():
    """Terms found with an automaton and one cached pattern per term are those one
    longest-first alternation of every term finds, quote marks and look-arounds included."""
    import ahocorasick_rs

    from plenum.extract._clauses import Doc
    from plenum.extract.formulations import _count_terms, _term_regex

    vocab = sorted({"两个维护", "两个确立", "四个意识", "八八战略", "两个", "维护", "三个一", "三个一百年", "十四五",
                    "2035", "1+2+N", "五大行动", "六稳六保", "六稳"})
    rng = random.Random(5)
    pieces = vocab + ["“", "”", " ", "第", "十", "2", "，", "发展", "坚持", "的"]
    pars = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    pars += ["做到“两个”维护，践行“八八战略”", "第二个维护", "三个一百年奋斗目标", "20351+2+N"]
    doc = Doc(doc_id="d", text="\n".join(pars), ref=None, pars=pars)
    alternation = _term_regex(vocab)
    want: dict = {}
    for par_no, par in enumerate(pars, start=1):
        for m in alternation.finditer(par):
            term = re.sub(r"[“”‘’\"「」『』\s]", "", m.group(0))
            want.setdefault(term, []).append((par_no, m.start(), m.end()))
    got = _count_terms(doc, ahocorasick_rs.AhoCorasick(vocab), vocab)
    assert got == want and sum(map(len, want.values())) > 500


def test_theme_candidates_are_every_occurrence_of_every_term():
    """The automaton finds each keyword and exclude phrase wherever it starts, overlapping
    ones included, as testing every term at every position does."""
    from plenum.theme_matching import _Matcher
    from plenum.themes import load_codebook

    matcher = _Matcher(load_codebook())
    terms = sorted(matcher.owners)
    rng = random.Random(9)
    pieces = terms[:60] + list("，。的和在《》“”") + ["发展", "建设", "党的"]
    n = 0
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        want = sorted((i, i + len(t), t) for i in range(len(text)) for t in terms if text.startswith(t, i))
        if matcher.skip_titles and "《" in text:
            titles = [m.span() for m in re.finditer(r"《[^《》]{1,300}》", text)]
            want = [c for c in want if not any(a < c[0] and c[1] < b for a, b in titles)]
        assert matcher.candidates(text) == want, text
        n += len(want)
    assert n > 2000


def test_theme_candidates_of_many_texts_at_once_equal_those_of_each():
    """candidate_arrays, one automaton pass over all texts dealt back by offset, gives each
    text's candidates in candidates' order."""
    from plenum.theme_matching import _Matcher
    from plenum.themes import load_codebook

    matcher = _Matcher(load_codebook())
    terms = sorted(matcher.owners)
    rng = random.Random(4)
    pieces = terms[:80] + list("，。的和在《》“”") + ["发展", "建设", "党的", ""]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    texts[5:5] = [None, "", "《" + terms[0] + "》" + terms[0]]
    many: list[list] = [[] for _ in texts]
    for k, a, e, i in zip(*(column.tolist() for column in matcher.candidate_arrays(texts))):
        many[k].append((a, e, matcher.terms[i]))
    assert many == [matcher.candidates(t) for t in texts]
    assert sum(map(len, many)) > 3000 and many[7] == matcher.candidates(texts[7]) != []


# -- clause splitting and the clause-level checks of targets and horizons ------------------

def _mask_clause_spans(par, stops):
    """The per-character reference of where plenum.units.clause_spans cuts (the trimming of
    the pieces is the same function)."""
    from plenum._text import protected_mask
    from plenum.units import _trimmed_spans

    inside = protected_mask(par)
    return _trimmed_spans(par, [i for i, ch in enumerate(par) if ch in stops and not inside[i]])


def _mask_segments(text):
    from plenum._text import protected_mask

    inside = protected_mask(text)
    out, start, delim = [], 0, ""
    for i, ch in enumerate(text):
        if ch in "，,、" and not inside[i]:
            out.append((start, i, delim))
            start, delim = i + 1, ch
    out.append((start, len(text), delim))
    return [(s, e, d) for s, e, d in out if e > s]


def _clause_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = list("。！？!?；;：:，,、“”‘’《》（）()【】\"「」 \t发展经济增长年五世纪季度明全") + ["一年来", "十四五", "2035年"]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(n)]


def test_clause_spans_and_segments_equal_their_per_character_reference():
    from plenum.extract._clauses import segments
    from plenum.units import CLAUSE_STOPS, SENTENCE_STOPS, clause_spans

    texts = _clause_texts(4000, 11)
    for text in texts:
        for stops in (CLAUSE_STOPS, SENTENCE_STOPS, frozenset("，、")):
            assert clause_spans(text, stops) == _mask_clause_spans(text, stops), text
        assert segments(text) == _mask_segments(text), text
    assert sum(len(segments(t)) > 1 for t in texts) > 1000  # the texts do split


def test_ascii_numbers_equals_the_translation_table():
    from plenum._text import WIDE_TO_ASCII, ascii_numbers

    rng = random.Random(5)
    pool = list("０１２３４５６７８９％．，＋,.%+0123中文。") + ["ab"]
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        assert ascii_numbers(text) == text.translate(WIDE_TO_ASCII)


def test_the_horizon_precheck_never_hides_a_horizon():
    import importlib

    horizons = importlib.import_module("plenum.extract.horizons")
    rng = random.Random(3)
    pool = list("年五世纪季度明后今全内本上下半第一二三四十九未来今后此2013０，。以月度级") + ["二〇二五", "十四五", "2035"]
    hidden = 0
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        found = list(horizons._HORIZON_RE.finditer(horizons.ascii_numbers(text)))
        if not horizons._may_name_a_horizon(text):
            hidden += 1
            assert not found, text
    assert hidden > 1000


def test_the_value_cue_finds_every_value_a_target_can_take():
    """Wherever the value pattern finds a value that counts (a digit, or a Chinese numeral
    with a unit that takes one), the cheaper cue of _clause_targets finds something too."""
    import importlib

    targets = importlib.import_module("plenum.extract.targets")
    rng = random.Random(9)
    pool = list("0123456789.,-—~至到约近一二两三四五六七八九十百千数几上多第以上左右，") + list(targets.TARGET_UNITS)
    counted = 0
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        values = [m for m in targets._VALUE_RE.finditer(text)
                  if m.group("num")[0].isdigit() or m.group("unit") in targets._CN_VALUE_UNITS]
        if values:
            counted += 1
            assert targets._VALUE_CUE_RE.search(text), text
    assert counted > 2000


def test_a_paragraph_without_target_cues_has_no_clause_with_one():
    import importlib

    targets = importlib.import_module("plenum.extract.targets")
    from plenum.extract._clauses import paragraph_clauses

    rng = random.Random(13)
    pool = (list("0123456789０１２３％一二两三十百，。；：、“”（）增长高于平均同步") + list(targets.TARGET_UNITS)
            + ["进入", "跻身", "前", "强", "与经济增长", "相协调", "略高于全省平均水平"])
    flagged = 0
    for _ in range(5000):
        par = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        cues = [targets._may_hold_targets(targets.ascii_numbers(c.text)) for c in paragraph_clauses(par, 1)]
        flagged += any(cues)
        if any(cues):
            assert targets._may_hold_targets(targets.ascii_numbers(par)), par
    assert flagged > 1000


def test_theme_matches_on_arrays_equal_resolving_each_sentence():
    """_matches claims overlapping keywords in rounds over all sentences at once and weighs
    the themes on arrays; the result is row for row what select and assign give sentence by
    sentence, on random sentences dense with nested keywords and on the seeds."""
    import pandas as pd

    from conftest import SEEDS
    from plenum import read_reports
    from plenum.theme_matching import _Matcher, _matches
    from plenum.themes import load_codebook
    from plenum.units import sentences

    cb = load_codebook()
    matcher = _Matcher(cb)

    def reference(frame):
        rows = []
        for row, text in enumerate(frame["text_simplified"]):
            for code, occurrences in matcher.assign(matcher.select(matcher.candidates(text))).items():
                rows.extend((row, code, term, weight, start) for start, term, weight in occurrences)
        return pd.DataFrame(rows, columns=["row", "theme", "keyword", "weight", "start"])

    rng = random.Random(2)
    pieces = sorted(matcher.owners) + list("，。的和在《》“”") + ["发展", "建设", "党的"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(4000)]
    frame = pd.DataFrame({"text": texts, "text_simplified": texts})
    got = _matches(frame, cb)
    pd.testing.assert_frame_equal(got, reference(frame))
    assert len(got) > 10000 and got["row"].nunique() > 3000
    seeds = sentences(read_reports(SEEDS))
    pd.testing.assert_frame_equal(_matches(seeds, cb), reference(seeds))
    none = pd.DataFrame({"text": ["无关"], "text_simplified": ["无关"]})
    pd.testing.assert_frame_equal(_matches(none, cb), reference(none))


def test_the_full_width_precheck_names_exactly_the_characters_translated():
    from plenum.cleaning import _FULLWIDTH_ALNUM, _FULLWIDTH_ALNUM_RE, normalize_line

    table = {chr(k) for k in _FULLWIDTH_ALNUM}
    assert {chr(c) for c in range(0x10000) if _FULLWIDTH_ALNUM_RE.match(chr(c))} == table
    assert normalize_line("ＧＤＰ增长６％") == "GDP增长6％"  # letters and digits only
