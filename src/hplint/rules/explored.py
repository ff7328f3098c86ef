"""Parameters a file explores without a search or a constructor in a loop (HP101's evidence).

- **Per-stage evaluation.** Reading a boosting model's predictions or scores after each
  stage (``staged_predict``, ``staged_predict_proba``, ``staged_decision_function``,
  ``staged_score``; the per-stage out-of-bag estimates ``oob_improvement_`` and
  ``oob_scores_``) on an object whose class the fit-state analysis knows is a curve over
  the number of stages: the code looks at every budget up to the one it set, to pick the
  number of trees (the curve of test deviance against ``n_estimators``). That class's
  budget, ``n_estimators``, counts as explored in the file. An object of unknown class
  explores nothing.
- **Predictions after each iteration.** A prediction of an XGBoost or LightGBM model given
  a computed ``iteration_range``, ``ntree_limit`` or ``num_iteration`` (``for i in
  range(1, 250): m.predict_proba(X, iteration_range=(0, i))``) is the same curve, drawn by
  hand: the model's ``n_estimators`` counts as explored, the model being a name the file
  binds to constructions of that one class only.
- **A sweep through a user function.** A call that passes an estimator class itself (not
  an instance: ``Ridge``) with a keyword whose value is a list or tuple of two or more
  different constant values, the keyword naming a parameter of that class or its plural
  (``plot_model(Ridge, polynomial=False, alphas=(0, 10, 100))``: ``alpha``), hands the
  class and the values to a function that builds one model per value. A value passed by
  position is named by the parameter of the file's function it lands on
  (``def plot_model(model_class, polynomial, alphas)``). That parameter of that class
  counts as explored in the file.

What is explored counts in its file only (as hand tuning does).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import libcst as cst

from hplint.catalog import Estimator
from hplint.model import Construction, ModuleFacts
from hplint.model.literals import NOT_LITERAL, code, literal_value
from hplint.model.walk import descendants
from hplint.rules import deprecations, fitstate

# Members giving a boosting model's predictions, scores or out-of-bag estimates after each
# stage: a prefix for the methods (every ``staged_*`` scikit-learn has), and the per-stage
# arrays by name.
_STAGED_PREFIX: Final = "staged_"
_PER_STAGE_ATTRIBUTES: Final = frozenset({"oob_improvement_", "oob_scores_"})
# The parameter that counts the stages. (HistGradientBoosting* count them in max_iter, a
# setting that is never reported.)
BUDGET: Final = "n_estimators"


def explored(facts: ModuleFacts) -> frozenset[tuple[str, str]]:
    """(class qualname, parameter) the file explores by per-stage evaluation or by a sweep
    through a user function."""
    return frozenset(_staged(facts)) | frozenset(_by_iteration(facts)) | frozenset(_swept_through_calls(facts))


# -- per-stage evaluation -------------------------------------------------------------------


def _staged(facts: ModuleFacts) -> Iterator[tuple[str, str]]:
    text = facts.text
    if _STAGED_PREFIX not in text and "oob_" not in text:
        return  # (the fit-state pass is not worth running for nothing)
    catalog = deprecations.catalog_of(facts)
    for read in facts.derived(fitstate.analysis).reads:
        if not (read.member.startswith(_STAGED_PREFIX) or read.member in _PER_STAGE_ATTRIBUTES):
            continue
        estimator = catalog.lookup(read.qualname)
        if estimator is not None and _per_stage(estimator, read.member) and BUDGET in estimator.parameters:
            yield read.qualname, BUDGET


def _per_stage(estimator: Estimator, member: str) -> bool:
    """Whether the class has that per-stage member (an unknown name is nobody's curve)."""
    return member in estimator.methods or member in estimator.learned_attributes


# -- predictions after each iteration -------------------------------------------------------

_PREDICTING: Final = frozenset({"predict", "predict_proba", "predict_log_proba", "decision_function"})
# The keywords of XGBoost's and LightGBM's predictions that stop at an iteration.
_ITERATION_KEYWORDS: Final = frozenset({"iteration_range", "ntree_limit", "num_iteration"})


def _by_iteration(facts: ModuleFacts) -> Iterator[tuple[str, str]]:
    if not any(keyword in facts.text for keyword in _ITERATION_KEYWORDS):
        return
    receivers = {
        site.callee[0]
        for site in facts.calls
        if len(site.callee) == 2
        and site.callee[1] in _PREDICTING
        and any(
            a.keyword is not None and a.keyword.value in _ITERATION_KEYWORDS and literal_value(a.value) is NOT_LITERAL
            for a in site.node.args
        )
    }
    if not receivers:
        return
    # Per receiver: the constructions bound to it (None for any other value bound to it).
    bound: dict[str, list[Construction | None]] = {}
    for node in descendants(facts.module):
        if type(node) is cst.Assign and len(node.targets) == 1 and type(node.targets[0].target) is cst.Name:
            name = node.targets[0].target.value
            if name in receivers:
                bound.setdefault(name, []).append(_built_by(facts, node.value))
    for constructions in bound.values():
        if None in constructions or len({c.estimator.qualname for c in constructions if c is not None}) != 1:
            continue  # another value, or models of several classes
        estimator = constructions[0].estimator  # type: ignore[union-attr]
        if BUDGET in estimator.parameters:
            yield estimator.qualname, BUDGET


def _built_by(facts: ModuleFacts, value: cst.BaseExpression) -> Construction | None:
    """The construction ``value`` is, through chained ``fit`` calls."""
    while type(value) is cst.Call and type(value.func) is cst.Attribute and value.func.attr.value == "fit":
        value = value.func.value
    return next((c for c in facts.constructions if c.node is value), None)


# -- sweeps through a user function ---------------------------------------------------------


def _swept_through_calls(facts: ModuleFacts) -> Iterator[tuple[str, str]]:
    catalog = deprecations.catalog_of(facts)
    roots = catalog.roots()
    resolver = facts.resolver
    for site in facts.calls:
        args = site.node.args
        if len(args) < 2 or not any(type(arg.value) in _DISPLAYS for arg in args):
            continue  # (cheap test first: most calls pass no list at all)
        qualname = resolver.resolve_parts(site.callee)
        if qualname is not None and qualname.partition(".")[0] in roots:
            continue  # a library's own call: its keywords are its own
        classes = [
            estimator
            for arg in args
            if type(arg.value) in _REFERENCES and not arg.star
            and (estimator := _class_of(facts, arg.value)) is not None
        ]
        if not classes:
            continue
        positional = _positional_names(facts, site.callee)
        for index, arg in enumerate(args):
            if arg.star or not _several_values(arg.value):
                continue
            if arg.keyword is not None:
                keyword = arg.keyword.value
            elif index < len(positional):
                keyword = positional[index]  # the file's function names it
            else:
                continue
            for estimator in classes:
                name = _parameter_named(keyword, estimator)
                if name is not None:
                    yield estimator.qualname, name


_DISPLAYS: Final = frozenset({cst.List, cst.Tuple})
# An uncalled class: ``Ridge``, ``linear_model.Ridge``.
_REFERENCES: Final = frozenset({cst.Name, cst.Attribute})


def _class_of(facts: ModuleFacts, expr: cst.BaseExpression) -> Estimator | None:
    qualname = facts.resolver.resolve(expr)
    if qualname is None:
        return None
    return deprecations.catalog_of(facts).lookup(qualname)


def _positional_names(facts: ModuleFacts, callee: tuple[str, ...]) -> tuple[str, ...]:
    """The names of the positional parameters of the file's one function ``callee`` names
    (none when it is not one ``def`` of the file)."""
    if len(callee) != 1:
        return ()
    found = [d for d in facts.definitions if type(d) is cst.FunctionDef and d.name.value == callee[0]]
    if len(found) != 1:
        return ()
    params = found[0].params
    return tuple(p.name.value for p in (*params.posonly_params, *params.params))


def _parameter_named(keyword: str, estimator: Estimator) -> str | None:
    """The parameter of ``estimator`` a keyword names: itself, or its singular when the
    keyword is a plural in ``-s`` or ``-es`` (``alphas``, ``degrees``, ``losses``)."""
    singular = (keyword[:-1] if keyword.endswith("s") else "", keyword[:-2] if keyword.endswith("es") else "")
    for name in (keyword, *singular):
        if name and name in estimator.parameters:
            return name
    return None


def _several_values(expr: cst.BaseExpression) -> bool:
    """A list or tuple display of two or more different constant values (``(0, 10**-5,
    1)``: arithmetic on numbers is constant too)."""
    if type(expr) not in _DISPLAYS:
        return False
    assert isinstance(expr, (cst.List, cst.Tuple))
    values: set[object] = set()
    for element in expr.elements:
        if type(element) is not cst.Element or not _constant(element.value):
            return False
        value = literal_value(element.value)
        values.add(_key(value) if value is not NOT_LITERAL else ("code", code(element.value)))
    return len(values) >= 2


def _constant(expr: cst.BaseExpression) -> bool:
    if literal_value(expr) is not NOT_LITERAL:
        return True
    if type(expr) is cst.UnaryOperation:
        assert isinstance(expr, cst.UnaryOperation)
        return _constant(expr.expression)
    if type(expr) is cst.BinaryOperation:
        assert isinstance(expr, cst.BinaryOperation)
        return _constant(expr.left) and _constant(expr.right)
    return False


def _key(value: object) -> object:
    """Equal numbers (``1`` and ``1.0``) fall together; other values by type and value."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ("number", float(value))
    return (type(value).__name__, repr(value))
