"""Which names in a module stand for which imported objects.

Resolution is deliberately conservative and flow-insensitive: a name resolves to a
qualified name only when every binding of that name anywhere in the file is an import of
that same object. Any other binding (an assignment, a ``def``/``class``, a parameter, a
loop target...) makes the name unknown, and unknown names are never reported on. This
costs nothing extra (the bindings are collected in the one walk) and cannot be fooled by a
local class that shadows an estimator.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import libcst as cst

from hplint.catalog import removals

# A name bound by something other than an import: never resolved.
_SHADOWED = ""


@dataclass
class Bindings:
    """Every binding of every name in one module, gathered during the walk."""

    _targets: dict[str, str] = field(default_factory=dict)
    star_modules: list[str] = field(default_factory=list)
    # The names some ``:=`` binds, anywhere (the value analysis does not follow them).
    walrus: set[str] = field(default_factory=set)
    # How often each attribute name is assigned (``obj.name = ...``, ``for obj.name in``,
    # ``del obj.name``), and the attribute names through which something is assigned
    # (``obj.name.x = ...``, ``obj.name[k] = ...``): what instance attributes stand on.
    attribute_writes: dict[str, int] = field(default_factory=dict)
    attribute_changes: set[str] = field(default_factory=set)

    # Every import of each name, and the names bound some other way too: a name imported
    # from a removed module and from its replacement (``sklearn.learning_curve`` and
    # ``sklearn.model_selection``) is one object.
    _imports: dict[str, set[str]] = field(default_factory=dict)
    _others: set[str] = field(default_factory=set)

    def bind_import(self, name: str, qualname: str) -> None:
        self._imports.setdefault(name, set()).add(qualname)
        previous = self._targets.get(name)
        if previous is None:
            self._targets[name] = qualname
        elif previous != qualname:
            self._targets[name] = _SHADOWED

    def bind_other(self, name: str) -> None:
        self._others.add(name)
        self._targets[name] = _SHADOWED

    def bind_targets(self, target: cst.BaseExpression) -> None:
        """Record the names an assignment-like target binds (``a, (b, *c) = ...``)."""
        if isinstance(target, cst.Name):
            self.bind_other(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind_targets(element.value)
        elif isinstance(target, cst.StarredElement):
            self.bind_targets(target.value)
        else:  # attributes and subscripts bind no name, but change an object
            self.change(target)

    def change(self, target: cst.BaseExpression) -> None:
        """Record an assignment to (or deletion of) an attribute or item."""
        if type(target) is cst.Attribute:
            assert isinstance(target, cst.Attribute)
            name = target.attr.value
            self.attribute_writes[name] = self.attribute_writes.get(name, 0) + 1
            target = target.value
        while True:
            if type(target) is cst.Attribute:
                assert isinstance(target, cst.Attribute)
                self.attribute_changes.add(target.attr.value)
                target = target.value
            elif type(target) is cst.Subscript:
                assert isinstance(target, cst.Subscript)
                target = target.value
            else:
                return

    def lookup(self, name: str) -> str | None:
        """The qualified name ``name`` stands for, or None when unknown."""
        target = self._targets.get(name)
        if target is None:
            return None
        if not target and name not in self._others:
            # Imported more than once: one object when every import is one after the
            # removed modules' moves.
            found = {removals.moved(qualname) for qualname in self._imports.get(name, ())}
            return found.pop() if len(found) == 1 else None
        return target or None

    def is_bound(self, name: str) -> bool:
        return name in self._targets


def dotted_parts(expr: cst.BaseExpression) -> list[str] | None:
    """``a.b.c`` as ``["a", "b", "c"]``; None for anything that is not a dotted name."""
    parts: list[str] = []
    # Exact types: a failing isinstance against LibCST's abstract classes is slow, and
    # this runs for every call in the module.
    while type(expr) is cst.Attribute:
        parts.append(expr.attr.value)
        expr = expr.value
    if type(expr) is not cst.Name:
        return None
    parts.append(expr.value)
    parts.reverse()
    return parts


def dotted_name(expr: cst.BaseExpression | None) -> str | None:
    """The dotted text of a module expression in an import (``sklearn.svm``)."""
    if expr is None:
        return None
    parts = dotted_parts(expr)
    return ".".join(parts) if parts is not None else None


class Known(Protocol):
    """What star-import resolution needs to know about the catalogued libraries."""

    def canonical(self, qualname: str) -> str | None: ...

    def is_module(self, qualname: str) -> bool: ...


class _NothingKnown:
    def canonical(self, qualname: str) -> str | None:
        return None

    def is_module(self, qualname: str) -> bool:
        return False


@dataclass(frozen=True)
class Resolver:
    """Turns expressions into qualified names through a module's bindings."""

    bindings: Bindings
    # The catalogued names, for star imports: ``from sklearn.svm import *``.
    known: Known = field(default_factory=_NothingKnown)
    # What each dotted name resolved to: the model, the fit-state analysis and several
    # rules each resolve the module's callees. (The bindings are complete before any.)
    _resolved: dict[tuple[str, ...], str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def resolve(self, expr: cst.BaseExpression) -> str | None:
        parts = dotted_parts(expr)
        if parts is None:
            return None
        return self.resolve_parts(parts)

    def resolve_parts(self, parts: Sequence[str]) -> str | None:
        key = parts if type(parts) is tuple else tuple(parts)
        try:
            return self._resolved[key]
        except KeyError:
            qualname = self._resolved[key] = self._resolve(key)
            return qualname

    def _resolve(self, parts: tuple[str, ...]) -> str | None:
        head, rest = parts[0], parts[1:]
        base = self.bindings.lookup(head)
        if base is None:
            if self.bindings.is_bound(head):
                return None
            base = self._from_star(head)
            if base is None:
                return None
        return ".".join([base, *rest])

    def _from_star(self, name: str) -> str | None:
        # A star import from a module hplint does not know could bind any name.
        modules = self.bindings.star_modules
        if not modules or not all(self.known.is_module(m) for m in modules):
            return None
        found = {self.known.canonical(f"{m}.{name}") for m in modules} - {None}
        return found.pop() if len(found) == 1 else None


def import_bindings(node: cst.Import | cst.ImportFrom) -> Iterable[tuple[str, str | None]]:
    """The (local name, qualified name) pairs one import statement binds.

    The qualified name is None where it cannot be known (relative imports): the name is
    then bound, but to nothing hplint can resolve.
    """
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            if alias.asname is not None:
                local = alias.asname.name
                if isinstance(local, cst.Name):
                    yield local.value, full
            else:
                head = full.partition(".")[0]
                yield head, head
        return
    module = None if node.relative else dotted_name(node.module)
    if isinstance(node.names, cst.ImportStar):
        return
    for alias in node.names:
        name = dotted_name(alias.name)
        if name is None:
            continue
        local_name = name
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            local_name = alias.asname.name.value
        yield local_name, (f"{module}.{name}" if module is not None else None)


def parameter_names(params: cst.Parameters) -> Iterator[str]:
    """Every name a function's parameters bind, ``*args`` and ``**kwargs`` included."""
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        yield param.name.value
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            yield star.name.value
