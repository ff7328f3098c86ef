"""Declarative scikit-learn constraints evaluated on literals (no scikit-learn needed)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

try:
    import hplint  # noqa: F401
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hplint.catalog.constraints import check, describe, satisfies, suggest

NAN = float("nan")
INF = float("inf")


def interval(number: str, left: float | None, right: float | None, closed: str) -> dict[str, Any]:
    return {"type": "interval", "number": number, "left": left, "right": right, "closed": closed}


def str_options(*values: str, deprecated: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "options", "of": "builtins.str", "literals": ["str"],
            "values": sorted(values), "deprecated": sorted(deprecated)}


def instance(of: str, literals: list[str] | None = None) -> dict[str, Any]:
    c: dict[str, Any] = {"type": "instance", "of": of}
    if literals is not None:
        c["literals"] = literals
    return c


# ---------------------------------------------------------------- intervals

@pytest.mark.parametrize(
    ("closed", "expected"),
    [("left", (True, True, False)), ("right", (False, True, True)),
     ("both", (True, True, True)), ("neither", (False, True, False))],
)
def test_interval_closedness(closed: str, expected: tuple[bool, bool, bool]) -> None:
    c = interval("real", 0, 1, closed)
    assert (satisfies(c, 0), satisfies(c, 0.5), satisfies(c, 1)) == expected


def test_integral_interval_accepts_bool_like_sklearn() -> None:
    c = interval("integral", 1, None, "left")
    assert satisfies(c, 1) is True
    assert satisfies(c, True) is True  # isinstance(True, numbers.Integral)
    assert satisfies(c, False) is False  # 0 is out of range
    assert satisfies(c, 1.0) is False  # a float is not Integral
    assert satisfies(c, 0) is False


def test_real_interval_accepts_int_and_bool() -> None:
    c = interval("real", 0, None, "neither")
    assert satisfies(c, 2) is True
    assert satisfies(c, 0.5) is True
    assert satisfies(c, True) is True
    assert satisfies(c, 0.0) is False
    assert satisfies(c, "1") is False
    assert satisfies(c, 1j) is False  # complex is not Real


def test_real_not_int_rejects_ints() -> None:
    c = interval("real_not_int", 0, 1, "right")
    assert satisfies(c, 0.5) is True
    assert satisfies(c, 1.0) is True
    assert satisfies(c, 1) is False
    assert satisfies(c, True) is False


def test_nan_is_in_no_interval() -> None:
    assert satisfies(interval("real", None, None, "both"), NAN) is False


def test_unbounded_sides_follow_closedness_for_infinities() -> None:
    assert satisfies(interval("real", None, None, "both"), INF) is True
    assert satisfies(interval("real", None, None, "neither"), INF) is False
    assert satisfies(interval("real", 0, None, "left"), 1e300) is True


# ---------------------------------------------------------------- options and instances

def test_str_options() -> None:
    c = str_options("linear", "rbf")
    assert satisfies(c, "rbf") is True
    assert satisfies(c, "RBF") is False
    assert satisfies(c, 1) is False
    assert satisfies(c, ["rbf"]) is False


def test_numeric_options_use_equality() -> None:
    c = {"type": "options", "of": "numbers.Integral", "literals": ["bool", "int"],
         "values": [0, 1], "deprecated": []}
    assert satisfies(c, 1) is True
    assert satisfies(c, True) is True  # True == 1, and bool is Integral
    assert satisfies(c, 1.0) is False  # 1.0 == 1, but a float is not Integral
    assert satisfies(c, 2) is False


def test_options_with_non_finite_and_unrepresentable_values() -> None:
    inf_option = {"type": "options", "of": "numbers.Real", "literals": ["bool", "int", "float"],
                  "values": [{"float": "inf"}], "deprecated": []}
    assert satisfies(inf_option, INF) is True
    assert satisfies(inf_option, 1.0) is False
    dtype = {"type": "options", "of": "builtins.type", "literals": [],
             "values": [{"repr": "numpy.float32"}], "deprecated": []}
    assert satisfies(dtype, "float32") is False
    opaque = {"type": "options", "of": "builtins.str", "values": [{"repr": "x"}]}
    assert satisfies(opaque, "y") is None


@pytest.mark.parametrize(
    ("of", "value", "expected"),
    [("builtins.int", True, True), ("builtins.int", 1.0, False), ("builtins.str", "a", True),
     ("builtins.dict", {}, True), ("builtins.list", (1,), False), ("builtins.tuple", (1,), True),
     ("numbers.Real", 1, True), ("numbers.Real", 1j, False), ("numbers.Integral", 1.0, False),
     ("collections.abc.Mapping", {}, True), ("collections.abc.Mapping", [], False)],
)
def test_instance_of_stdlib_types_without_literals_table(of: str, value: object, expected: bool) -> None:
    assert satisfies(instance(of), value) is expected


def test_instance_uses_the_generated_literals_table() -> None:
    assert satisfies(instance("numpy.ndarray", []), [1, 2]) is False
    assert satisfies(instance("sklearn.utils._param_validation.RealNotInt", ["float"]), 0.5) is True


def test_instance_of_an_unknown_class_without_table_is_undecided() -> None:
    assert satisfies(instance("sklearn.base.BaseEstimator"), 1) is None


# ---------------------------------------------------------------- string shorthands

@pytest.mark.parametrize(
    ("kind", "accepted", "rejected"),
    [
        ("none", [None], [0, "", False]),
        ("nan", [NAN], [1.0, 0, None, "nan"]),
        ("boolean", [True, False], [0, 1, None, "True"]),
        ("random_state", [None, 0, 42, 2**32 - 1, True], [-1, 2**32, 1.0, "42"]),
        ("verbose", [0, 3, True, False], [-1, 1.0, None]),
        ("array-like", [[1], (1,), [], {}, {1}], ["ab", b"ab", 1, None]),
        ("sparse matrix", [], [[1], 1, None]),
        ("callable", [], ["len", 1, None]),
        ("cv_object", [None, 2, 5, [(0, 1)], (), {}, b"ab"], [1, 0, True, 2.0, "kfold"]),
    ],
)
def test_shorthands(kind: str, accepted: list[object], rejected: list[object]) -> None:
    for value in accepted:
        assert satisfies({"type": kind}, value) is True, value
    for value in rejected:
        assert satisfies({"type": kind}, value) is False, value


def test_missing_values() -> None:
    any_marker = {"type": "missing_values", "numeric_only": False}
    numeric = {"type": "missing_values", "numeric_only": True}
    for value in (0, -1, 1.5, NAN, True):
        assert satisfies(numeric, value) is True
    assert satisfies(any_marker, "") is True
    assert satisfies(any_marker, None) is True
    assert satisfies(numeric, "") is False
    assert satisfies(numeric, None) is False
    assert satisfies(any_marker, [1]) is False


def test_has_methods_is_exact_for_builtins() -> None:
    assert satisfies({"type": "has_methods", "methods": ["fit", "predict"]}, 1) is False
    assert satisfies({"type": "has_methods", "methods": ["append"]}, []) is True
    assert satisfies({"type": "has_methods", "methods": ["append", "fit"]}, []) is False


def test_hidden_constraints_are_still_accepted() -> None:
    c = {"type": "hidden", "constraint": str_options("deprecated")}
    assert satisfies(c, "deprecated") is True
    assert satisfies(c, "other") is False


def test_unknown_constraints_and_non_literals_are_undecided() -> None:
    assert satisfies({"type": "unknown", "repr": "<x>"}, 1) is None
    assert satisfies({"type": "none"}, object()) is None


# ---------------------------------------------------------------- check

def test_check_is_any_of_the_constraints() -> None:
    max_depth = [interval("integral", 1, None, "left"), {"type": "none"}]
    assert check(max_depth, None) is True
    assert check(max_depth, 3) is True
    assert check(max_depth, 0) is False
    assert check(max_depth, 2.5) is False


def test_check_is_undecided_when_an_undecidable_constraint_remains() -> None:
    assert check([interval("integral", 1, None, "left"), {"type": "unknown", "repr": "?"}], 0) is None
    assert check([{"type": "unknown", "repr": "?"}, {"type": "none"}], None) is True


# ---------------------------------------------------------------- describe and suggest

def test_describe_interval_or_none() -> None:
    assert describe([interval("integral", 1, None, "left"), {"type": "none"}]) == (
        "an int in [1, inf) or None"
    )


def test_describe_real_interval_with_float_bounds() -> None:
    assert describe([interval("real", 0, None, "neither")]) == "a float in (0.0, inf)"
    assert describe([interval("real", 0, 1, "right")]) == "a float in (0.0, 1.0]"
    # sklearn writes closed="right" on an unbounded side; it reads as open.
    assert describe([interval("real", 0, None, "right")]) == "a float in (0.0, inf)"


def test_describe_options_and_callable() -> None:
    kernel = [str_options("linear", "poly", "rbf", "sigmoid", "precomputed"), {"type": "callable"}]
    assert describe(kernel) == (
        "one of 'linear', 'poly', 'precomputed', 'rbf', 'sigmoid' or a callable"
    )


def test_describe_hides_hidden_and_deprecated_options() -> None:
    c: list[dict[str, Any]] = [{"type": "boolean"}, {"type": "hidden", "constraint": str_options("deprecated")},
         str_options("a", "old", deprecated=("old",))]
    assert describe(c) == "a bool or 'a'"


def test_describe_types_and_methods() -> None:
    assert describe([instance("builtins.dict"), {"type": "none"}]) == "a dict or None"
    assert describe([{"type": "has_methods", "methods": ["fit", "predict"]}]) == (
        "an object implementing 'fit' and 'predict'"
    )
    assert describe([instance("numpy.ndarray")]) == "a numpy array"
    assert describe([instance("sklearn.base.BaseEstimator")]) == (
        "an instance of sklearn.base.BaseEstimator"
    )


def test_suggest_closest_option() -> None:
    kernel = [str_options("linear", "poly", "rbf", "sigmoid", "precomputed"), {"type": "callable"}]
    assert suggest(kernel, "rbg") == "rbf"
    assert suggest(kernel, "sigmoidal") == "sigmoid"
    assert suggest(kernel, "quadratic") is None
    assert suggest(kernel, "rbf") is None


def test_suggest_ignores_hidden_and_deprecated_options() -> None:
    c = [str_options("auto", "sqrt", "log", deprecated=("log",)),
         {"type": "hidden", "constraint": str_options("warn")}]
    assert suggest(c, "logg") is None
    assert suggest(c, "warm") is None
    assert suggest(c, "sqr") == "sqrt"


def test_a_long_list_of_options_is_cut_after_the_did_you_mean() -> None:
    from hplint.engine import lint_source

    source = (
        "from sklearn.model_selection import GridSearchCV\nfrom sklearn.svm import SVC\n"
        'GridSearchCV(SVC(), {"C": [1, 2]}, scoring="acuracy")\n'
    )
    (found,) = [d for d in lint_source(source) if d.code == "HP402"]
    assert found.message.startswith(
        "The `scoring` parameter of `GridSearchCV` got `'acuracy'`; did you mean `'accuracy'`? "
        "It must be one of "
    )
    assert "'roc_auc'" not in found.message and "options ('accuracy'," in found.message
    assert len(found.message) < 300


def test_a_short_list_of_options_is_given_in_full() -> None:
    from hplint.catalog import constraints

    options = [{"type": "options", "of": "builtins.str", "values": ["a", "b", "c"]}]
    assert constraints.describe(options) == "one of 'a', 'b', 'c'"
