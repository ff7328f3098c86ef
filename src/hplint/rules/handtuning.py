"""Tuning by hand, without a search (HP101's evidence).

- **Values tried in turn.** The same class constructed several times in the file (separate
  statements, separate cells) with different values of a parameter: that parameter was
  explored for that class. A parameter left out counts as its default, so that
  ``KNeighborsClassifier(weights="distance")`` next to ``KNeighborsClassifier()`` explores
  ``weights``, and ``DecisionTreeClassifier(max_depth=3)`` after a default
  ``DecisionTreeClassifier()`` explores ``max_depth`` ("improve the model: limit the
  depth"); this also covers two hand-written sweeps that differ in one argument. Seeds and
  other non-model arguments, and convergence settings (``max_iter``, ``tol``), may differ
  between the two. A bare ``Model()`` that is a search's template, part of another
  estimator, or one of a list of candidate models takes no part: it tries nothing. A
  construction nested in another (a base estimator, a voter)
  is compared with nested ones only: AdaBoost's ``DecisionTreeClassifier(max_depth=1)`` is
  no try against a standalone default tree.
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

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import libcst as cst

from hplint.catalog import Parameter
from hplint.model import Construction, ModuleFacts
from hplint.model.literals import NOT_LITERAL, code, literal_value
from hplint.model.walk import descendants, names_in
from hplint.projecttuning import RESULT_NAME, SPACE_NAME  # one table: files without catalogued imports are read for them


@dataclass
class HandTuning:
    # (class qualname, parameter) given different values by constructions of that class.
    classes: set[tuple[str, str]] = field(default_factory=set)
    # Constructor calls compared in a loop (id of the call node).
    compared: set[int] = field(default_factory=set)


def hand_tuning(facts: ModuleFacts, related: Sequence[Construction]) -> HandTuning:
    """What ``facts``' file tunes by hand, among the constructions ``related``."""
    found = HandTuning(classes=_varied(related, _places(facts, related)))
    if any(type(s) in _LOOP_HOLDERS for s in facts.module.body):
        found.compared = _compared(facts.module, related)
    return found


def varied_with(facts: ModuleFacts, live: Sequence[Construction], more: Sequence[Construction]) -> set[tuple[str, str]]:
    """(class, parameter) that values tried in turn explore when ``more``, constructions
    outside the module's code (commented out, in a notebook cell that does not parse), are
    tried beside the ``live`` ones of their classes."""
    return _varied([*live, *more], _places(facts, live))


# -- values tried in turn ---------------------------------------------------------------------

_ABSENT: Final = object()
# Settings that only say when an optimiser stops, not what it fits: they may differ between
# two tries of one parameter (other settings, a vectorizer's token_pattern, change the fit).
_CONVERGENCE: Final = frozenset({"max_iter", "tol", "max_fun"})


@dataclass(frozen=True)
class _Places:
    """Where the constructions of a file stand (ids of their calls)."""

    # Under a search call's arguments: a template.
    searched: frozenset[int]
    # Under another construction's arguments: a base estimator, a step, a voter.
    nested: frozenset[int]
    # Inside a list, tuple, set or dict display: one of several candidates, often of
    # different classes, each in its default configuration.
    listed: frozenset[int]


def _places(facts: ModuleFacts, related: Sequence[Construction]) -> _Places:
    statements = {c.site.statement for c in related}
    searched = {
        id(node)
        for search in facts.search_spaces.found
        for node in descendants(search.call)
        if type(node) is cst.Call
    }
    nested: set[int] = set()
    for construction in facts.constructions:
        if construction.site.statement in statements:
            for arg in construction.node.args:
                nested.update(id(n) for n in descendants(arg.value) if type(n) is cst.Call)
    listed: set[int] = set()
    for index in statements:
        for node in descendants(facts.module.body[index]):
            if isinstance(node, _DISPLAYS):
                listed.update(id(n) for n in descendants(node) if type(n) is cst.Call)
    return _Places(frozenset(searched), frozenset(nested), frozenset(listed))


