"""Execute notebooks in place, in the order given, one fresh kernel each.

Prints one line per notebook with the time it took; on an error prints the failing
cell's traceback and exits 1. Widget views are kept in their text form only (their
random model ids would change on every run), so re-running an unchanged notebook
leaves git clean. One process runs every notebook, which saves a Jupyter start-up
per notebook.

    python .ci/execute_notebooks.py notebooks/01_corpus.ipynb notebooks/02_terms.ipynb
"""

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

WIDGET = "application/vnd.jupyter.widget-view+json"
LOGS = Path("build/logs")


def strip_widgets(nb) -> None:
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            out.get("data", {}).pop(WIDGET, None)


def main(paths: list[str]) -> int:
    LOGS.mkdir(parents=True, exist_ok=True)
    total = 0.0
    for name in paths:
        path = Path(name)
        print(f"== {name:<28} ", end="", flush=True)
        start = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=1200, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        log_path = LOGS / f"{path.stem}.log"
        try:
            with log_path.open("w") as log:  # the kernel's own chatter goes to build/logs/
                client.execute(stderr=log)
        except CellExecutionError as exc:
            print("FAILED")
            print(str(exc)[-4000:])
            return 1
        strip_widgets(nb)
        nbformat.write(nb, path)
        seconds = time.perf_counter() - start
        total += seconds
        print(f"done in {seconds:.0f}s", flush=True)
    print(f"== notebooks executed in {total:.0f}s; figures in {os.environ.get('PLENUM_FIGURES', 'figures')}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
