"""Jupyter notebooks: code cells linted as one module, findings located by cell and row."""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hplint.diagnostics import Diagnostic, Edit, Location
from hplint.engine import FileResult, lint_file, lint_source, lint_source_tuning, parse
from hplint import unparsed
from hplint.notebook import apply_cell_edits, parse_notebook, to_python
from hplint.rules import BY_CODE

from conftest import FIXTURES, run_hplint

Cell = str | tuple[str, str]


def notebook(*cells: Cell, metadata: dict[str, Any] | None = None) -> str:
    """nbformat 4 JSON; a str is a code cell, ("markdown", text) a cell of that type."""
    items = []
    for cell in cells:
        kind, text = ("code", cell) if isinstance(cell, str) else cell
        item: dict[str, Any] = {"cell_type": kind, "metadata": {}, "source": _as_lines(text)}
        if kind == "code":
            item.update(execution_count=None, outputs=[])
        items.append(item)
    document = {"cells": items, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1)


def _as_lines(text: str) -> list[str]:
    """How Jupyter stores a cell's source: a list of lines that keep their ``\\n``."""
    return text.splitlines(keepends=True)


def lint_notebook(tmp_path: Path, text: str, name: str = "analysis.ipynb") -> FileResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint_file(path)


def located(result: FileResult) -> list[tuple[str, int | None, int, int]]:
    """(code, cell, row, column) of every finding."""
    return [(d.code, d.cell, d.start.row, d.start.column) for d in result.diagnostics]


IMPORTS = (
    "%matplotlib inline\n"
    "from sklearn.svm import SVC\n"
    "from sklearn.linear_model import LogisticRegression\n"
)


# --- findings by cell and row ------------------------------------------------------------


def test_names_flow_from_cell_to_cell_and_every_cell_is_counted(tmp_path: Path) -> None:
    result = lint_notebook(
        tmp_path,
        notebook(
            ("markdown", "# Tuning an SVC\n"),
            IMPORTS,
            "X, y = load()\nmodel = SVC(gama=0.1)\n",
            ("raw", "not code\n"),
            "%time clf = LogisticRegression(C=-1.0).fit(X, y)\n",
        ),
    )
    assert located(result) == [("HP401", 3, 2, 13), ("HP402", 5, 1, 34)]
    unknown = result.diagnostics[0]
    assert unknown.end == Location(2, 17)
    assert unknown.noqa_row == 2
    assert unknown.message == "`SVC` has no parameter `gama`; did you mean `gamma`?"


def test_a_syntax_error_is_located_in_its_cell(tmp_path: Path) -> None:
    result = lint_notebook(
        tmp_path, notebook(("markdown", "intro"), "import numpy as np\n", "x = 1\ny = (1 +\n")
    )
    assert [(d.code, d.cell, d.start.row) for d in result.diagnostics] == [("HP001", 3, 2)]


def test_a_syntax_error_keeps_its_column(tmp_path: Path) -> None:
    result = lint_notebook(tmp_path, notebook("a = 1\n", "df.loc[(:, 1), (:, 'HR')]\n"))
    assert located(result) == [("HP001", 2, 1, 9)]
    assert result.diagnostics[0].message == "SyntaxError: invalid syntax"


def test_a_statement_run_by_a_line_magic_is_linted_at_its_column(tmp_path: Path) -> None:
    result = lint_notebook(
        tmp_path, notebook(IMPORTS, "%timeit -n 10 -r3 SVC(gama=1).fit(X, y)\nm = %time SVC(C=0)\n")
    )
    assert located(result) == [("HP401", 2, 1, 23), ("HP402", 2, 2, 17)]


def test_a_fit_run_by_a_line_magic_counts_as_a_fit(tmp_path: Path) -> None:
    if "HP201" not in BY_CODE:
        pytest.skip("no fit-state rule registered yet")
    search = (
        "from sklearn.model_selection import GridSearchCV\n"
        "from sklearn.svm import SVC\n"
        "grid = GridSearchCV(SVC(), {'C': [1, 10]})\n"
    )
    read = "print(grid.best_params_)\n"
    timed = lint_notebook(tmp_path, notebook(search, "%time grid.fit(X, y)\n", read))
    assert timed.diagnostics == []
    # The control: the same read after a line that does not fit.
    untimed = lint_notebook(tmp_path, notebook(search, "!echo grid.fit\n", read), "control.ipynb")
    assert [(d.code, d.cell, d.start.row) for d in untimed.diagnostics] == [("HP201", 3, 1)]


def test_the_body_of_a_timing_cell_magic_is_python(tmp_path: Path) -> None:
    result = lint_notebook(tmp_path, notebook(IMPORTS, "%%time\nmodel = SVC(gama=1)\n"))
    assert located(result) == [("HP401", 2, 2, 13)]


