"""The segmenter: jieba's dictionary with the glossary, the fixed words of a call and a
corpus's own words added, each with the frequency that keeps it whole, and the dictionary's
total held fixed (see :mod:`plenum.tokens` for why), for either engine."""

from __future__ import annotations

import contextlib
import functools
import threading

from .lexicon import dictionary_fixes, glossary

_LOCK = threading.Lock()


#: Frequency held in reserve so that adding words never changes the dictionary's total:
#: jieba scores a cut by each word's frequency over the total, so a total that grew with
#: the corpus would let one new report change the cut of every other. Holding it fixed
#: makes each document's tokens depend only on its own text and the dictionary words that
#: occur in it, which is what lets the cache re-cut only the documents that contain a
#: newly added word. (Each added word uses about 1 of the reserve.)
TOTAL_RESERVE = 2 ** 20
# A word no page contains, whose frequency holds the unused reserve inside jieba-rs.
_BALLAST = "\U000F0000\U000F0001\U000F0002\U000F0003"


@functools.lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], int]:
    """jieba's own dictionary (the one jieba-rs embeds too) as word → frequency (the last
    entry of a word counts, as when jieba loads it), and jieba's total (every entry)."""
    from pathlib import Path

    import jieba

    import numpy as np

    parts = (Path(jieba.__file__).parent / "dict.txt").read_text("utf-8").split()
    freqs = np.fromstring(" ".join(parts[1::3]), dtype=np.int64, sep=" ")  # parsed in C
    return dict(zip(parts[0::3], freqs.tolist())), int(freqs.sum())


class _Tuning:
    """Words added with the frequency that keeps each whole, computed in exact integers
    from the engine's own cut of the word and a total held at jieba's plus
    :data:`TOTAL_RESERVE`, so both engines give every word the same frequency and a word's
    frequency depends only on the dictionary words inside it."""

    def __init__(self, cut, freq_of, set_freq):
        self.cut, self.freq_of, self.set_freq = cut, freq_of, set_freq
        self.total = _dictionary()[1] + TOTAL_RESERVE
        self.used = 0
        self.tuned: dict[str, int] | None = None  # the frequencies set, where the engine keeps them apart

    @property
    def held(self) -> bool:
        return self.used <= TOTAL_RESERVE

    def remove(self, words) -> None:
        for word in words:
            self.used -= self.freq_of(word)
            self.set_freq(word, 0)

    def add(self, words) -> None:
        """Shorter words first (:func:`_tune_order`), so a longer one is tuned last and wins."""
        for word in _tune_order(words):
            pieces = self.cut(word)
            weight = 1
            for piece in pieces:
                weight *= self.freq_of(piece) or 1
            old = self.freq_of(word)
            new = max(weight // self.total ** (len(pieces) - 1) + 1, old)
            self.used += new - old
            self.set_freq(word, new)


def _python_tuning(tok, used: int = 0) -> _Tuning:
    """Tuning of jieba's own Tokenizer, whose total is set outright (``used`` carries on
    from an earlier tuning of the same dictionary)."""
    base = _dictionary()[1]

    def set_freq(word, freq):
        tok.add_word(word, freq)
        tok.total = base + max(TOTAL_RESERVE, tuning.used)

    tuning = _Tuning(lambda w: tok.lcut(w, HMM=False), lambda w: tok.FREQ.get(w) or 0, set_freq)
    tuning.used = used
    tok.total = base + max(TOTAL_RESERVE, used)
    return tuning


@functools.lru_cache(maxsize=1)
def _base_tokenizer():
    """jieba's dictionary plus the glossary, built once per process; the tuning that built
    it, to carry on from."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    import tempfile

    tok = jieba.Tokenizer()
    # jieba keeps its dictionary cache as a marshal file; plenum's cache holds data only, so
    # the reference engine builds its dictionary in a folder of its own that is then removed.
    with tempfile.TemporaryDirectory(prefix="plenum-jieba-") as tmp:
        tok.tmp_dir = tmp
        tok.initialize()
    tuning = _python_tuning(tok)
    tuning.remove(dictionary_fixes()["word"])
    tuning.add(glossary()["term"].tolist())
    return tok, tuning.used


def _tune_order(words) -> list[str]:
    """Words to add, each once, shorter first (ties in code-point order)."""
    return sorted({w for w in words if isinstance(w, str) and len(w) >= 2}, key=lambda w: (len(w), w))


def _own_words(words, static) -> list[str]:
    """The corpus's own words to add after the fixed ones (glossary terms among them are
    tuned again, as a corpus that uses a term strengthens it)."""
    static = set(static) | set(dictionary_fixes()["word"])
    return [w for w in _tune_order(words) if w not in static]


@contextlib.contextmanager
def _added(tok, used, words, own=()):
    """Add ``words``, then the corpus's own words ``own``, for the duration of the block;
    then restore the dictionary exactly. Yields whether the total stayed fixed."""
    every = _tune_order(words) + _own_words(own, words)
    saved = {w: tok.FREQ.get(w) for w in every}
    prefixes = {w[:i] for w in every for i in range(1, len(w) + 1)}
    saved_prefixes = {p: tok.FREQ.get(p) for p in prefixes}
    total = tok.total
    try:
        tuning = _python_tuning(tok, used)
        tuning.add(words)
        tuning.add(_own_words(own, words))
        yield tuning.held
    finally:
        for key, value in {**saved_prefixes, **saved}.items():
            if value is None:
                tok.FREQ.pop(key, None)
            else:
                tok.FREQ[key] = value
        tok.total = total


ENGINES = ("auto", "rjieba", "jieba")


def engine_name(engine: str = "auto") -> str:
    """The segmentation engine ``engine`` resolves to: ``"rjieba"`` (jieba-rs, the fast
    one, when installed) or ``"jieba"`` (the reference)."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if engine == "auto":
        try:
            import rjieba  # noqa: F401
        except ImportError:
            return "jieba"
        return "rjieba"
    return engine


