"""Which value a local name holds at a given call: the one assignment of it in the same scope.

This is a statement-level pass, built only on demand (for the files that have a search
space or another call worth following) and much cheaper than LibCST's ScopeProvider: it
reads the statements of the module's scope and of the function and class scopes in the
top-level statements that hold one of the calls asked about, and the targets they bind, and
descends into the expressions of only those statements.

A name is followed only when its scope binds it exactly once, with a plain
``name = value`` (or ``name: T = value``) before the use, and declares it neither
``global`` nor ``nonlocal``. Anything else (two assignments, a loop target, a parameter,
a name bound only in an enclosing scope) is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple, cast

import libcst as cst

from hplint.model.names import parameter_names
from hplint.model.walk import children, descendants

__all__ = ["Place", "Scopes", "Use", "root_name"]


class Place(NamedTuple):
    """Where a statement is: its scope and its order among all statements of the module.

    (A named tuple: one is made per statement of a searched module, and a frozen
    dataclass costs several times as much to build.)"""

    scope: int
    order: int
    # Index of the top-level statement that contains it (for positions).
    statement: int


class Use(NamedTuple):
    """A statement after a name's assignment that touches the object the name holds.

    ``kind`` is ``"setitem"`` (``name["key"] = value``), ``"call"`` (``name.method(...)``,
    ``method`` set, ``call`` set) or ``"other"`` (an assignment to an attribute or item of
    it, ``del``, an augmented assignment, a call on an attribute of it: anything that may
    change it in a way hplint does not follow).
    """

    kind: str
    place: Place
    key: cst.BaseExpression | None = None
    value: cst.BaseExpression | None = None
    method: str | None = None
    call: cst.Call | None = None


class _Binding(NamedTuple):
    place: Place
    value: cst.BaseExpression | None  # None: bound some other way (loop, import, def...)


@dataclass
class _Scope:
    bindings: dict[str, list[_Binding]] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)
    uses: dict[str, list[Use]] = field(default_factory=dict)

    def bind(self, name: str, binding: _Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def bind_target(self, target: cst.BaseExpression, place: Place) -> None:
        """Record what an assignment-like target binds, or which object it changes."""
        # Exact types, as in Scopes._small (none of these classes has subclasses).
        if type(target) is cst.Name:
            self.bind(target.value, _Binding(place, None))
        elif type(target) is cst.Tuple or type(target) is cst.List:
            for element in target.elements:
                self.bind_target(element.value, place)
        elif type(target) is cst.StarredElement:
            self.bind_target(target.value, place)
        else:
            root = root_name(target)
            if root is not None:
                self.use(root, Use("other", place))

    def use(self, name: str, use: Use) -> None:
        self.uses.setdefault(name, []).append(use)


def root_name(expr: cst.BaseExpression) -> str | None:
    """``a`` for ``a.b[c].d``: the name an attribute/subscript/call chain starts from."""
    while True:  # exact types, as in Scopes._small
        if type(expr) is cst.Attribute or type(expr) is cst.Subscript:
            expr = expr.value
        elif type(expr) is cst.Call:
            expr = expr.func
        elif type(expr) is cst.Name:
            return expr.value
        else:
            return None


_COMPOUND_BODY_FIELDS = ("body", "orelse", "handlers", "finalbody", "cases")


class Scopes:
    """Statement-level scopes of a module, answering "what does this name hold here?".

    ``calls`` are the calls the caller will ask about (``place_of``); only the statements
    holding them have their expressions searched.
    """

    def __init__(self, module: cst.Module, calls: Iterable[tuple[cst.Call, int]]) -> None:
        self._scopes: list[_Scope] = []
        self._order = 0
        self._wanted: dict[int, set[int]] = {}
        for call, index in calls:
            self._wanted.setdefault(index, set()).add(id(call))
        self._places: dict[int, tuple[Place, frozenset[str]]] = {}
        self._statement = 0
        # The wanted calls in the current top-level statement; None: it holds none.
        self._searched: set[int] | None = None
        module_scope = self._new_scope()
        for index, statement in enumerate(module.body):
            self._statement = index
            self._searched = self._wanted.get(index)
            self._statements([statement], module_scope)

    # -- queries ---------------------------------------------------------------------

    def place_of(self, call: cst.Call) -> Place | None:
        """The place of the statement holding ``call`` (one of the calls given)."""
        found = self._places.get(id(call))
        return found[0] if found is not None else None

    def value_of(self, name: str, at: Place, call: cst.Call | None = None) -> tuple[cst.BaseExpression, Place] | None:
        """The value ``name`` was assigned once in the scope of ``at``, before it; else None.

        ``call``, when given, is the call (given to the constructor) the name is read in:
        names bound by comprehensions or lambdas around it are then not followed.
        """
        if call is not None:
            found = self._places.get(id(call))
            if found is not None and name in found[1]:
                return None
        scope = self._scopes[at.scope]
        if name in scope.declared:
            return None
        bindings = scope.bindings.get(name)
        if bindings is None or len(bindings) != 1:
            return None
        binding = bindings[0]
        if binding.value is None or binding.place.order >= at.order:
            return None
        return binding.value, binding.place

    def uses_between(self, name: str, start: Place, end: Place) -> list[Use]:
        """What the statements between ``start`` and ``end`` (exclusive) do to ``name``'s object."""
        scope = self._scopes[start.scope]
        return [u for u in scope.uses.get(name, ()) if start.order < u.place.order < end.order]

    # -- the pass --------------------------------------------------------------------

    def _new_scope(self) -> int:
        self._scopes.append(_Scope())
        return len(self._scopes) - 1

    def _place(self, scope: int) -> Place:
        self._order += 1
        return Place(scope, self._order, self._statement)

    def _statements(self, statements: Iterable[cst.CSTNode], scope: int) -> None:
        for statement in statements:
            if type(statement) is cst.SimpleStatementLine:
                for small in statement.body:
                    self._small(small, scope)
            elif type(statement) is cst.FunctionDef or type(statement) is cst.ClassDef:
                place = self._place(scope)
                self._scopes[scope].bind(statement.name.value, _Binding(place, None))
                if self._searched is None:
                    # No call asked about is in it, so nothing reads its own scope.
                    continue
                self._search(statement.decorators, place, scope)
                if isinstance(statement, cst.FunctionDef):
                    self._search([statement.params], place, scope)
                inner = self._new_scope()
                if isinstance(statement, cst.FunctionDef):
                    for param in parameter_names(statement.params):
                        self._scopes[inner].bind(param, _Binding(place, None))
                else:
                    self._search([*statement.bases, *statement.keywords], place, scope)
                self._block(statement.body, inner)
            else:
                self._compound(statement, scope)

    def _block(self, body: cst.CSTNode, scope: int) -> None:
        if isinstance(body, cst.IndentedBlock):
            self._statements(body.body, scope)
        elif isinstance(body, cst.SimpleStatementSuite):
            for small in body.body:
                self._small(small, scope)
        else:
            self._statements([body], scope)

    def _compound(self, node: cst.CSTNode, scope: int) -> None:
        place = self._place(scope)
        header: list[cst.CSTNode] = []
        for child in children(node):
            if isinstance(child, (cst.BaseSuite, cst.Else, cst.Finally, cst.ExceptHandler,
                                  cst.ExceptStarHandler, cst.If, cst.MatchCase)):
                continue
            header.append(child)
        self._search(header, place, scope)
        s = self._scopes[scope]
        if isinstance(node, cst.For):
            s.bind_target(node.target, place)
        elif isinstance(node, cst.With):
            for item in node.items:
                if item.asname is not None:
                    s.bind_target(item.asname.name, place)
        elif isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)):
            if node.name is not None:
                s.bind_target(node.name.name, place)
        elif isinstance(node, cst.MatchCase):
            # Capture patterns bind names; give up on every name they mention.
            for name in _names_in(node.pattern):
                s.bind(name, _Binding(place, None))
        for name in ("body", "orelse", "handlers", "finalbody", "cases"):
            value = getattr(node, name, None)
            if value is None:
                continue
            if isinstance(value, (tuple, list)):
                for item in value:
                    self._compound(item, scope)
            elif isinstance(value, cst.BaseSuite):
                self._block(value, scope)
            else:
                self._compound(value, scope)

    def _small(self, small: cst.BaseSmallStatement, scope: int) -> None:
        place = self._place(scope)
        s = self._scopes[scope]
        if self._searched is not None:  # (most statements: spare the call)
            self._search([small], place, scope)
        # By exact type: each failing ``isinstance`` against LibCST's abstract node classes
        # runs Python code, and this runs for every simple statement of a searched module.
        if type(small) is cst.Assign:
            single = len(small.targets) == 1
            for target in small.targets:
                node = target.target
                if isinstance(node, cst.Name) and single:
                    s.bind(node.value, _Binding(place, small.value))
                elif isinstance(node, cst.Subscript) and single and isinstance(node.value, cst.Name):
                    key = _single_index(node)
                    if key is None:
                        s.use(node.value.value, Use("other", place))
                    else:
                        s.use(node.value.value, Use("setitem", place, key=key, value=small.value))
                else:
                    s.bind_target(node, place)
            self._call_use(small.value, place, s)
        elif type(small) is cst.AnnAssign:
            if isinstance(small.target, cst.Name) and small.value is not None:
                s.bind(small.target.value, _Binding(place, small.value))
            elif small.value is not None:
                s.bind_target(small.target, place)
        elif type(small) is cst.AugAssign:
            s.bind_target(small.target, place)
            if isinstance(small.target, cst.Name):
                s.bind(small.target.value, _Binding(place, None))
        elif type(small) is cst.Expr:
            self._call_use(small.value, place, s)
        elif type(small) is cst.Del:
            for name in _names_in(small.target):
                s.use(name, Use("other", place))
                s.bind(name, _Binding(place, None))
        elif type(small) is cst.Global or type(small) is cst.Nonlocal:
            s.declared.update(n.name.value for n in small.names)
        elif type(small) is cst.Import or type(small) is cst.ImportFrom:
            for name in _imported_names(small):
                s.bind(name, _Binding(place, None))

    def _call_use(self, value: cst.BaseExpression, place: Place, scope: _Scope) -> None:
        if type(value) is not cst.Call:  # exact types, as in _small
            return
        func = value.func
        if type(func) is cst.Attribute and type(func.value) is cst.Name:
            scope.use(func.value.value, Use("call", place, method=func.attr.value, call=value))
            return
        root = root_name(func)
        if root is not None and type(func) is not cst.Name:
            scope.use(root, Use("other", place))

    def _search(self, nodes: Iterable[cst.CSTNode], place: Place, scope: int) -> None:
        """Find the wanted calls under ``nodes``; note walrus targets as bindings."""
        wanted = self._searched
        if wanted is None:
            return
        stack: list[tuple[cst.CSTNode, frozenset[str]]] = [(n, frozenset()) for n in nodes]
        while stack:
            node, hidden = stack.pop()
            # Exact types, as in _small: this runs on every node of the searched statements.
            if type(node) is cst.Call and id(node) in wanted:
                self._places[id(node)] = (place, hidden)
            if type(node) is cst.FunctionDef or type(node) is cst.ClassDef:
                continue  # A nested def's body is its own scope: handled by the statement pass.
            if type(node) is cst.Lambda:
                hidden = hidden | frozenset(parameter_names(node.params))
            elif type(node) in _COMPREHENSIONS:
                assert isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp))
                hidden = hidden | frozenset(_comprehension_names(node.for_in))
            elif type(node) is cst.NamedExpr and isinstance(node.target, cst.Name):
                self._scopes[scope].bind(node.target.value, _Binding(place, None))
            stack.extend((child, hidden) for child in children(node))


