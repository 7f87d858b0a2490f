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
    from plenum.themes import _Matcher, load_codebook

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