@contextlib.contextmanager
def _segmenter(engine: str, extra: list[str], own=()):
    """``(cut, held)`` for the duration of the block: ``cut`` a function text → tokens, with
    the glossary and ``extra`` words added, then the corpus's own words ``own``, in the same
    order and with the same frequencies for both engines (:class:`_Tuning`); ``held`` is
    False only when the words needed more than :data:`TOTAL_RESERVE`."""
    if engine == "jieba":
        with _LOCK:
            tok, used = _base_tokenizer()
            with _added(tok, used, extra, own) as held:
                yield (lambda text: tok.lcut(text, HMM=False)), held
        return
    words = _own_words(own, extra)
    if not _SESSION_LOCK.acquire(blocking=False):  # another thread is cutting: a segmenter of its own
        seg, tuning = _rjieba_tuned(tuple(extra))
        tuning.add(words)
        yield (lambda text: seg.cut(text, hmm=False)), tuning.held
        return
    try:
        session = _session_segmenter(tuple(extra), TOTAL_RESERVE)
        stale = sorted(session.dirty.difference(words))
        finder = None
        if stale:
            import ahocorasick_rs

            finder = ahocorasick_rs.AhoCorasick(stale)
            if finder.find_matches_as_indexes("\n".join(words)):
                # a word to tune contains one that no longer cuts as in a fresh segmenter
                _session_segmenter.cache_clear()
                session, finder = _session_segmenter(tuple(extra), TOTAL_RESERVE), None
        seg, tuning = session.seg, session.tuning
        fresh = []

        def cut(text: str) -> list[str]:
            if finder is not None and finder.find_matches_as_indexes(text):
                if not fresh:
                    own_seg, own_tuning = _rjieba_tuned(tuple(extra))
                    own_tuning.add(words)
                    fresh.append(own_seg)
                return fresh[0].cut(text, False)
            return seg.cut(text, False)

        try:
            tuning.add(words)
            yield cut, tuning.held
        finally:
            session.restore(words)
    finally:
        _SESSION_LOCK.release()


_SESSION_LOCK = threading.Lock()


