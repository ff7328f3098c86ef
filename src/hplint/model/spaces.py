"""Search spaces: where a module writes one, its entries, and the estimator it targets.

Found shapes (anything else is unknown and not reported):

- ``GridSearchCV(est, param_grid)``, ``RandomizedSearchCV(est, param_distributions)`` and
  every other catalogued search class (kind ``search``: the space is its ``param_grid`` or
  ``param_distributions`` parameter), positional or keyword;
- peers with the same API, from the small table ``PEERS`` (scikit-optimize, Optuna);
- ``ParameterGrid(...)`` / ``ParameterSampler(...)`` (no estimator);
- ``validation_curve(est, X, y, param_name=..., param_range=[...])`` and
  ``ValidationCurveDisplay.from_estimator(...)``;
- ``est.set_params(**{...})`` / ``est.set_params(key=value)`` (values, not candidates).

A space is a dict literal, ``dict(key=...)``, a list or tuple of those, a name holding one
(the one value that reaches the search, see ``scopes``), possibly completed by
``name["key"] = ...`` and ``name.update(...)`` statements on the way, or ``self.<name>``
(see ``attributes``). Candidates are a list or tuple written out, a name holding a list,
or a range-like call (see ``sequences``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

import libcst as cst

from hplint.catalog import Catalog, Estimator, load, removals, versioned
from hplint.catalog.searches import BARE_SPACES as _BARE
from hplint.catalog.searches import CURVES as _CURVES
from hplint.catalog.searches import PEERS as PEERS
from hplint.model.attributes import Attributes
from hplint.model.estimators import UNKNOWN, Address, Slot, Trees, address
from hplint.model.literals import literal_value
from hplint.model.names import Resolver
from hplint.model.scopes import READING_METHODS, Place, Scopes
from hplint.model.sequences import sequence_values
from hplint.model.walk import CallSite

__all__ = [
    "PEERS",
    "Entry",
    "SearchSpace",
    "SearchSpaces",
    "Space",
    "entry_addresses",
    "find_search_spaces",
]

Kind = Literal["grid", "distributions", "curve", "values"]


@dataclass(frozen=True, eq=False)
class Entry:
    """One key of a search space and what it is given."""

    key: str
    # The node to report on: the key string, or the keyword of ``dict(key=...)``.
    node: cst.CSTNode
    value: cst.BaseExpression
    # Where ``value`` is evaluated (to follow names in it).
    place: Place | None
    # The candidates when the value is a list or tuple written out (no ``*``), else None.
    candidates: tuple[cst.BaseExpression, ...] | None
    # Whether the value may be replaced later (``**`` after it, a later assignment).
    overwritten: bool = False
    # Where the candidates are, when a name holds them (``{"C": c_values}``); else None.
    candidates_place: Place | None = None
    # Candidates computed from a range-like call (``np.arange(1, 10)``): the call, its values.
    computed: cst.Call | None = None
    values: tuple[object, ...] | None = None

    @property
    def candidates_at(self) -> Place | None:
        """Where the candidates are evaluated."""
        return self.candidates_place if self.candidates_place is not None else self.place


@dataclass(frozen=True, eq=False)
class Space:
    """One dict of a search space (a list of dicts has one per element)."""

    entries: tuple[Entry, ...]
    # False when keys may be present that hplint cannot see (``**other``).
    complete: bool


@dataclass(frozen=True, eq=False)
class SearchSpace:
    """A search space found at a call, and the estimator its keys address."""

    kind: Kind
    # ``"ranges"`` for scikit-optimize spaces (tuples are bounds, not candidates).
    ranges: bool
    call: cst.Call
    statement: int
    # What runs the search (``GridSearchCV``), for messages.
    searcher: str
    # None when the search has no estimator (ParameterGrid, ParameterSampler).
    target: Slot | None
    spaces: tuple[Space, ...]
    # True when the spaces come from a list of several dicts.
    alternatives: bool


@dataclass(frozen=True, eq=False)
class SearchSpaces:
    """Every search space of a module, with the tree builder that resolved them."""

    trees: Trees | None
    found: tuple[SearchSpace, ...] = field(default=())
    # The estimators of searches whose space hplint could not read (built elsewhere,
    # ``**kwargs``, a ``param_name`` variable): anything in them may be searched.
    unread: tuple[Slot, ...] = field(default=())


def find_search_spaces(
    module: cst.Module,
    resolver: Resolver,
    calls: Sequence[CallSite],
    catalog: Catalog | None = None,
    attributes: Callable[[], Attributes] | None = None,
    scopes: Callable[[], Scopes] | None = None,
) -> SearchSpaces:
    """Find the search spaces in a module (cheap when it has none). ``scopes``: the
    module's value analysis, shared with the other analyses (built here if not given)."""
    if catalog is None:
        catalog = resolver.known if isinstance(resolver.known, Catalog) else load()
    relevant: list[tuple[CallSite, str]] = []
    for site in calls:
        if site.expects_error:
            continue
        if site.callee[-1] == "set_params" and len(site.callee) == 2:
            relevant.append((site, "set_params"))
            continue
        qualname = resolver.resolve_parts(site.callee)
        if qualname is None:
            continue
        qualname = removals.moved(qualname)
        if qualname in PEERS or qualname in _BARE or qualname in _CURVES:
            relevant.append((site, qualname))
            continue
        estimator = catalog.lookup(qualname)
        if estimator is not None and "search" in estimator.kinds:
            relevant.append((site, qualname))
    if not any(kind != "set_params" for _, kind in relevant):
        # set_params alone: only worth it when the module constructs something.
        if not relevant or not _constructs(calls, resolver, catalog):
            return SearchSpaces(None)
    wanted = ((site.node, site.statement) for site, _ in relevant)
    if scopes is None:
        values = Scopes(module, wanted, resolver.bindings.walrus)
    else:
        values = scopes()
        values.want(wanted)
    finder = _Finder(resolver, catalog, values, attributes)
    found: list[SearchSpace] = []
    unread: list[Slot] = []
    for site, qualname in relevant:
        space = finder.site(site, qualname)
        if space is not None:
            found.append(space)
        elif qualname != "set_params":
            place = values.place_of(site.node)
            unread.append(finder._target(_argument(site.node, "estimator", 0), place, site.node))
    return SearchSpaces(finder.trees, tuple(found), tuple(unread))


