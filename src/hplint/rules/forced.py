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

A vote is forced the other way by its voters: ``VotingClassifier(voting="hard")`` whose
estimators include one without probabilities (a ``Perceptron``, a ``LinearSVC``, an ``SVC``
without ``probability=True``, an ``SGDClassifier`` whose loss gives none) cannot vote soft:
soft voting averages ``predict_proba``, which that voter lacks (``predict`` raises). The
voters are read from a list of ``(name, estimator)`` pairs written in the call, each
estimator a construction or a name bound to one before the call (its last binding at module
level); a voter hplint cannot resolve proves nothing. Checked against scikit-learn by a test.
The other way, ``voting="soft"`` is forced when the code reads the vote's ``transform``
(the voters' probabilities, a stacking written by hand): hard voting's ``transform`` gives
their labels instead (asked of scikit-learn by a test too).

Members whose requirement is a setting or a non-model parameter need no row, since those are
never reported: ``predict_proba`` of ``SVC`` (``probability``), ``LocalOutlierFactor``'s
``predict`` (``novelty``), ``validation_scores_`` of the multilayer perceptron
(``early_stopping``), ``distances_`` of ``AgglomerativeClustering`` (``compute_distances``, or
any ``distance_threshold``: no value of that is forced).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

import libcst as cst

from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import NOT_LITERAL, literal_value
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
    construction's object requires, or what its parts allow."""
    assert argument.parameter is not None
    if (construction.estimator.qualname, argument.parameter.name, value) == (_VOTING, "voting", "hard"):
        return any(not _has_probabilities(voter) for voter in _voters(facts, construction))
    if (construction.estimator.qualname, argument.parameter.name, value) == (_VOTING, "voting", "soft"):
        # Its voters' probabilities read through ``transform`` (a stacking by hand): only
        # soft voting gives them (hard voting's ``transform`` gives their labels).
        if ".transform" in facts.text and "transform" in facts.derived(_reads)[0].get(id(construction.node), ()):
            return True
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


# -- voters without probabilities ---------------------------------------------------------------

_VOTING: Final = "sklearn.ensemble.VotingClassifier"
# Classes whose ``predict_proba`` exists only for some values of a parameter: (parameter,
# the values that give probabilities, whether the default does).
_PROBABILITIES_WHEN: Final[Mapping[str, tuple[str, frozenset[object], bool]]] = {
    "sklearn.svm.SVC": ("probability", frozenset({True}), False),
    "sklearn.svm.NuSVC": ("probability", frozenset({True}), False),
    "sklearn.linear_model.SGDClassifier": ("loss", frozenset({"log_loss", "log", "modified_huber"}), False),
}


def _has_probabilities(voter: Construction) -> bool:
    """Whether the voter may have ``predict_proba`` (True when hplint cannot tell)."""
    estimator = voter.estimator
    if "predict_proba" not in estimator.methods:
        return False
    condition = _PROBABILITIES_WHEN.get(estimator.qualname)
    if condition is None:
        return True
    parameter, values, by_default = condition
    for argument in voter.arguments:
        if argument.expanded:
            return True
        if argument.parameter is not None and argument.parameter.name == parameter:
            value = literal_value(argument.node.value)
            return value is NOT_LITERAL or any(type(value) is type(v) and value == v for v in values)
    return by_default


def _voters(facts: ModuleFacts, construction: Construction) -> Iterator[Construction]:
    """The estimators of a vote written as a list of ``(name, estimator)`` pairs in the call,
    each a construction or a name bound to one before the call's statement."""
    pairs = next(
        (a.node.value for a in construction.arguments if a.parameter is not None and a.parameter.name == "estimators"),
        None,
    )
    if type(pairs) not in (cst.List, cst.Tuple):
        return
    by_node = {id(c.node): c for c in facts.constructions}
    bound = facts.derived(_bound_constructions)
    for element in pairs.elements:  # type: ignore[union-attr]
        pair = element.value
        if type(pair) is not cst.Tuple or len(pair.elements) < 2:
            continue
        voter = pair.elements[1].value
        if type(voter) is cst.Call and id(voter) in by_node:
            yield by_node[id(voter)]
        elif type(voter) is cst.Name:
            before = [c for at, c in bound.get(voter.value, ()) if at < construction.site.statement]
            if before:
                yield before[-1]


def _bound_constructions(facts: ModuleFacts) -> dict[str, list[tuple[int, Construction]]]:
    """The constructions bound to a name by a module-level ``name = Model(...)`` (or
    ``name = Model(...).fit(...)``), with the index of the statement, in order."""
    by_node = {id(c.node): c for c in facts.constructions}
    bound: dict[str, list[tuple[int, Construction]]] = {}
    for index, statement in enumerate(facts.module.body):
        if type(statement) is not cst.SimpleStatementLine:
            continue
        for small in statement.body:
            if type(small) is not cst.Assign or len(small.targets) != 1 or type(small.targets[0].target) is not cst.Name:
                continue
            value = small.value
            while type(value) is cst.Call and id(value) not in by_node and type(value.func) is cst.Attribute:
                value = value.func.value  # ``Model(...).fit(X, y)``
            if type(value) is cst.Call and id(value) in by_node:
                bound.setdefault(small.targets[0].target.value, []).append((index, by_node[id(value)]))
    return bound
