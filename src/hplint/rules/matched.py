"""Kernel settings matched across two models of a file (HP101).

Two different estimators given the same kernel are being compared on equal terms:
``SVR(kernel="rbf", gamma=0.1)`` timed against ``KernelRidge(kernel="rbf", gamma=0.1)``,
``RBFSampler(gamma=0.2)`` approximating ``SVC(gamma=0.2)``, ``PolynomialFeatures(degree=2)``
and a linear model against ``SVC(kernel="poly", degree=2)``. The shared value is held
fixed so that the comparison measures the algorithms and not the kernel: a control of the
experiment, not a choice made for either model, so neither call reports it.

Only a kernel's own parameters, and ``nu`` (the bound on the fraction of support vectors or
outliers that the nu-SVMs and both one-class SVMs share), mean the same thing on
different classes. The same ``n_estimators`` on a forest and a boosting model, or the same
``stop_words`` on two vectorizers, are two choices that happen to agree and stay
reported: matching every parameter that way would have silenced 210 of the 992 HP101
findings of the real-code corpus, nearly all of them such untuned agreements.
"""

from __future__ import annotations

from typing import Final

from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import literal_value

# Parameters that mean one thing on every class that has them: a kernel's and nu.
MATCHED: Final = frozenset({"kernel", "gamma", "degree", "coef0", "nu"})


def matched(facts: ModuleFacts, construction: Construction, argument: Argument, value: object) -> bool:
    """Whether a construction of another class in the file gives ``argument``'s parameter
    the same literal ``value``."""
    assert argument.parameter is not None
    name = argument.parameter.name
    if name not in MATCHED:
        return False
    key = _key(value)
    classes = facts.derived(_matched_values).get((name, key), ()) if key is not None else ()
    return any(qualname != construction.estimator.qualname for qualname in classes)


def _matched_values(facts: ModuleFacts) -> dict[tuple[str, object], set[str]]:
    """The classes given each literal value of each ``MATCHED`` parameter in the file."""
    found: dict[tuple[str, object], set[str]] = {}
    for construction in facts.constructions:
        for argument in construction.arguments:
            if argument.parameter is None or argument.parameter.name not in MATCHED:
                continue
            key = _key(literal_value(argument.node.value))
            if key is not None:
                found.setdefault((argument.parameter.name, key), set()).add(construction.estimator.qualname)
    return found


def _key(value: object) -> object:
    """A key equal for equal values (``1`` and ``1.0``, not ``True``); None for a value
    that is not a number or a string (a computed one, a callable kernel)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value if isinstance(value, str) else None
