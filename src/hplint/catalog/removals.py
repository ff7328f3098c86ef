"""Removals and renames the per-release catalog cannot see: one reviewed table.

The catalog records every minor release from 1.2 on, so what scikit-learn removed before
1.2 (``sklearn.cross_validation``, ``LinearRegression(normalize=...)``,
``criterion="mse"``) and its public functions (which the catalog does not hold:
``load_boston``, ``plot_confusion_matrix``) are written down here, each with the release
that deprecated it, the release that removed it, what replaces it, and where that is
stated. Each row was checked against scikit-learn's release notes (the "API changes" and
"Changelog" sections of ``doc/whats_new/v0.NN.rst`` / ``v1.N.rst``, linked in ``source``)
and, for the 1.0 deprecations, against the warnings of scikit-learn 1.1 itself.

The catalog wins: a parameter or value the catalogued releases record is answered from
them (``history.py``), and a row here is only read for what no catalogued release has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from hplint.catalog import functions, versioned
from hplint.catalog.history import Deprecation


@dataclass(frozen=True)
class Removal:
    """One deprecated-then-removed thing, as the release notes state it."""

    deprecated: str | None
    removed: str
    # A qualified name (a module, class or function), a parameter name or a value; or
    # None when the notes name no replacement.
    replacement: str | None
    # The release notes that say so.
    source: str
    # The replacement is the same thing under a new name: a fix may apply it. For a module,
    # ``same_names`` limits that to the names it imports (None: every name).
    renamed: bool = False
    same_names: frozenset[str] | None = None
    # Words to add to the message when the replacement needs more than a new name.
    note: str | None = None

    def deprecation(self) -> Deprecation:
        """The row as the deprecation facts HP403's messages are written from."""
        return Deprecation(self.deprecated, self.replacement, self.removed, renamed=self.renamed)

    def removed_at(self, target: str) -> bool:
        return versioned.key(self.removed) <= versioned.key(target)

    def deprecated_at(self, target: str) -> bool:
        return self.deprecated is not None and versioned.key(self.deprecated) <= versioned.key(target)

    def reported_at(self, target: str) -> bool:
        """Whether the target release deprecates it or no longer has it."""
        return self.deprecated_at(target) or self.removed_at(target)


def _notes(version: str) -> str:
    return f"https://scikit-learn.org/stable/whats_new/v{version}.html"


# Model selection's public functions and searches kept their names and signatures when
# cross_validation, grid_search and learning_curve moved into model_selection (0.18); the
# cross-validation iterators did not (``KFold(n, n_folds)`` became ``KFold(n_splits)``),
# so an import of those gets no fix.
_MODEL_SELECTION_SAME = frozenset(
    {"train_test_split", "cross_val_score", "cross_val_predict", "permutation_test_score",
     "GridSearchCV", "RandomizedSearchCV", "ParameterGrid", "ParameterSampler",
     "learning_curve", "validation_curve"}
)  # fmt: skip

