"""Tuning: hard-coded hyperparameters that nothing in the project tunes (HP101).

A literal given to a constructor for a parameter the catalog classes ``hyperparameter`` is
reported unless the file tunes it; what the file tunes by search (``project_facts``) also
counts for every other file of the run, in one step after every file is linted
(``hplint.projecttuning``). Tuned, or not a hard-coded choice (silent):

- the parameter is a key of a search space, ``validation_curve(param_name=...)`` or
  ``set_params`` call that lands on an estimator of the same class anywhere in the file
  (the values found are commonly copied back by hand into a final model); a key whose
  target hplint cannot resolve counts for every class;
- a search whose space hplint cannot read exists: then every string key of every dict in
  the file counts as searched (and, without any, everything does);
- an Optuna ``trial.suggest_*``, hyperopt ``hp.*`` or scikit-optimize dimension names it,
  or it is a key of the bounds given to a bayes_opt ``BayesianOptimization``, or of a dict
  whose value a Ray Tune sampler draws (``tune.randint(2, 8)``);
- the value is not a literal, or the constructor has ``*args``/``**kwargs``;
- the constructor sits in a loop or comprehension, or a function or lambda, whose variables
  feed any of its arguments (a hand-written sweep, a model factory);
- the constructor is itself a candidate in a search space (``{"clf": [SVC(C=1)]}``), or is
  test code (``def test_*``, ``class Test*``, ``pytest.raises`` blocks, and the whole of a
  module that imports pytest and defines a test or a fixture: its helpers and fixtures too);
- the parameter takes an estimator (``estimator=None``), or the value is ``"precomputed"``
  (a declaration of what the input is, not a choice of model).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import libcst as cst

from hplint.catalog import constraints
from hplint.diagnostics import TuningFacts, twins
from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import NOT_LITERAL, literal_value, source_text
from hplint.model.names import dotted_parts, parameter_names
from hplint.model.spaces import entry_addresses, iter_entries
from hplint.model.walk import children, descendants, names_in
from hplint.options import RuleOptions
from hplint.projecttuning import BOUNDS_LIBRARIES, SPACE_LIBRARIES, message
from hplint.rules import choices, deprecations, statedvalues, tuningwords
from hplint.rules.commented import commented_tuning
from hplint.rules.effects import inert_condition
from hplint.rules.explored import explored
from hplint.rules.forced import forced
from hplint.rules.handtuning import hand_tuning, named_spaces, pasted_results, path_keys, path_spaces
from hplint.rules.matched import matched
from hplint.rules.reproduced import reproduced
from hplint.rules.resampled import balanced_after_resampling
from hplint.rules.types import UntunedPlan, Violation

_LONGEST_VALUE = 40
# Libraries whose space builders name the parameter they draw (``hp.choice("max_depth", ...)``,
# ``Integer(1, 10, name="max_depth")``).
_SPACE_LIBRARIES = tuple(f"{library}." for library in SPACE_LIBRARIES)
_BOUNDS_LIBRARIES = tuple(f"{library}." for library in BOUNDS_LIBRARIES)


def untuned_hyperparameter(facts: ModuleFacts) -> Iterator[Violation]:
    """HP101: literal hyperparameters of constructors that nothing in the file (or, after the run, the project) tunes."""
    options = facts.options
    found = [
        (construction, arguments)
        for construction in facts.constructions
        if (arguments := _hard_coded(facts, construction, options))
    ]
    if not found or facts.derived(_pytest_module):
        return
    tuning = facts.derived(_tuning).copy()
    if tuning.everything:
        return
    # The classes reported, and those whose parameters mean the same (``diagnostics.twins``).
    classes = {
        twin
        for construction, arguments in found
        for argument in arguments
        if argument.parameter is not None
        for twin in twins(construction.estimator.qualname, argument.parameter.name)
    }
    related = [c for c in facts.constructions if c.estimator.qualname in classes]
    contexts = _contexts(facts.module, related)
    by_hand = hand_tuning(facts, related)
    tuning.classes |= by_hand.classes
    commented = facts.derived(commented_tuning)
    tuning.classes |= commented.classes
    tuning.named |= commented.names
    tuning.classes |= facts.derived(explored)
    tuning.whole |= by_hand.compared
    swept: set[int] = set()
    for construction in related:
        context = contexts.get(id(construction.node))
        if context is None or not context.varying:
            continue
        for argument in construction.arguments:
            # A hand-written sweep explores this parameter of this class: a literal
            # elsewhere is most likely the value it chose.
            if argument.parameter is not None and _reads(argument.node.value, context.varying):
                tuning.classes.add((construction.estimator.qualname, argument.parameter.name))
                swept.add(id(construction.node))
    # The values the comments state (class, parameter, value as written), and the calls
    # left with something to report.
    stated: set[tuple[str, str, str]] = set()
    reported: list[tuple[Construction, list[Argument]]] = []
    for construction, arguments in found:
        node = construction.node
        if id(node) in tuning.whole or id(node) in swept:
            continue
        context = contexts.get(id(node))
        if context is None or context.in_test:
            continue
        if tuningwords.has_search_output(arguments) or tuningwords.commented_as_tuned(facts, construction):
            continue
        qualname = construction.estimator.qualname
        untuned = [
            argument
            for argument in arguments
            if not _tuned(tuning, qualname, argument)
            # HP403 reports it: one finding per argument
            and deprecations.version_finding(facts, argument) is None
        ]
        if untuned:
            # A value the comments beside the call state is a choice made on purpose, and
            # the same value of the class's parameter in another call of the file (a twin
            # fitted on other columns) is the same choice.
            justified, demonstration = statedvalues.stated_arguments(facts, construction, untuned)
            if not demonstration:  # (a demonstration's values justify this call's only)
                stated.update(_written(construction, argument) for argument in justified)
                reported.append((construction, [argument for argument in untuned if argument not in justified]))
    for construction, untuned in reported:
        untuned = [argument for argument in untuned if _written(construction, argument) not in stated]
        if untuned:
            # One finding per call, on its first untuned argument (where ``# noqa`` goes);
            # the plan lets another file's tuning take arguments out of it later.
            shown = [(argument.parameter.name, _shown(argument)) for argument in untuned if argument.parameter]
            plan = UntunedPlan(
                construction.estimator.qualname, construction.estimator.name,
                tuple((name, value, argument.node) for (name, value), argument in zip(shown, untuned)),
            )  # fmt: skip
            yield Violation(
                "HP101", message(construction.estimator.name, shown), untuned[0].node,
                construction.site.statement, untuned=plan,
            )


# A pytest module: it imports pytest, and a top-level function is a test or a fixture.
_IMPORTS_PYTEST: Final = re.compile(r"^[ \t]*(?:import[ \t]+pytest\b|from[ \t]+pytest\b)", re.MULTILINE)


def _pytest_module(facts: ModuleFacts) -> bool:
    """Whether the module is pytest's test code, helpers and fixtures included (a model
    fitted for a fixture or a helper of the tests chooses nothing for the project), as the
    ``test_*`` functions and ``Test*`` classes of any module are."""
    if _IMPORTS_PYTEST.search(facts.text) is None:
        return False
    return any(
        type(statement) is cst.FunctionDef
        and (statement.name.value.startswith("test") or any(map(_is_fixture, statement.decorators)))
        for statement in facts.module.body
    )


def _is_fixture(decorator: cst.Decorator) -> bool:
    """``@pytest.fixture``, ``@fixture``, ``@pytest.fixture(...)``."""
    called = decorator.decorator
    parts = dotted_parts(called.func if type(called) is cst.Call else called)
    return parts is not None and parts[-1] == "fixture"


def _written(construction: Construction, argument: Argument) -> tuple[str, str, str]:
    """The class, parameter and value as written (spacing aside) of an argument."""
    assert argument.parameter is not None
    return construction.estimator.qualname, argument.parameter.name, "".join(source_text(argument.node.value).split())


def _tuned(tuning: _Tuning, qualname: str, argument: Argument) -> bool:
    assert argument.parameter is not None
    name = argument.parameter.name
    return (
        name in tuning.names or name in tuning.guessed or name in tuning.named or name in tuning.pasted
        or any((twin, name) in tuning.classes for twin in twins(qualname, name))
    )  # fmt: skip


def _shown(argument: Argument) -> str:
    """The argument's value as the message shows it: as written, unless long."""
    value = source_text(argument.node.value)
    return "..." if len(value) > _LONGEST_VALUE or "\n" in value else value


