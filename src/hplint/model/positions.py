"""Rows and columns of the few nodes that are reported, computed only for them.

LibCST's ``PositionProvider`` over a whole module costs more than two parses. Findings are
rare, so positions are computed per top-level statement that holds one: the statement's
first row comes from Python's own tree of the same source when the caller has it (or else
from the generated code of the statements before it, which costs half a parse), and
positions inside it from a ``PositionProvider`` run over that statement alone.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from typing import cast

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from hplint.diagnostics import Location


class Positions:
    """Lazily computed positions in one module."""

    def __init__(self, module: cst.Module, tree: ast.Module | None = None) -> None:
        """``tree``: ``ast.parse`` of the same source text, if the caller has it."""
        self._module = module
        self._first_rows: list[int] = []
        if tree is not None:
            self._first_rows = first_rows(module, tree) or []
        self._ranges: dict[int, Mapping[cst.CSTNode, CodeRange]] = {}

    def span(self, node: cst.CSTNode, statement: int) -> tuple[Location, Location]:
        """The 1-based start and end of ``node``, which sits in top-level ``statement``."""
        ranges = self._ranges.get(statement)
        if ranges is None:
            ranges = self._ranges[statement] = self._resolve(statement)
        code_range = ranges[node]
        offset = self._first_row(statement) - 1
        return (
            Location(offset + code_range.start.line, code_range.start.column + 1),
            Location(offset + code_range.end.line, code_range.end.column + 1),
        )

    def _resolve(self, statement: int) -> Mapping[cst.CSTNode, CodeRange]:
        alone = self._module.with_changes(body=[self._module.body[statement]], header=[])
        try:
            # What ``MetadataWrapper.resolve(PositionProvider)`` computes, without the
            # wrapper's extra visit of every node for batchable providers (there are none
            # here), which costs as much as the code generation that records positions.
            provider = PositionProvider()
            provider._gen_impl(alone)
            return cast("Mapping[cst.CSTNode, CodeRange]", provider._computed)
        except AttributeError:  # a LibCST whose internals differ: take the public way
            return MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)

    def _first_row(self, statement: int) -> int:
        """The row where the generated code of top-level ``statement`` begins."""
        rows = self._first_rows
        if not rows:
            rows.append(1 + len(self._module.header))
        body = self._module.body
        while len(rows) <= statement:
            previous = body[len(rows) - 1]
            rows.append(rows[-1] + count_newlines(self._module.code_for_node(previous)))
        return rows[statement]


def count_newlines(text: str) -> int:
    """Line breaks as Python counts them: ``\\n``, ``\\r\\n`` and a lone ``\\r``."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def first_rows(module: cst.Module, tree: ast.Module) -> list[int] | None:
    """Each top-level statement's first row, leading blank and comment lines included, read
    off Python's tree of the same source; None where the two trees do not line up.

    A LibCST statement line holds one Python statement per ``;``-separated part; a compound
    statement is one Python statement, which starts at its first decorator if it has any.
    """
    rows: list[int] = []
    body: Sequence[ast.stmt] = tree.body
    index = 0
    for statement in module.body:
        if index >= len(body):
            return None
        own = body[index]
        if isinstance(statement, cst.SimpleStatementLine):
            index += len(statement.body)
            start = own.lineno
        else:
            index += 1
            decorators: Sequence[ast.expr] = getattr(own, "decorator_list", ())
            start = decorators[0].lineno if decorators else own.lineno
            if decorators and isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                # The first decorator's own leading lines are the statement's.
                start -= len(statement.decorators[0].leading_lines)
        rows.append(start - len(statement.leading_lines))
    # Both count ``\n``, ``\r\n`` and a lone ``\r`` as one line break. A mismatch (there
    # should be none) shows as rows out of order: then the generated code decides.
    in_order = all(b > a for a, b in zip(rows, rows[1:]))
    if index != len(body) or not in_order or (rows and rows[0] != 1 + len(module.header)):
        return None
    return rows
