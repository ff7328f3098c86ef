"""Kernel settings matched across two models of a file (HP101).

Two different estimators given the same kernel are being compared on equal terms:
``SVR(kernel="rbf", gamma=0.1)`` timed against ``KernelRidge(kernel="rbf", gamma=0.1)``,
``RBFSampler(gamma=0.2)`` approximating ``SVC(gamma=0.2)``, ``PolynomialFeatures(degree=2)``
and a linear model against ``SVC(kernel="poly", degree=2)``. The shared value is held
fixed so that the comparison measures the algorithms and not the kernel: a control of the
experiment, not a choice made for either model, so neither call reports it.

Only a kernel's own parameters, and ``nu`` (the bound on the fraction of support vectors or
outliers that the nu-SVMs and both one-class SVMs share), mean the same thing on different
classes. A kernel is one function: when two calls share one of its numbers (``gamma``,
``degree``, ``coef0``), its name and its other numbers were set up with it
(``SVC(kernel="poly", degree=2, coef0=1)`` is the kernel twin of
``PolynomialFeatures(degree=2)``); its name alone shared counts for nothing (two SVMs of one
notebook may each pick ``kernel="linear"``). A classifier and a regressor fit two targets: a
kernel they share compares nothing. The same ``n_estimators`` on a forest and a boosting
model, or the same ``stop_words`` on two vectorizers, are two choices that happen to agree
and stay reported: matching every parameter that way would have silenced 210 of the 992
HP101 findings of the real-code corpus, nearly all of them such untuned agreements.
"""

from __future__ import annotations

from typing import Final

from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import literal_value

# A kernel's parameters, one function together: when two estimators of different classes
# share one of its numbers, the kernel was set up for the comparison, name and all.
KERNEL: Final = frozenset({"kernel", "gamma", "degree", "coef0"})
_NUMBERS: Final = KERNEL - {"kernel"}
# Parameters that mean one thing on every class that has them: the kernel's, and nu.
MATCHED: Final = KERNEL | {"nu"}


def matched(facts: ModuleFacts, construction: Construction, argument: Argument, value: object) -> bool:
    """Whether ``argument`` is part of a setting a construction of another class in the
    file shares: ``nu`` by its own value, a kernel parameter when one of the call's kernel
    numbers is shared (``kernel="linear"`` on two SVMs of one notebook, with no number in
    common, may be two separate picks)."""
    assert argument.parameter is not None
    name = argument.parameter.name
    if name not in MATCHED or _key(value) is None:
        return False
    qualname, kinds, mine = facts.derived(_kernel_settings)[id(construction.node)]
    wanted = {name} if name == "nu" else _NUMBERS
    for other, other_kinds, settings in facts.derived(_kernel_settings).values():
        if other == qualname or _other_tasks(kinds, other_kinds):
            continue
        if any(shared in mine and settings.get(shared) == mine[shared] for shared in wanted):
            return True
    return False


def _other_tasks(kinds: frozenset[str], other: frozenset[str]) -> bool:
    """Whether one class is a classifier and the other a regressor: models of two tasks,
    fitted to two targets, compare nothing (an ``SVC`` and an ``SVR`` of one notebook)."""
    return bool({"classifier", "regressor"} <= kinds | other and not kinds & other & {"classifier", "regressor"})


def _kernel_settings(facts: ModuleFacts) -> dict[int, tuple[str, frozenset[str], dict[str, object]]]:
    """Each construction's class, its kinds and the literal values of its ``MATCHED``
    parameters, by the id of its call."""
    found: dict[int, tuple[str, frozenset[str], dict[str, object]]] = {}
    for construction in facts.constructions:
        settings = {}
        for argument in construction.arguments:
            if argument.parameter is not None and argument.parameter.name in MATCHED:
                key = _key(literal_value(argument.node.value))
                if key is not None:
                    settings[argument.parameter.name] = key
        if settings:
            found[id(construction.node)] = (construction.estimator.qualname, construction.estimator.kinds, settings)
    return found


def _key(value: object) -> object:
    """A key equal for equal values (``1`` and ``1.0``, not ``True``); None for a value
    that is not a number or a string (a computed one, a callable kernel)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value if isinstance(value, str) else None