# -- which arguments are hard-coded hyperparameters ----------------------------------------


def _hard_coded(facts: ModuleFacts, construction: Construction, options: RuleOptions) -> list[Argument]:
    estimator = construction.estimator
    if any(argument.expanded for argument in construction.arguments):
        return []  # ``**params``: part of a tuning workflow hplint cannot see into
    found = []
    for argument in construction.arguments:
        parameter = argument.parameter
        if parameter is None or argument.duplicate:
            continue
        if not _is_hyperparameter(estimator.name, parameter.name, parameter.role, options):
            continue
        if parameter.name in estimator.estimator_parameters:
            continue
        value = literal_value(argument.node.value)
        if value is NOT_LITERAL or value == "precomputed":
            continue
        if parameter.constraints is not None and constraints.check(parameter.constraints, value) is False:
            continue  # an invalid value is HP402's finding, not a tuning question
        if not choices.is_choice(facts, construction, argument, value):
            continue
        if forced(facts, construction, argument, value):
            continue  # what the code reads on the object needs that value
        if matched(facts, construction, argument, value):
            continue  # the same kernel as another model's: a comparison's control
        if inert_condition(facts, construction, argument) is not None:
            continue  # the call's other arguments make it inert: HP501's finding
        if balanced_after_resampling(facts, construction, argument) is not None:
            continue  # the classes are evened out before it: HP503's finding
        found.append(argument)
    if found and reproduced(facts, construction):
        return []  # checked equal to another result: its values are held to it
    return found


