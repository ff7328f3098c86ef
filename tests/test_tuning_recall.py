"""HP101's recall on generated programs, with scikit-learn as the judge of what is set.

Each program constructs a few estimators of different classes with literal values for some
of their hyperparameters (values scikit-learn accepts: checked by ``_validate_params``; not
those the role table calls settings, ``catalog.roles.value_setting``)
and searches some of those parameters with ``GridSearchCV``. Running the program with
scikit-learn tells what each construction really sets (``get_params``) and what each
search really varies (its grid's keys, accepted by ``set_params``). An untuned
hyperparameter is one a construction sets to a literal that no search of its class varies:
HP101 must name at least 90% of them, on the line of their call, and never name a searched
one.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

sklearn = pytest.importorskip("sklearn")

from hplint.catalog import load, roles  # noqa: E402
from hplint.config import Settings  # noqa: E402
from hplint.engine import lint_source  # noqa: E402

# Estimators of the rule page's table that construct without required arguments.
CLASSES = [
    "sklearn.linear_model.LogisticRegression", "sklearn.linear_model.Ridge",
    "sklearn.linear_model.Lasso", "sklearn.linear_model.ElasticNet",
    "sklearn.linear_model.SGDClassifier", "sklearn.svm.SVC", "sklearn.svm.SVR",
    "sklearn.neighbors.KNeighborsClassifier", "sklearn.neighbors.KNeighborsRegressor",
    "sklearn.tree.DecisionTreeClassifier", "sklearn.tree.DecisionTreeRegressor",
    "sklearn.ensemble.RandomForestClassifier", "sklearn.ensemble.ExtraTreesClassifier",
    "sklearn.ensemble.GradientBoostingClassifier", "sklearn.ensemble.AdaBoostClassifier",
    "sklearn.neural_network.MLPClassifier", "sklearn.cluster.KMeans",
    "sklearn.mixture.GaussianMixture", "sklearn.naive_bayes.MultinomialNB",
    "sklearn.feature_extraction.text.TfidfVectorizer",
]  # fmt: skip
PROGRAMS = 60
SEED = 20


def _candidates(value: Any) -> list[Any]:
    """Literal values near a default, with at most three significant digits."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value * 2 + 3, max(1, value // 2) + 7]
    if isinstance(value, float):
        return [round(value * 3 + 0.5, 2), round(value / 2 + 0.25, 3), 0.75]
    if isinstance(value, str):
        # A string default rarely has a valid neighbour to guess; sentinels choose nothing.
        return [] if value in ("auto", "deprecated", "warn") else [value]
    return []


def _hyperparameters(qualname: str) -> dict[str, list[Any]]:
    """Each hyperparameter of the class with the literal values scikit-learn accepts."""
    import importlib

    module, _, name = qualname.rpartition(".")
    cls = getattr(importlib.import_module(module), name)
    estimator = load().lookup(qualname)
    assert estimator is not None
    found: dict[str, list[Any]] = {}
    for parameter in estimator.parameters.values():
        if parameter.role != "hyperparameter" or parameter.default_repr is not None:
            continue
        accepted = []
        for value in _candidates(parameter.default):
            if value == parameter.default and not isinstance(value, str):
                continue
            instance = cls(**{parameter.name: value})
            try:
                instance._validate_params()
            except Exception:  # noqa: BLE001 - rejected: not a value to generate
                continue
            # A value the rule page calls a setting (``fit_intercept=False``: the data has no
            # intercept) is no hyperparameter choice to find.
            if roles.value_setting(name, parameter.name, value, module.partition(".")[0]) is not None:
                continue
            if instance.get_params()[parameter.name] == value:
                accepted.append(value)
        if accepted:
            found[parameter.name] = accepted
    return found


def _program(rng: random.Random, table: dict[str, dict[str, list[Any]]]) -> tuple[str, list[tuple[str, str, Any]], list[tuple[str, str]]]:
    """Source, the (variable, parameter, value) set by constructions, the (variable,
    parameter) searched."""
    lines = ["from sklearn.model_selection import GridSearchCV"]
    chosen = rng.sample(sorted(table), rng.randint(1, 3))
    constructed: list[tuple[str, str, Any]] = []
    searched: list[tuple[str, str]] = []
    for index, qualname in enumerate(chosen):
        module, _, name = qualname.rpartition(".")
        lines.append(f"from {module} import {name}")
        names = sorted(table[qualname])
        given = rng.sample(names, min(len(names), rng.randint(1, 3)))
        values = {p: rng.choice(table[qualname][p]) for p in given}
        arguments = ", ".join(f"{p}={v!r}" for p, v in values.items())
        variable = f"model_{index}"
        lines.append(f"{variable} = {name}({arguments})")
        constructed += [(variable, p, v) for p, v in values.items()]
        if rng.random() < 0.5:
            target = rng.choice(given)
            grid = {target: [values[target], rng.choice(table[qualname][target])]}
            lines.append(f"search_{index} = GridSearchCV({name}(), {grid!r})")
            searched.append((variable, target))
    return "\n".join(lines) + "\n", constructed, searched


def test_recall_of_untuned_hyperparameters_on_generated_programs() -> None:
    table = {q: h for q in CLASSES if (h := _hyperparameters(q))}
    assert len(table) >= 15
    rng = random.Random(SEED)
    untuned = named = 0
    wrongly_named: list[str] = []
    for _ in range(PROGRAMS):
        source, constructed, searched = _program(rng, table)
        namespace: dict[str, Any] = {}
        exec(compile(source, "<generated>", "exec"), namespace)  # scikit-learn is the judge
        for variable, parameter, value in constructed:
            assert namespace[variable].get_params()[parameter] == value
        rows = {line.split(" = ")[0]: row for row, line in enumerate(source.splitlines(), 1) if " = " in line}
        found = lint_source(source, "<generated>", Settings(select=("HP101",)))
        messages = {d.start.row: d.message for d in found}
        for variable, parameter, _ in constructed:
            message = messages.get(rows[variable], "")
            mentioned = re.search(rf"`{re.escape(parameter)}`", message.split(": ", 1)[-1]) is not None
            if (variable, parameter) in searched:
                if mentioned:
                    wrongly_named.append(f"{parameter} in\n{source}")
                continue
            untuned += 1
            named += mentioned
    assert untuned >= 60
    assert named / untuned >= 0.9, f"recall {named}/{untuned}"
    assert wrongly_named == []
