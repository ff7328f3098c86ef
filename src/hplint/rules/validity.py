"""Validity: constructor arguments the estimator rejects (HP401, HP402)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import libcst as cst

from hplint.catalog import Catalog, Estimator, Parameter, constraints, functions, native
from hplint.catalog.native import Native
from hplint.model import Construction, ModuleFacts, bind_arguments
from hplint.model.literals import NOT_LITERAL, literal_value, show
from hplint.rules import deprecations, edits
from hplint.rules.types import FixPlan, Violation


def checked_calls(facts: ModuleFacts) -> tuple[Construction, ...]:
    """The estimator constructions and the calls of catalogued functions: HP401 and HP402
    check the arguments of both."""
    return facts.constructions + function_calls(facts)


def function_calls(facts: ModuleFacts) -> tuple[Construction, ...]:
    """The calls of catalogued functions (computed once per module)."""
    return facts.derived(_function_calls)


def _function_calls(facts: ModuleFacts) -> tuple[Construction, ...]:
    """Calls of scikit-learn functions that validate their parameters (``train_test_split``,
    ``f1_score``), resolved through the imports as constructors are."""
    catalog = deprecations.catalog_of(facts)
    found = []
    for site in facts.calls:
        if site.expects_error:
            continue
        qualname = facts.resolver.resolve_parts(site.callee)
        if qualname is None or not qualname.startswith("sklearn."):
            continue
        function = functions.lookup(catalog, qualname)
        if function is not None:
            found.append(Construction(site, function, bind_arguments(site.node, function)))
    return tuple(found)


def unknown_constructor_argument(facts: ModuleFacts) -> Iterator[Violation]:
    """HP401: keywords and positions the estimator's constructor (or the function) does not accept."""
    catalog = deprecations.catalog_of(facts)
    for construction in checked_calls(facts):
        estimator = construction.estimator
        for argument in construction.arguments:
            node = argument.node
            message = None
            if deprecations.version_finding(facts, argument) is not None:
                continue  # HP403's
            fix = None
            target: cst.CSTNode = node
            if argument.expanded:
                continue
            if argument.duplicate and argument.parameter is not None:
                message = (
                    f"`{estimator.name}` got more than one value for parameter "
                    f"`{argument.parameter.name}`"
                )
            elif argument.parameter is not None:
                continue
            elif node.keyword is not None and estimator.var_keyword:
                if literal_value(node.value) is not None:  # boosters drop None-valued keywords
                    ignored = ignored_keyword(catalog, estimator, node.keyword.value)
                    message = None if ignored is None else ignored[0]
                target = node.keyword
            elif node.keyword is not None:
                if "function" in estimator.kinds and (
                    deprecations.function_parameter_note(catalog, estimator, node.keyword.value)
                ):
                    continue  # HP403's: a removed parameter of a function, with its history
                target = node.keyword
                names = deprecations.current_parameters(catalog, estimator)
                message = _unknown_keyword(construction, node.keyword.value, names)
                added = deprecations.added_after_target(catalog, construction, node.keyword.value)
                if added is not None:
                    message += f" ({added})"
                else:
                    fix = _rename_keyword(construction, node.keyword, names)
            elif argument.position is not None and not estimator.var_positional:
                message = _too_many_positional(construction)
            if message is not None:
                yield Violation("HP401", message, target, construction.site.statement, fix)
        yield from _aliases_together(construction)


def booster_of(estimator: Estimator) -> Native | None:
    """The native parameters of an XGBoost or LightGBM estimator, which takes them through
    ``**kwargs``; None for any other class."""
    return native.native(estimator.qualname.partition(".")[0]) if estimator.var_keyword else None


def ignored_keyword(catalog: Catalog, estimator: Estimator, keyword: str) -> tuple[str, str | None] | None:
    """Why an XGBoost or LightGBM estimator ignores ``keyword``, which it takes through
    ``**kwargs`` and its booster does not know, and the known name it is close to: said
    when the keyword is close to a known name or is a scikit-learn parameter name, the two
    shapes of a mistake (any other name stays silent, None)."""
    booster = booster_of(estimator)
    if booster is None or booster.knows(keyword) or keyword in estimator.parameters:
        return None
    retired = deprecations.retired_booster_note(estimator, keyword)
    if retired is not None:
        return retired, None
    # The constructor's own names, and the booster's (which include configuration keys
    # such as `name` and `version`) only when very close; the closer of the two
    # (`sample_typ` is `sample_type`, not the constructor's `subsample`).
    candidates = [
        *difflib.get_close_matches(keyword, list(estimator.parameters), n=1, cutoff=0.6),
        *difflib.get_close_matches(keyword, sorted(booster.parameters), n=1, cutoff=0.8),
    ]
    close = sorted(candidates, key=lambda name: -difflib.SequenceMatcher(None, keyword, name).ratio())[:1]
    ignored = f"{booster.library} accepts it through `**kwargs` and ignores it"
    if close:
        return f"`{estimator.name}` has no parameter `{keyword}`; did you mean `{close[0]}`? {ignored}", close[0]
    if keyword in native.sklearn_parameter_names(catalog):
        return f"`{estimator.name}` has no parameter `{keyword}` (a scikit-learn parameter); {ignored}", None
    return None