def _is_hyperparameter(owner: str, name: str, role: str, options: RuleOptions) -> bool:
    keys = (name, f"{owner}.{name}")
    if any(key in options.hp101_ignore_parameters for key in keys):
        return False
    return role == "hyperparameter" or any(
        key in options.hp101_extend_hyperparameters for key in keys
    )


# -- what the file tunes ----------------------------------------------------------------------


@dataclass
class _Tuning:
    # (class qualname, parameter) searched on some estimator of that class.
    classes: set[tuple[str, str]] = field(default_factory=set)
    # Parameter names searched on an estimator hplint cannot resolve: any class.
    names: set[str] = field(default_factory=set)
    # Names that may be what a search hplint cannot read tunes (every string key of the
    # file): any class in this file, a guess that other files do not take (``guessed``).
    guessed: set[str] = field(default_factory=set)
    # Keys of dicts named like a search space (``param_grid = {...}``): any class in this
    # file; other files take them only from a file with no search of its own (a
    # ``config.py`` that keeps the grid), since a file's own searches say what they tune.
    named: set[str] = field(default_factory=set)
    # Keys of dicts named as a search's result (``best_params = {...}``): any class in this
    # file, and no other file's (the dict names no class, and one notebook's pasted
    # result is no evidence about the scripts beside it).
    pasted: set[str] = field(default_factory=set)
    # Constructor calls that are search candidates themselves (id of the call node).
    whole: set[int] = field(default_factory=set)
    # A search whose keys hplint cannot know at all: nothing is reported.
    everything: bool = False

    def copy(self) -> _Tuning:
        return _Tuning(
            set(self.classes), set(self.names), set(self.guessed), set(self.named), set(self.pasted),
            set(self.whole), self.everything,
        )


def project_facts(facts: ModuleFacts) -> TuningFacts:
    """What the file tunes by search, for the findings of the other files of the project.

    Computed for every file that is analysed, whatever its findings: searches, named
    dimensions, cross-validating estimators. A search candidate (``whole``) concerns the
    call it is; hand tuning and hand-written sweeps are read only for the classes of the
    file's own findings (reading them for every class would walk every constructor's
    context), so they count in their own file only. A parameter the file names as tuned
    without a class (an unresolved search target, an Optuna suggestion, a grid in a
    ``config.py`` with no search of its own) counts for every class. What a search hplint cannot read may tune is a
    guess (every string key of the file, or everything): it counts for every class in the
    file itself, but travels only for the classes the file constructs, so that in a run
    over many unrelated scripts one unreadable search does not silence all the others.
    """
    tuning = facts.derived(_tuning)
    # Evidence that names no class is exported for the classes this file constructs only.
    built = {construction.estimator.qualname for construction in facts.constructions}
    whole = frozenset(built) if tuning.everything else frozenset()
    pairs = set(tuning.classes)
    pairs.update((qualname, name) for qualname in built for name in tuning.guessed)
    names = set(tuning.names)
    if not facts.search_spaces.found and not facts.search_spaces.unread:
        names |= tuning.named
    return TuningFacts(frozenset(pairs), frozenset(names), whole)