@pytest.mark.parametrize("magic", ["%%bash", "%%writefile train.py", "%%html", "%%script python"])
def test_a_cell_in_another_language_is_skipped(tmp_path: Path, magic: str) -> None:
    result = lint_notebook(tmp_path, notebook(IMPORTS, f"{magic}\nmodel = SVC(gama=1)\nfi )(\n"))
    assert result.diagnostics == []


def test_a_notebook_in_another_language_is_skipped(tmp_path: Path) -> None:
    r_kernel = {"kernelspec": {"language": "R", "name": "ir"}}
    result = lint_notebook(tmp_path, notebook("x <- c(1, 2)\n", metadata=r_kernel))
    assert result.diagnostics == []


def test_a_cell_marked_as_another_language_is_skipped(tmp_path: Path) -> None:
    document = json.loads(notebook(IMPORTS, "model = SVC(gama=1)\n"))
    document["cells"][1]["metadata"] = {"vscode": {"languageId": "sql"}}
    assert lint_notebook(tmp_path, json.dumps(document)).diagnostics == []


def test_a_cell_with_a_leading_indent_keeps_its_columns(tmp_path: Path) -> None:
    # IPython removes the first line's indent before running a cell.
    result = lint_notebook(tmp_path, notebook(IMPORTS, "  model = SVC(gama=1)\n  model.fit(X)\n"))
    assert located(result) == [("HP401", 2, 1, 15)]


def test_a_string_source_and_windows_line_ends(tmp_path: Path) -> None:
    document = json.loads(notebook(IMPORTS))
    document["cells"].append({"cell_type": "code", "source": "x = 1\r\nm = SVC(gama=1)"})
    result = lint_notebook(tmp_path, json.dumps(document))
    assert located(result) == [("HP401", 2, 2, 9)]


def test_nbformat_3(tmp_path: Path) -> None:
    cells = [
        {"cell_type": "heading", "level": 1, "source": ["Title"]},
        {"cell_type": "code", "language": "python", "input": ["from sklearn.svm import SVC\n"]},
        {"cell_type": "code", "language": "python", "input": ["SVC(gama=1)\n"]},
    ]
    sheets = [{"cells": cells}]
    document = {"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": sheets}
    assert located(lint_notebook(tmp_path, json.dumps(document))) == [("HP401", 3, 1, 5)]


def test_noqa_inside_a_cell(tmp_path: Path) -> None:
    result = lint_notebook(
        tmp_path, notebook(IMPORTS, "a = SVC(gama=1)  # noqa: HP401\nb = SVC(gama=1)\n")
    )
    assert located(result) == [("HP401", 2, 2, 9)]


def test_a_notebook_without_code_cells(tmp_path: Path) -> None:
    assert lint_notebook(tmp_path, notebook(("markdown", "# Notes\n"), "\n\n")).diagnostics == []


def test_a_finding_that_runs_into_the_next_cell_ends_with_its_cell() -> None:
    book = parse_notebook(notebook("a = 1\nb = 2\n", ("markdown", "m"), "c = 3\n"))
    spanning = Diagnostic("HP999", "x", Location(2, 5), Location(3, 2), 2)
    mapped = book.map_diagnostic(spanning)
    assert (mapped.cell, mapped.start, mapped.end, mapped.noqa_row) == (
        1,
        Location(2, 5),
        Location(2, 6),
        2,
    )


# --- cells that do not parse --------------------------------------------------------------

SEARCH = (
    "from sklearn.linear_model import LogisticRegression\n"
    "from sklearn.model_selection import GridSearchCV\n"
    "from sklearn.svm import SVC\n"
)


def found(result: FileResult) -> list[tuple[str, int | None, int, int, str]]:
    """(code, cell, row, column, message) of every finding."""
    return [(d.code, d.cell, d.start.row, d.start.column, d.message) for d in result.diagnostics]


def test_a_cell_that_does_not_parse_gets_hp001_and_the_others_are_linted(tmp_path: Path) -> None:
    result = lint_notebook(
        tmp_path, notebook(IMPORTS, "a = SVC(gama=1)\n", "x = 1\nasdf.\n", "b = SVC(C=0)\n")
    )
    assert located(result) == [("HP401", 2, 1, 9), ("HP001", 3, 2, 6), ("HP402", 4, 1, 11)]
    assert result.diagnostics[1].message == "SyntaxError: invalid syntax"
    assert result.internal_error is None


def test_every_cell_that_does_not_parse_gets_its_own_hp001(tmp_path: Path) -> None:
    # A bracket opened in one cell is not closed by the next: Jupyter compiles each cell alone.
    result = lint_notebook(
        tmp_path,
        notebook(IMPORTS, "grid = dict(C=[1,\n", "          10])\n", "m = SVC(gama=1)\n", "for x in y\n"),
    )
    assert found(result) == [
        ("HP001", 2, 1, 15, "SyntaxError: '[' was never closed"),
        ("HP001", 3, 1, 13, "SyntaxError: unmatched ']'"),
        ("HP401", 4, 1, 9, "`SVC` has no parameter `gama`; did you mean `gamma`?"),
        ("HP001", 5, 1, 11, "SyntaxError: expected ':'"),
    ]


