"""Reading a folder of report pages into one DataFrame, one row per file.

Every readable file is loaded; every file that is not, and every loaded file with
something worth knowing (a duplicate, no article found), is named with its reason in a
warning and in ``docs.attrs["problems"]``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import warnings
from pathlib import Path

import pandas as pd

from .decoding import ReportError, ReportWarning, decode_bytes  # noqa: F401  (public here too)
from .metadata import REPORT_FIELDS, parse_report
from ._text import python_strings

#: Columns of :func:`read_reports`, in order (the cautions of :func:`parse_report` go to
#: ``problems``). ``year`` follows the dates it is derived from.
_FIELDS = [f for f in REPORT_FIELDS if f != "cautions"]
_AFTER_DATES = _FIELDS.index("publish_date") + 1
DOC_COLUMNS = ["doc_id", "path", *_FIELDS[:_AFTER_DATES], "year", *_FIELDS[_AFTER_DATES:], "encoding", "sha256",
               "duplicate_of"]

_INT_COLUMNS = ["term", "plenum", "members", "alternates"]
_DATE_COLUMNS = ["meeting_date", "meeting_end_date", "publish_date"]
_STR_COLUMNS = ["doc_id", "path", "headline", "place", "prefecture", "level", "province",
                "adcode", "tier", "source", "secretary", "kind", "kind_evidence", "session_type",
                "session_evidence", "url", "script", "text", "text_simplified", "encoding", "sha256",
                "duplicate_of"]

#: Files larger than this are not read (bytes); pass ``max_bytes`` to change it.
MAX_BYTES = 50 * 1024 * 1024


class ProblemTable(pd.DataFrame):
    """``docs.attrs["problems"]``: a DataFrame of ``path, problem, loaded``.

    pandas compares ``attrs`` with ``==`` whenever it combines frames (concat, astype,
    merge); a plain DataFrame there makes that comparison ambiguous and raises. This
    table compares equal as a whole instead (``a == b`` is ``a.equals(b)``), so the docs
    frame survives every pandas operation. Compare columns as usual.
    """

    @property
    def _constructor(self):
        return ProblemTable

    def __eq__(self, other):
        return isinstance(other, pd.DataFrame) and self.equals(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None


#: Seconds one page may take to parse; past them it is parsed with the simple rules only
#: (its lines as the text, no metadata) and the page is named in ``problems``.
PAGE_BUDGET_SECONDS = 10.0


class _OverBudget(BaseException):
    """Raised by the page-budget timer. Not an ``Exception``: a parser's own ``except
    Exception`` fallback (malformed markup, a date it cannot read) must not swallow it."""


def _parse_within(text: str, budget: float) -> dict:
    """:func:`parse_report` within ``budget`` seconds where the platform can interrupt it (a
    timer signal in the process's main thread); past the budget, the simple rules: the page's
    non-empty lines as its text, every field missing, kind "other", and a caution saying so."""
    import signal
    import threading

    if not budget or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return parse_report(text)

    parsing = [True]

    def stop(_signum, _frame):
        if parsing[0]:  # a signal handled after parsing ended must not escape as an error
            raise _OverBudget

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        try:
            return parse_report(text)
        finally:
            parsing[0] = False
    except _OverBudget:
        record = {field: None for field in REPORT_FIELDS}
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        record.update(text="\n".join(lines), text_simplified="\n".join(lines), kind="other", script="simplified",
                      n_chars=sum(map(len, lines)), n_chars_raw=len(text), documents=[],
                      cautions=[f"took over {budget:g} s to parse: read with the simple rules only "
                                "(its lines as the text, no metadata)"])
        return record
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_report(path: str | Path, *, max_bytes: int = MAX_BYTES) -> dict:
    """Read and parse one file.

    Parameters
    ----------
    path : str or Path
        The file.
    max_bytes : int, keyword-only
        Larger files are not read.

    Returns
    -------
    dict
        :func:`parse_report`'s dict plus ``encoding`` and ``sha256`` (of the file's bytes).

    Raises
    ------
    ReportError
        Naming the reason when the file cannot be read as text (or is over ``max_bytes``).
    """
    return _read_file(Path(path), max_bytes, PAGE_BUDGET_SECONDS)


def _read_file(path: Path, max_bytes: int, budget: float) -> dict:
    size = path.stat().st_size
    if size > max_bytes:
        raise ReportError(f"file is {size:,} bytes ({size / 2**20:.1f} MiB), over the limit of "
                          f"{max_bytes:,} bytes (pass max_bytes= to read it)")
    data = path.read_bytes()
    text, encoding = decode_bytes(data)
    record = _parse_within(text, budget)
    record["encoding"] = encoding
    record["sha256"] = hashlib.sha256(data).hexdigest()
    return record


def _read_one(path: Path, max_bytes: int, budget: float) -> tuple[str, object]:
    """("ok", record) or ("error", reason): never raises, so one file cannot stop a run.
    Settings arrive as arguments: a reused worker does not see later changes to globals."""
    try:
        return "ok", _read_file(path, max_bytes, budget)
    except ReportError as exc:
        return "error", str(exc)
    except OSError as exc:
        return "error", f"cannot open: {exc.strerror or exc}"
    except Exception as exc:  # a parser bug must not stop the corpus
        return "error", f"parser failed: {type(exc).__name__}: {exc}"


#: Below this many files, reading stays in one process (starting workers costs more).
#: None: set from the start cost measured for each start method (see :func:`_min_files`).
PARALLEL_MIN_FILES: int | None = None

#: How worker processes start: None picks for this machine (see :func:`_pool_context`);
#: "fork", "forkserver" or "spawn" force one.
START_METHOD: str | None = None

_POOL: dict = {}


def _pool_context():
    """fork on Linux while this process runs a single thread (workers start at once and never
    import the caller's script); otherwise forkserver where it exists, spawn elsewhere."""
    import multiprocessing as mp
    import sys
    import threading

    methods = mp.get_all_start_methods()
    if START_METHOD is not None:
        return mp.get_context(START_METHOD)
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


class _MainHidden:
    """While worker processes start, show them an empty ``__main__``.

    spawn and forkserver children re-run the parent's ``__main__`` file before they work, so a
    user's script without an ``if __name__ == "__main__":`` guard would run once per worker.
    The workers only need :func:`_read_one`, which lives here, so they are given no script.
    """

    def __enter__(self):
        import sys
        import types

        self.main = sys.modules.get("__main__")
        stub = types.ModuleType("__main__")
        stub.__spec__ = None
        sys.modules["__main__"] = stub

    def __exit__(self, *exc):
        import sys

        if self.main is not None:
            sys.modules["__main__"] = self.main


def _pool(workers: int, context=None):
    """A process pool of ``workers``. Forked pools start in ≈10 ms and are made per call, so
    they always carry the caller's current state; forkserver and spawn pools take ≈0.3–1 s
    to start, so one per size is started once and reused for the session."""
    import concurrent.futures as cf

    context = context or _pool_context()
    key = (context.get_start_method(), workers)
    pool = _POOL.get(key)
    if pool is None:
        if key[0] == "forkserver":
            context.set_forkserver_preload(["plenum.reading"])
        pool = cf.ProcessPoolExecutor(workers, mp_context=context)
        try:
            with _MainHidden(), warnings.catch_warnings():
                # Python 3.12+ warns on fork when the process has native threads; we fork only
                # when no other Python thread runs, and numpy's BLAS threads handle fork.
                warnings.filterwarnings("ignore", "This process .* is multi-threaded",
                                        DeprecationWarning)
                pool.submit(int).result()  # start now, before a progress bar starts its thread
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        if key[0] != "fork":
            _POOL[key] = pool
    return pool


def _min_files(method: str) -> int:
    """Files from which two or more workers beat one process: reading costs ≈3.5 ms a page
    and a second core saves about half of it, against a start of ≈10 ms for fork and
    ≈0.3–1 s for forkserver or spawn (paid once a session, as their pool is reused)."""
    if PARALLEL_MIN_FILES is not None:
        return PARALLEL_MIN_FILES
    if method == "fork" or any(key[0] == method for key in _POOL):
        return 16
    return 400


def _drop_pools() -> None:
    for pool in _POOL.values():
        pool.shutdown(wait=False, cancel_futures=True)
    _POOL.clear()


def _read_all(paths: list[Path], max_bytes: int, workers: int | None, progress: bool | None):
    """Outcomes of :func:`_read_one` for every path, in order, on ``workers`` processes
    (default: every core, once there are :func:`_min_files` files or more)."""
    import concurrent.futures as cf

    from tqdm.auto import tqdm

    context = None
    if workers is None:
        context = _pool_context()
        many = len(paths) >= _min_files(context.get_start_method())
        workers = (os.cpu_count() or 1) if many else 1
    pool = None
    if workers > 1:
        context = context or _pool_context()
        try:
            pool = _pool(workers, context)
        except (cf.process.BrokenProcessPool, OSError, RuntimeError) as exc:
            return _serial_instead(exc, paths, max_bytes, progress)
    show = len(paths) >= 50 if progress is None else progress
    bar = tqdm(total=len(paths), desc="reading reports", unit="file", disable=not show)
    try:
        if pool is None:
            out = []
            for path in paths:
                out.append(_read_one(path, max_bytes, PAGE_BUDGET_SECONDS))
                bar.update()
            return out
        chunk = max(1, len(paths) // (workers * 8))
        try:
            with _MainHidden():  # every chunk is submitted, and every worker started, here
                results = pool.map(_read_one, paths, [max_bytes] * len(paths),
                                   [PAGE_BUDGET_SECONDS] * len(paths), chunksize=chunk)
            out = []
            for outcome in results:
                out.append(outcome)
                bar.update()
            return out
        except (cf.process.BrokenProcessPool, OSError, RuntimeError) as exc:
            bar.close()
            return _serial_instead(exc, paths, max_bytes, progress)
    finally:
        bar.close()
        if pool is not None and context.get_start_method() == "fork":
            pool.shutdown(wait=True)


def _serial_instead(exc: BaseException, paths, max_bytes, progress):
    _drop_pools()
    warnings.warn(f"reading in parallel failed ({type(exc).__name__}: {exc}); reading in one "
                  "process instead (pass workers=1 to skip the attempt)", RuntimeWarning,
                  stacklevel=4)
    return _read_all(paths, max_bytes, 1, progress)


_JUNK = re.compile(r"^(?:Thumbs\.db|desktop\.ini|ehthumbs\.db|Icon\r|~\$.*|.*~|\._.*)$", re.IGNORECASE)


def _files(folder: Path, follow_links: bool = False) -> tuple[list[Path], list[tuple[str, str]], int]:
    """The regular files under ``folder`` (hidden ones skipped), what could not be read as one
    (link loops, dangling links, links out of the folder, FIFOs and devices, unreadable
    folders), and how many system files (Thumbs.db, desktop.ini, ~$ lock files) were skipped."""
    import os
    import stat

    root = folder.resolve()
    files: list[Path] = []
    issues: list[tuple[str, str]] = []
    junk = 0
    seen_dirs = {root}

    def rel(p: Path) -> str:
        return safe_name(p.relative_to(folder).as_posix())

    def inside(target: Path) -> bool:
        return target == root or root in target.parents

    def walk(current: Path) -> None:
        nonlocal junk
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            issues.append((rel(current) if current != folder else ".", f"unreadable folder ({exc.strerror or exc})"))
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if _JUNK.match(entry.name):
                junk += 1
                continue
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except FileNotFoundError:
                    issues.append((rel(path), "dangling link (its target does not exist)"))
                    continue
                except (RuntimeError, OSError):
                    issues.append((rel(path), "link loop"))
                    continue
                if not inside(target) and not follow_links:
                    issues.append((rel(path), "link to outside the folder (not followed; pass follow_links=True)"))
                    continue
                if target.is_dir():
                    if target in seen_dirs:
                        issues.append((rel(path), "link loop (a folder already read)"))
                        continue
                    seen_dirs.add(target)
                    walk(path)
                    continue
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                issues.append((rel(path), f"cannot be read ({exc.strerror or exc})"))
                continue
            if stat.S_ISDIR(mode):
                real = path.resolve()
                if real in seen_dirs:
                    continue
                seen_dirs.add(real)
                walk(path)
            elif stat.S_ISREG(mode):
                files.append(path)
            else:
                kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
                issues.append((rel(path), f"not a regular file ({kind}; not read)"))

    walk(folder)
    return sorted(files), issues, junk


def safe_name(name: str) -> str:
    """A file name every function can carry: bytes that are not UTF-8 (a GBK name on a UTF-8
    file system) written as ``\\xNN`` escapes and control characters (a line break) as
    ``\\n`` or ``\\xNN``, so that the name stays on one line and the escapes say which bytes
    the name had; any other name is returned as it is."""
    if name.isprintable() and not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name
    text = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _doc_ids(paths: list[Path], folder: Path) -> list[str]:
    """The file stem, or the relative path (suffix kept) when stems collide; made safe
    (:func:`safe_name`)."""
    stems = [safe_name(p.stem) for p in paths]
    counts = pd.Series(stems, dtype="object").value_counts()
    return [stem if counts[stem] == 1 else safe_name(p.relative_to(folder).as_posix())
            for stem, p in zip(stems, paths)]


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in DOC_COLUMNS})


