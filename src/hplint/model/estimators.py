"""What estimator object an expression builds, and what a ``step__param`` key addresses in it.

``Trees.build(expr, place)`` follows constructor calls of catalogued estimators,
``make_pipeline`` / ``make_union`` / ``make_column_transformer``, ``clone(...)``, names
(to the one value that reaches them) and calls of the file's own helper functions (to the
one expression they return), and returns an ``EstimatorTree``: the class, its
constructor call, and the named components scikit-learn's ``get_params(deep=True)`` exposes
(Pipeline steps, ColumnTransformer transformers, FeatureUnion transformers, Voting and
Stacking estimators). Estimator-valued constructor parameters (``estimator``,
``final_estimator``, ``remainder``, ``regressor`` ...) are followed on demand by
``Trees.parameter_value``.

``address(trees, slot, key)`` then answers, as ``BaseEstimator.set_params`` would, what a
search key such as ``preprocessor__num__imputer__strategy`` lands on. Anything hplint cannot
see (an estimator from another module, a step list built in a loop, ``**kwargs``) is
``UNKNOWN``, and unknown is never reported.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal, Union

import libcst as cst

from hplint.catalog import Catalog, Estimator, Parameter, native
from hplint.catalog.builders import CLONE, FACTORIES
from hplint.model.attributes import Attributes
from hplint.model.literals import NOT_LITERAL, literal_value
from hplint.model.names import Resolver
from hplint.model.scopes import Place, Scopes

__all__ = [
    "UNKNOWN",
    "Address",
    "Choice",
    "EstimatorTree",
    "Placeholder",
    "Slot",
    "Trees",
    "Unknown",
    "address",
    "make_names",
]


class Unknown:
    """Whatever hplint cannot know: never reported on."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown()


@dataclass(frozen=True, eq=False)
class Placeholder:
    """A literal where an estimator could stand (``"passthrough"``, ``"drop"``, ``None``).

    It has no ``get_params``, so no key can address anything below it.
    """

    value: object
    # How to name it in a message when it is not a literal (``"a list"``).
    kind: str | None = None

    def describe(self) -> str:
        return self.kind if self.kind is not None else f"`{self.value!r}`"


@dataclass(frozen=True, eq=False)
class EstimatorTree:
    """An estimator object an expression builds, as far as hplint can see it."""

    estimator: Estimator
    # The constructing call (for make_pipeline(...), that call).
    node: cst.Call
    # Constructor parameter -> the argument expression given for it.
    arguments: Mapping[str, cst.BaseExpression]
    # True when a ``*args``/``**kwargs`` expansion may set parameters hplint cannot see.
    expanded: bool
    # Named components addressable as ``name__...``; () when the class has none, None when
    # it has some but hplint cannot tell which (the list is not written out literally).
    components: tuple[tuple[str, Slot], ...] | None
    # Where the constructing expression is evaluated (to follow names in its arguments).
    place: Place | None

    @property
    def name(self) -> str:
        return self.estimator.name

    def component(self, name: str) -> Slot | None:
        """The component named ``name``, None when there is none (or it is not known)."""
        for component_name, slot in self.components or ():
            if component_name == name:
                return slot
        return None


@dataclass(frozen=True, eq=False)
class Choice:
    """One of several estimators, by the path taken (``if``/``else``, two ``return``s).

    A key addresses something in it only as it does in every option: findings need every
    option to agree."""

    options: tuple[Slot, ...]


Slot = Union[EstimatorTree, Placeholder, Unknown, Choice]

# Classes whose components are a list of named estimators: the parameter holding them and
# the index of the estimator in each tuple (``(name, estimator)`` or ``(name, est, cols)``).
_COMPOSITIONS: Final[Mapping[str, str]] = {
    "sklearn.pipeline.Pipeline": "steps",
    "sklearn.pipeline.FeatureUnion": "transformer_list",
    "sklearn.compose.ColumnTransformer": "transformers",
    "sklearn.ensemble.VotingClassifier": "estimators",
    "sklearn.ensemble.VotingRegressor": "estimators",
    "sklearn.ensemble.StackingClassifier": "estimators",
    "sklearn.ensemble.StackingRegressor": "estimators",
}