@pytest.mark.parametrize(
    ("cell", "row", "message"),
    [
        ("x = 1 \\", 1, "SyntaxError: unexpected EOF while parsing"),  # a backslash ends the cell
        ("s = '''never\nclosed\n", 1, "SyntaxError: unterminated triple-quoted string literal (detected at line 2)"),
        ("  if x:\n  y = 1\n", 2, "SyntaxError: expected an indented block after 'if' statement on line 1"),
        ("a = 1\nif a:\n\n", 3, "SyntaxError: expected an indented block after 'if' statement on line 2"),
    ],
)  # fmt: skip
def test_hp001_names_a_row_of_its_own_cell(tmp_path: Path, cell: str, row: int, message: str) -> None:
    result = lint_notebook(tmp_path, notebook(IMPORTS, "a = 1\nb = 2\nc = 3\n", cell, "m = SVC(gama=1)\n"))
    assert [(d.code, d.cell, d.start.row, d.message) for d in result.diagnostics] == [
        ("HP001", 3, row, message),
        ("HP401", 4, 1, "`SVC` has no parameter `gama`; did you mean `gamma`?"),
    ]
    column = result.diagnostics[0].start.column
    assert 1 <= column <= len(cell.split("\n")[row - 1]) + 1


def test_a_noqa_directive_in_a_broken_cell_still_applies_to_the_notebook(tmp_path: Path) -> None:
    result = lint_notebook(tmp_path, notebook(IMPORTS, "x = (\n  # hplint: noqa\n", "m = SVC(gama=1)\n"))
    assert [(d.code, d.cell) for d in result.diagnostics] == [("HP001", 2)]
    control = lint_notebook(tmp_path, notebook(IMPORTS, "x = (\n  # no directive\n", "m = SVC(gama=1)\n"), "c.ipynb")
    assert [(d.code, d.cell) for d in control.diagnostics] == [("HP001", 2), ("HP401", 3)]


def test_a_broken_cell_may_have_fitted_anything(tmp_path: Path) -> None:
    # The cell as saved did not run, but an earlier version of it may have: after it, no
    # object's fit state is known.
    if "HP201" not in BY_CODE:
        pytest.skip("no fit-state rule registered yet")
    cells = (SEARCH, "model = LogisticRegression()\n")
    read = "print(model.coef_)\n"
    silent = lint_notebook(tmp_path, notebook(*cells, "other.fit(X, y\n", read))
    assert [(d.code, d.cell) for d in silent.diagnostics] == [("HP001", 3)]
    control = lint_notebook(tmp_path, notebook(*cells, "other.fit(X, y)\n", read), "control.ipynb")
    assert [(d.code, d.cell) for d in control.diagnostics] == [("HP201", 4)]


@pytest.mark.parametrize(
    ("broken", "silent"),
    [
        ("param_grid['C'] = [1, 10]\nasdf.\n", True),  # changes the space it names
        ("param_grid.update(C=[1, 10]\n", True),  # calls a method of it
        ("param_grid = {'C': [1, 10]} +\n", True),  # rebinds it
        ("grid = GridSearchCV(SVC(), {}\n", False),  # only reads imported names
    ],
)  # fmt: skip
def test_a_name_a_broken_cell_may_have_changed_is_unknown_after_it(
    tmp_path: Path, broken: str, silent: bool
) -> None:
    cells = (SEARCH, "param_grid = {'C': [1.0]}\n", broken, "GridSearchCV(SVC(), param_grid)\n")
    result = lint_notebook(tmp_path, notebook(*cells))
    codes = [(d.code, d.cell) for d in result.diagnostics]
    assert codes == ([("HP001", 3)] if silent else [("HP102", 2), ("HP001", 3)])


def test_an_imported_name_a_broken_cell_only_reads_keeps_its_meaning(tmp_path: Path) -> None:
    reads = lint_notebook(tmp_path, notebook(IMPORTS, "m = SVC(gama=1\n", "n = SVC(gama=2)\n"))
    assert [(d.code, d.cell) for d in reads.diagnostics] == [("HP001", 2), ("HP401", 3)]
    # ... and one it may import again is unknown, in every cell (as any rebinding makes it).
    rebinds = lint_notebook(
        tmp_path, notebook(IMPORTS, "n = SVC(gama=2)\n", "from mylib import SVC\nasdf.\n"), "rebinds.ipynb"
    )
    assert [(d.code, d.cell) for d in rebinds.diagnostics] == [("HP001", 3)]