def _tuning(facts: ModuleFacts) -> _Tuning:
    tuning = _Tuning()
    spaces = facts.search_spaces
    trees = spaces.trees
    for search in spaces.found:
        for space, entry in iter_entries(search):
            final = entry.key.rpartition("__")[2]
            for node in (entry.value, *(entry.candidates or ())):  # a name may hold them
                tuning.whole.update(id(n) for n in _calls_in(node))
            addresses = entry_addresses(trees, search, space, entry) if trees else None
            if addresses is None:
                tuning.names.add(final)  # ParameterGrid: no estimator to resolve
                continue
            for found in addresses:
                if found.status == "parameter" and found.owner and found.parameter:
                    tuning.classes.add((found.owner.estimator.qualname, found.parameter.name))
                elif found.status == "unknown":
                    tuning.names.add(final)
    if spaces.unread:
        # A search whose space or parameter name hplint cannot read, often in a helper
        # (``def curve(model, param_name, ...): validation_curve(model, ...,
        # param_name=param_name)``): any key written in the file, or any name passed as a
        # string to a call, may be what it tunes.
        keys = _dict_keys(facts) | _string_arguments(facts)
        if keys:
            tuning.guessed.update(keys)
        else:
            tuning.everything = True
    tuning.names.update(_named_dimensions(facts))
    sampled = set(_sampled_keys(facts))
    if sampled:
        # A Ray Tune trainable builds its model from the config it is given: the classes the
        # file constructs from an expanded dict (``XGBClassifier(**config)``); without one,
        # any class of this file, and no other file's.
        expanded = {c.estimator.qualname for c in facts.constructions if any(a.expanded for a in c.arguments)}
        tuning.classes.update((qualname, key) for qualname in expanded for key in sampled)
        if not expanded:
            tuning.guessed.update(sampled)
    tuning.classes.update(_cross_validated(facts))
    _elbows(facts, tuning)
    read = {id(entry.node) for search in spaces.found for _, entry in iter_entries(search)}
    tuning.named.update(named_spaces(facts.module, read))
    # A grid told by its pipeline paths, under any name: its search may be in another
    # file, but the name says nothing, so its keys travel as a guess does (for the classes
    # this file builds).
    if _PATH_KEY.search(facts.text) is not None:  # (text first: most files have none)
        tuning.guessed.update(path_spaces(facts.module))
        tuning.guessed.update(path_keys(facts.dicts))
    tuning.pasted.update(pasted_results(facts.module))
    return tuning


# What may be a pipeline path (``"model__C"``, ``dict(model__C=...)``): the text test
# before ``handtuning.path_spaces`` walks the module.
_PATH_KEY: Final = re.compile(r"[^\W_]__[^\W\d_]")


# Estimators that cross-validate a parameter of another class over their own grid: the value
# they find (``RidgeCV(...).alpha_``) is what a ``Ridge(alpha=...)`` beside them copies.
_CROSS_VALIDATED: Final[Mapping[str, tuple[str, tuple[str, ...]]]] = {
    "sklearn.linear_model.RidgeCV": ("sklearn.linear_model.Ridge", ("alpha",)),
    "sklearn.linear_model.RidgeClassifierCV": ("sklearn.linear_model.RidgeClassifier", ("alpha",)),
    "sklearn.linear_model.LassoCV": ("sklearn.linear_model.Lasso", ("alpha",)),
    "sklearn.linear_model.ElasticNetCV": ("sklearn.linear_model.ElasticNet", ("alpha", "l1_ratio")),
    "sklearn.linear_model.LassoLarsCV": ("sklearn.linear_model.LassoLars", ("alpha",)),
    "sklearn.linear_model.LogisticRegressionCV": (
        "sklearn.linear_model.LogisticRegression", ("C", "l1_ratio")
    ),
}