def _constructs(calls: Sequence[CallSite], resolver: Resolver, catalog: Catalog) -> bool:
    roots = catalog.roots()
    for site in calls:
        if site.callee[0] in roots or (resolver.resolve_parts(site.callee) or "").partition(".")[
            0
        ] in roots:
            return True
    return False


class _Finder:
    def __init__(
        self, resolver: Resolver, catalog: Catalog, scopes: Scopes, attributes: Callable[[], Attributes] | None
    ) -> None:
        self.resolver = resolver
        self.catalog = catalog
        self.scopes = scopes
        self.trees = Trees(resolver, catalog, scopes, attributes)

    def site(self, site: CallSite, qualname: str) -> SearchSpace | None:
        call = site.node
        place = self.scopes.place_of(call)
        if qualname == "set_params":
            return self._set_params(site, place)
        if qualname in _BARE:
            parameter, bare_kind = _BARE[qualname]
            space = _argument(call, parameter, 0)
            return self._space(site, place, bare_kind, qualname, None, space, ranges=False)
        if qualname in _CURVES:
            return self._curve(site, place, qualname)
        peer = PEERS.get(qualname)
        if peer is not None:
            estimator_expr = _argument(call, peer.estimator, 0)
            space = _argument(call, peer.space, 1)
            kind: Kind = "grid" if peer.kind == "grid" else "distributions"
            target = self._target(estimator_expr, place, call)
            return self._space(
                site, place, kind, qualname, target, space, ranges=peer.kind == "ranges"
            )
        estimator = self.catalog.lookup(qualname)
        assert estimator is not None
        return self._search_class(site, place, estimator)

    def _search_class(
        self, site: CallSite, place: Place | None, estimator: Estimator
    ) -> SearchSpace | None:
        names = list(estimator.parameters)
        kind: Kind
        if "param_grid" in estimator.parameters:
            parameter, kind = "param_grid", "grid"
        elif "param_distributions" in estimator.parameters:
            parameter, kind = "param_distributions", "distributions"
        else:
            return None
        call = site.node
        estimator_expr = _argument(call, "estimator", names.index("estimator"))
        space = _argument(call, parameter, names.index(parameter))
        target = self._target(estimator_expr, place, call)
        return self._space(site, place, kind, estimator.qualname, target, space, ranges=False)

    def _target(
        self,
        expr: cst.BaseExpression | None,
        place: Place | None,
        call: cst.Call,
        skip: cst.Call | None = None,
    ) -> Slot:
        if expr is None:
            return UNKNOWN
        if isinstance(expr, cst.Name) and place is not None:
            # (The names around ``call`` that Trees cannot see: comprehensions, lambdas.)
            if self.scopes.values_of(expr.value, place, call) is None:
                return UNKNOWN
        return self.trees.build(expr, place, skip=skip)

    def _space(
        self,
        site: CallSite,
        place: Place | None,
        kind: Kind,
        qualname: str,
        target: Slot | None,
        expr: cst.BaseExpression | None,
        *,
        ranges: bool,
    ) -> SearchSpace | None:
        if expr is None:
            return None
        found = self._dicts(expr, place, site.node, 0)
        if found is None:
            return None
        spaces, several = found
        searcher = qualname.rpartition(".")[2]
        return SearchSpace(
            kind, ranges, site.node, site.statement, searcher, target, tuple(spaces), several
        )

    def _curve(self, site: CallSite, place: Place | None, qualname: str) -> SearchSpace | None:
        call = site.node
        name_expr = _argument(call, "param_name", 3)
        range_expr = _argument(call, "param_range", 4)
        if name_expr is None or range_expr is None:
            return None
        key = literal_value(name_expr)
        if not isinstance(key, str):
            return None
        values = self._value(range_expr, place, call)
        candidates = _candidates(values[0]) if values is not None else None
        entry = Entry(key, name_expr, range_expr, place, candidates)
        if values is not None and candidates is None:
            where = values[1] if values[0] is not range_expr else None
            entry = self._computed(entry, values[0], where)
        target = self._target(_argument(call, "estimator", 0), place, call)
        searcher = qualname.split(".")[-1]
        if searcher == "from_estimator":
            searcher = "ValidationCurveDisplay.from_estimator"
        space = Space((entry,), True)
        return SearchSpace("curve", False, call, site.statement, searcher, target, (space,), False)

    def _set_params(self, site: CallSite, place: Place | None) -> SearchSpace | None:
        call = site.node
        func = call.func
        assert isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)
        # Earlier runs of this very call (in a loop) set what it sets now.
        target = self._target(func.value, place, call, skip=call)
        if not _is_tree(target):
            return None
        entries: list[Entry] = []
        complete = True
        for arg in call.args:
            if arg.star == "**":
                found = self._dicts(arg.value, place, call, 0)
                if found is None or found[1] or len(found[0]) != 1:
                    complete = False
                    continue
                entries.extend(found[0][0].entries)
                complete = complete and found[0][0].complete
            elif arg.keyword is not None:
                entries.append(Entry(arg.keyword.value, arg.keyword, arg.value, place, None))
            else:
                return None
        space = Space(tuple(entries), complete)
        name = f"{func.value.value}.set_params"
        return SearchSpace("values", False, call, site.statement, name, target, (space,), False)

    # -- spaces ----------------------------------------------------------------------

    def _value(
        self, expr: cst.BaseExpression, place: Place | None, call: cst.Call | None
    ) -> tuple[cst.BaseExpression, Place | None] | None:
        """Follow a name to the value assigned to it (unchanged since)."""
        if not isinstance(expr, cst.Name) or place is None:
            return expr, place
        found = self.scopes.value_of(expr.value, place, call)
        if found is None:
            return None
        for use in found.uses:
            if use.kind != "call" or use.method not in READING_METHODS:
                return None
        return found.value, found.place

    def _dicts(
        self, expr: cst.BaseExpression, place: Place | None, call: cst.Call | None, depth: int
    ) -> tuple[list[Space], bool] | None:
        if depth > 4:
            return None
        if isinstance(expr, (cst.List, cst.Tuple)):
            spaces: list[Space] = []
            for element in expr.elements:
                if isinstance(element, cst.StarredElement):
                    return None
                found = self._dicts(element.value, place, call, depth + 1)
                if found is None or found[1]:
                    return None
                spaces.extend(found[0])
            return spaces, len(spaces) > 1
        if isinstance(expr, cst.Name) and place is not None:
            return self._named_dict(expr.value, place, call, depth)
        held = self.trees.attribute_value(expr, place)
        if held is not None:  # ``self.param_grid``, written in another method
            return self._dicts(held, None, None, depth + 1)
        space = self._dict(expr, place, call)
        return None if space is None else ([space], False)

    def _named_dict(
        self, name: str, place: Place, call: cst.Call | None, depth: int
    ) -> tuple[list[Space], bool] | None:
        found = self.scopes.value_of(name, place, call)
        if found is None:
            return None
        value, bound, uses, exact = found
        if uses and not exact:
            return None  # which entries the dict has depends on the path
        if not uses:
            return self._dicts(value, bound, None, depth + 1)
        # Built up after its assignment: only a single dict, by items and update().
        space = self._dict(value, bound)
        if space is None:
            return None
        entries = list(space.entries)
        complete = space.complete
        for use in uses:
            added: list[Entry] = []
            if use.kind == "setitem" and use.key is not None and use.value is not None:
                key = literal_value(use.key)
                if not isinstance(key, str):
                    return None
                added = [self._entry(key, use.key, use.value, use.place, None)]
            elif use.kind == "call" and use.method == "update" and use.call is not None:
                update = self._update(use.call, use.place, None)
                if update is None:
                    return None
                added = list(update.entries)
                complete = complete and update.complete
            elif use.kind == "call" and use.method in READING_METHODS:
                continue
            else:
                return None
            new_keys = {e.key for e in added}
            entries = [
                _overwritten(e) if e.key in new_keys else e for e in entries
            ] + added
        return [Space(tuple(entries), complete)], False

    def _update(self, call: cst.Call, place: Place, within: cst.Call | None) -> Space | None:
        entries: list[Entry] = []
        complete = True
        for arg in call.args:
            if arg.keyword is not None:
                entries.append(self._entry(arg.keyword.value, arg.keyword, arg.value, place, within))
            elif arg.star:
                complete = False
                entries = [_overwritten(e) for e in entries]
            else:
                space = self._dict(arg.value, place, within)
                if space is None:
                    return None
                entries.extend(space.entries)
                complete = complete and space.complete
        return Space(tuple(entries), complete)

    def _entry(
        self,
        key: str,
        node: cst.CSTNode,
        value: cst.BaseExpression,
        place: Place | None,
        within: cst.Call | None,
    ) -> Entry:
        """An entry, its candidates read through a name that holds them (``within``: the
        call the dict is written in, whose comprehensions' names are not followed)."""
        candidates = _candidates(value)
        if candidates is not None:
            return Entry(key, node, value, place, candidates)
        if type(value) is cst.Call:
            return self._computed(Entry(key, node, value, place, None), value, None)
        if type(value) is not cst.Name or place is None:
            return Entry(key, node, value, place, None)
        found = self._value(value, place, within)
        if found is None or found[0] is value:
            return Entry(key, node, value, place, None)
        if type(found[0]) is cst.Call:
            return self._computed(Entry(key, node, value, place, None), found[0], found[1])
        if type(found[0]) is not cst.List:
            # (A tuple may be a scikit-optimize range, which only the search knows.)
            return Entry(key, node, value, place, None)
        return Entry(key, node, value, place, _candidates(found[0]), candidates_place=found[1])

    def _computed(self, entry: Entry, call: cst.BaseExpression, where: Place | None) -> Entry:
        """``entry`` with the values of a range-like call, when they are known."""
        values = sequence_values(call, self.resolver)
        if values is None:
            return entry
        assert isinstance(call, cst.Call)
        return dataclasses.replace(entry, candidates_place=where, computed=call, values=values)

    def _dict(
        self, expr: cst.BaseExpression, place: Place | None, within: cst.Call | None = None
    ) -> Space | None:
        """The entries of a dict display or ``dict(...)`` call (``within``: see ``_entry``)."""
        if isinstance(expr, cst.Dict):
            entries: list[Entry] = []
            complete = True
            for element in expr.elements:
                if not isinstance(element, cst.DictElement):
                    complete = False
                    entries = [_overwritten(e) for e in entries]
                    continue
                key = literal_value(element.key)
                if not isinstance(key, str):
                    complete = False
                    continue
                # A key written twice: Python keeps the last value.
                entries = [_overwritten(e) if e.key == key else e for e in entries]
                entries.append(self._entry(key, element.key, element.value, place, within))
            return Space(tuple(entries), complete)
        if (
            isinstance(expr, cst.Call)
            and isinstance(expr.func, cst.Name)
            and expr.func.value == "dict"
            and not self.resolver.bindings.is_bound("dict")
        ):
            return self._update(expr, place, within) if place is not None else None
        return None