def test_a_python_2_cell_is_read_as_the_code_its_kernel_ran(tmp_path: Path) -> None:
    # Saved from a Python 2 kernel: only its print statements keep it from parsing. Written
    # as calls, its code is what ran: the model it builds is known unfitted after it (HP201
    # below), and nothing in the cell is reported but its HP001 (not its HP401).
    py2 = "model = LogisticRegression()\nprint model  # unfitted\nprint\nsvc = SVC(gama=1)\n"
    result = lint_notebook(tmp_path, notebook(SEARCH, py2, "print(model.coef_)\n"))
    assert found(result)[0] == (
        "HP001", 2, 2, 1, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"
    )
    assert [(d.code, d.cell) for d in result.diagnostics] == [("HP001", 2), ("HP201", 3)]
    # A cell that stays broken once its prints are calls keeps its stand-in: it may have
    # fitted the model.
    still = lint_notebook(tmp_path, notebook(SEARCH, py2 + "x = (\n", "print(model.coef_)\n"), "still.ipynb")
    assert [(d.code, d.cell) for d in still.diagnostics] == [("HP001", 2)]


def test_a_python_2_notebooks_search_tunes_the_project(tmp_path: Path) -> None:
    search = "grid = GridSearchCV(SVC(), {'C': [1, 10]}).fit(X, y)\nprint grid.best_params_\n"
    (tmp_path / "search.ipynb").write_text(notebook(SEARCH, search), encoding="utf-8")
    (tmp_path / "final.ipynb").write_text(notebook(SEARCH, "svc = SVC(C=10).fit(X, y)\n"), encoding="utf-8")
    result = run_hplint("check", "--isolated", "--output-format", "concise", "--no-cache", ".", cwd=tmp_path)
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines() if ".ipynb:" in line] == ["HP001"]
    # Once the cell no longer parses with its prints as calls, its search is its file's only.
    (tmp_path / "search.ipynb").write_text(notebook(SEARCH, search + "x = (\n"), encoding="utf-8")
    result = run_hplint("check", "--isolated", "--output-format", "concise", "--no-cache", ".", cwd=tmp_path)
    codes = sorted(line.split(": ")[1].split()[0] for line in result.stdout.splitlines() if ".ipynb:" in line)
    assert codes == ["HP001", "HP101"]


def test_a_cell_only_a_newer_python_parses_is_not_broken(tmp_path: Path) -> None:
    try:
        ast.parse("type Alias = int\n")
        pytest.skip("this Python parses the syntax itself")
    except SyntaxError:
        pass
    result = lint_notebook(tmp_path, notebook(IMPORTS, "type Alias = int\n", "asdf.\n", "m = SVC(gama=1)\n"))
    assert [(d.code, d.cell) for d in result.diagnostics] == [("HP001", 3), ("HP401", 4)]


# --- leading indents, as IPython reads them -----------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        " # Read in data\nm = SVC(gama=1)\n",  # a comment's indent indents nothing
        "\n   \n\t# note\nm = SVC(gama=1)\n",
        "    # four\n  m = SVC(gama=1)\n",  # IPython dedents the cell's common indent
        "  m = SVC(gama=1)\n  # two\n",
    ],
)
def test_a_cell_whose_first_line_is_an_indented_comment_is_valid(tmp_path: Path, cell: str) -> None:
    result = lint_notebook(tmp_path, notebook(IMPORTS, "if True:\n    x = 1\n", cell, "n = SVC(gama=2)\n"))
    row = next(i for i, line in enumerate(cell.split("\n"), start=1) if "SVC" in line)
    assert [(d.code, d.cell, d.start.row) for d in result.diagnostics] == [("HP401", 3, row), ("HP401", 4, 1)]


def test_a_cell_of_only_indented_comments_is_valid(tmp_path: Path) -> None:
    result = lint_notebook(tmp_path, notebook(IMPORTS, "   # just a note\n  # and another\n", "m = SVC(gama=1)\n"))
    assert [(d.code, d.cell) for d in result.diagnostics] == [("HP401", 3)]


# --- the stand-in's names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("model = SVC(gama=1", {"model"}),
        ("asdf.", set()),
        ("from sklearn.svm import SVC as S, LinearSVC\nimport numpy.linalg", {"S", "LinearSVC", "numpy"}),
        ("param_grid['C'] = [1]; f(param_grid", {"param_grid"}),
        ("for i, (a, b) in enumerate(z): print(i", {"i", "a", "b"}),
        ("with open(p) as fh:\n  data = fh.read(", {"fh", "data"}),
        ("if (n := len(x)) > 1:", {"n"}),
        ("def train(m, X=SVC(a=1)):", {"train"}),
        ("del a[1], b", {"a", "b"}),
        ("f(a=1, b=2) == c", set()),
        ("x += (1,\n  2)\ny = '''never closed", {"x", "y"}),
        ("global g, h", {"g", "h"}),
    ],
)  # fmt: skip
def test_the_names_a_broken_cell_may_bind(text: str, bound: set[str]) -> None:
    assert unparsed.names_in(text.split("\n"))[0] == bound


