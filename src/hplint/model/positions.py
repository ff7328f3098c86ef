"""Rows and columns of the few nodes that are reported, computed only for them.

LibCST's ``PositionProvider`` over a whole module costs more than two parses. Findings are
rare, so positions are computed per statement that holds one: the innermost simple
statement line (or compound statement header) around the node is generated alone, with
the indentation of its blocks, and its first row comes from Python's own tree of the same
source. Where the two trees do not line up (or the caller has no Python tree), the whole
top-level statement is generated instead, its first row read off Python's tree or else
off the generated code of the statements before it (which costs half a parse).
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

from hplint.diagnostics import Location
# Every child that can hold code: findings and fixes are about code, not punctuation.
from hplint.model.walk import every_child

Ranges = Mapping[cst.CSTNode, CodeRange]


@dataclasses.dataclass(frozen=True)
class _Unit:
    """A statement line or compound statement header to generate alone, and where."""

    node: cst.CSTNode  # what to generate: a statement, ``elif`` or ``except`` clause
    tree: ast.stmt | ast.excepthandler  # its counterpart in Python's tree
    last: ast.stmt | None  # a statement line's last statement (its row is cross-checked)
    indents: tuple[str | None, ...]  # the ``indent`` of each enclosing block
    elif_: bool = False
    header: bool = False  # the node is in the header: generate it without its blocks


@dataclasses.dataclass(frozen=True)
class _Generated:
    """The positions of a unit's generated code and the rows to add to put them in place."""

    ranges: Ranges
    offset: int


class Positions:
    """Lazily computed positions in one module."""

    def __init__(self, module: cst.Module, tree: ast.Module | None = None) -> None:
        """``tree``: ``ast.parse`` of the same source text, if the caller has it."""
        self._module = module
        self._first_rows: list[int] = []
        self._tree: Sequence[ast.stmt] = ()
        # The index in ``tree.body`` of each top-level statement (its first, for a line).
        self._tops: list[int] = []
        if tree is not None:
            aligned = align(module, tree)
            if aligned is not None:
                self._first_rows, self._tops = aligned
                self._tree = tree.body
        self._ranges: dict[int, Ranges] = {}
        self._units: dict[tuple[cst.CSTNode, bool], _Generated | None] = {}

    def span(self, node: cst.CSTNode, statement: int) -> tuple[Location, Location]:
        """The 1-based start and end of ``node``, which sits in top-level ``statement``."""
        placed = self._in_unit(node, statement)
        if placed is not None:
            code_range, offset = placed
        else:
            code_range, offset = self._in_statement(node, statement)
        return (
            Location(offset + code_range.start.line, code_range.start.column + 1),
            Location(offset + code_range.end.line, code_range.end.column + 1),
        )

    def _in_statement(self, node: cst.CSTNode, statement: int) -> tuple[CodeRange, int]:
        """``node``'s range in the generated code of its whole top-level statement."""
        ranges = self._ranges.get(statement)
        if ranges is None:
            alone = self._module.with_changes(body=[self._module.body[statement]], header=[])
            ranges = self._ranges[statement] = _generate(alone)
        return ranges[node], self._first_row(statement) - 1

    def _in_unit(self, node: cst.CSTNode, statement: int) -> tuple[CodeRange, int] | None:
        """``node``'s range in the generated code of its innermost statement alone, or None
        where Python's tree does not vouch for that statement's row."""
        if not self._tops:
            return None
        top = self._module.body[statement]
        # A top-level statement line is its own innermost statement: no search needed.
        path = [top] if isinstance(top, cst.SimpleStatementLine) else path_to(top, node)
        unit = innermost_unit(path, self._tree, self._tops[statement]) if path is not None else None
        if unit is None:
            return None
        key = (unit.node, unit.header)
        if key not in self._units:
            self._units[key] = self._generate_unit(unit)
        placed = self._units[key]
        if placed is None or node not in placed.ranges:
            return None
        return placed.ranges[node], placed.offset

    def _generate_unit(self, unit: _Unit) -> _Generated | None:
        """The unit's positions and the row offset that puts them in the module; None
        where the rows do not check out."""
        shown = unit.node
        if unit.header:
            # Its blocks come after every node of the header.
            blocks = {"body": _STUB, **({"orelse": None} if hasattr(shown, "orelse") else {})}
            shown = shown.with_changes(**blocks)
        provider = PositionProvider()
        try:
            state = PositionProvidingCodegenState(
                default_indent=self._module.default_indent,
                default_newline=self._module.default_newline,
                provider=provider,
            )
            state.indent_tokens = [state.default_indent if i is None else i for i in unit.indents]
            kwargs: dict[str, Any] = {"is_elif": True} if unit.elif_ else {}
            shown._codegen(state, **kwargs)
        except AttributeError:  # a LibCST whose internals differ: the whole statement
            return None
        ranges = cast("Ranges", provider._computed)
        # A statement's syntactic start is its first token's, as in Python's tree.
        own = ranges[shown]
        offset = unit.tree.lineno - own.start.line
        if unit.last is not None and unit.last.end_lineno != offset + own.end.line:
            return None
        return _Generated(ranges, offset)

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


