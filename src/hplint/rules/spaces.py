"""Search spaces: non-model keys (HP301), unknown keys (HP302), single candidates (HP102),
and invalid literal candidates (HP402)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from hplint.catalog import Catalog, constraints, load
from hplint.model import ModuleFacts
from hplint.model.estimators import Address, Trees
from hplint.model.literals import NOT_LITERAL, literal_value, source_text
from hplint.model.spaces import (
    Entry,
    SearchSpace,
    SearchSpaces,
    Space,
    entry_addresses,
    iter_entries,
    non_model_everywhere,
)
from hplint.rules import deprecations, edits, validity
from hplint.rules.types import FixPlan, NodeEdit, Violation
from hplint.rules.validity import invalid_value_message, string_typo_fix

_SEEDS = frozenset({"random_state", "seed", "random_seed"})
_SPEED = frozenset({"n_jobs", "pre_dispatch", "cache_size", "memory"})
_LOGGING = frozenset({"verbose", "verbose_interval"})
_RANDINT = frozenset({"scipy.stats.randint", "scipy.stats.distributions.randint"})
_CONVENTIONAL = _SEEDS | _SPEED | _LOGGING


def _catalog(facts: ModuleFacts) -> Catalog:
    known = facts.resolver.known
    return known if isinstance(known, Catalog) else load()


def _candidate_nodes(search: SearchSpace, entry: Entry) -> Sequence[cst.BaseExpression] | None:
    if search.ranges and isinstance(entry.value, cst.Tuple):
        return None  # scikit-optimize: a tuple is a range's bounds, not candidates
    return entry.candidates


def _statement(search: SearchSpace, entry: Entry) -> int:
    """The top-level statement holding ``entry`` (its dict may be far from the search)."""
    return entry.place.statement if entry.place is not None else search.statement


def _candidate_statement(search: SearchSpace, entry: Entry) -> int:
    """The top-level statement holding ``entry``'s candidates (a name may hold them)."""
    place = entry.candidates_at
    return place.statement if place is not None else search.statement


def _searches(facts: ModuleFacts) -> tuple[Trees | None, Iterator[SearchSpace]]:
    found: SearchSpaces = facts.search_spaces
    return found.trees, iter(found.found)


# -- HP302 -----------------------------------------------------------------------------


def unknown_search_parameter(facts: ModuleFacts) -> Iterator[Violation]:
    """HP302: search keys that name no parameter of their target."""
    trees, searches = _searches(facts)
    if trees is None:
        return
    seen: set[int] = set()
    for search in searches:
        for space, entry in iter_entries(search):
            addresses = entry_addresses(trees, search, space, entry)
            if addresses is None or id(entry.node) in seen:
                continue
            malformed = _malformed(entry.key)
            ignored = _ignored_by_booster(facts, addresses, entry.key) if malformed is None else None
            if ignored is None and malformed is None and (
                not addresses or any(a.status != "invalid" for a in addresses)
            ):
                continue
            seen.add(id(entry.node))
            if ignored is not None:
                # The reason names the close known name already: the fix renames to it.
                message = f"Search key `{entry.key}` of `{search.searcher}` is invalid: {ignored[0]}"
                fix = None
                if ignored[1] is not None:
                    key = entry.key[: len(entry.key) - len(entry.key.rpartition("__")[2])] + ignored[1]
                    fix = _rename_key(_catalog(facts), trees, search, space, entry, key)
                yield Violation("HP302", message, entry.node, _statement(search, entry), fix)
                continue
            if malformed is not None:
                # Even where the estimator takes ``**kwargs`` (XGBoost, LightGBM), which
                # accept such a key and ignore it: the search tunes nothing.
                reason = malformed
                suggestion = _stripped(trees, search, space, entry)
            else:
                reason = addresses[0].reason or ""
                removed = _removed_note(facts, trees, search, space, entry)
                if removed is not None:
                    reason += f"; {removed}"
                suggestion = next((a.suggestion for a in addresses if a.suggestion), None)
            message = f"Search key `{entry.key}` of `{search.searcher}` is invalid: {reason}"
            fix = None
            if suggestion is not None and suggestion != entry.key:
                message += f"; did you mean `{suggestion}`?"
                if malformed is not None or all(a.suggestion == suggestion for a in addresses):
                    fix = _rename_key(_catalog(facts), trees, search, space, entry, suggestion)
            yield Violation("HP302", message, entry.node, _statement(search, entry), fix)


