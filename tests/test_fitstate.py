"""Fit state (HP201-HP203): messages, flow, and the catalog facts they rest on."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
import pytest

from hplint.catalog import load
from hplint.engine import lint_source
from hplint.model.fitstate import _Captures
from hplint.model.walk import collect

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


# The captured names of every scope come from one walk of the module; they must be what a
# separate walk of each scope finds (the definition, written out plainly here).
CAPTURING = '''
import functools
m = SVC()
f = lambda a, b=m: a + n
@functools.lru_cache(lambda: deco_name)
def outer(p, *args, q=lambda: default_name, **kw):
    global g
    x = SVC()
    k = [lambda r: r + x for _ in y]
    def inner(s):
        nonlocal x
        return s + t + (lambda u: u + v)(w)
    class Inner(Base, metaclass=lambda *a: meta_name):
        attr = outer_attr
        def method(self, z):
            return z + self.a + inner_name
    return p
class Top:
    def method(self):
        def deep(): return deep_name
        return deep
if cond:
    def late(): return m
global top_declared
squares = [(lambda i: i * comp_name)(j) for j in range(3)]
with pytest.raises(ValueError), open(lambda: with_name) as handle:
    def guarded(): return guarded_name
    class InRaises:
        global class_declared
        key = lambda self: key_name
try:
    @decorate(lambda: method_deco)
    def tried(a=lambda: tried_default): return tried_name
except E as e:
    handled = {k: lambda: handler_name for k in e}
'''


def _reference_captured(body: Sequence[cst.CSTNode]) -> frozenset[str]:
    def names(node: cst.CSTNode) -> set[str]:
        if isinstance(node, cst.Name):
            return {node.value}
        if isinstance(node, cst.Attribute):
            return names(node.value)
        return set().union(*(names(child) for child in node.children))

    def free(node: cst.CSTNode) -> set[str]:
        inside = names(node.body)  # type: ignore[attr-defined]
        if isinstance(node, cst.ClassDef):
            return inside
        params = node.params  # type: ignore[attr-defined]
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
        return inside - {p.name.value for p in every}

    captured: set[str] = set()
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            captured |= free(node)
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            captured |= {item.name.value for item in node.names}
        else:
            stack.extend(node.children)
    return frozenset(captured)


def test_captured_names_of_every_scope_match_a_walk_of_that_scope() -> None:
    # Walking only the definitions the model walk recorded.
    module = cst.parse_module(CAPTURING)
    captures = _Captures(collect(module).definitions)
    assert captures.module == _reference_captured(module.body)
    assert {"n", "x", "deep_name", "m", "top_declared", "comp_name", "guarded_name",
            "class_declared", "key_name", "tried_name", "handler_name"} <= captures.module
    assert not {"deco_name", "default_name", "method_deco", "tried_default"} & captures.module
    functions = [n for n in _every_node(module) if isinstance(n, cst.FunctionDef)]
    assert len(functions) == 8 and len(captures.functions) == 8
    for function in functions:
        assert captures.functions[id(function)] == _reference_captured(function.body.body)


def _every_node(node: cst.CSTNode) -> list[cst.CSTNode]:
    return [node, *(n for child in node.children for n in _every_node(child))]


def test_object_captured_by_a_later_function_is_not_followed() -> None:
    assert messages("model = SVC()\nmodel.predict(X)\ndef later():\n    return model\n") == []
    assert messages("model = SVC()\nmodel.predict(X)\nfun = lambda: model\n") == []
    assert len(messages("model = SVC()\nmodel.predict(X)\nfun = lambda: other\n")) == 1


def test_prefit_string_argument_only_as_a_string_literal() -> None:
    calibrated = "from sklearn.calibration import CalibratedClassifierCV as C\n"
    for args, reported in (
        ('cv="prefit"', False), ('cv="pre" "fit"', False), ('cv=5', True),
        ('cv=("prefit",)', True), ('cv=prefit', True), ('cv="rbf"', True),
    ):
        found = messages(f"{calibrated}m = C({args})\nm.predict(X)\n")
        assert any(code == "HP202" for _, code, _ in found) is reported, args
