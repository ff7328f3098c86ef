"""Fit state (HP201-HP203): messages, flow, and the catalog facts they rest on."""

from __future__ import annotations

from hplint.catalog import load
from hplint.engine import lint_source

from conftest import findings

IMPORTS = (
    "from sklearn.svm import SVC\n"
    "from sklearn.linear_model import LinearRegression\n"
    "from sklearn.model_selection import cross_val_score\n"
)


def messages(source: str) -> list[tuple[int, str, str]]:
    return [(d.start.row, d.code, d.message) for d in lint_source(IMPORTS + source)]


def test_clone_trap_message_names_the_function() -> None:
    found = messages("model = SVC()\ncross_val_score(model, X, y)\nmodel.support_\n")
    assert found == [(
        6, "HP201",
        "`model` was never fitted here: `cross_val_score` fits copies of it; `support_` is "
        "learned by `SVC.fit`: call `model.fit(...)` first",
    )]


def test_method_message() -> None:
    assert messages("model = SVC()\nmodel.predict(X)\n") == [(
        5, "HP202",
        "`model` is not fitted here; `SVC.predict` needs a fitted estimator: "
        "call `model.fit(...)` first",
    )]


def test_unknown_attribute_message_suggests_and_names_another_estimator() -> None:
    (found,) = messages("LinearRegression().fit(X, y).feature_importances_\n")
    assert found[1] == "HP203"
    assert found[2].startswith("`LinearRegression` has no learned attribute `feature_importances_`")
    assert "RandomForestClassifier" in found[2]
    (typo,) = messages("m = LinearRegression().fit(X, y)\nm.coeff_\n")
    assert "did you mean `coef_`?" in typo[2]


def test_branches_join_to_maybe() -> None:
    source = IMPORTS + "m = SVC()\nif c:\n    m.fit(X, y)\nm.predict(X)\n"
    assert findings(source) == []


def test_unfitted_on_every_branch_is_reported() -> None:
    source = IMPORTS + "m = SVC()\nif c:\n    pass\nelse:\n    print(1)\nm.predict(X)\n"
    assert findings(source) == [(9, "HP202")]


def test_fit_in_loop_makes_maybe_fitted() -> None:
    source = IMPORTS + "m = SVC()\nfor i in r:\n    m.fit(X, y)\nm.predict(X)\n"
    assert findings(source) == []


def test_read_before_fit_inside_loop_is_silent_when_an_earlier_iteration_fits() -> None:
    source = IMPORTS + "m = SVC()\nfor i in r:\n    m.predict(X)\n    m.fit(X, y)\n"
    assert findings(source) == []


def test_escape_into_unknown_function_silences() -> None:
    source = IMPORTS + "m = SVC()\ntrain(m)\nm.predict(X)\n"
    assert findings(source) == []


def test_nested_function_capturing_the_name_silences() -> None:
    source = IMPORTS + "m = SVC()\ndef go():\n    m.fit(X, y)\ngo()\nm.predict(X)\n"
    assert findings(source) == []


def test_notebook_magic_and_exec_silence() -> None:
    source = IMPORTS + "m = SVC()\npass  # magic: %time m.fit(X, y)\nm.predict(X)\n"
    assert findings(source) == []
    source = IMPORTS + "m = SVC()\nexec('m.fit(X, y)')\nm.predict(X)\n"
    assert findings(source) == []


def test_pipeline_fits_its_steps_in_place() -> None:
    source = IMPORTS + (
        "from sklearn.pipeline import make_pipeline\n"
        "m = SVC()\np = make_pipeline(m)\np.fit(X, y)\nm.predict(X)\n"
    )
    assert findings(source) == []


def test_catalog_records_what_fit_does_with_given_estimators() -> None:
    catalog = load()
    grid = catalog.lookup("sklearn.model_selection.GridSearchCV")
    pipe = catalog.lookup("sklearn.pipeline.Pipeline")
    hasher = catalog.lookup("sklearn.feature_extraction.text.HashingVectorizer")
    svc = catalog.lookup("sklearn.svm.SVC")
    assert grid is not None and grid.estimator_parameters == {"estimator": "clone"}
    assert pipe is not None and pipe.estimator_parameters == {"steps": "in_place"}
    assert hasher is not None and not hasher.requires_fit
    assert svc is not None and "coef_" in svc.properties and svc.unfitted_attributes == frozenset()
    assert catalog.cloning_function("sklearn.model_selection.cross_val_score") is not None
    assert catalog.cloning_function("sklearn.base.clone") == "sklearn.base.clone"
    factory = catalog.factory("sklearn.pipeline.make_pipeline")
    assert factory is not None and factory.name == "Pipeline"
