"""Which value a local name holds at a given statement: reaching definitions per scope.

Built only on demand (for the files that have a search space or another call worth
following), and much cheaper than LibCST's ScopeProvider. One statement-level pass records,
per scope (the module, each function and class body), the assignments and uses of each name
and the shape of the control flow between them: branches, loops, ``try``, jumps. A query
runs a small data-flow analysis over that shape for the one name asked about (once per
scope and name): which definitions reach the statement, each with the uses met on the way
(``name["key"] = value``, ``name.update(...)``). Only the statements holding the calls asked
about have their expressions searched.

A name is followed only when a single definition reaches the use on every path, a plain
``name = value`` (or ``name: T = value``), and its scope declares it neither ``global`` nor
``nonlocal``. Names rebound any number of times are followed (the notebook's
``param_grid`` of cell after cell); where two definitions can both reach the use (``if``/
``else``, a loop), or one is a loop target, a parameter or an augmented assignment, the
value is unknown. A name a function reads without binding it is followed into the enclosing
function or module scope when its value there is fixed for every call: one definition
reaches the ``def`` and nothing rebinds or changes the name after it, there or anywhere else.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, NamedTuple, cast

import libcst as cst

from hplint.model.flow import Flow, Forward
from hplint.model.names import parameter_names
from hplint.model.walk import children, descendants, every_child

if TYPE_CHECKING:
    from hplint.model import ModuleFacts

__all__ = ["READING_METHODS", "Place", "Scopes", "Use", "Value", "module_scopes", "root_name"]


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
    # For a ``def``: the scope of its body.
    function: int | None = None


class Value(NamedTuple):
    """What a name holds at a use: the expression assigned to it, where, and what the
    statements on the way did to that object (``name["k"] = v``, ``name.update(...)``)."""

    value: cst.BaseExpression
    place: Place
    uses: tuple[Use, ...]
    # False when the paths to the use met different uses: ``uses`` then holds every use
    # met on some path (in the order of the statements), and may overstate each path.
    exact: bool = True


# A history: the definition that reached a statement and the uses met since, in order.
_History = tuple[_Binding, tuple[Use, ...]]
_State = frozenset[_History]

# Not bound in this scope on that path (the name comes from an enclosing scope, or is unbound).
_UNBOUND: Final = _Binding(Place(-1, -1, -1), None)
# More paths or changes than the analysis keeps apart: unknown.
_OPAQUE: Final = _Binding(Place(-1, -2, -1), None)
_MAX_HISTORIES: Final = 8
_UNKNOWN: Final[_State] = frozenset({(_OPAQUE, ())})

# The control flow of a scope, as the statement pass records it (see ``model/flow.py``):
# each statement's uses, then its bindings, happen at its order.
_Flow = Flow


@dataclass
class _Scope:
    bindings: dict[str, list[_Binding]] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)
    uses: dict[str, list[Use]] = field(default_factory=dict)
    flow: _Flow = field(default_factory=list)
    # The nearest enclosing scope a name read here is looked up in (class bodies are
    # skipped for functions), and the order of the statement there that holds this
    # scope's definition; None for the module.
    outer: int | None = None
    anchor: int = -1
    # Whether it is a class body (run once, where it stands) rather than a function.
    is_class: bool = False
    # A function's ``def`` and each ``return`` in it (None for a bare one).
    function: cst.FunctionDef | None = None
    returns: list[tuple[cst.BaseExpression | None, Place]] = field(default_factory=list)
    # Whether the function cannot fall off its end (``_returns_at_end``), on first need.
    ends_in_return: bool | None = None
    # The orders of the lines where code hplint cannot see ran (notebook magics).
    opaque: list[int] = field(default_factory=list)
    # name -> {statement order -> the histories reaching that statement}, on demand.
    states: dict[str, dict[int, _State]] = field(default_factory=dict)

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

    def states_of(self, name: str) -> dict[int, _State]:
        """The histories of ``name`` reaching each statement of the scope (computed once)."""
        found = self.states.get(name)
        if found is None:
            found = self.states[name] = _Analysis(self, name).run_scope()
        return found


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


class _Analysis(Forward[_State]):
    """Reaching definitions of one name over one scope's flow, with the uses on the way.

    The states are sets of histories; joins are unions; a loop runs to its fixed point
    (there is one: a history holds each use at most once, see ``_extend``). The control
    flow is the shared engine's (``model/flow.py``), as for the fit state."""

    final_pass = False  # nothing to report: the fixed point's states are the answer
    # A ``with`` body runs through: a name bound in it is bound after it (a context
    # manager that swallows an exception is rare where search spaces are built).
    guards_with = False

    def __init__(self, scope: _Scope, name: str) -> None:
        super().__init__()
        self.bindings = {b.place.order: b for b in scope.bindings.get(name, ())}
        self.uses: dict[int, list[Use]] = {}
        for use in scope.uses.get(name, ()):
            self.uses.setdefault(use.place.order, []).append(use)
        self.flow = scope.flow
        self.at: dict[int, _State] = {}

    def run_scope(self) -> dict[int, _State]:
        self.run(self.flow, frozenset({(_UNBOUND, ())}))
        return self.at

    def step(self, order: int, state: _State) -> _State:
        seen = self.at.get(order)
        self.at[order] = state if seen is None else seen | state
        uses = self.uses.get(order)
        if uses is not None:
            state = frozenset(_extend(history, uses) for history in state)
        binding = self.bindings.get(order)
        if binding is not None:
            state = frozenset({(binding, ())})
        if len(state) > _MAX_HISTORIES:
            state = _UNKNOWN
        return state

    def join(self, states: Iterable[_State | None]) -> _State | None:
        joined: _State | None = None
        for state in states:
            if state is not None:
                joined = state if joined is None else joined | state
        return joined

    def widen(self) -> _State:
        return _UNKNOWN