def _overwritten(entry: Entry) -> Entry:
    return dataclasses.replace(entry, overwritten=True)


def _is_tree(slot: Slot) -> bool:
    from hplint.model.estimators import EstimatorTree

    return isinstance(slot, EstimatorTree)


def _candidates(value: cst.BaseExpression) -> tuple[cst.BaseExpression, ...] | None:
    if not isinstance(value, (cst.List, cst.Tuple)):
        return None
    if any(isinstance(e, cst.StarredElement) for e in value.elements):
        return None
    return tuple(e.value for e in value.elements)


def _argument(call: cst.Call, keyword: str, position: int) -> cst.BaseExpression | None:
    """The argument given for a parameter, by keyword or at ``position``; None if absent."""
    index = 0
    for arg in call.args:
        if arg.star:
            return None if arg.star == "*" and index <= position else _keyword(call, keyword)
        if arg.keyword is None:
            if index == position:
                return arg.value
            index += 1
    return _keyword(call, keyword)


def _keyword(call: cst.Call, keyword: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    return None


@cache
def non_model_everywhere(catalog: Catalog) -> frozenset[str]:
    """Parameter names that are ``non-model`` in every catalogued class that has them."""
    roles: dict[str, set[str]] = {}
    for qualname in catalog.qualnames:
        # The parameters' records only, as ``catalog.lookup`` slices them for the release:
        # building every class (its attributes, methods, constraints) costs twice as much.
        history = catalog.history(qualname)
        assert history is not None  # a catalogued class has one
        parameters = history["parameters"]
        if catalog.release is not None:
            parameters = versioned.at(parameters, catalog.release)
        for parameter in parameters:
            roles.setdefault(parameter["name"], set()).add(parameter["role"])
    return frozenset(name for name, found in roles.items() if found == {"non-model"})


def iter_entries(space: SearchSpace) -> Iterator[tuple[Space, Entry]]:
    for each in space.spaces:
        for entry in each.entries:
            yield each, entry


def entry_addresses(
    trees: Trees, search: SearchSpace, space: Space, entry: Entry
) -> tuple[Address, ...] | None:
    """What ``entry``'s key addresses in the search's target; None without a target.

    Keys below a component the same dict replaces (``{"clf": [SVC(), LR()], "clf__C": ...}``)
    are resolved in each candidate put there.
    """
    if search.target is None:
        return None
    return address(trees, search.target, entry.key, _replaced(trees, search, space, entry))


def _replaced(
    trees: Trees, search: SearchSpace, space: Space, entry: Entry
) -> dict[str, list[Slot]]:
    parts = entry.key.split("__")
    prefixes = {"__".join(parts[:i]) for i in range(1, len(parts))}
    found: dict[str, list[Slot]] = {}
    for other in space.entries:
        if other.key not in prefixes:
            continue
        if other.key in found or other.overwritten:
            found[other.key] = [UNKNOWN]
        elif search.kind == "values":
            found[other.key] = [trees.build(other.value, other.place)]
        elif other.candidates is None or (search.ranges and isinstance(other.value, cst.Tuple)):
            found[other.key] = [UNKNOWN]
        else:
            found[other.key] = [trees.build(c, other.candidates_at) for c in other.candidates]
    return found
