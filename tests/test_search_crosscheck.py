"""HP302 agrees with scikit-learn: a key is reported exactly when ``set_params`` rejects it.

For every target below, the keys tried are all of its ``get_params(deep=True)`` keys (all
valid) and mutations of them (a misspelled last part, a missing or wrong step prefix, a
key one level too deep, a misspelled step); scikit-learn's verdict is whether
``clone(target).set_params(**{key: value})`` raises.
"""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("sklearn")

from sklearn.base import clone

from conftest import findings

IMPORTS = """\
from sklearn.compose import ColumnTransformer, make_column_transformer
from sklearn.decomposition import PCA
from sklearn.ensemble import (
    AdaBoostClassifier, BaggingClassifier, RandomForestClassifier, StackingClassifier,
    VotingClassifier,
)
from sklearn.feature_selection import SelectKBest
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline, make_union
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
"""

TARGETS = [
    "SVC()",
    "LogisticRegression()",
    "make_pipeline(StandardScaler(), SVC())",
    "Pipeline([('scaler', StandardScaler()), ('clf', LogisticRegression())])",
    "Pipeline(steps=[('reduce', 'passthrough'), ('clf', SVC())])",
    "Pipeline([('reduce', None), ('clf', SVC())], memory=None)",
    "make_pipeline(PCA(), PCA(), LogisticRegression())",
    "make_pipeline(ColumnTransformer([('num', make_pipeline(SimpleImputer(), StandardScaler()),"
    " [0]), ('cat', OneHotEncoder(), [1]), ('skip', 'drop', [2])]), SVC())",
    "make_pipeline(make_column_transformer((StandardScaler(), [0]), remainder=PCA()), SVC())",
    "ColumnTransformer([('num', StandardScaler(), [0])])",
    "Pipeline([('features', FeatureUnion([('pca', PCA()), ('kbest', SelectKBest())])),"
    " ('svc', SVC())])",
    "make_union(PCA(), SelectKBest(), 'drop')",
    "AdaBoostClassifier(estimator=DecisionTreeClassifier())",
    "AdaBoostClassifier()",
    "BaggingClassifier(make_pipeline(StandardScaler(), SVC()))",
    "StackingClassifier([('rf', RandomForestClassifier()), ('svc', SVC())],"
    " final_estimator=LogisticRegression())",
    "StackingClassifier([('rf', RandomForestClassifier())])",
    "VotingClassifier([('lr', LogisticRegression()), ('svc', 'drop')])",
]


def _mutations(key: str, steps: list[str]) -> list[str]:
    parts = key.split("__")
    last = parts[-1]
    found = [
        "__".join([*parts[:-1], last[:-1] or "x"]),  # misspelled
        "__".join([*parts[:-1], last + "s"]),
        key + "__alpha",  # one level too deep
    ]
    if len(parts) > 1:
        found.append("__".join(parts[1:]))  # forgot the step prefix
        found.append("__".join(["zz" + parts[0], *parts[1:]]))  # unknown step
    for step in steps:
        found.append(f"{step}__{last}")  # the right name under another step
    return found


def _cases() -> dict[str, list[tuple[str, bool]]]:
    """target -> [(key, whether scikit-learn rejects it)]."""
    namespace: dict[str, object] = {}
    exec(IMPORTS, namespace)
    cases: dict[str, list[tuple[str, bool]]] = {}
    for target in TARGETS:
        estimator = eval(target, namespace)  # noqa: S307 - our own test expressions
        params = estimator.get_params(deep=True)
        steps = [k for k in params if "__" not in k and hasattr(params[k], "get_params")]
        keys: set[str] = set()
        # Every valid key of the outer levels, each with one of its mutations in turn; a
        # sample of the deeper ones (the same code paths, and each check costs time).
        for index, key in enumerate(sorted(params, key=lambda k: (k.count("__"), k))):
            if key.count("__") > 1 and index % 3:
                continue
            keys.add(key)
            mutations = _mutations(key, steps)
            keys.add(mutations[index % len(mutations)])
        cases[target] = [
            (key, _rejects(estimator, params, key))
            for key in sorted(keys)
            if not _below_opaque_default(params, key)
        ]
    return cases


def _below_opaque_default(params: dict[str, object], key: str) -> bool:
    """A key below a parameter holding a function or a numpy object: hplint does not model
    those defaults and stays silent (documented on HP302's page)."""
    parts = key.split("__")
    for end in range(1, len(parts)):
        value = params.get("__".join(parts[:end]))
        if value is not None and callable(value) and not hasattr(value, "get_params"):
            return True
        if type(value).__module__.startswith("numpy") or value is float("nan"):
            return True
        if isinstance(value, float) and value != value:
            return True
    return False


