"""The project can be cited: CITATION.cff is valid YAML with the fields CFF 1.2 requires,
and every method the README cites is among its references."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_citation_file_is_complete():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for field in ("message", "title", "authors", "version", "license"):
        assert cff[field], field
    version = next(line.split('"')[1] for line in (ROOT / "pyproject.toml").read_text("utf-8").splitlines()
                   if line.startswith("version"))
    assert str(cff["version"]) == version
    cited = {a.get("family-names", a.get("name")) for ref in cff["references"] for a in ref["authors"]}
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in ("Dunning", "Rayson", "Hardie", "Benjamini", "Efron", "Comparative Agendas Project"):
        assert name in cited and name in readme, name
