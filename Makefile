# make        build everything: environment, every notebook executed in place, figures, HTML
# make test   the same environment, then the test suite (unit tests + every notebook)
# make lab    JupyterLab on notebooks/
# make bench  speed and memory from 5 to 2,000 reports (not part of the tests)
# CORPUS=path/to/reports points the notebooks at another folder of reports.
# REFERENCE=path/to/texts gives notebook 05 a folder of higher-level texts (a province's
# communiqué, a central document) to measure how much of each report they contain.

PYTHON ?= python3
CORPUS ?= seeds
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

export PLENUM_CORPUS := $(abspath $(CORPUS))
export PLENUM_REFERENCE := $(if $(REFERENCE),$(abspath $(REFERENCE)),)
export PLENUM_FIGURES := $(abspath figures)
export PYTHONHASHSEED := 0

.PHONY: all notebooks html test lab bench clean

all: notebooks html

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "plenum needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "== installing into $(VENV) (first run: a few minutes)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (plenum)" > /dev/null
	@touch $(STAMP)

notebooks: $(STAMP)
	@mkdir -p figures
	@echo "== corpus: $(CORPUS)"
	@$(BIN)/python .ci/execute_notebooks.py $(NOTEBOOKS)

html: $(STAMP)
	@mkdir -p build
	@$(BIN)/jupyter nbconvert --to html --output-dir build --log-level=ERROR $(NOTEBOOKS)
	@echo "== HTML in build/"

test: $(STAMP)
	@$(BIN)/python -m pytest

bench: $(STAMP)
	@$(BIN)/python bench/bench.py

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf build .pytest_cache .hypothesis
