"""Models whose results the code checks equal to something else (HP101).

A model built to reproduce a result is held to it: scikit-learn's ``LinearRegression(
fit_intercept=False)`` as the reference for a student's closed-form solution, asserted equal
to 1e-12; ``BaggingClassifier(DecisionTreeClassifier(max_features="sqrt"), n_estimators=500)``
shown to predict what the random forest beside it predicts. Its values are fixed by what it
must equal, not chosen, so none of them is reported.

An equality check is

- ``assert a == b``, or ``assert abs(a - b) < tolerance`` (``<=`` too) with a literal
  tolerance below 1e-3;
- a call of numpy's (or its testing module's) comparisons: ``allclose``, ``isclose``,
  ``array_equal``, ``array_equiv``, ``assert_allclose``, ``assert_array_equal``,
  ``assert_array_almost_equal``, ``assert_almost_equal``, ``assert_equal``;
- ``np.all(a == b)`` or ``all(a == b)``, and ``assert (a == b).all()``.

It checks a model when it reads the name the construction is bound to (the value
assigned holds it: ``Model(...).fit(X, y)``, a base estimator inside a bag), or a name
computed from it by assignments (``y_pred_bag = bag.predict(X_test)``), up to three
steps back; each name is the value it had when read (its last assignment at or before the
statement that reads it), so an earlier model bound to the same name is not the one
checked. Both sides of the check are held to each other: the forest a bag of trees
reproduces is the comparison's other half. A score compared with a threshold
(``assert model.score(X, y) > 0.9``), an accuracy computed with ``==``
(``(pred == y).mean()``), and sizes compared (``assert len(y) == len(y_pred)``,
``x.shape[0] == 100``) are no equality checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final, cast

import libcst as cst

from hplint.model import Construction, ModuleFacts
from hplint.model.literals import NOT_LITERAL, literal_value
from hplint.model.walk import descendants, names_in

_CHECK_CALLS: Final = frozenset(
    {
        "allclose", "isclose", "array_equal", "array_equiv", "assert_allclose", "assert_array_equal",
        "assert_array_almost_equal", "assert_almost_equal", "assert_equal",
    }
)  # fmt: skip
_ALL: Final = frozenset({"all"})
_TOLERANCE: Final = 1e-3
_SIZES: Final = frozenset({"shape", "ndim", "size", "dtype", "n_features_in_"})
# How many assignments back from a checked name a model's name may be.
_STEPS: Final = 3
# Cheap filter: a module with none of these words has no equality check.
_MAY_CHECK: Final = re.compile(r"\bassert\b|\ball\s*\(|close\s*\(|_equal\s*\(|_equiv\s*\(")


def reproduced(facts: ModuleFacts, construction: Construction) -> bool:
    """Whether an equality check of the module reads the construction's object."""
    return id(construction.node) in facts.derived(_checked)


@dataclass(frozen=True)
class _Assignment:
    statement: int  # index of the module's top-level statement that holds it
    reads: frozenset[str]
    value: cst.BaseExpression


def _checked(facts: ModuleFacts) -> frozenset[int]:
    """The constructor calls whose objects equality checks read: for each name a check
    reads, the last assignment of it at or before the check's top-level statement, then
    the names that assignment read, up to ``_STEPS`` assignments back."""
    if _MAY_CHECK.search(facts.text) is None:
        return frozenset()
    checks: list[tuple[int, cst.CSTNode]] = [
        (site.statement, site.node) for site in facts.calls if _is_check_call(site.node)
    ]
    bindings: list[tuple[int, cst.Assign]] = []
    for index, small in _small_statements(facts.module.body):
        if type(small) is cst.Assert:
            test = small.test
            if _equality(test) or (type(test) is cst.Call and _is_check_call(test)):
                checks.append((index, test))
        elif type(small) is cst.Assign and len(small.targets) == 1 and type(small.targets[0].target) is cst.Name:
            bindings.append((index, small))
    if not checks:
        return frozenset()
    assignments: dict[str, list[_Assignment]] = {}  # by name, in statement order
    for index, assign in bindings:
        name = cast(cst.Name, assign.targets[0].target).value
        assignments.setdefault(name, []).append(_Assignment(index, frozenset(names_in(assign.value)), assign.value))
    constructions = {id(c.node) for c in facts.constructions}
    found: set[int] = set()
    for index, check in checks:
        wanted = {(name, index) for name in names_in(check)}
        for _ in range(_STEPS + 1):
            reached = [a for name, at in wanted if (a := _last(assignments.get(name, ()), at)) is not None]
            # The object assigned, or a part of it (a base estimator in a bag).
            found.update(id(n) for a in reached for n in descendants(a.value) if id(n) in constructions)
            wanted = {(name, a.statement) for a in reached for name in a.reads}
    return frozenset(found)