def _cross_validated(facts: ModuleFacts) -> set[tuple[str, str]]:
    """(class, parameter) that a cross-validating estimator of the file searches."""
    found: set[tuple[str, str]] = set()
    for construction in facts.constructions:
        target = _CROSS_VALIDATED.get(construction.estimator.qualname)
        if target is not None:
            found.update((target[0], name) for name in target[1])
    return found


# yellowbrick's elbow method fits the clusterer it is given for every ``k`` of a range and
# plots a score per ``k``: a search over ``n_clusters``.
_ELBOWS: Final = frozenset(
    {
        "yellowbrick.cluster.KElbowVisualizer", "yellowbrick.cluster.elbow.KElbowVisualizer",
        "yellowbrick.cluster.kelbow_visualizer", "yellowbrick.cluster.elbow.kelbow_visualizer",
    }
)  # fmt: skip


def _elbows(facts: ModuleFacts, tuning: _Tuning) -> None:
    """``n_clusters`` of the clusterer an elbow visualizer is given: of its class when it is
    a construction written in the call, else of the file's classes."""
    if "lbow" not in facts.text:
        return
    built = {id(c.node): c.estimator.qualname for c in facts.constructions}
    for site in facts.calls:
        if facts.resolver.resolve_parts(site.callee) not in _ELBOWS:
            continue
        # (``k`` left out is a range too: 2 to 10)
        args = site.node.args
        given = next((a.value for a in args if a.keyword is None or a.keyword.value in ("model", "estimator")), None)
        qualname = built.get(id(given)) if given is not None else None
        if qualname is not None:
            tuning.classes.add((qualname, "n_clusters"))
        else:
            tuning.guessed.add("n_clusters")  # (the file's own clusterers)


def _calls_in(node: cst.CSTNode) -> Iterator[cst.Call]:
    return (current for current in descendants(node) if isinstance(current, cst.Call))


def _string_arguments(facts: ModuleFacts) -> set[str]:
    """Every identifier-like string literal given as an argument to a call."""
    found: set[str] = set()
    for site in facts.calls:
        for arg in site.node.args:
            value = literal_value(arg.value) if type(arg.value) is cst.SimpleString else None
            if isinstance(value, str) and value.isidentifier():
                found.add(value.rpartition("__")[2])
    return found


def _dict_keys(facts: ModuleFacts) -> set[str]:
    """The last ``__`` part of every string key of every dict display or ``dict(k=...)``."""
    keys: set[str] = set()
    for node in facts.dicts:
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = literal_value(element.key)
                if isinstance(key, str):
                    keys.add(key.rpartition("__")[2])
    for site in facts.calls:
        if site.callee == ("dict",):
            keys.update(a.keyword.value.rpartition("__")[2] for a in site.node.args if a.keyword)
    return keys


def _named_dimensions(facts: ModuleFacts) -> set[str]:
    """Names given to Optuna suggestions and hyperopt / scikit-optimize dimensions, and the
    keys of the bounds given to a bayes_opt optimizer."""
    names: set[str] = set()
    for site in facts.calls:
        callee = site.callee
        if len(callee) >= 2 and callee[-1].startswith("suggest_"):
            given = [a.value for a in site.node.args[:1] if a.keyword is None]
            given += [a.value for a in site.node.args if a.keyword and a.keyword.value == "name"]
        else:
            qualname = facts.resolver.resolve_parts(callee) or ""
            if qualname.startswith(_BOUNDS_LIBRARIES) and qualname.endswith(".BayesianOptimization"):
                names.update(key.rpartition("__")[2] for key in _bounds(facts, site.node))
                continue
            if not qualname.startswith(_SPACE_LIBRARIES):
                continue
            given = [a.value for a in site.node.args[:1] if a.keyword is None]
            given += [
                a.value for a in site.node.args if a.keyword and a.keyword.value in ("name", "label")
            ]
        for value in given:
            name = literal_value(value)
            if isinstance(name, str):
                names.add(name.rpartition("__")[2])
    if "suggest_" in facts.text:
        names.update(_suggested_keys(facts))
    return names


