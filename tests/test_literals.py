"""literal_value: its fast paths for plain numbers and strings agree with literal_eval."""

from __future__ import annotations

import ast
import math
import random

import libcst as cst
import pytest

from hplint.model.literals import NOT_LITERAL, literal_value, source_text

# Fast-path shapes (plain decimals, unprefixed strings without escapes) and the shapes
# that fall back to literal_eval (prefixes, escapes, hexadecimal, underscores, imaginary).
SOURCES = [
    "0", "00", "7", "123456789012345678901234567890", "1_000", "0x1F", "0o17", "0b101",
    "1.5", "1.", ".5", "0.1", "1e-3", "1E+5", "1e999", "2.5e-324", "1_0.5", "1j", "1.5J",
    "'a'", '"a"', "''", '""', "'''a'b'''", '""""a"""', '""""""', "''''''", "'''\n'''",
    '"""x\ny"""', "'é ☃'", "r'a\\b'", "R'x'", "b'x'", "u'x'", "'\\n'", "'a\\\\'", "'\\x41'",
    "'a' 'b'", "b'a' b'b'", "-1", "+2.5", "-1j", "(1, 'a', None)", "[True, False]",
    "{'a': 1.0, 'b': [2, 3]}", "{1, 2}", "x", "f'{x}'", "'a' f'b'", "[*x]", "{**x}",
]  # fmt: skip


def _expected(source: str) -> object:
    try:
        return ast.literal_eval(source)
    except ValueError:
        return NOT_LITERAL


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("source", SOURCES)
def test_agrees_with_literal_eval(source: str) -> None:
    value = literal_value(cst.parse_expression(source))
    assert _same(value, _expected(source)), (source, value)


def test_triple_quoted_string_with_carriage_return() -> None:
    # Python normalizes the newline inside the literal: the fast path must not apply.
    module = cst.parse_module('x = """a\r\nb"""\r\n')
    statement = module.body[0]
    assert isinstance(statement, cst.SimpleStatementLine)
    assign = statement.body[0]
    assert isinstance(assign, cst.Assign)
    assert literal_value(assign.value) == "a\nb"


def test_random_floats_and_integers_agree() -> None:
    rng = random.Random(0)
    sources = [repr(rng.uniform(-1e6, 1e6)).lstrip("-") for _ in range(300)]
    sources += [f"{rng.random():.{rng.randint(1, 20)}e}" for _ in range(300)]
    sources += [str(rng.getrandbits(rng.randint(1, 200))) for _ in range(300)]
    for source in sources:
        assert _same(literal_value(cst.parse_expression(source)), ast.literal_eval(source)), source


@pytest.mark.parametrize(
    "value",
    ["1", "1_000", "0x1F", "0.5", "1e-3", "2j", "'poly'", 'b"x"', "rb'\\n'", "True", "None",
     "(1)", "( 0.5 )", "((True))", "-1", "'a' 'b'", "f'{x}'", "[1, 2]"],
)  # fmt: skip
def test_source_text_is_the_code_libcst_generates(value: str) -> None:
    """Bare leaves are read off the node; the rest, and parenthesized leaves, generated."""
    node = cst.parse_expression(value)
    assert source_text(node) == cst.Module(body=[]).code_for_node(node) == value
