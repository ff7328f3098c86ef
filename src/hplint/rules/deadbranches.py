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

import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

import libcst as cst

from hplint.model import ModuleFacts
from hplint.model.literals import NOT_LITERAL, literal_value
from hplint.model.scopes import Place, Scopes, module_scopes
from hplint.model.walk import descendants, every_descendant, leaf_names, names_in

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
    """The ids of the calls (constructions among them) in a branch that never runs, in a
    notebook's function that is never called, or in an entry of a notebook function's dict
    that no call selects."""
    tests = [(statement, names) for statement, names in _if_statements(facts.module.body)]
    # Code that may bind any name where hplint cannot see it: only literal tests are known.
    blind = _BINDS_UNSEEN.search(facts.notebook if facts.notebook is not None else facts.text) is not None
    calls = _CallValues(facts) if facts.notebook is not None and not blind else None
    dead: set[int] = set(_replaced_functions(facts))
    if calls is not None:
        for function in calls.never_called:
            dead.update(id(node) for node in descendants(function.body) if type(node) is cst.Call or type(node) is cst.If)
        dead.update(calls.unselected_entries())
    if not tests:
        return frozenset(dead)
    scopes: Scopes | None = None
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
        enclosing = scopes.function_at(place) if scopes is not None and place is not None else None
        given = calls.values.get(id(enclosing), {}) if calls is not None and enclosing is not None else {}
        truth = _decided(statement.test, names, _lookup(scopes, place), given)
        if truth is None:
            continue
        branch = statement.orelse if truth else statement.body
        if branch is not None:
            dead.update(id(node) for node in descendants(branch) if type(node) is cst.Call or type(node) is cst.If)
    return frozenset(dead)


def _replaced_functions(facts: ModuleFacts) -> Iterator[int]:
    """The calls (and ``if`` statements) of a function that a later ``def`` of the same name
    in the same body replaces before anything can call it: a method written twice in a
    class, a function written twice at a module's top level (a notebook's cell edited and
    run again), with nothing between the two that may call it (``_may_call``: its name, or
    any call at all). Either ``def`` decorated with
    its own name (``@x.setter``, ``@f.register``), or the first decorated at all
    (``@overload``, ``@property``), keeps both."""
    bodies: list[Sequence[cst.CSTNode]] = [facts.module.body]
    # The classes of the module's top level, and those written in their bodies (no walk of
    # the whole tree: a class made inside a function is rare, and then left alone).
    for body in bodies:
        bodies += [
            s.body.body for s in body
            if type(s) is cst.ClassDef and isinstance(s.body, cst.IndentedBlock)
        ]  # fmt: skip
    for body in bodies:
        defs = [(i, s) for i, s in enumerate(body) if type(s) is cst.FunctionDef]
        for i, first in defs:
            assert isinstance(first, cst.FunctionDef)
            name = first.name.value
            if first.decorators:
                continue
            later = next(((j, s) for j, s in defs if j > i and s.name.value == name), None)
            if later is None:
                continue
            j, second = later
            assert isinstance(second, cst.FunctionDef)
            if any(name in set(names_in(d)) for d in second.decorators):
                continue
            if any(_may_call(statement, name) for statement in body[i + 1 : j]):
                continue
            yield from (id(n) for n in descendants(first.body) if type(n) is cst.Call or type(n) is cst.If)


def _may_call(statement: cst.CSTNode, name: str) -> bool:
    """Whether running ``statement`` may call the function ``name``: it names it, or it
    calls anything at all (another function may call it: ``run()`` whose body calls
    ``name``). A ``def`` runs only its decorators and defaults (its body runs later); an
    import, a docstring, ``pass`` and an assignment without a call run nothing of the file."""
    if type(statement) is cst.FunctionDef:
        assert isinstance(statement, cst.FunctionDef)
        parts: list[cst.CSTNode] = [*statement.decorators]
        parts += [p.default for p in statement.params.params if p.default is not None]
        parts += [p.default for p in statement.params.kwonly_params if p.default is not None]
    elif type(statement) is cst.SimpleStatementLine:
        assert isinstance(statement, cst.SimpleStatementLine)
        if not all(type(small) in _QUIET_STATEMENTS for small in statement.body):
            return True
        parts = [statement]
    else:
        return True  # a class body, a loop, an ``if``... may run anything
    return any(
        type(node) is cst.Call or (type(node) is cst.Name and node.value == name)
        for part in parts for node in every_descendant(part)
    )  # fmt: skip


# Small statements that run no code of the file unless a call or the name is in them.
_QUIET_STATEMENTS: Final = frozenset(
    {cst.Import, cst.ImportFrom, cst.Assign, cst.AnnAssign, cst.Expr, cst.Pass}
)


# At most this many combinations of the values calls give are tried on one test.
_MOST_COMBINATIONS: Final = 32