def _suggested_keys(facts: ModuleFacts) -> Iterator[str]:
    """The keys an Optuna suggestion is stored under, which are what reach the estimator
    when the dict is expanded into it (``{"iterations": trial.suggest_int("n_estimators",
    ...)}``, ``dict(depth=trial.suggest_int(...))``), whatever name the trial gives it."""

    def suggests(value: cst.BaseExpression) -> bool:
        return (
            isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value.startswith("suggest_")
        )  # fmt: skip

    return _keys_given(facts, suggests)


def _keys_given(facts: ModuleFacts, drawn: Callable[[cst.BaseExpression], bool]) -> Iterator[str]:
    """The string keys of dict displays, and the keywords of ``dict(...)`` calls, whose value
    ``drawn`` says a search draws (the last ``__`` part of each)."""
    for node in facts.dicts:
        for element in node.elements:
            if isinstance(element, cst.DictElement) and drawn(element.value):
                key = literal_value(element.key)
                if isinstance(key, str):
                    yield key.rpartition("__")[2]
    for site in facts.calls:
        if site.callee == ("dict",):
            for arg in site.node.args:
                if arg.keyword is not None and drawn(arg.value):
                    yield arg.keyword.value.rpartition("__")[2]


# Ray Tune's samplers: a config dict's key whose value one draws is searched
# (``{"max_depth": tune.randint(2, 6)}`` given to ``tune.run`` or a ``Tuner``).
_SAMPLERS: Final = frozenset(
    f"ray.tune.{name}"
    for name in (
        "choice", "uniform", "quniform", "loguniform", "qloguniform", "randn", "qrandn", "randint",
        "qrandint", "lograndint", "qlograndint", "grid_search", "sample_from",
    )
)  # fmt: skip


def _sampled_keys(facts: ModuleFacts) -> Iterator[str]:
    """The string keys of dict displays (and ``dict(...)`` keywords) whose value is drawn by
    a Ray Tune sampler."""
    if "tune." not in facts.text:
        return
    resolve = facts.resolver.resolve_parts
    samplers = {
        id(site.node) for site in facts.calls if resolve(site.callee) in _SAMPLERS
    }
    if not samplers:
        return
    yield from _keys_given(facts, lambda value: id(value) in samplers)


def _bounds(facts: ModuleFacts, call: cst.Call) -> Iterator[str]:
    """The string keys of the bounds given to ``BayesianOptimization(f, pbounds)``: a dict
    written in the call, or the last one the module assigns at its top level to the name
    given."""
    given = [a.value for a in call.args[1:2] if a.keyword is None]
    given += [a.value for a in call.args if a.keyword is not None and a.keyword.value == "pbounds"]
    for value in given:
        if type(value) is cst.Name:
            value = next((v for v in _module_dicts(facts).get(value.value, ())), value)
        if type(value) is cst.Dict:
            for element in value.elements:
                key = literal_value(element.key) if type(element) is cst.DictElement else None
                if isinstance(key, str):
                    yield key


def _module_dicts(facts: ModuleFacts) -> dict[str, list[cst.Dict]]:
    """The dict displays assigned to each name by a module-level statement, last first."""
    found: dict[str, list[cst.Dict]] = {}
    for statement in reversed(facts.module.body):
        if type(statement) is not cst.SimpleStatementLine:
            continue
        for small in statement.body:
            if type(small) is cst.Assign and type(small.value) is cst.Dict:
                for target in small.targets:
                    if type(target.target) is cst.Name:
                        found.setdefault(target.target.value, []).append(small.value)
    return found


# -- where a constructor is: loops, functions, tests --------------------------------------------


@dataclass(frozen=True)
class _Context:
    # Names that vary around the constructor: loop and comprehension targets, names bound
    # in an enclosing loop body, function or lambda parameters and the function's locals.
    varying: frozenset[str]
    in_test: bool


_OUTSIDE = _Context(frozenset(), False)


