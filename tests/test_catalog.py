"""The committed catalog: fresh, correct on known facts, and cheap to load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
try:
    import hplint  # noqa: F401
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(SRC))

from hplint.catalog import Catalog, constraints, load, read_data, versioned
from hplint.catalog.roles import ROLES


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load()


def test_committed_data_matches_a_fresh_generation() -> None:
    sklearn = pytest.importorskip("sklearn")
    release = versioned.minor(sklearn.__version__)
    releases = read_data()["releases"]
    if releases.get(release) != sklearn.__version__:
        pytest.skip(f"scikit-learn {sklearn.__version__} installed; catalogued: {releases}")
    from hplint.catalog import generate

    fresh = generate.generate()
    assert release is not None
    committed = versioned.catalog_at(read_data(), release)
    if generate.serialize(fresh) != generate.serialize(committed):
        pytest.fail("catalog is stale; run `python -m hplint.catalog.generate`:\n"
                    + "\n".join(generate._summary(committed, fresh)))


def test_generation_is_byte_reproducible() -> None:
    pytest.importorskip("sklearn")
    from hplint.catalog import generate

    assert generate.serialize(generate.generate()) == generate.serialize(generate.generate())


def test_svc_parameters(catalog: Catalog) -> None:
    svc = catalog.lookup("sklearn.svm.SVC")
    assert svc is not None
    assert {"C", "gamma", "kernel"} <= set(svc.parameters)
    kernel = svc.parameters["kernel"]
    assert kernel.default == "rbf"
    assert kernel.constraints is not None
    assert "rbf" in constraints.string_options(kernel.constraints)
    assert constraints.check(kernel.constraints, "rbf") is True
    assert constraints.check(kernel.constraints, "rbg") is False
    assert svc.parameters["C"].keyword_only


def test_private_path_is_an_alias_of_the_public_one(catalog: Catalog) -> None:
    assert catalog.canonical("sklearn.svm._classes.SVC") == "sklearn.svm.SVC"
    assert catalog.lookup("sklearn.svm._classes.SVC") is catalog.lookup("sklearn.svm.SVC")


def test_canonical_name_is_the_defining_package(catalog: Catalog) -> None:
    # LabelEncoder is also importable from sklearn.calibration, which only uses it.
    assert catalog.canonical("sklearn.calibration.LabelEncoder") == (
        "sklearn.preprocessing.LabelEncoder"
    )
    assert "sklearn.model_selection.HalvingGridSearchCV" in catalog.qualnames
    assert "sklearn.impute.IterativeImputer" in catalog.qualnames


def test_modules_resolve(catalog: Catalog) -> None:
    assert catalog.is_module("sklearn")
    assert catalog.is_module("sklearn.svm")
    assert catalog.is_module("sklearn.svm._classes")
    assert not catalog.is_module("sklearn.svm.SVC")
    assert catalog.roots() == {"sklearn", "xgboost", "lightgbm", "imblearn", "catboost"}


def test_learned_attributes(catalog: Catalog) -> None:
    linear = catalog.lookup("sklearn.linear_model.LinearRegression")
    assert linear is not None
    assert {"coef_", "intercept_"} <= linear.learned_attributes
    search = catalog.lookup("sklearn.model_selection.GridSearchCV")
    assert search is not None
    assert {"best_params_", "best_estimator_", "cv_results_"} <= search.learned_attributes


def test_fitted_methods(catalog: Catalog) -> None:
    svc = catalog.lookup("sklearn.svm.SVC")
    assert svc is not None
    assert {"predict", "decision_function", "score"} <= svc.fitted_methods
    assert "fit" not in svc.fitted_methods
    # A stateless transformer transforms without fit.
    normalizer = catalog.lookup("sklearn.preprocessing.Normalizer")
    assert normalizer is not None
    assert "transform" in normalizer.methods
    assert "transform" not in normalizer.fitted_methods
    scaler = catalog.lookup("sklearn.preprocessing.StandardScaler")
    assert scaler is not None
    assert {"transform", "inverse_transform"} <= scaler.fitted_methods


def test_roles(catalog: Catalog) -> None:
    svc = catalog.lookup("sklearn.svm.SVC")
    assert svc is not None
    assert svc.parameters["random_state"].role == "non-model"
    assert svc.parameters["C"].role == "hyperparameter"
    assert svc.parameters["max_iter"].role == "setting"
    assert svc.parameters["cache_size"].role == "non-model"
    forest = catalog.lookup("sklearn.ensemble.RandomForestClassifier")
    assert forest is not None
    assert forest.parameters["n_jobs"].role == "non-model"
    assert forest.parameters["n_estimators"].role == "hyperparameter"
    assert forest.parameters["max_depth"].role == "hyperparameter"


def test_every_role_entry_has_a_reason() -> None:
    for name, (role, reason) in ROLES.items():
        assert role in ("hyperparameter", "non-model", "setting"), name
        assert reason.strip(), name


def test_kinds(catalog: Catalog) -> None:
    def kinds(name: str) -> frozenset[str]:
        estimator = catalog.lookup(name)
        assert estimator is not None
        return estimator.kinds

    assert kinds("sklearn.svm.SVC") == {"classifier"}
    assert kinds("sklearn.pipeline.Pipeline") == {"meta", "pipeline"}
    assert {"search", "meta"} <= kinds("sklearn.model_selection.GridSearchCV")
    assert "clusterer" in kinds("sklearn.cluster.KMeans")
    assert "outlier_detector" in kinds("sklearn.ensemble.IsolationForest")


def test_defaults_that_json_cannot_hold_have_a_repr(catalog: Catalog) -> None:
    imputer = catalog.lookup("sklearn.impute.SimpleImputer")
    assert imputer is not None
    missing = imputer.parameters["missing_values"]
    assert missing.has_default and missing.default is None and missing.default_repr == "nan"
    pipeline = catalog.lookup("sklearn.pipeline.Pipeline")
    assert pipeline is not None
    assert not pipeline.parameters["steps"].has_default


def test_loads() -> None:
    catalog = Catalog(read_data())
    assert len(catalog.qualnames) > 200


def test_loading_does_not_import_sklearn() -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    code = (
        "import hplint.catalog as c, sys; c.load().lookup('xgboost.XGBClassifier');"
        "assert not {'sklearn', 'xgboost', 'lightgbm', 'imblearn', 'catboost'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_constraints_module_does_not_import_numpy() -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    code = (
        "import sys, hplint.catalog.constraints, hplint.catalog.roles;"
        "assert not {'sklearn', 'numpy'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_every_automatic_none_entry_names_a_parameter_whose_default_is_none(catalog: Catalog) -> None:
    # An explicit None chooses nothing only where None is the default: a stale or misspelled
    # key would silently never match.
    from hplint.catalog.roles import AUTOMATIC_NONE

    by_class: dict[str, dict[str, object]] = {}
    for qualname in catalog.qualnames:
        estimator = catalog.lookup(qualname)
        assert estimator is not None
        by_class.setdefault(estimator.name, {}).update(
            {p.name: p.default for p in estimator.parameters.values() if p.has_default}
        )
    for key in AUTOMATIC_NONE:
        class_name, _, name = key.rpartition(".")
        if class_name:
            assert name in by_class[class_name] and by_class[class_name][name] is None, key
        else:  # applies only where None is the default (not NearestCentroid's priors="uniform")
            assert any(name in d and d[name] is None for d in by_class.values()), key
