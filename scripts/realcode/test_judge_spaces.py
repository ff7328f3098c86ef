"""Tests of the measurement judge (not collected by CI: run `python -m pytest scripts/realcode`)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "judge_spaces", os.path.join(os.path.dirname(__file__), "judge_spaces.py"))
assert _SPEC is not None and _SPEC.loader is not None
judge = importlib.util.module_from_spec(_SPEC)
sys.modules["judge_spaces"] = judge  # dataclasses look their module up
_SPEC.loader.exec_module(judge)

HEAD = """\
import numpy as np
from scipy.stats import randint
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV, validation_curve
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.ensemble import RandomForestClassifier
"""


def run(tmp_path: Path, body: str) -> list[dict[str, Any]]:
    path = tmp_path / "case.py"
    path.write_text(HEAD + textwrap.dedent(body))
    return [r for r in judge.judge_file(str(path)) if "call" in r]


def defects(record: dict[str, Any]) -> set[tuple[int, str, str]]:
    offset = HEAD.count("\n")
    return {(d["line"] - offset, d["key"], d["kind"]) for d in record["defects"]}


def test_the_nearest_preceding_assignment_of_a_rebound_name_is_judged(tmp_path: Path) -> None:
    [first, second] = run(tmp_path, """\
        grid = {"C": [1.0, 10.0]}
        search = GridSearchCV(SVC(), grid)
        grid = {"C": [0.0, 1.0], "kernel": ["rbf"], "random_state": [0, 1], "gama": [1, 2]}
        search = GridSearchCV(SVC(), grid)
        """)
    assert first["resolved"] and defects(first) == set()
    assert defects(second) == {(3, "C", "invalid-candidate"), (3, "kernel", "single-candidate"),
                               (3, "random_state", "non-model-key"), (3, "gama", "unknown-key")}


def test_values_in_variables_numpy_ranges_and_randint_bounds_are_computed(tmp_path: Path) -> None:
    [record] = run(tmp_path, """\
        features = ["sqrt", "srqt"]
        pipe = make_pipeline(StandardScaler(), RandomForestClassifier())
        space = {
            "randomforestclassifier__max_features": features,
            "randomforestclassifier__n_estimators": np.linspace(10, 100, 2),
            "randomforestclassifier__max_depth": randint(0, 5),
            "randomforestclassifier__min_samples_leaf": list(range(1, 4)),
        }
        search = RandomizedSearchCV(pipe, space)
        """)
    found = defects(record)
    assert (1, "randomforestclassifier__max_features", "invalid-candidate") in found
    assert (5, "randomforestclassifier__n_estimators", "invalid-candidate") in found  # 10.0: a float
    assert (6, "randomforestclassifier__max_depth", "invalid-candidate") in found  # randint's low, 0
    assert not any(key.endswith("min_samples_leaf") for _, key, _ in found)


def test_a_single_candidate_that_tells_subspaces_apart_is_not_a_defect(tmp_path: Path) -> None:
    [record] = run(tmp_path, """\
        pipe = Pipeline([("scale", StandardScaler()), ("clf", SVC())])
        grid = [{"clf__kernel": ["linear"], "clf__C": [1.0, 2.0], "scale__with_mean": [True]},
                {"clf__kernel": ["rbf"], "clf__C": [1.0, 3.0], "scale__with_mean": [True],
                 "clf__shrinking": [False]}]
        search = GridSearchCV(pipe, grid)
        """)
    assert defects(record) == {(2, "scale__with_mean", "single-candidate"),
                               (3, "scale__with_mean", "single-candidate")}


def test_a_step_replaced_in_the_space_is_judged_per_candidate(tmp_path: Path) -> None:
    [record] = run(tmp_path, """\
        pipe = Pipeline([("clf", SVC())])
        grid = [{"clf": [SVC()], "clf__C": [1.0, 2.0]},
                {"clf": [RandomForestClassifier()], "clf__C": [1.0, 2.0], "clf__max_depth": [0, 2]}]
        search = GridSearchCV(pipe, grid)
        """)
    assert defects(record) == {(3, "clf__C", "unknown-key"), (3, "clf__max_depth", "invalid-candidate")}


def test_what_cannot_be_resolved_is_recorded_not_guessed(tmp_path: Path) -> None:
    records = run(tmp_path, """\
        for model in [SVC(), RandomForestClassifier()]:
            GridSearchCV(model, {"C": [1.0]})
        def tune(estimator, grid):
            return GridSearchCV(estimator, grid)
        GridSearchCV(SVC(), params_from_elsewhere)
        """)
    assert [r["resolved"] for r in records] == [False, False, False]
    assert [r["space_resolved"] for r in records] == [True, False, False]
    assert "bound by for" in records[0]["why"]
    assert "bound by param" in records[1]["why"]
    assert "no preceding binding" in records[2]["why"]


def test_a_users_own_step_makes_only_the_keys_below_it_unverifiable(tmp_path: Path) -> None:
    [record] = run(tmp_path, """\
        class Adder:
            pass
        pipe = Pipeline([("add", Adder()), ("svc", SVC(multi_class="ovr"))])
        search = GridSearchCV(pipe, {"add__k": [1, 2], "svc__gamma": ["scale", "bad"]})
        """)
    assert record["resolved"] and record["estimator"] == "Pipeline(add=Adder, svc=SVC)"
    assert defects(record) == {(4, "add__k", "unverifiable"), (4, "svc__gamma", "invalid-candidate")}


def test_validation_curve_is_judged_on_param_name_and_param_range(tmp_path: Path) -> None:
    [record] = run(tmp_path, """\
        validation_curve(SVC(), X, y, param_name="C", param_range=[0.0, 1.0])
        """)
    assert defects(record) == {(1, "C", "invalid-candidate")}


def _cell(source: str, kind: str = "code") -> dict[str, Any]:
    return {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True),
            **({"outputs": [], "execution_count": None} if kind == "code" else {})}


def test_notebook_positions_are_cell_and_row_with_magics_and_broken_cells_left_out(tmp_path: Path) -> None:
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        _cell("# Title", "markdown"),
        _cell(HEAD + "%matplotlib inline\n!pip install x\n"),
        _cell("print 'python 2'\nGridSearchCV(SVC(), {'C': [1]})\n"),
        _cell("  # indented first line\n  grid = {'C': [-1.0, 1.0]}\n  s = GridSearchCV(SVC(), grid)\n"),
    ]}
    path = tmp_path / "case.ipynb"
    path.write_text(json.dumps(notebook))
    records = judge.judge_file(str(path))
    [call] = [r for r in records if "call" in r]
    assert (call["cell"], call["row"]) == (4, 3)
    [defect] = call["defects"]
    assert (defect["cell"], defect["row"], defect["kind"]) == (4, 2, "invalid-candidate")
    # The probe goes just inside the dict's brace, in the cell as written (indent kept).
    assert (call["probe"]["cell"], call["probe"]["row"], call["probe"]["col"]) == (4, 2, 10)
    assert {"file": str(path), "dropped_cell": 3, "search_calls_textual": 1} in records


@pytest.mark.parametrize("key", ["random_state", "clf__n_jobs", "verbose"])
def test_non_model_keys_are_named_in_one_list(key: str) -> None:
    assert key.rpartition("__")[2] in judge.NON_MODEL_KEYS


def test_single_candidates_and_non_model_keys_need_no_estimator(tmp_path: Path) -> None:
    [record] = run(tmp_path, """\
        class MyEstimator:
            pass
        grid = {"n_estimators": [150], "random_state": [1, 2], "depth": [1, 2]}
        search = GridSearchCV(MyEstimator(), grid)
        """)
    assert not record["resolved"] and record["space_resolved"]
    assert defects(record) == {(3, "n_estimators", "single-candidate"), (3, "random_state", "non-model-key")}


def test_helper_functions_subscripts_and_unknown_settings_are_followed(tmp_path: Path) -> None:
    records = run(tmp_path, """\
        from sklearn.preprocessing import PolynomialFeatures
        from sklearn.linear_model import LinearRegression
        def PolynomialRegression(degree=2, **kwargs):
            return make_pipeline(PolynomialFeatures(degree), LinearRegression(**kwargs))
        search = GridSearchCV(PolynomialRegression(), {"polynomialfeatures__degree": [-1, 2],
                                                       "linearregression__normalize": [True, False]})
        models = {"rf": RandomForestClassifier(), "svc": SVC(C=best_c)}
        search = GridSearchCV(models["svc"], {"C": [0.0, 1.0]})
        """)
    assert [r["resolved"] for r in records] == [True, True]
    assert defects(records[0]) == {(5, "polynomialfeatures__degree", "invalid-candidate"),
                                   (6, "linearregression__normalize", "unknown-key")}
    assert defects(records[1]) == {(8, "C", "invalid-candidate")}


def test_validation_curve_with_positional_name_and_range(tmp_path: Path) -> None:
    [record] = run(tmp_path, """\
        validation_curve(SVC(), X, y, "C", [0.0, 1.0], cv=3)
        """)
    assert defects(record) == {(1, "C", "invalid-candidate")}
