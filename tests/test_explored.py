"""HP101: what a file explores without a search (rules/explored.py): per-stage evaluation
and sweeps through a user function. The shapes are in tests/fixtures/HP101/staged.py and
sweep_calls.py; these tests pin the message, the tables against scikit-learn, and the
plural rule."""

from __future__ import annotations

import inspect

import pytest
from conftest import hp101_calls
from sklearn.utils import all_estimators

from hplint.catalog import load
from hplint.rules import explored


def test_a_staged_curve_takes_only_the_budget_out_of_the_finding() -> None:
    source = (
        "from sklearn.ensemble import GradientBoostingClassifier\n"
        "gbm = GradientBoostingClassifier(n_estimators=250, max_depth=5).fit(X, y)\n"
        "for pred in gbm.staged_predict(X_test):\n"
        "    print(accuracy(y_test, pred))\n"
    )
    assert hp101_calls(source) == ["`GradientBoostingClassifier(max_depth=5)`"]
    # The same file without the curve: the budget is a choice again.
    assert hp101_calls(source.replace("staged_predict", "predict")) == [
        "`GradientBoostingClassifier(n_estimators=250, max_depth=5)`"
    ]


def test_a_staged_name_that_is_no_member_of_the_class_explores_nothing() -> None:
    source = (
        "from sklearn.ensemble import RandomForestClassifier\n"
        "rf = RandomForestClassifier(n_estimators=250).fit(X, y)\n"
        "curve = list(rf.staged_predict(X_test))\n"  # (no such method: HP203's business)
    )
    assert hp101_calls(source) == ["`RandomForestClassifier(n_estimators=250)`"]


def test_every_per_stage_member_of_scikit_learn_is_read_for_its_budget() -> None:
    """Each scikit-learn class with a ``staged_*`` method counts its stages in
    ``n_estimators``, a hyperparameter the rule reports, or in a setting it never reports."""
    catalog = load()
    staged = [cls for _, cls in all_estimators() if any(m.startswith("staged_") for m in dir(cls))]
    assert len(staged) >= 6  # AdaBoost*, GradientBoosting*, HistGradientBoosting*
    for cls in staged:
        estimator = catalog.lookup(f"sklearn.ensemble.{cls.__name__}")
        assert estimator is not None, cls
        members = {m for m in dir(cls) if m.startswith("staged_")}
        assert members <= estimator.methods, cls
        parameters = inspect.signature(cls).parameters
        if explored.BUDGET in parameters:
            assert estimator.parameters[explored.BUDGET].role == "hyperparameter"
        else:
            assert estimator.parameters["max_iter"].role == "setting", cls


def test_the_per_stage_out_of_bag_arrays_are_gradient_boosting_s() -> None:
    import numpy as np
    from sklearn.ensemble import GradientBoostingRegressor

    X = np.arange(40, dtype=float).reshape(20, 2)
    y = X[:, 0] * 2.0
    model = GradientBoostingRegressor(n_estimators=7, subsample=0.5, random_state=0).fit(X, y)
    catalog = load()
    estimator = catalog.lookup("sklearn.ensemble.GradientBoostingRegressor")
    assert estimator is not None
    for name in explored._PER_STAGE_ATTRIBUTES:
        assert len(getattr(model, name)) == 7  # one value per stage
        assert name in estimator.learned_attributes


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("alpha", "alpha"),
        ("alphas", "alpha"),
        ("Cs", "C"),
        ("degrees", "degree"),
        ("kernels", "kernel"),
        ("losses", "loss"),  # -es
        ("n_neighbors", None),  # not SGDRegressor's
        ("ratios", None),  # l1_ratio: a plural names the parameter whole
        ("alphass", None),
        ("s", None),
        ("es", None),
    ],
)
def test_a_keyword_names_a_parameter_or_its_plural(keyword: str, expected: str | None) -> None:
    estimator = load().lookup("sklearn.linear_model.SGDRegressor")
    assert estimator is not None
    svc = load().lookup("sklearn.svm.SVC")
    assert svc is not None
    owner = svc if keyword in ("Cs", "degrees", "kernels") else estimator
    assert explored._parameter_named(keyword, owner) == expected


@pytest.mark.parametrize(
    ("values", "sweep"),
    [
        ("(0, 10, 100)", True),
        ("[0.1, 1]", True),
        ("(0, 10**-5, 1)", True),
        ("['linear', 'rbf']", True),
        ("(1, 1.0)", False),  # the same number twice
        ("(0.1,)", False),
        ("[a, b]", False),  # names: what they hold is unknown
        ("np.logspace(-3, 1, 5)", False),
        ("[*grid, 1]", False),
    ],
)
def test_a_sweep_passes_several_constant_values(values: str, sweep: bool) -> None:
    source = (
        "from sklearn.linear_model import Ridge\n"
        f"plot_model(Ridge, alphas={values})\n"
        "Ridge(alpha=1)\n"
    )
    assert hp101_calls(source) == ([] if sweep else ["`Ridge(alpha=1)`"])


def test_a_library_call_is_no_user_sweep() -> None:
    # A scikit-learn function's keywords are its own, whatever class it is handed.
    source = (
        "from sklearn.linear_model import Ridge\n"
        "from sklearn.utils import estimator_checks\n"
        "estimator_checks.check_estimator(Ridge, alpha=[0.1, 1])\n"
        "Ridge(alpha=1)\n"
    )
    assert hp101_calls(source) == ["`Ridge(alpha=1)`"]


def test_predictions_stopped_at_each_iteration_take_the_budget_out_of_the_finding() -> None:
    model = "from xgboost import XGBClassifier\nxgb = XGBClassifier(n_estimators=250, max_depth=4)\nxgb.fit(X, y)\n"
    curve = "for i in range(1, 250):\n    p = xgb.predict_proba(X_val, iteration_range=(0, i))\n"
    assert hp101_calls(model + curve) == ["`XGBClassifier(max_depth=4)`"]
    # A fixed range, or the name bound to something else too: the budget is a choice.
    full = "`XGBClassifier(n_estimators=250, max_depth=4)`"
    assert hp101_calls(model + "p = xgb.predict_proba(X_val, iteration_range=(0, 100))\n") == [full]
    assert hp101_calls(model + "xgb = load_model()\n" + curve) == [full]
    lightgbm = "from lightgbm import LGBMRegressor\nm = LGBMRegressor(n_estimators=300).fit(X, y)\n"
    assert hp101_calls(lightgbm + "scores = [m.predict(X_val, num_iteration=k) for k in range(1, 300)]\n") == []
