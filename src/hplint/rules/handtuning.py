"""Tuning by hand, without a search (HP101's evidence).

- **Values tried in turn.** The same class constructed several times in the file (separate
  statements, separate cells) with different values of a parameter: that parameter was
  explored for that class. A parameter left out counts as its default, so that
  ``KNeighborsClassifier(weights="distance")`` next to ``KNeighborsClassifier()`` explores
  ``weights``; this also covers two hand-written sweeps that differ in one argument. Only
  constructions that set some hyperparameter take part (a bare ``Model()`` is a search's
  template or a first try, not a value tried); neither do seeds and other non-model
  arguments.
- **A search space written out.** A dict assigned to a name that says it is one
  (``param_grid``, ``grid``, ``search_space``, ``param_dist`` ...) whose values include a
  candidate list: its keys were searched, even when the search itself is commented out
  after it ran, or runs in a helper hplint cannot follow (``get_model(rfc, parameters)``
  is not caught by name; ``param_grid_gbr = {"max_depth": [4, 5, 6]}`` is).
- **Models compared in a loop.** The constructions of a list, tuple or dict that a ``for``
  loop iterates (written in the loop header, or a name bound to the display; its items
  may be names bound to constructions) and whose body calls something with the loop
  variable (``model.fit``, ``cross_val_score(model, ...)``): the loop compares hand-written
  configurations, as a search over candidate estimators does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

import libcst as cst

from hplint.catalog import Parameter
from hplint.model import Construction, ModuleFacts
from hplint.model.literals import NOT_LITERAL, code, literal_value
from hplint.model.walk import descendants, names_in
from hplint.projecttuning import SPACE_NAME


@dataclass
class HandTuning:
    # (class qualname, parameter) given different values by constructions of that class.
    classes: set[tuple[str, str]] = field(default_factory=set)
    # Constructor calls compared in a loop (id of the call node).
    compared: set[int] = field(default_factory=set)


def hand_tuning(facts: ModuleFacts, related: Sequence[Construction]) -> HandTuning:
    """What ``facts``' file tunes by hand, among the constructions ``related``."""
    found = HandTuning(classes=_varied(related))
    if any(type(s) in _LOOP_HOLDERS for s in facts.module.body):
        found.compared = _compared(facts.module, related)
    return found


# -- values tried in turn ---------------------------------------------------------------------

_ABSENT: Final = object()


def _varied(constructions: Sequence[Construction]) -> set[tuple[str, str]]:
    # (values given, whether the call has ``**kwargs``) by class.
    by_class: dict[str, list[tuple[dict[str, object], bool]]] = {}
    for construction in constructions:
        arguments = construction.arguments
        # A bare ``Model(random_state=0)`` (a search's template, a first try) sets nothing
        # by hand: its defaults say nothing about what was explored.
        if any(a.parameter is not None and a.parameter.role != "non-model" for a in arguments):
            expanded = any(a.expanded for a in arguments)
            by_class.setdefault(construction.estimator.qualname, []).append(
                (_values(construction), expanded)
            )
    varied: set[tuple[str, str]] = set()
    for qualname, group in by_class.items():
        parameters = next(c for c in constructions if c.estimator.qualname == qualname).estimator.parameters
        # Literal values written out that differ (``**common`` beside them hides only the
        # parameters it sets).
        written: dict[str, set[object]] = {}
        for given, _ in group:
            for name, value in given.items():
                if type(value) is not _Unknown:
                    written.setdefault(name, set()).add(value)
        varied.update((qualname, name) for name, seen in written.items() if len(seen) > 1)
        # Two constructions that differ in one parameter, one of them leaving it at its
        # default (``KNN(n_neighbors=k)`` and ``KNN(n_neighbors=k, weights="distance")``);
        # not when ``**kwargs`` may set what looks left out.
        complete = [given for given, expanded in group if not expanded]
        if len(complete) > _MOST_COMPARED:
            continue
        for index, first in enumerate(complete):
            for second in complete[index + 1 :]:
                differ = [
                    name
                    for name in first.keys() | second.keys()
                    if first.get(name, _default_key(parameters[name]))
                    != second.get(name, _default_key(parameters[name]))
                ]
                if len(differ) == 1:
                    varied.add((qualname, differ[0]))
    return varied


# Pairs are compared within a class of at most this many constructions (quadratic).
_MOST_COMPARED: Final = 40


class _Unknown:
    """A value that is not a literal: equal only to the same expression written again."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return type(other) is _Unknown and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _values(construction: Construction) -> dict[str, object]:
    """Each parameter the construction gives: a comparable key of its literal value."""
    values: dict[str, object] = {}
    for argument in construction.arguments:
        if argument.parameter is None or argument.duplicate:
            continue
        value = literal_value(argument.node.value)
        values[argument.parameter.name] = (
            _Unknown(code(argument.node.value)) if value is NOT_LITERAL else _key(value)
        )
    return values


def _default_key(parameter: Parameter) -> object:
    if not parameter.has_default or parameter.default_repr is not None:
        return _ABSENT  # a default hplint cannot compare: it differs from every literal
    return _key(parameter.default)


def _key(value: object) -> object:
    """A hashable key under which equal literals (``1`` and ``1.0``) fall together."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, (int, float)):
        return ("number", float(value))
    if isinstance(value, (list, tuple)):
        return ("sequence", tuple(_key(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), repr(_key(v))) for k, v in value.items())))
    return ("other", repr(value))


# -- models compared in a loop ----------------------------------------------------------------