# Methods of an estimator variable that change its parameters or structure.
_CHANGING_METHODS: Final = frozenset({"set_params", "set_output", "__setstate__"})

_MAX_DEPTH: Final = 12
_DISPLAYS: Final[Mapping[type[cst.CSTNode], str]] = {
    cst.List: "a list", cst.Tuple: "a tuple", cst.Dict: "a dict", cst.Set: "a set",
    cst.ListComp: "a list", cst.DictComp: "a dict", cst.SetComp: "a set",
}


def make_names(classes: Sequence[str]) -> list[str]:
    """The step names ``make_pipeline`` gives: lower-cased class names, ``-1``/``-2``... for duplicates.

    ``classes`` holds each step's class name, or the string itself for ``"passthrough"``/
    ``"drop"`` steps (as scikit-learn's ``_name_estimators``).
    """
    names = [c if c in ("passthrough", "drop") else c.lower() for c in classes]
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    pending = {name: count for name, count in counts.items() if count > 1}
    for index in reversed(range(len(names))):
        name = names[index]
        if name in pending:
            names[index] = f"{name}-{pending[name]}"
            pending[name] -= 1
    return names


class Trees:
    """Builds estimator trees from expressions, through a module's imports and scopes."""

    def __init__(
        self,
        resolver: Resolver,
        catalog: Catalog,
        scopes: Scopes | None,
        attributes: Callable[[], Attributes] | None = None,
    ) -> None:
        self.resolver = resolver
        self.catalog = catalog
        self.scopes = scopes
        self.attributes = attributes

    def build(
        self,
        expr: cst.BaseExpression,
        place: Place | None,
        _depth: int = 0,
        *,
        skip: cst.Call | None = None,
    ) -> Slot:
        """The estimator ``expr`` evaluates to, a placeholder literal, or UNKNOWN.

        ``skip``: a call on the name ``expr`` whose earlier runs do not count as changes
        (the ``set_params`` call being read as a space)."""
        if _depth > _MAX_DEPTH:
            return UNKNOWN
        if isinstance(expr, cst.Call):
            return self._call(expr, place, _depth)
        if isinstance(expr, cst.Name) and expr.value not in ("None", "True", "False"):
            return self._name(expr.value, place, _depth, skip)
        if type(expr) is cst.Attribute:
            held = self.attribute_value(expr, place)
            # (Where the attribute was assigned, names are not followed.)
            return UNKNOWN if held is None else self.build(held, None, _depth + 1)
        value = literal_value(expr)
        if value is NOT_LITERAL:
            # A list or dict display has no get_params, whatever it holds.
            kind = _DISPLAYS.get(type(expr))
            return UNKNOWN if kind is None else Placeholder(None, kind)
        return Placeholder(value)

    def parameter_value(self, tree: EstimatorTree, name: str) -> Slot:
        """What constructor parameter ``name`` of ``tree`` holds: given, or its default."""
        given = tree.arguments.get(name)
        if given is not None:
            return self.build(given, tree.place)
        if tree.components is not None and name == _composition(tree.estimator):
            return Placeholder(None, "a list")  # filled in by make_pipeline & co.
        parameter = tree.estimator.parameters.get(name)
        if tree.expanded or parameter is None or not parameter.has_default:
            return UNKNOWN
        if parameter.default_repr is not None:
            return UNKNOWN  # a default object hplint does not model
        return Placeholder(parameter.default)

    # -- expressions -----------------------------------------------------------------

    def _name(self, name: str, place: Place | None, depth: int, skip: cst.Call | None = None) -> Slot:
        if self.scopes is None or place is None:
            return UNKNOWN
        found = self.scopes.values_of(name, place)
        if found is None:
            return UNKNOWN
        options: list[Slot] = []
        for value in found:
            for use in value.uses:
                if skip is not None and use.call is skip:
                    continue
                if use.kind != "call" or (use.method in _CHANGING_METHODS and not _sets_literals(use.call)):
                    return UNKNOWN
            options.append(self.build(value.value, value.place, depth + 1))
        return _choice(options)

    def _call(self, call: cst.Call, place: Place | None, depth: int) -> Slot:
        func = call.func
        if type(func) is cst.Attribute and func.attr.value == "fit":
            # Every catalogued estimator's ``fit`` returns the estimator itself:
            # ``model = make_pipeline(...).fit(X, y)`` is the pipeline.
            assert isinstance(func, cst.Attribute)
            fitted = self.build(func.value, place, depth + 1)
            return fitted if isinstance(fitted, EstimatorTree) else UNKNOWN
        qualname = self.resolver.resolve(func)
        if qualname is None:
            return self._local_call(call, place, depth)
        if qualname in CLONE:
            if len(call.args) >= 1 and call.args[0].keyword is None and not call.args[0].star:
                return self.build(call.args[0].value, place, depth + 1)
            return UNKNOWN
        factory = self._factory_of(qualname)
        if factory is not None:
            return self._factory(call, factory, place, depth)
        estimator = self.catalog.lookup(qualname)
        if estimator is None:
            return UNKNOWN
        arguments, expanded = _bind(call, estimator)
        components: tuple[tuple[str, Slot], ...] | None = ()
        holder = _composition(estimator)
        if holder is not None:
            given = arguments.get(holder)
            components = None if given is None else self._components(given, place, depth)
        return EstimatorTree(estimator, call, arguments, expanded, components, place)

    def attribute_value(self, expr: cst.BaseExpression, place: Place | None) -> cst.BaseExpression | None:
        """What ``self.name`` read at ``place`` holds, as a method's assignment wrote it."""
        if type(expr) is not cst.Attribute or self.attributes is None or self.scopes is None:
            return None
        if place is None:
            return None
        return self.attributes().value(self.scopes.function_at(place), expr)

    def _local_call(self, call: cst.Call, place: Place | None, depth: int) -> Slot:
        """What a helper function of the same file returns (``def build(): return ...``)."""
        func = call.func
        if type(func) is not cst.Name or self.scopes is None or place is None:
            return UNKNOWN
        assert isinstance(func, cst.Name)
        returned = self.scopes.returned(func.value, place)
        if returned is None:
            return UNKNOWN
        return _choice([self.build(value.value, value.place, depth + 1) for value in returned])

    def _factory_of(self, qualname: str) -> tuple[str, bool] | None:
        factory = FACTORIES.get(qualname)
        if factory is None:
            # Other libraries' pipeline factories (``imblearn.pipeline.make_pipeline``)
            # name their steps as scikit-learn's does.
            built = self.catalog.factory(qualname)
            if built is not None and "pipeline" in built.kinds:
                factory = (built.qualname, False)
        return factory

    def _components(
        self, expr: cst.BaseExpression, place: Place | None, depth: int
    ) -> tuple[tuple[str, Slot], ...] | None:
        if isinstance(expr, cst.Name):
            if self.scopes is None or place is None:
                return None
            found = self.scopes.value_of(expr.value, place)
            if found is None or found.uses:
                return None
            expr, place = found.value, found.place
        if not isinstance(expr, (cst.List, cst.Tuple)):
            return None
        components = []
        for element in expr.elements:
            item = element.value
            if isinstance(element, cst.StarredElement) or not isinstance(item, (cst.Tuple, cst.List)):
                return None
            parts = item.elements
            if len(parts) < 2 or any(isinstance(p, cst.StarredElement) for p in parts):
                return None
            name = literal_value(parts[0].value)
            if not isinstance(name, str):
                return None
            components.append((name, self.build(parts[1].value, place, depth + 1)))
        return tuple(components)

    def _factory(
        self, call: cst.Call, factory: tuple[str, bool], place: Place | None, depth: int
    ) -> Slot:
        qualname, with_columns = factory
        estimator = self.catalog.lookup(qualname)
        if estimator is None:
            return UNKNOWN
        slots: list[Slot] = []
        arguments: dict[str, cst.BaseExpression] = {}
        expanded = False
        for arg in call.args:
            if arg.star:
                expanded = True
            elif arg.keyword is not None:
                arguments[arg.keyword.value] = arg.value
            elif with_columns:
                value = arg.value
                if not isinstance(value, cst.Tuple) or len(value.elements) != 2:
                    expanded = True
                    continue
                slots.append(self.build(value.elements[0].value, place, depth + 1))
            else:
                slots.append(self.build(arg.value, place, depth + 1))
        classes: list[str] = []
        for slot in slots:
            if isinstance(slot, EstimatorTree):
                classes.append(slot.name)
            elif isinstance(slot, Placeholder) and isinstance(slot.value, str):
                classes.append(slot.value)
            elif isinstance(slot, Placeholder) and slot.value is None:
                classes.append("NoneType")
            else:
                expanded = True  # a step whose name hplint cannot know
        components = None if expanded else tuple(zip(make_names(classes), slots))
        return EstimatorTree(estimator, call, arguments, expanded, components, place)


