"""Arguments that depend on the scikit-learn release: HP403 deprecated-argument.

A parameter or a literal value that the target release deprecates (it works, with a
warning), or that an earlier catalogued release had and a release up to the target removed.
HP401 and HP402 leave such arguments to HP403, so one argument gets one finding; a
parameter added after the target release stays an HP401, with that fact in its message.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from hplint.catalog import Catalog, Estimator, constraints, history, load, native, removals, versioned
from hplint.catalog.history import Deprecation, ParameterHistory
from hplint.diagnostics import Applicability
from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import NOT_LITERAL, literal_value, show
from hplint.rules import edits
from hplint.rules.types import FixPlan, Violation

# A message and the node it is reported on.
Finding = tuple[str, cst.CSTNode]


def catalog_of(facts: ModuleFacts) -> Catalog:
    known = facts.resolver.known
    return known if isinstance(known, Catalog) else load()


def deprecated_argument(facts: ModuleFacts) -> Iterator[Violation]:
    """HP403: deprecated or removed parameters and values in estimator constructors."""
    catalog = catalog_of(facts)
    for construction in facts.constructions:
        for argument in construction.arguments:
            found = version_finding(facts, argument)
            if found is not None:
                message, node = found
                fix = _replacement_fix(catalog, construction, argument)
                yield Violation("HP403", message, node, construction.site.statement, fix)


def version_finding(facts: ModuleFacts, argument: Argument) -> Finding | None:
    """HP403's message and node for an argument of one of ``facts``' constructions, or None
    when it has nothing to say. HP101, HP401 and HP402 ask too, to leave it to HP403."""
    return facts.derived(_version_findings).get(id(argument.node))


def _version_findings(facts: ModuleFacts) -> dict[int, Finding]:
    """``_version_finding`` of every argument that has one, by the id of its node."""
    catalog = catalog_of(facts)
    found = {}
    for construction in facts.constructions:
        for argument in construction.arguments:
            finding = _version_finding(catalog, construction, argument)
            if finding is not None:
                found[id(argument.node)] = finding
    return found


def _version_finding(
    catalog: Catalog, construction: Construction, argument: Argument
) -> Finding | None:
    """HP403's message and node for one argument, or None when it has nothing to say."""
    target = catalog.release
    if target is None or argument.expanded or argument.duplicate:
        return None
    node = argument.node
    estimator = construction.estimator
    if argument.parameter is None:
        if node.keyword is not None and estimator.var_keyword and literal_value(node.value) is not None:
            message = retired_booster_note(estimator, node.keyword.value)
            return None if message is None else (message, node.keyword)
        if node.keyword is None or estimator.var_keyword:
            return None
        keyword = node.keyword.value
        past = history.parameter(catalog, estimator.qualname, keyword)
        if past is None:
            # Removed before the first catalogued release: the reviewed table's.
            message = table_parameter_note(estimator, keyword, target)
            return None if message is None else (message, node.keyword)
        if target in past.records or not _before(past.releases, target):
            return None
        return _catalog_parameter_message(catalog, estimator, past), node.keyword
    note = parameter_note(catalog, estimator, argument.parameter.name)
    if note is not None:
        where: cst.CSTNode = node.keyword if node.keyword is not None else node.value
        return note, where
    note = value_note(catalog, estimator, argument.parameter.name, literal_value(node.value))
    return None if note is None else (note, node.value)


def retired_booster_note(estimator: Estimator, name: str) -> str | None:
    """HP403's message for a parameter an XGBoost or LightGBM estimator's scikit-learn API
    removed (``silent``), which it now takes through ``**kwargs`` and ignores; else None."""
    booster = native.native(estimator.qualname.partition(".")[0]) if estimator.var_keyword else None
    retired = booster.retired(name) if booster is not None else None
    if booster is None or retired is None:
        return None
    return (
        f"`{name}` of `{estimator.name}` {retired.history}; use `{retired.replacement}` instead. "
        f"{booster.library} accepts it through `**kwargs` and ignores it"
    )


def table_parameter_note(estimator: Estimator, name: str, target: str) -> str | None:
    """HP403's message for a parameter the reviewed table (removals.py) has for the class or
    function, when the target release deprecates or no longer has it; else None."""
    row = removals.parameter(estimator.qualname, name)
    if row is None or not row.deprecated_at(target):
        return None
    return _with_note(_parameter_message(name, estimator, row.deprecation(), target), row.note)


