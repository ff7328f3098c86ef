"""The catalogs of XGBoost, LightGBM, imbalanced-learn and CatBoost.

Their data files are committed and read without the libraries; the tests that compare them
with the libraries themselves (drift, constructor keywords, imbalanced-learn's parameter
validation) skip when a library is not installed (the ``test`` extra installs all but
CatBoost, whose wheels are large and built per Python version).
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hplint.catalog import (
    LIBRARY_FILES,
    Catalog,
    constraints,
    load,
    read_data,
    read_library_data,
    union,
)
from hplint.engine import lint_source

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load()


def _installed(root: str) -> Any:
    """The library's module, or a skip when it (or the version catalogued) is missing."""
    try:
        module = importlib.import_module(root)
    except (ImportError, OSError) as error:  # OSError: LightGBM without libgomp
        pytest.skip(f"{root} cannot be imported: {error}")
    data = read_library_data(root)
    assert data is not None
    (distribution,) = set(data["libraries"]) - {"scikit-learn"}
    wanted = data["libraries"][distribution]
    if module.__version__ != wanted:
        pytest.skip(f"{root} catalog made from {wanted}, {module.__version__} installed")
    return module


def _classes(catalog: Catalog, root: str) -> list[tuple[str, type]]:
    out = []
    for qualname in catalog.qualnames:
        if qualname.partition(".")[0] == root:
            module, _, name = qualname.rpartition(".")
            out.append((qualname, getattr(importlib.import_module(module), name)))
    return out


# --------------------------------------------------------------------------- the data


def test_every_library_file_is_shipped_and_records_its_versions() -> None:
    for root in LIBRARY_FILES:
        data = read_library_data(root)
        assert data is not None, root
        assert data["format"] == read_data()["format"]
        assert data["libraries"]["scikit-learn"] == read_data()["libraries"]["scikit-learn"]
        assert len(data["libraries"]) == 2
        assert all(q.partition(".")[0] == root for q in data["estimators"]), root


def test_the_catalog_is_the_union_of_the_files(catalog: Catalog) -> None:
    assert catalog.lookup("sklearn.svm.SVC") is not None
    for qualname in (
        "xgboost.XGBClassifier", "xgboost.XGBRegressor", "lightgbm.LGBMClassifier",
        "lightgbm.LGBMRegressor", "catboost.CatBoostClassifier", "catboost.CatBoostRegressor",
        "imblearn.pipeline.Pipeline", "imblearn.over_sampling.SMOTE",
        "imblearn.under_sampling.RandomUnderSampler", "imblearn.FunctionSampler",
    ):
        assert catalog.lookup(qualname) is not None, qualname
    # Import paths through the defining module are aliases, as for scikit-learn.
    assert catalog.canonical("xgboost.sklearn.XGBClassifier") == "xgboost.XGBClassifier"
    assert catalog.canonical("lightgbm.sklearn.LGBMRegressor") == "lightgbm.LGBMRegressor"
    assert catalog.is_module("imblearn.over_sampling")
    assert set(catalog.libraries) == {
        "scikit-learn", "xgboost", "lightgbm", "imbalanced-learn", "catboost",
    }
    factory = catalog.factory("imblearn.pipeline.make_pipeline")
    assert factory is not None and factory.qualname == "imblearn.pipeline.Pipeline"


def test_union_keeps_the_base_entry_on_a_clash() -> None:
    base = {"format": 1, "libraries": {"a": "1"}, "estimators": {"x.A": {"parameters": []}},
            "aliases": {}, "modules": ["x"]}  # fmt: skip
    other = {"format": 1, "libraries": {"b": "2"}, "estimators": {"x.A": {"parameters": [1]},
             "y.B": {"parameters": []}}, "aliases": {"y.c.B": "y.B"}, "modules": ["y"]}  # fmt: skip
    merged = union(base, [other])
    assert merged["estimators"]["x.A"] == {"parameters": []}
    assert set(merged["estimators"]) == {"x.A", "y.B"}
    assert merged["aliases"] == {"y.c.B": "y.B"}
    assert merged["modules"] == ["x", "y"]
    assert merged["libraries"] == {"a": "1", "b": "2"}
    assert base["estimators"] == {"x.A": {"parameters": []}}  # inputs untouched