def _rejects(estimator: object, params: dict[str, object], key: str) -> bool:
    value = params.get(key, 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clone(estimator).set_params(**{key: value})
    except (ValueError, AttributeError, TypeError):
        return True
    return False


CASES = _cases()


def _hplint_rejected(target: str, keys: list[str]) -> set[str]:
    """The keys HP302 reports, each searched on its own line."""
    lines = [f"GridSearchCV({target}, {{{key!r}: [a, b]}})" for key in keys]
    source = IMPORTS + "\n".join(lines) + "\n"
    first = IMPORTS.count("\n") + 1
    return {keys[row - first] for row, code in findings(source, select=["HP302"])}


def test_enough_cases() -> None:
    total = sum(len(keys) for keys in CASES.values())
    rejected = sum(rejects for keys in CASES.values() for _, rejects in keys)
    assert total > 800 and rejected > 300


@pytest.mark.parametrize("target", TARGETS)
def test_hp302_agrees_with_set_params(target: str) -> None:
    keys = CASES[target]
    reported = _hplint_rejected(target, [key for key, _ in keys])
    disagreements = [(key, rejects) for key, rejects in keys if rejects != (key in reported)]
    assert disagreements == []


# The same keys, reached through the value analysis: names rebound cell after cell (a
# decoy value first), a helper function returning the target, and a module-level space
# read in a function. Each key stands on its own row, so a finding's row names its key.
_SHAPES = {
    "rebound": (
        "model = LogisticRegression()\nparam_grid = {'zzz': [1, 2]}\nmodel = {target}\n",
        "param_grid = {{{key!r}: [a, b]}}; grid = GridSearchCV(model, param_grid)",
    ),
    "helper": (
        "def build():\n    made = {target}\n    return made\n",
        "param_grid = {{{key!r}: [a, b]}}; GridSearchCV(build(), param_grid)",
    ),
    "function": (
        "model = {target}\n",
        "space{row} = {{{key!r}: [a, b]}}\n"
        "def tune{row}(X, y):\n    return GridSearchCV(model, space{row}).fit(X, y)",
    ),
}


@pytest.mark.parametrize("shape", sorted(_SHAPES))
@pytest.mark.parametrize("target", TARGETS[::3])
def test_hp302_agrees_through_rebound_names(target: str, shape: str) -> None:
    keys = [key for key, _ in CASES[target]]
    header, line = _SHAPES[shape]
    prefix = IMPORTS + header.replace("{target}", target)
    rows: dict[int, str] = {}
    body: list[str] = []
    row = prefix.count("\n") + 1
    for index, key in enumerate(keys):
        rows[row] = key
        text = line.format(key=key, row=index)
        body.append(text)
        row += text.count("\n") + 1
    reported = {rows[r] for r, _ in findings(prefix + "\n".join(body) + "\n", select=["HP302"])}
    disagreements = [(key, rejects) for key, rejects in CASES[target] if rejects != (key in reported)]
    assert disagreements == []


# HP402 (HP403 for a removed value) on candidates that a name holds or a range-like call
# computes: reported exactly when scikit-learn's parameter validation rejects one of the
# values the search would set.
_CANDIDATE_CASES = [
    ("DecisionTreeClassifier()", "max_depth", "range(0, 5)"),
    ("DecisionTreeClassifier()", "max_depth", "range(1, 5)"),
    ("DecisionTreeClassifier()", "max_depth", "np.linspace(2, 10, 5)"),
    ("DecisionTreeClassifier()", "max_depth", "np.arange(2, 10, 2)"),
    ("DecisionTreeClassifier()", "min_samples_split", "list(range(1, 6))"),
    ("DecisionTreeClassifier()", "min_samples_split", "np.arange(0.1, 1.1, 0.1)"),
    ("DecisionTreeClassifier()", "max_features", "np.arange(0.1, 1.2, 0.1)"),
    ("DecisionTreeClassifier()", "max_features", "['sqrt', 'log2', 'auto']"),
    ("SVC()", "C", "np.logspace(-3, 3, 7)"),
    ("SVC()", "C", "np.linspace(-1, 1, 3)"),
    ("SVC()", "kernel", "['rbf', 'linear']"),
    ("SVC()", "kernel", "['rbf', 'rbg']"),
    ("LogisticRegression()", "C", "[0.01, 0.1, 1, 10]"),
    ("LogisticRegression()", "max_iter", "np.arange(100, 1000, 100)"),
    ("LogisticRegression()", "max_iter", "np.linspace(100, 1000, 10)"),
    ("RandomForestClassifier()", "n_estimators", "np.arange(0, 500, 50)"),
    ("RandomForestClassifier()", "n_estimators", "range(50, 500, 50)"),
]


def _values(expression: str) -> list[object]:
    import numpy as np

    return list(eval(expression, {"np": np}))  # noqa: S307 - the test's own expressions


def _sklearn_rejects_one(target: str, key: str, expression: str) -> bool:
    namespace: dict[str, object] = {}
    exec(IMPORTS, namespace)
    for value in _values(expression):
        estimator = eval(target, namespace)  # noqa: S307 - the test's own expressions
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                estimator.set_params(**{key: value})
                estimator._validate_params()
        except ValueError:  # InvalidParameterError
            return True
    return False


@pytest.mark.parametrize(("target", "key", "expression"), _CANDIDATE_CASES)
@pytest.mark.parametrize("shape", ["inline", "held", "rebound"])
def test_hp402_on_held_and_computed_candidates(target: str, key: str, expression: str, shape: str) -> None:
    header = IMPORTS + "import numpy as np\n"
    if shape == "inline":
        body = f"GridSearchCV({target}, {{{key!r}: {expression}}})\n"
    elif shape == "held":
        body = f"values = {expression}\ndef tune():\n    return GridSearchCV({target}, {{{key!r}: values}})\n"
    else:
        body = f"values = [None]\nvalues = {expression}\nGridSearchCV({target}, {{{key!r}: values}})\n"
    # A value a release removed is HP403's (one finding per token), any other HP402's.
    reported = any(code in ("HP402", "HP403") for _, code in findings(header + body))
    assert reported == _sklearn_rejects_one(target, key, expression)