@python_strings
def read_reports(folder: str | Path = "seeds", *, errors: str = "warn",
                 max_bytes: int = MAX_BYTES, workers: int | None = None,
                 progress: bool | None = None, follow_links: bool = False, files=None) -> pd.DataFrame:
    """Read every file under ``folder`` (hidden files skipped) into one DataFrame.

    Parameters
    ----------
    folder : str or Path
        The folder of report pages (searched recursively).
    errors : {"warn", "raise", "ignore"}, keyword-only
        "warn" (default) warns once per problem file, naming it and the reason; "raise"
        raises :class:`ReportError` at the first problem; "ignore" stays quiet. Either way the
        problems are in ``docs.attrs["problems"]``, a DataFrame with columns ``path, problem,
        loaded``.
    max_bytes : int, keyword-only
        Larger files are not read (a problem).
    workers : int, optional, keyword-only
        Processes to parse on (default: all cores once the files are enough to repay starting
        workers: 16 where they fork, 400 otherwise; the result is the same either way). A
        script needs no ``if __name__ == "__main__":`` guard: workers never re-run it.
    progress : bool, optional, keyword-only
        A progress bar (default: only from 50 files on).
    follow_links : bool, keyword-only
        Follow links that lead out of ``folder`` (links inside it are always followed).
        Every file not read is named in ``problems``: link loops, dangling links, links out
        of the folder, FIFOs and devices, unreadable folders; system files (Thumbs.db,
        desktop.ini, ~$ lock files) are skipped and counted in one row.
    files : sequence of str, optional, keyword-only
        Read only these files of the folder (paths relative to it, as
        :func:`plenum.partitions.file_partitions` lists them), with the doc_ids they have in
        the whole folder; problems of files outside them are not reported.

    Returns
    -------
    DataFrame
        One row per readable file, sorted by ``doc_id`` (the file stem; the relative path,
        suffix kept, when two files share a stem). Columns: see :data:`DOC_COLUMNS` and the
        README.
    """
    if errors not in ("warn", "raise", "ignore"):
        raise ValueError(f"errors must be 'warn', 'raise' or 'ignore', not {errors!r}")
    if not str(folder).strip():
        raise ValueError("read_reports needs a folder; an empty path would read the working directory")
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no folder of reports at {folder}")
    paths, unread, junk = _files(folder, follow_links)
    ids = _doc_ids(paths, folder)
    if files is not None:
        wanted = {Path(f).as_posix() for f in files}
        chosen = [i for i, p in enumerate(paths) if p.relative_to(folder).as_posix() in wanted]
        missing = wanted - {paths[i].relative_to(folder).as_posix() for i in chosen}
        if missing:
            raise FileNotFoundError(f"not report files of {folder}: {sorted(missing)[:5]}")
        paths, ids, unread, junk = [paths[i] for i in chosen], [ids[i] for i in chosen], [], 0
    problems: list[dict] = []

    def problem(rel: str, reason: str, loaded: bool) -> None:
        problems.append({"path": rel, "problem": reason, "loaded": loaded})
        if errors == "raise":
            raise ReportError(f"{rel}: {reason}")
        if errors == "warn":
            warnings.warn(f"{rel}: {reason}", ReportWarning, stacklevel=3)

    for rel, reason in unread:
        problem(rel, reason, loaded=False)
    if junk:
        problem(".", f"skipped {junk} system file{'s' if junk != 1 else ''} (Thumbs.db, desktop.ini, ~$ lock files …)",
                loaded=False)
    if not paths and files is None:
        warnings.warn(f"{folder}: no files to read", ReportWarning, stacklevel=2)
    rows = []
    outcomes = _read_all(paths, max_bytes, workers, progress)
    for path, doc_id, (status, value) in zip(paths, ids, outcomes):
        rel = safe_name(path.relative_to(folder).as_posix())
        if status == "error":
            problem(rel, value, loaded=False)
            continue
        record = value
        record.update(doc_id=doc_id, path=rel)
        if "replaced" in record["encoding"] or "removed" in record["encoding"]:
            problem(rel, f"damaged text: decoded as {record['encoding']}", loaded=True)
        elif record["encoding"].startswith("mixed"):
            problem(rel, "mixed encodings: decoded line by line", loaded=True)
        if not record["text"]:
            problem(rel, "no article text found (loaded with empty text)", loaded=True)
        for caution in record.pop("cautions", []):
            problem(rel, caution, loaded=True)
        rows.append(record)

    docs = pd.DataFrame.from_records(rows, columns=DOC_COLUMNS) if rows else _empty_frame()
    docs = docs.sort_values("doc_id", ignore_index=True)
    docs["duplicate_of"] = _duplicates(docs)
    for rel, first in docs.loc[docs["duplicate_of"].notna(), ["path", "duplicate_of"]].itertuples(index=False):
        problem(rel, f"duplicate of {first} (the same article text; loaded)", loaded=True)

    docs = _typed(docs)
    docs.attrs["problems"] = ProblemTable(problems, columns=["path", "problem", "loaded"])
    return docs


