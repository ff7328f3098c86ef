"""One pass over a module's syntax tree that gathers every fact the rules read.

The walk does not use ``CSTVisitor`` or LibCST's metadata providers: a visitor dispatches
on every node (about one parse's worth of time) and the scope/qualified-name providers
cost several parses more. Instead it follows only the fields of each node type that can
hold other nodes, never descends into whitespace, tokens or leaves, and records bindings
and calls as it goes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Final, TypeAlias, TypeVar

import libcst as cst

from hplint.model.names import Bindings, dotted_parts, import_bindings

# Fields that only hold whitespace, punctuation or formatting, never code.
_FORMATTING_FIELDS: Final = frozenset(
    {
        "lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators",
        "header", "footer", "trailing_whitespace", "newline", "equal", "colon", "dot",
        "star", "lbracket", "rbracket", "lbrace", "rbrace", "indent", "operator",
        "asynchronous", "default_indent", "default_newline", "encoding",
        "has_trailing_newline", "arrow", "prefix", "quote", "start", "end",
    }
)  # fmt: skip

# Nodes with nothing below them that any rule needs.
_LEAVES: Final = (cst.Name, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)

V = TypeVar("V")


class _TypeCache(dict[type, V]):
    """What ``compute`` says of each type, computed on first lookup: once a type was seen,
    ``cache[type]`` costs one dict lookup (``__missing__`` runs only on a miss)."""

    def __init__(self, compute: Callable[[type], V], known: dict[type, V] | None = None) -> None:
        super().__init__(known or {})
        self.compute = compute

    def __missing__(self, key: type) -> V:
        value = self[key] = self.compute(key)
        return value


def _fields_of(node_type: type) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in dataclasses.fields(node_type)
        if f.name not in _FORMATTING_FIELDS and not f.name.startswith("whitespace")
    )


# The fields of each node type that may hold code, in order.
_child_fields: Final = _TypeCache(_fields_of)


# The same, last first.
_reversed_fields: Final = _TypeCache(lambda node_type: _child_fields[node_type][::-1])


def _kind_of(value_type: type) -> int:
    return int(issubclass(value_type, cst.CSTNode) and not issubclass(value_type, _LEAVES))


# What a field value's type is to the walk: 1 a node to visit, 2 a sequence to look
# into, 0 anything else (a leaf, a string, None). Cached per type: ``isinstance`` against
# LibCST's abstract base classes is slow enough to matter on every field of every node.
_kinds: Final = _TypeCache(_kind_of, {tuple: 2, list: 2})


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes of ``node`` that can hold code, in source order."""
    kinds = _kinds
    found: list[cst.CSTNode] = []
    for name in _child_fields[type(node)]:
        value = getattr(node, name)
        kind = kinds[type(value)]
        if kind == 1:
            found.append(value)
        elif kind == 2:
            for item in value:
                if kinds[type(item)] == 1:
                    found.append(item)
    return found


# Whether a type is a LibCST node (``issubclass`` against LibCST's ABCs is slow: cached).
_node_types: Final = _TypeCache(lambda value_type: issubclass(value_type, cst.CSTNode))


def every_child(node: cst.CSTNode) -> list[cst.CSTNode]:
    """All child nodes that can hold code, names and other leaves included (``children``
    leaves them out). Punctuation and formatting (commas, parentheses, blank lines) are
    skipped: no name is ever below them."""
    found: list[cst.CSTNode] = []
    for name in _child_fields[type(node)]:
        value = getattr(node, name)
        value_type = type(value)
        if value_type is tuple or value_type is list:
            # LibCST's sequence fields only ever hold nodes.
            found.extend(value)
        elif _node_types[value_type]:
            found.append(value)
    return found


@dataclasses.dataclass(frozen=True)
class CallSite:
    """A call whose callee is a dotted name (``SVC(...)``, ``svm.SVC(...)``)."""

    node: cst.Call
    callee: tuple[str, ...]
    # Index of the top-level statement that contains the call (for positions).
    statement: int
    # Inside ``with pytest.raises(...)`` or ``self.assertRaises(...)``: the code expects
    # the error, so no rule reports it.
    expects_error: bool = False


