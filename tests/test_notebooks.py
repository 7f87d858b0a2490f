"""Execute every notebook: no error, no missing-glyph warning (Chinese drawn as boxes)."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "no numbered notebooks in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes_cleanly(path, tmp_path, monkeypatch):
    monkeypatch.setenv("PLENUM_FIGURES", str(tmp_path))  # leave figures/ alone
    monkeypatch.setenv("PLENUM_CORPUS", str(ROOT / "seeds"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=1200, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name}: {out.get('ename')}: {out.get('evalue')}"
            text = str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
            assert not ("Glyph" in text and "missing" in text), f"{path.name}: missing glyph: {text[:200]}"
            assert "ReportWarning" not in text, f"{path.name}: the shipped corpus warns: {text[:200]}"
    pngs = list(tmp_path.glob("*.png"))
    svgs = list(tmp_path.glob("*.svg"))
    assert pngs and len(pngs) == len(svgs), "every figure is saved as PNG and SVG"
    shown = sum(1 for cell in nb.cells for out in cell.get("outputs", []) if "image/png" in out.get("data", {}))
    assert shown >= len(pngs), f"{path.name}: {len(pngs)} figures saved but {shown} shown to the reader"


SEED_PLACES = ("镇江", "金坛", "绍兴", "衢州", "金东", "Zhenjiang", "Jintan", "Shaoxing", "Quzhou", "Jindong")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_closing_prose_is_computed_and_no_markdown_speaks_of_the_seeds(path):
    """The notebooks run on any corpus: what they say of the data comes from code, so the
    markdown may not name the shipped places, and the closing section is a findings call."""
    cells = nbformat.read(path, as_version=4).cells
    for cell in cells:
        if cell.cell_type == "markdown":
            named = [p for p in SEED_PLACES if p in cell.source]
            assert not named, f"{path.name}: markdown names {named}: {cell.source[:120]}"
    heading, closing = cells[-2], cells[-1]
    assert heading.cell_type == "markdown" and heading.source.startswith("## What the data shows")
    assert closing.cell_type == "code" and re.fullmatch(r"plot\.\w+_findings\((.|\n)*\)", closing.source.strip())
