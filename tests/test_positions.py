"""Rows and columns are 1-based, in characters, and right whatever the file looks like."""

from __future__ import annotations

from typing import Any

import pytest

from hplint.engine import lint_source


def spans(source: str) -> list[tuple[int, int, int, int]]:
    return [
        (d.start.row, d.start.column, d.end.row, d.end.column) for d in lint_source(source)
    ]


IMPORT = "from sklearn.svm import SVC\n"


def test_first_statement() -> None:
    assert spans("from sklearn.svm import SVC; SVC(gama=1)\n") == [(1, 34, 1, 38)]


def test_after_header_comments_and_blank_lines() -> None:
    source = "#!/usr/bin/env python\n# header\n\n" + IMPORT + "\n\n# lead\nSVC(gama=1)\n"
    assert spans(source) == [(8, 5, 8, 9)]


def test_inside_nested_blocks() -> None:
    source = IMPORT + "def f():\n    if x:\n        for i in y:\n            SVC(\n                gama=1)\n"
    assert spans(source) == [(6, 17, 6, 21)]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings(newline: str) -> None:
    source = (IMPORT + "x = 1\n\nSVC(gama=1)\n").replace("\n", newline)
    assert spans(source) == [(4, 5, 4, 9)]


def test_columns_count_characters_not_bytes() -> None:
    source = IMPORT + "é = 'ü'; SVC(gama=1)\n"
    assert spans(source) == [(2, 14, 2, 18)]


def test_tabs_count_as_one_column() -> None:
    source = IMPORT + "if x:\n\tSVC(gama=1)\n"
    assert spans(source) == [(3, 6, 3, 10)]


FORM_FEEDS = [
    # LibCST drops a form feed that starts a top-level line ...
    (IMPORT + "\fSVC(gama=1)\n", [(2, 6, 2, 10)]),
    (IMPORT + "x = 1\n \f\fSVC(gama=1)\n", [(3, 8, 3, 12)]),
    # ... or a dedenting line, whatever precedes the form feed ...
    (IMPORT + "if x:\n    y = 1\n    \fSVC(gama=1)\n", [(4, 10, 4, 14)]),
    (IMPORT + "if x:\n    y = 1\n\f    SVC(gama=1)\n", [(4, 10, 4, 14)]),
    # ... and copies a block's first indentation to the block's other lines.
    (IMPORT + "if x:\n\f    y = 1\n    SVC(gama=1)\n", [(4, 9, 4, 13)]),
    (IMPORT + "if x:\n\f    SVC(gama=1)\n    SVC(gama=2)\n", [(3, 10, 3, 14), (4, 9, 4, 13)]),
    # Inside brackets a form feed is kept.
    (IMPORT + "SVC(\n\fgama=1)\n", [(3, 2, 3, 6)]),
]


@pytest.mark.parametrize(("source", "expected"), FORM_FEEDS)
def test_form_feeds_count_as_one_column(source: str, expected: list[tuple[int, int, int, int]]) -> None:
    assert spans(source) == expected


def test_a_fix_after_a_form_feed_edits_the_right_characters() -> None:
    """The issue's case: the rename replaced ` random_sat` and wrote `,random_statee=1`."""
    from hplint.fix import apply_edits

    source = "from sklearn.ensemble import RandomForestClassifier\n\fm = RandomForestClassifier(n_estimators=10, random_sate=1)\n"
    (found,) = [d for d in lint_source(source) if d.code == "HP401"]
    assert found.fix is not None
    fixed = apply_edits(source, found.fix.edits)
    assert fixed == source.replace("random_sate", "random_state")


def test_no_trailing_newline() -> None:
    assert spans(IMPORT + "SVC(gama=1)") == [(2, 5, 2, 9)]


def test_many_statements_in_one_file() -> None:
    body = "".join(f"x{i} = {i}\n" for i in range(200))
    source = IMPORT + body + "SVC(gama=1)\n" + body + "SVC(gama=2)\n"
    assert spans(source) == [(202, 5, 202, 9), (403, 5, 403, 9)]