def _ignored_by_booster(
    facts: ModuleFacts, addresses: Sequence[Address], key: str
) -> tuple[str, str | None] | None:
    """Why the XGBoost or LightGBM estimator(s) a key lands on ignore it (through
    ``**kwargs``), and the close known name, when every estimator it lands on does (as
    ``XGBClassifier(max_dept=3)`` is reported); else None."""
    if not addresses or any(a.status != "unknown" or a.owner is None for a in addresses):
        return None
    catalog = _catalog(facts)
    name = key.rpartition("__")[2]
    found = {validity.ignored_keyword(catalog, a.owner.estimator, name) for a in addresses if a.owner is not None}
    return found.pop() if len(found) == 1 else None


def _malformed(key: str) -> str | None:
    """Why ``key`` can never name a parameter of anything, or None."""
    if key != key.strip():
        return f"`{key}` has leading or trailing whitespace, so it can never name a parameter"
    if any(not part for part in key.split("__")):
        return f"`{key}` has an empty part between `__`, so it can never name a parameter"
    return None


def _stripped(trees: Trees, search: SearchSpace, space: Space, entry: Entry) -> str | None:
    """The key without its stray whitespace, when that addresses a parameter for certain."""
    key = "__".join(part.strip() for part in entry.key.split("__"))
    if not key or key == entry.key or _malformed(key) is not None:
        return None
    renamed = entry_addresses(trees, search, space, Entry(key, entry.node, entry.value, entry.place, entry.candidates))
    if not renamed or any(a.status not in ("parameter", "component") for a in renamed):
        return None
    return key


def _removed_note(
    facts: ModuleFacts, trees: Trees, search: SearchSpace, space: Space, entry: Entry
) -> str | None:
    """"`multi_class` was deprecated in 1.5 and removed in 1.8", when the key names a
    parameter that the estimator it lands on had in an earlier release.

    An invalid address does not say whose parameter it missed: the owner is found by
    addressing the same path with a parameter each constructed class has."""
    catalog = _catalog(facts)
    prefix, _, name = entry.key.rpartition("__")
    notes = set()
    for construction in facts.constructions:
        estimator = construction.estimator
        note = deprecations.removed_parameter_note(catalog, estimator, name)
        if note is None or not estimator.parameters:
            continue
        probe = f"{prefix}__{next(iter(estimator.parameters))}" if prefix else next(iter(estimator.parameters))
        found = entry_addresses(trees, search, space, Entry(probe, entry.node, entry.value, entry.place, entry.candidates))
        if found and all(a.status == "parameter" and a.owner is not None and a.owner.estimator is estimator for a in found):
            notes.add(note)
    return notes.pop() if len(notes) == 1 else None


def _deprecated(catalog: Catalog, address: Address) -> bool:
    """Whether the address is a parameter the target release deprecates."""
    return (
        address.owner is not None
        and address.parameter is not None
        and deprecations.deprecated_at_target(catalog, address.owner.estimator, address.parameter.name)
    )


def _rename_key(
    catalog: Catalog, trees: Trees, search: SearchSpace, space: Space, entry: Entry, key: str
) -> FixPlan | None:
    """Rename a search key to ``key`` when that key addresses a parameter for certain."""
    renamed = entry_addresses(trees, search, space, Entry(key, entry.node, entry.value, entry.place, entry.candidates))
    if not renamed or any(a.status not in ("parameter", "component") for a in renamed):
        return None
    if any(_deprecated(catalog, a) for a in renamed):
        return None  # never rename to what the target release deprecates
    if any(other.key == key for other in space.entries):
        return None  # the space has that key already: renaming would make a duplicate
    if isinstance(entry.node, cst.Name):
        content: str | None = key if key.isidentifier() else None
    else:
        content = edits.string_literal(entry.node, key)
    if content is None:
        return None
    edit = edits.replace(entry.node, _statement(search, entry), content)
    return FixPlan("unsafe", f"Rename `{entry.key}` to `{key}`", (edit,))


# -- HP301 -----------------------------------------------------------------------------


def _why_not_model(name: str, owner: str | None, searcher: str | None) -> str:
    of = f" of `{owner}`" if owner else ""
    on_search = f" or on `{searcher}`" if searcher else ""
    if name in _SEEDS:
        return (
            f"`{name}`{of} is a seed, not a hyperparameter: searching over it picks the "
            "luckiest seed, which the next run will not have; set it once on the constructor"
        )
    if name in _SPEED:
        return (
            f"`{name}`{of} changes how fast or with how much memory it runs, not the model; "
            f"set it once on the constructor{on_search}"
        )
    if name in _LOGGING:
        return f"`{name}`{of} only changes logging, not the model; set it once on the constructor"
    return f"`{name}`{of} does not change the fitted model; set it once on the constructor"