def _varied(constructions: Sequence[Construction], places: _Places) -> set[tuple[str, str]]:
    # (values given, whether what the call leaves out is unknown) by class, and by whether
    # the construction is nested in another (a base estimator is compared with base
    # estimators: AdaBoost's stump is no try of a standalone default tree).
    by_class: dict[tuple[str, bool], list[tuple[dict[str, object], bool]]] = {}
    for construction in constructions:
        arguments = construction.arguments
        node = id(construction.node)
        sets = any(a.parameter is not None and a.parameter.role != "non-model" for a in arguments)
        # A bare ``Model()`` is a try of the defaults, which a later ``Model(max_depth=3)``
        # changes in one parameter; not when it is a search's template, another estimator's
        # part, or one of a list of candidate models: there it says nothing about what was
        # explored.
        if sets or node not in places.searched | places.nested | places.listed:
            # ``**kwargs``, a positional argument past the parameters or a parameter given
            # twice: what the call leaves at its default is not known. (An unknown keyword,
            # a removed parameter such as NMF's ``alpha``, is compared as written.)
            unknown = any(
                a.expanded or a.duplicate or (a.parameter is None and a.node.keyword is None)
                for a in arguments
            )
            key = (construction.estimator.qualname, node in places.nested)
            by_class.setdefault(key, []).append((_values(construction), unknown))
    varied: set[tuple[str, str]] = set()
    # Literal values written out that differ, wherever they are (``**common`` beside them
    # hides only the parameters it sets).
    written: dict[tuple[str, str], set[object]] = {}
    for (qualname, _), group in by_class.items():
        for given, _ in group:
            for name, value in given.items():
                if type(value) is not _Unknown:
                    written.setdefault((qualname, name), set()).add(value)
    varied.update(key for key, seen in written.items() if len(seen) > 1)
    for (qualname, _), group in by_class.items():
        parameters = next(c for c in constructions if c.estimator.qualname == qualname).estimator.parameters
        # Two constructions that differ in one parameter, one of them leaving it at its
        # default (``KNN(n_neighbors=k)`` and ``KNN(n_neighbors=k, weights="distance")``,
        # ``Tree()`` and ``Tree(max_depth=3)``); not when ``**kwargs`` may set what looks
        # left out.
        complete = [given for given, unknown in group if not unknown]
        varied.update((qualname, name) for name in _one_apart(complete, parameters))
    return varied


def _one_apart(group: Sequence[dict[str, object]], parameters: Mapping[str, Parameter]) -> set[str]:
    """The parameters in which two of ``group`` differ, and in nothing else (a parameter left
    out counts as its default). Linear in the group: constructions are bucketed by their
    values of every other parameter, so a sweep written out as fifty statements costs no
    more than fifty (pairs of them would)."""
    # Seeds and other non-model arguments may differ between tries, and so may convergence
    # settings: the default MLP given max_iter=1000 to converge, tried against
    # solver="lbfgs", is a try of the solver.
    names = sorted({name for given in group for name in given if _tried(name, parameters)})
    if not names:
        return set()
    defaults = [
        _ABSENT if name.startswith(_UNKNOWN_KEYWORD) else _default_key(parameters[name]) for name in names
    ]
    rows = [tuple(given.get(name, default) for name, default in zip(names, defaults)) for given in group]
    found: set[str] = set()
    for index, name in enumerate(names):
        seen: dict[tuple[object, ...], object] = {}
        for row in rows:
            rest = row[:index] + row[index + 1 :]
            first = seen.setdefault(rest, row[index])
            if first != row[index]:
                found.add(name)
                break
    return found


