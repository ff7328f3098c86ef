"""HP101 in branches that never run (``rules/deadbranches``) in notebooks, where the selector
is bound in one cell, tested in another and rebound later. The fixture
``HP101/dead_branches.py`` holds the shapes of one module."""

from __future__ import annotations

from pathlib import Path

from hplint.config import Settings
from hplint.engine import lint_file, lint_source

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


SCALERS = (
    "from sklearn.preprocessing import PowerTransformer, RobustScaler, StandardScaler\n"
    "def scale(df, name='Standard'):\n"
    "    options = {'Standard': StandardScaler(with_std=False), 'Power': PowerTransformer(method='box-cox'),\n"
    "               'Robust': RobustScaler(quantile_range=(10.0, 90.0))}\n"
    "    return options[name].fit_transform(df)\n"
)
TRAIN = "\ntrain_model(X)"


def findings_of(tmp_path: Path, *cells: str) -> list[str]:
    """The calls of a notebook's HP101 findings."""
    path = tmp_path / "explore.ipynb"
    path.write_text(notebook(HEAD, *cells), encoding="utf-8")
    return [d.message.split("`")[1] for d in lint_file(path, SETTINGS).diagnostics if d.code == "HP101"]


def test_the_entries_of_a_dict_no_call_selects_are_silent(tmp_path: Path) -> None:
    assert findings_of(tmp_path, SCALERS, "X = scale(train, name='Power')" + TRAIN) == ["PowerTransformer(method='box-cox')"]
    # Left out, the parameter's default selects.
    assert findings_of(tmp_path, SCALERS, "X = scale(train)" + TRAIN) == ["StandardScaler(with_std=False)"]
    both = "X = scale(train, 'Power')\nZ = scale(test, name='Robust')\ntrain_model(X, Z)"
    assert findings_of(tmp_path, SCALERS, both) == ["PowerTransformer(method='box-cox')", "RobustScaler(quantile_range=(10.0, 90.0))"]


def test_a_selector_the_calls_do_not_fix_keeps_every_entry(tmp_path: Path) -> None:
    every = ["StandardScaler(with_std=False)", "PowerTransformer(method='box-cox')", "RobustScaler(quantile_range=(10.0, 90.0))"]
    assert findings_of(tmp_path, SCALERS, "X = scale(train, name=method)" + TRAIN) == every
    assert findings_of(tmp_path, SCALERS, "X = scale(train, **options)" + TRAIN) == every
    # The function handed on (a callback), or its dict used some other way.
    assert findings_of(tmp_path, SCALERS, "X = scale(train, 'Power')\nsteps = [scale]" + TRAIN) == every
    listed = SCALERS.replace("    return options[name]", "    print(list(options))\n    return options[name]")
    assert findings_of(tmp_path, listed, "X = scale(train, 'Power')" + TRAIN) == every


def test_a_branch_on_a_parameter_every_call_fixes_is_decided(tmp_path: Path) -> None:
    fit = (
        "def fit(kind, regs=('OLS',)):\n"
        "    if kind == 'rbf':\n"
        "        SVC(gamma=0.5).fit(X, y)\n"
        "    elif 'poly' in regs:\n"
        "        SVC(degree=4, kernel='poly').fit(X, y)\n"
    )
    assert findings_of(tmp_path, fit, "fit('linear')\nfit('linear', regs=['OLS', 'Ridge'])") == []
    assert findings_of(tmp_path, fit, "fit('rbf')") == ["SVC(gamma=0.5)"]
    assert findings_of(tmp_path, fit, "fit('linear', ['poly'])") == ["SVC(degree=4, kernel='poly')"]
    # A parameter the function rebinds is unknown.
    rebinding = fit.replace("    if kind ==", "    kind = kind.lower()\n    if kind ==")
    assert findings_of(tmp_path, rebinding, "fit('linear')") == ["SVC(gamma=0.5)"]


def test_a_notebook_function_never_called_builds_nothing(tmp_path: Path) -> None:
    helper = "def baseline():\n    return SVC(C=3.0).fit(X, y)\n"
    assert findings_of(tmp_path, helper) == []
    assert findings_of(tmp_path, helper, "model = baseline()") == ["SVC(C=3.0)"]
    # A module's function may be called by another file: it stays reported.
    assert [d.message.split("`")[1] for d in lint_source(HEAD + helper, "helpers.py", SETTINGS)] == ["SVC(C=3.0)"]


def test_a_function_named_in_a_string_or_magic_may_run(tmp_path: Path) -> None:
    helper = "def baseline():\n    return SVC(C=3.0).fit(X, y)\n"
    timed = "import timeit\nseconds = timeit.timeit('baseline()', number=1)"
    assert findings_of(tmp_path, helper, timed) == ["SVC(C=3.0)"]
    assert findings_of(tmp_path, helper, "%timeit -n 1 baseline()") == ["SVC(C=3.0)"]
    fit = "def fit(kind):\n    if kind == 'rbf':\n        SVC(gamma=0.5).fit(X, y)\n"
    assert findings_of(tmp_path, fit, "fit('linear')\nexec('fit(\"rbf\")')") == ["SVC(gamma=0.5)"]


def test_a_call_in_a_comment_runs_nothing(tmp_path: Path) -> None:
    fit = "def fit(kind):\n    if kind == 'rbf':\n        SVC(gamma=0.5).fit(X, y)\n"
    assert findings_of(tmp_path, fit, "# fit('rbf')  tried before\nfit('linear')") == []