def function_parameter_note(catalog: Catalog, function: Estimator, name: str) -> str | None:
    """HP403's message for a keyword of a validated function's call that the target release's
    function no longer has: from the reviewed table, which knows the deprecation, else from
    the catalogued releases of the function; None when it never had it."""
    target = catalog.release
    if target is None:
        return None
    message = table_parameter_note(function, name, target)
    if message is not None:
        return message
    past = history.parameter(catalog, function.qualname, name)
    if past is None or target in past.records or not _before(past.releases, target):
        return None
    return _catalog_parameter_message(catalog, function, past)


def parameter_note(catalog: Catalog, estimator: Estimator, name: str) -> str | None:
    """HP403's message for a parameter the target release deprecates, else None."""
    past = history.parameter(catalog, estimator.qualname, name)
    if past is None or catalog.release is None or not past.deprecated_in(catalog.release):
        return None
    return _catalog_parameter_message(catalog, estimator, past)


def value_note(catalog: Catalog, estimator: Estimator, name: str, value: object) -> str | None:
    """HP403's message for a literal value of parameter ``name`` that the target release
    deprecates, or that an earlier release (catalogued, or in the table) had and the
    target rejects; else None."""
    target = catalog.release
    past = history.parameter(catalog, estimator.qualname, name)
    if past is None or target is None or value is NOT_LITERAL:
        return None
    if past.value_deprecated_in(value, target) or _value_removed(past, value, target):
        return _value_message(past, estimator.name, value, target)
    row = removals.value(estimator.qualname, past.name, value)
    if row is not None and row.deprecated_at(target) and past.accepts(value, target) is False:
        return _with_note(_value_text(past.name, estimator.name, value, row.deprecation(), target), row.note)
    return None


def removed_parameter_note(catalog: Catalog, estimator: Estimator, name: str) -> str | None:
    """"`multi_class` was deprecated in 1.5 and removed in 1.8": when a parameter the
    target release does not have was removed, from the catalog or the table; else None."""
    target = catalog.release
    if target is None or name in estimator.parameters:
        return None
    past = history.parameter(catalog, estimator.qualname, name)
    if past is None:
        row = removals.parameter(estimator.qualname, name)
        if row is None or not row.removed_at(target):
            return None
        return f"`{name}` was deprecated" + history_text(row.deprecation(), target)
    if target in past.records or not _before(past.releases, target):
        return None
    deprecation = past.deprecation()
    if deprecation is None:
        return f"`{name}` was removed{_in(past.removed())}"
    return f"`{name}` was deprecated" + history_text(deprecation, target, past)


def _replacement_fix(
    catalog: Catalog, construction: Construction, argument: Argument
) -> FixPlan | None:
    """HP403's fix: the parameter's or value's documented replacement, where the target
    release has it and accepts the value. Safe when scikit-learn documents the replacement
    as meaning the same (a rename, an equivalent value: ``Deprecation.same_meaning``),
    unsafe otherwise: a replacement may differ in behaviour."""
    estimator = construction.estimator
    node = argument.node
    keyword = node.keyword
    if keyword is None or catalog.release is None:
        return None
    past = history.parameter(catalog, estimator.qualname, keyword.value)
    row = removals.parameter(estimator.qualname, keyword.value) if past is None else None
    if past is None and row is None:
        return None
    statement = construction.site.statement
    if argument.parameter is None or (past is not None and past.deprecated_in(catalog.release)):
        deprecation = row.deprecation() if past is None and row is not None else _deprecation(past)
        new = deprecation.replacement if deprecation is not None and deprecation.renamed else None
        if new is None or new not in estimator.parameters:
            return None
        return edits.rename_keyword(construction, keyword, new, _applicability(deprecation))
    assert past is not None
    value = literal_value(node.value)
    deprecation = past.value_deprecation(value)
    if deprecation is None:
        value_row = removals.value(estimator.qualname, past.name, value)
        deprecation = value_row.deprecation() if value_row is not None else None
    option = deprecation.replacement if deprecation is not None else None
    parameter = argument.parameter
    if not isinstance(option, str) or parameter.constraints is None:
        return None
    if constraints.check(parameter.constraints, option) is not True:
        return None
    content = edits.string_literal(node.value, option)
    if content is None:
        return None
    return FixPlan(
        _applicability(deprecation), f"Replace `{show(value)}` with `{show(option)}`",
        (edits.replace(node.value, statement, content),),
    )


def _applicability(deprecation: Deprecation | None) -> Applicability:
    return "safe" if deprecation is not None and deprecation.same_meaning else "unsafe"


def _deprecation(past: ParameterHistory | None) -> Deprecation | None:
    return None if past is None else past.deprecation()