def test_keyword_arguments_stay_open_where_the_constructor_takes_kwargs(catalog: Catalog) -> None:
    xgb = catalog.lookup("xgboost.XGBClassifier")
    lgbm = catalog.lookup("lightgbm.LGBMRegressor")
    cat = catalog.lookup("catboost.CatBoostClassifier")
    assert xgb is not None and lgbm is not None and cat is not None
    # XGBClassifier(*, objective, **kwargs) passes the rest on to XGBModel.__init__.
    assert {"max_depth", "n_estimators", "learning_rate", "subsample"} <= set(xgb.parameters)
    assert xgb.var_keyword and lgbm.var_keyword
    assert xgb.parameters["max_depth"].keyword_only
    assert not cat.var_keyword and "depth" in cat.parameters


ROLES = {
    "xgboost.XGBClassifier": {
        "hyperparameter": ("max_depth", "learning_rate", "n_estimators", "subsample",
                           "colsample_bytree", "reg_alpha", "reg_lambda", "min_child_weight",
                           "gamma"),
        "non-model": ("n_jobs", "random_state", "verbosity", "device", "callbacks"),
        "setting": ("tree_method", "eval_metric", "early_stopping_rounds", "objective"),
    },
    "lightgbm.LGBMRegressor": {
        "hyperparameter": ("num_leaves", "max_depth", "learning_rate", "min_child_samples"),
        "non-model": ("n_jobs", "random_state", "importance_type"),
        "setting": ("objective", "subsample_for_bin"),
    },
    "catboost.CatBoostClassifier": {
        "hyperparameter": ("depth", "iterations", "l2_leaf_reg", "learning_rate"),
        "non-model": ("thread_count", "random_seed", "verbose", "task_type", "train_dir"),
        "setting": ("cat_features", "loss_function", "eval_metric", "od_wait"),
    },
    "imblearn.over_sampling.SMOTE": {
        "hyperparameter": ("k_neighbors", "sampling_strategy"),
        "non-model": ("random_state",),
    },
}  # fmt: skip


@pytest.mark.parametrize("qualname", sorted(ROLES))
def test_roles_of_the_libraries_parameters(qualname: str, catalog: Catalog) -> None:
    estimator = catalog.lookup(qualname)
    assert estimator is not None
    for role, names in ROLES[qualname].items():
        for name in names:
            assert estimator.parameters[name].role == role, name


def test_fit_state_facts(catalog: Catalog) -> None:
    lgbm = catalog.lookup("lightgbm.LGBMClassifier")
    xgb = catalog.lookup("xgboost.XGBRegressor")
    cat = catalog.lookup("catboost.CatBoostClassifier")
    smote = catalog.lookup("imblearn.over_sampling.SMOTE")
    pipeline = catalog.lookup("imblearn.pipeline.Pipeline")
    assert lgbm is not None and xgb is not None and cat is not None
    assert smote is not None and pipeline is not None
    assert {"booster_", "best_iteration_", "evals_result_", "feature_importances_"} <= (
        lgbm.learned_attributes
    )
    assert {"predict", "predict_proba"} <= lgbm.fitted_methods
    assert "feature_importances_" in xgb.learned_attributes
    assert "load_model" in xgb.methods and "load_model" not in xgb.fitted_methods
    # CatBoost's properties answer None on an unfitted model: not learned attributes here.
    assert not cat.learned_attributes and "predict" in cat.fitted_methods
    assert "load_model" in cat.methods and "load_model" not in cat.fitted_methods
    assert "sampling_strategy_" in smote.learned_attributes
    assert "pipeline" in pipeline.kinds
    assert pipeline.estimator_parameters == {"steps": "in_place"}


