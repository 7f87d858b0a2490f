"""Benchmark: how plenum scales from 5 to 20,000 reports on this machine.

    make bench                     # all sizes, plus the build timing
    python bench/bench.py --sizes 5 500 --no-build

For each size N it writes N synthetic reports made from the seeds (place names, years
and paragraph order varied: no two identical) to a temporary folder, then runs the
pipeline in a fresh Python process and prints, per step, the wall time and the process's
peak resident memory so far; bare ``jieba.lcut`` on the same article text, in the same
process, gives the reference throughput. The build timing compares a full notebook run
with running the same number of notebooks that only import the libraries.

Each size also runs term frequency, keyness and theme scores in partitions of 1,000 reports
(plenum.partitions) in a process of its own, for its time and peak memory.

Targets (see bench/README.md): read+tokenize ≥ 5× bare jieba throughput; every measure ≥ 8×;
warm cache tokenization ≤ 5% of cold; one report added to the cached corpus ≤ 15% of a cold
tokenize; 20,000 reports under 4 GB peak; ≤ 60 bytes per token; an unguarded script runs
once; a full build ≤ 2× the import-only floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / (1024 if sys.platform == "darwin" else 1)


def make_corpus(n: int, folder: Path) -> int:
    import plenum
    from plenum.synthetic import synthetic_pages

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    pages = [p.read_text("utf-8") for p in seeds]
    places = list(plenum.read_reports(ROOT / "seeds", progress=False)["place"])
    total = 0
    for i, page in enumerate(synthetic_pages(pages, places, n, seed=n)):
        data = page.encode("utf-8")
        (folder / f"r{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def run_pipeline(folder: Path, cache: Path) -> dict:
    """Runs in a fresh process: every step once, timed, with peak memory after it."""
    os.environ["PLENUM_CACHE"] = str(cache)
    steps = {}

    def step(name, fn):
        start = time.perf_counter()
        value = fn()
        steps[name] = {"seconds": time.perf_counter() - start, "peak_mb": peak_mb()}
        return value

    import plenum

    step("import plenum", lambda: None)
    everything = step("read_reports", lambda: plenum.read_reports(folder, progress=False))
    # the folder holds two reports more than N: one is added after the cache is warm, the
    # other in a new process afterwards (run_added_in_new_session)
    docs, plus_one = everything.iloc[:-2], everything.iloc[:-1]
    tokens = step("tokenize (cold)", lambda: plenum.tokenize(docs))
    step("tokenize (warm cache)", lambda: plenum.tokenize(docs))
    step("tokenize (one report added)", lambda: plenum.tokenize(plus_one))
    step("term_frequency", lambda: plenum.term_frequency(tokens))
    step("keyness", lambda: plenum.keyness(tokens))
    step("theme_scores", lambda: plenum.theme_scores(docs, tokens=tokens))
    step("targets", lambda: plenum.targets(docs))
    step("formulations", lambda: plenum.formulations(docs))
    step("formulations (no cache)", lambda: plenum.formulations(docs, cache=False))
    text = "\n".join(docs["text"])
    import jieba

    load = time.perf_counter()
    jieba.initialize()
    load = time.perf_counter() - load
    start = time.perf_counter()
    jieba.lcut(text)
    bare = time.perf_counter() - start
    # Text reuse needs text that is not the same few pages rearranged (every pair of copies
    # would share everything): report-like prose drawn from the seeds' characters, stock
    # phrases, and planted passages shared by random pairs (plenum.synthetic.reuse_corpus).
    import pandas as pd
    from plenum.synthetic import reuse_corpus

    texts, plants = reuse_corpus(len(docs), seed=len(docs), planted=max(1, len(docs) // 40))
    rdocs = pd.DataFrame({"doc_id": [f"r{i}" for i in range(len(texts))], "text": texts, "text_simplified": texts})
    found = step("reuse (unduplicated text)", lambda: plenum.reuse(rdocs))
    local = {(a, b) for a, b in zip(found.loc[~found["stock"], "doc_a"], found.loc[~found["stock"], "doc_b"])}
    reuse_text = "\n".join(texts)
    start = time.perf_counter()
    jieba.lcut(reuse_text)
    reuse_bare = time.perf_counter() - start
    return {
        "reuse_text_mb": len(reuse_text.encode("utf-8")) / 2**20, "reuse_jieba_seconds": reuse_bare,
        "reuse_planted": len(plants),
        "reuse_planted_found": sum((f"r{min(a, b)}", f"r{max(a, b)}") in local for a, b, _ in plants),
        "steps": steps, "n_docs": len(docs), "n_tokens": len(tokens),
        "text_mb": len(text.encode("utf-8")) / 2**20,
        "bytes_per_token": plenum.tokens.frame_bytes(tokens) / max(1, len(tokens)),
        "jieba_seconds": bare, "jieba_load_seconds": load, "peak_mb": peak_mb(),
        "engine": plenum.tokens.engine_name("auto"),
    }


def run_added_in_new_session(folder: Path, cache: Path) -> dict:
    """Runs in a fresh process after run_pipeline, with its cache: every report of the
    folder, one more than the cache holds, tokenized by a process that has done nothing
    before (what reopening a notebook the next day costs)."""
    os.environ["PLENUM_CACHE"] = str(cache)
    import plenum

    everything = plenum.read_reports(folder, progress=False)
    start = time.perf_counter()
    plenum.tokenize(everything)
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


def run_partitioned(folder: Path, cache: Path) -> dict:
    """Runs in a fresh process: term frequency, keyness and themes counted in partitions of
    1,000 reports (plenum.partitions), tokens spilled to Parquet."""
    os.environ["PLENUM_CACHE"] = str(cache)
    from plenum.partitions import count_partitioned

    start = time.perf_counter()
    tables = count_partitioned(folder, size=1000, spill=cache.parent / "spill")
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(),
            "rows": {name: len(tables[name]) for name in ("term_frequency", "keyness", "theme_scores")}}


def bench_size(n: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "reports", Path(tmp) / "cache"
        folder.mkdir()
        raw = make_corpus(n + 2, folder)
        out = subprocess.run([sys.executable, __file__, "--pipeline", str(folder), str(cache)],
                             capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        out = subprocess.run([sys.executable, __file__, "--added", str(folder), str(cache)],
                             capture_output=True, text=True, check=True)
        result["steps"]["tokenize (one report added, new session)"] = json.loads(out.stdout.strip().splitlines()[-1])
        out = subprocess.run([sys.executable, __file__, "--partitioned", str(folder), str(Path(tmp) / "cache2")],
                             capture_output=True, text=True, check=True)
        result["partitioned"] = json.loads(out.stdout.strip().splitlines()[-1])
        result["raw_mb"] = raw / 2**20
        result["n"] = n
        return result


def bench_build() -> dict:
    """Seconds to execute the project's notebooks with the build's own runner
    (``make notebooks``), against the same number of notebooks that only import the
    libraries, run the same way (the floor: kernel start and imports)."""
    import shutil

    import nbformat

    notebooks = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    runner = ROOT / ".ci" / "execute_notebooks.py"

    def execute(paths, cwd, figures):
        env = dict(os.environ, PLENUM_CORPUS=str(ROOT / "seeds"), PLENUM_FIGURES=str(figures))
        start = time.perf_counter()
        subprocess.run([sys.executable, str(runner), *map(str, paths)], cwd=cwd, env=env, check=True,
                       capture_output=True)
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        floor = []
        for i in range(len(notebooks)):
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_code_cell(
                "import pandas, matplotlib.pyplot, jieba, wordcloud, plenum\n"
                "plenum.plot.setup_plotting(); plenum.place_table()")]
            path = tmp / f"floor_{i}.ipynb"
            nbformat.write(nb, path)
            floor.append(path)
        floor_seconds = execute(floor, tmp, tmp)
        # copies, so that timing the build leaves the committed notebooks untouched
        (tmp / "notebooks").mkdir()
        copies = [shutil.copy(nb, tmp / "notebooks" / nb.name) for nb in notebooks]
        full_seconds = execute(copies, tmp, tmp / "figures")
    return {"notebooks": len(notebooks), "full_seconds": full_seconds, "floor_seconds": floor_seconds}


def bench_pathological() -> dict[str, float]:
    """Seconds to parse pages of one long run (100,000 characters): a pattern that is not
    linear in the page shows here first."""
    import warnings

    import plenum

    runs = {"十 × 100,000": "十" * 100_000, "。 × 100,000": "。" * 100_000, "“ × 100,000": "“" * 100_000,
            "《 × 100,000": "《" * 100_000, "第 × 100,000": "第" * 100_000, "全会 × 50,000": "全会" * 50_000,
            "中 × 100,000": "中" * 100_000, "中 × 50,000 + 。 × 50,000": "中" * 50_000 + "。" * 50_000,
            "审议《…》 × 9,000": "审议《关于某某的决定》" * 9_000, "九 × 50,000 + 届": "九" * 50_000 + "届"}
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, text in runs.items():
            start = time.perf_counter()
            plenum.parse_report(text)
            out[name] = time.perf_counter() - start
    return out


UNGUARDED = """import sys, time
sys.path.insert(0, {lib!r})
print("BODY")
import plenum
start = time.perf_counter()
plenum.read_reports({folder!r}, progress=False, workers={workers})
print("SECONDS", time.perf_counter() - start)
"""


def bench_unguarded(n: int = 300) -> dict:
    """A script without an ``if __name__ == "__main__":`` guard reading n reports in parallel
    (the default) and in one process: how often its body ran, and the seconds each took."""
    out = {"n": n}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "corpus").mkdir()
        make_corpus(n, tmp / "corpus")
        for label, workers in (("default", None), ("one process", 1)):
            script = tmp / f"unguarded_{workers}.py"
            script.write_text(UNGUARDED.format(lib=str(ROOT / "lib"), folder=str(tmp / "corpus"),
                                               workers=workers), encoding="utf-8")
            run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp)
            seconds = [float(line.split()[1]) for line in run.stdout.splitlines() if line.startswith("SECONDS")]
            out[label] = {"body_runs": run.stdout.count("BODY"), "seconds": seconds[0] if seconds else float("nan")}
    return out


def report(results: list[dict], build: dict | None) -> str:
    lines = [f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
             f"Engine: {results[0]['engine'] if results else '?'}", ""]
    names = list(results[0]["steps"]) if results else []
    header = "| step | " + " | ".join(f"N={r['n']} s | N={r['n']} peak MB" for r in results) + " |"
    lines += [header, "|---" * (1 + 2 * len(results)) + "|"]
    for name in names:
        cells = []
        for r in results:
            s = r["steps"].get(name)
            cells += [f"{s['seconds']:.2f}", f"{s['peak_mb']:.0f}"] if s else ["", ""]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| N | raw MB | article MB | tokens | bytes/token | read+tokenize MB/s | bare jieba.lcut MB/s | ratio | "
                 "warm/cold | one added/cold | one added in a new session/cold | peak MB |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        s = r["steps"]
        ours = r["text_mb"] / (s["read_reports"]["seconds"] + s["tokenize (cold)"]["seconds"])
        bare = r["text_mb"] / r["jieba_seconds"]
        warm = s["tokenize (warm cache)"]["seconds"] / s["tokenize (cold)"]["seconds"]
        added = s["tokenize (one report added)"]["seconds"] / s["tokenize (cold)"]["seconds"]
        anew = s["tokenize (one report added, new session)"]["seconds"] / s["tokenize (cold)"]["seconds"]
        lines.append(f"| {r['n']} | {r['raw_mb']:.1f} | {r['text_mb']:.1f} | {r['n_tokens']:,} | "
                     f"{r['bytes_per_token']:.0f} | {ours:.2f} | {bare:.2f} | {ours / bare:.1f}× | "
                     f"{warm:.1%} | {added:.1%} | {anew:.1%} | {r['peak_mb']:.0f} |")
    measures = ["term_frequency", "keyness", "theme_scores", "targets", "formulations", "formulations (no cache)"]
    lines += ["", "| measure: bare jieba.lcut time / its time | " + " | ".join(f"N={r['n']}" for r in results) + " |",
              "|---" * (1 + len(results)) + "|"]
    for name in measures:
        cells = [f"{r['jieba_seconds'] / r['steps'][name]['seconds']:.1f}×" if name in r["steps"] else ""
                 for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| N | reuse text MB | reuse s | bare jieba.lcut s (same text) | reuse / jieba time | planted pairs found |",
              "|---|---|---|---|---|---|"]
    for r in results:
        t = r["steps"]["reuse (unduplicated text)"]["seconds"]
        lines.append(f"| {r['n']} | {r['reuse_text_mb']:.1f} | {t:.2f} | {r['reuse_jieba_seconds']:.2f} | "
                     f"{t / r['reuse_jieba_seconds']:.2f}× | {r['reuse_planted_found']} of {r['reuse_planted']} |")
    lines += ["", "| N | in memory: peak MB (whole pipeline) | in partitions of 1,000: s | peak MB |", "|---|---|---|---|"]
    for r in results:
        part = r.get("partitioned", {})
        lines.append(f"| {r['n']} | {r['peak_mb']:.0f} | {part.get('seconds', float('nan')):.1f} | "
                     f"{part.get('peak_mb', float('nan')):.0f} |")
    if build:
        lines += ["", f"Build: {build['notebooks']} notebooks in {build['full_seconds']:.1f} s; the same number "
                  f"of import-only notebooks in {build['floor_seconds']:.1f} s "
                  f"(ratio {build['full_seconds'] / build['floor_seconds']:.2f}×)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 600, 2000, 20000])
    parser.add_argument("--no-build", action="store_true", help="skip the notebook build timing")
    parser.add_argument("--pipeline", nargs=2, metavar=("FOLDER", "CACHE"), help=argparse.SUPPRESS)
    parser.add_argument("--partitioned", nargs=2, metavar=("FOLDER", "CACHE"), help=argparse.SUPPRESS)
    parser.add_argument("--added", nargs=2, metavar=("FOLDER", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pipeline:
        print(json.dumps(run_pipeline(Path(args.pipeline[0]), Path(args.pipeline[1]))))
        return
    if args.added:
        print(json.dumps(run_added_in_new_session(Path(args.added[0]), Path(args.added[1]))))
        return
    if args.partitioned:
        print(json.dumps(run_partitioned(Path(args.partitioned[0]), Path(args.partitioned[1]))))
        return
    results = []
    for n in args.sizes:
        print(f"N = {n} …", file=sys.stderr, flush=True)
        results.append(bench_size(n))
    build = None if args.no_build else bench_build()
    print(report(results, build))
    unguarded = bench_unguarded()
    print(f"\n| unguarded script, {unguarded['n']} reports | body runs | read_reports s |\n|---|---|---|")
    for label in ("default", "one process"):
        print(f"| {label} | {unguarded[label]['body_runs']} | {unguarded[label]['seconds']:.2f} |")
    print("\n| pathological page | parse s |\n|---|---|")
    for name, seconds in bench_pathological().items():
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