_COMPREHENSIONS: Final = frozenset({cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp})


def _single_index(node: cst.Subscript) -> cst.BaseExpression | None:
    if len(node.slice) != 1:
        return None
    index = node.slice[0].slice
    if isinstance(index, cst.Index) and isinstance(index.value, (cst.SimpleString, cst.ConcatenatedString)):
        return index.value
    return None


def _comprehension_names(for_in: cst.CompFor | None) -> Iterator[str]:
    while for_in is not None:
        yield from _names_in(for_in.target)
        for_in = for_in.inner_for_in


def _names_in(node: cst.CSTNode) -> Iterator[str]:
    for current in descendants(node):
        if isinstance(current, cst.Name):
            yield current.value
        elif isinstance(current, (cst.MatchAs, cst.MatchStar)) and current.name is not None:
            yield current.name.value
        elif isinstance(current, cst.MatchMapping) and current.rest is not None:
            yield current.rest.value
        # children() skips Name leaves; pick them up from the fields that hold targets.
        for attr in ("value", "target", "name"):
            child = getattr(current, attr, None)
            if isinstance(child, cst.Name):
                yield child.value


def _imported_names(node: cst.Import | cst.ImportFrom) -> Iterator[str]:
    # Exact types, as in Scopes._small: every import of a searched module comes here.
    if type(node.names) is cst.ImportStar:
        return
    for alias in cast("Sequence[cst.ImportAlias]", node.names):
        if alias.asname is not None and type(alias.asname.name) is cst.Name:
            yield alias.asname.name.value
        else:
            name: cst.BaseExpression = alias.name
            while type(name) is cst.Attribute:
                name = name.value
            if type(name) is cst.Name:
                yield name.value
