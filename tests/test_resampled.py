"""HP503's tables agree with imbalanced-learn and scikit-learn: behind each resampler, with
each strategy the rule accepts, each classifier fits the same model with and without
``class_weight="balanced"``; without the resampler the weights do change it."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

from hplint.catalog import load
from hplint.rules import resampled

imblearn = pytest.importorskip("imblearn")
pytest.importorskip("sklearn")

from imblearn.pipeline import make_pipeline  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.utils import all_estimators  # noqa: E402


def _class(qualname: str) -> type:
    module, _, name = qualname.rpartition(".")
    return getattr(__import__(module, fromlist=[name]), name)


def _data(n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    weights = [0.6, 0.3, 0.1][:n_classes] if n_classes == 3 else [0.8, 0.2]
    return make_classification(
        n_samples=240, n_features=6, n_informative=4, n_classes=n_classes,
        weights=weights, random_state=0,
    )  # fmt: skip


def _outputs(model: object, X: np.ndarray) -> list[np.ndarray]:
    found = []
    for method in ("predict", "decision_function", "predict_proba"):
        if hasattr(model, method):
            found.append(getattr(model, method)(X))
    return found


def _classifier(qualname: str, **params: object) -> object:
    cls = _class(qualname)
    if "random_state" in cls().get_params():
        params["random_state"] = 0
    return cls(**params)


def _same(first: object, second: object, X: np.ndarray) -> bool:
    return all(np.array_equal(a, b) for a, b in zip(_outputs(first, X), _outputs(second, X)))


def _resampler(qualname: str, **params: object) -> object:
    cls = _class(qualname)
    if "random_state" in inspect.signature(cls).parameters:
        params["random_state"] = 0
    if qualname == "imblearn.over_sampling.SMOTENC":
        params["categorical_features"] = [0]
    return cls(**params)


def _cases() -> list[tuple[str, dict[str, object], int]]:
    cases: list[tuple[str, dict[str, object], int]] = []
    for qualname, strategies in sorted(resampled._EXACT.items()):
        for strategy in sorted(strategies):
            cases.append((qualname, {"sampling_strategy": strategy}, 3))
        cases.append((qualname, {"sampling_strategy": 1.0}, 2))
        cases.append((qualname, {}, 3))
    cases.append((resampled._NEAR_MISS, {"version": 2}, 3))
    return cases


@pytest.mark.parametrize(("resampler", "params", "n_classes"), _cases(), ids=str)
def test_each_resampler_evens_the_classes_and_makes_balanced_weights_inert(
    resampler: str, params: dict[str, object], n_classes: int
) -> None:
    X, y = _data(n_classes)
    if resampler == "imblearn.over_sampling.SMOTEN":
        X = np.round(X).astype(int)
    if resampler == "imblearn.over_sampling.SMOTENC":
        X[:, 0] = np.round(X[:, 0])
    _, resampled_y = _resampler(resampler, **params).fit_resample(X, y)
    assert len(set(np.bincount(resampled_y))) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for classifier in sorted(resampled._WEIGHTED):
            weighted = make_pipeline(_resampler(resampler, **params), _classifier(classifier, class_weight="balanced"))
            plain = make_pipeline(_resampler(resampler, **params), _classifier(classifier))
            assert _same(weighted.fit(X, y), plain.fit(X, y), X), classifier


@pytest.mark.parametrize("classifier", sorted(resampled._WEIGHTED))
def test_without_the_resampler_the_weights_change_each_classifier(classifier: str) -> None:
    X, y = _data(3)
    # (A tree grown until its leaves are pure predicts the same whatever the weights.)
    shallow = {"max_depth": 3} if classifier.startswith("sklearn.tree.") else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weighted = _classifier(classifier, class_weight="balanced", **shallow).fit(X, y)
        plain = _classifier(classifier, **shallow).fit(X, y)
    assert not _same(weighted, plain, X)


def test_a_forest_is_left_out_because_its_weights_still_act() -> None:
    # Its bootstrap draws are weighed afresh: the same resampled classes give other trees.
    X, y = _data(3)
    forest = "sklearn.ensemble.RandomForestClassifier"
    assert forest not in resampled._WEIGHTED
    weighted = make_pipeline(_resampler("imblearn.over_sampling.RandomOverSampler"), _classifier(forest, class_weight="balanced"))
    plain = make_pipeline(_resampler("imblearn.over_sampling.RandomOverSampler"), _classifier(forest))
    assert not _same(weighted.fit(X, y), plain.fit(X, y), X)


def test_the_tables_name_catalogued_classes_and_every_weighted_classifier_is_one_sklearn_has() -> None:
    catalog = load()
    for qualname in [*resampled._EXACT, *resampled._WEIGHTED]:
        estimator = catalog.lookup(qualname)
        assert estimator is not None, qualname
    for qualname in resampled._EXACT:
        estimator = catalog.lookup(qualname)
        assert estimator is not None and "fit_resample" in estimator.methods
        assert estimator.parameters["sampling_strategy"].default == "auto"
    weighted = {
        f"{cls.__module__.split('._')[0]}.{name}"
        for name, cls in all_estimators(type_filter="classifier")
        if name in {q.rpartition(".")[2] for q in resampled._WEIGHTED}
    }
    assert weighted == set(resampled._WEIGHTED)
