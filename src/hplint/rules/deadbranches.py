"""Constructions in a branch that never runs (HP101).

A notebook picks one of several set-ups with a name it binds to a literal and tests right
after::

    selected_method = "Standard Scaling"
    if selected_method == "Min-Max Scaling":
        scaler = MinMaxScaler()
    elif selected_method == "Standard Scaling":
        scaler = StandardScaler()
    elif selected_method == "Power Transformation":
        scaler = PowerTransformer(method="yeo-johnson")

Only the ``StandardScaler`` is ever built: the values written in the other branches shape no
model of this code, so they choose nothing here (when the user flips the selector, the
branch it picks is checked like any other code).

A branch is dead when the ``if`` (or ``elif``) test has a value the text fixes: literals
(``if False:``, ``if 0:``), names whose one reaching definition (``model/scopes``: the same
flow-sensitive values the search spaces are read with) is a plain assignment of a literal,
and ``==``, ``!=``, ``in``, ``not in``, ``<``... , ``is``/``is not`` (with ``None``,
``True``, ``False``), ``not``, ``and``, ``or`` over them. Anything else (an attribute, a
call, a parameter, a name two definitions reach, a list changed after it is bound) leaves
the test unknown and both branches live; so does any name in a file with code that may
bind names hplint cannot see (``%run other.py``, ``%store -r``, ``exec``, ``globals()``).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

import libcst as cst

from hplint.model import ModuleFacts
from hplint.model.literals import NOT_LITERAL, literal_value
from hplint.model.scopes import Place, Scopes, module_scopes
from hplint.model.walk import descendants

__all__ = ["never_run"]

# A magic or call that binds names hplint cannot see (``%run other.py``, ``%store -r``,
# ``exec(...)``, ``globals()[...] = ...``).
_BINDS_UNSEEN: Final = re.compile(r"%(?:run|store|load)\b|\b(?:exec|globals|locals|vars)\s*\(")
# A test whose value the text does not fix.
_UNKNOWN: Final = NOT_LITERAL

_OPERATORS: Final[dict[type, Callable[[Any, Any], object]]] = {
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
    cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
    cst.In: lambda left, right: operator.contains(right, left),
    cst.NotIn: lambda left, right: not operator.contains(right, left),
}
# ``is`` is only decided for the singletons, whose identity is their value.
_SINGLETONS: Final = (None, True, False)
# Values no statement can change in place: their uses after the assignment do not matter.
_IMMUTABLE: Final = (str, bytes, int, float, complex, bool, type(None), tuple, frozenset)


def never_run(facts: ModuleFacts) -> frozenset[int]:
    """The ids of the calls (constructions among them) in a branch that never runs."""
    tests = [(statement, names) for statement, names in _if_statements(facts.module.body)]
    if not tests:
        return frozenset()
    scopes: Scopes | None = None
    # Code that may bind any name where hplint cannot see it: only literal tests are known.
    blind = _BINDS_UNSEEN.search(facts.notebook if facts.notebook is not None else facts.text) is not None
    dead: set[int] = set()
    for statement, names in tests:
        if id(statement) in dead:
            continue  # (inside a dead branch already)
        place: Place | None = None
        if names:
            if blind:
                continue
            scopes = scopes if scopes is not None else facts.derived(module_scopes)
            place = scopes.place_of_statement(statement)
            if place is None:
                continue
        lookup = _lookup(scopes, place)
        truth = _truth(statement.test, lookup)
        if truth is None:
            continue
        branch = statement.orelse if truth else statement.body
        if branch is not None:
            dead.update(id(node) for node in descendants(branch) if type(node) is cst.Call or type(node) is cst.If)
    return frozenset(dead)


def _if_statements(body: Sequence[cst.CSTNode]) -> Iterator[tuple[cst.If, set[str]]]:
    """Every ``if`` and ``elif`` in the statements (function and class bodies included),
    outermost first, whose test may be decided: with the names it reads."""
    for statement in body:
        if type(statement) is cst.SimpleStatementLine:
            continue
        if type(statement) is cst.If:
            current: cst.CSTNode | None = statement
            while type(current) is cst.If:
                assert isinstance(current, cst.If)
                names = _decidable_names(current.test)
                if names is not None:
                    yield current, names
                yield from _if_statements(_suite(current.body))
                current = current.orelse
            if type(current) is cst.Else:
                assert isinstance(current, cst.Else)
                yield from _if_statements(_suite(current.body))
            continue
        for name in ("body", "orelse", "handlers", "finalbody", "cases"):
            part = getattr(statement, name, None)
            if part is None:
                continue
            for item in part if isinstance(part, tuple) else (part,):
                if isinstance(item, cst.BaseSuite):
                    yield from _if_statements(_suite(item))
                elif hasattr(item, "body"):
                    yield from _if_statements(_suite(item.body))


def _suite(block: cst.BaseSuite) -> list[cst.CSTNode]:
    return list(block.body) if type(block) is cst.IndentedBlock else []


def _decidable_names(test: cst.BaseExpression) -> set[str] | None:
    """The names a test reads when it has a shape ``_truth`` can decide (None: it cannot)."""
    node_type = type(test)
    if literal_value(test) is not NOT_LITERAL:
        return set()
    if node_type is cst.Name:
        return {test.value}  # type: ignore[attr-defined]
    if node_type is cst.UnaryOperation and type(test.operator) is cst.Not:  # type: ignore[attr-defined]
        return _decidable_names(test.expression)  # type: ignore[attr-defined]
    if node_type is cst.BooleanOperation:
        left = _decidable_names(test.left)  # type: ignore[attr-defined]
        right = _decidable_names(test.right)  # type: ignore[attr-defined]
        # One known side may decide it (``False and x``); the evaluation says.
        if left is None and right is None:
            return None
        return (left or set()) | (right or set())
    if node_type is cst.Comparison:
        assert isinstance(test, cst.Comparison)
        names: set[str] = set()
        for part in (test.left, *(c.comparator for c in test.comparisons)):
            found = _decidable_names(part)
            if found is None:
                return None
            names |= found
        return names
    return None


def _lookup(scopes: Scopes | None, place: Place | None) -> Callable[[str], object]:
    def lookup(name: str) -> object:
        if scopes is None or place is None:
            return _UNKNOWN
        value = scopes.value_of(name, place)
        if value is None or not value.exact:
            return _UNKNOWN
        found = literal_value(value.value)
        if found is NOT_LITERAL:
            return _UNKNOWN
        if value.uses and not isinstance(found, _IMMUTABLE):
            return _UNKNOWN  # (``methods.append(...)`` after ``methods = [...]``)
        return found

    return lookup


def _truth(test: cst.BaseExpression, lookup: Callable[[str], object]) -> bool | None:
    """Whether the test is true, false, or (None) unknown."""
    if type(test) is cst.BooleanOperation:
        assert isinstance(test, cst.BooleanOperation)
        left, right = _truth(test.left, lookup), _truth(test.right, lookup)
        if type(test.operator) is cst.And:
            if left is False or right is False:
                return False
            return True if left is True and right is True else None
        if left is True or right is True:
            return True
        return False if left is False and right is False else None
    if type(test) is cst.UnaryOperation and type(test.operator) is cst.Not:
        assert isinstance(test, cst.UnaryOperation)
        inner = _truth(test.expression, lookup)
        return None if inner is None else not inner
    value = _value(test, lookup)
    if value is _UNKNOWN:
        return None
    try:
        return bool(value)
    except Exception:  # pragma: no cover - literals always have a truth value
        return None


def _value(node: cst.BaseExpression, lookup: Callable[[str], object]) -> object:
    found = literal_value(node)
    if found is not NOT_LITERAL:
        return found
    if type(node) is cst.Name:
        assert isinstance(node, cst.Name)
        return lookup(node.value)
    if type(node) is cst.Comparison:
        assert isinstance(node, cst.Comparison)
        left = _value(node.left, lookup)
        if left is _UNKNOWN:
            return _UNKNOWN
        for comparison in node.comparisons:
            right = _value(comparison.comparator, lookup)
            if right is _UNKNOWN:
                return _UNKNOWN
            outcome = _compare(type(comparison.operator), left, right)
            if outcome is None:
                return _UNKNOWN
            if not outcome:
                return False
            left = right
        return True
    if type(node) is cst.BooleanOperation or type(node) is cst.UnaryOperation and type(node.operator) is cst.Not:
        truth = _truth(node, lookup)
        return _UNKNOWN if truth is None else truth
    return _UNKNOWN


def _compare(kind: type, left: object, right: object) -> bool | None:
    if kind is cst.Is or kind is cst.IsNot:
        if not any(left is s or right is s for s in _SINGLETONS):
            return None  # (two strings may or may not be one object)
        same = left is right  # (a singleton is only ever itself)
        return same if kind is cst.Is else not same
    compare = _OPERATORS.get(kind)
    if compare is None:
        return None
    try:
        return bool(compare(left, right))
    except TypeError:
        return None  # (``"a" < 1``: it would raise; say nothing)