def _extend(history: _History, uses: list[Use]) -> _History:
    binding, met = history
    if binding.value is None and binding != _UNBOUND:
        return history  # unknown either way (an unbound name keeps its uses for the
        # enclosing scope's value: a function may change a module's dict, then read it)
    # Around a loop, the same statement changes the object again: ``name["key"] = value``
    # and ``name.update(...)`` put the same keys and nodes in it again, so a change is kept
    # once (this also bounds the histories, so the loop's fixed point is reached).
    return (binding, met + tuple(use for use in uses if use not in met))


_COMPOUND_BODY_FIELDS = ("body", "orelse", "handlers", "finalbody", "cases")
_JUMPS: Final[Mapping[type, str]] = {
    cst.Break: "break", cst.Continue: "continue", cst.Return: "return", cst.Raise: "raise"
}
# dict and list methods that read the object and leave it as it was.
READING_METHODS: Final = frozenset(
    {"copy", "items", "keys", "values", "get", "__getitem__", "index", "count"}
)


class Scopes:
    """Statement-level scopes of a module, answering "what does this name hold here?".

    One instance per module serves every analysis (``module_scopes``): the search spaces, the
    estimator trees and the fit state. ``calls`` (and later ``want``) are the calls a caller
    will ask about (``place_of``); only the statements holding them have their expressions
    searched. ``walrus`` names the names some ``:=`` binds: the pass does not look for them
    outside those statements, so they are unknown.
    """

    def __init__(
        self,
        module: cst.Module,
        calls: Iterable[tuple[cst.Call, int]] = (),
        walrus: Collection[str] = (),
    ) -> None:
        self._scopes: list[_Scope] = []
        self._order = 0
        self._walrus = walrus
        self._module = module
        self._places: dict[int, tuple[Place, frozenset[str]]] = {}
        # Per order: the statement (a simple statement or a compound one's header) and its
        # place; the ``def``/``class`` -> the scope of its body.
        self._steps: list[tuple[cst.CSTNode, Place]] = [(module, Place(0, 0, -1))]
        self._bodies: dict[int, int] = {}
        # Top-level statement index -> the orders of the statements read in it.
        self._by_statement: dict[int, list[int]] = {}
        # Function bodies not read yet: scope -> (body, top-level statement index).
        self._pending: dict[int, tuple[cst.BaseSuite, int]] = {}
        self._statement = 0
        # id of a statement -> its place (``place_of_statement``), on first need.
        self._statement_places: dict[int, Place] | None = None
        module_scope = self._new_scope(None, -1, False)
        flow = self._scopes[module_scope].flow
        for index, statement in enumerate(module.body):
            self._statement = index
            self._statements([statement], module_scope, flow)
        self.want(calls)

    # -- queries ---------------------------------------------------------------------

    def want(self, calls: Iterable[tuple[cst.Call, int]]) -> None:
        """Find the statements holding ``calls`` (each with the index of its top-level
        statement), for ``place_of`` and ``values_of(..., call)``."""
        wanted: dict[int, set[int]] = {}
        for call, index in calls:
            if id(call) not in self._places:
                wanted.setdefault(index, set()).add(id(call))
        for index, ids in wanted.items():
            # The bodies of the functions defined in it, read now (those of functions
            # defined in them included).
            while True:
                pending = [s for s, (_, statement) in self._pending.items() if statement == index]
                if not pending:
                    break
                for scope in pending:
                    self._complete(scope)
            for order in self._by_statement.get(index, ()):
                node, place = self._steps[order]
                self._search(_own_expressions(node), place, ids)

    def place_of(self, call: cst.Call) -> Place | None:
        """The place of the statement holding ``call`` (one of the calls given)."""
        found = self._places.get(id(call))
        return found[0] if found is not None else None

    def place_of_statement(self, node: cst.CSTNode) -> Place | None:
        """The place of a statement of the module (a simple statement, or a compound one
        whose header it is: an ``if``, an ``elif``), in any scope; None when the pass did
        not meet it."""
        if self._statement_places is None:
            self._complete()
            self._statement_places = {id(step): place for step, place in self._steps}
        return self._statement_places.get(id(node))

    def value_of(self, name: str, at: Place, call: cst.Call | None = None) -> Value | None:
        """The one value ``name`` holds when the statement at ``at`` runs; else None.

        ``call``, when given, is the call (given to the constructor) the name is read in:
        names bound by comprehensions or lambdas around it are then not followed.
        """
        found = self.values_of(name, at, call)
        return found[0] if found is not None and len(found) == 1 else None

    def values_of(
        self, name: str, at: Place, call: cst.Call | None = None, *, calls_change: bool = True
    ) -> tuple[Value, ...] | None:
        """Every value ``name`` may hold when the statement at ``at`` runs, one per
        definition that reaches it (``if``/``else``); None when any of them is unknown.

        ``calls_change=False``: a method called on the object elsewhere (``m.fit(...)``
        in another function) does not count as changing it, for a question about what
        does not change that way (an estimator's class)."""
        if call is not None:
            found = self._places.get(id(call))
            if found is not None and name in found[1]:
                return None
        if name in self._walrus:
            return None
        return self._values(at.scope, name, at.order, (), calls_change)

    def _values(
        self, index: int, name: str, order: int, later: tuple[Use, ...], calls_change: bool = True
    ) -> tuple[Value, ...] | None:
        scope = self._scopes[index]
        if name in scope.declared:
            return None
        state = scope.states_of(name).get(order)
        if not state:
            return None
        histories: dict[_Binding, list[tuple[Use, ...]]] = {}
        for binding, uses in state:
            histories.setdefault(binding, []).append(uses)
        values: list[Value] = []
        for binding, paths in sorted(histories.items(), key=lambda item: item[0].place.order):
            exact = len(paths) == 1
            if exact:
                uses = paths[0]
            else:  # one definition, changed on some paths only (a loop, a branch)
                met = {use for path in paths for use in path}
                uses = tuple(sorted(met, key=lambda use: use.place.order))
            if binding == _UNBOUND:
                found = self._enclosing(index, name, uses + later, calls_change)
                if found is None:
                    return None
                values.extend(v._replace(exact=v.exact and exact) for v in found)
            elif binding.value is None:
                return None
            else:
                values.append(Value(binding.value, binding.place, uses + later, exact))
        return tuple(values)

    def _enclosing(
        self, index: int, name: str, uses: tuple[Use, ...], calls_change: bool = True
    ) -> tuple[Value, ...] | None:
        """What ``name``, not bound in scope ``index``, holds there: its value where the
        scope is defined, when nothing can change it afterwards."""
        scope = self._scopes[index]
        if scope.outer is None:
            return None
        if not scope.is_class and not self._fixed_after(
            scope.outer, name, scope.anchor, index, calls_change
        ):
            return None  # (a class body runs where it stands)
        return self._values(scope.outer, name, scope.anchor, uses, calls_change)

    def _fixed_after(
        self, outer: int, name: str, anchor: int, reader: int, calls_change: bool = True
    ) -> bool:
        """Whether nothing rebinds or changes ``name`` of scope ``outer`` after the
        statement ``anchor``: no binding or change there, and no change from any other
        scope that reads it (a function may run at any time after its ``def``)."""
        self._complete()
        for index, scope in enumerate(self._scopes):
            if name in scope.declared:
                return False  # ``global``/``nonlocal``: rebound from anywhere
            if index == outer:
                if any(b.place.order > anchor for b in scope.bindings.get(name, ())):
                    return False
                if any(order > anchor for order in scope.opaque):
                    return False
                changes = [u for u in scope.uses.get(name, ()) if u.place.order > anchor]
            elif index == reader or name in scope.bindings:
                continue  # the reader's own changes are on its paths; a local is not it
            else:
                changes = scope.uses.get(name, [])
            if any(not _reads(use, calls_change) for use in changes):
                return False
        return True

    def flow(self, scope: int) -> Flow:
        """The control flow of scope ``scope`` (0: the module; see ``body_of``)."""
        self._complete(scope)
        return self._scopes[scope].flow

    def body_of(self, definition: cst.FunctionDef | cst.ClassDef) -> int | None:
        """The scope of a ``def``'s or ``class``'s body (None: not a statement the pass met)."""
        return self._bodies.get(id(definition))

    def assigned(self, scope: int) -> Iterator[tuple[str, cst.BaseExpression]]:
        """Each plain assignment of scope ``scope`` (``name = value``), in no order."""
        for name, bindings in self._scopes[scope].bindings.items():
            for binding in bindings:
                if binding.value is not None:
                    yield name, binding.value

    def statement(self, order: int) -> tuple[cst.CSTNode, Place]:
        """The statement at ``order`` in a flow, and its place: a simple statement, or a
        compound statement whose header it is (for a ``def``, in its body's flow too: its
        parameters are bound there)."""
        return self._steps[order]

    def function_at(self, at: Place) -> cst.FunctionDef | None:
        """The function whose own code holds the statement at ``at`` (None: module, class)."""
        return self._scopes[at.scope].function

    def returned(self, name: str, at: Place) -> tuple[Value, ...] | None:
        """What a call of the local function ``name`` at ``at`` may return, one value per
        ``return``: the one function that reaches ``at``, a plain ``def`` (no decorator,
        not ``async``, no ``yield``) whose body ends in a ``return`` (so it cannot fall off
        its end), every ``return`` with a value."""
        if name in self._walrus or name in self._scopes[at.scope].declared:
            return None
        state = self._scopes[at.scope].states_of(name).get(at.order)
        if state is None:
            return None
        if len(state) != 1:
            return None
        ((found, _),) = state
        binding = self._enclosing_binding(at.scope, name) if found == _UNBOUND else found
        if binding is None or binding.function is None:
            return None
        return self._returns(binding.function)

    def function_returns(self, definition: cst.FunctionDef) -> tuple[Value, ...] | None:
        """What a call of the function ``definition`` may return, one value per ``return``
        (the conditions of ``returned``, which function is called aside)."""
        index = self._bodies.get(id(definition))
        if index is None or self._scopes[index].function is None:
            return None
        order = self._scopes[index].flow[0]  # the ``def`` (its parameters are bound there)
        assert type(order) is int
        outer = self._steps[order][1].scope
        binding = next(
            (b for b in self._scopes[outer].bindings.get(definition.name.value, ()) if b.function == index),
            None,
        )  # (not a plain ``def`` when none)
        return None if binding is None else self._returns(index)

    def _returns(self, index: int) -> tuple[Value, ...] | None:
        self._complete(index)
        function = self._scopes[index]
        if not function.returns or function.function is None:
            return None
        values = [Value(value, place, ()) for value, place in function.returns if value is not None]
        if len(values) != len(function.returns):
            return None
        if function.ends_in_return is None:  # (last: it walks the body)
            function.ends_in_return = _returns_at_end(function.function)
        return tuple(values) if function.ends_in_return else None

    def _enclosing_binding(self, index: int, name: str) -> _Binding | None:
        """The one binding of ``name`` that a scope not binding it sees (see ``_enclosing``)."""
        scope = self._scopes[index]
        if scope.outer is None:
            return None
        if not scope.is_class and not self._fixed_after(scope.outer, name, scope.anchor, index):
            return None
        state = self._scopes[scope.outer].states_of(name).get(scope.anchor)
        if state is None or len(state) != 1:
            return None
        ((binding, _),) = state
        return None if binding == _UNBOUND else binding

    # -- the pass --------------------------------------------------------------------

    def _new_scope(self, outer: int | None, anchor: int, is_class: bool) -> int:
        self._scopes.append(_Scope(outer=outer, anchor=anchor, is_class=is_class))
        return len(self._scopes) - 1

    def _place(self, scope: int, node: cst.CSTNode) -> Place:
        self._order += 1
        place = Place(scope, self._order, self._statement)
        self._steps.append((node, place))
        self._by_statement.setdefault(self._statement, []).append(self._order)
        return place

    def _statements(self, statements: Iterable[cst.CSTNode], scope: int, flow: _Flow) -> None:
        for statement in statements:
            if type(statement) is cst.SimpleStatementLine:
                assert isinstance(statement, cst.SimpleStatementLine)
                for small in statement.body:
                    self._small(small, scope, flow)
                comment = statement.trailing_whitespace.comment
                if comment is not None and comment.value.startswith("# magic:"):
                    # A notebook magic a converter commented out (``%time m.fit(X, y)``,
                    # ``%store -r grid``): it may have changed or rebound any name.
                    flow.append(("opaque",))
                    self._scopes[scope].opaque.append(self._order)
            elif type(statement) is cst.FunctionDef or type(statement) is cst.ClassDef:
                self._definition(statement, scope, flow)
            else:
                self._compound(statement, scope, flow)

    def _definition(self, statement: cst.FunctionDef | cst.ClassDef, scope: int, flow: _Flow) -> None:
        place = self._place(scope, statement)
        flow.append(place.order)
        current = self._scopes[scope]
        if current.is_class:
            # Code in a class body reads names from the scope around the class (not from
            # the class), as they stand where the class is defined.
            outer, anchor = current.outer, current.anchor
        else:
            outer, anchor = scope, place.order
        is_function = type(statement) is cst.FunctionDef
        inner = self._new_scope(outer, anchor, not is_function)
        self._bodies[id(statement)] = inner
        plain = (
            isinstance(statement, cst.FunctionDef)
            and not statement.decorators
            and statement.asynchronous is None
        )
        self._scopes[scope].bind(statement.name.value, _Binding(place, None, inner if plain else None))
        if isinstance(statement, cst.FunctionDef):
            self._scopes[inner].function = statement
            for param in parameter_names(statement.params):
                self._scopes[inner].bind(param, _Binding(place, None))
        self._scopes[inner].flow.append(place.order)  # the parameters are bound there
        if is_function:
            # Its body is read only if a question needs it (what it returns, whether it
            # changes a name of the module, a call in it, its fit state).
            self._pending[inner] = (statement.body, self._statement)
        else:
            self._block(statement.body, inner, self._scopes[inner].flow)

    def _complete(self, index: int | None = None) -> None:
        """Read the bodies left pending (the one of scope ``index``, or all of them, those
        of the functions defined in them included)."""
        while True:
            if index is None:
                pending = next(iter(self._pending), None)
                if pending is None:
                    return
            else:
                pending = index
            found = self._pending.pop(pending, None)
            if found is not None:
                body, statement = found
                saved = self._statement
                self._statement = statement
                self._block(body, pending, self._scopes[pending].flow)
                self._statement = saved
            if index is not None:
                return

    def _block(self, body: cst.CSTNode, scope: int, flow: _Flow) -> None:
        if isinstance(body, cst.IndentedBlock):
            self._statements(body.body, scope, flow)
        elif isinstance(body, cst.SimpleStatementSuite):
            for small in body.body:
                self._small(small, scope, flow)
        else:
            self._statements([body], scope, flow)

    def _compound(self, node: cst.CSTNode, scope: int, flow: _Flow) -> None:
        place = self._place(scope, node)
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
        if isinstance(node, (cst.For, cst.While)):
            body: _Flow = [place.order]
            self._block(node.body, scope, body)
            flow.append(("loop", body, self._else(node.orelse, scope)))
        elif isinstance(node, cst.If):
            flow.append(place.order)
            body = []
            self._block(node.body, scope, body)
            flow.append(("branch", (body, self._else(node.orelse, scope))))
        elif isinstance(node, (cst.Try, cst.TryStar)):
            flow.append(place.order)
            body = []
            self._block(node.body, scope, body)
            handlers: list[_Flow] = []
            for handler in node.handlers:
                handlers.append([])
                self._compound(handler, scope, handlers[-1])
            finalbody: _Flow = []
            if node.finalbody is not None:
                self._block(node.finalbody.body, scope, finalbody)
            flow.append(("try", place.order, body, handlers, self._else(node.orelse, scope), finalbody))
        elif isinstance(node, cst.Match):
            flow.append(place.order)
            cases: list[_Flow] = [[]]  # no case may match
            for case in node.cases:
                cases.append([])
                self._compound(case, scope, cases[-1])
            flow.append(("branch", tuple(cases)))
        elif isinstance(node, cst.With):
            flow.append(place.order)
            body = []
            self._block(node.body, scope, body)
            flow.append(("with", place.order, body))
        else:  # an ``except`` clause, a ``case``: the header, then the body
            flow.append(place.order)
            for name in _COMPOUND_BODY_FIELDS:
                value = getattr(node, name, None)
                if isinstance(value, cst.BaseSuite):
                    self._block(value, scope, flow)

    def _else(self, node: cst.CSTNode | None, scope: int) -> _Flow:
        """The flow of an ``else``/``elif`` clause (empty when there is none)."""
        flow: _Flow = []
        if isinstance(node, cst.If):
            self._compound(node, scope, flow)
        elif isinstance(node, cst.Else):
            self._block(node.body, scope, flow)
        return flow

    def _small(self, small: cst.BaseSmallStatement, scope: int, flow: _Flow) -> None:
        place = self._place(scope, small)
        flow.append(place.order)
        s = self._scopes[scope]
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
        else:
            jump = _JUMPS.get(type(small))
            if jump is not None:
                flow.append(("jump", jump))
                if type(small) is cst.Return:
                    assert isinstance(small, cst.Return)
                    s.returns.append((small.value, place))

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

    def _search(self, nodes: Iterable[cst.CSTNode], place: Place, wanted: set[int]) -> None:
        """Find the wanted calls under ``nodes``; note walrus targets as bindings."""
        scope = place.scope
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


