"""Reading a folder of report pages into one DataFrame, one row per file.

Every readable file is loaded; every file that is not, and every loaded file with
something worth knowing (a duplicate, no article found), is named with its reason in a
warning and in ``docs.attrs["problems"]``.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import warnings
from pathlib import Path

import pandas as pd

from .metadata import REPORT_FIELDS, parse_report

#: Columns of :func:`read_reports`, in order.
DOC_COLUMNS = ["doc_id", "path"] + REPORT_FIELDS + ["encoding", "duplicate_of"]

_INT_COLUMNS = ["term", "plenum", "members", "alternates"]
_DATE_COLUMNS = ["meeting_date", "meeting_end_date", "publish_date"]
_STR_COLUMNS = ["doc_id", "path", "headline", "place", "prefecture", "level", "province",
                "adcode", "tier", "source", "secretary", "kind", "script", "text", "encoding",
                "duplicate_of"]

#: Files larger than this are not read (bytes); pass ``max_bytes`` to change it.
MAX_BYTES = 50 * 1024 * 1024


class ReportError(ValueError):
    """A file could not be read as a report; the message names the file and the reason."""


class ReportWarning(UserWarning):
    """A file was skipped or loaded with a caveat; the message names the file and why."""


_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a page's bytes: (text, encoding name).

    Tries a byte-order mark, then UTF-8, UTF-16 without BOM (recognised by its zero
    bytes), GB18030 (which covers GBK and GB2312) and Big5. Raises ReportError with the
    reason when the bytes are empty, binary, or in no encoding that gives readable text.
    """
    if not data.strip():
        raise ReportError("empty file")
    candidates: list[str] = []
    for bom, name in _BOMS:
        if data.startswith(bom):
            candidates = [name]
            break
    else:
        head = data[:4096]
        zeros_even, zeros_odd = head[0::2].count(0), head[1::2].count(0)
        if zeros_odd > len(head) / 8 and zeros_even < zeros_odd / 4:
            candidates = ["utf-16-le"]
        elif zeros_even > len(head) / 8 and zeros_odd < zeros_even / 4:
            candidates = ["utf-16-be"]
        elif 0 in head:
            raise ReportError("binary file (contains NUL bytes), not text")
        else:
            candidates = ["utf-8", "gb18030", "big5"]
    reasons = []
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            reasons.append(f"{name}: {exc.reason} at byte {exc.start}")
            continue
        sample = text[:20000]
        if len(_CONTROL.findall(sample)) > max(2, 0.01 * len(sample)):
            reasons.append(f"{name}: decodes to control characters")
            continue
        return text, name
    if any("control characters" in r for r in reasons) and len(reasons) == len(candidates):
        raise ReportError("binary file (decodes only to control characters), not text")
    raise ReportError("cannot decode as " + ", ".join(candidates) + " (" + "; ".join(reasons) + ")")


def read_report(path: str | Path, *, max_bytes: int = MAX_BYTES) -> dict:
    """Read and parse one file: :func:`parse_report`'s dict plus ``encoding``.

    Raises ReportError naming the reason when the file cannot be read as text.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise ReportError(f"file is {size / 2**20:.1f} MiB, over the {max_bytes / 2**20:.0f} MiB limit "
                          "(pass max_bytes= to read it)")
    text, encoding = decode_bytes(path.read_bytes())
    record = parse_report(text)
    record["encoding"] = encoding
    return record


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _doc_ids(paths: list[Path], folder: Path) -> list[str]:
    stems = [p.stem for p in paths]
    counts = pd.Series(stems).value_counts()
    return [p.stem if counts[p.stem] == 1 else p.relative_to(folder).with_suffix("").as_posix()
            for p in paths]


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in DOC_COLUMNS})


def read_reports(folder: str | Path = "seeds", errors: str = "warn", *,
                 max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """Read every file under ``folder`` (hidden files skipped) into one DataFrame.

    One row per readable file, sorted by ``doc_id`` (the file stem; the relative path
    without suffix when two files share a stem). Columns: see :data:`DOC_COLUMNS` and the
    README. ``errors``: "warn" (default) warns once per problem file, naming it and the
    reason; "raise" raises :class:`ReportError` at the first problem; "ignore" stays
    quiet. Either way the problems are in ``docs.attrs["problems"]``, a DataFrame with
    columns ``path, problem, loaded``.
    """
    if errors not in ("warn", "raise", "ignore"):
        raise ValueError(f"errors must be 'warn', 'raise' or 'ignore', not {errors!r}")
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder of reports at {folder}")
    paths = _files(folder)
    problems: list[dict] = []

    def problem(rel: str, reason: str, loaded: bool) -> None:
        problems.append({"path": rel, "problem": reason, "loaded": loaded})
        if errors == "raise":
            raise ReportError(f"{rel}: {reason}")
        if errors == "warn":
            warnings.warn(f"{rel}: {reason}", ReportWarning, stacklevel=3)

    rows = []
    for path, doc_id in zip(paths, _doc_ids(paths, folder)):
        rel = path.relative_to(folder).as_posix()
        try:
            record = read_report(path, max_bytes=max_bytes)
        except ReportError as exc:
            problem(rel, str(exc), loaded=False)
            continue
        except OSError as exc:
            problem(rel, f"cannot open: {exc.strerror or exc}", loaded=False)
            continue
        except Exception as exc:  # a parser bug must not stop the corpus
            problem(rel, f"parser failed: {type(exc).__name__}: {exc}", loaded=False)
            continue
        record.update(doc_id=doc_id, path=rel)
        if not record["text"]:
            problem(rel, "no article text found (loaded with empty text)", loaded=True)
        rows.append(record)

    docs = pd.DataFrame.from_records(rows, columns=DOC_COLUMNS) if rows else _empty_frame()
    docs = docs.sort_values("doc_id", ignore_index=True)
    docs["duplicate_of"] = _duplicates(docs)
    for rel, first in docs.loc[docs["duplicate_of"].notna(), ["path", "duplicate_of"]].itertuples(index=False):
        problem(rel, f"duplicate of {first} (same article text; loaded)", loaded=True)

    docs = _typed(docs)
    docs.attrs["problems"] = pd.DataFrame(problems, columns=["path", "problem", "loaded"])
    return docs


def _duplicates(docs: pd.DataFrame) -> pd.Series:
    """doc_id of the first file with the same article text (white space ignored)."""
    first: dict[str, str] = {}
    out = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        if not isinstance(text, str) or not text:
            out.append(pd.NA)
            continue
        key = hashlib.sha1(re.sub(r"\s", "", text).encode("utf-8")).hexdigest()
        out.append(first.get(key, pd.NA))
        first.setdefault(key, doc_id)
    return pd.Series(out, index=docs.index, dtype="object")


def _typed(docs: pd.DataFrame) -> pd.DataFrame:
    for col in _INT_COLUMNS:
        docs[col] = pd.array([None if pd.isna(v) else int(v) for v in docs[col]], dtype="Int64")
    for col in _DATE_COLUMNS:
        docs[col] = pd.to_datetime(docs[col])
    for col in _STR_COLUMNS:
        docs[col] = docs[col].astype("string")
    docs["expanded"] = pd.array([None if pd.isna(v) else bool(v) for v in docs["expanded"]],
                                dtype="boolean")
    for col in ("n_chars", "n_chars_raw"):
        docs[col] = docs[col].astype("int64")
    docs["documents"] = [list(v) if isinstance(v, list) else [] for v in docs["documents"]]
    return docs