class _Session:
    """A jieba-rs segmenter with the fixes, the glossary and a call's fixed words tuned in,
    kept for the session (building one takes longer than cutting a report), with each
    call's own words set back to their earlier frequencies when it ends.

    jieba-rs cannot forget a word. Set back to frequency 0, a word is never chosen while
    another word also starts at its place, as is always the case where its first character
    is a word of the dictionary. Otherwise (GDP万亿之城, 5G基站, a rare character) it stops
    jieba-rs from falling back to single characters there; such words are ``dirty``, and a
    text containing one that the current call does not add again is cut by a fresh
    segmenter instead."""

    def __init__(self, extra: tuple[str, ...]):
        steps, self.used = _static_frequencies(extra)
        self.seg, self.tuning = _rjieba_tuned(extra)
        self.static = dict(steps)
        self.known = _dictionary()[0]
        self.dirty: set[str] = set()

    def _freq(self, word: str) -> int:
        return self.static.get(word, self.known.get(word, 0))

    def restore(self, words) -> None:
        for word in words:
            freq = self._freq(word)
            self.seg.add_word(word, freq, None)
            self.tuning.tuned[word] = freq
            if freq == 0 and self._freq(word[0]) == 0:
                self.dirty.add(word)
        self.tuning.used = self.used
        self.seg.add_word(_BALLAST, max(TOTAL_RESERVE - self.used, 0), None)


@functools.lru_cache(maxsize=2)
def _session_segmenter(extra: tuple[str, ...], reserve: int) -> _Session:  # noqa: ARG001  (a key only)
    return _Session(extra)


def _rjieba_tuned(extra: tuple[str, ...]):
    """A jieba-rs segmenter with the fixes, the glossary and ``extra`` tuned in, and its
    :class:`_Tuning` to add more. The frequencies those words get are remembered per
    ``extra``, so a later call sets them again without cutting each word anew."""
    steps, used = _static_frequencies(extra)
    seg, tuned, tuning = _rjieba_tuning()
    for word, freq in steps:
        seg.add_word(word, freq, None)
        tuned[word] = freq
    tuning.used = used
    seg.add_word(_BALLAST, max(TOTAL_RESERVE - used, 0), None)
    return seg, tuning


def _rjieba_tuning(steps: list | None = None):
    """A fresh jieba-rs segmenter holding the reserve, the frequencies set in it, and a
    :class:`_Tuning` of it (which records each frequency it sets in ``steps``)."""
    import rjieba

    seg = rjieba.Jieba()
    known, _total = _dictionary()
    tuned: dict[str, int] = {}

    def set_freq(word, freq):
        seg.add_word(word, freq, None)
        tuned[word] = freq
        if steps is not None:
            steps.append((word, freq))
        seg.add_word(_BALLAST, max(TOTAL_RESERVE - tuning.used, 0), None)

    tuning = _Tuning(lambda w: seg.cut(w, False), lambda w: tuned.get(w, known.get(w, 0)), set_freq)
    tuning.tuned = tuned
    seg.add_word(_BALLAST, TOTAL_RESERVE, None)
    return seg, tuned, tuning


def _static_frequencies(extra: tuple[str, ...]) -> tuple[tuple[tuple[str, int], ...], int]:
    """Every frequency set while the fixes, the glossary and ``extra`` are tuned into a fresh
    jieba-rs segmenter, in order, and the reserve they used. Kept in the per-user cache too
    (keyed on everything that decides them), so a new session does not tune them again."""
    return _static_frequencies_for(extra, TOTAL_RESERVE)


@functools.lru_cache(maxsize=8)
def _static_frequencies_for(extra: tuple[str, ...], reserve: int):
    fixes, terms = list(dictionary_fixes()["word"]), glossary()["term"].tolist()
    order = fixes + _tune_order(terms) + _tune_order(extra)  # the words in the order they are set
    from . import cache as _cache

    key = f"static-{reserve}-" + _cache.dictionary_signature(extra)
    stored = _cache.read_tokens([key], check=lambda v: (
        isinstance(v, list) and len(v) == len(order) + 1 and all(type(f) is int and f >= 0 for f in v)))
    if key in stored:
        used, *freqs = stored[key]
        return tuple(zip(order, freqs)), used
    steps: list[tuple[str, int]] = []
    _seg, _tuned, tuning = _rjieba_tuning(steps)
    tuning.remove(fixes)
    tuning.add(terms)
    tuning.add(extra)
    if [w for w, _f in steps] == order:
        _cache.write_tokens({key: [tuning.used] + [f for _w, f in steps]})
    return tuple(steps), tuning.used
