"""Kernel settings matched across two models of a file (HP101).

Two different estimators given the same kernel are being compared on equal terms:
``SVR(kernel="rbf", gamma=0.1)`` timed against ``KernelRidge(kernel="rbf", gamma=0.1)``,
``RBFSampler(gamma=0.2)`` approximating ``SVC(gamma=0.2)``, ``PolynomialFeatures(degree=2)``
and a linear model against ``SVC(kernel="poly", degree=2)``. The shared value is held
fixed so that the comparison measures the algorithms and not the kernel: a control of the
experiment, not a choice made for either model, so neither call reports it.

Only a kernel's own parameters, and ``nu`` (the bound on the fraction of support vectors or
outliers that the nu-SVMs and both one-class SVMs share), mean the same thing on different
classes. A kernel's name counts only when the two calls also share one of its numbers: two
SVMs of one notebook may each pick ``kernel="linear"``. The same ``n_estimators`` on a
forest and a boosting model, or the same ``stop_words`` on two vectorizers, are two choices
that happen to agree and stay reported: matching every parameter that way would have
silenced 210 of the 992 HP101 findings of the real-code corpus, nearly all of them such
untuned agreements.
"""

from __future__ import annotations

from typing import Final

from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import literal_value

# Parameters that mean one thing on every class that has them: a kernel's and nu.
MATCHED: Final = frozenset({"kernel", "gamma", "degree", "coef0", "nu"})


def matched(facts: ModuleFacts, construction: Construction, argument: Argument, value: object) -> bool:
    """Whether a construction of another class in the file gives ``argument``'s parameter
    the same literal ``value`` (a kernel's name only together with one of its numbers:
    ``kernel="linear"`` on two SVMs of one notebook may be two separate picks)."""
    assert argument.parameter is not None
    name = argument.parameter.name
    if name not in MATCHED or _key(value) is None:
        return False
    qualname, mine = facts.derived(_kernel_settings)[id(construction.node)]
    for other, settings in facts.derived(_kernel_settings).values():
        if other == qualname or settings.get(name) != mine[name]:
            continue
        if name != "kernel" or any(settings.get(shared) == key for shared, key in mine.items() if shared != name):
            return True
    return False


def _kernel_settings(facts: ModuleFacts) -> dict[int, tuple[str, dict[str, object]]]:
    """Each construction's class and the literal values of its ``MATCHED`` parameters, by
    the id of its call."""
    found: dict[int, tuple[str, dict[str, object]]] = {}
    for construction in facts.constructions:
        settings = {}
        for argument in construction.arguments:
            if argument.parameter is not None and argument.parameter.name in MATCHED:
                key = _key(literal_value(argument.node.value))
                if key is not None:
                    settings[argument.parameter.name] = key
        if settings:
            found[id(construction.node)] = (construction.estimator.qualname, settings)
    return found


def _key(value: object) -> object:
    """A key equal for equal values (``1`` and ``1.0``, not ``True``); None for a value
    that is not a number or a string (a computed one, a callable kernel)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value if isinstance(value, str) else None
