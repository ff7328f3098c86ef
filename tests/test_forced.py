"""HP101: values forced by what the code reads (rules/forced.py). Every row of the table is
asked of scikit-learn: fitted with another value the member is unavailable, with the row's
value it is there. The shapes are in tests/fixtures/HP101/forced.py."""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import libcst
import numpy as np
import pytest
from conftest import hp101_calls

from hplint.catalog import load
from hplint.rules.forced import FORCED, Forced

# The other values of each forced parameter (every one a row's member must refuse).
OTHER_VALUES: dict[str, tuple[object, ...]] = {
    "kernel": ("rbf", "poly", "sigmoid"),
    "bootstrap": (False,),
    "voting": ("hard",),
    "use_idf": (False,),
    "add_indicator": (False,),
}

# Arguments some classes need to be built, fitted, or to have the member at all.
EXTRA: dict[str, dict[str, Any]] = {
    "RandomForestClassifier": {"n_estimators": 10, "oob_score": True, "random_state": 0},
    "RandomForestRegressor": {"n_estimators": 10, "oob_score": True, "random_state": 0},
    "ExtraTreesClassifier": {"n_estimators": 10, "oob_score": True, "random_state": 0},
    "ExtraTreesRegressor": {"n_estimators": 10, "oob_score": True, "random_state": 0},
    "BaggingClassifier": {"n_estimators": 10, "oob_score": True, "random_state": 0},
    "BaggingRegressor": {"n_estimators": 10, "oob_score": True, "random_state": 0},
}

DOCUMENTS = ["alpha beta gamma", "beta gamma delta", "gamma delta epsilon alpha", "alpha epsilon"]


def _class(qualname: str) -> type:
    module, _, name = qualname.rpartition(".")
    cls: type = getattr(importlib.import_module(module), name)
    return cls


def _fit(qualname: str, parameter: str, value: object) -> object:
    """The class fitted on tiny data with ``parameter=value``."""
    from sklearn.base import is_classifier, is_outlier_detector
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    cls = _class(qualname)
    name = cls.__name__
    arguments: dict[str, Any] = {parameter: value, **EXTRA.get(name, {})}
    if name == "VotingClassifier":
        arguments["estimators"] = [("a", LogisticRegression()), ("b", LogisticRegression(C=0.1))]
    model = cls(**arguments)
    rng = np.random.RandomState(0)
    X = rng.rand(40, 3)
    if name == "TfidfVectorizer":
        return model.fit(DOCUMENTS)
    if name == "TfidfTransformer":
        return model.fit(CountVectorizer().fit_transform(DOCUMENTS))
    if qualname.startswith("sklearn.impute."):
        X[0, 0] = np.nan
        return model.fit(X)
    if is_outlier_detector(model):
        return model.fit(X)
    y = (X[:, 0] > 0.5).astype(int) if is_classifier(model) else X[:, 0] * 3.0
    return model.fit(X, y)