TRICKY = [
    "#!/usr/bin/env python\n# h\n\n# lead\n@a\n# between\n\n@b(\n 1)\ndef f(): pass\n\n\n# c\nclass A:\n    x = 1\n    # trailing\n\n# after\nx = 1; y = 2;\nif x:\n    pass\n# end\n",
    "@a\nclass A: pass\n@a\n\n@b\nasync def f():\n    pass\nasync  with x: pass\n",
    "a = 1\rb = '''x\ry'''\rc = (1,\r 2)\r\r# c\rd = 4",
    "a = 1\r\nb = '''x\r\ny'''\r\nc = (1,\r\n 2)\r\n\r\nd = 4\r\n",
    "\n\n\n",
    "",
]


def test_first_rows_from_pythons_tree_match_the_generated_code() -> None:
    import ast
    from pathlib import Path

    import libcst as cst

    from hplint.model.positions import Positions, align

    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("tests/fixtures/**/*.py"), *root.glob("examples/*.py"), *root.glob("src/**/*.py")]
    sources = [path.read_text(encoding="utf-8") for path in sorted(files)] + TRICKY
    for source in sources:
        try:
            module = cst.parse_module(source)
        except cst.ParserSyntaxError:
            continue  # the HP001 fixtures
        from_code = Positions(module)
        expected = [from_code._first_row(i) for i in range(len(module.body))]
        aligned = align(module, ast.parse(source))
        assert aligned is not None and aligned[0] == expected


NESTED = [
    "import os\n@a(\n  1)\n# c\n@b\ndef f(x=g(1)):\n    '''doc\n    string'''\n    if x:\n        y = h(2); z = 3\n    # lead\n    elif k(4):\n        pass\n    elif m:\n\tpass\n    else:\n        for i in n(5):\n            while w(6):\n                é = 'ü'; q(7)\n        else:\n            r(8)\n",
    "class A(B, metaclass=M):\n  x = [\n1,\n  2]\n  def g(self) -> T:\n    try:\n      s(1)\n    except (E, F) as e:\n      t(2)\n    except G:\n      pass\n    else:\n      u(3)\n    finally:\n      v(4)\n",
    "async def f():\n    async with a(1) as b, c(2):\n        async for x in y(3):\n            await z(4)\n    with p: q(5)\n    if r: s(6)\n    else: t(7)\n",
    "def f():\r\n    x = '''a\r\nb'''; y = g(1)\r\n    return \\\r\n        h(2)\r\n",
    "if a:\n    pass\nelse:\n    if b:\n        c(1)\n    elif d(2):\n        e(3)\n",
    "def f():\n    match x:\n        case [a, b]:\n            g(1)\n",
    "try:\n    a(1)\nexcept* E:\n    b(2)\n",
]


def test_each_statement_alone_agrees_with_the_whole_top_level_statement() -> None:
    """The fast path (the innermost statement generated alone, its row from Python's tree)
    gives every node the position the whole top-level statement's generated code gives."""
    import ast
    from pathlib import Path

    import libcst as cst

    from hplint.model.positions import Positions
    from hplint.model.walk import every_child

    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("tests/fixtures/**/*.py"), *root.glob("examples/*.py")]
    sources = [path.read_text(encoding="utf-8") for path in sorted(files)] + TRICKY + NESTED
    fast_paths = 0
    for source in sources:
        try:
            module = cst.parse_module(source)
            tree = ast.parse(source)
        except (cst.ParserSyntaxError, SyntaxError):
            continue  # the HP001 fixtures
        fast, whole = Positions(module, tree), Positions(module, tree)
        for index, statement in enumerate(module.body):
            stack: list[cst.CSTNode] = [statement]
            while stack:
                node = stack.pop()
                stack.extend(every_child(node))
                placed = fast._in_unit(node, index)
                if placed is not None:
                    fast_paths += 1
                    statement_code = whole._in_statement(index)
                    code_range, offset = placed.ranges[node], placed.offset
                    expected, expected_offset = statement_code.ranges[node], statement_code.offset
                    assert (code_range.start.line + offset, code_range.start.column) == (
                        expected.start.line + expected_offset,
                        expected.start.column,
                    ), (source, node)
                    assert (code_range.end.line + offset, code_range.end.column) == (
                        expected.end.line + expected_offset,
                        expected.end.column,
                    ), (source, node)
    assert fast_paths > 5_000