def _small_statements(body: Sequence[cst.BaseStatement]) -> Iterator[tuple[int, cst.BaseSmallStatement]]:
    """Every small statement of the module (functions' and blocks' too), with the index of
    the top-level statement that holds it; expressions are not walked."""
    for index, top in enumerate(body):
        stack: list[cst.CSTNode] = [top]
        while stack:
            statement = stack.pop()
            if type(statement) in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
                for small in statement.body:  # type: ignore[attr-defined]
                    yield index, small
                continue
            for part in ("body", "orelse", "handlers", "finalbody"):
                value = getattr(statement, part, None)
                for item in value if isinstance(value, tuple) else (value,):
                    if type(item) is cst.IndentedBlock:
                        stack.extend(reversed(item.body))
                    elif isinstance(item, cst.CSTNode) and not isinstance(item, cst.BaseExpression):
                        stack.append(item)


def _last(assignments: Sequence[_Assignment], statement: int) -> _Assignment | None:
    """The last of ``assignments`` at or before top-level statement ``statement``."""
    return next((a for a in reversed(assignments) if a.statement <= statement), None)


def _is_check_call(node: cst.Call) -> bool:
    """A call that checks equality (see the module's docstring)."""
    func = node.func
    last = func.value if type(func) is cst.Name else func.attr.value if type(func) is cst.Attribute else None
    if last in _CHECK_CALLS:
        return True
    if last in _ALL:
        # ``np.all(a == b)``, ``all(a == b)``; ``(a == b).all()`` (asserted)
        if node.args:
            return _is_equal(node.args[0].value)
        return type(func) is cst.Attribute and _is_equal(func.value)
    return False


def _equality(test: cst.BaseExpression) -> bool:
    """``a == b``, or ``abs(a - b) < tolerance`` with a small literal tolerance."""
    if _is_equal(test):
        return True
    if type(test) is not cst.Comparison or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    if type(target.operator) not in (cst.LessThan, cst.LessThanEqual):
        return False
    left = test.left
    tolerance = literal_value(target.comparator)
    return (
        type(left) is cst.Call and type(left.func) is cst.Name and left.func.value == "abs"
        and isinstance(tolerance, (int, float)) and not isinstance(tolerance, bool) and 0 <= tolerance < _TOLERANCE
    )  # fmt: skip


def _is_equal(node: cst.BaseExpression) -> bool:
    """``a == b`` of two results: not a literal, a length or a shape on either side
    (``len(y) == len(y_pred)`` checks sizes, not results)."""
    if type(node) is not cst.Comparison or len(node.comparisons) != 1:
        return False
    if type(node.comparisons[0].operator) is not cst.Equal:
        return False
    return not any(_describes(side) for side in (node.left, node.comparisons[0].comparator))


def _describes(side: cst.BaseExpression) -> bool:
    """A literal, or a size or a shape (``len(x)``, ``x.shape``, ``x.shape[0]``, ``x.ndim``)."""
    if literal_value(side) is not NOT_LITERAL:
        return True
    if type(side) is cst.Subscript:
        side = side.value
    if type(side) is cst.Attribute:
        return side.attr.value in _SIZES
    return type(side) is cst.Call and type(side.func) is cst.Name and side.func.value == "len"
