"""Range-like calls in search spaces: hplint's values are NumPy's and Python's, exactly."""

from __future__ import annotations

import math

import libcst as cst
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hplint import catalog
from hplint.model.names import Bindings, Resolver
from hplint.model.sequences import sequence_values

from conftest import findings


def _resolver() -> Resolver:
    bindings = Bindings()
    bindings.bind_import("np", "numpy")
    return Resolver(bindings, catalog.load())


RESOLVER = _resolver()


def values(code: str) -> tuple[object, ...] | None:
    return sequence_values(cst.parse_expression(code), RESOLVER)


def expected(code: str) -> list[object]:
    result = eval(code, {"np": np})  # noqa: S307 - the test's own expressions
    return list(result.tolist() if hasattr(result, "tolist") else result)


def same(found: tuple[object, ...] | None, wanted: list[object]) -> bool:
    return found is not None and list(found) == wanted and [type(v) for v in found] == [
        type(v) for v in wanted
    ]


small_ints = st.integers(min_value=-50, max_value=50)
small_floats = st.floats(min_value=-20, max_value=20, allow_nan=False).map(lambda f: round(f, 3))


@settings(max_examples=200, deadline=None)
@given(start=small_ints, stop=small_ints, step=small_ints.filter(bool))
def test_int_ranges_are_pythons_and_numpys(start: int, stop: int, step: int) -> None:
    for code in (f"range({start}, {stop}, {step})", f"np.arange({start}, {stop}, {step})",
                 f"list(range({stop}))", f"np.arange({stop})"):
        assert same(values(code), expected(code)), code


@settings(max_examples=200, deadline=None)
@given(start=small_floats, stop=small_floats, step=small_floats.filter(lambda s: abs(s) > 0.01))
def test_float_aranges_are_numpys(start: float, stop: float, step: float) -> None:
    code = f"np.arange({start!r}, {stop!r}, {step!r})"
    assert same(values(code), expected(code)), code


@settings(max_examples=200, deadline=None)
@given(start=small_floats | small_ints, stop=small_floats | small_ints,
       num=st.integers(min_value=0, max_value=60))
def test_linspace_and_logspace_are_numpys(start: float, stop: float, num: int) -> None:
    for function in ("linspace", "logspace"):
        code = f"np.{function}({start!r}, {stop!r}, {num})"
        found, wanted = values(code), expected(code)
        assert found is not None and [type(v) for v in found] == [type(v) for v in wanted], code
        if function == "linspace":
            assert list(found) == wanted, code
        else:  # NumPy's power and Python's may differ in the last bit
            assert all(math.isclose(a, b, rel_tol=1e-15) for a, b in zip(found, wanted)), code  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "code",
    [
        "np.arange(n)", "range(1, 10, step=2)", "np.linspace(0, 1, 5, dtype=int)",
        "np.linspace(0, 1, endpoint=False)", "np.logspace(0, 1, 5, base=2)", "np.arange(10**9)",
        "np.random.rand(5)", "sorted(range(3))", "np.arange(0, 1, 0)",
    ],
)
def test_what_is_not_read_is_unknown(code: str) -> None:
    assert values(code) is None


def test_a_rebound_range_is_not_the_builtin() -> None:
    source = (
        "from sklearn.model_selection import GridSearchCV\n"
        "from sklearn.tree import DecisionTreeClassifier\n"
        "from mylib import range\n"
        "GridSearchCV(DecisionTreeClassifier(), {'max_depth': range(0, 3)})\n"
    )
    assert findings(source) == []
