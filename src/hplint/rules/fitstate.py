"""Fit state: learned attributes and fitted-only methods used before fit (HP201-HP203)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from hplint.catalog import Catalog, Estimator, history
from hplint.model import ModuleFacts
from hplint.model.fitstate import COMMON_LEARNED, Analysis, Finding, analyze
from hplint.rules import deprecations
from hplint.rules.types import Violation

# Estimators named when another class has the attribute a user asked for, most familiar first.
_FAMILIAR = (
    "sklearn.ensemble.RandomForestClassifier", "sklearn.ensemble.RandomForestRegressor",
    "sklearn.linear_model.LogisticRegression", "sklearn.linear_model.LinearRegression",
    "sklearn.tree.DecisionTreeClassifier", "sklearn.svm.SVC", "sklearn.cluster.KMeans",
    "sklearn.decomposition.PCA", "sklearn.preprocessing.StandardScaler",
    "sklearn.neighbors.KNeighborsClassifier", "sklearn.model_selection.GridSearchCV",
)  # fmt: skip

def analysis(facts: ModuleFacts) -> Analysis:
    """The analysis the three rules share (and HP101, for the members the code reads);
    derived once per module and kept with its facts (a module-level cache kept the last
    module's whole tree alive after its lint)."""
    return analyze(facts, deprecations.catalog_of(facts))


def _findings(facts: ModuleFacts, code: str) -> Iterator[Finding]:
    return (f for f in facts.derived(analysis).findings if f.code == code)


def _who(finding: Finding) -> str:
    return f"`{finding.name}`" if finding.name else f"This `{finding.estimator.name}`"


def _why(finding: Finding) -> str:
    if finding.clone_trap is not None:
        return f"{_who(finding)} was never fitted here: `{finding.clone_trap}` fits copies of it"
    return f"{_who(finding)} is not fitted here"


def _fix(finding: Finding) -> str:
    return f"call `{finding.name}.fit(...)` first" if finding.name else "fit it first"


def learned_attribute_before_fit(facts: ModuleFacts) -> Iterator[Violation]:
    """HP201: a learned attribute read on an object that is unfitted on every path."""
    for finding in _findings(facts, "HP201"):
        message = (
            f"{_why(finding)}; `{finding.member}` is learned by "
            f"`{finding.estimator.name}.fit`: {_fix(finding)}"
        )
        yield Violation("HP201", message, finding.node, finding.statement)


def method_before_fit(facts: ModuleFacts) -> Iterator[Violation]:
    """HP202: a method that needs a fitted estimator, called on an unfitted one."""
    for finding in _findings(facts, "HP202"):
        message = (
            f"{_why(finding)}; `{finding.estimator.name}.{finding.member}` needs a fitted "
            f"estimator: {_fix(finding)}"
        )
        yield Violation("HP202", message, finding.node, finding.statement)


def unknown_learned_attribute(facts: ModuleFacts) -> Iterator[Violation]:
    """HP203: a trailing-underscore attribute the object's class never has."""
    catalog = deprecations.catalog_of(facts)
    for finding in _findings(facts, "HP203"):
        estimator, attribute = finding.estimator, finding.member
        message = f"`{estimator.name}` has no learned attribute `{attribute}`"
        known = sorted(estimator.learned_attributes | estimator.properties | COMMON_LEARNED)
        close = difflib.get_close_matches(attribute, known, n=1, cutoff=0.8)
        if close:
            message += f"; did you mean `{close[0]}`?"
        other = _learned_elsewhere(catalog, attribute, estimator)
        note = history.learned_attribute_note(catalog, estimator.qualname, attribute)
        if note is not None:
            message += f" ({note})"
        elif other is not None:
            message += f" (`{attribute}` is learned by `{other}`, for example)"
        yield Violation("HP203", message, finding.node, finding.statement)


def _learned_elsewhere(catalog: Catalog, attribute: str, estimator: Estimator) -> str | None:
    """A familiar estimator that learns ``attribute``, else the first catalogued one."""
    for qualname in (*_FAMILIAR, *catalog.qualnames):
        other = catalog.lookup(qualname)
        if other is not None and other is not estimator and attribute in other.learned_attributes:
            return other.name
    return None