def _aliases_together(construction: Construction) -> Iterator[Violation]:
    """HP401 on a second name of one booster parameter (``eta`` and ``learning_rate``):
    only one of the values takes effect."""
    booster = booster_of(construction.estimator)
    if booster is None:
        return
    first: dict[str, str] = {}
    for argument in construction.arguments:
        keyword = argument.node.keyword
        if keyword is None or argument.expanded or not booster.knows(keyword.value):
            continue
        if literal_value(argument.node.value) is None:
            continue  # XGBoost and LightGBM drop a None-valued parameter: no second value
        main = booster.main(keyword.value)
        earlier = first.setdefault(main, keyword.value)
        if earlier != keyword.value:
            message = (
                f"`{construction.estimator.name}` got more than one value for {booster.library}'s "
                f"parameter `{main}`: `{earlier}` and `{keyword.value}` are aliases, and only one "
                "of the values takes effect"
            )
            yield Violation("HP401", message, keyword, construction.site.statement)


def _unknown_keyword(construction: Construction, keyword: str, names: list[str]) -> str:
    """The message; ``names`` are the parameters to suggest (none deprecated at the target)."""
    estimator = construction.estimator
    message = f"`{estimator.name}` has no parameter `{keyword}`"
    close = difflib.get_close_matches(keyword, names, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean `{close[0]}`?"
    return message


def _rename_keyword(construction: Construction, keyword: cst.Name, names: list[str]) -> FixPlan | None:
    """Rename to the one close parameter name (of ``names``) the call does not give already."""
    name = edits.only_close_match(keyword.value, names)
    return None if name is None else edits.rename_keyword(construction, keyword, name)


def string_typo_fix(parameter: Parameter, node: cst.CSTNode, value: object, statement: int) -> FixPlan | None:
    """HP402's fix: the one close documented option in place of a misspelt string."""
    if not isinstance(value, str) or parameter.constraints is None:
        return None
    option = edits.only_close_match(value, constraints.string_options(parameter.constraints))
    content = edits.string_literal(node, option) if option is not None else None
    if option is None or content is None or constraints.check(parameter.constraints, option) is not True:
        return None
    return FixPlan("unsafe", f"Replace `{show(value)}` with `{show(option)}`", (edits.replace(node, statement, content),))


def _too_many_positional(construction: Construction) -> str:
    estimator = construction.estimator
    positional = estimator.positional_parameters
    if not positional:
        return (
            f"`{estimator.name}` takes no positional arguments; "
            "pass its parameters by keyword"
        )
    names = ", ".join(f"`{p.name}`" for p in positional)
    plural = "argument" if len(positional) == 1 else "arguments"
    return (
        f"`{estimator.name}` takes {len(positional)} positional {plural} ({names}); "
        "pass the others by keyword"
    )


def invalid_hyperparameter_value(facts: ModuleFacts) -> Iterator[Violation]:
    """HP402: literal values that the parameter's declared constraints reject."""
    for construction in checked_calls(facts):
        estimator = construction.estimator
        for argument in construction.arguments:
            parameter = argument.parameter
            if parameter is None or parameter.constraints is None or argument.duplicate:
                continue
            found = deprecations.version_finding(facts, argument)
            if found is not None and found[1] is argument.node.value:
                continue  # HP403's: the value itself is deprecated or removed
            value = literal_value(argument.node.value)
            if value is NOT_LITERAL or constraints.check(parameter.constraints, value) is not False:
                continue
            message = invalid_value_message(parameter, estimator.name, value, "")
            statement = construction.site.statement
            fix = string_typo_fix(parameter, argument.node.value, value, statement)
            yield Violation("HP402", message, argument.node.value, statement, fix)


def invalid_value_message(parameter: Parameter, owner: str, value: object, context: str) -> str:
    """HP402's message: what the parameter accepts, what it got, and a close option.

    ``context`` follows the value, e.g. " for search key `svc__C`".
    """
    assert parameter.constraints is not None
    accepted = constraints.describe(parameter.constraints)
    got = f"{context and 'the candidate '}`{show(value)}`{context}"
    suggestion = constraints.suggest(parameter.constraints, value) if isinstance(value, str) else None
    if suggestion is not None and constraints.long_options(parameter.constraints):
        # The did-you-mean first, where a long list of options would push it out of sight.
        return (
            f"The `{parameter.name}` parameter of `{owner}` got {got}; did you mean "
            f"`{show(suggestion)}`? It must be {accepted}"
        )
    message = f"The `{parameter.name}` parameter of `{owner}` must be {accepted}; got {got}"
    if suggestion is not None:
        message += f"; did you mean `{show(suggestion)}`?"
    return message