@functools.lru_cache(maxsize=None)
def _both_encodings(ch: str) -> bool:
    """Whether a character survives both GBK and Big5: a copy saved in the other one keeps it."""
    try:
        ch.encode("gbk")
        ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return ch not in "?？"


def _duplicate_key(text: str) -> str:
    """The article text as every copy of it reads: simplified, no white space, and without
    the characters an encoding may lose (〇 has no Big5 code and becomes ?)."""
    drop = {ord(ch): None for ch in set(text) if ch.isspace() or not _both_encodings(ch)}
    return hashlib.sha1(text.translate(drop).encode("utf-8")).hexdigest()


def report_files(folder, *, follow_links: bool = False) -> list[Path]:
    """The files :func:`read_reports` would read under ``folder``, in its order."""
    return _files(Path(folder), follow_links)[0]


def article_key(text: str) -> str:
    """What two pages with the same article share (:func:`read_reports` marks the later one
    ``duplicate_of`` the first): a hash of the text, simplified, without white space and
    without the characters an encoding may lose."""
    return _duplicate_key(text)


def _duplicates(docs: pd.DataFrame) -> pd.Series:
    """doc_id of the first file with the same article text, compared in simplified characters
    with white space ignored, so a traditional-script mirror is a duplicate of its original,
    and without the characters GBK or Big5 cannot hold, so a copy saved in the other encoding
    (〇 written as ?) is one too."""
    first: dict[str, str] = {}
    out = []
    for doc_id, text in zip(docs["doc_id"], docs["text_simplified"]):
        if not isinstance(text, str) or not text:
            out.append(pd.NA)
            continue
        key = _duplicate_key(text)
        out.append(first.get(key, pd.NA))
        first.setdefault(key, doc_id)
    return pd.Series(out, index=docs.index, dtype="object")


def _typed(docs: pd.DataFrame) -> pd.DataFrame:
    for col in _INT_COLUMNS:
        docs[col] = pd.array([None if pd.isna(v) or not -2**63 < int(v) < 2**63 else int(v) for v in docs[col]],
                             dtype="Int64")
    for col in _DATE_COLUMNS:
        docs[col] = pd.to_datetime(docs[col])
    # The session's year: when it met, or when the page was published if it never says.
    docs["year"] = docs["meeting_date"].dt.year.fillna(docs["publish_date"].dt.year).astype("Int64")
    for col in _STR_COLUMNS:
        docs[col] = docs[col].astype("string")
    docs["expanded"] = pd.array([None if pd.isna(v) else bool(v) for v in docs["expanded"]],
                                dtype="boolean")
    for col in ("n_chars", "n_chars_raw"):
        docs[col] = docs[col].astype("int64")
    docs["documents"] = [list(v) if isinstance(v, list) else [] for v in docs["documents"]]
    return docs
