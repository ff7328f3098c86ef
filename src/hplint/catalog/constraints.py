"""scikit-learn's parameter constraints, evaluated on Python literals without scikit-learn.

The catalog stores each entry of an estimator's ``_parameter_constraints`` in a declarative
form (written by generate.py). This module mirrors ``sklearn.utils._param_validation``
for the values hplint sees in source code: ``int``, ``float``, ``complex``, ``str``,
``bytes``, ``bool``, ``None`` and tuples, lists, dicts and sets of them. Any other value, or
a constraint it cannot reason about, is undecidable (None), and undecidable is never
reported.

Constraint forms (``type`` key):

- ``interval``: ``number`` (integral | real | real_not_int), ``left``/``right`` (number or
  null for unbounded), ``closed`` (left | right | both | neither)
- ``options``: ``of`` (type qualname), ``values``, ``deprecated``, ``literals``; values are
  JSON scalars, ``{"float": "inf"}`` for non-finite floats, ``{"repr": ...}`` for others
- ``instance``: ``of`` (type qualname), ``literals`` (names of literal types that are
  instances of it, computed by the generator with ``issubclass``)
- ``none``, ``nan``, ``boolean``, ``random_state``, ``verbose``, ``array-like``,
  ``sparse matrix``, ``callable``, ``cv_object``
- ``has_methods``: ``methods``; ``missing_values``: ``numeric_only``
- ``hidden``: ``constraint`` (accepted, but not described to users)
- ``unknown``: ``repr`` (anything could satisfy it)
"""

from __future__ import annotations

import builtins
import collections.abc
import difflib
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

# The types of values a literal in source can have.
_LITERAL_TYPES: tuple[type, ...] = (
    bool, int, float, complex, str, bytes, type(None), tuple, list, dict, set, frozenset,
)
# Modules whose classes this module may resolve to answer isinstance on its own.
_STDLIB_TYPE_MODULES = {
    "builtins": builtins,
    "numbers": numbers,
    "collections.abc": collections.abc,
}
_RANDOM_STATE_MAX = 2**32 - 1


def _is_literal(value: object) -> bool:
    return type(value) in _LITERAL_TYPES


def _in_interval(constraint: Mapping[str, Any], value: int | float) -> bool:
    """``Interval.__contains__``: None bounds are -inf/+inf, nan is never inside."""
    if isinstance(value, float) and math.isnan(value):
        return False
    closed = constraint["closed"]
    left = -math.inf if constraint["left"] is None else constraint["left"]
    right = math.inf if constraint["right"] is None else constraint["right"]
    if value < left or (value == left and closed not in ("left", "both")):
        return False
    if value > right or (value == right and closed not in ("right", "both")):
        return False
    return True


def _interval(constraint: Mapping[str, Any], value: object) -> bool | None:
    number = constraint["number"]
    if number not in ("integral", "real", "real_not_int"):
        return None
    # Integral and Real include bool, as isinstance(True, numbers.Integral) in scikit-learn;
    # RealNotInt is registered for float only.
    if not isinstance(value, (int, float)):
        return False
    if number == "integral" and not isinstance(value, int):
        return False
    if number == "real_not_int" and not isinstance(value, float):
        return False
    return _in_interval(constraint, value)


def _instance_of(constraint: Mapping[str, Any], value: object) -> bool | None:
    """isinstance(value, <the constraint's type>) for a literal value, or None."""
    literals = constraint.get("literals")
    if literals is not None:
        return type(value).__name__ in literals
    module, _, name = str(constraint.get("of", "")).rpartition(".")
    source = _STDLIB_TYPE_MODULES.get(module)
    cls = getattr(source, name, None) if source is not None else None
    if isinstance(cls, type):
        return isinstance(value, cls)
    return None


def _option_value(encoded: Any) -> tuple[bool, Any]:
    """(True, value) for an option stored as a value; (False, None) for a bare repr."""
    if isinstance(encoded, Mapping):
        if "float" in encoded:
            return True, float(encoded["float"])
        return False, None
    return True, encoded