# What opens a scope that may capture names, or declares names captured.
Definition: TypeAlias = cst.FunctionDef | cst.ClassDef | cst.Lambda | cst.Global | cst.Nonlocal


@dataclasses.dataclass
class RawFacts:
    """What the walk gathered, before any name is resolved."""

    bindings: Bindings
    calls: list[CallSite]
    # Every dict display, for rules that read the keys of all of them.
    dicts: list[cst.Dict]
    # Every function, class and lambda and every ``global``/``nonlocal`` declaration, in
    # walk order (an enclosing one before those inside it): the fit-state analysis walks
    # only these for the names nested code captures, not the whole module.
    definitions: list[Definition]


# A handler records what a node binds or calls; it returns False to skip the subtree.
_Handler = Callable[["_Collector", cst.CSTNode], bool]


class _Collector:
    def __init__(self) -> None:
        self.bindings = Bindings()
        self.calls: list[CallSite] = []
        self.dicts: list[cst.Dict] = []
        self.definitions: list[Definition] = []
        # Assignments directly in a class body (ids): they bind class attributes.
        self.class_level: set[int] = set()
        self.statement = 0
        self.expects_error = False

    def run(self, module: cst.Module) -> RawFacts:
        for index, statement in enumerate(module.body):
            self.statement = index
            self._walk(statement, False)
        return RawFacts(self.bindings, self.calls, self.dicts, self.definitions)

    def _walk(self, root: cst.CSTNode, expects_error: bool) -> None:
        """Visit ``root`` and its subtree in source order (depth first, preorder)."""
        outer = self.expects_error
        self.expects_error = expects_error
        stack = [root]
        handlers = _HANDLERS
        kinds = _kinds
        reversed_fields = _reversed_fields
        while stack:
            node = stack.pop()
            node_type = type(node)
            handler = handlers.get(node_type)
            if handler is not None and not handler(self, node):
                continue
            if type(node) is cst.With and not expects_error and _expects_error(node):
                # Only the body expects the error: the context expressions run normally.
                # (Rare, so a nested walk per child rather than a flag on every entry.)
                for child in children(node):
                    self._walk(child, child is node.body)
                continue
            # ``children(node)``, pushed last first so that they come off in source order.
            # Written out here: this loop runs for every node of every file linted.
            for name in reversed_fields[node_type]:
                value = getattr(node, name)
                kind = kinds[type(value)]
                if kind == 1:
                    stack.append(value)
                elif kind == 2:
                    for item in reversed(value):
                        if kinds[type(item)] == 1:
                            stack.append(item)
        self.expects_error = outer

    # Handlers, one per node type that binds a name or calls something.

    def on_import(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, (cst.Import, cst.ImportFrom))
        for local, qualname in import_bindings(node):
            if qualname is None:
                self.bindings.bind_other(local)
            else:
                self.bindings.bind_import(local, qualname)
        if isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar):
            parts = None if node.module is None or node.relative else dotted_parts(node.module)
            if parts is not None:
                self.bindings.star_modules.append(".".join(parts))
        return False

    def on_definition(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, (cst.FunctionDef, cst.ClassDef))
        self.bindings.bind_other(node.name.value)
        self.definitions.append(node)
        if type(node) is cst.ClassDef and type(node.body) is cst.IndentedBlock:
            # ``class Kind(Enum): LinearRegression = 1`` binds a class attribute, which
            # code outside the class body reaches only through the class: the module's
            # ``LinearRegression`` keeps its import.
            for statement in node.body.body:
                if type(statement) is cst.SimpleStatementLine:
                    for small in statement.body:
                        if type(small) is cst.Assign or type(small) is cst.AnnAssign:
                            self.class_level.add(id(small))
        return True

    def on_capturing(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, (cst.Lambda, cst.Global, cst.Nonlocal))
        self.definitions.append(node)
        return True

    def on_param(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Param)
        self.bindings.bind_other(node.name.value)
        return True

    def on_assign(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Assign)
        if id(node) in self.class_level:
            return True
        for target in node.targets:
            self.bindings.bind_targets(target.target)
        return True

    def on_target(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, (cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.NamedExpr))
        if id(node) not in self.class_level:
            self.bindings.bind_targets(node.target)
        return True

    def on_walrus(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.NamedExpr)
        if type(node.target) is cst.Name:
            self.bindings.walrus.add(node.target.value)
        return self.on_target(node)

    def on_delete(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Del)
        target = node.target
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                if type(element.value) is not cst.Name:
                    self.bindings.change(element.value)
        elif type(target) is not cst.Name:
            self.bindings.change(target)
        return True

    def on_as_name(self, node: cst.CSTNode) -> bool:
        # ``with ... as x``, ``except E as x``; import aliases never reach here.
        assert isinstance(node, cst.AsName)
        self.bindings.bind_targets(node.name)
        return True

    def on_match_capture(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, (cst.MatchAs, cst.MatchStar))
        if node.name is not None:
            self.bindings.bind_other(node.name.value)
        return True

    def on_match_mapping(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.MatchMapping)
        if node.rest is not None:
            self.bindings.bind_other(node.rest.value)
        return True

    def on_dict(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Dict)
        self.dicts.append(node)
        return True

    def on_call(self, node: cst.CSTNode) -> bool:
        assert isinstance(node, cst.Call)
        parts = dotted_parts(node.func)
        if parts is not None:
            self.calls.append(CallSite(node, tuple(parts), self.statement, self.expects_error))
        return True


