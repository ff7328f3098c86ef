"""The Python value of a literal expression, without evaluating any code."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import Final

import libcst as cst


class _NotLiteral:
    def __repr__(self) -> str:
        return "NOT_LITERAL"


# Returned for anything whose value cannot be known from the text alone.
NOT_LITERAL: Final = _NotLiteral()

_CONSTANTS: Final = {"True": True, "False": False, "None": None}


def literal_value(node: cst.BaseExpression) -> object:
    """The value of a literal (numbers, strings, True/False/None, containers of them).

    Returns NOT_LITERAL for names, calls, f-strings and anything else that is computed.
    """
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)):
        # A numeric token is its own literal; literal_eval only reads it.
        return ast.literal_eval(node.value)
    if isinstance(node, cst.Name):
        return _CONSTANTS.get(node.value, NOT_LITERAL)
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return NOT_LITERAL if value is None else value
    if isinstance(node, cst.UnaryOperation):
        return _signed(node)
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        items = _elements(node.elements)
        if items is None:
            return NOT_LITERAL
        if isinstance(node, cst.Tuple):
            return tuple(items)
        if isinstance(node, cst.List):
            return items
        try:
            return set(items)
        except TypeError:
            return NOT_LITERAL
    if isinstance(node, cst.Dict):
        return _dict(node)
    return NOT_LITERAL


def _signed(node: cst.UnaryOperation) -> object:
    operand = literal_value(node.expression)
    if isinstance(operand, bool) or not isinstance(operand, (int, float, complex)):
        return NOT_LITERAL
    if isinstance(node.operator, cst.Minus):
        return -operand
    if isinstance(node.operator, cst.Plus):
        return +operand
    return NOT_LITERAL


def _elements(elements: Sequence[cst.BaseElement]) -> list[object] | None:
    items: list[object] = []
    for element in elements:
        if isinstance(element, cst.StarredElement):
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


def show(value: object) -> str:
    """A literal as a user would write it in source."""
    return repr(value)
