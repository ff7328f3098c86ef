"""HP101 in branches that never run (``rules/deadbranches``) in notebooks, where the selector
is bound in one cell, tested in another and rebound later. The fixture
``HP101/dead_branches.py`` holds the shapes of one module."""

from __future__ import annotations

from pathlib import Path

from hplint.config import Settings
from hplint.engine import lint_file

from test_notebooks import notebook

HEAD = "from sklearn.svm import SVC\n"
SELECT = "if kernel == 'rbf':\n    SVC(gamma=0.5).fit(X, y)\n"
SETTINGS = Settings(select=("HP101",))


def notebook_findings(tmp_path: Path, *cells: str) -> list[int | None]:
    """The cells (numbered from 1, the import first) of the HP101 findings of a notebook."""
    path = tmp_path / "explore.ipynb"
    path.write_text(notebook(HEAD, *cells), encoding="utf-8")
    return [d.cell for d in lint_file(path, SETTINGS).diagnostics if d.code == "HP101"]


def test_the_selector_bound_in_an_earlier_cell_decides(tmp_path: Path) -> None:
    assert notebook_findings(tmp_path, "kernel = 'linear'", SELECT) == []
    assert notebook_findings(tmp_path, "kernel = 'rbf'", SELECT) == [3]


def test_a_selector_rebound_in_a_later_cell_makes_the_later_branch_live(tmp_path: Path) -> None:
    assert notebook_findings(tmp_path, "kernel = 'linear'", SELECT, "kernel = 'rbf'", SELECT) == [5]


def test_a_selector_rebound_in_a_branch_is_unknown(tmp_path: Path) -> None:
    rebound = "kernel = 'linear'\nif wide:\n    kernel = 'rbf'\n"
    assert notebook_findings(tmp_path, rebound, SELECT) == [3]


def test_a_magic_that_may_rebind_any_name_makes_the_test_unknown(tmp_path: Path) -> None:
    assert notebook_findings(tmp_path, "kernel = 'linear'", "%run settings.py", SELECT) == [4]


def test_a_selector_the_notebook_never_binds_is_unknown(tmp_path: Path) -> None:
    assert notebook_findings(tmp_path, SELECT) == [2]