def _options(constraint: Mapping[str, Any], value: object) -> bool | None:
    is_instance = _instance_of(constraint, value)
    if not is_instance:
        return is_instance
    try:
        hash(value)
    except TypeError:
        return None  # scikit-learn would raise on `value in set`; not ours to judge
    undecidable = False
    for encoded in constraint.get("values", ()):
        known, option = _option_value(encoded)
        if not known:
            undecidable = True
        elif option is value or option == value:  # set membership: identity, then ==
            return True
    return None if undecidable else False


def _array_like(value: object) -> bool:
    # _is_arraylike_not_scalar: has __len__ (or shape/__array__) and is not a numpy scalar;
    # str and bytes are scalars there.
    return hasattr(value, "__len__") and not isinstance(value, (str, bytes))


def _cv_object(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, int) and value >= 2:  # bool is an int below 2
        return True
    if _has_methods(value, ("split", "get_n_splits")):
        return True
    return isinstance(value, collections.abc.Iterable) and not isinstance(value, str)


def _has_methods(value: object, methods: Sequence[str]) -> bool:
    return all(callable(getattr(value, m, None)) for m in methods)


def _missing_values(constraint: Mapping[str, Any], value: object) -> bool:
    if isinstance(value, (int, float)):  # every bool, int, every float, including nan and infinities
        return True
    if not constraint.get("numeric_only", False):
        return isinstance(value, str) or value is None
    return False


