"""The values of ranges written as calls: ``range(1, 10)``, ``np.arange(0.1, 1.1, 0.1)``,
``np.linspace(2, 10, 5)``, ``np.logspace(-3, 3, 7)``, and ``list(...)``/``tuple(...)`` of
them, computed as Python and NumPy compute them, without running any code.

Only literal arguments are read; anything else (a name, a ``dtype``, a keyword this module
does not know) is unknown. The values keep NumPy's types where they matter to a parameter's
constraints: ``np.arange`` of integers gives integers, of any float gives floats;
``np.linspace`` and ``np.logspace`` always give floats (as NumPy does without a ``dtype``),
so ``np.linspace(2, 10, 5)`` as ``max_depth`` candidates is a list of floats, which
scikit-learn rejects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Final

import libcst as cst

from hplint.model.literals import literal_value
from hplint.model.names import Resolver

__all__ = ["sequence_values"]

# The most values computed for one call: a search over more is not written by hand.
_MAX_VALUES: Final = 10_000

def sequence_values(call: cst.BaseExpression, resolver: Resolver) -> tuple[object, ...] | None:
    """The values a range-like call yields, or None when they are not known."""
    if type(call) is not cst.Call:
        return None
    assert isinstance(call, cst.Call)
    func = call.func
    if type(func) is cst.Name:
        assert isinstance(func, cst.Name)
        builtin = func.value if not resolver.bindings.is_bound(func.value) else None
        if builtin in ("list", "tuple"):
            if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
                return None
            return sequence_values(call.args[0].value, resolver)
        if builtin != "range" or any(arg.keyword is not None for arg in call.args):
            return None  # (range takes no keywords)
        qualname: str | None = "range"
    else:
        qualname = resolver.resolve(func)
    compute = _FUNCTIONS.get(qualname or "")
    if compute is None:
        return None
    arguments = _arguments(call, _SIGNATURES[qualname or ""])
    if arguments is None:
        return None
    try:
        return compute(arguments)
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


def _arguments(call: cst.Call, names: Sequence[str]) -> dict[str, int | float] | None:
    """The literal numbers given for ``names`` (positional or by keyword); None if any
    argument is something else."""
    found: dict[str, int | float] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if index >= len(names):
                return None
            name = names[index]
        else:
            name = arg.keyword.value
            if name not in names:
                return None  # dtype=, base=, endpoint=...: not followed
        value = literal_value(arg.value)
        if type(value) is not int and type(value) is not float:
            return None
        assert isinstance(value, (int, float))
        found[name] = value
    return found


def _bounds(arguments: Mapping[str, int | float]) -> tuple[int | float, int | float, int | float] | None:
    """``(start, stop, step)`` of ``range``/``np.arange``, one argument being the stop."""
    if "stop" in arguments:
        start, stop = arguments.get("start", 0), arguments["stop"]
    elif "start" in arguments:
        start, stop = 0, arguments["start"]
    else:
        return None
    return start, stop, arguments.get("step", 1)


def _range(arguments: Mapping[str, int | float]) -> tuple[object, ...] | None:
    bounds = _bounds(arguments)
    if bounds is None or not all(type(v) is int for v in bounds):
        return None
    start, stop, step = (int(v) for v in bounds)
    found = range(start, stop, step)
    return tuple(found) if len(found) <= _MAX_VALUES else None


def _arange(arguments: Mapping[str, int | float]) -> tuple[object, ...] | None:
    bounds = _bounds(arguments)
    if bounds is None:
        return None
    if all(type(v) is int for v in bounds):
        return _range(arguments)
    start, stop, step = (float(v) for v in bounds)
    length = math.ceil((stop - start) / step)
    if length > _MAX_VALUES:
        return None
    # NumPy writes start and start + step, then fills the rest from their difference.
    second = start + step
    delta = second - start
    values = [start + i * delta for i in range(max(length, 0))]
    if length > 1:
        values[1] = second
    return tuple(values)


def _linspace(arguments: Mapping[str, int | float]) -> tuple[float, ...] | None:
    if "start" not in arguments or "stop" not in arguments:
        return None
    num = arguments.get("num", 50)
    if type(num) is not int or num < 0 or num > _MAX_VALUES:
        return None
    start, stop = float(arguments["start"]), float(arguments["stop"])
    if num <= 1:
        return (start,) * num
    step = (stop - start) / (num - 1)
    # As NumPy computes it: i * step + start, and the last value set to stop.
    values = [i * step + start for i in range(num)]
    values[-1] = stop
    return tuple(values)


def _logspace(arguments: Mapping[str, int | float]) -> tuple[object, ...] | None:
    exponents = _linspace(arguments)
    return None if exponents is None else tuple(10.0**e for e in exponents)


_SIGNATURES: Final[Mapping[str, Sequence[str]]] = {
    "range": ("start", "stop", "step"),
    "numpy.arange": ("start", "stop", "step"),
    "numpy.linspace": ("start", "stop", "num"),
    "numpy.logspace": ("start", "stop", "num"),
}

_FUNCTIONS: Final[Mapping[str, Callable[[Mapping[str, int | float]], tuple[object, ...] | None]]] = {
    "range": _range,
    "numpy.arange": _arange,
    "numpy.linspace": _linspace,
    "numpy.logspace": _logspace,
}
