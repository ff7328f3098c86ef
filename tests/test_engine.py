"""The engine turns every failure on one file into a finding or an error for that file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hplint.config import Settings
from hplint.engine import lint_file, lint_source
from hplint.runner import run


def test_permission_denied_becomes_hp002(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "secret.py"
    target.write_text("x = 1\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = lint_file(target)
    assert [(d.code, d.message) for d in result.diagnostics] == [("HP002", "Permission denied")]


def test_internal_error_is_contained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.py").write_text("from sklearn.svm import SVC\nSVC(gama=1)\n")
    (tmp_path / "b.py").write_text("from sklearn.svm import SVC\nSVC(gama=1)\n")
    import hplint.engine

    real = hplint.engine.lint_source_tuning
    calls = []

    def flaky(source: str, path: str = "<string>", settings: Settings = Settings()) -> object:
        calls.append(path)
        if path.endswith("a.py"):
            raise ValueError("boom")
        return real(source, path, settings)

    monkeypatch.setattr(hplint.engine, "lint_source_tuning", flaky)
    first, second = run([tmp_path / "a.py", tmp_path / "b.py"], Settings(), jobs=1)
    assert first.internal_error == "ValueError: boom"
    assert [d.code for d in second.diagnostics] == ["HP401"]


DEEP = {
    "parentheses": "'x = ' + '(' * 5000 + '1' + ')' * 5000",
    "binary operators": "'x = ' + '+'.join(['1'] * 20000)",
    "unary operators": "'x = ' + '-' * 20000 + '1'",
    "attributes": "'x = a' + '.b' * 20000",
    "calls": "'x = a' + '()' * 20000",
    "conditionals": "'x = ' + ' if c else '.join(['1'] * 20000)",
}


@pytest.mark.parametrize("expression", DEEP.values(), ids=list(DEEP))
def test_nesting_too_deep_for_python_is_hp001_not_a_crash(expression: str) -> None:
    # In a subprocess: a stack overflow in the native parser would kill pytest itself.
    code = (
        "from hplint.engine import lint_source\n"
        f"found = lint_source({expression} + '\\n')\n"
        "print([(d.code, d.start.row) for d in found])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == "[('HP001', 1)]\n"


def test_nesting_python_accepts_is_linted() -> None:
    source = "from sklearn.svm import SVC\nx = " + "(" * 150 + "SVC(gama=1)" + ")" * 150 + "\n"
    assert [d.code for d in lint_source(source)] == ["HP401"]


def test_empty_and_comment_only_files() -> None:
    assert lint_source("") == []
    assert lint_source("# only a comment\n") == []
    assert lint_source("\n\n\n") == []


def test_settings_select_a_single_rule() -> None:
    source = "from sklearn.svm import SVC\nSVC(gama=1, C=-1)\n"
    assert [d.code for d in lint_source(source, settings=Settings(select=("HP402",)))] == ["HP402"]


def corpus() -> list[str]:
    """Every source the tests know: fixtures, examples, and hplint's own code."""
    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("tests/fixtures/**/*.py"), *root.glob("examples/*.py"), *root.glob("src/**/*.py")]
    extra = ["def f(:\n", "x = (\n", "print 'py2'\n", "type X = int\n", "match x:\n    case 1: pass\n"]
    reached = [source for source, _ in REACHING_SHAPES]
    return [p.read_text(encoding="utf-8") for p in sorted(files)] + extra + IMPORT_SHAPES + reached


# Where an import of a catalogued library can hide, and mentions that are no import.
IMPORT_SHAPES = [
    "import os, \\\n    sklearn.svm\nsklearn.svm.SVC(gama=1)\n",
    "def f():\n    if True:\n        from sklearn.svm import SVC as M\n    return M(gama=1)\n",
    "try:\n    pass\nexcept ImportError:\n    import sklearn.svm as s\ns.SVC(gama=1)\n",
    "try:\n    pass\nexcept* ImportError:\n    import sklearn.svm as s\ns.SVC(gama=1)\n",
    "match x:\n    case 1:\n        from sklearn.svm import SVC\nSVC(gama=1)\n",
    "class A:\n    with x:\n        from sklearn.svm import *\nSVC(gama=1)\n",
    "for i in x:\n    pass\nelse:\n    from sklearn import svm\nsvm.SVC(gama=1)\n",
    "from sklearn.svm import SVC\nm = SVC()\nm.coef_\n",
    '"""Uses sklearn."""\n# import sklearn\nsklearn.svm.SVC(gama=1)\nm = SVC()\nm.coef_\n',
    "from .sklearn import svm\nsvm.SVC(gama=1)\n",
    "from . import sklearn\nsklearn.svm.SVC(gama=1)\n",
    "sklearn = __import__('sklearn')\nsklearn.svm.SVC(gama=1)\n",
    "from sklearnx.svm import SVC\nSVC(gama=1)\n",
    "sklearn.model_selection.GridSearchCV(sklearn.svm.SVC(), {'C': [1], 'random_state': [0]})\n",
]


