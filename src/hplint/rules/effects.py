"""Arguments without effect (HP501, HP502), from the verified relations of relations.json.

A relation says that parameter P of an estimator changes nothing it learns or predicts while
parameter S has one of the values V (``SVC``: ``gamma`` when ``kernel="linear"``). S's
value must be known for certain: a literal given to the constructor, or its default for the
target release when the constructor does not set it and has no ``*``/``**`` expansion, or
a candidate list of literals in the same search dict. Anything that could give S another
value keeps the rules silent: S searched or ``set_params``-ed anywhere on the same object
(or on an object hplint cannot resolve), a search space hplint cannot read, a dict with
``**`` in it, an attribute assignment ``obj.S = ...`` or a ``setattr`` anywhere in the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

import libcst as cst

from hplint.catalog import Estimator, Parameter, constraints
from hplint.catalog.no_effect import Relation, for_estimator
from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.estimators import EstimatorTree, Trees
from hplint.model.literals import NOT_LITERAL, literal_value
from hplint.model.spaces import Entry, SearchSpace, Space, entry_addresses, iter_entries
from hplint.model.walk import descendants
from hplint.rules.types import Violation

# Searches whose fits are counted: every combination of a grid, every value of a curve.
_COUNTED: Final = frozenset({"grid", "curve"})


@dataclass(frozen=True)
class _Condition:
    """Why P does nothing: S's value, and where that value comes from."""

    relation: Relation
    value: object
    # "" when given where the finding is; " (its default)"; " (set on the constructor)" ...
    origin: str


def _show(value: object) -> str:
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _ignored_under(relation: Relation, value: object, estimator: Estimator) -> bool:
    """Whether ``value`` of the selector is one under which the relation holds, and a value
    the target release accepts (the relation was verified on its values only)."""
    if not any(type(value) is type(v) and value == v for v in relation.values):
        return False
    selector = estimator.parameters.get(relation.selector)
    return (
        selector is not None
        and relation.parameter in estimator.parameters
        and selector.constraints is not None
        and constraints.check(selector.constraints, value) is True
    )


def _default(parameter: Parameter | None) -> object:
    if parameter is None or not parameter.has_default or parameter.default_repr is not None:
        return NOT_LITERAL
    return parameter.default


# -- what could set a selector elsewhere ---------------------------------------------------


def set_elsewhere(
    facts: ModuleFacts, node: cst.Call, name: str, *, searches: bool = True
) -> bool:
    """Whether anything in the module may give parameter ``name`` of the estimator built by
    ``node`` another value, or one hplint cannot see: ``set_params``, attribute assignments,
    and (with ``searches``) any search or curve over it. A search fits clones, so another
    search does not change the object one search starts from (HP502 passes False)."""
    spaces = facts.search_spaces
    if searches and spaces.unread:
        return True
    if facts.derived(_unread_set_params):
        return True
    trees = spaces.trees
    for search in spaces.found:
        if not searches and search.kind != "values":
            continue
        for space in search.spaces:
            if not space.complete:
                return True
        for space, entry in iter_entries(search):
            if entry.key.rpartition("__")[2] != name:
                continue
            if trees is None:
                return True
            addresses = entry_addresses(trees, search, space, entry)
            if addresses is None:
                return True  # ParameterGrid: whatever it is used with
            for found in addresses:
                if found.status == "unknown":
                    return True
                if found.status == "parameter" and found.owner is not None and found.owner.node is node:
                    return True
    return _assigned_anywhere(facts, name)


def _unread_set_params(facts: ModuleFacts) -> bool:
    """Whether the module calls ``set_params`` on something hplint did not resolve to a
    read space (``model.set_params(**params)`` in a loop over models)."""
    read = {id(search.call) for search in facts.search_spaces.found if search.kind == "values"}
    return any(
        site.callee[-1] == "set_params" and id(site.node) not in read for site in facts.calls
    )