def test_names_in_strings_and_comments_are_not_mentions_but_those_of_f_strings_are() -> None:
    _, mentioned = unparsed.names_in(["x = 'model'  # clf", 'y = f"{grid.best_params_}" (', "'''scaler"])
    assert {"model", "clf", "scaler"}.isdisjoint(mentioned)
    assert {"x", "y", "grid"} <= mentioned


_FRAGMENTS = ["x = 1", "  y = 2", "if x:", "    z = (", ")", "'''", "asdf.", " # note", "\\", "%time x", "", "def f(", "\t"]


@settings(deadline=None)  # the first broken cell imports LibCST (its verdict on newer syntax)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=5).map("\n".join), min_size=1, max_size=5))
def test_every_hp001_names_a_row_of_its_own_cell(cells: list[str]) -> None:
    book = parse_notebook(notebook(*cells))
    found = [*book.errors, *(book.map_diagnostic(d) for d in lint_source(book.python, "book.ipynb", tree=book.tree))]
    for finding in found:
        assert finding.cell is not None
        rows = len(book.cells[finding.cell].split("\n"))
        assert 1 <= finding.start.row <= rows, finding
        assert all(int(n) <= rows for n in re.findall(r"\bline (\d+)", finding.message)), finding
    # No cell that parses on its own is hidden by another: the module parses (for Python,
    # or for LibCST, which the engine asks too: a newer Python's syntax, or its leniency).
    assert not isinstance(parse(book.python), Diagnostic)


@given(st.text(alphabet=st.sampled_from(list("ab_ =.:;,()[]{}'\"#\\\n\t fx1+@")), max_size=60))
def test_the_stand_in_of_any_text_parses_with_the_same_rows(text: str) -> None:
    lines = text.split("\n")
    bound, mentioned = unparsed.names_in(lines)
    if all(line.lstrip().startswith("#") for line in lines):
        return  # such text parses: it has no stand-in
    stand_in = unparsed.stand_in(lines, bound | mentioned)
    assert len(stand_in) == len(lines)
    ast.parse("\n".join(stand_in))


# --- every rule, present and future: a fixture split into cells lints the same ------------


def _split_at_statements(source: str) -> list[str]:
    """``source`` cut before each top-level statement (decorators included)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return [source]
    starts = []
    for statement in body[1:]:
        decorators = getattr(statement, "decorator_list", [])
        starts.append(min([statement.lineno, *(d.lineno for d in decorators)]))
    lines = source.splitlines(keepends=True)
    cuts = [0, *(row - 1 for row in starts), len(lines)]
    return ["".join(lines[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a]


FIXTURE_FILES = sorted(FIXTURES.rglob("*.py"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_a_fixture_split_into_cells_gives_the_same_findings(tmp_path: Path, path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    chunks = _split_at_statements(source)
    # A markdown cell before each code cell: code chunk k is cell 2k.
    cells: list[Cell] = []
    first_rows = []
    row = 1
    for chunk in chunks:
        cells += [("markdown", "Some prose.\n"), chunk]
        first_rows.append(row)
        row += len(chunk.splitlines())
    expected = []
    # Linted as a notebook's code (``cells``): a top-level name never read again is dead
    # there, not in a module another file may import from (HP101).
    for d in lint_source_tuning(source, str(path), cells=source)[0]:
        index = max(i for i, first in enumerate(first_rows) if first <= d.start.row)
        offset = first_rows[index] - 1
        expected.append(
            (d.code, 2 * (index + 1), d.start.row - offset, d.start.column, d.message)
        )
    result = lint_notebook(tmp_path, notebook(*cells))
    found = [(d.code, d.cell, d.start.row, d.start.column, d.message) for d in result.diagnostics]
    assert found == sorted(expected, key=lambda item: item[1:4])


def test_valid_python_is_left_exactly_as_it_is() -> None:
    for path in FIXTURE_FILES:
        lines = path.read_text(encoding="utf-8").split("\n")
        try:
            ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        assert to_python(lines) == lines, path


# --- IPython syntax -----------------------------------------------------------------------

MAGIC_CELL = """\
%matplotlib inline
%load_ext autoreload
!pip install scikit-learn
!!ls -la
files = !ls *.csv
a, b = !echo 1 2
out = %sx ls
SVC?
SVC.fit??
?SVC
??SVC
%pinfo SVC
/print x
,f a b
;f a b c
%time model.fit(X, y)
%timeit -n 10 -r3 model.predict(X)
%prun -l 5 -s cumulative model.score(X, y)
best = %time search.fit(X, y)
%timeit -r1 for x in range(3): pass
%time
!pip install \\
    numpy
%timeit f(a,
          b)