def deprecated_at_target(catalog: Catalog, estimator: Estimator, name: str) -> bool:
    """Whether the target release deprecates parameter ``name`` of ``estimator``."""
    past = history.parameter(catalog, estimator.qualname, name)
    return past is not None and catalog.release is not None and past.deprecated_in(catalog.release)


def current_parameters(catalog: Catalog, estimator: Estimator) -> list[str]:
    """The parameters a did-you-mean or a fix may name: those not deprecated at the target."""
    return [p for p in estimator.parameters if not deprecated_at_target(catalog, estimator, p)]


def added_after_target(catalog: Catalog, construction: Construction, keyword: str) -> str | None:
    """For HP401: "`X` was added in 1.4; the target is scikit-learn 1.2", when it was."""
    target = catalog.release
    past = history.parameter(catalog, construction.estimator.qualname, keyword)
    if target is None or past is None or target in past.records:
        return None
    later = [r for r in past.releases if versioned.key(r) > versioned.key(target)]
    if not later:
        return None
    return f"`{keyword}` was added in scikit-learn {later[0]}; the target is {target}"


def _before(releases: tuple[str, ...], target: str) -> list[str]:
    return [r for r in releases if versioned.key(r) < versioned.key(target)]


def _value_removed(past: ParameterHistory, value: object, target: str) -> bool:
    """A string option an earlier release listed and accepted, which the target rejects."""
    return past.accepts(value, target) is False and any(
        past.lists(value, r) and past.accepts(value, r) is True
        for r in _before(past.releases, target)
    )


def _catalog_parameter_message(catalog: Catalog, estimator: Estimator, past: ParameterHistory) -> str:
    target = catalog.release or ""
    deprecation = past.deprecation()
    if deprecation is None:
        return (
            f"`{past.name}` of `{estimator.name}` was removed{_in(past.removed())} "
            f"(the target is scikit-learn {target})"
        )
    return _parameter_message(past.name, estimator, deprecation, target, past)


def _parameter_message(
    name: str, estimator: Estimator, deprecation: Deprecation, target: str,
    past: ParameterHistory | None = None,
) -> str:
    """"`n_topics` of `LatentDirichletAllocation` was renamed `n_components` in 0.19 and
    removed in 0.21 (the target is scikit-learn 1.9)", from the catalog or the table."""
    replacement = deprecation.replacement
    renamed = deprecation.renamed and replacement in estimator.parameters
    message = f"`{name}` of `{estimator.name}` "
    message += f"was renamed `{replacement}`" if renamed else "was deprecated"
    message += history_text(deprecation, target, past)
    if replacement and not renamed:
        message += f"; use `{replacement}` instead"
    return message


def _value_message(past: ParameterHistory, owner: str, value: object, target: str) -> str:
    deprecation = past.value_deprecation(value)
    if deprecation is None:
        accepting = [r for r in past.releases if past.accepts(value, r) is True]
        removed = history.after(past.releases, accepting)
        return (
            f"`{past.name}={show(value)}` of `{owner}` was removed" + _in(removed)
            + f" (the target is scikit-learn {target})"
        )
    return _value_text(past.name, owner, value, deprecation, target, past)


def _value_text(
    name: str, owner: str, value: object, deprecation: Deprecation, target: str,
    past: ParameterHistory | None = None,
) -> str:
    message = f"`{name}={show(value)}` of `{owner}` was deprecated" + history_text(deprecation, target, past)
    if deprecation.replacement:
        message += f"; use `{name}={show(deprecation.replacement)}` instead"
    return message


def _with_note(message: str, note: str | None) -> str:
    return message if note is None else f"{message}; {note}"


def history_text(deprecation: Deprecation, target: str, past: ParameterHistory | None = None) -> str:
    """" in 1.0 and removed in 1.2 (the target is scikit-learn 1.9)": when it was
    deprecated and when it was, or will be, removed."""
    return _in(deprecation.since, past) + _removal(deprecation, target)


def _in(release: str | None, past: ParameterHistory | None = None) -> str:
    """" in 1.2", or " in imbalanced-learn 0.12" for another library's own versions."""
    if not release:
        return ""
    if past is not None and past.library_version is not None:
        return f" in {past.library} {release}"
    return f" in {release}"


def _removal(deprecation: Deprecation, target: str) -> str:
    removed = deprecation.removed
    if removed is None:
        announced = deprecation.announced_removal
        return f" and will be removed in {announced}" if announced else ""
    if versioned.key(removed) <= versioned.key(target):
        return f" and removed in {removed} (the target is scikit-learn {target})"
    return f" and is removed in {removed}"
