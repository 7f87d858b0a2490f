"""The house rules, checked on the code: layers import in one direction, only the
lexicon opens knowledge files, no module is over 600 lines, options are keyword-only,
every public function documents what it returns, and a wrong first argument says what
was expected."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pandas as pd
import pytest

import plenum
from plenum import extract, plot

PACKAGE = Path(plenum.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))

LAYERS = {
    "reading": {"reading", "cleaning", "metadata", "meetings", "places", "numerals"},
    "knowledge": {"lexicon", "_text"},
    "units": {"units"},
    "words": {"vocabulary", "tokens", "cache"},
    "measures": {"measures", "corpus", "themes", "validation", "extract"},
    "plot": {"plot"},
    "widgets": {"explore"},
}
NEVER = [("measures", "plot"), ("measures", "widgets"), ("words", "measures"), ("reading", "words"),
         ("reading", "measures"), ("units", "words"), ("knowledge", "plot"), ("knowledge", "measures"),
         ("knowledge", "words"), ("knowledge", "units"), ("plot", "widgets")]


def _layer(module: str) -> str | None:
    top = module.split(".")[0]
    return next((name for name, members in LAYERS.items() if top in members), None)


def _relative(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def _imports(path: Path) -> set[str]:
    """The plenum modules a file imports, as dotted names under plenum (lazy imports too)."""
    here = _relative(path).split(".")
    package = here[:-1] if path.name != "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("plenum."):
                    found.add(node.module[len("plenum."):])
                continue
            base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join(base + ([node.module] if node.module else []))
            if node.module:
                found.add(target)
            else:
                found.update(".".join(base + [alias.name]) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name[len("plenum."):] for a in node.names if a.name.startswith("plenum."))
    return {f for f in found if f}


def test_the_layers_import_in_one_direction():
    broken = []
    for path in MODULES:
        source = _layer(_relative(path))
        if source is None:
            continue
        for target in _imports(path):
            if (source, _layer(target)) in NEVER:
                broken.append(f"{_relative(path)} ({source}) imports {target} ({_layer(target)})")
    assert not broken, "\n".join(broken)


def test_the_checker_sees_imports():
    assert "lexicon" in _imports(PACKAGE / "units.py")
    assert "units" in _imports(PACKAGE / "extract" / "_clauses.py")
    assert "house_style" in {t.split(".")[-1] for t in _imports(PACKAGE / "plot" / "terms.py")}


def test_only_the_explorer_knows_ipywidgets():
    users = [_relative(p) for p in MODULES if "ipywidgets" in p.read_text("utf-8")]
    assert users == ["explore"]


def test_only_the_lexicon_opens_knowledge_files():
    openers = [_relative(p) for p in MODULES
               if any(word in p.read_text("utf-8") for word in ('joinpath("data', "joinpath(f\"data", "resources.files"))]
    assert openers == ["lexicon"]


def test_no_module_is_over_600_lines():
    long = {_relative(p): n for p in MODULES if (n := len(p.read_text("utf-8").splitlines())) > 600}
    assert not long


def _public():
    for owner, module in (("plenum", plenum), ("plenum.plot", plot), ("plenum.extract", extract)):
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, type):
                yield f"{owner}.{name}", obj


#: Functions whose second argument is data, not an option.
TWO_ARGUMENTS = {"kwic", "term_table", "term_explorer", "save_figure", "labelled", "place_label", "term_label",
                 "theme_label", "formulation_label", "doc_labels"}


@pytest.mark.parametrize("name,function", list(_public()), ids=[n for n, _ in _public()])
def test_options_are_keyword_only_and_documented(name, function):
    params = inspect.signature(function).parameters.values()
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    allowed = 2 if name.split(".")[-1] in TWO_ARGUMENTS else 1
    assert len(positional) <= allowed, f"{name}: options after {positional[:allowed]} must be keyword-only"
    doc = inspect.getdoc(function) or ""
    assert "Returns" in doc or "Yields" in doc, f"{name}: the docstring says nothing of what it returns"
    if positional:
        assert "Parameters" in doc, f"{name}: the docstring has no Parameters section"


TABLE_FUNCTIONS = [plenum.paragraphs, plenum.sentences, plenum.clauses, plenum.tokenize, plenum.corpus_overview,
                   plenum.timeline_table, plenum.documents_table, plenum.term_frequency, plenum.keyness,
                   plenum.similarity, plenum.vocabulary_overlap, plenum.move_counts, plenum.place_names,
                   plenum.corpus_words, plenum.theme_scores, plenum.theme_robustness, plenum.targets,
                   plenum.formulations, plenum.goals, plenum.task_lists, plenum.horizons, plenum.echo,
                   extract.target_table, extract.target_summary, extract.goal_table, extract.formulation_matrix,
                   extract.own_formulations, extract.horizon_table, extract.task_list_table]


@pytest.mark.parametrize("function", TABLE_FUNCTIONS, ids=[f.__name__ for f in TABLE_FUNCTIONS])
def test_a_wrong_first_argument_is_refused_with_a_reason(function):
    for wrong in (None, "seeds", [1, 2]):
        with pytest.raises((TypeError, KeyError)) as info:
            function(wrong)
        assert len(str(info.value)) > 20
    with pytest.raises((TypeError, KeyError)):
        function(pd.DataFrame({"unrelated": [1]}))


@pytest.mark.parametrize("by", ["province", "year", "session_type", "doc_id"])
def test_grouping_comes_back_as_group(seed_docs, by):
    keep = () if by == "doc_id" else (by,)
    tokens = plenum.tokenize(seed_docs, keep=keep)
    for table in (plenum.term_frequency(tokens, by=by), plenum.keyness(tokens, by=by),
                  plenum.theme_scores(seed_docs, by=by, tokens=tokens),
                  plenum.echo(seed_docs, by=by), extract.target_summary(seed_docs, by=by),
                  plenum.move_counts(plenum.paragraphs(seed_docs, keep=keep), by=by)):
        assert "group" in table.columns and set(table["group"]) == set(seed_docs[by].astype(str))