def _tried(name: str, parameters: Mapping[str, Parameter]) -> bool:
    """Whether two tries must agree on parameter ``name`` to be tries of another one."""
    if name.startswith(_UNKNOWN_KEYWORD):
        return True
    role = parameters[name].role
    return role != "non-model" and not (role == "setting" and name in _CONVERGENCE)


class _Unknown:
    """A value that is not a literal: equal only to the same expression written again."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return type(other) is _Unknown and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _values(construction: Construction) -> dict[str, object]:
    """Each parameter the construction gives: a comparable key of its literal value. An
    unknown keyword counts under its own name (``_UNKNOWN_KEYWORD``-prefixed)."""
    values: dict[str, object] = {}
    for argument in construction.arguments:
        if argument.duplicate or argument.expanded:
            continue
        if argument.parameter is not None:
            name = argument.parameter.name
        elif argument.node.keyword is not None:
            name = _UNKNOWN_KEYWORD + argument.node.keyword.value
        else:
            continue
        value = literal_value(argument.node.value)
        values[name] = _Unknown(code(argument.node.value)) if value is NOT_LITERAL else _comparable(value)
    return values


# Prefixes the name of a keyword the class does not know (no parameter is spelled so).
_UNKNOWN_KEYWORD: Final = "?"


def _default_key(parameter: Parameter) -> object:
    if not parameter.has_default or parameter.default_repr is not None:
        return _ABSENT  # a default hplint cannot compare: it differs from every literal
    return _comparable(parameter.default)


def _comparable(value: object) -> object:
    """A hashable key under which equal literals (``1`` and ``1.0``) fall together."""
    if value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, (int, float)):  # ``True`` is ``1``, as Python compares them
        return ("number", float(value))
    if isinstance(value, (list, tuple)):
        return ("sequence", tuple(_comparable(item) for item in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), repr(_comparable(v))) for k, v in value.items())))
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

_CANDIDATES: Final = (cst.List, cst.Tuple, cst.Set)


def named_spaces(module: cst.Module, read: Container[int] = frozenset()) -> set[str]:
    """The parameter names (last ``__`` part) of the search spaces written out in the module
    as dicts of candidates assigned to a name that says so, but those a search of the module
    reads (``read``: the ids of the keys it read), whose keys tune the class it searches
    (a ``param_grid`` over a forest's ``n_estimators`` tunes no booster's)."""
    return {
        key
        for target, elements in _named_dicts(module)
        if SPACE_NAME.search(target) and any(_is_candidates(e.value) for e in elements)
        and not any(id(e.key) in read for e in elements)
        for key in _keys(elements)
    }


def path_spaces(module: cst.Module) -> set[str]:
    """The parameter names (last ``__`` part) of the grids written out under any name whose
    pipeline path is given candidates (``{"model__C": [0.1, 1, 10]}``: ``set_params`` takes
    one value per path, a search several), and of such a path set on a name by subscript
    (``parameters["imputer__strategy"] = ["mean", "median"]``): a grid a helper builds for a
    search in another function or file. One walk of the statements."""
    found: set[str] = set()
    for statement in _statements(module.body):
        if type(statement) is not cst.SimpleStatementLine:
            continue
        for small in statement.body:
            if type(small) is not cst.Assign:
                continue
            assert isinstance(small, cst.Assign)
            target = small.targets[0].target if len(small.targets) == 1 else None
            if isinstance(target, cst.Subscript) and len(target.slice) == 1:
                index = target.slice[0].slice
                if isinstance(index, cst.Index) and _path_given_candidates(index.value, small.value):
                    found.update(_keys([cst.DictElement(index.value, small.value)]))
                continue
            value = small.value
            items = [e.value for e in value.elements] if isinstance(value, (cst.List, cst.Tuple)) else [value]
            for item in items:
                elements = _dict_elements(item)
                if elements and any(_path_given_candidates(e.key, e.value) for e in elements):
                    found.update(_keys(elements))
    return found


def path_keys(dicts: Iterable[cst.Dict]) -> set[str]:
    """The parameter names (last ``__`` part) of the dict displays, wherever they are written
    (a keyword of a call: ``ModelSpec(param_grid=[{"model__alpha": [1e-4, 1e-3]}])``), one
    of whose pipeline paths is given candidates, as ``path_spaces`` reads assigned ones."""
    found: set[str] = set()
    for node in dicts:
        elements = [e for e in node.elements if isinstance(e, cst.DictElement)]
        if elements and any(_path_given_candidates(e.key, e.value) for e in elements):
            found.update(_keys(elements))
    return found


# Calls that make a list of candidates for a pipeline path (``np.logspace(-3, 3, 7)``).
_CANDIDATE_MAKERS: Final = frozenset({"range", "arange", "linspace", "logspace", "geomspace"})


def _path_given_candidates(key: cst.BaseExpression, value: cst.BaseExpression) -> bool:
    """Whether ``key`` is a pipeline path (``"model__C"``) and ``value`` a list of two or
    more candidates written out or made by ``range``/``np.logspace``...."""
    path = literal_value(key)
    if not isinstance(path, str) or "__" not in path.strip("_"):
        return False
    if isinstance(value, _CANDIDATES):
        return len(value.elements) >= 2
    if isinstance(value, cst.Call):
        func = value.func
        name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
        return name in _CANDIDATE_MAKERS
    return False


def pasted_results(module: cst.Module) -> set[str]:
    """The parameter names of the dicts of values a name says a search found
    (``best_parameters = {"C": 0.1, "penalty": "l1"}``: a search's output pasted in, whose
    values the model below repeats). Which search, on which class, the dict does not say."""
    return {key for target, elements in _named_dicts(module) if RESULT_NAME.search(target) for key in _keys(elements)}


def _named_dicts(module: cst.Module) -> Iterator[tuple[str, list[cst.DictElement]]]:
    """(name, elements) of every dict display assigned to a name, and of every
    ``dict(key=value, ...)`` (its keywords as the elements); each dict of a list or tuple
    of them counts alone (``param_grid = [{...}, {...}]``, the grids a search takes)."""
    for statement in _statements(module.body):
        if type(statement) is not cst.SimpleStatementLine:
            continue
        for small in statement.body:
            if type(small) is not cst.Assign:
                continue
            value = small.value
            if type(value) in (cst.List, cst.Tuple):
                items = [element.value for element in value.elements]  # type: ignore[attr-defined]
                dicts = [found for item in items if (found := _dict_elements(item)) is not None]
                if not items or len(dicts) != len(items):
                    continue
            else:
                found = _dict_elements(value)
                if found is None:
                    continue
                dicts = [found]
            for target in small.targets:
                if type(target.target) is cst.Name:
                    for elements in dicts:
                        yield target.target.value, elements


def _dict_elements(value: cst.BaseExpression) -> list[cst.DictElement] | None:
    """The elements of a dict display, or of ``dict(key=value, ...)`` (its keywords); None
    for anything else."""
    if type(value) is cst.Dict:
        return [e for e in value.elements if type(e) is cst.DictElement]
    if type(value) is cst.Call and type(value.func) is cst.Name and value.func.value == "dict":
        return [
            cst.DictElement(cst.SimpleString(repr(arg.keyword.value)), arg.value)
            for arg in value.args
            if arg.keyword is not None
        ]
    return None


def _keys(elements: Iterable[cst.DictElement]) -> Iterator[str]:
    for element in elements:
        key = literal_value(element.key)
        if isinstance(key, str):
            yield key.rpartition("__")[2]


def _is_candidates(value: cst.BaseExpression) -> bool:
    """A list of two or more candidates, or a call that makes one (``range``, ``np.arange``)."""
    if isinstance(value, _CANDIDATES):
        return len(value.elements) >= 2
    return type(value) is cst.Call or isinstance(value, (cst.ListComp, cst.GeneratorExp))
