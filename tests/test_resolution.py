"""Names resolve through the file's own imports, and anything ambiguous stays unknown."""

from __future__ import annotations

import libcst as cst
import pytest

from hplint import catalog, model


def constructed(source: str) -> list[str]:
    facts = model.build(cst.parse_module(source), catalog.load())
    return [c.estimator.qualname for c in facts.constructions]


@pytest.mark.parametrize(
    "source",
    [
        "from sklearn.svm import SVC\nSVC()",
        "from sklearn.svm import SVC as S\nS()",
        "from sklearn import svm\nsvm.SVC()",
        "import sklearn\nsklearn.svm.SVC()",
        "import sklearn.svm\nsklearn.svm.SVC()",
        "import sklearn.svm as s\ns.SVC()",
        "from sklearn.svm._classes import SVC\nSVC()",
        "from sklearn.svm import *\nSVC()",
        "def f():\n    from sklearn.svm import SVC\n    return SVC()",
        "from sklearn.svm import SVC\nfrom sklearn.svm import SVC\nSVC()",
    ],
)
def test_import_shapes_resolve_to_the_public_class(source: str) -> None:
    assert constructed(source) == ["sklearn.svm.SVC"]


def test_module_alias_resolves_attributes() -> None:
    source = "import sklearn.linear_model as lm\nlm.Ridge()\nlm.LogisticRegression()"
    assert constructed(source) == [
        "sklearn.linear_model.Ridge",
        "sklearn.linear_model.LogisticRegression",
    ]


@pytest.mark.parametrize(
    "source",
    [
        # Shadowed by a local class, function, parameter, assignment or loop variable.
        "from sklearn.svm import SVC\nclass SVC: pass\nSVC()",
        "from sklearn.svm import SVC\ndef SVC(): pass\nSVC()",
        "from sklearn.svm import SVC\ndef f(SVC):\n    return SVC()",
        "from sklearn.svm import SVC\nSVC = object\nSVC()",
        "from sklearn.svm import SVC\nfor SVC in []: pass\nSVC()",
        "from sklearn.svm import SVC\nwith x as SVC: pass\nSVC()",
        "from sklearn.svm import SVC\n[SVC() for SVC in x]",
        "from sklearn.svm import SVC\nif (SVC := x): pass\nSVC()",
        "from sklearn.svm import SVC\ntry: pass\nexcept E as SVC: pass\nSVC()",
        "from sklearn.svm import SVC\nlambda SVC: SVC()",
        # Two imports of different objects under one name.
        "from sklearn.svm import SVC\nfrom other import SVC\nSVC()",
        # Not imported at all, or imported relatively.
        "SVC()",
        "from .svm import SVC\nSVC()",
        "from . import svm\nsvm.SVC()",
        # A star import from an unknown module could rebind anything.
        "from sklearn.svm import *\nfrom other import *\nSVC()",
        # Not a catalogued class.
        "from sklearn.svm import nothing_here\nnothing_here()",
        "import numpy as np\nnp.array([1])",
    ],
)
def test_unknown_or_ambiguous_names_are_silent(source: str) -> None:
    assert constructed(source) == []


def test_a_name_imported_from_a_removed_module_and_its_replacement_is_one_object() -> None:
    """Real code: ``from sklearn.learning_curve import validation_curve`` at the top, the
    same name from ``sklearn.model_selection`` further down (judge18b)."""
    source = (
        "from sklearn.grid_search import GridSearchCV\n"
        "from sklearn.model_selection import GridSearchCV\n"
        "from sklearn.svm import SVC\n"
        "GridSearchCV(SVC(), {'C': [1, 10]})\n"
    )
    assert constructed(source) == ["sklearn.model_selection.GridSearchCV", "sklearn.svm.SVC"]
    # Also bound some other way, or imported from an unrelated module: unknown.
    assert constructed(source + "GridSearchCV = None\n") == ["sklearn.svm.SVC"]
    assert constructed(source.replace("sklearn.grid_search", "other")) == ["sklearn.svm.SVC"]


def test_shadowing_anywhere_in_the_file_counts() -> None:
    # Flow-insensitive on purpose: a later rebinding makes every use ambiguous.
    source = "from sklearn.svm import SVC\nSVC()\ndef g():\n    SVC = 1\n"
    assert constructed(source) == []


def test_attribute_of_instance_is_not_a_constructor() -> None:
    assert constructed("from sklearn.svm import SVC\nSVC().fit(X, y)") == ["sklearn.svm.SVC"]


def test_remembered_resolution_agrees_with_a_fresh_one() -> None:
    source = (
        "from sklearn.svm import *\nimport numpy as np\nfrom sklearn import svm\n"
        "x = 1\nSVC(); svm.SVC(); np.mean(x); x.y(); unknown.z()"
    )
    resolver = model.build(cst.parse_module(source), catalog.load()).resolver
    for parts in (["SVC"], ["svm", "SVC"], ["np", "mean"], ["x", "y"], ["unknown", "z"]):
        fresh = model.build(cst.parse_module(source), catalog.load()).resolver._resolve(
            tuple(parts)
        )
        # Asked as a list, then as a tuple: the second answer is the remembered one.
        assert resolver.resolve_parts(parts) == fresh
        assert resolver.resolve_parts(tuple(parts)) == fresh
    assert resolver.resolve_parts(["svm", "SVC"]) == "sklearn.svm.SVC"
    assert resolver.resolve_parts(["SVC"]) == "sklearn.svm.SVC"
    assert resolver.resolve_parts(["x", "y"]) is None