def _generate(module: cst.Module) -> Ranges:
    try:
        # What ``MetadataWrapper.resolve(PositionProvider)`` computes, without the
        # wrapper's extra visit of every node for batchable providers (there are none
        # here), which costs as much as the code generation that records positions.
        provider = PositionProvider()
        provider._gen_impl(module)
        return cast("Ranges", provider._computed)
    except AttributeError:  # a LibCST whose internals differ: take the public way
        return MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)


def count_newlines(text: str) -> int:
    """Line breaks as Python counts them: ``\\n``, ``\\r\\n`` and a lone ``\\r``."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def align(module: cst.Module, tree: ast.Module) -> tuple[list[int], list[int]] | None:
    """Each top-level statement's first row, leading blank and comment lines included, and
    the index of its (first) statement in Python's tree of the same source; None where the
    two trees do not line up.

    A LibCST statement line holds one Python statement per ``;``-separated part; a compound
    statement is one Python statement, which starts at its first decorator if it has any.
    """
    rows: list[int] = []
    tops: list[int] = []
    body: Sequence[ast.stmt] = tree.body
    index = 0
    for statement in module.body:
        if index >= len(body):
            return None
        own = body[index]
        tops.append(index)
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
    return rows, tops


# ------------------------------------------------------------- the innermost statement

def path_to(root: cst.CSTNode, target: cst.CSTNode) -> list[cst.CSTNode] | None:
    """The nodes from ``root`` down to ``target``, both included; None if not found."""
    path: list[cst.CSTNode] = []
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        del path[depth:]
        path.append(node)
        if node is target:
            return path
        stack.extend((child, depth + 1) for child in every_child(node))
    return None


# Python's statement classes for each compound statement that can be descended into.
_COMPOUND: Final[dict[type[cst.CSTNode], tuple[type[ast.AST], ...]]] = {
    cst.If: (ast.If,),
    cst.For: (ast.For, ast.AsyncFor),
    cst.While: (ast.While,),
    cst.With: (ast.With, ast.AsyncWith),
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: (ast.ClassDef,),
    cst.Try: (ast.Try,),
    cst.TryStar: tuple(getattr(ast, name) for name in ["TryStar"] if hasattr(ast, name)),  # 3.11+
    cst.ExceptHandler: (ast.ExceptHandler,),
    cst.ExceptStarHandler: (ast.ExceptHandler,),
}
_COMPOUND_TREES: Final = tuple({kind for kinds in _COMPOUND.values() for kind in kinds})
# Statements whose header can be generated without their blocks, which come after it.
_HEADERS: Final = (cst.If, cst.For, cst.While, cst.With, cst.FunctionDef, cst.ClassDef)
_STUB: Final = cst.SimpleStatementSuite(body=[cst.Pass()])


class _Misaligned(Exception):
    """LibCST's tree and Python's do not line up here."""


def innermost_unit(path: Sequence[cst.CSTNode], trees: Sequence[ast.stmt], index: int) -> _Unit | None:
    """The innermost statement line or compound statement header on ``path`` (from a
    top-level statement down to a node), with its counterpart in Python's tree, where the
    top-level statement's is ``trees[index]``; None where the trees do not line up."""
    try:
        unit = _statement_unit(path[0], trees, index, ())
        depth = 0
        while depth + 1 < len(path) and type(unit.node) in _COMPOUND:
            step = _step_down(unit, path, depth)
            if step is None:
                break
            unit, depth = step
    except _Misaligned:
        return None
    if depth + 1 < len(path) and isinstance(unit.node, _HEADERS):
        below = path[depth + 1]
        in_blocks = below is getattr(unit.node, "body", None) or below is getattr(unit.node, "orelse", None)
        return unit if in_blocks else dataclasses.replace(unit, header=True)
    return unit


