# make        build everything: environment, every notebook executed in place, figures, HTML
# make test   the same environment, then the test suite (unit tests + every notebook)
# make lab    JupyterLab on the notebooks (LAB_ARGS="…" passes options to jupyter lab)
# make bench  speed and memory from 5 to 20,000 reports (not part of the tests; about 20 minutes)
# make english  every notebook with English labels (romanised places, glossed terms and themes)
#               into build/en/ (build/<corpus>/en/ for another corpus), HTML beside them
# CORPUS=path/to/reports points the notebooks at another folder of reports: they are then
# copied to build/<folder name>/ and executed there, with their figures and HTML beside
# them, so that a corpus of your own never enters a tracked file. Only the shipped seeds
# rewrite notebooks/ and figures/.
# REFERENCE=path/to/texts gives notebook 05 a folder of higher-level texts (a province's
# communiqué, a central document) to measure how much of each report they contain.

PYTHON ?= python3
CORPUS ?= seeds
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := $(sort $(wildcard notebooks/[0-9]*.ipynb))
SHIPPED := $(if $(filter $(abspath $(CORPUS)),$(abspath seeds)),yes,)
OUT := $(if $(SHIPPED),.,build/$(notdir $(abspath $(CORPUS))))
NOTEBOOKS := $(if $(SHIPPED),$(SOURCES),$(addprefix $(OUT)/,$(SOURCES)))
HTML := $(if $(SHIPPED),build,$(OUT)/html)
EN_OUT := $(if $(SHIPPED),build/en,$(OUT)/en)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
DISPLAY_FLAG := $(if $(DISPLAY),,--no-browser)

export PLENUM_CORPUS := $(abspath $(CORPUS))
export PLENUM_REFERENCE := $(if $(REFERENCE),$(abspath $(REFERENCE)),)
export PLENUM_FIGURES := $(abspath $(OUT)/figures)
export PYTHONHASHSEED := 0

.PHONY: all copies notebooks html english test lab bench lock clean

all: notebooks html

$(STAMP): requirements.txt requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "plenum needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "== installing into $(VENV) (first run: a few minutes)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (plenum)" > /dev/null
	@touch $(STAMP)

copies:
	@$(if $(SHIPPED),true,mkdir -p $(OUT)/notebooks && cp $(SOURCES) $(OUT)/notebooks/)

notebooks: $(STAMP) copies
	@mkdir -p $(PLENUM_FIGURES)
	@echo "== corpus: $(CORPUS); notebooks and figures in $(if $(SHIPPED),notebooks/ and figures/,$(OUT)/)"
	@$(BIN)/python .ci/execute_notebooks.py $(NOTEBOOKS)

html: $(STAMP)
	@mkdir -p $(HTML)
	@$(BIN)/jupyter nbconvert --to html --output-dir $(HTML) --log-level=ERROR $(NOTEBOOKS)
	@echo "== HTML in $(HTML)/"

english: $(STAMP)
	@mkdir -p $(EN_OUT)/notebooks $(EN_OUT)/figures $(EN_OUT)/html
	@cp $(SOURCES) $(EN_OUT)/notebooks/
	@echo "== corpus: $(CORPUS); English labels; notebooks, figures and HTML in $(EN_OUT)/"
	@PLENUM_LANG=en PLENUM_FIGURES=$(abspath $(EN_OUT)/figures) $(BIN)/python .ci/execute_notebooks.py $(addprefix $(EN_OUT)/,$(SOURCES))
	@$(BIN)/jupyter nbconvert --to html --output-dir $(EN_OUT)/html --log-level=ERROR $(addprefix $(EN_OUT)/,$(SOURCES))

test: $(STAMP)
	@$(BIN)/python -m pytest

bench: $(STAMP)
	@$(BIN)/python bench/bench.py

lab: $(STAMP) copies
	$(BIN)/jupyter lab $(if $(SHIPPED),notebooks/,$(OUT)/notebooks/) $(ROOT_FLAG) $(DISPLAY_FLAG) $(LAB_ARGS)

lock: $(STAMP)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@{ head -3 requirements.lock; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^pyflakes'; } > requirements.lock.new
	@mv requirements.lock.new requirements.lock
	@echo "== requirements.lock written"

clean:
	rm -rf build .pytest_cache .hypothesis