def _decided(
    test: cst.BaseExpression,
    names: set[str],
    lookup: Callable[[str], object],
    given: Mapping[str, tuple[object, ...]],
) -> bool | None:
    """The test's truth for every combination of the values its names may hold: the one
    value of a name the text fixes, or each value that the calls of the function give a
    parameter; None when it is unknown or differs between combinations."""
    varying = sorted(name for name in names if name in given)
    combinations = 1
    for name in varying:
        combinations *= len(given[name])
    if not varying or combinations > _MOST_COMBINATIONS:
        return _truth(test, lookup)
    outcomes: set[bool | None] = set()
    for values in itertools.product(*(given[name] for name in varying)):
        fixed = dict(zip(varying, values))
        outcomes.add(_truth(test, lambda name: fixed[name] if name in fixed else lookup(name)))
        if len(outcomes) > 1 or None in outcomes:
            return None
    return outcomes.pop() if outcomes else None


class _CallValues:
    """What the calls of a notebook's own functions give their parameters.

    A notebook's names are nobody else's: its plain functions (``def`` outside a class, no
    decorator, one definition of the name, the name never rebound) are called only by its
    cells. When the function's name is mentioned only as the callee of direct calls (its
    word in no string of the code and no magic of the cells either), each
    parameter that every call gives a literal (by position or keyword, or by leaving its
    literal default) holds one of those values, and the function runs only when called.
    A parameter the function rebinds, a call with ``*``/``**``, or a non-literal argument
    leaves that parameter unknown."""

    def __init__(self, facts: ModuleFacts) -> None:
        self.facts = facts
        # id of a FunctionDef -> parameter -> the values its calls give it.
        self.values: dict[int, dict[str, tuple[object, ...]]] = {}
        self.never_called: list[cst.FunctionDef] = []
        self.functions: list[cst.FunctionDef] = []
        functions = list(_plain_functions(facts.module.body))
        if not functions:
            return
        mentions = _mentions(facts.module)
        by_name: dict[str, list[cst.FunctionDef]] = {}
        for function in functions:
            by_name.setdefault(function.name.value, []).append(function)
        sites: dict[str, list[cst.Call]] = {}
        for site in facts.calls:
            if len(site.callee) == 1 and site.callee[0] in by_name:
                sites.setdefault(site.callee[0], []).append(site.node)
        spelled: str | None = None  # (on first need: it walks every node)
        for name, defined in by_name.items():
            calls = sites.get(name, [])
            # The def's own name, and each call's callee: nothing else may name it, in the
            # code, its strings (code run from a string, ``timeit("train()")``) or the
            # cells' magics (``%timeit train()``). A comment runs nothing.
            if len(defined) != 1 or mentions[name] != 1 + len(calls):
                continue
            spelled = _strings_and_magics(facts) if spelled is None else spelled
            if re.search(rf"(?<![\w.]){re.escape(name)}\b", spelled):
                continue
            function = defined[0]
            self.functions.append(function)
            if not calls:
                self.never_called.append(function)
                continue
            found = _given(function, calls)
            if found:
                self.values[id(function)] = found

    def unselected_entries(self) -> Iterator[int]:
        """The calls in the entries of a dict a function of the notebook builds and only
        indexes by a parameter, whose keys no call of it gives."""
        for function in self.functions:
            given = self.values.get(id(function))
            if not given:
                continue
            for display, parameter in _selected_dicts(function, given):
                chosen = given[parameter]
                for element in display.elements:
                    assert isinstance(element, cst.DictElement)
                    if literal_value(element.key) not in chosen:
                        yield from (id(node) for node in descendants(element.value) if type(node) is cst.Call)


# A notebook's line magic or shell escape, as written in its cells.
_MAGIC_LINE: Final = re.compile(r"^[ \t]*[%!].*$", re.MULTILINE)


def _strings_and_magics(facts: ModuleFacts) -> str:
    """The text of every string literal of the module and of every magic line of the
    notebook's cells: where code may name a function without calling it in the code."""
    strings = [
        node.value
        for node in every_descendant(facts.module)
        if type(node) is cst.SimpleString or type(node) is cst.FormattedStringText
    ]
    magics = _MAGIC_LINE.findall(facts.notebook) if facts.notebook is not None else []
    return "\n".join((*strings, *magics))


def _plain_functions(body: Sequence[cst.CSTNode], in_class: bool = False) -> Iterator[cst.FunctionDef]:
    """The ``def`` statements of a module's statements, nested ones included, but methods
    (and what is defined in class bodies), decorated and ``async`` functions."""
    for statement in body:
        if type(statement) is cst.FunctionDef:
            assert isinstance(statement, cst.FunctionDef)
            if not in_class and not statement.decorators and statement.asynchronous is None:
                yield statement
            yield from _plain_functions(_suite(statement.body), in_class=False)
        elif type(statement) is cst.ClassDef:
            assert isinstance(statement, cst.ClassDef)
            yield from _plain_functions(_suite(statement.body), in_class=True)
        elif type(statement) is not cst.SimpleStatementLine:
            for name in ("body", "orelse", "handlers", "finalbody"):
                part = getattr(statement, name, None)
                for item in part if isinstance(part, tuple) else (part,):
                    if isinstance(item, cst.BaseSuite):
                        yield from _plain_functions(_suite(item), in_class)
                    elif item is not None and isinstance(getattr(item, "body", None), cst.BaseSuite):
                        yield from _plain_functions(_suite(item.body), in_class)


