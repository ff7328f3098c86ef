"""Calls of scikit-learn's validated functions (``train_test_split``, ``f1_score``...):
HP401 and HP402 against scikit-learn's own validation, on generated cases.

Every catalogued function x every parameter with declared constraints x a pool of literal
values (plus each string option, a typo of it and the option with a stray space), each
written as a call in one generated module and linted once, as a user's file would be.
scikit-learn's verdict is its validator on the declared constraints (what
``@validate_params`` runs before the function body). Then a misspelt keyword and one
positional argument too many per function, against ``inspect.Signature.bind``. hplint may
miss, but it must never report a call scikit-learn accepts.
"""

from __future__ import annotations

import importlib
import inspect
from collections import Counter
from typing import Any

import pytest

from hplint.catalog import functions, load
from hplint.config import Settings
from hplint.engine import lint_source

sklearn = pytest.importorskip("sklearn")
from sklearn.utils._param_validation import InvalidParameterError, validate_parameter_constraints  # noqa: E402

POOL: tuple[Any, ...] = (
    -1, 0, 1, 2, 10, -0.5, 0.0, 0.5, 1.0, 1.5, True, False, None, "auto", "bogus", "",
    "macro", "accuracy", [1, 2], (1, 2), {"a": 1},
)  # fmt: skip


def _function(qualname: str) -> Any:
    module, _, name = qualname.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _values(constraints: Any) -> list[Any]:
    values = list(POOL)
    for constraint in constraints:
        if constraint.get("type") == "options":
            for option in constraint.get("values", ()):
                if isinstance(option, str):
                    values += [option, option + " ", option[:-1] if len(option) > 2 else option + "x"]
        if constraint.get("type") == "interval":
            for bound in (constraint.get("left"), constraint.get("right")):
                if bound is not None:
                    values += [bound, bound - 1, bound + 1, bound + 0.5]
    unique: dict[str, Any] = {}
    for value in values:
        unique.setdefault(repr(value), value)
    return list(unique.values())


def _sklearn_rejects(function: Any, name: str, value: Any) -> bool:
    try:
        validate_parameter_constraints(
            {name: function._skl_parameter_constraints[name]}, {name: value}, caller_name="f"
        )
    except InvalidParameterError:
        return True
    return False


def _lint(lines: list[str]) -> dict[int, set[str]]:
    target = Settings(target_sklearn_version=functions.release())
    found: dict[int, set[str]] = {}
    for d in lint_source("\n".join(lines) + "\n", "calls.py", target):
        found.setdefault(d.start.row, set()).add(d.code)
    return found


def _compare(lines: list[str], cases: dict[int, bool], code: str) -> Counter[str]:
    """Lint the generated module once; every case hplint reports, scikit-learn rejects."""
    found = _lint(lines)
    tally: Counter[str] = Counter()
    for row, rejected in cases.items():
        reported = code in found.get(row, set())
        tally["agree" if reported == rejected else "false alarm" if reported else "miss"] += 1
        assert not (reported and not rejected), lines[row - 1]
    print(f"\n{len(cases)} cases: {dict(tally)}")
    return tally


def _catalogued() -> list[str]:
    if functions.release() != ".".join(sklearn.__version__.split(".")[:2]):
        pytest.skip(f"the function catalog is not of scikit-learn {sklearn.__version__}")
    data = functions._data()
    return sorted(data["functions"])


@pytest.mark.slow
def test_literal_values_agree_with_scikit_learn() -> None:
    catalog = load().at(functions.release() or "")
    lines: list[str] = []
    cases: dict[int, bool] = {}
    for qualname in _catalogued():
        function = _function(qualname)
        described = functions.lookup(catalog, qualname)
        assert described is not None
        module, _, name = qualname.rpartition(".")
        lines.append(f"from {module} import {name}")
        for parameter in described.parameters.values():
            if parameter.constraints is None:
                continue
            for value in _values(parameter.constraints):
                lines.append(f"{name}({parameter.name}={value!r})")
                cases[len(lines)] = _sklearn_rejects(function, parameter.name, value)
    tally = _compare(lines, cases, "HP402")
    assert len(cases) > 5000 and tally["agree"] / len(cases) > 0.95


def test_unknown_keywords_and_extra_positions_agree_with_scikit_learn() -> None:
    lines: list[str] = []
    cases: dict[int, bool] = {}
    for qualname in _catalogued():
        function = _function(qualname)
        signature = inspect.signature(function)
        module, _, name = qualname.rpartition(".")
        lines.append(f"from {module} import {name}")
        names = list(signature.parameters)
        positional = [p for p in signature.parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        calls = [
            (f"{name}({names[0] + 'x' if names else 'bogus'}=1)", {"kwargs": {(names[0] + "x") if names else "bogus": 1}}),
            (f"{name}({', '.join(['1'] * (len(positional) + 1))})", {"args": [1] * (len(positional) + 1)}),
            (f"{name}({', '.join(['1'] * len(positional))})", {"args": [1] * len(positional)}),
        ]
        for text, how in calls:
            lines.append(text)
            try:
                signature.bind_partial(*how.get("args", ()), **how.get("kwargs", {}))
                cases[len(lines)] = False
            except TypeError:
                cases[len(lines)] = True
    tally = _compare(lines, cases, "HP401")
    assert tally["agree"] == len(cases)


def test_functions_are_known_only_at_their_release() -> None:
    source = "from sklearn.model_selection import train_test_split\ntrain_test_split([1], test_sise=0.2)\n"
    assert [d.code for d in lint_source(source, "a.py", Settings(target_sklearn_version=functions.release()))] == ["HP401"]
    assert lint_source(source, "a.py", Settings(target_sklearn_version="1.2")) == []


@pytest.mark.slow
def test_the_committed_function_catalog_is_the_installed_release() -> None:
    from hplint.catalog import generate_functions

    assert generate_functions.main(["--check"]) == 0