def non_model_argument_in_search_space(facts: ModuleFacts) -> Iterator[Violation]:
    """HP301: search keys whose parameter is not part of the model."""
    yield from facts.derived(_non_model_findings)


def _non_model_findings(facts: ModuleFacts) -> list[Violation]:
    """HP301's findings; HP102 asks too, to leave those keys to HP301."""
    return list(_non_model(facts))


def _non_model(facts: ModuleFacts) -> Iterator[Violation]:
    trees, searches = _searches(facts)
    if trees is None:
        return
    seen: set[int] = set()
    for search in searches:
        if search.kind == "values":
            continue  # set_params with a value is configuration, not a search
        for space, entry in iter_entries(search):
            final = entry.key.rpartition("__")[2]
            addresses = entry_addresses(trees, search, space, entry)
            owner: str | None = None
            named = final
            if addresses is None or any(a.status == "unknown" for a in addresses):
                # No known owner (ParameterGrid, a step of the user's own class): only the
                # names that are non-model by convention everywhere, seeds, parallelism and
                # logging (a user's `name` may well choose the model). Asked only here:
                # building the set reads every catalogued class.
                if final not in _CONVENTIONAL or final not in non_model_everywhere(_catalog(facts)):
                    continue
            elif all(
                a.status == "parameter" and a.parameter is not None and a.parameter.role == "non-model"
                for a in addresses
            ):
                owners = {a.owner.name for a in addresses if a.owner is not None}
                owner = owners.pop() if len(owners) == 1 else None
                # The parameter a booster's alias stands for (``nthread``: ``n_jobs``).
                names = {a.parameter.name for a in addresses if a.parameter is not None}
                named = names.pop() if len(names) == 1 else final
            else:
                continue
            if id(entry.node) in seen:
                continue
            seen.add(id(entry.node))
            # The estimator that owns the key, not the search, when the key has one owner.
            of = f" of `{owner}`" if owner is not None else ""
            message = (
                f"Search key `{entry.key}` is not a hyperparameter{of}: "
                + _why_not_model(named, None, search.searcher if search.target else None)
            )
            candidates = _candidate_nodes(search, entry)
            first = candidates[0] if candidates else None
            fix = _move_to_constructor(facts, search, entry, addresses, first, keep_set=True)
            yield Violation("HP301", message, entry.node, _statement(search, entry), fix)


def _move_to_constructor(
    facts: ModuleFacts,
    search: SearchSpace,
    entry: Entry,
    addresses: Sequence[Address] | None,
    value: cst.BaseExpression | None,
    *,
    keep_set: bool,
) -> FixPlan | None:
    """Remove ``entry`` from its dict and, when its one target's constructor is in the
    file and does not set the parameter, set it there to ``value``.

    When the constructor sets it already, the entry is only removed if ``keep_set`` (the
    constructor's value wins) or it sets the same ``value``; else there is no fix.
    """
    if search.kind == "values" or entry.overwritten:
        return None
    removal = edits.remove_entry(facts.module, _statement(search, entry), entry.node)
    if removal is None:
        return None
    name = entry.key.rpartition("__")[2]
    message = f"Remove `{entry.key}` from the search space"
    added = _constructor_argument(facts, addresses, name, value, keep_set)
    if added is False:
        return None
    if isinstance(added, NodeEdit) and value is not None:
        message += f" and set `{name}={edits.code(value)}` on the constructor"
        return FixPlan("unsafe", message, (removal, added))
    return FixPlan("unsafe", message, (removal,))


def _constructor_argument(
    facts: ModuleFacts,
    addresses: Sequence[Address] | None,
    name: str,
    value: cst.BaseExpression | None,
    keep_set: bool,
) -> NodeEdit | bool:
    """The edit that sets ``name=value`` on the target's constructor; True when nothing
    needs adding, False when the entry must stay (its value cannot be placed)."""
    owners = {id(a.owner): a.owner for a in addresses or () if a.owner is not None}
    if not addresses or len(owners) != 1 or any(a.status != "parameter" for a in addresses):
        return keep_set
    (owner,) = owners.values()
    if any(_deprecated(_catalog(facts), a) for a in addresses):
        return keep_set  # setting it would add an argument the target release deprecates
    construction = next((c for c in facts.constructions if c.node is owner.node), None)
    if construction is None or owner.expanded:
        return keep_set
    given = owner.arguments.get(name)
    if given is not None:
        same = value is not None and edits.code(given) == edits.code(value)
        return keep_set or same
    if value is None or literal_value(value) is NOT_LITERAL:
        return keep_set  # a name or call might not mean the same at the constructor
    edit = edits.add_argument(owner.node, construction.site.statement, name, edits.code(value))
    return edit if edit is not None else keep_set


