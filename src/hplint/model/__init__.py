"""Facts about one module, gathered in a single walk and resolved against the catalog."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, TypeVar, cast

import libcst as cst

from hplint.catalog import Catalog, Estimator, Parameter
from hplint.model.names import Resolver
from hplint.model.walk import CallSite, Definition, collect
from hplint.options import DEFAULT_OPTIONS, RuleOptions

if TYPE_CHECKING:
    from hplint.model.spaces import SearchSpaces

__all__ = ["Argument", "CallSite", "Construction", "ModuleFacts", "build"]

T = TypeVar("T")


@dataclass(frozen=True)
class Argument:
    """One argument of an estimator construction and the parameter it lands on.

    ``parameter`` is None when the argument matches no parameter: an unknown keyword
    (``SVC(gama=1)``), a positional argument past the positional parameters, or a
    ``*``/``**`` expansion whose contents are unknown (``expanded``).
    """

    node: cst.Arg
    parameter: Parameter | None
    position: int | None
    expanded: bool = False
    # Set when the same parameter was already given by an earlier argument.
    duplicate: bool = False


@dataclass(frozen=True)
class Construction:
    """A call that constructs a catalogued estimator."""

    site: CallSite
    estimator: Estimator
    arguments: tuple[Argument, ...]

    @property
    def node(self) -> cst.Call:
        return self.site.node


@dataclass(frozen=True)
class ModuleFacts:
    module: cst.Module
    resolver: Resolver
    calls: tuple[CallSite, ...]
    constructions: tuple[Construction, ...]
    # The run's per-rule options (``[tool.hplint.hp101]`` ...).
    options: RuleOptions = DEFAULT_OPTIONS
    # Every dict display in the module, in no particular order.
    dicts: tuple[cst.Dict, ...] = ()
    # Every function, class, lambda and ``global``/``nonlocal`` in walk order (see
    # ``RawFacts``).
    definitions: tuple[Definition, ...] = ()
    # The module's source text, when the caller has it (the engine does); ``text`` falls
    # back to regenerating it from the tree.
    source: str | None = None
    # A notebook's code cells as written (magics included), when the module is their
    # Python: its names are nobody else's to import, so one never read again is dead.
    notebook: str | None = None
    # What rules derive from the facts and share (``derived``), by the function deriving it.
    _derived: dict[Callable[[ModuleFacts], object], object] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def derived(self, derive: Callable[[ModuleFacts], T]) -> T:
        """``derive(self)``, computed once for all the rules that ask for it."""
        if derive not in self._derived:
            self._derived[derive] = derive(self)
        return cast(T, self._derived[derive])

    @cached_property
    def text(self) -> str:
        """The module's source text: cheap text filters let rules skip a walk that cannot
        find anything (a removed name the file never spells, a comment it does not have)."""
        return self.source if self.source is not None else self.module.code

    @cached_property
    def search_spaces(self) -> SearchSpaces:
        """The module's search spaces and their targets, found on first use."""
        from hplint.model.attributes import instance_attributes
        from hplint.model.scopes import module_scopes
        from hplint.model.spaces import find_search_spaces

        # Through a weak reference: the spaces are held by the facts (this cached
        # property), and a strong one back would make a cycle that keeps the whole tree
        # alive until the cyclic collector finds it, which then walks it all (most of a
        # millisecond per file, and the collector is held off while a file is linted).
        facts = weakref.ref(self)

        def derived(derive: Callable[[ModuleFacts], T]) -> T:
            owner = facts()
            assert owner is not None, "search spaces used after their module's facts"
            return owner.derived(derive)

        # Computed only if a search reads ``self.<name>``.
        attributes = partial(derived, instance_attributes)
        # The one value analysis of the module, shared with the fit state.
        scopes = partial(derived, module_scopes)
        return find_search_spaces(
            self.module, self.resolver, self.calls, attributes=attributes, scopes=scopes
        )


def build(
    module: cst.Module,
    catalog: Catalog,
    options: RuleOptions = DEFAULT_OPTIONS,
    source: str | None = None,
    notebook: str | None = None,
) -> ModuleFacts:
    """Walk ``module`` once and resolve what it constructs against ``catalog``
    (``source``: the text ``module`` was parsed from, when the caller has it; ``notebook``:
    a notebook's code cells as written, when ``module`` is their Python)."""
    raw = collect(module)
    resolver = Resolver(raw.bindings, catalog)
    roots = catalog.roots()
    constructions = []
    for site in raw.calls:
        if site.expects_error:
            continue
        # Cheap filter first: a callee whose head is no import of a catalogued library
        # cannot resolve to an estimator.
        qualname = resolver.resolve_parts(site.callee)
        if qualname is None or qualname.partition(".")[0] not in roots:
            continue
        estimator = catalog.lookup(qualname)
        if estimator is not None:
            arguments = bind_arguments(site.node, estimator)
            constructions.append(Construction(site, estimator, arguments))
    return ModuleFacts(
        module, resolver, tuple(raw.calls), tuple(constructions), options, tuple(raw.dicts),
        tuple(raw.definitions), source, notebook,
    )


def bind_arguments(call: cst.Call, estimator: Estimator) -> tuple[Argument, ...]:
    """Match a call's arguments to the constructor's parameters, as Python would."""
    positional = estimator.positional_parameters
    seen: set[str] = set()
    bound: list[Argument] = []
    index = 0
    unknown_positions = False
    for arg in call.args:
        if arg.star:
            # After ``*args`` the positions of later positional arguments are unknown.
            unknown_positions = unknown_positions or arg.star == "*"
            bound.append(Argument(arg, None, None, expanded=True))
            continue
        if arg.keyword is None:
            parameter = None
            if not unknown_positions and index < len(positional):
                parameter = positional[index]
            position = None if unknown_positions else index
            index += 1
        else:
            parameter = estimator.parameters.get(arg.keyword.value)
            position = None
        duplicate = parameter is not None and parameter.name in seen
        if parameter is not None:
            seen.add(parameter.name)
        bound.append(Argument(arg, parameter, position, duplicate=duplicate))
    return tuple(bound)