def _choice(options: Sequence[Slot]) -> Slot:
    """One slot for the options a path may give; UNKNOWN when any of them is unknown."""
    if len(options) == 1:
        return options[0]
    if not options or any(isinstance(option, Unknown) for option in options):
        return UNKNOWN
    return Choice(tuple(options))


def _composition(estimator: Estimator) -> str | None:
    """The parameter holding the named components (``steps``), None when there is none."""
    holder = _COMPOSITIONS.get(estimator.qualname)
    if holder is None and "pipeline" in estimator.kinds:
        holder = "steps"  # a Pipeline subclass (``imblearn.pipeline.Pipeline``)
    return holder


def _sets_literals(call: cst.Call | None) -> bool:
    """``est.set_params(C=1.0)``: literal values cannot replace a component."""
    if call is None:
        return False
    return all(
        arg.keyword is not None and literal_value(arg.value) is not NOT_LITERAL
        and not isinstance(literal_value(arg.value), str)
        for arg in call.args
    )


def _bind(call: cst.Call, estimator: Estimator) -> tuple[dict[str, cst.BaseExpression], bool]:
    positional = estimator.positional_parameters
    arguments: dict[str, cst.BaseExpression] = {}
    expanded = False
    index = 0
    for arg in call.args:
        if arg.star:
            expanded = True
        elif arg.keyword is not None:
            arguments[arg.keyword.value] = arg.value
        elif not expanded and index < len(positional):
            arguments[positional[index].name] = arg.value
            index += 1
    return arguments, expanded