# Removed modules, classes, functions and other public names, by qualified name.
APIS: Mapping[str, Removal] = {
    "sklearn.cross_validation": Removal(
        "0.18", "0.20", "sklearn.model_selection", _notes("0.18"), True, _MODEL_SELECTION_SAME
    ),
    "sklearn.grid_search": Removal(
        "0.18", "0.20", "sklearn.model_selection", _notes("0.18"), True, _MODEL_SELECTION_SAME
    ),
    "sklearn.learning_curve": Removal(
        "0.18", "0.20", "sklearn.model_selection", _notes("0.18"), True, _MODEL_SELECTION_SAME
    ),
    "sklearn.lda": Removal("0.17", "0.19", "sklearn.discriminant_analysis", _notes("0.17")),
    "sklearn.qda": Removal("0.17", "0.19", "sklearn.discriminant_analysis", _notes("0.17")),
    "sklearn.mixture.GMM": Removal("0.18", "0.20", "sklearn.mixture.GaussianMixture", _notes("0.18")),
    "sklearn.mixture.DPGMM": Removal(
        "0.18", "0.20", "sklearn.mixture.BayesianGaussianMixture", _notes("0.18")
    ),
    "sklearn.mixture.VBGMM": Removal(
        "0.18", "0.20", "sklearn.mixture.BayesianGaussianMixture", _notes("0.18")
    ),
    "sklearn.decomposition.RandomizedPCA": Removal(
        "0.18", "0.20", "sklearn.decomposition.PCA", _notes("0.18"),
        note="with `svd_solver=\"randomized\"`",
    ),
    "sklearn.linear_model.RandomizedLasso": Removal("0.19", "0.21", None, _notes("0.19")),
    "sklearn.linear_model.RandomizedLogisticRegression": Removal("0.19", "0.21", None, _notes("0.19")),
    "sklearn.neighbors.LSHForest": Removal("0.19", "0.21", None, _notes("0.19")),
    "sklearn.preprocessing.Imputer": Removal("0.20", "0.22", "sklearn.impute.SimpleImputer", _notes("0.20")),
    "sklearn.datasets.fetch_mldata": Removal("0.20", "0.22", "sklearn.datasets.fetch_openml", _notes("0.20")),
    "sklearn.externals.joblib": Removal("0.21", "0.23", "joblib", _notes("0.21"), True),
    # Not a fix: ``six`` is a package of its own, not a dependency of scikit-learn (joblib is).
    "sklearn.externals.six": Removal("0.21", "0.23", "six", _notes("0.21")),
    "sklearn.ensemble.partial_dependence": Removal("0.21", "0.23", "sklearn.inspection", _notes("0.21")),
    "sklearn.metrics.jaccard_similarity_score": Removal(
        "0.21", "0.23", "sklearn.metrics.jaccard_score", _notes("0.21")
    ),
    "sklearn.metrics.calinski_harabaz_score": Removal(
        "0.20", "0.23", "sklearn.metrics.calinski_harabasz_score", _notes("0.20"), True
    ),
    "sklearn.utils.linear_assignment_": Removal(
        "0.21", "0.23", "scipy.optimize.linear_sum_assignment", _notes("0.21")
    ),
    "sklearn.datasets.samples_generator": Removal(
        "0.22", "0.24", "sklearn.datasets", _notes("0.22"), True
    ),
    "sklearn.utils.testing": Removal("0.22", "0.24", None, _notes("0.22")),
    "sklearn.datasets.load_boston": Removal(
        "1.0", "1.2", None, _notes("1.0"),
        note="scikit-learn names `fetch_california_housing` as an alternative",
    ),
    "sklearn.inspection.plot_partial_dependence": Removal(
        "1.0", "1.2", "sklearn.inspection.PartialDependenceDisplay.from_estimator", _notes("1.0")
    ),
    "sklearn.metrics.plot_confusion_matrix": Removal(
        "1.0", "1.2", "sklearn.metrics.ConfusionMatrixDisplay.from_estimator", _notes("1.0")
    ),
    "sklearn.metrics.plot_roc_curve": Removal(
        "1.0", "1.2", "sklearn.metrics.RocCurveDisplay.from_estimator", _notes("1.0")
    ),
    "sklearn.metrics.plot_precision_recall_curve": Removal(
        "1.0", "1.2", "sklearn.metrics.PrecisionRecallDisplay.from_estimator", _notes("1.0")
    ),
    "sklearn.metrics.plot_det_curve": Removal(
        "1.0", "1.2", "sklearn.metrics.DetCurveDisplay.from_estimator", _notes("1.0")
    ),
    "sklearn.metrics.SCORERS": Removal("1.3", "1.5", "sklearn.metrics.get_scorer_names", _notes("1.3")),
    # Removed after 1.2, but neither a class nor a validated function, so the per-release
    # catalogs do not see them go (checked in each release's virtualenv: importable up to
    # the release before ``removed``, with its deprecation warning, not from it).
    "sklearn.utils.metaestimators.if_delegate_has_method": Removal(
        "1.1", "1.3", "sklearn.utils.metaestimators.available_if", _notes("1.1")
    ),
    "sklearn.utils.parallel_backend": Removal("1.5", "1.7", "joblib.parallel_backend", _notes("1.5"), True),
    "sklearn.utils.register_parallel_backend": Removal(
        "1.5", "1.7", "joblib.register_parallel_backend", _notes("1.5"), True
    ),
}


def _each(classes: Iterable[str], *keys: str) -> Iterable[tuple[str, ...]]:
    return ((c, *keys) for c in classes)


