"""Jupyter notebooks: code cells linted as one module, findings located by cell and row."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from hplint.diagnostics import Diagnostic, Location
from hplint.engine import FileResult, lint_file, lint_source
from hplint.notebook import parse_notebook, to_python
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
    for d in lint_source(source, str(path)):
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