text = '''
!not a command
%not a magic
a question?
'''
for name in files:
    !echo {name}
    %time model.fit(X, y)
if files:
    files = !ls
y = 1  # a question?
x = y if y else 2
"""

MAGIC_PYTHON = """\
pass
pass
pass
pass
files = get_ipython()
a, b = get_ipython()
out = get_ipython()
pass
pass
pass
pass
pass
pass
pass
pass
pass; model.fit(X, y)
pass;             model.predict(X)
pass;                    model.score(X, y)
best =       search.fit(X, y)
pass
pass
pass

pass;   f(a,
          b)
text = '''
!not a command
%not a magic
a question?
'''
for name in files:
    pass
    pass; model.fit(X, y)
if files:
    files = get_ipython()
y = 1  # a question?
x = y if y else 2
"""


def test_every_magic_shape_becomes_inert_python_line_for_line() -> None:
    python = to_python(MAGIC_CELL.split("\n"))
    assert python is not None
    assert "\n".join(python) == MAGIC_PYTHON
    ast.parse(MAGIC_PYTHON)


def test_a_notebook_with_every_magic_shape_parses_and_reports_nothing(tmp_path: Path) -> None:
    result = lint_notebook(tmp_path, notebook(IMPORTS, MAGIC_CELL, "%%capture\nmodel.fit(X, y)\n"))
    assert result.diagnostics == []


@pytest.mark.parametrize(
    ("header", "kept"),
    [("%%time", True), ("%%timeit -n 3", True), ("%%capture out", True), ("%%prun", True),
     ("%%bash", False), ("%%writefile f.py", False), ("%%javascript", False), ("%%sql", False)],
)  # fmt: skip
def test_cell_magics(header: str, kept: bool) -> None:
    python = to_python(["", header, "x = 1"])
    assert python == (["", "", "x = 1"] if kept else None)


# --- broken notebooks ---------------------------------------------------------------------

BROKEN = {
    "{not json": "invalid notebook: not valid JSON (Expecting property name enclosed in double "
    "quotes at line 1, column 2)",
    "": "invalid notebook: not valid JSON (Expecting value at line 1, column 1)",
    "[1, 2]": "invalid notebook: the top level is a JSON array, not an object",
    '{"nbformat": 4}': "invalid notebook: no `cells` list",
    '{"nbformat": 4, "cells": {}}': "invalid notebook: `cells` is not a list",
    '{"nbformat": 2, "cells": []}': "invalid notebook: nbformat 2 is not supported (hplint reads "
    "nbformat 3 and 4)",
    '{"nbformat": "4", "cells": []}': 'invalid notebook: `nbformat` is "4", not a version number',
    '{"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]}': "invalid notebook: the "
    "`source` of cell 1 is not a string or a list of strings",
    '{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a", 1]}]}': "invalid notebook: "
    "the `source` of cell 1 is not a string or a list of strings",
    '{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": ""}, {"cell_type": "code"}]}':
    "invalid notebook: code cell 2 has no `source`",
    '{"nbformat": 4, "cells": ["x = 1"]}': "invalid notebook: cell 1 is not an object",
    '{"nbformat": 3}': "invalid notebook: nbformat 3 without a `worksheets` list",
}  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BROKEN.items())
def test_a_broken_notebook_gets_one_clear_diagnostic(
    tmp_path: Path, text: str, message: str
) -> None:
    result = lint_notebook(tmp_path, text)
    assert [(d.code, d.message, d.cell, d.start) for d in result.diagnostics] == [
        ("HP002", message, None, Location(1, 1))
    ]
    assert result.internal_error is None


def test_a_notebook_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.ipynb"
    path.write_bytes(b'{"cells": ["\xe9"]}')
    assert [d.message for d in lint_file(path).diagnostics] == [
        "invalid notebook: not UTF-8 (invalid byte at offset 12)"
    ]


# --- through the installed command --------------------------------------------------------


def test_the_command_lints_notebooks_and_goes_on_after_a_broken_one(tmp_path: Path) -> None:
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "good.ipynb").write_text(
        notebook(("markdown", "# Demo"), IMPORTS, "x = 1\nmodel = SVC(gama=0.1)\n"),
        encoding="utf-8",
    )
    (tmp_path / "nb" / "broken.ipynb").write_text("{", encoding="utf-8")
    (tmp_path / "train.py").write_text("from sklearn.svm import SVC\nSVC(C=0)\n", encoding="utf-8")

    result = run_hplint("check", "--isolated", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        "nb/broken.ipynb:1:1: HP002 invalid notebook: not valid JSON (Expecting property name "
        "enclosed in double quotes at line 1, column 2)\n"
        "\n"
        "nb/good.ipynb:cell 3:2:13: HP401 `SVC` has no parameter `gama`\n"
        "  |\n"
        "1 | x = 1\n"
        "2 | model = SVC(gama=0.1)\n"
        "  |             ^^^^ HP401\n"
        "  |\n"
        "  = help: Rename `gama` to `gamma`\n"
        "\n"
        "train.py:2:7: HP402 The `C` parameter of `SVC` must be a float in (0.0, inf); got `0`\n"
        "  |\n"
        "1 | from sklearn.svm import SVC\n"
        "2 | SVC(C=0)\n"
        "  |       ^ HP402\n"
        "  |\n"
        "\n"
        "Found 3 errors.\n"
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
    )

    as_json = run_hplint(
        "check", "--isolated", "--output-format", "json", "nb/good.ipynb", cwd=tmp_path
    )
    [item] = json.loads(as_json.stdout)
    assert (item["cell"], item["location"], item["end_location"]) == (
        3,
        {"row": 2, "column": 13},
        {"row": 2, "column": 17},
    )

    excluded = run_hplint("check", "--isolated", "--extend-exclude", "*.ipynb", cwd=tmp_path)
    assert excluded.stdout.startswith("train.py:2:7: HP402")
    assert ".ipynb" not in excluded.stdout


def test_the_command_reports_a_cell_that_does_not_parse_and_lints_the_others(tmp_path: Path) -> None:
    text = notebook(IMPORTS, " # Read in data\nx = 1\n", "asdf.\n", "if x:\n    y = 2\n  z = 3\n", "m = SVC(gama=1)\n")
    (tmp_path / "book.ipynb").write_text(text, encoding="utf-8")
    result = run_hplint("check", "--isolated", "--no-cache", "--output-format", "concise", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "book.ipynb:cell 3:1:6: HP001 SyntaxError: invalid syntax",
        "book.ipynb:cell 4:3:8: HP001 SyntaxError: unindent does not match any outer indentation level",
        "book.ipynb:cell 5:1:9: HP401 `SVC` has no parameter `gama`; did you mean `gamma`?",
    ]
    as_json = run_hplint("check", "--isolated", "--no-cache", "--output-format", "json", cwd=tmp_path)
    assert [(item["code"], item["cell"], item["location"]["row"]) for item in json.loads(as_json.stdout)] == [
        ("HP001", 3, 1), ("HP001", 4, 3), ("HP401", 5, 1)
    ]


# --- rewriting a notebook keeps every byte outside the edited lines -----------------------


def _edit(row: int, column: int, end_row: int, end_column: int, content: str, cell: int) -> Edit:
    return Edit(Location(row, column), Location(end_row, end_column), content, cell)


def test_a_rewrite_keeps_the_json_as_it_was_written() -> None:
    # Space before "{", an indent json.dumps would not choose, keys out of order, an
    # escaped "é" in another line of the edited cell.
    text = (
        ' \n\t{"nbformat": 4, "nbformat_minor": 5, "metadata": {},\n'
        '  "cells": [ {"source": ["a = 1  # caf\\u00e9\\n",\n'
        '                         "m = SVC(gama=1)\\n",\n'
        '                         "b = 2"], "cell_type": "code", "outputs": [], "metadata": {}},\n'
        '             {"cell_type": "code", "source": "x = 1\\ny = 2", "metadata": {}, "outputs": []}]}  \n'
    )
    after = apply_cell_edits(text.encode(), [_edit(2, 9, 2, 13, "gamma", 1), _edit(2, 1, 2, 1, "# y\n", 2)])
    assert after.decode() == text.replace("gama=1", "gamma=1").replace('"x = 1\\ny = 2"', '"x = 1\\n# y\\ny = 2"')


@pytest.mark.parametrize(
    ("edit", "lines"),
    [
        (_edit(2, 1, 3, 1, "", 1), ["a\n", "c\n", "d"]),  # a line deleted
        (_edit(2, 1, 2, 1, "x\ny\n", 1), ["a\n", "x\n", "y\n", "b\n", "c\n", "d"]),  # lines added
        (_edit(4, 2, 4, 2, "  # noqa", 1), ["a\n", "b\n", "c\n", "d  # noqa"]),  # the last line
        (_edit(1, 1, 4, 2, "z", 1), ["z"]),  # everything
    ],
)
def test_a_list_source_keeps_one_string_per_line(edit: Edit, lines: list[str]) -> None:
    text = notebook("a\nb\nc\nd")
    after = json.loads(apply_cell_edits(text.encode(), [edit]))
    assert after["cells"][0]["source"] == lines


def test_an_edit_in_an_nbformat_3_notebook_with_a_bom() -> None:
    cells = [{"cell_type": "markdown", "source": "x"}, {"cell_type": "code", "input": ["SVC(gama=1)\n"]}]
    text = json.dumps({"nbformat": 3, "worksheets": [{"cells": []}, {"cells": cells}]}, indent=2)
    after = apply_cell_edits(b"\xef\xbb\xbf" + text.encode(), [_edit(1, 5, 1, 9, "gamma", 2)])
    assert after == b"\xef\xbb\xbf" + text.replace("gama", "gamma").encode()


_LINE_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=8)


# A value no generated text holds: where the edited cell's source is in the file's text.
_MARKER = -1.2345e-300


@st.composite
def written_notebooks(draw: st.DrawFn) -> tuple[bytes, int, str, tuple[int, int]]:
    """A notebook in some writer's layout, one of its code cells, that cell's source, and
    where the source's value is in the text (found independently of hplint)."""
    cells: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 4))):
        text = "\n".join(draw(st.lists(_LINE_TEXT, min_size=1, max_size=5))) + draw(st.sampled_from(["", "\n"]))
        split = draw(st.sampled_from(["jupyter", "string", "odd"]))
        source: object = text
        if split == "jupyter":
            source = _as_lines(text)
        elif split == "odd":  # any split: the parts are kept as they are where unchanged
            cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=3)))
            source = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)]) if b > a]
        cells.append({"cell_type": "code", "metadata": {}, "outputs": [], "source": source})
    document = {"cells": cells, "metadata": {"a": draw(_LINE_TEXT)}, "nbformat": 4, "nbformat_minor": 5}
    indent = draw(st.sampled_from([None, 1, 2, 4, "\t"]))
    options: dict[str, Any] = dict(
        indent=indent, ensure_ascii=draw(st.booleans()), sort_keys=draw(st.booleans()),
        separators=(",", ": ") if indent is not None else draw(st.sampled_from([(", ", ": "), (",", ":")])),
    )  # fmt: skip
    space = draw(st.sampled_from(["", " ", "\n", "\t\n "]))
    index = draw(st.integers(1, len(cells)))
    source = cells[index - 1]["source"]
    written = space + json.dumps(document, **options) + space
    cells[index - 1]["source"] = _MARKER
    marked = space + json.dumps(document, **options) + space
    marker = json.dumps(_MARKER)
    assume(marked.count(marker) == 1)
    start = marked.index(marker)
    span = (start, start + len(written) - len(marked) + len(marker))
    return written.encode(), index, source if isinstance(source, str) else "".join(source), span