_LM = "sklearn.linear_model."
# ``normalize`` was deprecated in 1.0 in every linear model that had it; these removed it
# in 1.2 (the least-angle and OMP models kept it to 1.4, which the catalog records).
_NORMALIZE_1_2 = tuple(
    _LM + name
    for name in ("LinearRegression", "Ridge", "RidgeCV", "RidgeClassifier", "RidgeClassifierCV",
                 "BayesianRidge", "ARDRegression", "Lasso", "LassoCV", "ElasticNet", "ElasticNetCV",
                 "MultiTaskLasso", "MultiTaskLassoCV", "MultiTaskElasticNet", "MultiTaskElasticNetCV")
)  # fmt: skip
_SEARCHES = ("sklearn.model_selection.GridSearchCV", "sklearn.model_selection.RandomizedSearchCV")
_TREES = tuple(
    f"sklearn.{name}"
    for name in ("tree.DecisionTreeClassifier", "tree.DecisionTreeRegressor", "tree.ExtraTreeClassifier",
                 "tree.ExtraTreeRegressor", "ensemble.RandomForestClassifier",
                 "ensemble.RandomForestRegressor", "ensemble.ExtraTreesClassifier",
                 "ensemble.ExtraTreesRegressor", "ensemble.GradientBoostingClassifier",
                 "ensemble.GradientBoostingRegressor")
)  # fmt: skip
_TREE_REGRESSORS = tuple(
    f"sklearn.{name}"
    for name in ("tree.DecisionTreeRegressor", "tree.ExtraTreeRegressor",
                 "ensemble.RandomForestRegressor", "ensemble.ExtraTreesRegressor")
)  # fmt: skip

# Removed constructor parameters, by (class, parameter).
PARAMETERS: Mapping[tuple[str, ...], Removal] = {
    **{key: Removal("1.0", "1.2", None, _notes("1.0"), note="scale the data first: "
                    "`make_pipeline(StandardScaler(), ...)`")
       for key in _each(_NORMALIZE_1_2, "normalize")},
    **{key: Removal("0.22", "0.24", None, _notes("0.22")) for key in _each(_SEARCHES, "iid")},
    **{key: Removal("0.19", "0.21", None, _notes("0.19"), note="pass fit parameters to `fit`")
       for key in _each(_SEARCHES, "fit_params")},
    ("sklearn.decomposition.LatentDirichletAllocation", "n_topics"): Removal(
        "0.19", "0.21", "n_components", _notes("0.19"), True
    ),
    **{key: Removal("0.19", "1.0", "min_impurity_decrease", _notes("0.19"))
       for key in _each(_TREES, "min_impurity_split")},
    **{key: Removal("0.22", "0.24", None, _notes("0.22")) for key in _each(_TREES, "presort")},
    ("sklearn.cluster.KMeans", "precompute_distances"): Removal("0.23", "1.0", None, _notes("0.23")),
    ("sklearn.cluster.KMeans", "n_jobs"): Removal("0.23", "1.0", None, _notes("0.23")),
    ("sklearn.ensemble.IsolationForest", "behaviour"): Removal("0.22", "0.24", None, _notes("0.22")),
    ("sklearn.preprocessing.OneHotEncoder", "categorical_features"): Removal(
        "0.20", "0.22", None, _notes("0.20"), note="select the columns with a `ColumnTransformer`"
    ),
    ("sklearn.preprocessing.OneHotEncoder", "n_values"): Removal("0.20", "0.22", "categories", _notes("0.20")),
    # Parameters of validated functions, where the deprecation matters: the function
    # catalog records in which releases a parameter exists, not its deprecation.
    **{(f"sklearn.metrics.{name}", "squared"): Removal(
        "1.4", "1.6", None, _notes("1.4"), note=f"use `root_{name}` instead")
       for name in ("mean_squared_error", "mean_squared_log_error")},
    ("sklearn.metrics.log_loss", "eps"): Removal("1.3", "1.5", None, _notes("1.3")),
    ("sklearn.calibration.calibration_curve", "normalize"): Removal("1.1", "1.3", None, _notes("1.1")),
    **{(f"sklearn.model_selection.{name}", "fit_params"): Removal("1.4", "1.6", "params", _notes("1.4"), True)
       for name in ("cross_val_score", "cross_val_predict", "cross_validate")},
    # Two releases later for these (the per-release function catalogs show `fit_params`
    # up to 1.7; their docstrings: "deprecated:: 1.6 ... removed in version 1.8").
    **{(f"sklearn.model_selection.{name}", "fit_params"): Removal("1.6", "1.8", "params", _notes("1.6"), True)
       for name in ("learning_curve", "validation_curve", "permutation_test_score")},
}