def test_without_pythons_tree_the_whole_statement_is_generated() -> None:
    import libcst as cst

    from hplint.model.positions import Positions

    source = "def f():\n    if x:\n        g(1)\n"
    module = cst.parse_module(source)
    call = module.body[0].body.body[0].body.body[0].body[0].value  # type: ignore[attr-defined]
    positions = Positions(module)
    assert positions._in_unit(call, 0) is None
    assert [(p.row, p.column) for p in positions.span(call, 0)] == [(3, 9), (3, 13)]


# Shapes where Python's tree and LibCST could disagree on a span.
FROM_TREE = [
    "f(a, k = 1 , *b, **c, kk=(2), j=(x for x in y), m=(\n  1), n='é' 'ü')\n",
    "g(x for x in y); h((x), ((1, 2)), (1, 2), *(z),  ** (w) , m=1,)\n",
    "d = {'a': 1, **e, ('b'): (2), 'c' 'd': 3, f'{x}': g(k=1), (1, 2): 3}\n",
    "x = a.\\\n  b; y = (a\n  ).c(k=1).d\n",
    "é = f(ü=1, k='ß'); g(é, 'ü', k=1).ñ\r\nh(k=1)\r\n",
    "x = f(k=1)\r\ny = g(\r  k=2)\r",
    "@d(k=1)\ndef f(a=g(k=2)) -> h(k=3):\n    return i(k=4)\n",
    "for x, y in [(a, f(k=1)), (b, g(k=2))]:\n    pass\nwhile h(k=3): i(k=4)\nif j(k=5):\n    pass\nelif l(k=6):\n    pass\n",
    "async def f():\n    await g(k=1)\n    async for x in h(k=2):\n        y: int = i(k=3)\n    z += j(k=4)\n",
    "x = [f(k=1) for y in z if g(k=2)]; s = {f(k=3) for y in z}; d = {k: f(k=4) for k in z}\n",
    "x = (f(k=1) for y in z); t = 1, f(k=2); u = (f(k=3),); v = *a, f(k=4)\n",
    "x = f(k=1)['a'](b=2); y = a[f(k=3)]; z = lambda: g(k=4); w = f(k=1) if g(k=2) else h(k=3)\n",
    "x = f(k=1, # c\n  j=2  # d, e\n  , i=3 \\\n ,)\n",
    "x = {'a': 1 ,  'b': f(k=2, j=(3)\t,) # c\n  , **d}\r\ny = f('é', 'ü' , k='ß',\r\n j=1\r\n, )\r\n",
    "x = f'{a}' f'{g(k=1)}'; y = f(f'{x}', k='''\na\n''')\n",
    "f(a)(b)(k=1); (f)(k=2); ((f(k=3)))\n",
    "if x: f(k=1)\nelse: g(k=2)\nclass A(B, k=f(j=1)):\n  x = g(k=2)\n",
    "match x:\n    case [a]:\n        f(k=1)\n",
    "if x:\n\tf(\tk=1,\t\tj=2)\n",
    "x = 1\n\fy = f(k=1)\n",
    "with f(k=1) as g, h(k=2):\n    i(k=3)\ntry:\n    pass\nexcept j(k=4):\n    pass\n",
    "def f(*, a=g(k=1), **b):\n    x = [*a, *g(k=2)]; y = {**b, 'k': g(k=3)}\n",
    "x = yield_(k=1); del y[f(k=2)]; assert g(k=3), h(k=4); print(f(k=5), end='')\n",
]


