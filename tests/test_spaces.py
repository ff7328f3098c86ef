"""Search spaces, estimator trees and key addressing, on small inputs."""

from __future__ import annotations

import libcst as cst

from hplint import catalog, model
from hplint.model.estimators import EstimatorTree, Placeholder, make_names

from conftest import findings

HEADER = """\
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
"""


def spaces(source: str) -> model.ModuleFacts:
    return model.build(cst.parse_module(HEADER + source), catalog.load())


def test_make_names_numbers_duplicates_like_scikit_learn() -> None:
    assert make_names(["PCA", "PCA", "SVC"]) == ["pca-1", "pca-2", "svc"]
    assert make_names(["StandardScaler", "passthrough"]) == ["standardscaler", "passthrough"]


def test_pipeline_tree_has_named_steps() -> None:
    facts = spaces("GridSearchCV(Pipeline([('s', StandardScaler()), ('m', 'passthrough')]), {})\n")
    (found,) = facts.search_spaces.found
    tree = found.target
    assert isinstance(tree, EstimatorTree) and tree.name == "Pipeline"
    assert [name for name, _ in tree.components or ()] == ["s", "m"]
    assert isinstance(tree.component("m"), Placeholder)


def test_grid_built_up_in_the_same_scope() -> None:
    facts = spaces("g = {'C': [1, 2]}\ng['gamma'] = [1, 2]\ng.update(kernel=['rbf', 'poly'])\nGridSearchCV(SVC(), g)\n")
    (found,) = facts.search_spaces.found
    assert [e.key for e in found.spaces[0].entries] == ["C", "gamma", "kernel"]


def test_files_without_searches_build_no_scopes() -> None:
    facts = spaces("SVC().fit(X, y)\n")
    assert facts.search_spaces.trees is None


def test_forgotten_step_prefix_is_explained() -> None:
    source = HEADER + "GridSearchCV(make_pipeline(StandardScaler(), SVC()), {'C': [1, 2]})\n"
    from hplint.engine import lint_source

    (diagnostic,) = lint_source(source)
    assert diagnostic.code == "HP302"
    assert "did you mean `svc__C`" in diagnostic.message


def test_a_dict_shared_by_two_searches_is_reported_once() -> None:
    source = "g = {'gama': [1, 2]}\nGridSearchCV(SVC(), g)\nGridSearchCV(SVC(), g)\n"
    assert findings(HEADER + source) == [(5, "HP302")]


def test_non_model_everywhere_reads_the_roles_every_built_class_has() -> None:
    """HP301's set, built from the parameters' records alone, is the one the built classes
    give, in every catalogued release."""
    from hplint.model.spaces import non_model_everywhere

    known = catalog.load()
    for release in known.releases:
        view = known.at(release)
        roles: dict[str, set[str]] = {}
        for qualname in view.qualnames:
            estimator = view.lookup(qualname)
            assert estimator is not None
            for parameter in estimator.parameters.values():
                roles.setdefault(parameter.name, set()).add(parameter.role)
        expected = {name for name, found in roles.items() if found == {"non-model"}}
        assert non_model_everywhere(view) == expected, release
    assert {"random_state", "n_jobs", "verbose"} <= non_model_everywhere(known)
