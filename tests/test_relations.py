"""The relations catalog: "P has no effect when S is one of V", verified by fitting."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hplint.catalog import relations


def _data() -> dict[str, object]:
    data: dict[str, object] = json.loads(relations.DATA_PATH.read_text(encoding="utf-8"))
    return data


def test_committed_relations_match_a_fresh_verification() -> None:
    """Regenerates the whole file (about 40 s of CPU: hundreds of tiny fits)."""
    sklearn = pytest.importorskip("sklearn")
    if _data()["sklearn"] != sklearn.__version__:
        pytest.skip(f"scikit-learn {sklearn.__version__} installed; verified: {_data()['sklearn']}")
    result = subprocess.run(
        [sys.executable, "-m", "hplint.catalog.relations", "--check"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is up to date" in result.stdout


def test_the_issue_examples_are_relations() -> None:
    shipped = {
        (r.estimator.rpartition(".")[2], r.parameter, r.selector): set(r.values)
        for found in relations.load().values() for r in found
    }
    assert "linear" in shipped["SVC", "gamma", "kernel"]
    assert "rbf" in shipped["SVC", "degree", "kernel"]
    assert "l2" in shipped["SGDClassifier", "l1_ratio", "penalty"]
    assert "adam" in shipped["MLPClassifier", "momentum", "solver"]
    # Where the parameter is used, it is never said to do nothing.
    assert "poly" not in shipped["SVC", "degree", "kernel"]
    assert "rbf" not in shipped["SVC", "gamma", "kernel"]


def test_what_fitting_contradicts_is_recorded_not_shipped() -> None:
    # Nystroem's docstring names "polynomial"; its alias "poly" uses degree all the same.
    rejected = {(r["estimator"], r["parameter"], r["value"]): r["reason"] for r in _data()["rejected"]}  # type: ignore[attr-defined]
    reason = rejected["sklearn.kernel_approximation.Nystroem", "degree", "poly"]
    assert "changes the fit" in reason
    nystroem = {r.parameter: r.values for r in relations.for_estimator("sklearn.kernel_approximation.Nystroem")}
    assert "poly" not in nystroem["degree"]
    # A value whose behaviour scikit-learn picks from the data is never shipped.
    assert all("auto" not in r.values for found in relations.load().values() for r in found)


def _candidate(parameter: str, values: tuple[str, ...], used: tuple[str, ...]) -> relations.Candidate:
    from sklearn.svm import SVC

    return relations.Candidate(SVC, "sklearn.svm.SVC", parameter, "kernel", values, used, "test")


def test_verification_rejects_a_parameter_that_matters() -> None:
    pytest.importorskip("sklearn")
    outcome = relations.verify(_candidate("C", ("linear",), ("rbf",)))
    assert outcome.verified == ()
    assert outcome.rejected == (("linear", "`C` changes the fit when `kernel='linear'`"),)


def test_verification_needs_a_control_where_the_parameter_matters() -> None:
    pytest.importorskip("sklearn")
    # degree changes nothing under rbf: the control cannot show that it matters there.
    outcome = relations.verify(_candidate("degree", ("linear",), ("rbf",)))
    assert outcome.verified == ()
    assert outcome.rejected[0][1].startswith("control failed")


def test_verification_accepts_a_true_relation() -> None:
    pytest.importorskip("sklearn")
    outcome = relations.verify(_candidate("degree", ("linear", "precomputed"), ("poly",)))
    assert outcome.verified == ("linear",)
    assert outcome.used_with == ("poly",)
    assert outcome.rejected == (("precomputed", "not verified: fit raised ValueError"),)


def test_docstring_patterns() -> None:
    pytest.importorskip("sklearn")
    from sklearn.linear_model import SGDClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.svm import SVC

    def found(cls: type, parameter: str, text: str) -> list[tuple[str, tuple[object, ...], tuple[object, ...]]]:
        return [(c.selector, c.values, c.used_with)
                for c in relations._candidates_of(cls, cls.__name__, parameter, [text])]

    assert found(MLPClassifier, "momentum", "Momentum. Only used when solver='sgd'.") == [
        ("solver", ("adam", "lbfgs"), ("sgd",))]
    assert found(MLPClassifier, "validation_fraction", "Only used if early_stopping is True.") == [
        ("early_stopping", (False,), (True,))]
    assert found(SGDClassifier, "l1_ratio", "Only used if `penalty` is 'elasticnet'.") == [
        ("penalty", ("l1", "l2"), ("elasticnet",))]
    assert found(SVC, "degree", "Degree of the 'poly' kernel. Ignored by all other kernels.") == [
        ("kernel", ("linear", "precomputed", "rbf", "sigmoid"), ("poly",))]
    # No selector named, or two: no candidate.
    assert found(SVC, "C", "Only used when the data is sparse.") == []
    assert found(MLPClassifier, "tol", "Only used when solver='sgd' or learning_rate='adaptive'.") == []