def satisfies(constraint: Mapping[str, Any], value: object) -> bool | None:
    """Whether a literal ``value`` satisfies one constraint; None when undecidable."""
    if not _is_literal(value):
        return None
    kind = constraint.get("type")
    if kind == "hidden":
        return satisfies(constraint["constraint"], value)
    if kind == "interval":
        return _interval(constraint, value)
    if kind == "options":
        return _options(constraint, value)
    if kind == "instance":
        return _instance_of(constraint, value)
    if kind == "none":
        return value is None
    if kind == "nan":
        return isinstance(value, float) and math.isnan(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "random_state":
        return value is None or (isinstance(value, int) and 0 <= value <= _RANDOM_STATE_MAX)
    if kind == "verbose":
        return isinstance(value, int) and value >= 0  # bool included, as in scikit-learn
    if kind == "array-like":
        return _array_like(value)
    if kind in ("sparse matrix", "callable"):
        return False  # no literal is a sparse matrix or callable
    if kind == "cv_object":
        return _cv_object(value)
    if kind == "has_methods":
        return _has_methods(value, constraint.get("methods", ()))
    if kind == "missing_values":
        return _missing_values(constraint, value)
    return None


def check(constraints: Sequence[Mapping[str, Any]], value: object) -> bool | None:
    """Whether scikit-learn accepts ``value``: True if any constraint holds, False only
    when every constraint definitely rejects it, else None."""
    undecided = False
    for constraint in constraints:
        verdict = satisfies(constraint, value)
        if verdict is True:
            return True
        undecided = undecided or verdict is None
    return None if undecided else False


# --------------------------------------------------------------------------- messages

_TYPE_PHRASES = {
    "builtins.int": "an int",
    "numbers.Integral": "an int",
    "builtins.float": "a float",
    "numbers.Real": "a float",
    "builtins.bool": "a bool",
    "builtins.str": "a str",
    "builtins.dict": "a dict",
    "builtins.list": "a list",
    "builtins.tuple": "a tuple",
    "builtins.type": "a class",
    "collections.abc.Mapping": "a mapping",
    "collections.abc.MutableMapping": "a mapping",
    "numpy.ndarray": "a numpy array",
}

_FIXED_PHRASES = {
    "none": "None",
    "nan": "nan",
    "boolean": "a bool",
    "random_state": "a random state (None, an int in [0, 2**32 - 1] or a RandomState)",
    "verbose": "a non-negative int or a bool",
    "array-like": "an array-like",
    "sparse matrix": "a sparse matrix",
    "callable": "a callable",
    "cv_object": "a cross-validation scheme (an int >= 2, a splitter, an iterable or None)",
}


def _format_bound(bound: int | float | None, number: str, left: bool) -> str:
    if bound is None:
        return "-inf" if left else "inf"
    return str(int(bound)) if number == "integral" else repr(float(bound))


def _format_option(encoded: Any) -> str:
    if isinstance(encoded, Mapping):
        return str(encoded.get("float", encoded.get("repr", "?")))
    return repr(encoded)


# A list of options longer than this is cut to its first few in messages.
LONG_OPTIONS = 8
_SHOWN_OPTIONS = 5


def long_options(constraints: Sequence[Mapping[str, Any]]) -> bool:
    """Whether ``describe`` cuts a list of options of these constraints."""
    return any(c.get("type") == "options" and len(c.get("values", ())) > LONG_OPTIONS for c in constraints)


def _phrase(constraint: Mapping[str, Any]) -> str:
    kind = constraint.get("type")
    if kind == "interval":
        number = constraint["number"]
        closed = constraint["closed"]
        return "{} in {}{}, {}{}".format(
            "an int" if number == "integral" else "a float",
            # An unbounded side reads as open whatever `closed` says: no literal is infinite.
            "[" if closed in ("left", "both") and constraint["left"] is not None else "(",
            _format_bound(constraint["left"], number, True),
            _format_bound(constraint["right"], number, False),
            "]" if closed in ("right", "both") and constraint["right"] is not None else ")",
        )
    if kind == "options":
        deprecated = constraint.get("deprecated", [])
        values = [v for v in constraint.get("values", []) if v not in deprecated]
        shown = [_format_option(v) for v in values or constraint.get("values", [])]
        if len(shown) > LONG_OPTIONS:
            # Sixty scorer names bury the message: a handful, and how many there are.
            return f"one of {len(shown)} options ({', '.join(shown[:_SHOWN_OPTIONS])}, ...)"
        return shown[0] if len(shown) == 1 else "one of " + ", ".join(shown)
    if kind == "instance":
        of = str(constraint.get("of"))
        return _TYPE_PHRASES.get(of, f"an instance of {of}")
    if kind == "has_methods":
        methods = [repr(m) for m in constraint.get("methods", [])]
        listed = methods[0] if len(methods) == 1 else ", ".join(methods[:-1]) + " and " + methods[-1]
        return f"an object implementing {listed}"
    if kind == "missing_values":
        if constraint.get("numeric_only"):
            return "a missing-value marker (a number or nan)"
        return "a missing-value marker (a number, nan, a str or None)"
    if kind == "unknown":
        return str(constraint.get("repr", "a value of another kind"))
    return _FIXED_PHRASES.get(str(kind), str(kind))


def _or_join(phrases: Sequence[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " or " + phrases[-1]


def describe(constraints: Sequence[Mapping[str, Any]]) -> str:
    """What the constraints accept, as a phrase: "an int in [1, inf) or None"."""
    phrases: list[str] = []
    for constraint in constraints:
        if constraint.get("type") == "hidden":
            continue
        phrase = _phrase(constraint)
        if phrase not in phrases:
            phrases.append(phrase)
    return _or_join(phrases)


def string_options(constraints: Sequence[Mapping[str, Any]]) -> list[str]:
    """The documented (visible, not deprecated) string options, in catalog order."""
    out: list[str] = []
    for c in constraints:
        if c.get("type") == "options" and c.get("of") == "builtins.str":
            deprecated = c.get("deprecated", [])
            out.extend(v for v in c.get("values", []) if isinstance(v, str) and v not in deprecated)
    return out


def suggest(constraints: Sequence[Mapping[str, Any]], value: str) -> str | None:
    """The closest documented string option to a rejected string ``value``, if any."""
    options = string_options(constraints)
    if value in options:
        return None
    matches = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return matches[0] if matches else None