def _values(classes: Iterable[str], parameter: str, renames: Mapping[str, str],
            deprecated: str, removed: str) -> dict[tuple[str, ...], Removal]:
    return {
        (cls, parameter, old): Removal(deprecated, removed, new, _notes(deprecated), True)
        for cls in classes for old, new in renames.items()
    }


_GB = "sklearn.ensemble.GradientBoostingRegressor"
_HGB = "sklearn.ensemble.HistGradientBoostingRegressor"
_SGD = (_LM + "SGDClassifier", _LM + "SGDRegressor")

# Removed string values of a parameter, by (class, parameter, value); the replacement is
# the value that does the same.
VALUES: Mapping[tuple[str, ...], Removal] = {
    **_values(_TREE_REGRESSORS, "criterion", {"mse": "squared_error", "mae": "absolute_error"}, "1.0", "1.2"),
    **_values((_GB,), "criterion", {"mse": "squared_error"}, "1.0", "1.2"),
    # "mae" has no equal: the notes advise "friedman_mse" or "squared_error" instead.
    (_GB, "criterion", "mae"): Removal("0.24", "1.1", None, _notes("0.24")),
    **_values((_GB,), "loss", {"ls": "squared_error", "lad": "absolute_error"}, "1.0", "1.2"),
    **_values((_HGB,), "loss", {"least_squares": "squared_error",
                                "least_absolute_deviation": "absolute_error"}, "1.0", "1.2"),
    **_values(_SGD, "loss", {"squared_loss": "squared_error"}, "1.0", "1.2"),
}


def api(qualname: str) -> tuple[str, Removal] | None:
    """The removed name ``qualname`` is, or is inside (``sklearn.cross_validation.KFold``):
    from the table, or from the catalogued releases (``from_releases``)."""
    parts = qualname.split(".")
    derived = from_releases()
    for end in range(2, len(parts) + 1):
        name = ".".join(parts[:end])
        found = APIS.get(name) or derived.get(name)
        if found is not None:
            return name, found
    return None


@cache
def from_releases() -> Mapping[str, Removal]:
    """Classes and functions, or import paths of them, that a catalogued release had and a
    later one removed (the function catalog's ``removed``, checked in each release when it
    was built): what replaces an import path that went is the class or function it stood for."""
    return {
        name: Removal(None, removed, replacement, "the catalogued releases", replacement is not None)
        for name, (removed, replacement) in functions.removed_names().items()
    }


def leads_to(qualname: str) -> bool:
    """Whether ``qualname`` is a removed name, inside one, or a module above one
    (``sklearn.externals``, through which ``externals.joblib`` is reached)."""
    return api(qualname) is not None or qualname in _parents()


@cache
def _parents() -> frozenset[str]:
    return frozenset(name[:end] for name in _names() for end in _dots(name))


def _dots(name: str) -> list[int]:
    return [index for index, char in enumerate(name) if char == "."]


def mentioned(text: str) -> bool:
    """Whether ``text`` spells the last part of any removed name: an import or a dotted
    use of one must (``cross_validation``, ``load_boston``), so a module that does not
    cannot use one and needs no walk."""
    return _last_parts().search(text) is not None


@cache
def _last_parts() -> re.Pattern[str]:
    names = sorted({name.rpartition(".")[2] for name in _names()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")


def _names() -> set[str]:
    """Every removed name: the reviewed table's and the catalogued releases'."""
    return set(APIS) | set(from_releases())


def parameter(qualname: str, name: str) -> Removal | None:
    return PARAMETERS.get((qualname, name))


def value(qualname: str, name: str, literal: object) -> Removal | None:
    return VALUES.get((qualname, name, literal)) if isinstance(literal, str) else None


def moved(qualname: str) -> str:
    """Where a name of a removed module went, when it is the same object there
    (``sklearn.grid_search.GridSearchCV`` is ``sklearn.model_selection.GridSearchCV``): a
    search imported the old way is read as the new one (the import itself is HP403's)."""
    found = api(qualname)
    if found is None:
        return qualname
    name, removal = found
    rest = qualname[len(name) + 1 :]
    if not removal.renamed or removal.replacement is None or not rest or "." in rest:
        return qualname
    if removal.same_names is not None and rest not in removal.same_names:
        return qualname
    return f"{removal.replacement}.{rest}"
