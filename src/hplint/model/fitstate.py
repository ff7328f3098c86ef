"""Fit state: which estimator objects are certainly unfitted where they are used.

A flow-sensitive pass over each scope (the module, every function and method), statement
by statement, on the flow the value analysis records (``model/scopes.py``) and its engine
(``model/flow.py``): the control flow is theirs, this module says what each statement does
to estimator objects. It follows names bound to an estimator construction (``m = SVC()``,
``m = make_pipeline(...)``), to what a same-file helper returns when every ``return`` of it
builds a new object (``m = build()``, asked of the value analysis), and their aliases
(``m2 = m``, ``m2 = m.fit(X, y)``); everything else is unknown. An object is reported on
only when it is unfitted on every path that reaches the use:

- branches join as "unfitted only if unfitted on every path";
- a loop body runs to a fixed point before anything in it is reported, so a fit inside a
  loop leaves the object maybe-fitted after it;
- an exception may leave a ``try`` or ``with`` body after any statement, so handlers and the
  code after a ``with`` see every intermediate state;
- an object that escapes (passed to an unknown function, stored in a container or an
  attribute, returned, captured by a nested function) is forgotten from then on.

The class of an object (HP203) is known further than its fit state: after it escapes, for
``self.<name>`` as the class's methods assign it, and for a module's estimator read in a
function when the value analysis says which construction reaches the read.

The rules (HP201-HP203) only format what this module finds.

Node kinds are told apart by exact type (``type(node) is cst.Name``), not ``isinstance``:
LibCST's concrete node classes are never subclassed, and an ``isinstance`` that fails
against them runs ``ABCMeta.__instancecheck__`` in Python, on nearly every node visited.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple, TypeGuard

import libcst as cst

from hplint.catalog import Catalog, Estimator
from hplint.model import ModuleFacts
from hplint.model.attributes import instance_attributes
from hplint.model.flow import Forward
from hplint.model.literals import NOT_LITERAL, literal_value
from hplint.model.names import dotted_parts, import_bindings
from hplint.model.scopes import Place, module_scopes
from hplint.model.walk import Definition, _expects_error, children, every_child

__all__ = ["Analysis", "Finding", "Read", "analyze"]

# Methods that fit the object they are called on; ``fit`` and ``partial_fit`` return it.
FITTING_METHODS = frozenset({"fit", "fit_transform", "fit_predict", "partial_fit", "fit_resample"})
_RETURNS_SELF = frozenset({"fit", "partial_fit", "set_params"})

# Attributes every estimator learns in fit (set by ``validate_data``), documented or not.
COMMON_LEARNED = frozenset({"n_features_in_", "feature_names_in_"})

# Builtins that read an object without changing it or keeping a reference to it.
_HARMLESS_CALLS = frozenset(
    {"print", "isinstance", "type", "repr", "str", "id", "display", "issubclass", "callable"}
)

# Methods that leave the fit state as it was.
_PURE_METHODS = frozenset({"get_params", "set_params", "get_metadata_routing", "set_output"})

# Constructor arguments that make an estimator usable without fit when given (not None).
_USABLE_UNFITTED = frozenset({"prefit", "vocabulary"})

# Calls that run code hplint cannot see, with access to the caller's names.
_OPAQUE_CALLS = frozenset({"get_ipython", "exec", "eval", "globals", "locals", "vars"})

# Exceptions whose handler means "this code expects the object may be unfitted".
_EXPECTING_HANDLERS = frozenset(
    {"NotFittedError", "AttributeError", "Exception", "BaseException", "ValueError"}
)

# Expressions that cannot yield or reach an estimator object.
_CONSTANTS = frozenset(
    {cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.ConcatenatedString, cst.Ellipsis}
)

_STRINGS = frozenset({cst.SimpleString, cst.ConcatenatedString})

# Expressions whose code runs later or not at all.
_DEFERRED = frozenset({cst.Lambda, cst.GeneratorExp})

# Comprehensions that run where they stand, any number of times.
_EAGER = frozenset({cst.ListComp, cst.SetComp, cst.DictComp})


class Status(enum.Enum):
    UNFITTED = "unfitted"
    FITTED = "fitted"
    MAYBE = "maybe"


@dataclass(frozen=True)
class Obj:
    """One estimator object built in the scope."""

    estimator: Estimator
    status: Status
    # The function or meta-estimator that was handed the object and fits copies of it.
    clone_trap: str | None = None
    # (object key, "in_place" | "clone"): estimators given to this one's constructor.
    members: tuple[tuple[int, str], ...] = ()
    # The status a fresh copy has: MAYBE for stateless or prefit estimators.
    born: Status = Status.UNFITTED


@dataclass
class State:
    """What is known at one point: names bound to objects, and those objects."""

    names: dict[str, int] = field(default_factory=dict)
    objs: dict[int, Obj] = field(default_factory=dict)
    # The class of the object a name holds, kept after the object escapes: an object
    # handed to unknown code (a pipeline, a helper) may be fitted there, but keeps its class.
    kinds: dict[str, Estimator] = field(default_factory=dict)

    def copy(self) -> State:
        return State(dict(self.names), dict(self.objs), dict(self.kinds))

    def clear(self) -> None:
        """Forget everything (code hplint cannot see may rebind any name)."""
        self.names.clear()
        self.objs.clear()
        self.kinds.clear()

    def ref(self, name: str) -> int | None:
        key = self.names.get(name)
        return key if key is not None and key in self.objs else None


def _join_status(a: Status, b: Status) -> Status:
    return a if a is b else Status.MAYBE


def join(states: Iterable[State | None]) -> State | None:
    """The state that holds on every path: None (unreachable) when no path reaches."""
    result: State | None = None
    for state in states:
        if state is None:
            continue
        if result is None:
            result = state.copy()
            continue
        names = {n: k for n, k in result.names.items() if state.names.get(n) == k}
        kinds = {n: e for n, e in result.kinds.items() if state.kinds.get(n) is e}
        objs = {}
        for key, a in result.objs.items():
            b = state.objs.get(key)
            if b is None or a.members != b.members or a.estimator is not b.estimator:
                continue
            objs[key] = replace(
                a, status=_join_status(a.status, b.status), clone_trap=a.clone_trap or b.clone_trap
            )
        result = State(names, objs, kinds)
    return result


@dataclass(frozen=True)
class Finding:
    """A use of an object in a known fit state."""

    code: str  # HP201, HP202 or HP203
    node: cst.CSTNode  # the attribute name or the method call
    statement: int
    estimator: Estimator
    # How the source names the object (``model``), or None for an unnamed expression.
    name: str | None
    member: str  # the attribute or method
    clone_trap: str | None = None


class Read(NamedTuple):
    """A member (attribute or method) read on an estimator object of a known class.

    ``key`` is the id of the construction call that built the object (of a helper's or a
    ``clone`` call when that built it), or None when only its class is known (the object
    escaped, or is a module's estimator read in a function)."""

    key: int | None
    qualname: str
    member: str


@dataclass(frozen=True)
class Analysis:
    """What the pass finds: the fit-state findings, and every member read on an object of a
    known class (what other rules learn from how the code uses its estimators)."""

    findings: tuple[Finding, ...]
    reads: frozenset[Read]


class _Scope(Forward[State]):
    """Runs one scope's flow (``model/flow.py``) over abstract states and records findings.

    The control flow (branches, loops to a fixed point, ``try``/``with`` bodies an exception
    may leave after any statement, jumps) is the shared engine's; this class says what each
    statement does to the objects and their names."""

    def __init__(self, analysis: _Analysis, index: int, owner: cst.Module | cst.FunctionDef) -> None:
        super().__init__()
        self.analysis = analysis
        self.catalog = analysis.catalog
        self.scopes = analysis.scopes
        self.index = index
        self.owner = owner
        self.module_level = type(owner) is cst.Module
        self.statement = 0
        # The place of the statement being run (for questions to the value analysis).
        self.place: Place | None = None
        # The names the comprehensions being run bind (they hide the scope's names).
        self.hidden: list[frozenset[str]] = []
        self.suppressed = 0
        # Per enclosing guarded body: whether its code expects the error (silent inside).
        self.expecting: list[bool] = []

    def run_scope(self) -> None:
        self.run(self.scopes.flow(self.index), State())

    # ------------------------------------------------------------------ the engine's hooks

    def join(self, states: Iterable[State | None]) -> State | None:
        return join(states)

    def copy(self, state: State) -> State:
        return state.copy()

    def widen(self) -> State:
        return State()

    def opaque(self, state: State) -> State:
        state.clear()
        return state

    def idle(self, place: Place, state: State) -> bool:
        """Whether a statement of the module can be skipped: nothing is tracked and it
        constructs nothing (most of a long notebook). (Classes are kept: the statement may
        rebind a name whose object escaped.)"""
        return (
            self.module_level and not state.objs and not state.kinds
            and place.statement not in self.analysis.busy
        )

    def step(self, order: int, state: State) -> State | None:
        node, place = self.scopes.statement(order)
        if node is self.owner or self.idle(place, state):
            return state  # (a function's own ``def``: its parameters are bound there)
        self.statement, self.place = place.statement, place
        kind = type(node)
        if kind is cst.If:
            assert isinstance(node, cst.If)
            self.use(node.test, state)
        elif kind is cst.For:
            assert isinstance(node, cst.For)
            self.bind(node.target, None, state)
        elif kind is cst.While:
            assert isinstance(node, cst.While)
            self.use(node.test, state)
        elif kind is cst.With:
            assert isinstance(node, cst.With)
            for item in node.items:
                self.use(item.item, state)
                if item.asname is not None:
                    self.bind(item.asname.name, None, state)
        elif kind is cst.ExceptHandler or kind is cst.ExceptStarHandler:
            assert isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler))
            if node.type is not None:
                self.use(node.type, state)
            if node.name is not None:
                self.bind(node.name.name, None, state)
        elif kind is cst.FunctionDef or kind is cst.ClassDef:
            assert isinstance(node, (cst.FunctionDef, cst.ClassDef))
            self.definition(node, state)
        elif kind is cst.Match:
            assert isinstance(node, cst.Match)
            self.use(node.subject, state)
        elif kind is cst.MatchCase:
            assert isinstance(node, cst.MatchCase)
            for name in _names_in(node.pattern):
                self.kill(name, state)
            if node.guard is not None:
                self.use(node.guard, state)
        elif kind is cst.Break or kind is cst.Continue:
            pass  # the engine carries the state to the loop
        elif isinstance(node, cst.BaseSmallStatement):
            return self.small(node, state)
        elif kind is not cst.Try and kind is not cst.TryStar:
            self.forget(node, state)  # anything else: forget every name it mentions
        return state

    def definition(self, node: cst.FunctionDef | cst.ClassDef, state: State) -> None:
        for decorator in node.decorators:
            self.use(decorator.decorator, state)
        if type(node) is cst.ClassDef:
            assert isinstance(node, cst.ClassDef)
            for base in (*node.bases, *node.keywords):
                self.use(base.value, state)
        self.kill(node.name.value, state)
        self.analysis.queue(node)

    def before_loop(self, header: int, state: State) -> State:
        return self.loop_edge(header, state, cst.For)  # a ``for``'s iterable, once

    def after_loop(self, header: int, state: State) -> State:
        return self.loop_edge(header, state, cst.While)  # a ``while``'s last test

    def loop_edge(self, header: int, state: State, kind: type[cst.For] | type[cst.While]) -> State:
        node, place = self.scopes.statement(header)
        if type(node) is kind and not self.idle(place, state):
            assert isinstance(node, (cst.For, cst.While))
            self.statement, self.place = place.statement, place
            self.use(node.iter if isinstance(node, cst.For) else node.test, state)
        return state

    def enter_guard(self, header: int) -> None:
        node = self.scopes.statement(header)[0]
        if isinstance(node, (cst.Try, cst.TryStar)):
            expecting = any(_expects_unfitted(handler) for handler in node.handlers)
        else:
            assert isinstance(node, cst.With)
            expecting = _expects_error(node)
        self.expecting.append(expecting)
        self.suppressed += expecting

    def exit_guard(self, header: int) -> None:
        self.suppressed -= self.expecting.pop()

    def leaving(self, tries: Sequence[int], state: State) -> State:
        # The ``finally`` clauses between the jump and its loop run: forget what they touch.
        for header in tries:
            for name in self.analysis.finally_names(header):
                self.escape(state.ref(name), state)
        return state

    # ------------------------------------------------------------------ statements

    def small(self, node: cst.BaseSmallStatement, state: State) -> State | None:
        if type(node) is cst.Expr:
            self.value(node.value, state)
            return state
        if type(node) is cst.Assign:
            ref = self.value(node.value, state)
            for target in node.targets:
                self.bind(target.target, ref, state)
            return state
        if type(node) is cst.AnnAssign:
            if node.value is not None:
                self.bind(node.target, self.value(node.value, state), state)
            return state
        if type(node) is cst.AugAssign:
            self.use(node.value, state)
            self.bind(node.target, None, state)
            return state
        if type(node) is cst.Return:
            if node.value is not None:
                self.use(node.value, state)
            return None
        if type(node) is cst.Raise:
            for part in (node.exc, node.cause):
                if part is not None:
                    self.use(part if isinstance(part, cst.BaseExpression) else part.item, state)
            return None
        if type(node) is cst.Del:
            for name in _names_in(node.target):
                self.kill(name, state)
            return state
        if type(node) is cst.Global or type(node) is cst.Nonlocal:
            for item in node.names:
                self.kill(item.name.value, state)
            return state
        if type(node) is cst.Import or type(node) is cst.ImportFrom:
            if type(node) is cst.ImportFrom and type(node.names) is cst.ImportStar:
                state.names.clear()
                state.kinds.clear()
            for local, _ in import_bindings(node):
                self.kill(local, state)
            return state
        if type(node) is cst.Assert:
            self.use(node.test, state)
            if node.msg is not None:
                self.use(node.msg, state)
            return state
        self.forget(node, state)
        return state

    # ------------------------------------------------------------------ bindings

    def bind(self, target: cst.BaseExpression, ref: int | None, state: State) -> None:
        if type(target) is cst.Name:
            self.kill(target.value, state)
            if ref is not None and target.value not in self.analysis.captured(self.owner):
                state.names[target.value] = ref
                obj = state.objs.get(ref)
                if obj is not None:
                    state.kinds[target.value] = obj.estimator
            return
        # Stored in an attribute, a container or unpacked: the object escapes.
        self.escape(ref, state)
        if type(target) is cst.Attribute:
            # ``obj.sum_inertia_ = 0``: obj now has that attribute, whatever its class.
            self.unknown_attributes(target, state)
        if type(target) is cst.Tuple or type(target) is cst.List:
            for element in target.elements:
                self.bind(element.value, None, state)
        elif type(target) is cst.StarredElement:
            self.bind(target.value, None, state)
        else:
            self.forget(target, state)

    def unknown_attributes(self, node: cst.BaseExpression, state: State) -> None:
        """The object ``node`` (an attribute chain's root name) may now have attributes
        its class does not: its class no longer says which it has."""
        while type(node) is cst.Attribute or type(node) is cst.Subscript:
            node = node.value
        if type(node) is cst.Name:
            self.escape(state.ref(node.value), state)
            state.kinds.pop(node.value, None)

    def kill(self, name: str, state: State) -> None:
        state.names.pop(name, None)
        state.kinds.pop(name, None)

    def escape(self, ref: int | None, state: State) -> None:
        """Forget an object, and everything it holds, for the rest of the scope."""
        if ref is None:
            return
        obj = state.objs.pop(ref, None)
        if obj is not None:
            self.unsettle_holders(ref, state)
            for member, _ in obj.members:
                self.escape(member, state)

    def unsettle_holders(self, ref: int, state: State) -> None:
        """What holds ``ref`` may answer from it: no longer certainly unfitted."""
        # Among the objects built holding others, not all objects: a fit or an escape
        # each, that made a file of many objects quadratic.
        for key in list(self.analysis.holders):
            holder = state.objs.get(key)
            if holder is not None and holder.status is Status.UNFITTED and any(m == ref for m, _ in holder.members):
                state.objs[key] = replace(holder, status=Status.MAYBE)
                self.unsettle_holders(key, state)

    def forget(self, node: cst.CSTNode, state: State) -> None:
        if not state.names:  # no name reaches an object: nothing to look for
            return
        for name in _names_in(node):
            self.escape(state.ref(name), state)

    def fit(self, ref: int, state: State) -> None:
        obj = state.objs.get(ref)
        if obj is None:
            return
        state.objs[ref] = replace(obj, status=Status.FITTED, clone_trap=None)
        self.unsettle_holders(ref, state)
        for member, mode in obj.members:
            if mode == "in_place":
                self.fit(member, state)

    def trap(self, ref: int | None, trap: str, state: State) -> None:
        obj = None if ref is None else state.objs.get(ref)
        if ref is None or obj is None:
            return
        state.objs[ref] = replace(obj, clone_trap=obj.clone_trap or trap)
        for member, _ in obj.members:
            self.trap(member, trap, state)

    # ------------------------------------------------------------------ expressions

    def use(self, node: cst.BaseExpression, state: State) -> None:
        """Evaluate an expression whose value flows somewhere unknown."""
        self.escape(self.value(node, state), state)

    def look(self, node: cst.BaseExpression, state: State) -> None:
        """Evaluate an expression whose value is only looked at."""
        self.value(node, state)

    def value(self, node: cst.BaseExpression, state: State) -> int | None:
        """Evaluate ``node``; the key of the tracked object it yields, if any."""
        if type(node) is cst.Name:
            return state.ref(node.value)
        if type(node) is cst.Attribute:
            return self.attribute(node, state)
        if type(node) is cst.Call:
            return self.call(node, state)
        if type(node) in _CONSTANTS:
            return None
        if type(node) is cst.NamedExpr:
            ref = self.value(node.value, state)
            self.bind(node.target, ref, state)
            return ref
        if type(node) is cst.Comparison:
            self.look(node.left, state)
            for comparison in node.comparisons:
                self.look(comparison.comparator, state)
            return None
        if type(node) is cst.UnaryOperation:
            self.look(node.expression, state)
            return None
        if type(node) is cst.FormattedString:
            for part in node.parts:
                if type(part) is cst.FormattedStringExpression:
                    self.look(part.expression, state)
            return None
        if type(node) is cst.BooleanOperation or type(node) is cst.IfExp:
            self.branching(node, state)
            return None
        if type(node) in _EAGER:
            assert isinstance(node, (cst.ListComp, cst.SetComp, cst.DictComp))
            self.comprehension(node, state)
            return None
        if type(node) in _DEFERRED:
            # Runs later or not at all: forget everything it mentions.
            self.forget(node, state)
            return None
        # Anything else (containers, operators, subscripts, yield ...): evaluate the parts,
        # then forget every object it mentions, since its value may hold or reach them.
        for child in children(node):
            inner = child if _is_expression(child) else getattr(child, "value", None)
            if _is_expression(inner):
                self.use(inner, state)
        self.forget(node, state)
        return None

    def comprehension(self, node: cst.ListComp | cst.SetComp | cst.DictComp, state: State) -> None:
        """A list, set or dict comprehension: its first iterable runs here, the rest any
        number of times (none included) in a scope of its own, where its targets hide the
        enclosing names."""
        self.use(node.for_in.iter, state)
        targets: set[str] = set()
        for_in: cst.CompFor | None = node.for_in
        while for_in is not None:
            targets.update(_names_in(for_in.target))
            for_in = for_in.inner_for_in
        self.hidden.append(frozenset(targets))

        def once(entry: State) -> State:
            inner = entry.copy()
            for name in targets:
                self.kill(name, inner)
            for_in: cst.CompFor | None = node.for_in
            first = True
            while for_in is not None:
                if not first:
                    self.use(for_in.iter, inner)
                first = False
                for condition in for_in.ifs:
                    self.use(condition.test, inner)
                for_in = for_in.inner_for_in
            if isinstance(node, cst.DictComp):
                self.use(node.key, inner)
                self.use(node.value, inner)
            else:
                self.use(node.elt, inner)
            # The comprehension's own names end with it: the enclosing ones stand again.
            for name in targets:
                self.kill(name, inner)
                if name in entry.names:
                    inner.names[name] = entry.names[name]
                if name in entry.kinds:
                    inner.kinds[name] = entry.kinds[name]
            joined = join([entry, inner])
            assert joined is not None
            return joined

        # The first iteration starts from here: what it reads unfitted raises (when the
        # comprehension runs at all). The later ones run silently to the fixed point,
        # which is the state after it.
        head = once(state)
        self.quiet += 1
        for _ in range(self.max_passes):
            grown = once(head)
            if grown == head:
                break
            head = grown
        else:
            head = State()
        self.quiet -= 1
        self.hidden.pop()
        state.names, state.objs, state.kinds = head.names, head.objs, head.kinds

    def branching(self, node: cst.BooleanOperation | cst.IfExp, state: State) -> None:
        if isinstance(node, cst.BooleanOperation):
            self.use(node.left, state)
            other = state.copy()
            self.use(node.right, other)
        else:
            self.use(node.test, state)
            other = state.copy()
            self.use(node.body, state)
            self.use(node.orelse, other)
        merged = join([state, other])
        assert merged is not None
        state.names, state.objs, state.kinds = merged.names, merged.objs, merged.kinds

    def attribute(self, node: cst.Attribute, state: State) -> int | None:
        ref = self.value(node.value, state)
        obj = None if ref is None else state.objs.get(ref)
        if ref is None or obj is None:
            kind = self.class_of(node.value, state)
            if kind is not None:
                self.analysis.reads.add(Read(None, kind.qualname, node.attr.value))
            if kind is not None and _unknown_attribute(node.attr.value, kind):
                self.report("HP203", node.attr, node.value, Obj(kind, Status.MAYBE), node.attr.value)
            return None
        name = node.attr.value
        estimator = obj.estimator
        self.analysis.reads.add(Read(ref, estimator.qualname, name))
        if name.endswith("_") and not name.startswith("_"):
            self.check_attribute(node, obj, state)
        elif obj.members or name in estimator.methods:
            # A bound method or a parameter holding other estimators: anything may follow.
            self.escape(ref, state)
        return None

    def class_of(self, node: cst.BaseExpression, state: State) -> Estimator | None:
        """The class of what a name holds (it may have escaped), or of ``self.<name>`` as
        the class's methods assign it; None when unknown."""
        if type(node) is cst.Name:
            assert isinstance(node, cst.Name)
            kind = state.kinds.get(node.value)
            return kind if kind is not None else self.enclosing_class(node.value)
        if type(node) is not cst.Attribute or type(self.owner) is not cst.FunctionDef:
            return None
        assert isinstance(self.owner, cst.FunctionDef)
        held = self.analysis.facts.derived(instance_attributes).value(self.owner, node)
        if type(held) is not cst.Call:
            return None
        assert isinstance(held, cst.Call)
        return self.analysis.estimator_of(held)

    def enclosing_class(self, name: str) -> Estimator | None:
        """The class of the object a name not bound here holds (a module's estimator read
        in a function), from the value analysis: every definition that can reach the read
        is a construction of that one class, and nothing on the way or after the ``def``
        changes the object other than by calling its methods (an attribute set on it, or
        ``setattr``/``vars`` anywhere, and the class no longer says what it has). Its fit
        state stays unknown: the function may run before or after any fit."""
        if self.index == 0 or self.place is None or self.is_hidden(name):
            return None
        if self.analysis.sets_attributes or name not in self.analysis.module_estimators():
            return None
        values = self.scopes.values_of(name, self.place, calls_change=False)
        if not values:
            return None
        classes: list[Estimator] = []
        for value in values:
            if value.place.scope == self.index or type(value.value) is not cst.Call:
                return None  # (this scope's own names are the state's)
            if any(use.kind != "call" for use in value.uses):
                return None
            estimator = self.analysis.estimator_of(value.value)
            if estimator is None:
                return None
            classes.append(estimator)
        return _one_class(classes)

    def is_hidden(self, name: str) -> bool:
        return any(name in hidden for hidden in self.hidden)

    def helper(self, node: cst.Call, name: str, state: State) -> int | None:
        """The object a call of a same-file function returns (``m = build()`` after
        ``def build(): return make_pipeline(...)``), from the value analysis: a function
        whose every ``return`` builds a new object (a construction, a factory, a method of
        a new object that returns it). With one ``return``: that object, in the state the
        expression leaves it (names of the function read there are unknown: an object
        given to the construction from outside makes it maybe fitted). With several: an
        object of their one class in an unknown fit state."""
        if self.analysis.following or self.place is None or self.is_hidden(name):
            return None
        if not self.analysis.may_build(name):
            return None  # (a builtin, mostly: not worth a question)
        returned = self.scopes.returned(name, self.place)
        if not returned:
            return None
        built: list[tuple[int, State]] = []
        # Evaluated silently, once: a helper called in a helper is not followed.
        self.analysis.following = True
        self.quiet += 1
        for value in returned:
            scratch = State()
            plain = type(value.value) is cst.Call and not _may_be_prefit(value.value)
            ref = self.value(value.value, scratch) if plain else None
            if ref is None or ref not in scratch.objs:
                break
            built.append((ref, scratch))
        self.quiet -= 1
        self.analysis.following = False
        if len(built) != len(returned):
            return None
        if len(built) == 1:
            ((ref, scratch),) = built
            for key, obj in scratch.objs.items():
                # A new object: names bound to the one the last call built are forgotten.
                for held in [n for n, k in state.names.items() if k == key]:
                    del state.names[held]
                state.objs[key] = obj
            return ref
        kind = _one_class([scratch.objs[ref].estimator for ref, scratch in built])
        if kind is None:
            return None
        return self.new(node, Obj(kind, Status.MAYBE, born=Status.MAYBE), state)

    def check_attribute(self, node: cst.Attribute, obj: Obj, state: State) -> None:
        name = node.attr.value
        estimator = obj.estimator
        if name in estimator.learned_attributes or name in COMMON_LEARNED:
            unfitted = estimator.unfitted_attributes
            readable = name in unfitted if unfitted is not None else name in estimator.properties
            if obj.status is Status.UNFITTED and not readable:
                self.report("HP201", node.attr, node.value, obj, name)
        elif _unknown_attribute(name, estimator):
            self.report("HP203", node.attr, node.value, obj, name)

    def call(self, node: cst.Call, state: State) -> int | None:
        func = node.func
        construction = self.analysis.constructions.get(id(node))
        if construction is not None:
            return self.construct(node, construction, state)
        qualname = self.analysis.facts.resolver.resolve(func)
        if qualname is None and type(func) is cst.Attribute:
            ref = self.value(func.value, state)
            if ref is not None and ref in state.objs:
                return self.method(node, func, ref, state)
            # An escaped object's method: its class only (the scope's own names; asking
            # the value analysis about every method call would cost more than it finds).
            base = func.value
            kind = None
            if type(base) is cst.Name:
                assert isinstance(base, cst.Name)
                kind = state.kinds.get(base.value)
            if kind is not None:
                self.analysis.reads.add(Read(None, kind.qualname, func.attr.value))
            self.args(node, state)
            return None
        if qualname is not None:
            factory = self.catalog.factory(qualname)
            if factory is not None:
                return self.construct(node, factory, state)
            cloning = self.catalog.cloning_function(qualname)
            if cloning is not None:
                return self.cloning(node, cloning, state)
        if type(func) is cst.Name:
            if func.value in _OPAQUE_CALLS:
                # ``%run``, ``exec(...)``, ``timeit(..., globals=globals())``: code that
                # hplint cannot see may use or rebind any name.
                state.clear()
                return None
            bindings = self.analysis.facts.resolver.bindings
            if func.value == "setattr" and node.args and not bindings.is_bound("setattr"):
                self.unknown_attributes(node.args[0].value, state)
            if func.value in _HARMLESS_CALLS and not bindings.is_bound(func.value):
                for arg in node.args:
                    self.look(arg.value, state)
                return None
        self.use(func, state)
        self.args(node, state)
        if type(func) is cst.Name and qualname is None:
            return self.helper(node, func.value, state)
        return None

    def args(self, node: cst.Call, state: State) -> None:
        for arg in node.args:
            self.use(arg.value, state)

    def method(self, node: cst.Call, func: cst.Attribute, ref: int, state: State) -> int | None:
        obj = state.objs[ref]
        name = func.attr.value
        estimator = obj.estimator
        self.analysis.reads.add(Read(ref, estimator.qualname, name))
        self.args(node, state)
        if ref not in state.objs:  # passed as its own argument
            return None
        if name in FITTING_METHODS or name.startswith("fit"):
            self.fit(ref, state)
            return ref if name in _RETURNS_SELF else None
        if name in estimator.fitted_methods and obj.status is Status.UNFITTED:
            self.report("HP202", func.attr, func.value, obj, name)
        if name in estimator.methods and not obj.members:
            if name not in _PURE_METHODS and obj.status is Status.UNFITTED:
                # Code after it runs only if the call worked or its error was caught, and
                # some methods set learned attributes themselves (``CountVectorizer``).
                state.objs[ref] = replace(obj, status=Status.MAYBE)
                self.unsettle_holders(ref, state)
            return ref if name in _RETURNS_SELF else None
        self.escape(ref, state)
        return None

    def construct(self, node: cst.Call, estimator: Estimator, state: State) -> int:
        members: list[tuple[int, str]] = []
        modes = estimator.estimator_parameters
        positional = estimator.positional_parameters
        is_factory = self.analysis.constructions.get(id(node)) is None
        complete = True
        memory = any(
            arg.keyword is not None and arg.keyword.value == "memory"
            and literal_value(arg.value) is not None
            for arg in node.args
        )
        for index, arg in enumerate(node.args):
            if arg.star:
                self.use(arg.value, state)
                continue
            if is_factory:
                mode = None if arg.keyword is not None else _factory_mode(estimator)
            elif arg.keyword is not None:
                mode = modes.get(arg.keyword.value)
            else:
                mode = modes.get(positional[index].name) if index < len(positional) else None
            if mode is None:
                self.use(arg.value, state)
                continue
            found, known = self.members(arg.value, state)
            complete = complete and known
            if mode == "uses":
                for ref in found:
                    self.escape(ref, state)
                continue
            if mode == "clone":
                for ref in found:
                    self.trap(ref, estimator.name, state)
            members.extend((ref, mode) for ref in found)
        if memory and estimator.name == "Pipeline":
            # Transformers are cloned through the cache; only the last step is fitted.
            for ref, _ in members[:-1]:
                self.escape(ref, state)
            members = members[-1:]
        # A meta-estimator may answer from the estimators it holds (``FixedThresholdClassifier``
        # wrapping a fitted classifier, a pipeline whose steps are fitted): unfitted only
        # when everything it holds is known and unfitted.
        held_unfitted = complete and all(
            ref in state.objs and state.objs[ref].status is Status.UNFITTED for ref, _ in members
        )
        born = (
            Status.UNFITTED
            if estimator.requires_fit and not _prefit(node) and held_unfitted
            else Status.MAYBE
        )
        return self.new(node, Obj(estimator, born, members=tuple(members), born=born), state)

    def new(self, node: cst.Call, obj: Obj, state: State) -> int:
        key = id(node)
        # The same call met again (in a loop) builds a different object: names bound to the
        # earlier one are forgotten. Containers still holding it can only fit it, which
        # only ever silences a finding. A call met the first time has no names to forget:
        # not looking is what keeps a file of many constructions linear.
        if key in self.analysis.built:
            for name in [n for n, k in state.names.items() if k == key]:
                del state.names[name]
        self.analysis.built.add(key)
        if obj.members:
            self.analysis.holders.add(key)
        state.objs[key] = obj
        return key

    def members(self, node: cst.BaseExpression, state: State) -> tuple[list[int], bool]:
        """Tracked objects in a (nested) list or tuple literal of steps, or the object.

        The flag is False when some part is neither tracked nor a literal (an estimator
        hplint does not follow may sit there, in any fit state).
        """
        if type(node) is cst.List or type(node) is cst.Tuple:
            found: list[int] = []
            complete = True
            for element in node.elements:
                if type(element) is cst.StarredElement:
                    self.use(element.value, state)
                    complete = False
                else:
                    refs, known = self.members(element.value, state)
                    found.extend(refs)
                    complete = complete and known
            return found, complete
        ref = self.value(node, state)
        if ref is not None:
            return [ref], True
        return [], literal_value(node) is not NOT_LITERAL

    def cloning(self, node: cst.Call, function: str, state: State) -> int | None:
        given: cst.BaseExpression | None = None
        for index, arg in enumerate(node.args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if given is None and not arg.star and (
                keyword == "estimator" or (keyword is None and index == 0)
            ):
                given = arg.value
                continue
            self.use(arg.value, state)
        if given is None:
            return None
        ref = self.value(given, state)
        obj = None if ref is None else state.objs.get(ref)
        if ref is None or obj is None:
            return None
        short = function.rpartition(".")[2]
        if short == "clone":
            return self.new(node, Obj(obj.estimator, obj.born, born=obj.born), state)
        self.trap(ref, short, state)
        return None

    # ------------------------------------------------------------------ findings

    def report(self, code: str, node: cst.CSTNode, base: cst.BaseExpression, obj: Obj,
               member: str) -> None:
        if self.quiet or self.suppressed:
            return
        name = base.value if isinstance(base, cst.Name) else None
        trap = obj.clone_trap if code != "HP203" else None
        self.analysis.found.setdefault(
            (id(node), code),
            Finding(code, node, self.statement, obj.estimator, name, member, trap),
        )


def _last_returned(function: cst.FunctionDef) -> cst.BaseExpression:
    """What the ``return`` that ends a function returns (``None`` when it ends otherwise)."""
    body = function.body
    last = body.body[-1] if isinstance(body, cst.IndentedBlock) and body.body else None
    if type(last) is cst.SimpleStatementLine:
        assert isinstance(last, cst.SimpleStatementLine)
        small = last.body[-1] if last.body else None
        if type(small) is cst.Return:
            assert isinstance(small, cst.Return)
            if small.value is not None:
                return small.value
    return _NONE


_NONE = cst.Name("None")


def _one_class(classes: Sequence[Estimator]) -> Estimator | None:
    """The class all of ``classes`` are, if they are one."""
    return classes[0] if classes and all(c is classes[0] for c in classes) else None


def _unknown_attribute(name: str, estimator: Estimator) -> bool:
    """Whether ``name`` (a public ``name_``) is no attribute an object of the class has."""
    return (
        name.endswith("_")
        and not name.startswith("_")
        and name not in estimator.learned_attributes
        and name not in COMMON_LEARNED
        and bool(estimator.learned_attributes)
        and not estimator.dynamic_attributes
        and name not in estimator.methods
        and name not in estimator.properties
        and name not in estimator.assigned_attributes
    )


def _prefit(node: cst.Call) -> bool:
    """``SelectFromModel(m, prefit=True)``, ``cv="prefit"``, ``CountVectorizer(vocabulary=v)``:
    an estimator that works without being fitted."""
    for arg in node.args:
        if arg.keyword is not None and arg.keyword.value in _USABLE_UNFITTED:
            if literal_value(arg.value) not in (False, None):
                return True
        elif type(arg.value) in _STRINGS and literal_value(arg.value) == "prefit":
            # Only a string literal can be "prefit": no other argument is evaluated.
            return True
    return False


# Arguments whose value may make an estimator usable without fit (``_prefit``).
_PREFIT_KEYWORDS = frozenset({*_USABLE_UNFITTED, "cv"})


def _may_be_prefit(node: cst.BaseExpression) -> bool:
    """Whether a construction of a helper may be given, through the helper's parameters,
    what makes it usable unfitted (``cv=cv`` holding ``"prefit"``): ``_prefit`` sees only
    literals, and a helper's parameters are the usual way such a value comes in."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if type(current) is cst.Arg:
            assert isinstance(current, cst.Arg)
            keyword = current.keyword
            if current.star or (
                keyword is not None and keyword.value in _PREFIT_KEYWORDS
                and literal_value(current.value) is NOT_LITERAL
            ):
                return True
        stack.extend(every_child(current))
    return False


def _factory_mode(estimator: Estimator) -> str | None:
    modes = set(estimator.estimator_parameters.values())
    return modes.pop() if len(modes) == 1 else None


def _expects_unfitted(handler: cst.ExceptHandler | cst.ExceptStarHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elements if isinstance(handler.type, cst.Tuple) else None
    exprs = [e.value for e in types] if types is not None else [handler.type]
    for expr in exprs:
        parts = dotted_parts(expr)
        if parts is None or parts[-1] in _EXPECTING_HANDLERS:
            return True
    return False


def _names_in(node: cst.CSTNode | None) -> Iterator[str]:
    """Every simple name mentioned anywhere below ``node`` (attribute names excepted)."""
    if node is None:
        return
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if type(current) is cst.Name:
            yield current.value
        elif type(current) is cst.Attribute:
            stack.append(current.value)
        else:
            stack.extend(every_child(current))


_EXPRESSION_TYPES: dict[type, bool] = {}


def _is_expression(value: object) -> TypeGuard[cst.BaseExpression]:
    """``isinstance(value, cst.BaseExpression)``, cached per type: LibCST's ABC checks are slow."""
    known = _EXPRESSION_TYPES.get(type(value))
    if known is None:
        known = _EXPRESSION_TYPES[type(value)] = isinstance(value, cst.BaseExpression)
    return known


def _params(params: cst.Parameters) -> list[cst.Param]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            found.append(star)
    return found


# What ``_Captures`` looks at: names, and what captures them. Exact types, as elsewhere.
_NAME_BEARERS = frozenset(
    {cst.Name, cst.Attribute, cst.Global, cst.Nonlocal, cst.FunctionDef, cst.ClassDef, cst.Lambda}
)


class _Captures:
    """The names that nested code may touch, for the module and every function in it.

    A scope's captured names are those its nested functions, lambdas and classes may read
    or rebind (every name in their bodies, their own parameters excepted: an
    over-approximation), and those it declares ``global`` or ``nonlocal``. A binding of a
    captured name is not followed. All scopes are gathered in one walk, since a function's
    body is walked anyway for the names its enclosing scope captures from it.

    Only the module's ``definitions`` are walked (``ModuleFacts.definitions``: every
    definition and declaration, each after the one enclosing it), not the code around
    them: each one not met inside an earlier one sits in the module's scope.
    """

    def __init__(self, definitions: Sequence[Definition]) -> None:
        self.functions: dict[int, frozenset[str]] = {}
        # The definitions and declarations walked so far.
        self.met: set[int] = set()
        captured: set[str] = set()
        for definition in definitions:
            if id(definition) not in self.met:
                self._names([definition], captured)
        self.module = frozenset(captured)

    def _names(self, roots: Iterable[cst.CSTNode], captured: set[str] | None) -> set[str]:
        """Every name below ``roots`` (as ``_names_in``); adds to ``captured`` the names
        that the definitions and declarations met on the way capture (None: in no scope,
        as in a class body or a lambda)."""
        names: set[str] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            if type(node) not in _NAME_BEARERS:
                stack.extend(every_child(node))
            elif type(node) is cst.Name:
                names.add(node.value)
            elif type(node) is cst.Attribute:
                stack.append(node.value)
            elif type(node) is cst.Global or type(node) is cst.Nonlocal:
                self.met.add(id(node))
                declared = {item.name.value for item in node.names}
                names |= declared
                if captured is not None:
                    captured |= declared
            elif (
                type(node) is cst.FunctionDef
                or type(node) is cst.ClassDef
                or type(node) is cst.Lambda
            ):
                names |= self._definition(node, captured)
        return names

    def _definition(self, node: cst.FunctionDef | cst.ClassDef | cst.Lambda,
                    captured: set[str] | None) -> set[str]:
        self.met.add(id(node))
        if type(node) is cst.FunctionDef:
            own: set[str] = set()
            inside = self._names([node.body], own)
            self.functions[id(node)] = frozenset(own)
        else:
            inside = self._names([node.body], None)
        if captured is not None:
            if isinstance(node, cst.ClassDef):
                captured |= inside
            else:
                captured |= inside - {p.name.value for p in _params(node.params)}
        # Decorators, parameters, defaults: names of the enclosing scope, but nothing there
        # is captured by it.
        outside = [child for child in every_child(node) if child is not node.body]
        return inside | self._names(outside, None)


class _Analysis:
    def __init__(self, facts: ModuleFacts, catalog: Catalog) -> None:
        self.facts = facts
        self.catalog = catalog
        self.scopes = facts.derived(module_scopes)
        self.constructions = {
            id(c.node): c.estimator for c in facts.constructions
        }
        # The names the module's ``def`` statements bind.
        self.functions = {d.name.value for d in facts.definitions if type(d) is cst.FunctionDef}
        # Per such name: whether some ``def`` of it returns calls only (see ``may_build``).
        self._builders: dict[str, bool] = {}
        self.busy = self.worth_running()
        # Whether some code may add attributes to any object (``setattr``, ``vars``).
        self.sets_attributes = any(
            site.callee in (("setattr",), ("vars",)) for site in facts.calls
        )
        # A helper's returned expression is being evaluated.
        self.following = False
        self._module_estimators: set[str] | None = None
        self.found: dict[tuple[int, str], Finding] = {}
        self.reads: set[Read] = set()
        self._captures: _Captures | None = None
        self._finally_names: dict[int, frozenset[str]] = {}
        self.pending: list[cst.FunctionDef | cst.ClassDef] = []
        self.queued: set[int] = set()
        # The objects built so far (keys: their calls' ids): only these can be bound to
        # names; and those of them built holding others, the only ones that can hold any.
        self.built: set[int] = set()
        self.holders: set[int] = set()

    def queue(self, node: cst.FunctionDef | cst.ClassDef) -> None:
        if id(node) not in self.queued:
            self.queued.add(id(node))
            self.pending.append(node)

    def captured(self, scope: cst.Module | cst.FunctionDef) -> frozenset[str]:
        """The names nested code may touch in ``scope`` (walked on first need: most
        functions never bind an estimator to a name)."""
        if self._captures is None:
            self._captures = _Captures(self.facts.definitions)
        if type(scope) is cst.Module:
            return self._captures.module
        return self._captures.functions[id(scope)]

    def worth_running(self) -> set[int]:
        """The module's top-level statements to run while nothing is tracked: those that
        construct something or call a function of the module (it may return a new
        object); and, when the module binds a name to a construction, every ``def`` and
        ``class`` (their code may read it)."""
        module = self.facts.module
        busy = {c.site.statement for c in self.facts.constructions}
        for site in self.facts.calls:
            if len(site.callee) == 1 and site.callee[0] in self.functions:
                busy.add(site.statement)
        if any(type(module.body[index]) is cst.SimpleStatementLine for index in busy):
            busy.update(
                index for index, top in enumerate(module.body)
                if type(top) is cst.FunctionDef or type(top) is cst.ClassDef
            )
        return busy

    def may_build(self, name: str) -> bool:
        """Whether some ``def`` of the module named ``name`` returns, with every
        ``return``, a construction or a method called on one (a cheap test, before asking
        which function a call reaches)."""
        found = self._builders.get(name)
        if found is None:
            found = self._builders[name] = name in self.functions and any(
                isinstance(d, cst.FunctionDef) and d.name.value == name
                and self.builds(_last_returned(d))  # (first: it reads no body)
                and (values := self.scopes.function_returns(d)) is not None
                and all(self.builds(v.value) for v in values)
                for d in self.facts.definitions
            )
        return found

    def builds(self, node: cst.BaseExpression) -> bool:
        """``SVC(...)``, ``make_pipeline(...)``, ``SVC().fit(X, y)``."""
        while type(node) is cst.Call:
            assert isinstance(node, cst.Call)
            if self.estimator_of(node) is not None:
                return True
            func = node.func
            if type(func) is not cst.Attribute:
                return False
            assert isinstance(func, cst.Attribute)
            node = func.value
        return False

    def module_estimators(self) -> set[str]:
        """The names the module binds to a construction somewhere (computed on first need)."""
        if self._module_estimators is None:
            self._module_estimators = {
                name for name, value in self.scopes.assigned(0)
                if isinstance(value, cst.Call) and self.estimator_of(value) is not None
            }
        return self._module_estimators

    def estimator_of(self, node: cst.Call) -> Estimator | None:
        """The class a call constructs (directly or through a factory), if any."""
        estimator = self.constructions.get(id(node))
        if estimator is None:
            qualname = self.facts.resolver.resolve(node.func)
            estimator = None if qualname is None else self.catalog.factory(qualname)
        return estimator

    def finally_names(self, header: int) -> frozenset[str]:
        """The names the ``finally`` clause of the ``try`` at ``header`` mentions."""
        found = self._finally_names.get(header)
        if found is None:
            node = self.scopes.statement(header)[0]
            assert isinstance(node, (cst.Try, cst.TryStar))
            found = self._finally_names[header] = frozenset(_names_in(node.finalbody))
        return found

    def run(self) -> Analysis:
        _Scope(self, 0, self.facts.module).run_scope()
        while self.pending:
            node = self.pending.pop()
            if isinstance(node, cst.ClassDef):
                # Class-level statements are not followed; their methods are.
                for item in node.body.body:
                    if isinstance(item, (cst.FunctionDef, cst.ClassDef)):
                        self.queue(item)
                continue
            index = self.scopes.body_of(node)
            if index is not None:
                _Scope(self, index, node).run_scope()
        return Analysis(tuple(self.found.values()), frozenset(self.reads))


def analyze(facts: ModuleFacts, catalog: Catalog) -> Analysis:
    """Every certainly-unfitted use and unknown learned attribute in the module, and the
    members read on objects of a known class."""
    if not facts.constructions:
        return Analysis((), frozenset())
    return _Analysis(facts, catalog).run()
