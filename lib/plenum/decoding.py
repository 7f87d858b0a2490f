"""Decoding a page's bytes: the encoding chosen by plausibility, repairs counted in its
name, and pages that are not Chinese, binary, empty or in no one encoding refused with the
reason."""

from __future__ import annotations

import codecs
import functools
import re

from ._text import to_simplified


class ReportError(ValueError):
    """A file could not be read as a report; the message names the file and the reason."""


class ReportWarning(UserWarning):
    """A file was skipped or loaded with a caveat; the message names the file and why."""


_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _plausibility(text: str) -> float:
    """Share of a text's first 3,000 non-space characters that are ordinary: ASCII,
    common punctuation, or Chinese characters in GB2312 once simplified. Right decodings
    of Chinese pages score near 1; a wrong codec's output (Big5 bytes read as GB18030,
    UTF-16 read as anything else) scores far lower."""
    sample = "".join(text[:6000].split())[:3000]
    if not sample:
        return 0.0
    simplified = to_simplified(sample)
    ok = 0
    for ch in simplified:
        if ch.isascii():
            ok += ch.isprintable()
        elif "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u2027":
            ok += 1
        else:
            try:
                ch.encode("gb2312")
                ok += 1
            except UnicodeEncodeError:
                pass
    return ok / len(simplified) if simplified else 0.0


_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@functools.lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    from .lexicon import word_list

    return frozenset(word_list("common_chars"))


def _not_chinese(text: str, data: bytes) -> str | None:
    """Why a decoded page is not Chinese (Japanese kana, Korean hangul), or None. A page whose
    Chinese characters are mostly rare ones (the mixture Korean or Japanese bytes give when
    read as GB18030) is decoded again as EUC-KR, EUC-JP and Shift-JIS to tell which."""
    sample = text[:20000]
    kana, hangul, han = len(_KANA.findall(sample)), len(_HANGUL.findall(sample)), _HAN.findall(sample)
    letters = kana + hangul + len(han)
    if letters and kana >= 0.1 * letters:
        return "not Chinese: Japanese (kana)"
    if letters and hangul >= 0.1 * letters:
        return "not Chinese: Korean (hangul)"
    if len(han) >= 50 and sum(map(_common_chars().__contains__, han)) < 0.35 * len(han):
        return _other_script(data, ("euc_kr", "euc_jp", "shift_jis"))
    return None


_SCRIPTS = {"euc_kr": ("Korean", _HANGUL), "euc_jp": ("Japanese", _KANA), "shift_jis": ("Japanese", _KANA)}


def _other_script(data: bytes, codecs_: tuple[str, ...]) -> str | None:
    """"not Chinese: …" when the bytes read, in one of ``codecs_``, as Korean or Japanese."""
    for codec in codecs_:
        label, script = _SCRIPTS[codec]
        try:
            other = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(script.findall(other[:20000])) >= 0.1 * max(1, len(other[:20000].strip())):
            return f"not Chinese: {label} ({codec.upper().replace('_', '-')})"
    return None


def _mixed(data: bytes) -> str | None:
    """A file whose lines are in different encodings (part UTF-8, part GBK), decoded line by
    line when every line is plausible Chinese; None otherwise."""
    lines = []
    for raw in data.split(b"\n"):
        for codec in ("utf-8", "gb18030", "big5"):
            try:
                line = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if not raw.strip() or _plausibility(line) >= 0.8:
                lines.append(line)
                break
        else:
            return None
    text = "\n".join(lines)
    return text if _plausibility(text) >= 0.9 else None


def _control_heavy(text: str) -> bool:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) > max(2, 0.01 * len(sample))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a page's bytes, checked to be Chinese, without NUL characters.

    See :func:`_decode` for how the encoding is chosen. A file whose lines are in different
    encodings is decoded line by line when each line reads as Chinese ("mixed (line by
    line)"); NUL characters are removed and counted in the encoding's name; a page in
    Japanese or Korean (kana or hangul, or their EUC and Shift-JIS bytes) is refused as "not
    Chinese".

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    text : str
        The decoded text.
    encoding : str
        The name of the encoding used, with what was repaired.

    Raises
    ------
    ReportError
        With the reason, when the bytes are empty, binary, not Chinese, or in no encoding
        that gives readable text.
    """
    try:
        text, name = _decode(data)
    except ReportError as exc:
        mixed = _mixed(data) if "unknown encoding" in str(exc) else None
        if mixed is None and "unknown encoding" in str(exc):
            reason = _other_script(data, ("shift_jis", "euc_jp", "euc_kr"))
            if reason:
                raise ReportError(reason) from None
        if mixed is None:
            if "unknown encoding" in str(exc) and b"\n" in data.strip():
                raise ReportError("mixed encodings or binary: no one encoding, nor one per line, reads "
                                  "as Chinese") from None
            raise
        text, name = mixed, "mixed (decoded line by line)"
    reason = _not_chinese(text, data)
    if reason:
        raise ReportError(reason)
    nul = text.count("\x00")
    if nul:
        text = _checked(text.replace("\x00", ""), name)
        name += f" ({nul} NUL character{'s' if nul > 1 else ''} removed)"
    return text, name


def _decode(data: bytes) -> tuple[str, str]:
    """The text and encoding name: a byte-order mark decides; otherwise valid UTF-8 wins, and
    else the most plausible of UTF-16 (LE/BE), GB18030 (covers GBK and GB2312) and Big5; a
    file that is valid UTF-8 but for a few per cent of damaged bytes is decoded with them
    replaced (the name says how many). ReportError when none gives readable text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise ReportError(f"starts with a {name} byte-order mark but is not valid {name} "
                                  f"({exc.reason} at byte {exc.start})") from None
            return _checked(text, name), name
    if not data.strip():
        raise ReportError("empty file")
    try:
        text = data.decode("utf-8")
        if not _control_heavy(text):
            return _checked(text, "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    scored = []
    for name in ("utf-16-le", "utf-16-be", "gb18030", "big5"):
        if name.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if not _control_heavy(text):
            _checked(text, name)  # white space only: empty, whatever the codec
            scored.append((_plausibility(text), name, text))
    scored.sort(key=lambda t: -t[0])  # stable: ties keep the order above
    if scored and scored[0][0] >= 0.8:
        _, name, text = scored[0]
        return _checked(text, name), name
    damaged = data.decode("utf-8", errors="replace")
    n_bad = damaged.count("\ufffd")
    # UTF-8 with a few per cent of damaged bytes (a file cut and patched, a copy gone wrong):
    # loaded with them replaced and counted, when the rest reads as Chinese text
    if n_bad <= max(1, 0.03 * len(data)) and len(damaged.strip()) >= 15 * n_bad \
            and not _control_heavy(damaged.replace("\ufffd", "")) \
            and _plausibility(damaged.replace("\ufffd", "")) >= 0.9:
        name = f"utf-8 ({n_bad} invalid byte{'s' if n_bad > 1 else ''} replaced)"
        return _checked(damaged, name), name
    if 0 in data[:4096]:
        raise ReportError("binary file (contains NUL bytes and decodes to no readable text), not text")
    raise ReportError("binary or unknown encoding: not readable as UTF-8, UTF-16, GB18030 or Big5")


def _checked(text: str, name: str) -> str:
    if not text.replace("\ufeff", "").strip():
        raise ReportError(f"empty file (only white space, as {name})")
    return text
