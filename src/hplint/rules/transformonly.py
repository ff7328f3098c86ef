"""Hyperparameters that only shape what ``transform`` gives, on objects never transformed (HP101).

``LinearDiscriminantAnalysis(n_components=2)`` used as a classifier (fitted, then its
``predict``, ``score``, ``coef_`` read, or cross-validated) predicts exactly what it would
with any other ``n_components``: the number of discriminant directions is only the width of
``transform``'s output (asked of scikit-learn by a test). Written on an object the code never
transforms, the value chooses nothing.

The object must be followed all the way: the construction is handed straight to a
scikit-learn function or meta-estimator that only fits and predicts with it
(``cross_val_score``, ``RFECV`` ...), or it is bound to a name whose every mention in the
file (every cell of a notebook, every function) is that binding, a member from a list known
not to depend on the value (``fit``, ``predict``, ``coef_`` ...), or such a call. Any other
mention (a pipeline step, a list of models, a helper, ``explained_variance_ratio_``, whose
length is ``n_components``) may transform it: the value stays a choice.
"""

from __future__ import annotations

from collections import Counter
from typing import Final

import libcst as cst

from hplint.model import Construction, ModuleFacts
from hplint.model.walk import descendants, names_in

__all__ = ["never_transformed", "TRANSFORM_ONLY"]

# (class, parameter) whose value only the output of ``transform`` depends on.
TRANSFORM_ONLY: Final = frozenset({("sklearn.discriminant_analysis.LinearDiscriminantAnalysis", "n_components")})

# Members of such an object that do not depend on the value (a classifier's).
_MEMBERS: Final = frozenset(
    {
        "fit", "predict", "predict_proba", "predict_log_proba", "decision_function", "score",
        "coef_", "intercept_", "priors_", "means_", "classes_", "covariance_", "n_features_in_",
        "feature_names_in_", "get_params",
    }
)  # fmt: skip
# scikit-learn callables that fit and predict or score with the estimator they are given
# (first argument, or ``estimator=``), never transform with it.
_FITTING_ONLY: Final = frozenset(
    {
        "sklearn.model_selection.cross_val_score", "sklearn.model_selection.cross_validate",
        "sklearn.model_selection.learning_curve", "sklearn.model_selection.validation_curve",
        "sklearn.inspection.permutation_importance", "sklearn.feature_selection.RFE",
        "sklearn.feature_selection.RFECV", "sklearn.feature_selection.SequentialFeatureSelector",
    }
)  # fmt: skip


def never_transformed(facts: ModuleFacts, construction: Construction) -> bool:
    """Whether the code never transforms with the construction's object (see the module
    docstring)."""
    uses = facts.derived(_uses)
    if id(construction.node) in uses.handed:
        return True
    name = uses.bound.get(id(construction.node))
    return name is not None and uses.allowed[name] == uses.mentions[name]


class _Uses:
    def __init__(self) -> None:
        # Constructions handed straight to a function that only fits and predicts.
        self.handed: set[int] = set()
        # Construction -> the name it is bound to (``name = Class(...)``, ``.fit(...)`` chained).
        self.bound: dict[int, str] = {}
        # Per name: its mentions, and those that are a binding or an allowed use.
        self.mentions: Counter[str] = Counter()
        self.allowed: Counter[str] = Counter()


def _uses(facts: ModuleFacts) -> _Uses:
    uses = _Uses()
    wanted = {
        id(c.node) for c in facts.constructions if any((c.estimator.qualname, p) in TRANSFORM_ONLY for p in _named(c))
    }
    if not wanted:
        return uses
    fitting_only = _fitting_only_calls(facts)
    for node in descendants(facts.module):
        node_type = type(node)
        if node_type is cst.Assign:
            assert isinstance(node, cst.Assign)
            for target in node.targets:
                if type(target.target) is cst.Name:
                    uses.allowed[target.target.value] += 1
            if len(node.targets) == 1 and type(node.targets[0].target) is cst.Name:
                built = _constructed(node.value)
                if built is not None and id(built) in wanted:
                    uses.bound[id(built)] = node.targets[0].target.value
        elif node_type is cst.Attribute:
            assert isinstance(node, cst.Attribute)
            if type(node.value) is cst.Name and node.attr.value in _MEMBERS:
                uses.allowed[node.value.value] += 1
        elif node_type is cst.Call and id(node) in fitting_only:
            assert isinstance(node, cst.Call)
            given = _estimator_argument(node)
            if given is not None:
                if type(given) is cst.Name:
                    uses.allowed[given.value] += 1
                elif id(given) in wanted:
                    uses.handed.add(id(given))
    uses.mentions.update(names_in(facts.module))
    return uses


def _named(construction: Construction) -> set[str]:
    return {a.parameter.name for a in construction.arguments if a.parameter is not None}


def _constructed(value: cst.BaseExpression) -> cst.Call | None:
    """The construction call ``value`` is, through chained ``fit`` calls."""
    while type(value) is cst.Call:
        assert isinstance(value, cst.Call)
        func = value.func
        if type(func) is cst.Attribute and func.attr.value == "fit":
            value = func.value
            continue
        return value
    return None


def _fitting_only_calls(facts: ModuleFacts) -> frozenset[int]:
    return frozenset(
        id(site.node) for site in facts.calls if facts.resolver.resolve_parts(site.callee) in _FITTING_ONLY
    )


def _estimator_argument(node: cst.Call) -> cst.BaseExpression | None:
    """The estimator a fitting-only call is given: ``estimator=``, or its first positional
    argument."""
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value == "estimator":
            return arg.value
    first = node.args[0] if node.args else None
    return first.value if first is not None and first.keyword is None and not first.star else None