# -- HP102 -----------------------------------------------------------------------------


def _single(search: SearchSpace, entry: Entry) -> cst.BaseExpression | None:
    candidates = _candidate_nodes(search, entry)
    if candidates is None or len(candidates) != 1 or entry.overwritten:
        return None
    return candidates[0]


def single_candidate_search(facts: ModuleFacts) -> Iterator[Violation]:
    """HP102: a search-space entry with exactly one candidate."""
    trees, searches = _searches(facts)
    if trees is None:
        return
    seen: set[int] = set()
    taken = {id(v.node) for v in facts.derived(_non_model_findings)}
    taken.update(facts.derived(_history_findings))
    for search in searches:
        if search.kind not in ("grid", "distributions") or search.ranges:
            continue
        for space, entry in iter_entries(search):
            candidate = _single(search, entry)
            if candidate is None or id(entry.node) in seen:
                continue
            if search.alternatives and not _fixed_in_every_dict(search, entry, candidate):
                # A one-candidate key in a list of dicts usually tells the dicts apart.
                continue
            addresses = entry_addresses(trees, search, space, entry)
            if addresses and all(a.status == "invalid" for a in addresses):
                continue  # HP302's: the key itself is wrong
            if addresses and _ignored_by_booster(facts, addresses, entry.key) is not None:
                continue  # HP302's: the booster ignores the key
            if id(entry.node) in taken or id(candidate) in taken:
                continue  # HP301's or HP403's: one finding per token
            if addresses and all(a.status == "parameter" and a.parameter is not None
                                 and a.parameter.constraints is not None for a in addresses):
                if _rejected(addresses, literal_value(candidate), entry.key) is not None:
                    continue  # HP402's: never propose moving a rejected value
            seen.add(id(entry.node))
            text = source_text(candidate)
            where: str | None = "on the estimator"
            if addresses and all(a.status == "parameter" for a in addresses):
                owners = {a.owner.name for a in addresses if a.owner is not None}
                if len(owners) == 1:
                    where = f"on the `{owners.pop()}` constructor"
            elif addresses and all(a.status == "component" for a in addresses):
                where = None
            final = entry.key.rpartition("__")[2]
            fix = (
                f"set `{final}={text}` {where} instead"
                if where is not None
                else f"put `{text}` in place of `{final}` in the estimator itself"
            )
            message = (
                f"Search key `{entry.key}` has a single candidate, `{text}`: it is a fixed "
                f"value, not a search; {fix}"
            )
            plan = _move_to_constructor(facts, search, entry, addresses, candidate, keep_set=False)
            yield Violation("HP102", message, entry.node, _statement(search, entry), plan)


def _fixed_in_every_dict(search: SearchSpace, entry: Entry, candidate: cst.BaseExpression) -> bool:
    value = literal_value(candidate)
    if value is NOT_LITERAL:
        return False
    for space in search.spaces:
        matches = [e for e in space.entries if e.key == entry.key]
        if len(matches) != 1:
            return False
        other = _single(search, matches[0])
        if other is None or literal_value(other) != value:
            return False
    return True


# -- HP402 -----------------------------------------------------------------------------


def invalid_candidate(facts: ModuleFacts) -> Iterator[Violation]:
    """HP402: literal candidates of a search key that the parameter's constraints reject."""
    trees, searches = _searches(facts)
    if trees is None:
        return
    seen: set[int] = set()
    for search in searches:
        for space, entry in iter_entries(search):
            if entry.overwritten:
                continue
            if search.kind == "values":
                values: Sequence[cst.BaseExpression] = (entry.value,)
            else:
                candidates = _candidate_nodes(search, entry)
                values = candidates if candidates is not None else ()
            distribution = (
                entry.value if search.kind == "distributions" and not values else None
            )
            if not values and distribution is None and entry.values is None:
                continue
            addresses = entry_addresses(trees, search, space, entry)
            if not addresses or any(
                a.status != "parameter" or a.parameter is None or a.parameter.constraints is None
                for a in addresses
            ):
                continue
            history = facts.derived(_history_findings)
            for node in values:
                if id(node) in seen or id(node) in history:
                    continue
                value = literal_value(node)
                message = _rejected(addresses, value, entry.key)
                if message is not None:
                    seen.add(id(node))
                    statement = _candidate_statement(search, entry)
                    fix = _typo_fix(addresses, node, value, statement)
                    yield Violation("HP402", message, node, statement, fix)
            computed = entry.computed
            if computed is not None and entry.values is not None and id(computed) not in seen:
                # The first value the constraints reject, on the call that yields it.
                for value in entry.values:
                    message = _rejected(addresses, value, entry.key)
                    if message is not None:
                        seen.add(id(computed))
                        statement = _candidate_statement(search, entry)
                        yield Violation("HP402", f"{message} (a value of `{source_text(computed)}`)", computed, statement)
                        break
                distribution = None
            if isinstance(distribution, cst.Call) and id(distribution) not in seen:
                message = _randint(facts, distribution, addresses, entry.key)
                if message is not None:
                    seen.add(id(distribution))
                    yield Violation("HP402", message, distribution, _statement(search, entry))