def _contexts(module: cst.Module, constructions: Iterable[Construction]) -> dict[int, _Context]:
    """The context of each construction, walking only the statements that hold one."""
    wanted: dict[int, set[int]] = {}
    for construction in constructions:
        wanted.setdefault(construction.site.statement, set()).add(id(construction.node))
    found: dict[int, _Context] = {}
    # By exact type, here and in _bound_in: a failing ``isinstance`` against LibCST's
    # abstract node classes costs a Python-level check on every node of the walk.
    entering = _ENTER
    for index, ids in wanted.items():
        # ``around`` holds the nodes that change the context around the node being
        # visited, outermost first; the context is computed only for those around a
        # construction (most functions and loops of a large module hold none, and reading
        # what they bind means walking them again). Depth first: below an entering node
        # ``_LEAVE`` marks where its subtree ends.
        contexts: dict[int, _Context] = {}
        around: list[cst.CSTNode] = []
        stack: list[cst.CSTNode | None] = [module.body[index]]
        remaining = len(ids)
        while stack and remaining:
            node = stack.pop()
            if node is _LEAVE:
                around.pop()
                continue
            node_type = type(node)
            if node_type is cst.Call and id(node) in ids:
                found[id(node)] = _context_in(tuple(around), contexts)
                remaining -= 1
            if node_type in entering:
                around.append(node)
                stack.append(_LEAVE)
            stack.extend(children(node))
    return found


# Ends the subtree of an entering node on _contexts's stack.
_LEAVE = None


def _context_in(around: tuple[cst.CSTNode, ...], contexts: dict[int, _Context]) -> _Context:
    """The context inside the nodes ``around``, outermost first (``contexts``: by the id of
    the innermost, those already known)."""
    if not around:
        return _OUTSIDE
    innermost = around[-1]
    context = contexts.get(id(innermost))
    if context is None:
        outer = _context_in(around[:-1], contexts)
        context = contexts[id(innermost)] = _ENTER[type(innermost)](innermost, outer)
    return context


def _enter_function(node: cst.FunctionDef, context: _Context) -> _Context:
    names = set(parameter_names(node.params)) | _bound_in(node.body)
    in_test = context.in_test or node.name.value.startswith("test")
    return _Context(context.varying | names, in_test)


def _enter_class(node: cst.ClassDef, context: _Context) -> _Context:
    return _Context(context.varying, context.in_test or node.name.value.startswith("Test"))


def _enter_for(node: cst.For, context: _Context) -> _Context:
    return _Context(context.varying | _targets(node.target) | _bound_in(node.body), context.in_test)


def _enter_while(node: cst.While, context: _Context) -> _Context:
    return _Context(context.varying | _bound_in(node.body), context.in_test)


def _enter_lambda(node: cst.Lambda, context: _Context) -> _Context:
    return _Context(context.varying | set(parameter_names(node.params)), context.in_test)


def _enter_comprehension(
    node: cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp, context: _Context
) -> _Context:
    targets: set[str] = set()
    for_in: cst.CompFor | None = node.for_in
    while for_in is not None:
        targets |= _targets(for_in.target)
        for_in = for_in.inner_for_in
    return _Context(context.varying | targets, context.in_test)


# The nodes that change the context of what is below them.
_ENTER: Final[dict[type[cst.CSTNode], Callable[[Any, _Context], _Context]]] = {
    cst.FunctionDef: _enter_function,
    cst.ClassDef: _enter_class,
    cst.For: _enter_for,
    cst.While: _enter_while,
    cst.Lambda: _enter_lambda,
    cst.ListComp: _enter_comprehension,
    cst.SetComp: _enter_comprehension,
    cst.GeneratorExp: _enter_comprehension,
    cst.DictComp: _enter_comprehension,
}


def _targets(target: cst.BaseExpression) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return set().union(*(_targets(e.value) for e in target.elements))
    if isinstance(target, cst.StarredElement):
        return _targets(target.value)
    return set()


# Assignment-like nodes and the field that holds what they bind.
_BINDING_FIELDS: Final[dict[type[cst.CSTNode], str]] = {
    cst.AssignTarget: "target",
    cst.AnnAssign: "target",
    cst.AugAssign: "target",
    cst.For: "target",
    cst.CompFor: "target",
    cst.NamedExpr: "target",
    cst.AsName: "name",
}


def _bound_in(body: cst.CSTNode) -> set[str]:
    """Every name an assignment-like statement binds anywhere under ``body``."""
    names: set[str] = set()
    for node in descendants(body):
        field_name = _BINDING_FIELDS.get(type(node))
        if field_name is not None:
            names |= _targets(getattr(node, field_name))
    return names


def _reads(expr: cst.BaseExpression, varying: frozenset[str]) -> bool:
    """Whether ``expr`` reads one of the ``varying`` names."""
    return any(name in varying for name in names_in(expr))
