"""HP501/HP502 agree with scikit-learn: every finding is confirmed by fitting.

For every shipped relation (P has no effect when S is one of V) this generates programs
with the trigger (S set to a value of V, or left to its default when that is in V) and
without it (S set to a value where P is used), on the constructor or as a one-candidate key
beside P's in the same grid, lints each with preview on, and fits the
estimator the program builds with two values of P, on a data set the catalog's
verification never saw. A finding must come with identical fits (learned attributes and
outputs, byte for byte); where the fits differ there must be no finding. The triggers
must also be reported (a cross-check that reports nothing proves nothing).
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest

pytest.importorskip("sklearn")

from hplint.catalog import relations
from hplint.config import Settings
from hplint.engine import lint_source

RELATIONS = [r for found in relations.load().values() for r in found]


def _class(qualname: str) -> type:
    module, _, name = qualname.rpartition(".")
    cls: type = getattr(importlib.import_module(module), name)
    return cls


def _data(cls: type) -> tuple[Any, Any]:
    """One data set, unlike the verification's three (another seed and shape)."""
    import numpy as np
    from sklearn.base import RegressorMixin
    from sklearn.datasets import make_classification, make_regression

    if cls.__module__ == "sklearn.feature_extraction.text":
        return relations._texts(11, 36, 2)
    if issubclass(cls, RegressorMixin):
        X, y = make_regression(36, 5, noise=2.0, random_state=11)
    else:
        X, y = make_classification(36, 5, n_informative=3, n_redundant=0, n_classes=3,
                                   n_clusters_per_class=1, random_state=11)  # fmt: skip
    return np.abs(X), y


def _fixed(cls: type) -> dict[str, Any]:
    """The arguments every generated program passes: a seed, and the smaller sizes."""
    fixed = dict(relations._SMALLER.get(cls.__name__, {}))
    if "random_state" in inspect.signature(cls).parameters:
        fixed["random_state"] = 0
    return fixed


def _call(cls: type, arguments: dict[str, Any]) -> str:
    return f"{cls.__name__}({', '.join(f'{k}={v!r}' for k, v in arguments.items())})"


def _program(cls: type, body: str) -> str:
    imports = f"from sklearn.model_selection import GridSearchCV\nfrom {cls.__module__} import {cls.__name__}\n"
    # The fixed settings are module-level literals that nothing tunes: HP101 is not checked.
    return imports + body + "\n"


def _codes(source: str) -> set[str]:
    found = lint_source(source, "t.py", Settings(preview=True, select=("HP5",)))
    return {d.code for d in found}


def _same(cls: type, arguments: dict[str, Any], name: str, values: list[Any]) -> bool | None:
    """Whether fitting with each of ``values`` of ``name`` gives the same; None on errors."""
    X, y = _data(cls)
    try:
        fits = [relations._fit(cls, {**arguments, name: v}, X, y) for v in values]
    except Exception:  # noqa: BLE001 - this combination does not fit: nothing to compare
        return None
    return all(f == fits[0] for f in fits[1:])




@pytest.mark.parametrize(
    "relation", RELATIONS, ids=lambda r: f"{r.estimator.rpartition('.')[2]}.{r.parameter}-{r.selector}"
)
def test_findings_are_confirmed_by_fitting(relation: relations.Relation) -> None:
    cls = _class(relation.estimator)
    values = relations._trial_values(cls, relation.parameter)[:2]
    assert len(values) == 2
    module = relation.estimator.rpartition(".")[0]
    default = inspect.signature(cls).parameters[relation.selector].default
    cases: list[tuple[dict[str, Any], bool]] = [
        ({relation.selector: relation.values[0]}, True),  # the trigger
        ({relation.selector: relation.used_with[0]}, False),  # where P is used
    ]
    if any(type(default) is type(v) and default == v for v in relation.values):
        cases.append(({}, True))  # the trigger by default
    reported = 0
    for selector, trigger in cases:
        arguments = {**_fixed(cls), **selector}
        same = _same(cls, arguments, relation.parameter, values)
        constructor = _call(cls, {**arguments, relation.parameter: values[0]})
        grid = f"GridSearchCV({_call(cls, arguments)}, {{{relation.parameter!r}: {values!r}}})"
        bodies = [(f"model = {constructor}", "HP501"), (f"search = {grid}", "HP502")]
        if selector:  # the condition searched in the same dict instead of set on the constructor
            ((name, value),) = selector.items()
            searched = {name: [value], relation.parameter: values}
            bodies.append((f"search = GridSearchCV({_call(cls, _fixed(cls))}, {searched!r})", "HP502"))
        for body, code in bodies:
            source = _program(cls, body).replace(f"from {cls.__module__} ", f"from {module} ")
            found = code in _codes(source)
            if found:
                reported += 1
                assert same is True, f"{code} on a program whose fits differ or fail:\n{source}"
            if same is False:
                assert not found, source
            if trigger:
                assert found, f"{code} missed its trigger:\n{source}"
    assert reported >= 3