# -- keys -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """What a ``step__param`` key lands on in one estimator tree.

    ``status``: ``"parameter"`` (``owner``'s constructor parameter ``parameter``),
    ``"component"`` (a step or named estimator, replaced by the value), ``"invalid"``
    (``set_params`` would raise; ``reason`` says why, ``suggestion`` is a full key that
    would work) or ``"unknown"`` (with the ``owner`` whose ``**kwargs`` take the name,
    when that is why).
    """

    status: Literal["parameter", "component", "invalid", "unknown"]
    owner: EstimatorTree | None = None
    parameter: Parameter | None = None
    reason: str | None = None
    suggestion: str | None = None


_UNKNOWN_ADDRESS: Final = Address("unknown")


def address(
    trees: Trees,
    slot: Slot,
    key: str,
    alternatives: Mapping[str, Sequence[Slot]] | None = None,
) -> tuple[Address, ...]:
    """What ``key`` addresses in ``slot``: one answer per alternative estimator on its path.

    ``alternatives`` maps a key prefix (``"clf"``) to the estimators a search puts there
    (``{"clf": [SVC(), LogisticRegression()]}``): keys below it are resolved in each.
    """
    parts = key.split("__")
    if any(not part for part in parts):
        return (Address("invalid", reason=f"`{key}` is not a valid parameter name"),)
    return tuple(_address(trees, slot, parts, 0, alternatives or {}))


def _address(
    trees: Trees,
    slot: Slot,
    parts: list[str],
    index: int,
    alternatives: Mapping[str, Sequence[Slot]],
) -> list[Address]:
    if index > 0:
        path = "__".join(parts[:index])
        replaced = alternatives.get(path)
        if replaced is not None:
            found: list[Address] = []
            for alternative in replaced:
                found.extend(_address(trees, alternative, parts, index, {}))
            return found
    if isinstance(slot, Unknown):
        return [_UNKNOWN_ADDRESS]
    if isinstance(slot, Choice):
        found = []
        for option in slot.options:
            found.extend(_address(trees, option, parts, index, alternatives))
        return found
    if isinstance(slot, Placeholder):
        holder = "__".join(parts[:index])
        return [
            Address(
                "invalid",
                reason=(
                    f"`{holder}` is {slot.describe()}, which has no parameters, so "
                    f"`{'__'.join(parts)}` cannot be set"
                ),
            )
        ]
    tree = slot
    head = parts[index]
    last = index == len(parts) - 1
    component = tree.component(head)
    if last:
        parameter = tree.estimator.parameters.get(head) or _alias_of(tree.estimator, head)
        if parameter is not None:
            return [Address("parameter", tree, parameter)]
        if component is not None:
            return [Address("component", tree)]
    else:
        if component is not None:
            return _address(trees, component, parts, index + 1, alternatives)
        if head in tree.estimator.parameters:
            value = trees.parameter_value(tree, head)
            return _address(trees, value, parts, index + 1, alternatives)
    if last and tree.estimator.var_keyword:
        # ``**kwargs`` takes any name: unknown, but whose (HP302 asks an XGBoost or
        # LightGBM estimator's booster about it).
        return [Address("unknown", tree)]
    if tree.components is None or tree.estimator.var_keyword:
        return [_UNKNOWN_ADDRESS]
    return [_invalid(tree, parts, index)]


def _alias_of(estimator: Estimator, name: str) -> Parameter | None:
    """The constructor parameter a booster alias stands for (XGBoost's ``nthread`` is
    ``n_jobs``, ``seed`` is ``random_state``): the estimator passes ``**kwargs`` to a
    booster that reads the alias as that parameter."""
    if not estimator.var_keyword:
        return None
    booster = native.native(estimator.qualname.partition(".")[0])
    if booster is None or name not in booster.aliases:
        return None
    return estimator.parameters.get(booster.main(name))


def _invalid(tree: EstimatorTree, parts: list[str], index: int) -> Address:
    head = parts[index]
    prefix = "".join(f"{p}__" for p in parts[:index])
    rest = parts[index + 1 :]
    names = [name for name, _ in tree.components or ()]
    # A parameter of one of the components, given without the component's name.
    owners = [
        name
        for name, slot in tree.components or ()
        if isinstance(slot, EstimatorTree) and _accepts(slot, [head, *rest])
    ]
    if tree.components and not rest:
        if owners:
            steps = "step" if tree.estimator.qualname.endswith("Pipeline") else "component"
            return Address(
                "invalid",
                reason=(
                    f"`{tree.name}` has no parameter `{head}`; it belongs to its {steps} "
                    f"`{owners[0]}`: prefix it with the {steps} name"
                ),
                suggestion=f"{prefix}{owners[0]}__{head}",
            )
    where = f"`{tree.name}`"
    if rest and names:
        kind = "step" if tree.estimator.qualname.endswith("Pipeline") else "component"
        listed = ", ".join(f"`{n}`" for n in names)
        reason = f"{where} has no {kind} or parameter `{head}` (its {kind}s are {listed})"
        # The step that takes what follows, under its real name.
        movers = [
            name
            for name, slot in tree.components or ()
            if isinstance(slot, EstimatorTree) and _accepts(slot, rest)
        ]
        suggestion: str | None
        close = [
            name
            for name in difflib.get_close_matches(head, names, n=1, cutoff=0.6)
            if isinstance(tree.component(name), EstimatorTree)
            and _accepts(tree.component(name), rest)  # type: ignore[arg-type]
        ]
        if close:
            suggestion = prefix + "__".join([close[0], *rest])
        elif len(movers) == 1:
            suggestion = prefix + "__".join([movers[0], *rest])
        else:
            suggestion = None
        return Address("invalid", reason=reason, suggestion=suggestion)
    reason = f"{where} has no parameter `{head}`"
    if rest:
        reason = f"{where} has no parameter or component `{head}`"
    choices = [*tree.estimator.parameters, *names]
    close = difflib.get_close_matches(head, choices, n=1, cutoff=0.6)
    suggestion = prefix + "__".join([close[0], *rest]) if close else None
    return Address("invalid", reason=reason, suggestion=suggestion)


def _accepts(tree: EstimatorTree, parts: list[str]) -> bool:
    """Whether ``parts`` certainly names something in ``tree`` (without following defaults)."""
    head = parts[0]
    if len(parts) == 1:
        return head in tree.estimator.parameters or tree.component(head) is not None
    component = tree.component(head)
    return isinstance(component, EstimatorTree) and _accepts(component, parts[1:])
