"""Property tests: on any input, hplint finishes, agrees with itself, and points inside the file.

Four sources of input:

- hypothesmith's programs, valid Python generated from the grammar;
- sklearn-flavoured programs from the strategies below (catalogued estimators with random
  literal arguments, search spaces, pipelines, fit/predict/attribute orders, branches,
  loops, functions), as ``.py`` and as notebooks;
- the test fixtures with random byte edits, deletions and insertions (mutation fuzzing).

For each: no internal error (HP000), the same diagnostics when linted twice, and every
diagnostic's start and end inside the file (the row within the file's rows as Python
counts them, the column within that row's length + 1; for notebooks within the cell).

Budgets (examples per property, derandomized so CI always runs the same cases): see
``BUDGET``; about 40 s for the module on the idle 2-core machine (70 s when
other work loads it). ``HPLINT_FUZZ_SCALE=10``
multiplies them for a longer local run (then with a random seed per run).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hplint import catalog
from hplint.config import Settings
from hplint.diagnostics import Diagnostic
from hplint.engine import FileResult, lint_file
from hplint.suppress import split_lines

# hypothesmith compiles what it generates, and Python warns about code like `True()`.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCALE = int(os.environ.get("HPLINT_FUZZ_SCALE", "1"))

# Examples per property, with the time each took on the 2-core machine (pytest --durations).
BUDGET = {
    "hypothesmith grammar": 200,  # ~3 s: small programs (up to ~150 characters)
    "hypothesmith nodes": 40,  # ~7 s: larger ones, built from LibCST nodes (slow to generate)
    "programs": 150,  # ~14 s: generating them is most of it; linting is ~6 ms each
    "notebooks": 60,  # ~6 s
    "mutations": 1500,  # ~4 s
    "mutated notebooks": 400,  # ~2 s
}

ALL = Settings(select=("HP",))


def fuzz_settings(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return settings(
        max_examples=BUDGET[name] * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


# ----------------------------------------------------------------------------- checks


def rows_of(text: str) -> list[str]:
    """``text``'s rows as Python numbers them, without their line endings."""
    return [line.rstrip("\r\n") for line in split_lines(text)] or [""]


def check_inside(diagnostic: Diagnostic, lines: Sequence[str]) -> None:
    start, end = diagnostic.start, diagnostic.end
    for where in (start, end):
        assert 1 <= where.row <= len(lines), (diagnostic, len(lines))
        assert 1 <= where.column <= len(lines[where.row - 1]) + 1, (diagnostic, lines[where.row - 1])
    assert (start.row, start.column) <= (end.row, end.column), diagnostic
    if diagnostic.noqa_row is not None:
        assert 1 <= diagnostic.noqa_row <= len(lines), diagnostic


def check_result(result: FileResult) -> None:
    """No internal error, and every position inside the file (or its cell)."""
    assert result.internal_error is None, (result.internal_error, result.traceback)
    assert all(d.code != "HP000" for d in result.diagnostics)
    for diagnostic in result.diagnostics:
        if diagnostic.code == "HP002":
            assert (diagnostic.start.row, diagnostic.start.column) == (1, 1)
            continue
        if diagnostic.cell is not None:
            assert result.cells is not None and diagnostic.cell in result.cells, diagnostic
            check_inside(diagnostic, result.cells[diagnostic.cell].split("\n"))
        else:
            assert result.source is not None
            check_inside(diagnostic, rows_of(result.source))


def lint_twice(name: str, data: bytes) -> FileResult:
    """Lint ``data`` as file ``name`` twice; the two results must agree."""
    first = lint_file(Path(name), ALL, data)
    second = lint_file(Path(name), ALL, data)
    assert first.diagnostics == second.diagnostics
    check_result(first)
    return first


# ----------------------------------------------------------------------- hypothesmith


def lint_generated(source: str) -> None:
    # As generated: mostly files that import no catalogued library (the fast path) ...
    lint_twice("generated.py", source.encode("utf-8", "surrogatepass"))
    # ... and with an import of one, so that the whole pipeline (LibCST, model, rules) runs.
    # hypothesmith's programs may lack a final newline, so the import gets its own line.
    lint_twice("generated.py", (source + "\nimport sklearn\n").encode("utf-8", "surrogatepass"))