def _assigned(facts: ModuleFacts) -> frozenset[str]:
    """Attribute names assigned anywhere in the module (``obj.kernel = ...``); ``*`` when
    it calls ``setattr``."""
    names: set[str] = set()
    for node in descendants(facts.module):
        targets: Sequence[cst.BaseExpression] = ()
        if isinstance(node, cst.Assign):
            targets = [t.target for t in node.targets]
        elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
            targets = [node.target]
        for target in targets:
            for inner in descendants(target):
                if isinstance(inner, cst.Attribute):
                    names.add(inner.attr.value)
    if any(site.callee == ("setattr",) for site in facts.calls):
        names.add("*")
    return frozenset(names)


def _assigned_anywhere(facts: ModuleFacts, name: str) -> bool:
    if "setattr" not in facts.text and not re.search(rf"\.[\s\\]*{re.escape(name)}\b", facts.text):
        return False  # (the walk cannot find what the text never spells: ``obj.name``)
    assigned = facts.derived(_assigned)
    return name in assigned or "*" in assigned


# -- HP501 -------------------------------------------------------------------------------


def argument_without_effect(facts: ModuleFacts) -> Iterator[Violation]:
    """HP501: a constructor argument that the other (literal or default) arguments make inert."""
    for construction in facts.constructions:
        relations = for_estimator(construction.estimator.qualname)
        if not relations:
            continue
        for argument in construction.arguments:
            condition = inert_condition(facts, construction, argument)
            if condition is not None:
                yield Violation(
                    "HP501", _argument_message(construction, condition),
                    argument.node, construction.site.statement,
                )


def inert_condition(facts: ModuleFacts, construction: Construction, argument: Argument) -> _Condition | None:
    """What makes ``argument`` inert in its call (the call's other arguments or their
    defaults, which nothing in the module may change), or None when it may have an effect.
    HP101 reads it too: a value without effect is no hard-coded choice."""
    if argument.parameter is None or argument.duplicate:
        return None
    for relation in for_estimator(construction.estimator.qualname):
        if relation.parameter != argument.parameter.name:
            continue
        condition = _constructor_condition(construction, relation)
        if condition is not None and not set_elsewhere(facts, construction.node, relation.selector):
            return condition
    return None


def _constructor_condition(construction: Construction, relation: Relation) -> _Condition | None:
    estimator = construction.estimator
    given = [
        a for a in construction.arguments
        if a.parameter is not None and a.parameter.name == relation.selector
    ]
    if len(given) > 1:
        return None
    if given:
        value = literal_value(given[0].node.value)
        origin = ""
    elif any(a.expanded for a in construction.arguments):
        return None  # ``**kwargs`` may set it
    else:
        value = _default(estimator.parameters.get(relation.selector))
        origin = " (its default)"
    if value is NOT_LITERAL or not _ignored_under(relation, value, estimator):
        return None
    return _Condition(relation, value, origin)


def _argument_message(construction: Construction, condition: _Condition) -> str:
    relation = condition.relation
    selector = f"{relation.selector}={_show(condition.value)}"
    return (
        f"`{relation.parameter}` has no effect on `{construction.estimator.name}` when "
        f"`{selector}`{condition.origin}: the fitted model is the same whatever its value "
        f"({_where_it_matters(relation)}); remove it, or change `{relation.selector}`"
    )


def _where_it_matters(relation: Relation) -> str:
    used = relation.used_with
    if len(used) == 1:
        return f"it matters with `{relation.selector}={_show(used[0])}`"
    return f"it matters with `{relation.selector}` in {json.dumps(list(used))}"


# -- HP502 -------------------------------------------------------------------------------


def search_key_without_effect(facts: ModuleFacts) -> Iterator[Violation]:
    """HP502: a grid or curve key whose candidates cannot matter in its (sub-)grid."""
    spaces = facts.search_spaces
    trees = spaces.trees
    if trees is None:
        return
    seen: set[int] = set()
    for search in spaces.found:
        if search.kind not in _COUNTED or search.ranges:
            continue
        for space in search.spaces:
            if not space.complete:
                continue
            for entry in space.entries:
                if id(entry.node) in seen or entry.overwritten:
                    continue
                conditions = _entry_conditions(facts, trees, search, space, entry)
                if conditions:
                    seen.add(id(entry.node))
                    yield Violation(
                        "HP502", _key_message(search, space, entry, conditions),
                        entry.node, entry.place.statement if entry.place else search.statement,
                    )