# Context managers that assert the block raises, or warns (a deprecated argument used on
# purpose): pytest, unittest, numpy.testing.
_RAISES_CONTEXTS: Final = frozenset(
    {"raises", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp", "assert_raises",
     "assert_raises_regex", "warns", "deprecated_call", "assertWarns", "assertWarnsRegex",
     "assert_warns", "assert_warns_message"}
)  # fmt: skip


def descendants(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node below it that can hold code (``children``), depth first."""
    return _below(node, children)


def every_descendant(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """``node`` and every node below it, names and other leaves included (``every_child``)."""
    return _below(node, every_child)


def _below(node: cst.CSTNode, expand: Callable[[cst.CSTNode], list[cst.CSTNode]]) -> Iterator[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(expand(current))


def names_in(node: cst.CSTNode) -> Iterator[str]:
    """Every name at or below ``node``: the ``Name`` leaves that ``children`` skips."""
    for current in descendants(node):
        if type(current) is cst.Name:
            yield current.value
        yield from (name.value for name in leaf_names(current))


def leaf_names(node: cst.CSTNode) -> Iterator[cst.Name]:
    """The ``Name`` leaves right below ``node`` (its fields), which ``children`` skips."""
    for field_name in _child_fields[type(node)]:
        value = getattr(node, field_name)
        if type(value) is cst.Name:
            yield value
        elif type(value) is tuple or type(value) is list:
            yield from (item for item in value if type(item) is cst.Name)


def _expects_error(node: cst.With) -> bool:
    for item in node.items:
        call = item.item
        if isinstance(call, cst.Call):
            parts = dotted_parts(call.func)
            if parts is not None and parts[-1] in _RAISES_CONTEXTS:
                return True
    return False


_HANDLERS: Final[dict[type[cst.CSTNode], _Handler]] = {
    cst.Import: _Collector.on_import,
    cst.ImportFrom: _Collector.on_import,
    cst.FunctionDef: _Collector.on_definition,
    cst.ClassDef: _Collector.on_definition,
    cst.Lambda: _Collector.on_capturing,
    cst.Global: _Collector.on_capturing,
    cst.Nonlocal: _Collector.on_capturing,
    cst.Param: _Collector.on_param,
    cst.Assign: _Collector.on_assign,
    cst.Del: _Collector.on_delete,
    cst.AnnAssign: _Collector.on_target,
    cst.AugAssign: _Collector.on_target,
    cst.For: _Collector.on_target,
    cst.CompFor: _Collector.on_target,
    cst.NamedExpr: _Collector.on_walrus,
    cst.AsName: _Collector.on_as_name,
    cst.MatchAs: _Collector.on_match_capture,
    cst.MatchStar: _Collector.on_match_capture,
    cst.MatchMapping: _Collector.on_match_mapping,
    cst.Call: _Collector.on_call,
    cst.Dict: _Collector.on_dict,
}


def collect(module: cst.Module) -> RawFacts:
    """Walk ``module`` once and return its bindings and calls."""
    return _Collector().run(module)
