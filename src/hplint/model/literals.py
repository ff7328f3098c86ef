"""The Python value of a literal expression, without evaluating any code."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import Any, Final, cast

import libcst as cst


class _NotLiteral:
    def __repr__(self) -> str:
        return "NOT_LITERAL"


# Returned for anything whose value cannot be known from the text alone.
NOT_LITERAL: Final = _NotLiteral()

_CONSTANTS: Final = {"True": True, "False": False, "None": None}

# Characters of a plain decimal float (``0.5``, ``1e-3``): without ``_``, ``j`` or ``inf``,
# ``float()`` reads the token exactly as the compiler does.
_FLOAT_CHARS: Final = "0123456789.eE+-"
# Longer digit strings go to literal_eval, which is what raises on absurd lengths.
_LONGEST_FAST_NUMBER: Final = 64


def literal_value(node: cst.BaseExpression) -> object:
    """The value of a literal (numbers, strings, True/False/None, containers of them).

    Returns NOT_LITERAL for names, calls, f-strings and anything else that is computed.
    """
    # Keyed by exact type: LibCST's parser makes no subclasses, and a failing
    # ``isinstance`` against its abstract node classes is slow on this hot path.
    read = _READERS.get(type(node))
    return NOT_LITERAL if read is None else read(node)


def _constant(node: cst.Name) -> object:
    return _CONSTANTS.get(node.value, NOT_LITERAL)


def _number(node: cst.Integer | cst.Float | cst.Imaginary) -> object:
    text = node.value
    if len(text) <= _LONGEST_FAST_NUMBER and text.isascii():
        if text.isdigit():
            return int(text)
        if type(node) is cst.Float and not text.strip(_FLOAT_CHARS):
            return float(text)
    # Hexadecimal, underscores, imaginary: a numeric token is its own literal.
    return ast.literal_eval(text)


def _string(node: cst.SimpleString) -> object:
    text = node.value
    quote = text[0]
    if quote in "'\"" and "\\" not in text and "\r" not in text:
        # No prefix, no escape, no newline to normalize: the value is the text between
        # the quotes (LibCST's evaluated_value would run literal_eval on it).
        width = 3 if len(text) >= 6 and text.startswith(quote * 3) else 1
        return text[width:-width]
    return node.evaluated_value


def _concatenated(node: cst.ConcatenatedString) -> object:
    value = node.evaluated_value
    return NOT_LITERAL if value is None else value


def _signed(node: cst.UnaryOperation) -> object:
    operand = literal_value(node.expression)
    if isinstance(operand, bool) or not isinstance(operand, (int, float, complex)):
        return NOT_LITERAL
    if isinstance(node.operator, cst.Minus):
        return -operand
    if isinstance(node.operator, cst.Plus):
        return +operand
    return NOT_LITERAL


def _tuple(node: cst.Tuple) -> object:
    items = _elements(node.elements)
    return NOT_LITERAL if items is None else tuple(items)


def _list(node: cst.List) -> object:
    items = _elements(node.elements)
    return NOT_LITERAL if items is None else items


def _set(node: cst.Set) -> object:
    items = _elements(node.elements)
    if items is None:
        return NOT_LITERAL
    try:
        return set(items)
    except TypeError:
        return NOT_LITERAL


def _elements(elements: Sequence[cst.BaseElement]) -> list[object] | None:
    items: list[object] = []
    for element in elements:
        if type(element) is cst.StarredElement:
            return None
        value = literal_value(element.value)
        if value is NOT_LITERAL:
            return None
        items.append(value)
    return items


def _dict(node: cst.Dict) -> object:
    result: dict[object, object] = {}
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            return NOT_LITERAL
        key = literal_value(element.key)
        value = literal_value(element.value)
        if key is NOT_LITERAL or value is NOT_LITERAL:
            return NOT_LITERAL
        try:
            result[key] = value
        except TypeError:
            return NOT_LITERAL
    return result


_READERS: Final[dict[type[cst.BaseExpression], Callable[[Any], object]]] = {
    cst.Name: _constant,
    cst.Integer: _number,
    cst.Float: _number,
    cst.Imaginary: _number,
    cst.SimpleString: _string,
    cst.ConcatenatedString: _concatenated,
    cst.UnaryOperation: _signed,
    cst.Tuple: _tuple,
    cst.List: _list,
    cst.Set: _set,
    cst.Dict: _dict,
}


def show(value: object) -> str:
    """A literal as a user would write it in source."""
    return repr(value)


_EMPTY_MODULE: Final = cst.Module(body=[])


def code(node: cst.CSTNode) -> str:
    """The source text LibCST generates for ``node``."""
    return _EMPTY_MODULE.code_for_node(node)


# Leaves whose text is their ``value``, unless parenthesized.
_TEXT_LEAVES: Final = frozenset({cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.Name})


def source_text(node: cst.CSTNode) -> str:
    """``node``'s source text, for messages. A bare leaf's is read off it: LibCST's code
    generation costs about 7 µs a call, and most values reported are one number or string."""
    if type(node) in _TEXT_LEAVES:
        leaf = cast("cst.Integer | cst.Float | cst.Imaginary | cst.SimpleString | cst.Name", node)
        if not leaf.lpar and not leaf.rpar:
            return leaf.value
    return code(node)
