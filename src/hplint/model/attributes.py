"""Instance attributes: ``self.model = SVC()`` in one method, read in another.

An attribute of a class's instances is followed when the class's methods assign it exactly
once, as ``self.<name> = <value>`` (``self`` being the first parameter of a plain method:
no decorator), and nothing else in the module assigns or deletes an attribute of that name
(``obj.name = ...`` anywhere), assigns through it (``self.name.steps = ...``,
``self.name[key] = ...``), calls a method on it that may change it (anything but fitting,
predicting and reading), or calls ``setattr``. Which method runs first is unknown, so fit
state is not carried across methods: only what the value is (its class, its structure).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import libcst as cst

from hplint.model.scopes import READING_METHODS
from hplint.model.walk import Definition, every_child

if TYPE_CHECKING:
    from hplint.model import ModuleFacts

__all__ = ["Attributes", "instance_attributes"]

# Methods that leave an estimator's parameters and structure (or a dict's keys) as they were.
_KEEPING: Final = READING_METHODS | frozenset(
    {
        "fit", "partial_fit", "fit_transform", "fit_predict", "fit_resample", "predict",
        "predict_proba", "predict_log_proba", "decision_function", "transform",
        "inverse_transform", "score", "score_samples", "get_params", "get_feature_names_out",
    }
)  # fmt: skip

# Nodes whose bodies are not the method's own code.
_NESTED: Final = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


@dataclass(frozen=True)
class Attributes:
    """The instance attributes of a module's classes that hold one known value."""

    # (id of the class's def, attribute name) -> the value assigned.
    values: Mapping[tuple[int, str], cst.BaseExpression]
    # id of a method's def -> (id of its class's def, the name of its ``self``).
    methods: Mapping[int, tuple[int, str]]

    def value(self, method: cst.FunctionDef | None, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """What ``expr`` (``self.name``, read in ``method``) holds; None when unknown."""
        if method is None or type(expr) is not cst.Attribute:
            return None
        assert isinstance(expr, cst.Attribute)
        base = expr.value
        owner = self.methods.get(id(method))
        if owner is None or type(base) is not cst.Name:
            return None
        assert isinstance(base, cst.Name)
        if base.value != owner[1]:
            return None
        return self.values.get((owner[0], expr.attr.value))


_NONE: Final = Attributes({}, {})


def instance_attributes(facts: ModuleFacts) -> Attributes:
    """The instance attributes of ``facts``'s classes (for ``ModuleFacts.derived``)."""
    bindings = facts.resolver.bindings
    writes = bindings.attribute_writes
    if not writes or any(site.callee == ("setattr",) for site in facts.calls):
        return _NONE
    changed = set(bindings.attribute_changes)
    for site in facts.calls:
        if len(site.callee) >= 3 and site.callee[-1] not in _KEEPING:
            changed.add(site.callee[-2])
    methods: dict[int, tuple[int, str]] = {}
    classes = [d for d in facts.definitions if type(d) is cst.ClassDef]
    # Per class: attribute name -> what its methods assign to ``self.<name>``.
    assigned: dict[int, dict[str, list[cst.BaseExpression | None]]] = {}
    by_self: dict[str, int] = {}
    for definition in classes:
        assert isinstance(definition, cst.ClassDef)
        found = assigned[id(definition)] = {}
        for method, self_name in _methods(definition):
            methods[id(method)] = (id(definition), self_name)
            for name, value in _self_assignments(method, self_name):
                found.setdefault(name, []).append(value)
                by_self[name] = by_self.get(name, 0) + 1
    values: dict[tuple[int, str], cst.BaseExpression] = {}
    for definition in classes:
        assert isinstance(definition, cst.ClassDef)
        below = _subclasses(definition, classes)
        for name, (value, *others) in assigned[id(definition)].items():
            if (
                not others
                and value is not None
                # every assignment of the name in the module is a method's own ``self.<name>``
                and writes.get(name) == by_self[name]
                and name not in changed
                and not any(name in assigned[id(sub)] for sub in below)
            ):
                values[(id(definition), name)] = value
    return Attributes(values, methods)


def _subclasses(definition: cst.ClassDef, classes: Sequence[Definition]) -> list[cst.ClassDef]:
    """The module's classes that derive from ``definition``, directly or not (by name)."""
    names = {definition.name.value}
    found: list[cst.ClassDef] = []
    grew = True
    while grew:
        grew = False
        for other in classes:
            assert isinstance(other, cst.ClassDef)
            if other in found or other is definition:
                continue
            if any(_last_name(base.value) in names for base in other.bases):
                found.append(other)
                names.add(other.name.value)
                grew = True
    return found


def _last_name(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None


def _methods(definition: cst.ClassDef) -> Iterator[tuple[cst.FunctionDef, str]]:
    """The plain methods defined directly in a class body, with their first parameter."""
    body = definition.body
    if type(body) is not cst.IndentedBlock:
        return
    for statement in body.body:
        if type(statement) is not cst.FunctionDef:
            continue
        assert isinstance(statement, cst.FunctionDef)
        positional = [*statement.params.posonly_params, *statement.params.params]
        if statement.decorators or not positional:
            continue
        yield statement, positional[0].name.value


def _self_assignments(
    method: cst.FunctionDef, self_name: str
) -> Iterator[tuple[str, cst.BaseExpression | None]]:
    """Every ``self.name = value`` of a method's own code (None: not a plain assignment)."""
    stack = list(every_child(method.body))
    while stack:
        node = stack.pop()
        if isinstance(node, _NESTED):
            continue
        if type(node) is cst.Assign:
            assert isinstance(node, cst.Assign)
            single = len(node.targets) == 1
            for target in node.targets:
                name = _self_attribute(target.target, self_name)
                if name is not None:
                    yield name, node.value if single else None
        elif type(node) is cst.AnnAssign or type(node) is cst.AugAssign:
            assert isinstance(node, (cst.AnnAssign, cst.AugAssign))
            name = _self_attribute(node.target, self_name)
            if name is not None:
                yield name, None
        stack.extend(every_child(node))


def _self_attribute(target: cst.BaseExpression, self_name: str) -> str | None:
    if type(target) is cst.Attribute:
        assert isinstance(target, cst.Attribute)
        base = target.value
        if isinstance(base, cst.Name) and base.value == self_name:
            return target.attr.value
    return None