def _location(text: str, offset: int) -> Location:
    row = text.count("\n", 0, offset) + 1
    return Location(row, offset - (text.rfind("\n", 0, offset) + 1) + 1)


@given(written_notebooks(), st.data())
def test_a_rewrite_changes_only_the_edited_lines_of_the_edited_cell(
    written: tuple[bytes, int, str, tuple[int, int]], data: st.DataObject
) -> None:
    before, index, source, (value_start, value_end) = written
    assert apply_cell_edits(before, []) == before
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, len(source)))
    content = data.draw(st.sampled_from(["", "x", "é\n", "\n", '"\\', source[start:end]]))
    after = apply_cell_edits(before, [Edit(_location(source, start), _location(source, end), content, index)])
    expected = source[:start] + content + source[end:]
    if expected == source:
        assert after == before  # a rewrite that changes nothing changes no byte
        return
    old, new = json.loads(before), json.loads(after)
    old_source, new_source = old["cells"][index - 1]["source"], new["cells"][index - 1]["source"]
    assert type(new_source) is type(old_source)
    assert (new_source if isinstance(new_source, str) else "".join(new_source)) == expected
    if isinstance(old_source, list) and old_source == _as_lines(source):
        assert new_source == _as_lines(expected)  # one string per line, as Jupyter writes
    old["cells"][index - 1]["source"] = new["cells"][index - 1]["source"] = None
    assert old == new
    # Not a byte changed outside the text of the cell's source.
    text, fixed = before.decode(), after.decode()
    head = len(os.path.commonprefix([text, fixed]))
    tail = len(os.path.commonprefix([text[head:][::-1], fixed[head:][::-1]]))
    assert value_start <= head and len(text) - tail <= value_end


def test_the_command_fixes_a_notebook_in_place(tmp_path: Path) -> None:
    # Space before "{", a list source: the removed entry's whole line goes, comment and
    # all, and no other byte of the file changes.
    cell = (
        "grid = GridSearchCV(SVC(), {\n"
        '    "C": [1, 10],\n'
        '    "random_state": [0, 1],  # seeds\n'
        "})\n"
    )
    text = "\n" + notebook(SEARCH, cell) + "\n"
    (tmp_path / "book.ipynb").write_text(text, encoding="utf-8")
    done = run_hplint("check", "--isolated", "--no-cache", "--fix", "--unsafe-fixes", "--select", "HP301", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    fixed = cell.replace('    "random_state": [0, 1],  # seeds\n', "").replace("SVC()", "SVC(random_state=0)")
    expected = "\n" + notebook(SEARCH, fixed) + "\n"
    assert (tmp_path / "book.ipynb").read_text(encoding="utf-8") == expected