def _entry_conditions(
    facts: ModuleFacts, trees: Trees, search: SearchSpace, space: Space, entry: Entry
) -> list[tuple[EstimatorTree, _Condition]] | None:
    """For every estimator the key lands on, why it cannot matter; None if it may."""
    if entry.candidates is not None and len(entry.candidates) < 2:
        return None  # one candidate wastes no fit (HP102 reports it)
    addresses = entry_addresses(trees, search, space, entry)
    if not addresses:
        return None
    found: list[tuple[EstimatorTree, _Condition]] = []
    for address in addresses:
        owner, parameter = address.owner, address.parameter
        if address.status != "parameter" or owner is None or parameter is None:
            return None
        relations = [r for r in for_estimator(owner.estimator.qualname) if r.parameter == parameter.name]
        condition = next(
            (c for r in relations if (c := _grid_condition(facts, trees, search, space, owner, r))),
            None,
        )
        if condition is None:
            return None
        found.append((owner, condition))
    return found


def _grid_condition(
    facts: ModuleFacts, trees: Trees, search: SearchSpace, space: Space,
    owner: EstimatorTree, relation: Relation,
) -> _Condition | None:
    """The selector's value for ``owner`` in this dict, when it is one without effect."""
    estimator = owner.estimator
    in_dict = [e for e in space.entries if e.key.rpartition("__")[2] == relation.selector]
    if in_dict:
        return _condition_in_dict(trees, search, space, owner, relation, in_dict)
    if set_elsewhere(facts, owner.node, relation.selector, searches=False):
        return None
    given = owner.arguments.get(relation.selector)
    if given is not None:
        # A literal only, as HP501: a name's value is not followed.
        value, origin = literal_value(given), " (set on the constructor)"
    elif owner.expanded:
        return None
    else:
        value, origin = _default(estimator.parameters.get(relation.selector)), " (its default)"
    if value is NOT_LITERAL or not _ignored_under(relation, value, estimator):
        return None
    return _Condition(relation, value, origin)


def _condition_in_dict(
    trees: Trees, search: SearchSpace, space: Space, owner: EstimatorTree,
    relation: Relation, entries: Sequence[Entry],
) -> _Condition | None:
    """The selector searched in the same dict: every candidate must be one without effect."""
    if len(entries) != 1 or entries[0].overwritten:
        return None
    entry = entries[0]
    addresses = entry_addresses(trees, search, space, entry)
    if not addresses or any(
        a.status != "parameter" or a.owner is None or a.owner.node is not owner.node for a in addresses
    ):
        return None  # it may land elsewhere, or somewhere unknown
    values = [literal_value(c) for c in entry.candidates or ()]
    if not values:
        return None
    if any(v is NOT_LITERAL or not _ignored_under(relation, v, owner.estimator) for v in values):
        return None
    shown = values[0] if len(values) == 1 else values
    return _Condition(relation, shown, " (in the same search space)")


def _key_message(
    search: SearchSpace, space: Space, entry: Entry, conditions: list[tuple[EstimatorTree, _Condition]]
) -> str:
    owner, condition = conditions[0]
    relation = condition.relation
    value = condition.value
    selector = (
        f"{relation.selector} in {_show(value)}" if isinstance(value, list)
        else f"{relation.selector}={_show(value)}"
    )
    what = f"`{entry.key}` has no effect on `{owner.name}` when `{selector}`{condition.origin}"
    size = _fits(space)
    count = len(entry.candidates) if entry.candidates is not None else None
    grid = "this sub-grid" if search.alternatives else "the grid"
    if search.kind == "curve":
        grid = "the curve"
    if size is not None and count:
        distinct = size // count
        wasted = size - distinct
        cost = (
            f"only {distinct} of the {size} combinations of {grid} differ, "
            f"{wasted} fit{'s' if wasted != 1 else ''} per CV split wasted"
        )
    else:
        cost = "its candidates all give the same model"
    return f"Search key {what}: {cost}; drop the key, or search `{relation.selector}` too"


def _fits(space: Space) -> int | None:
    """The number of combinations of a grid (sub-grid), None when a list is not written out."""
    size = 1
    for entry in space.entries:
        if entry.candidates is None:
            return None
        size *= len(entry.candidates)
    return size