# Top-level statements that may hold a loop (the walk below visits statements only).
_LOOP_HOLDERS: Final = frozenset(
    {cst.For, cst.While, cst.If, cst.With, cst.Try, cst.FunctionDef, cst.ClassDef}
)
_DISPLAYS: Final = (cst.List, cst.Tuple, cst.Dict, cst.Set)
_ITERATORS: Final = frozenset({"zip", "enumerate"})


def _compared(module: cst.Module, related: Sequence[Construction]) -> set[int]:
    by_id = {id(c.node) for c in related}
    statements = list(_statements(module.body))
    # Names bound (anywhere, by a plain assignment) to a display or a construction.
    bound: dict[str, list[cst.BaseExpression]] = {}
    for statement in statements:
        if type(statement) is cst.SimpleStatementLine:
            for small in statement.body:
                if type(small) is cst.Assign:
                    for target in small.targets:
                        if type(target.target) is cst.Name:
                            bound.setdefault(target.target.value, []).append(small.value)
    compared: set[int] = set()
    for loop in statements:
        if type(loop) is not cst.For:
            continue
        candidates = [
            id(call) for call in _constructed(_collection(loop.iter, bound), bound) if id(call) in by_id
        ]
        if len(candidates) >= 2 and _uses(loop, set(names_in(loop.target))):
            compared.update(candidates)
    return compared


def _statements(body: Sequence[cst.BaseStatement]) -> Iterator[cst.BaseStatement]:
    """Every statement in ``body`` and in the blocks of its compound statements."""
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        if type(statement) is not cst.SimpleStatementLine:
            stack.extend(reversed(list(_blocks(statement))))


def _blocks(statement: cst.BaseStatement) -> Iterator[cst.BaseStatement]:
    """The statements directly inside a compound statement's blocks, in order."""
    parts: list[object] = [getattr(statement, "body", None)]
    parts += [h.body for h in getattr(statement, "handlers", ())]
    orelse = getattr(statement, "orelse", None)
    if type(orelse) is cst.If:
        yield from _blocks_of(parts)
        yield orelse
        return
    parts.append(getattr(orelse, "body", None))
    parts.append(getattr(getattr(statement, "finalbody", None), "body", None))
    yield from _blocks_of(parts)


def _blocks_of(parts: Iterable[object]) -> Iterator[cst.BaseStatement]:
    for part in parts:
        if type(part) is cst.IndentedBlock:
            yield from part.body


def _collection(expr: cst.BaseExpression, bound: dict[str, list[cst.BaseExpression]]) -> list[cst.BaseExpression]:
    """The items of the display a loop iterates: written there, or a name bound to one
    (``.items()`` / ``.values()`` of a dict too; each sequence of ``zip(...)`` and
    ``enumerate(...)``)."""
    if type(expr) is cst.Call and type(expr.func) is cst.Name and expr.func.value in _ITERATORS:
        return [item for arg in expr.args for item in _collection(arg.value, bound)]
    if type(expr) is cst.Call and type(expr.func) is cst.Attribute and not expr.args:
        if expr.func.attr.value in ("items", "values"):
            expr = expr.func.value
    if type(expr) is cst.Name:
        values = [v for v in bound.get(expr.value, ()) if isinstance(v, _DISPLAYS)]
        if len(values) != 1:
            return []
        expr = values[0]
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return [e.value for e in expr.elements]
    if type(expr) is cst.Dict:
        return [e.value for e in expr.elements if type(e) is cst.DictElement]
    return []


def _constructed(
    items: Iterable[cst.BaseExpression], bound: dict[str, list[cst.BaseExpression]]
) -> Iterator[cst.Call]:
    """The constructor calls among ``items``: a call, a name bound to one call, or either
    inside a ``(name, model)`` tuple."""
    for item in items:
        if isinstance(item, (cst.Tuple, cst.List)):
            yield from _constructed((e.value for e in item.elements), bound)
        elif type(item) is cst.Call:
            yield item
        elif type(item) is cst.Name:
            values = bound.get(item.value, ())
            if len(values) == 1 and type(values[0]) is cst.Call:
                yield values[0]


def _uses(loop: cst.For, targets: set[str]) -> bool:
    """Whether the loop's body calls something with one of its ``targets``."""
    return any(
        type(node) is cst.Call and not targets.isdisjoint(names_in(node))
        for node in descendants(loop.body)
    )


# -- search spaces written out ---------------------------------------------------------------

_SPACE_NAME: Final = SPACE_NAME  # one table: files without catalogued imports are read for it
_CANDIDATES: Final = (cst.List, cst.Tuple, cst.Set)


def named_spaces(module: cst.Module) -> set[str]:
    """The parameter names (last ``__`` part) of the search spaces written out in the module
    as dicts of candidates assigned to a name that says so."""
    names: set[str] = set()
    for statement in _statements(module.body):
        if type(statement) is not cst.SimpleStatementLine:
            continue
        for small in statement.body:
            if type(small) is not cst.Assign or type(small.value) is not cst.Dict:
                continue
            if not any(
                type(t.target) is cst.Name and _SPACE_NAME.search(t.target.value) for t in small.targets
            ):
                continue
            elements = [e for e in small.value.elements if type(e) is cst.DictElement]
            if not any(_is_candidates(e.value) for e in elements):
                continue
            for element in elements:
                key = literal_value(element.key)
                if isinstance(key, str):
                    names.add(key.rpartition("__")[2])
    return names


def _is_candidates(value: cst.BaseExpression) -> bool:
    """A list of two or more candidates, or a call that makes one (``range``, ``np.arange``)."""
    if isinstance(value, _CANDIDATES):
        return len(value.elements) >= 2
    return type(value) is cst.Call or isinstance(value, (cst.ListComp, cst.GeneratorExp))