def _step_down(unit: _Unit, path: Sequence[cst.CSTNode], depth: int) -> tuple[_Unit, int] | None:
    """The unit one level further down ``path`` from ``unit`` (at ``path[depth]``) and its
    depth; None when the path stays in ``unit``: its header, or a block on its own line."""
    node, tree, child = unit.node, unit.tree, path[depth + 1]
    if isinstance(node, cst.Try | cst.TryStar) and any(child is h for h in node.handlers):
        handlers: Sequence[ast.excepthandler] = getattr(tree, "handlers", ())
        if len(handlers) != len(node.handlers):
            raise _Misaligned
        own = handlers[[h is child for h in node.handlers].index(True)]
        return _Unit(child, own, None, unit.indents), depth + 1
    if isinstance(node, cst.If) and child is node.orelse and isinstance(child, cst.If):
        orelse: Sequence[ast.stmt] = getattr(tree, "orelse", ())
        if len(orelse) != 1 or not isinstance(orelse[0], ast.If):
            raise _Misaligned
        return _Unit(child, orelse[0], None, unit.indents, elif_=True), depth + 1
    if child is getattr(node, "body", None):
        block, trees = child, getattr(tree, "body", ())
    elif child is getattr(node, "orelse", None) or child is getattr(node, "finalbody", None):
        # An ``else:`` or ``finally:`` clause, which Python's tree does not have.
        block = path[depth + 2] if depth + 2 < len(path) else None
        trees = getattr(tree, "orelse" if child is getattr(node, "orelse", None) else "finalbody", ())
        depth += 1
    else:
        return None
    if not isinstance(block, cst.IndentedBlock) or depth + 2 >= len(path):
        return None
    indents = (*unit.indents, block.indent)
    return _block_unit(block.body, path[depth + 2], trees, indents), depth + 2


def _block_unit(
    statements: Sequence[cst.BaseStatement],
    target: cst.CSTNode,
    trees: Sequence[ast.stmt],
    indents: tuple[str | None, ...],
) -> _Unit:
    """``target``, one of a block's ``statements``, with its counterpart among ``trees``."""
    index = 0
    found = -1
    for statement in statements:
        if statement is target:
            found = index
        index += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
    if index != len(trees) or found < 0:
        raise _Misaligned
    return _statement_unit(target, trees, found, indents)


def _statement_unit(
    statement: cst.CSTNode, trees: Sequence[ast.stmt], index: int, indents: tuple[str | None, ...]
) -> _Unit:
    """``statement``, whose Python counterpart starts at ``trees[index]``, as a unit."""
    own = trees[index]
    if isinstance(statement, cst.SimpleStatementLine):
        last = trees[index + len(statement.body) - 1]
        if any(isinstance(t, _COMPOUND_TREES) for t in trees[index : index + len(statement.body)]):
            raise _Misaligned
        return _Unit(statement, own, last, indents)
    kinds = _COMPOUND.get(type(statement))
    if kinds is None or not isinstance(own, kinds):
        raise _Misaligned
    return _Unit(statement, own, None, indents)