def _own_expressions(node: cst.CSTNode) -> list[cst.CSTNode]:
    """What a statement evaluates where it stands: a simple statement, a compound one's
    header (not its bodies), a definition's decorators, parameters or bases."""
    if type(node) is cst.FunctionDef:
        assert isinstance(node, cst.FunctionDef)
        return [*node.decorators, node.params]
    if type(node) is cst.ClassDef:
        assert isinstance(node, cst.ClassDef)
        return [*node.decorators, *node.bases, *node.keywords]
    if isinstance(node, cst.BaseSmallStatement):
        return [node]
    return [
        child for child in children(node)
        if not isinstance(child, (cst.BaseSuite, cst.Else, cst.Finally, cst.ExceptHandler,
                                  cst.ExceptStarHandler, cst.If, cst.MatchCase))
    ]


def module_scopes(facts: ModuleFacts) -> Scopes:
    """The module's one ``Scopes`` (for ``ModuleFacts.derived``)."""
    return Scopes(facts.module, (), facts.resolver.bindings.walrus)


def _returns_at_end(function: cst.FunctionDef) -> bool:
    """Whether a function's last statement is a ``return`` (it cannot fall off its end)
    and it never yields (a generator returns no value to its caller)."""
    body = function.body
    last: cst.CSTNode | None = body.body[-1] if body.body else None
    if type(last) is cst.SimpleStatementLine:
        assert isinstance(last, cst.SimpleStatementLine)
        last = last.body[-1] if last.body else None
    if type(last) is not cst.Return:
        return False
    return not any(type(node) is cst.Yield for node in _own_nodes(body))


def _own_nodes(body: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The nodes of a function body outside its nested definitions."""
    stack = list(every_child(body))
    while stack:
        node = stack.pop()
        yield node
        if type(node) not in (cst.FunctionDef, cst.ClassDef, cst.Lambda):
            stack.extend(every_child(node))


def _reads(use: Use, calls_change: bool = True) -> bool:
    """Whether a use leaves the object as it was (``calls_change=False``: as far as a
    method call can change it)."""
    return use.kind == "call" and (not calls_change or use.method in READING_METHODS)


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