@fuzz_settings("hypothesmith grammar")
@given(source=hypothesmith.from_grammar())
def test_generated_python_from_the_grammar(source: str) -> None:
    lint_generated(source)


@fuzz_settings("hypothesmith nodes")
@given(source=hypothesmith.from_node())
def test_generated_python_from_libcst_nodes(source: str) -> None:
    lint_generated(source)


# ------------------------------------------------------------- sklearn-flavoured programs

CATALOG = catalog.load()
ESTIMATORS = sorted(q for q in CATALOG.qualnames if CATALOG.lookup(q) is not None)
STRINGS = ["rbf", "linear", "auto", "scale", "l1", "l2", "elasticnet", "gini", "balanced",
           "sqrt", "log2", "", "é", "a'b", 'x"y', "\\n", "{}"]  # fmt: skip
TYPOS = ["gama", "n_estimator", "C_", "alpha ", "max-depth", "__class__", "λ", "random_state"]
VARIABLES = ["model", "clf", "est", "search", "pipe", "grid", "m", "_"]
SEARCHES = ["GridSearchCV", "RandomizedSearchCV", "HalvingGridSearchCV", "ParameterGrid"]
METHODS = ["fit(X, y)", "fit(X)", "predict(X)", "transform(X)", "fit_transform(X, y)",
           "score(X, y)", "predict_proba(X)", "partial_fit(X, y)", "get_params()",
           "set_params(C=1)", "decision_function(X)", "fit(X, y).predict(X)"]  # fmt: skip


def scalars() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from(['float("nan")', 'float("inf")', "-1e400", "1e-400", "0x1F", "1_000",
                         "1j", "True", "False", "None", "...", "np.inf", "-np.inf", "b'x'"]),
        st.sampled_from(STRINGS).map(repr),
        st.text(max_size=8).map(repr),
    )  # fmt: skip


def values() -> st.SearchStrategy[str]:
    return st.recursive(
        scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(inner, max_size=3).map(lambda xs: "(" + "".join(x + ", " for x in xs) + ")"),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: "{" + ", ".join(xs) + "}"),
            inner.map(lambda x: f"-{x}"),
            st.tuples(inner, inner).map(lambda xy: f"{xy[0]} if cond else {xy[1]}"),
            st.sampled_from(["np.linspace(0, 1, 5)", "range(3)", "uniform(0, 1)",
                             "loguniform(1e-3, 1e3)", "randint(1, 10)", "[*range(3)]"]),
        ),  # fmt: skip
        max_leaves=6,
    )


@st.composite
def constructions(draw: st.DrawFn, depth: int = 0) -> str:
    """A call of a catalogued estimator with random arguments."""
    qualname = draw(st.sampled_from(ESTIMATORS))
    estimator = CATALOG.lookup(qualname)
    assert estimator is not None
    names = sorted(estimator.parameters) + TYPOS
    args = []
    for _ in range(draw(st.integers(0, 2))):
        args.append(draw(values()))
    for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        if name.isidentifier():
            if depth < 1 and name in estimator.estimator_parameters and draw(st.booleans()):
                args.append(f"{name}={draw(constructions(depth + 1))}")
            else:
                args.append(f"{name}={draw(values())}")
    args += draw(st.lists(st.sampled_from(["*args", "**params", "**{'C': 1}"]), max_size=1))
    spelled = draw(st.sampled_from(["name", "module", "alias"]))
    module, name = qualname.rsplit(".", 1)
    callee = {"name": name, "module": f"{module.split('.')[-1]}.{name}", "alias": f"E_{name}"}[spelled]
    return f"{callee}({', '.join(args)})"


def grids() -> st.SearchStrategy[str]:
    keys = st.one_of(
        st.sampled_from(["C", "gamma", "kernel", "alpha", "n_estimators", "max_depth",
                         "random_state", "n_jobs", "verbose", "gama"]),
        st.sampled_from(["clf__C", "step__alpha", "svc__gamma", "a__b__c", "__x", "x__"]),
    )  # fmt: skip
    entry = st.tuples(keys, values()).map(lambda kv: f"{kv[0]!r}: {kv[1]}")
    one = st.lists(entry, max_size=4).map(lambda es: "{" + ", ".join(es) + "}")
    return st.one_of(one, st.lists(one, max_size=3).map(lambda gs: "[" + ", ".join(gs) + "]"))