def _given(function: cst.FunctionDef, calls: Sequence[cst.Call]) -> dict[str, tuple[object, ...]]:
    """Per parameter of ``function``: the literal values ``calls`` give it (see
    ``_CallValues``); parameters some call leaves unknown are left out."""
    params = function.params
    positional = [p for p in (*params.posonly_params, *params.params)]
    by_name = {p.name.value: p for p in (*positional, *params.kwonly_params)}
    rebound = _rebound(function)
    values: dict[str, list[object]] = {name: [] for name in by_name if name not in rebound}
    for call in calls:
        if any(arg.star for arg in call.args):
            return {}
        given: dict[str, cst.BaseExpression] = {}
        for position, arg in enumerate(call.args):
            if arg.keyword is not None:
                given[arg.keyword.value] = arg.value
            elif position < len(positional):
                given[positional[position].name.value] = arg.value
            else:
                return {}  # (more positional arguments than parameters: ``*args``)
        for name in list(values):
            expression = given.get(name)
            if expression is None:
                default = by_name[name].default
                expression = default if default is not None else None
            value = literal_value(expression) if expression is not None else NOT_LITERAL
            if value is NOT_LITERAL:
                del values[name]
            elif not any(type(value) is type(seen) and value == seen for seen in values[name]):
                values[name].append(value)
    return {name: tuple(found) for name, found in values.items()}


def _mentions(node: cst.CSTNode) -> Counter[str]:
    """How many times each name is written at or below ``node`` as a name: not as an
    attribute (``x.fit``) or a keyword argument (``f(name=...)``)."""
    found: Counter[str] = Counter()
    for current in descendants(node):
        skipped = current.attr if isinstance(current, cst.Attribute) else None
        if isinstance(current, cst.Arg):
            skipped = current.keyword
        found.update(name.value for name in leaf_names(current) if name is not skipped)
        if isinstance(current, cst.Name):
            found[current.value] += 1
    return found


def _rebound(function: cst.FunctionDef) -> set[str]:
    """The names ``function``'s body binds or declares (assignment targets, loop and ``with``
    targets, ``:=``, ``global``/``nonlocal``, ``del``, imports, inner definitions)."""
    found: set[str] = set()
    for node in descendants(function.body):
        node_type = type(node)
        if node_type is cst.AssignTarget or node_type is cst.AugAssign or node_type is cst.AnnAssign:
            found.update(names_in(node.target))  # type: ignore[attr-defined]
        elif node_type is cst.For or node_type is cst.CompFor:
            found.update(names_in(node.target))  # type: ignore[attr-defined]
        elif node_type is cst.AsName or node_type is cst.NamedExpr:
            found.update(names_in(node.name if node_type is cst.AsName else node.target))  # type: ignore[attr-defined]
        elif node_type is cst.Global or node_type is cst.Nonlocal or node_type is cst.Del:
            found.update(names_in(node))
        elif node_type is cst.FunctionDef or node_type is cst.ClassDef:
            found.add(node.name.value)  # type: ignore[attr-defined]
    return found


def _selected_dicts(
    function: cst.FunctionDef, given: Mapping[str, tuple[object, ...]]
) -> Iterator[tuple[cst.Dict, str]]:
    """The dict displays of ``function`` (string keys, no ``**``) that it only indexes by a
    parameter with known values: ``table = {"a": A(), ...}`` whose name appears nowhere in
    it but there and in ``table[parameter]``, or ``{...}[parameter]`` itself."""
    mentions = _mentions(function.body)
    indexed: Counter[str] = Counter()
    bound: dict[str, cst.Dict] = {}
    found: list[tuple[cst.Dict, str]] = []
    for node in descendants(function.body):
        if type(node) is cst.Subscript:
            assert isinstance(node, cst.Subscript)
            index = node.slice[0].slice if len(node.slice) == 1 else None
            key = index.value if type(index) is cst.Index else None
            if type(key) is cst.Name and key.value in given:
                if type(node.value) is cst.Dict and _string_keys(node.value):
                    found.append((node.value, key.value))
                elif type(node.value) is cst.Name:
                    indexed[f"{node.value.value}\0{key.value}"] += 1
        elif type(node) is cst.Assign:
            assert isinstance(node, cst.Assign)
            if len(node.targets) == 1 and type(node.targets[0].target) is cst.Name and type(node.value) is cst.Dict:
                name = node.targets[0].target.value
                bound[name] = node.value if name not in bound and _string_keys(node.value) else cst.Dict([])
    for name, display in bound.items():
        if not display.elements:
            continue  # (bound twice, or keys that are not all strings)
        uses = [(key.split("\0")[1], count) for key, count in indexed.items() if key.split("\0")[0] == name]
        if len(uses) == 1 and mentions[name] == 1 + uses[0][1]:
            found.append((display, uses[0][0]))
    yield from found


def _string_keys(display: cst.Dict) -> bool:
    return bool(display.elements) and all(
        type(element) is cst.DictElement and isinstance(literal_value(element.key), str)
        for element in display.elements
    )


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
