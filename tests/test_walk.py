"""model.walk: names_in finds the same names as a walk over LibCST's own children."""

from __future__ import annotations

import libcst as cst
import pytest

from hplint.model.walk import names_in


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