def generated_only(module: Any, tree: Any, source: str) -> Any:
    """Positions that take every node's place from the generated code (corrected where
    the source has form feeds), none from Python's tree."""
    from hplint.model.positions import Positions

    positions = Positions(module, tree, source)
    positions._text = None
    return positions


def _compare_from_tree(source: str) -> tuple[int, int]:
    """How many nodes Python's tree placed, exactly where the generated code places them,
    and how many it left to the generated code."""
    import ast

    import libcst as cst

    from hplint.model.positions import PLACED, Positions
    from hplint.model.walk import every_child

    try:
        module = cst.parse_module(source)
        tree = ast.parse(source)
    except (cst.ParserSyntaxError, SyntaxError):
        return 0, 0  # the HP001 fixtures
    fast, generated = Positions(module, tree, source), generated_only(module, tree, source)
    placed = left = 0
    for index, statement in enumerate(module.body):
        stack: list[cst.CSTNode] = [statement]
        while stack:
            node = stack.pop()
            stack.extend(every_child(node))
            comma = getattr(node, "comma", None)
            if isinstance(comma, cst.Comma):
                stack.append(comma)  # the walk skips punctuation; fixes use commas
            if type(node) not in PLACED and type(node) is not cst.Comma:
                continue
            from_tree = fast._from_tree(node, index)
            if from_tree is None:
                left += 1
                continue
            placed += 1
            assert from_tree == generated.span(node, index), (source, node)
            assert fast.span(node, index) == from_tree
    return placed, left


def test_spans_from_pythons_tree_agree_with_the_generated_code() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("tests/fixtures/**/*.py"), *root.glob("examples/*.py")]
    sources = [path.read_text(encoding="utf-8") for path in sorted(files)] + TRICKY + NESTED + FROM_TREE
    placed = left = 0
    for source in sources:
        counts = _compare_from_tree(source)
        placed, left = placed + counts[0], left + counts[1]
    assert placed > 3_000 and left > 500


@pytest.mark.parametrize("source", FROM_TREE)
def test_tricky_shapes_from_pythons_tree(source: str) -> None:
    _compare_from_tree(source)


@pytest.mark.parametrize(
    ("source", "kind", "text"),
    [
        ("g(x for x in y)\n", "Arg", "x for x in y"),  # Python's generator takes the call's parentheses
        ("g((x), k=1)\n", "Arg", "(x), "),  # Python leaves the argument's parentheses out
        ("d = {('a'): 1}\n", "DictElement", "('a'): 1"),
        ("d = {f'{a}': 1}\n", "DictElement", "f'{a}': 1"),
        ("x = 'a' 'b'\n", "SimpleString", "'a'"),  # one constant in Python's tree
        ("def f(k=g(1)): pass\n", "Call", "g(1)"),  # a header Python's tree is not followed into
        ("if x: f(k=1)\n", "Arg", "k=1"),  # a block on the header's line
        ("f((a), k=1)\n", "Comma", ", "),  # the argument is not placed from Python's tree
        ("x = [a, b]\n", "Comma", ", "),  # nor is a list's element
    ],
)
def test_unlike_shapes_are_left_to_the_generated_code(source: str, kind: str, text: str) -> None:
    import ast

    import libcst as cst

    from hplint.model.positions import Positions

    module = cst.parse_module(source)
    positions, generated = Positions(module, ast.parse(source), source), Positions(module)

    class Find(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if type(node).__name__ == kind and module.code_for_node(node) == text:
                found.append(node)
            return True

    found: list[cst.CSTNode] = []
    module.visit(Find())
    statement = len(module.body) - 1
    assert found and positions._from_tree(found[0], statement) is None
    assert positions.span(found[0], statement) == generated.span(found[0], statement)