@st.composite
def statements(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """One statement, maybe compound, as lines (without indentation of its own)."""
    var = draw(st.sampled_from(VARIABLES))
    other = draw(st.sampled_from(VARIABLES))
    simple = [
        lambda: f"{var} = {draw(constructions())}",
        lambda: f"{var}.{draw(st.sampled_from(METHODS))}",
        lambda: f"{var} = {var}.fit(X, y)",
        lambda: f"print({var}.{draw(st.sampled_from(['coef_', 'classes_', 'best_estimator_', 'foo_', 'n_features_in_', 'cv_results_', 'named_steps', 'steps']))})",
        lambda: f"{var} = {draw(st.sampled_from(SEARCHES))}({other}, {draw(grids())})",
        lambda: f"params = {draw(grids())}",
        lambda: f"{var} = GridSearchCV({draw(constructions())}, param_grid=params)",
        lambda: f"{var} = make_pipeline({draw(constructions())}, {draw(constructions())})",
        lambda: f"{var} = Pipeline([('clf', {draw(constructions())}), ('step', {other})])",
        lambda: f"{var} = clone({other})",
        lambda: f"{var} = {other}",
        lambda: f"{var}, {other} = {other}, {var}",
        lambda: f"{var}.set_params(**{draw(grids())})",
        lambda: f"{var}.C = {draw(values())}",
        lambda: f"del {var}",
        lambda: f"models = [{draw(constructions())} for _ in range(3)]",
        lambda: f"f = lambda {var}=None: {var}.fit(X, y)",
        lambda: f"(m := {draw(constructions())}).fit(X, y)",
        lambda: f"{var} = {var} if cond else {draw(constructions())}",
        lambda: "pass",
    ]
    kind = draw(st.integers(0, len(simple) + (6 if depth < 3 else 0) - 1))
    if kind < len(simple):
        return [simple[kind]()]
    body = lambda: indented(draw(blocks(depth + 1)))  # noqa: E731
    compound = [
        lambda: ["if cond:", *body(), "else:", *body()],
        lambda: [f"for {draw(st.sampled_from(['i', var]))} in range(3):", *body()],
        lambda: ["while cond:", *body(), "    break"],
        lambda: ["try:", *body(), "except ValueError:", *body(), "finally:", *body()],
        lambda: [f"def {draw(st.sampled_from(['f', 'train', var]))}({other}=None):", *body(), f"    return {other}"],
        lambda: ["class Model:", *body()],
        lambda: ["with ctx() as handle:", *body()],
        lambda: [f"match {var}:", "    case None:", *indented(body()), "    case _:", *indented(body())],
    ]
    return draw(st.sampled_from(compound))()


def indented(lines: list[str]) -> list[str]:
    return ["    " + line if line else line for line in lines]


@st.composite
def blocks(draw: st.DrawFn, depth: int = 0) -> list[str]:
    lines = [line for group in draw(st.lists(statements(depth), min_size=1, max_size=4)) for line in group]
    return lines


IMPORT_FORMS = [
    "from sklearn.{module} import {name}",
    "from sklearn import {last}",
    "import sklearn.{module}",
    "from sklearn.{module} import {name} as E_{name}",
    "from sklearn.{module} import *",
]
PRELUDE = [
    "import numpy as np",
    "from sklearn.pipeline import Pipeline, make_pipeline",
    "from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, ParameterGrid",
    "from sklearn.experimental import enable_halving_search_cv",
    "from sklearn.model_selection import HalvingGridSearchCV",
    "from sklearn.base import clone",
    "from scipy.stats import uniform, loguniform, randint",
]


@st.composite
def programs(draw: st.DrawFn) -> list[list[str]]:
    """A program as top-level statements, each a list of lines."""
    imports = []
    for qualname in draw(st.lists(st.sampled_from(ESTIMATORS), min_size=1, max_size=4)):
        module, name = qualname.rsplit(".", 1)
        form = draw(st.sampled_from(IMPORT_FORMS))
        imports.append([form.format(module=module.removeprefix("sklearn."), name=name, last=module.split(".")[-1])])
    prelude = [[line] for line in draw(st.lists(st.sampled_from(PRELUDE), max_size=len(PRELUDE), unique=True))]
    body = draw(st.lists(statements(), min_size=1, max_size=10))
    return [*imports, *prelude, *body]


@fuzz_settings("programs")
@given(program=programs(), ending=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans())
def test_sklearn_flavoured_programs(program: list[list[str]], ending: str, bom: bool) -> None:
    source = ending.join(line for statement in program for line in statement) + ending
    data = (b"\xef\xbb\xbf" if bom else b"") + source.encode("utf-8", "surrogatepass")
    lint_twice("train.py", data)


# ------------------------------------------------------------------------- notebooks

MAGICS = ["%matplotlib inline", "!pip install scikit-learn", "%time model.fit(X, y)",
          "x = !ls", "model?", "%%time", "%%bash\necho hi", "%load_ext autoreload",
          "%%capture\nimport sklearn"]  # fmt: skip


@st.composite
def notebooks(draw: st.DrawFn) -> bytes:
    program = draw(programs())
    cells: list[dict[str, object]] = []
    statements_left = list(program)
    while statements_left:
        take = draw(st.integers(1, max(1, len(statements_left))))
        lines = [line for statement in statements_left[:take] for line in statement]
        statements_left = statements_left[take:]
        if draw(st.booleans()):
            lines.insert(0, draw(st.sampled_from(MAGICS)))
        text = "\n".join(lines)
        source: object = text if draw(st.booleans()) else text.splitlines(keepends=True)
        outputs = []
        if draw(st.booleans()):
            outputs.append({"output_type": "stream", "name": "stdout", "text": draw(st.text(max_size=50))})
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": outputs, "source": source})
        if draw(st.booleans()):
            cells.append({"cell_type": "markdown", "metadata": {}, "source": draw(st.text(max_size=30))})
    document = {"cells": cells, "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    return json.dumps(document, indent=draw(st.sampled_from([None, 1]))).encode()


@fuzz_settings("notebooks")
@given(data=notebooks())
def test_sklearn_flavoured_notebooks(data: bytes) -> None:
    lint_twice("train.ipynb", data)


# -------------------------------------------------------------------------- mutations

FIXTURE_FILES = sorted(FIXTURES.rglob("*.py"))
TOKENS = [b"(", b")", b"[", b"]", b":", b"\n", b"\r", b"\r\n", b"    ", b"\t", b"'''", b'"', b"#",
          b"\\", b"lambda", b"=", b",", b"**", b"*", b".", b"@", b"\xef\xbb\xbf", b"\xff", b"\x00",
          b"\xc3", b"# -*- coding: latin-1 -*-\n", b"# noqa", b"# noqa: HP4", b"async ", b"f'{",
          b"}", b"if x:\n", b"else", b"fit(", b"SVC(", b"__", b"_"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["replace", "delete", "insert", "token", "duplicate"]))
        if kind == "replace" and where < len(data):
            data[where] = draw(st.integers(0, 255))
        elif kind == "delete":
            del data[where : where + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "token":
            data[where:where] = draw(st.sampled_from(TOKENS))
        elif kind == "duplicate":
            data[where:where] = data[where : where + draw(st.integers(1, 80))]
    return bytes(data)


@fuzz_settings("mutations")
@given(data=st.sampled_from(FIXTURE_FILES).flatmap(lambda path: mutated(path.read_bytes())))
def test_mutated_fixtures(data: bytes) -> None:
    result = lint_twice("mutant.py", data)
    assert {d.code for d in result.diagnostics} <= {rule for rule in ALL.enabled_codes() if rule != "HP000"}


@st.composite
def mutated_notebooks(draw: st.DrawFn) -> bytes:
    path = draw(st.sampled_from(FIXTURE_FILES))
    text = path.read_text(encoding="utf-8")
    chunks = re.split(r"\n(?=\S)", text)  # top-level statements, roughly
    document = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": chunk} for chunk in chunks],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}  # fmt: skip
    return draw(mutated(json.dumps(document).encode()))


@fuzz_settings("mutated notebooks")
@given(data=mutated_notebooks())
def test_mutated_notebooks(data: bytes) -> None:
    lint_twice("mutant.ipynb", data)

