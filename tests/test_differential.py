"""hplint's constraint checks against scikit-learn's own validator, on generated cases.

Every catalogued estimator x every parameter with declared constraints x a pool of
literal values (plus each string option of the parameter, hidden ones included, and a
typo of it). hplint may be undecided, but it must never reject a value that scikit-learn
accepts. scikit-learn's verdict is what ``fit`` would see: the value as the constructor
stores it (a constructor may rewrite a deprecated alias) validated against the declared
constraints.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    import hplint  # noqa: F401
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hplint.catalog import constraints, load, versioned

sklearn = pytest.importorskip("sklearn")

POOL: tuple[Any, ...] = (
    -1, 0, 1, 2, 3, 10, 1e9, 2**32, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, float("nan"), 1e999,
    -1e999, 1j, True, False, None, "auto", "rbf", "bogus", "", "balanced", b"x",
    [1, 2], [], (10,), (1, 2), {}, {"a": 1}, {1, 2},
)


def _typo(option: str) -> str:
    return option[:-1] if len(option) > 2 else option + "x"


def _class(qualname: str) -> type:
    module, _, name = qualname.rpartition(".")
    cls: type = getattr(importlib.import_module(module), name)
    return cls


def _cases() -> Iterator[tuple[type, str, Any, Any]]:
    importlib.import_module("sklearn.experimental.enable_halving_search_cv")
    importlib.import_module("sklearn.experimental.enable_iterative_imputer")
    # The installed release's part of the catalog (every release is catalogued; a release
    # outside them has nothing to compare).
    release = versioned.minor(sklearn.__version__)
    if release not in load().releases:
        pytest.skip(f"scikit-learn {sklearn.__version__} is not catalogued")
    assert release is not None
    catalog = load().at(release)
    for qualname in catalog.qualnames:
        if importlib.util.find_spec(qualname.partition(".")[0]) is None:
            continue  # another library's class (imblearn ...), not installed here
        estimator = catalog.lookup(qualname)
        assert estimator is not None
        if all(p.constraints is None for p in estimator.parameters.values()):
            continue  # nothing declared (XGBoost, LightGBM ...): no need to import it
        cls = _class(qualname)
        for parameter in estimator.parameters.values():
            if parameter.constraints is None:
                continue
            options = sorted(set(_all_strings(parameter.constraints)))
            for value in (*POOL, *options, *(_typo(o) for o in options)):
                yield cls, parameter.name, parameter.constraints, value


def _all_strings(declared: Any) -> Iterator[str]:
    """Every string option anywhere in a constraint list, hidden ones included."""
    if isinstance(declared, dict):
        for key, item in declared.items():
            if key == "values":
                yield from (v for v in item if isinstance(v, str))
            else:
                yield from _all_strings(item)
    elif isinstance(declared, (list, tuple)):
        for item in declared:
            yield from _all_strings(item)


def _stored(cls: type, name: str, value: Any) -> Any:
    """The value as the constructor stores it (classes with required arguments: as is)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return cls(**{name: value}).get_params(deep=False)[name]
    except Exception:  # noqa: BLE001 - no instance to ask: validate the value as given
        return value


def _sklearn_accepts(cls: type, name: str, value: Any) -> bool:
    from sklearn.utils._param_validation import (
        InvalidParameterError,
        validate_parameter_constraints,
    )

    value = _stored(cls, name, value)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            validate_parameter_constraints(
                cls._parameter_constraints,  # type: ignore[attr-defined]
                {name: value},
                caller_name=cls.__name__,
            )
    except InvalidParameterError:
        return False
    return True


@pytest.fixture(scope="module")
def outcomes() -> Counter[str]:
    counts: Counter[str] = Counter()
    false_alarms: list[str] = []
    for cls, name, declared, value in _cases():
        accepted = _sklearn_accepts(cls, name, value)
        verdict = constraints.check(declared, value)
        if accepted:
            counts["accepted"] += 1
            counts["accepted, hplint " + {True: "True", False: "False", None: "None"}[verdict]] += 1
            if verdict is False:
                false_alarms.append(f"{cls.__name__}({name}={value!r})")
        else:
            counts["rejected"] += 1
            counts["rejected, hplint " + {True: "True", False: "False", None: "None"}[verdict]] += 1
    counts["cases"] = counts["accepted"] + counts["rejected"]
    print("\ndifferential constraint check:", dict(sorted(counts.items())))
    if false_alarms:
        print("false alarms:", false_alarms[:20])
    return counts


def test_cases_cover_the_catalog(outcomes: Counter[str]) -> None:
    assert outcomes["cases"] > 10_000


def test_no_false_alarm(outcomes: Counter[str]) -> None:
    assert outcomes["accepted, hplint False"] == 0


def test_never_accepts_what_sklearn_rejects(outcomes: Counter[str]) -> None:
    assert outcomes["rejected, hplint True"] == 0


def test_agrees_on_almost_every_rejection(outcomes: Counter[str]) -> None:
    agreement = outcomes["rejected, hplint False"] / outcomes["rejected"]
    # Measured: 100% (every rejection decided). Keep the bar just below it.
    assert agreement >= 0.999, agreement