def test_loading_stays_cheap() -> None:
    # Measured: ~16 ms for every file together (scikit-learn's alone ~10 ms); the bound
    # leaves room for a loaded CI machine while catching a catalog that grew by an order.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    code = (
        "import time, hplint.catalog as c; t = time.perf_counter(); c.load();"
        "print(time.perf_counter() - t)"
    )
    best = min(
        float(subprocess.run([sys.executable, "-c", code], check=True, env=env,
                             capture_output=True, text=True).stdout)  # fmt: skip
        for _ in range(3)
    )
    assert best < 0.1, best


# --------------------------------------------------------------------------- the libraries


@pytest.mark.parametrize("root", sorted(LIBRARY_FILES))
def test_committed_data_matches_a_fresh_generation(root: str) -> None:
    _installed(root)
    sklearn = pytest.importorskip("sklearn")
    committed = read_library_data(root)
    assert committed is not None
    if sklearn.__version__ != committed["libraries"]["scikit-learn"]:
        pytest.skip(f"scikit-learn {sklearn.__version__} installed, not the catalogued one")
    from hplint.catalog import generate, libraries

    fresh = generate.serialize(libraries.generate(libraries.LIBRARIES[root]))
    stored = libraries.data_path(root).read_bytes()
    if fresh != stored:
        new = json.loads(gzip.decompress(fresh))
        pytest.fail(f"{root} catalog is stale; run `python -m hplint.catalog.libraries {root}`:\n"
                    + "\n".join(generate._summary(committed, new)))


@pytest.mark.parametrize("root", sorted(LIBRARY_FILES))
def test_unknown_keywords_agree_with_the_constructors(root: str, catalog: Catalog) -> None:
    """HP401 exactly where the library's constructor raises TypeError on a keyword."""
    _installed(root)
    checked = 0
    for qualname, cls in _classes(catalog, root):
        estimator = catalog.lookup(qualname)
        assert estimator is not None
        for name in estimator.parameters:  # every catalogued keyword is accepted
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    cls(**{name: estimator.parameters[name].default})
                except TypeError as error:
                    assert "keyword" not in str(error), (qualname, name, error)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cls(no_such_parameter=1)
            rejected = False
        except TypeError:
            rejected = True
        module, _, name = qualname.rpartition(".")
        source = f"from {module} import {name}\n{name}(no_such_parameter=1)\n"
        codes = {d.code for d in lint_source(source, "t.py")}
        assert ("HP401" in codes) is rejected, qualname
        checked += 1
    assert checked >= 5


def test_constraints_agree_with_imblearn_validation(catalog: Catalog) -> None:
    """imbalanced-learn declares ``_parameter_constraints``: never reject what it accepts."""
    _installed("imblearn")
    from test_differential import POOL, _all_strings, _sklearn_accepts, _typo

    counts: Counter[str] = Counter()
    for qualname, cls in _classes(catalog, "imblearn"):
        estimator = catalog.lookup(qualname)
        assert estimator is not None
        for parameter in estimator.parameters.values():
            if parameter.constraints is None:
                continue
            options = sorted(set(_all_strings(parameter.constraints)))
            for value in (*POOL, *options, *(_typo(o) for o in options)):
                accepted = _sklearn_accepts(cls, parameter.name, value)
                verdict = constraints.check(parameter.constraints, value)
                counts[f"{'accepted' if accepted else 'rejected'}, hplint {verdict}"] += 1
    print("\nimblearn differential:", dict(sorted(counts.items())))
    assert counts["accepted, hplint False"] == 0
    assert counts["rejected, hplint True"] == 0
    rejected = counts["rejected, hplint False"] + counts["rejected, hplint None"]
    assert rejected > 1000 and counts["rejected, hplint False"] / rejected >= 0.99