def _available(qualname: str, parameter: str, value: object, member: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = _fit(qualname, parameter, value)
        except ValueError:
            return False  # fit refuses the combination (out-of-bag without bootstrap)
        try:
            found = getattr(model, member)
        except AttributeError:
            return False
    return found is not None


CASES = [
    pytest.param(row, qualname, member, id=f"{qualname.rpartition('.')[2]}.{member}")
    for row in FORCED
    for qualname in sorted(row.classes)
    for member in sorted(row.members)
    # A classifier has no oob_prediction_, a regressor no oob_decision_function_.
    if not (member == "oob_prediction_" and qualname.endswith("Classifier"))
    and not (member == "oob_decision_function_" and qualname.endswith("Regressor"))
]


@pytest.mark.parametrize(("row", "qualname", "member"), CASES)
def test_scikit_learn_has_the_member_only_with_the_forced_value(row: Forced, qualname: str, member: str) -> None:
    assert _available(qualname, row.parameter, row.value, member)
    for other in OTHER_VALUES[row.parameter]:
        assert not _available(qualname, row.parameter, other, member), other


@pytest.mark.parametrize("row", FORCED, ids=lambda row: row.parameter)
def test_each_row_is_about_a_reported_hyperparameter_and_a_catalogued_member(row: Forced) -> None:
    catalog = load()
    assert row.reason
    for qualname in row.classes:
        estimator = catalog.lookup(qualname)
        assert estimator is not None and estimator.qualname == qualname
        assert estimator.parameters[row.parameter].role == "hyperparameter"
        assert any(m in estimator.learned_attributes | estimator.methods for m in row.members)


def test_the_forced_value_leaves_the_call_s_other_choices() -> None:
    source = (
        "from sklearn.svm import SVC\n"
        'svm = SVC(kernel="linear", C=100).fit(X, y)\n'
        "w = svm.coef_\n"
    )
    assert hp101_calls(source) == ["`SVC(C=100)`"]
    # Another value with the same read is still a choice (and coef_ then fails).
    assert hp101_calls(source.replace('"linear"', '"rbf"')) == ['`SVC(kernel="rbf", C=100)`']
    # Without the read the kernel is a choice again.
    assert hp101_calls(source.replace("svm.coef_", "svm.intercept_")) == ['`SVC(kernel="linear", C=100)`']


def test_a_helper_that_returns_the_construction_is_followed() -> None:
    source = (
        "from sklearn.svm import SVC\n"
        "def linear_svm():\n"
        '    return SVC(kernel="linear")\n'
        "svm = linear_svm().fit(X, y)\n"
        "w = svm.coef_\n"
    )
    assert hp101_calls(source) == []


# Voters hplint reads as without probabilities, and ones it reads as with them.
WITHOUT_PROBABILITIES = [
    ("sklearn.linear_model.Perceptron", {}),
    ("sklearn.svm.LinearSVC", {}),
    ("sklearn.linear_model.RidgeClassifier", {}),
    ("sklearn.svm.SVC", {}),
    ("sklearn.svm.NuSVC", {"nu": 0.3}),
    ("sklearn.linear_model.SGDClassifier", {}),
    ("sklearn.linear_model.SGDClassifier", {"loss": "hinge"}),
]
WITH_PROBABILITIES = [
    ("sklearn.svm.SVC", {"probability": True}),
    ("sklearn.linear_model.SGDClassifier", {"loss": "log_loss"}),
    ("sklearn.linear_model.SGDClassifier", {"loss": "modified_huber"}),
    ("sklearn.neighbors.KNeighborsClassifier", {}),
]


def _votes_softly(qualname: str, arguments: dict[str, Any]) -> bool:
    """Whether a soft vote of the voter and a logistic regression fits and predicts."""
    from sklearn.ensemble import VotingClassifier
    from sklearn.linear_model import LogisticRegression

    rng = np.random.RandomState(0)
    X = rng.rand(40, 3)
    y = (X[:, 0] > 0.5).astype(int)
    vote = VotingClassifier([("v", _class(qualname)(**arguments)), ("lr", LogisticRegression())], voting="soft")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            vote.fit(X, y).predict(X)
        except AttributeError:
            return False
    return True


def _read_as_with_probabilities(qualname: str, arguments: dict[str, Any]) -> bool:
    from hplint.model import build
    from hplint.rules.forced import _has_probabilities

    module, _, name = qualname.rpartition(".")
    written = ", ".join(f"{key}={value!r}" for key, value in arguments.items())
    facts = build(libcst.parse_module(f"from {module} import {name}\n{name}({written})\n"), load())
    return _has_probabilities(facts.constructions[0])


@pytest.mark.parametrize(("qualname", "arguments"), WITHOUT_PROBABILITIES + WITH_PROBABILITIES)
def test_a_voter_without_probabilities_is_read_as_scikit_learn_votes(qualname: str, arguments: dict[str, Any]) -> None:
    expected = (qualname, arguments) in WITH_PROBABILITIES
    assert _votes_softly(qualname, arguments) is expected
    assert _read_as_with_probabilities(qualname, arguments) is expected


def test_only_soft_voting_transforms_into_the_voters_probabilities() -> None:
    """scikit-learn is the judge: hard voting's ``transform`` gives each voter's labels, soft
    voting's their probabilities (what a stacking by hand reads)."""
    from sklearn.ensemble import VotingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB

    rng = np.random.RandomState(0)
    X, y = rng.rand(40, 3), np.arange(40) % 3
    voters = [("lr", LogisticRegression()), ("nb", GaussianNB())]
    soft = VotingClassifier(voters, voting="soft").fit(X, y).transform(X)
    hard = VotingClassifier(voters, voting="hard").fit(X, y).transform(X)
    assert soft.shape == (40, 6) and np.allclose(soft.reshape(40, 2, 3).sum(axis=2), 1)
    assert hard.shape == (40, 2) and set(np.unique(hard)) <= {0, 1, 2}
