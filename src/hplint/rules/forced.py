"""Hyperparameter values that what the code later reads forces (HP101).

Some learned attributes and methods exist only for one value of a hyperparameter: an SVM has
``coef_`` only with ``kernel="linear"``, a forest has ``oob_score_`` only with
``bootstrap=True``. Code that reads the member on the object did not choose that value among
others: it needs it (``svm = SVC(kernel="linear").fit(X, y)`` then the lines of
``svm.coef_`` drawn). The literal is then no hard-coded choice, and is not reported.

The read must be on an object of the class that the fit-state analysis follows back to the
construction (a name bound to it, through ``fit`` and helpers that return it); when only the
object's class is known (it escaped into a function first, or a function reads a module's
estimator), the file must construct that class once, so that the construction is the one.
Every row is checked against scikit-learn by a test: fitted with another value the member
is unavailable (an ``AttributeError``, ``fit`` refusing the combination, or None), with the
row's value it is there.

Members whose requirement is a setting or a non-model parameter need no row, since those are
never reported: ``predict_proba`` of ``SVC`` (``probability``), ``LocalOutlierFactor``'s
``predict`` (``novelty``), ``validation_scores_`` of the multilayer perceptron
(``early_stopping``), ``distances_`` of ``AgglomerativeClustering`` (``compute_distances``, or
any ``distance_threshold``: no value of that is forced).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from hplint.model import Argument, Construction, ModuleFacts
from hplint.rules import fitstate


@dataclass(frozen=True)
class Forced:
    """Reading one of ``members`` on an object of one of ``classes`` requires
    ``parameter=value`` (``reason``: what scikit-learn does otherwise)."""

    classes: frozenset[str]
    members: frozenset[str]
    parameter: str
    value: object
    reason: str


_SVMS: Final = frozenset(
    {"sklearn.svm.SVC", "sklearn.svm.NuSVC", "sklearn.svm.SVR", "sklearn.svm.NuSVR", "sklearn.svm.OneClassSVM"}
)
_BAGGED: Final = frozenset(
    {
        "sklearn.ensemble.RandomForestClassifier", "sklearn.ensemble.RandomForestRegressor",
        "sklearn.ensemble.ExtraTreesClassifier", "sklearn.ensemble.ExtraTreesRegressor",
        "sklearn.ensemble.BaggingClassifier", "sklearn.ensemble.BaggingRegressor",
    }
)  # fmt: skip

FORCED: Final[tuple[Forced, ...]] = (
    Forced(
        _SVMS, frozenset({"coef_"}), "kernel", "linear",
        "coef_ is the primal weight vector: only a linear kernel has one (AttributeError otherwise)",
    ),
    Forced(
        _BAGGED, frozenset({"oob_score_", "oob_decision_function_", "oob_prediction_"}), "bootstrap", True,
        "out-of-bag estimates need samples left out of each bootstrap (fit raises otherwise)",
    ),
    Forced(
        frozenset({"sklearn.ensemble.VotingClassifier"}), frozenset({"predict_proba"}), "voting", "soft",
        "hard voting predicts by majority and has no predict_proba",
    ),
    Forced(
        frozenset({"sklearn.feature_extraction.text.TfidfVectorizer", "sklearn.feature_extraction.text.TfidfTransformer"}),
        frozenset({"idf_"}), "use_idf", True,
        "idf_ is learned only when inverse document frequencies are used (AttributeError otherwise)",
    ),
    Forced(
        frozenset({"sklearn.impute.SimpleImputer", "sklearn.impute.KNNImputer"}),
        frozenset({"indicator_"}), "add_indicator", True,
        "indicator_ is the missing-value indicator: None unless add_indicator",
    ),
)  # fmt: skip

# (class qualname, parameter) -> the rows about it.
_ROWS: Final[Mapping[tuple[str, str], tuple[Forced, ...]]] = {
    key: tuple(row for row in FORCED if key[0] in row.classes and row.parameter == key[1])
    for key in {(qualname, row.parameter) for row in FORCED for qualname in row.classes}
}


def forced(facts: ModuleFacts, construction: Construction, argument: Argument, value: object) -> bool:
    """Whether the literal ``value`` of ``argument`` is what a member the code reads on the
    construction's object requires."""
    assert argument.parameter is not None
    rows = _ROWS.get((construction.estimator.qualname, argument.parameter.name), ())
    members = {
        member for row in rows if type(row.value) is type(value) and row.value == value for member in row.members
    }
    if not members or not any(member in facts.text for member in members):
        return False  # (cheap tests first: the fit-state pass is not run for nothing)
    by_object, by_class = facts.derived(_reads)
    read = by_object.get(id(construction.node), set())
    if by_class.get(construction.estimator.qualname) and _only_construction(facts, construction):
        read = read | by_class[construction.estimator.qualname]
    return not members.isdisjoint(read)


def _reads(facts: ModuleFacts) -> tuple[dict[int, set[str]], dict[str, set[str]]]:
    """The members read on each constructed object (by the id of its call), and those read
    on objects known by their class only (by class qualname)."""
    constructed = {id(c.node) for c in facts.constructions}
    by_object: dict[int, set[str]] = {}
    by_class: dict[str, set[str]] = {}
    for read in facts.derived(fitstate.analysis).reads:
        if read.key is not None and read.key in constructed:
            by_object.setdefault(read.key, set()).add(read.member)
        else:  # only its class is known (a clone or a helper's object counts so too)
            by_class.setdefault(read.qualname, set()).add(read.member)
    return by_object, by_class


def _only_construction(facts: ModuleFacts, construction: Construction) -> bool:
    qualname = construction.estimator.qualname
    return sum(c.estimator.qualname == qualname for c in facts.constructions) == 1
