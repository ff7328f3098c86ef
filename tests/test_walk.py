"""model.walk: names_in finds the same names as a walk over LibCST's own children; collect
visits nodes in source order."""

from __future__ import annotations

import libcst as cst
import pytest

from hplint.model.walk import children, collect, names_in


def _names_by_libcst(node: cst.CSTNode) -> list[str]:
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            found.append(current.value)
        stack.extend(current.children)
    return sorted(found)


@pytest.mark.parametrize(
    "source",
    [
        "c", "1", "f(c, k=d)", "a.b.c", "x[i:j, ::k]", "-c * (d + 1)", "lambda p, *q, r=s: p + t",
        "[u for u in v if w]", "{k: v for k, v in z.items()}", "f'{a!r:{width}}'",
        "a if b else c", "(yield_ := g(h))", "not a and b or c < d <= e", "[*a, *b]",
        "{**m, 'k': n}",
        "q.r(s=t)[u]",
    ],
)  # fmt: skip
def test_names_in_agrees_with_libcst_children(source: str) -> None:
    expr = cst.parse_expression(source)
    assert sorted(names_in(expr)) == _names_by_libcst(expr)


WALKED = '''
import os
@deco(lambda: f(1))
def outer(a=g({"k": h()}), *, b=lambda: i()):
    global G
    with pytest.raises(E), ctx(j()) as c:
        k(a)[l()] = {"m": m()}
        def inner(): nonlocal c; return n()
    return [o(x) for x in p() if q(x)] + {r(): s()}
class C(Base(t()), meta=u()):
    v = w(lambda y: y.z())
x = f"{aa()!r:{bb()}}" if cc() else dd[ee():ff()]
'''


def _preorder(node: cst.CSTNode) -> list[cst.CSTNode]:
    return [node, *(n for child in children(node) for n in _preorder(child))]


def test_collect_records_calls_dicts_and_definitions_in_source_order() -> None:
    module = cst.parse_module(WALKED)
    raw = collect(module)
    every = _preorder(module)
    assert [site.node for site in raw.calls] == [n for n in every if type(n) is cst.Call]
    assert [type(node).__name__ for node in raw.dicts] == ["Dict", "Dict", "Dict"]
    assert raw.dicts == [n for n in every if type(n) is cst.Dict]
    definitions = (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.Global, cst.Nonlocal)
    assert raw.definitions == [n for n in every if type(n) in definitions]
    assert len(raw.definitions) == 8
    # Only the body of ``with pytest.raises(...)`` expects the error.
    raising = {cst.ensure_type(site.node.func, cst.Name).value for site in raw.calls
               if site.expects_error}
    assert raising == {"k", "l", "m", "n"}
