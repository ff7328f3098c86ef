"""``class_weight="balanced"`` on classes a resampler has already evened out (HP503).

``"balanced"`` weighs each class by ``n_samples / (n_classes * its count)``. In an
imbalanced-learn pipeline, a resampler before the classifier changes the labels the
classifier is fitted on; one that leaves every class exactly the same size makes every
weight exactly 1, and the argument changes nothing (``make_pipeline(SMOTE(),
LogisticRegression(class_weight="balanced"))``: fitted, it is the model without it).

Only what is certain is reported:

- the resampler is one that returns classes of exactly equal size (``_EXACT``: random over-
  and under-sampling, SMOTE and its categorical variants, cluster centroids, NearMiss 1 and
  2; not ADASYN, Borderline/SVM/KMeans SMOTE or NearMiss 3, which may fall short), with a
  ``sampling_strategy`` that resamples every class to one size (its default ``"auto"``,
  ``"all"``, the side's ``"not majority"``/``"not minority"``, or the ratio 1.0);
- every step between it and the classifier is a known transformer (no other resampler,
  nothing hplint cannot resolve), and the pipeline alone uses the classifier (written in
  it, or bound to a name spelled only there and where it is bound);
- the classifier is one whose ``"balanced"`` weights only multiply each sample's loss
  (``_WEIGHTED``): not a forest, whose bootstrap draws are weighed afresh, nor a library
  whose weights also reach other code paths;
- nothing in the module may change the strategy, replace a step or the step list, reach
  a step alone (``.steps``, ``.named_steps``), or set ``class_weight`` another way (a
  search, ``set_params``, an attribute assignment).

Each row of both tables is checked against imbalanced-learn and scikit-learn by a test:
with the resampler in front, the classifier fitted with ``"balanced"`` predicts exactly as
without it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

import libcst as cst

from hplint.catalog import Catalog, load
from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.estimators import EstimatorTree, Placeholder, Trees
from hplint.model.literals import NOT_LITERAL, literal_value
from hplint.model.scopes import module_scopes
from hplint.model.spaces import entry_addresses, iter_entries
from hplint.model.walk import descendants, every_descendant
from hplint.rules.effects import set_elsewhere
from hplint.rules.types import Violation

# Strategies that bring every class to one size, by the side a resampler works on. A ratio
# of 1.0 (binary problems only) does too.
_OVER: Final = frozenset({"auto", "not majority", "all"})
_UNDER: Final = frozenset({"auto", "not minority", "all"})

# Resamplers whose output classes have exactly the sizes the strategy asks for, with the
# strategies that even them out; NearMiss only in versions 1 and 2.
_EXACT: Final[Mapping[str, frozenset[str]]] = {
    "imblearn.over_sampling.RandomOverSampler": _OVER,
    "imblearn.over_sampling.SMOTE": _OVER,
    "imblearn.over_sampling.SMOTEN": _OVER,
    "imblearn.over_sampling.SMOTENC": _OVER,
    "imblearn.under_sampling.RandomUnderSampler": _UNDER,
    "imblearn.under_sampling.ClusterCentroids": _UNDER,
    "imblearn.under_sampling.NearMiss": _UNDER,
}
_NEAR_MISS: Final = "imblearn.under_sampling.NearMiss"

# Classifiers whose ``class_weight="balanced"`` does nothing but scale each sample's loss.
_WEIGHTED: Final = frozenset(
    {
        "sklearn.linear_model.LogisticRegression",
        "sklearn.linear_model.LogisticRegressionCV",
        "sklearn.linear_model.PassiveAggressiveClassifier",
        "sklearn.linear_model.Perceptron",
        "sklearn.linear_model.RidgeClassifier",
        "sklearn.linear_model.RidgeClassifierCV",
        "sklearn.linear_model.SGDClassifier",
        "sklearn.svm.LinearSVC",
        "sklearn.svm.SVC",
        "sklearn.tree.DecisionTreeClassifier",
        "sklearn.tree.ExtraTreeClassifier",
    }
)

_PIPELINE: Final = "imblearn.pipeline.Pipeline"
# Calls that may read any variable by a string.
_READS_NAMES: Final = re.compile(r"\b(?:eval|exec|globals|locals|vars)\s*\(")
_BUILDERS: Final = frozenset({_PIPELINE, "imblearn.pipeline.make_pipeline"})


@dataclass(frozen=True)
class Resampling:
    """The step that evens the classes out before the classifier: its name and class."""

    step: str
    resampler: str


def balanced_after_resampling(
    facts: ModuleFacts, construction: Construction, argument: Argument
) -> Resampling | None:
    """The resampler that makes ``argument`` (``class_weight="balanced"``) inert, or None.
    HP101 reads it too: a value without effect is no hard-coded choice."""
    parameter = argument.parameter
    if (
        parameter is None
        or parameter.name != "class_weight"
        or argument.duplicate
        or construction.estimator.qualname not in _WEIGHTED
        or literal_value(argument.node.value) != "balanced"
    ):
        return None
    for pipeline in facts.derived(_pipelines):
        found = _resampled_before(facts, pipeline, construction.node)
        if found is not None:
            return found
    return None


def class_weight_after_resampling(facts: ModuleFacts) -> Iterator[Violation]:
    """HP503: ``class_weight="balanced"`` behind a step that evens the classes out."""
    if "balanced" not in facts.text:
        return
    for construction in facts.constructions:
        for argument in construction.arguments:
            found = balanced_after_resampling(facts, construction, argument)
            if found is None or set_elsewhere(facts, construction.node, "class_weight"):
                continue
            yield Violation(
                "HP503",
                f'`class_weight="balanced"` has no effect on `{construction.estimator.name}`: '
                f"the `{found.resampler}` step `{found.step}` before it in the pipeline leaves "
                "every class the same size, so every class weight is 1",
                argument.node, construction.site.statement,
            )  # fmt: skip


def _pipelines(facts: ModuleFacts) -> tuple[EstimatorTree, ...]:
    """The imbalanced-learn pipelines the module builds, with their steps written out."""
    if "imblearn" not in facts.text:
        return ()
    scopes = facts.derived(module_scopes)
    trees = facts.search_spaces.trees
    if trees is None:  # (built with the search spaces, when the module has any)
        known = facts.resolver.known
        trees = Trees(facts.resolver, known if isinstance(known, Catalog) else load(), scopes)
    resolve = facts.resolver.resolve_parts
    sites = [site for site in facts.calls if resolve(site.callee) in _BUILDERS]
    scopes.want([(site.node, site.statement) for site in sites])
    found = []
    for site in sites:
        tree = trees.build(site.node, scopes.place_of(site.node))
        if isinstance(tree, EstimatorTree) and tree.estimator.qualname == _PIPELINE and tree.components:
            found.append(tree)
    return tuple(found)


def _resampled_before(facts: ModuleFacts, pipeline: EstimatorTree, node: cst.Call) -> Resampling | None:
    steps = pipeline.components or ()
    index = next(
        (i for i, (_, slot) in enumerate(steps) if isinstance(slot, EstimatorTree) and slot.node is node),
        None,
    )
    if index is None or pipeline.expanded or not _only_in(facts, pipeline, node):
        return None
    for position in range(index - 1, -1, -1):
        name, slot = steps[position]
        if isinstance(slot, Placeholder):
            continue  # "passthrough", None
        if not isinstance(slot, EstimatorTree) or "pipeline" in slot.estimator.kinds:
            return None  # unknown, one of several, or a pipeline that may resample
        if "fit_resample" not in slot.estimator.methods:
            continue  # a transformer: the labels pass unchanged
        if not _evens_out(facts, slot):
            return None
        names = {step for step, _ in steps[position : index + 1]}
        if _changed(facts, pipeline, names):
            return None
        return Resampling(name, slot.estimator.name)
    return None


def _only_in(facts: ModuleFacts, pipeline: EstimatorTree, node: cst.Call) -> bool:
    """Whether the classifier built by ``node`` is used by ``pipeline`` alone: written in
    its call, or in a step list bound to a name, or bound to a name the module spells only
    there and where it is used as a step. Fitted on its own too (``clf.fit(X, y)``), it
    would meet the uneven classes."""
    if _within(node, pipeline.node):
        return True
    steps = pipeline.arguments.get("steps")
    if isinstance(steps, cst.Name) and _spelled_twice(facts, steps.value):
        # ``steps = [..., ("model", LogisticRegression(...))]`` then ``Pipeline(steps)``
        if any(
            isinstance(n, cst.Assign) and _within(node, n.value)
            and any(isinstance(t.target, cst.Name) and t.target.value == steps.value for t in n.targets)
            for n in descendants(facts.module)
        ):  # fmt: skip
            return True
    names = facts.derived(_bound_names).get(id(node))
    return names is not None and len(names) == 1 and _spelled_twice(facts, names[0])


def _spelled_twice(facts: ModuleFacts, name: str) -> bool:
    """Whether the module spells the variable ``name`` twice: where it is bound, and one use
    (an attribute ``x.name`` is another name; a string may read it: ``eval``, ``globals()``)."""
    if len(re.findall(rf"\b{re.escape(name)}\b", facts.text)) == 2:
        return True
    if _READS_NAMES.search(facts.text):
        return False
    nodes = list(every_descendant(facts.module))
    attributes = {id(n.attr) for n in nodes if isinstance(n, cst.Attribute)}
    spelled = [n for n in nodes if isinstance(n, cst.Name) and n.value == name]
    return len([n for n in spelled if id(n) not in attributes]) == 2


def _within(node: cst.CSTNode, around: cst.CSTNode) -> bool:
    return any(inner is node for inner in descendants(around))


def _bound_names(facts: ModuleFacts) -> dict[int, tuple[str, ...]]:
    """The names each construction of a weighted classifier is assigned to, by its call."""
    wanted = {id(c.node) for c in facts.constructions if c.estimator.qualname in _WEIGHTED}
    found: dict[int, tuple[str, ...]] = {}
    for node in descendants(facts.module):
        if type(node) is cst.Assign and id(node.value) in wanted:
            assert isinstance(node, cst.Assign)
            found[id(node.value)] = tuple(
                t.target.value for t in node.targets if isinstance(t.target, cst.Name)
            )
    return found


def _evens_out(facts: ModuleFacts, resampler: EstimatorTree) -> bool:
    strategies = _EXACT.get(resampler.estimator.qualname)
    if strategies is None or resampler.expanded:
        return False
    strategy = _value(resampler, "sampling_strategy")
    ratio_one = type(strategy) in (int, float) and strategy == 1
    if not (ratio_one or (isinstance(strategy, str) and strategy in strategies)):
        return False  # (a dict of counts, a callable, a variable: not known to even them out)
    if resampler.estimator.qualname == _NEAR_MISS and _value(resampler, "version") not in (1, 2):
        return False
    return not any(
        set_elsewhere(facts, resampler.node, name) for name in ("sampling_strategy", "version")
    )


def _value(tree: EstimatorTree, name: str) -> object:
    """The literal ``name`` is given in ``tree``'s call, else its default; NOT_LITERAL when
    neither is known."""
    given = tree.arguments.get(name)
    if given is not None:
        return literal_value(given)
    parameter = tree.estimator.parameters.get(name)
    if parameter is None or not parameter.has_default or parameter.default_repr is not None:
        return NOT_LITERAL
    return parameter.default


def _changed(facts: ModuleFacts, pipeline: EstimatorTree, steps: set[str]) -> bool:
    """Whether anything in the module may replace one of ``steps`` of ``pipeline`` or its
    step list: a search or ``set_params`` over the step, a search hplint cannot read, or
    ``.steps`` or ``.named_steps`` touched anywhere (a step fitted alone)."""
    text = facts.text
    if ".steps" in text or "named_steps" in text or set_elsewhere(facts, pipeline.node, "steps"):
        return True
    spaces = facts.search_spaces
    trees: Trees | None = spaces.trees
    for search in spaces.found:
        for space, entry in iter_entries(search):
            if entry.key.rpartition("__")[2] not in steps:
                continue
            addresses = entry_addresses(trees, search, space, entry) if trees else None
            if addresses is None:
                return True
            for found in addresses:
                if found.status == "unknown" or (
                    found.status == "component" and found.owner is not None and found.owner.node is pipeline.node
                ):
                    return True
    return False
