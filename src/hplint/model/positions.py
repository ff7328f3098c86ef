"""Rows and columns of the few nodes that are reported, computed only for them.

LibCST's ``PositionProvider`` over a whole module costs more than two parses. Findings are
rare, so positions are computed per top-level statement that holds one: the statement's
first row comes from the generated code of the statements before it, and positions inside
it from a ``PositionProvider`` run over that statement alone.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from hplint.diagnostics import Location


class Positions:
    """Lazily computed positions in one module."""

    def __init__(self, module: cst.Module) -> None:
        self._module = module
        self._first_rows: list[int] = []
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
        wrapper = MetadataWrapper(alone, unsafe_skip_copy=True)
        return wrapper.resolve(PositionProvider)

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