# Imports of a catalogued library that can or cannot reach an estimator, a factory or a
# search space builder: (source, whether the file needs analysis).
REACHING_SHAPES = [
    ("from sklearn.utils import check_array\ncheck_array(x)\nSVC(gama=1)\n", False),
    ("from sklearn.base import BaseEstimator\nclass M(BaseEstimator):\n    pass\nM().coef_\n", False),
    ("from sklearn.base import is_classifier as svm\nsvm.SVC(gama=1)\n", False),
    # A validated function is a subject itself (HP401/HP402 check its calls).
    ("from sklearn.metrics import accuracy_score as svm\nsvm(y, p, normalise=True)\n", True),
    ("from sklearn.utils import shuffle\nfrom os import *\nSVC(gama=1)\n", False),
    ("import sklearn.utils\nsklearn.svm.SVC(gama=1)\n", True),
    ("from sklearn import svm\nsvm.SVC(gama=1)\n", True),
    ("from sklearn.svm import *\nSVC(gama=1)\n", True),
    ("from sklearn.pipeline import make_pipeline as mp\nmp(x).coef_\n", True),
    ("from sklearn.model_selection import ParameterGrid\nParameterGrid({'random_state': [0]})\n", True),
    ("from sklearn.model_selection import validation_curve as vc\nvc(m, X, y, param_name='n_jobs', param_range=[1])\n", True),
    ("from sklearn.utils import check_array\nfrom skopt import BayesSearchCV\nBayesSearchCV(m, {'random_state': [0, 1]})\n", True),
    ("from xgboost import XGBClassifier as X\nX(max_depth=3)\n", True),
    # A factory the model knows by a private path the catalog does not list.
    ("from sklearn.compose._column_transformer import make_column_transformer as m\n"
     "ct = m(('passthrough', [0]))\nct.set_params(remaindr='drop')\n", True),
]


def test_files_that_cannot_reach_a_subject_are_not_analysed() -> None:
    import ast

    from hplint.engine import _needs_analysis

    for source, expected in REACHING_SHAPES:
        assert _needs_analysis(source, ast.parse(source)) == expected, source
    assert lint_source(REACHING_SHAPES[-1][0])  # HP302: `remaindr`


def test_every_name_the_model_resolves_by_hand_is_reachable() -> None:
    """The skip's list covers the model's own tables of qualified names, not only the
    catalog's: a name missing there would silence a file the model can report on."""
    from hplint.catalog import builders, searches
    from hplint.engine import _reachable
    from hplint.model import estimators

    tables = [builders.FACTORIES, builders.CLONE, searches.PEERS, searches.BARE_SPACES,
              searches.CURVES, estimators._COMPOSITIONS]
    missing = [name for table in tables for name in table if name not in _reachable()]
    assert missing == []


def test_the_import_shapes_are_seen_or_not_as_expected() -> None:
    import ast

    from hplint.engine import imported_names

    seen = [
        any(name.partition(".")[0] == "sklearn" for name in imported_names(ast.parse(source)))
        for source in IMPORT_SHAPES
    ]
    assert seen == [True] * 8 + [False] * 6


def test_skipping_files_without_catalogued_imports_changes_no_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hplint.engine

    sources = corpus()
    fast = [lint_source(source) for source in sources]
    monkeypatch.setattr(hplint.engine, "_needs_analysis", lambda source, tree: True)
    full = [lint_source(source) for source in sources]
    assert fast == full
    assert any(fast) and any(not found for found in fast)