def _typo_fix(
    addresses: Sequence[Address], node: cst.BaseExpression, value: object, statement: int
) -> FixPlan | None:
    """The string typo fix, when every address the key has agrees on it."""
    plans = [
        string_typo_fix(a.parameter, node, value, statement) if a.parameter is not None else None
        for a in addresses
    ]
    first = plans[0] if plans else None
    if first is None or any(p is None or p.message != first.message for p in plans):
        return None
    return first


def _rejected(addresses: Sequence[Address], value: object, key: str) -> str | None:
    if value is NOT_LITERAL:
        return None
    first: Address | None = None
    for found in addresses:
        assert found.parameter is not None and found.parameter.constraints is not None
        if constraints.check(found.parameter.constraints, value) is not False:
            return None
        first = first or found
    if first is None or first.parameter is None or first.parameter.constraints is None:
        return None
    owner = first.owner.name if first.owner is not None else "the estimator"
    return invalid_value_message(first.parameter, owner, value, f" for search key `{key}`")


def _randint(
    facts: ModuleFacts, call: cst.Call, addresses: Sequence[Address], key: str
) -> str | None:
    """``randint(low, high)`` whose support holds a value the parameter rejects."""
    if facts.resolver.resolve(call.func) not in _RANDINT:
        return None
    args = call.args
    if len(args) != 2 or any(a.star or (a.keyword is not None and a.keyword.value not in ("low", "high")) for a in args):
        return None
    bounds: dict[str, object] = {}
    for index, arg in enumerate(args):
        name = arg.keyword.value if arg.keyword is not None else ("low", "high")[index]
        bounds[name] = literal_value(arg.value)
    low, high = bounds.get("low"), bounds.get("high")
    if type(low) is not int or type(high) is not int or high <= low:
        return None
    for value in (low, high - 1):
        message = _rejected(addresses, value, key)
        if message is not None:
            return f"`{source_text(call)}` can sample `{value}`, which is out of range: " + message
    return None


# -- HP403 -----------------------------------------------------------------------------


def deprecated_search_entry(facts: ModuleFacts) -> Iterator[Violation]:
    """HP403: search keys the target release deprecates, and candidates it deprecates or
    no longer accepts (an earlier release did)."""
    yield from facts.derived(_history_findings).values()


def _history_findings(facts: ModuleFacts) -> dict[int, Violation]:
    """HP403's search findings by the id of their node (HP102 and HP402 leave those)."""
    trees, searches = _searches(facts)
    found: dict[int, Violation] = {}
    if trees is None:
        return found
    catalog = _catalog(facts)
    for search in searches:
        for space, entry in iter_entries(search):
            addresses = entry_addresses(trees, search, space, entry)
            if entry.overwritten or not addresses or any(
                a.status != "parameter" or a.owner is None or a.parameter is None for a in addresses
            ):
                continue
            statement = _statement(search, entry)
            notes = {
                deprecations.parameter_note(catalog, a.owner.estimator, a.parameter.name)
                for a in addresses if a.owner is not None and a.parameter is not None
            }
            if len(notes) == 1 and None not in notes and id(entry.node) not in found:
                message = f"Search key `{entry.key}`: {notes.pop()}"
                found[id(entry.node)] = Violation("HP403", message, entry.node, statement)
                continue
            if search.kind == "values":
                values: Sequence[cst.BaseExpression] = (entry.value,)
            else:
                values = _candidate_nodes(search, entry) or ()
                statement = _candidate_statement(search, entry)  # a name may hold them
            for node in values:
                value = literal_value(node)
                notes = {
                    deprecations.value_note(catalog, a.owner.estimator, a.parameter.name, value)
                    for a in addresses if a.owner is not None and a.parameter is not None
                }
                if len(notes) == 1 and None not in notes and id(node) not in found:
                    message = f"Candidate of search key `{entry.key}`: {notes.pop()}"
                    found[id(node)] = Violation("HP403", message, node, statement)
    return found
