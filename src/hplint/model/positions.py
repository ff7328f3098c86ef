"""Rows and columns of the few nodes that are reported, computed only for them.

LibCST's ``PositionProvider`` over a whole module costs more than two parses. Findings are
rare, so positions are computed per statement that holds one: the innermost simple
statement line (or compound statement header) around the node is generated alone, with
the indentation of its blocks, and its first row comes from Python's own tree of the same
source. Where the two trees do not line up (or the caller has no Python tree), the whole
top-level statement is generated instead, its first row read off Python's tree or else
off the generated code of the statements before it (which costs half a parse).

Most reported nodes (keyword arguments, their names, dict entries, calls) need no code
generation at all: their counterparts in Python's tree carry rows and columns, and the
path to them is followed through shapes that correspond one to one in both trees (see
``tree_span``). Anything else, or anything in doubt, takes the generated code's answer.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, Optional, Union, cast

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

from hplint.diagnostics import Location
from hplint.fix import line_starts
from hplint.lines import split_lines
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
    line: Sequence[ast.stmt] = ()  # a statement line's statements
    elif_: bool = False
    header: bool = False  # the node is in the header: generate it without its blocks


@dataclasses.dataclass(frozen=True)
class _Generated:
    """The positions of a unit's (or a top-level statement's) generated code, the rows to
    add to put them in place, and, where the source has a form feed, the code itself."""

    ranges: Ranges
    offset: int
    lines: Sequence[str] | None = None  # the generated code's lines


class Positions:
    """Lazily computed positions in one module."""

    def __init__(self, module: cst.Module, tree: ast.Module | None = None, source: str | None = None) -> None:
        """``tree``: ``ast.parse`` of the same source text, if the caller has it; with the
        ``source`` text too, the common nodes are placed from the tree alone."""
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
        self._text = _Text(source) if self._tops and source is not None else None
        # LibCST drops a form feed that starts a line, or copies a block's first indentation
        # (form feed included) to the block's other lines: there the generated code's
        # columns are not the source's, and each line's indentation is compared to correct them.
        self._source_lines = split_lines(source) if source is not None and "\f" in source else None
        self._ranges: dict[int, _Generated] = {}
        self._units: dict[tuple[cst.CSTNode, bool], _Generated | None] = {}
        self._searches: dict[int, Paths] = {}

    def span(self, node: cst.CSTNode, statement: int) -> tuple[Location, Location]:
        """The 1-based start and end of ``node``, which sits in top-level ``statement``."""
        from_tree = self._from_tree(node, statement)
        if from_tree is not None:
            return from_tree
        placed = self._in_unit(node, statement) or self._in_statement(statement)
        code_range = placed.ranges[node]
        return self._place(placed, code_range.start), self._place(placed, code_range.end)

    def _place(self, placed: _Generated, position: CodePosition) -> Location:
        """A position in generated code as a 1-based location in the source."""
        row, column = placed.offset + position.line, position.column
        lines, generated = self._source_lines, placed.lines
        if lines is not None and generated is not None and row <= len(lines) and position.line <= len(generated):
            column = reindent(generated[position.line - 1], lines[row - 1], column)
        return Location(row, column + 1)

    def _from_tree(self, node: cst.CSTNode, statement: int) -> tuple[Location, Location] | None:
        """``node``'s start and end read off Python's tree, or None where they cannot be."""
        text = self._text
        if text is None:
            return None
        if type(node) is cst.Comma:
            return self._comma_from_tree(node, statement, text)
        found = self._tree_span(node, statement)
        if found is None:
            return None
        start_row, start, end_row, end = found
        return (
            Location(start_row, text.column(start_row, start) + 1),
            Location(end_row, text.column(end_row, end) + 1),
        )

    def _comma_from_tree(self, comma: cst.Comma, statement: int, text: _Text) -> tuple[Location, Location] | None:
        """An argument's or a dict entry's comma: the first character after the element
        that is not whitespace, a comment or a line continuation (the comma's own
        ``whitespace_before``), which Python's tree does not place."""
        owner = comma_owner(self._module.body[statement], comma)
        found = self._tree_span(owner, statement) if owner is not None else None
        comma_at = text.comma_after(found[2], text.column(found[2], found[3])) if found is not None else None
        if comma_at is None:
            return None
        row, column = comma_at
        return Location(row, column + 1), Location(row, column + 2)

    def _tree_span(self, node: cst.CSTNode, statement: int) -> _Span | None:
        """Where Python's tree puts ``node``, if it is a node placed from there."""
        if type(node) not in PLACED:
            return None
        path = self._paths(statement).to(node)
        if path is None:
            return None
        unit = innermost_unit(path, self._tree, self._tops[statement])
        if unit is None:
            return None
        depth = _index(path, unit.node)
        line = getattr(unit.node, "body", ())
        if isinstance(unit.node, cst.SimpleStatementLine) and len(line) == len(unit.line):
            # The statement of the line that holds the node, in both trees.
            return tree_span(path[depth + 1 :], unit.line[_index(line, path[depth + 1])])
        return tree_span(path[depth:], unit.tree) if unit.header else None

    def _paths(self, statement: int) -> Paths:
        """The search for nodes in top-level ``statement``, shared by all its nodes."""
        paths = self._searches.get(statement)
        if paths is None:
            paths = self._searches[statement] = Paths(self._module.body[statement])
        return paths

    def _in_statement(self, statement: int) -> _Generated:
        """The generated code of top-level ``statement`` alone, placed in the module."""
        placed = self._ranges.get(statement)
        if placed is None:
            alone = self._module.with_changes(body=[self._module.body[statement]], header=[])
            ranges, code = _generate(alone, with_code=self._source_lines is not None)
            lines = split_lines(code) if code is not None else None
            placed = self._ranges[statement] = _Generated(ranges, self._first_row(statement) - 1, lines)
        return placed

    def _in_unit(self, node: cst.CSTNode, statement: int) -> _Generated | None:
        """The generated code of ``node``'s innermost statement alone, or None where Python's
        tree does not vouch for that statement's row."""
        if not self._tops:
            return None
        top = self._module.body[statement]
        # A top-level statement line is its own innermost statement: no search needed.
        path = [top] if isinstance(top, cst.SimpleStatementLine) else self._paths(statement).to(node)
        unit = innermost_unit(path, self._tree, self._tops[statement]) if path is not None else None
        if unit is None:
            return None
        key = (unit.node, unit.header)
        if key not in self._units:
            self._units[key] = self._generate_unit(unit)
        placed = self._units[key]
        if placed is None or node not in placed.ranges:
            return None
        return placed

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
        lines = split_lines("".join(state.tokens)) if self._source_lines is not None else None
        return _Generated(ranges, offset, lines)

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


def _generate(module: cst.Module, with_code: bool = False) -> tuple[Ranges, str | None]:
    """The positions in ``module``'s generated code, and that code if ``with_code``."""
    try:
        # What ``MetadataWrapper.resolve(PositionProvider)`` computes, without the
        # wrapper's extra visit of every node for batchable providers (there are none
        # here), which costs as much as the code generation that records positions.
        provider = PositionProvider()
        state = PositionProvidingCodegenState(
            default_indent=module.default_indent, default_newline=module.default_newline, provider=provider
        )
        module._codegen(state)
        return cast("Ranges", provider._computed), "".join(state.tokens) if with_code else None
    except AttributeError:  # a LibCST whose internals differ: take the public way
        ranges = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        return ranges, module.code if with_code else None


# Python's whitespace before a line's first token (``\f`` resets the indentation count).
_INDENT: Final = " \t\f"


def reindent(generated: str, source: str, column: int) -> int:
    """``column`` of a ``generated`` line as a column of the same ``source`` line, where
    the two differ only in their indentation."""
    own = len(generated) - len(generated.lstrip(_INDENT))
    theirs = len(source) - len(source.lstrip(_INDENT))
    return column - own + theirs if column >= own else min(column, theirs)


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

class Paths:
    """Paths down from one root node, found by a depth-first search that resumes where
    it stopped: each node is visited once, however many nodes are looked for."""

    def __init__(self, root: cst.CSTNode) -> None:
        # Nodes are hashed by identity, which ``id`` gives without a Python-level call.
        self._parents: dict[int, cst.CSTNode | None] = {id(root): None}
        self._pending = [root]

    def to(self, target: cst.CSTNode) -> list[cst.CSTNode] | None:
        """The nodes from the root down to ``target``, both included; None if not found."""
        parents, pending = self._parents, self._pending
        while id(target) not in parents:
            if not pending:
                return None
            node = pending.pop()
            children = every_child(node)
            for child in children:
                parents[id(child)] = node
            pending.extend(children)
        path = [target]
        parent = parents[id(target)]
        while parent is not None:
            path.append(parent)
            parent = parents[id(parent)]
        path.reverse()
        return path


def comma_owner(root: cst.CSTNode, comma: cst.Comma) -> cst.CSTNode | None:
    """The node below ``root`` whose ``comma`` is ``comma`` (the walk skips punctuation)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if getattr(node, "comma", None) is comma:
            return node
        stack.extend(every_child(node))
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
        return _Unit(statement, own, last, indents, line=trees[index : index + len(statement.body)])
    kinds = _COMPOUND.get(type(statement))
    if kinds is None or not isinstance(own, kinds):
        raise _Misaligned
    return _Unit(statement, own, None, indents)


# ----------------------------------------------------------- spans from Python's tree

# A node's counterpart in Python's tree: a node, or a dict entry's key and value.
_Counterpart = Union[ast.AST, tuple[ast.expr, ast.expr]]
# Where Python's tree puts a node: start row and column, end row and column (exclusive),
# rows 1-based and columns 0-based UTF-8 byte offsets.
_Span = tuple[int, int, int, int]
_Step = Callable[[Any, _Counterpart, cst.CSTNode], Optional[_Counterpart]]

# Whitespace, comments and line continuations up to a comma: a comma's ``whitespace_before``.
_TO_COMMA: Final = re.compile(r"(?:[ \t\f]|#[^\r\n]*|\\?(?:\r\n|\r|\n))*,")


class _Text:
    """Turns the UTF-8 byte columns of Python's tree into the character columns of LibCST."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._ascii = source.isascii()
        self._starts: list[int] = []  # where each line begins, once a column needs it

    def column(self, row: int, offset: int) -> int:
        if self._ascii:
            return offset
        line = self._line(row)
        return offset if line.isascii() else len(line.encode()[:offset].decode())

    def comma_after(self, row: int, column: int) -> tuple[int, int] | None:
        """The row and column of the comma that the whitespace from ``row`` and ``column``
        on leads to, if it does."""
        starts = self._line_starts()
        offset = starts[row - 1] + column
        found = _TO_COMMA.match(self._source, offset)
        if found is None:
            return None
        row += count_newlines(found.group())
        return row, found.end() - 1 - starts[row - 1]

    def _line(self, row: int) -> str:
        starts = self._line_starts()
        end = starts[row] if row < len(starts) else len(self._source)
        return self._source[starts[row - 1] : end]

    def _line_starts(self) -> list[int]:
        if not self._starts:
            self._starts = line_starts(split_lines(self._source))
        return self._starts


def tree_span(path: Sequence[cst.CSTNode], counterpart: _Counterpart) -> _Span | None:
    """Where Python's tree puts ``path[-1]``, for a ``path`` down from a statement (or
    compound statement header) whose counterpart in Python's tree is ``counterpart``; None
    where the path leaves the shapes that correspond one to one in both trees, or the
    node's span is not its counterpart's."""
    if len(path) < 2:
        return None  # statements are not placed from Python's tree
    for parent, child in zip(path, path[1:]):
        step = _STEPS.get(type(parent))
        below = step(parent, counterpart, child) if step is not None else None
        if below is None:
            return None
        counterpart = below
    place = _PLACE[type(path[-1])]
    return place(path[-1], path[-2], counterpart)


# The steps down from a node to a child, given the node's counterpart: the child's
# counterpart, or None where it has none (or is not where it should be).


def _field(parent: cst.CSTNode, tree: _Counterpart, child: cst.CSTNode) -> _Counterpart | None:
    """A child that one field holds in both trees (see ``_FIELDS``)."""
    kinds, fields = _FIELDS[type(parent)]
    if not isinstance(tree, kinds):
        return None
    for name, tree_name in fields.items():
        if getattr(parent, name) is child:
            return cast("ast.AST", getattr(tree, tree_name)) if tree_name else tree
    return None


# For each kind of node: the classes of its counterpart, and for each field that holds a
# child, the counterpart's field that holds the child's ("": the counterpart itself, for
# nodes only LibCST has and for the names that ``_name_span`` places).
_FIELDS: Final[dict[type[cst.CSTNode], tuple[tuple[type[ast.AST], ...], dict[str, str]]]] = {
    cst.Expr: ((ast.Expr,), {"value": "value"}),
    cst.Return: ((ast.Return,), {"value": "value"}),
    cst.AugAssign: ((ast.AugAssign,), {"target": "target", "value": "value"}),
    cst.AnnAssign: ((ast.AnnAssign,), {"target": "target", "annotation": "annotation", "value": "value"}),
    cst.Annotation: ((ast.expr,), {"annotation": ""}),
    cst.AssignTarget: ((ast.expr,), {"target": ""}),
    cst.Element: ((ast.expr,), {"value": ""}),
    cst.StarredElement: ((ast.Starred,), {"value": "value"}),
    cst.Attribute: ((ast.Attribute,), {"value": "value", "attr": ""}),
    cst.Subscript: ((ast.Subscript,), {"value": "value"}),
    cst.Await: ((ast.Await,), {"expression": "value"}),
    cst.ListComp: ((ast.ListComp,), {"elt": "elt"}),
    cst.SetComp: ((ast.SetComp,), {"elt": "elt"}),
    cst.GeneratorExp: ((ast.GeneratorExp,), {"elt": "elt"}),
    cst.DictComp: ((ast.DictComp,), {"key": "key", "value": "value"}),
    # Compound statements' headers.
    cst.For: ((ast.For, ast.AsyncFor), {"target": "target", "iter": "iter"}),
    cst.If: ((ast.If,), {"test": "test"}),
    cst.While: ((ast.While,), {"test": "test"}),
}


def _assign(parent: cst.Assign, tree: _Counterpart, child: cst.CSTNode) -> _Counterpart | None:
    if not isinstance(tree, ast.Assign):
        return None
    if child is parent.value:
        return tree.value
    targets = parent.targets
    return tree.targets[_index(targets, child)] if len(targets) == len(tree.targets) else None


def _call(parent: cst.Call, tree: _Counterpart, child: cst.CSTNode) -> _Counterpart | None:
    """Python's tree keeps positional and ``*`` arguments apart from keyword and ``**``
    ones, each group in source order."""
    if not isinstance(tree, ast.Call):
        return None
    if child is parent.func:
        return tree.func
    named = _named(cast("cst.Arg", child))
    group = [arg for arg in parent.args if _named(arg) is named]
    trees: Sequence[ast.AST] = tree.keywords if named else tree.args
    return trees[_index(group, child)] if len(group) == len(trees) else None


def _named(arg: cst.Arg) -> bool:
    return arg.keyword is not None or arg.star == "**"


def _arg(parent: cst.Arg, tree: _Counterpart, child: cst.CSTNode) -> _Counterpart | None:
    if child is parent.keyword:
        return tree  # placed by ``_name_span``
    if _named(parent):
        return tree.value if isinstance(tree, ast.keyword) else None
    if parent.star == "*":
        return tree.value if isinstance(tree, ast.Starred) else None
    return tree


def _sequence(parent: cst.List | cst.Tuple | cst.Set, tree: _Counterpart, child: cst.CSTNode) -> _Counterpart | None:
    if not isinstance(tree, (ast.List, ast.Tuple, ast.Set)) or len(tree.elts) != len(parent.elements):
        return None
    return tree.elts[_index(parent.elements, child)]


def _dict(parent: cst.Dict, tree: _Counterpart, child: cst.CSTNode) -> _Counterpart | None:
    """A ``key: value`` entry; ``**mapping`` entries have None for a key in Python's tree."""
    if not isinstance(tree, ast.Dict) or len(tree.keys) != len(parent.elements):
        return None
    index = _index(parent.elements, child)
    key = tree.keys[index]
    return (key, tree.values[index]) if key is not None and isinstance(child, cst.DictElement) else None


def _dict_element(parent: cst.DictElement, tree: _Counterpart, child: cst.CSTNode) -> _Counterpart | None:
    if not isinstance(tree, tuple):
        return None
    key, value = tree
    return key if child is parent.key else value if child is parent.value else None


def _index(nodes: Sequence[cst.CSTNode], node: cst.CSTNode) -> int:
    return [n is node for n in nodes].index(True)


_STEPS: Final[dict[type[cst.CSTNode], _Step]] = {
    **{kind: _field for kind in _FIELDS},
    cst.Assign: _assign,
    cst.Call: _call,
    cst.Arg: _arg,
    cst.List: _sequence,
    cst.Tuple: _sequence,
    cst.Set: _sequence,
    cst.Dict: _dict,
    cst.DictElement: _dict_element,
}


# Where each kind of node placed from Python's tree is, given its counterpart.


def _own_span(tree: Any) -> _Span:
    return tree.lineno, tree.col_offset, tree.end_lineno, tree.end_col_offset


def _arg_span(node: cst.Arg, parent: cst.CSTNode, tree: Any) -> _Span | None:
    """``name=value``, ``*value`` and ``**value`` are spanned alike, parentheses included;
    a positional value only where it has no parentheses, which Python's tree leaves out
    (or, for a tuple or a call's only generator, puts in where LibCST does not)."""
    if node.keyword is not None:
        fits = isinstance(tree, ast.keyword) and tree.arg == node.keyword.value
    elif node.star:
        fits = isinstance(tree, ast.keyword if node.star == "**" else ast.Starred)
    else:
        fits = not node.value.lpar and not isinstance(node.value, _UNLIKE) and isinstance(tree, ast.expr)
    return _own_span(tree) if fits else None


# Expressions Python's tree may span otherwise than LibCST even without parentheses of
# their own: it spans a tuple with its parentheses, a generator that is a call's only
# argument with the call's, and f-strings as each version of Python saw fit.
_UNLIKE: Final = (cst.Tuple, cst.GeneratorExp, cst.FormattedString, cst.ConcatenatedString)


def _name_span(node: cst.Name, parent: cst.CSTNode, tree: Any) -> _Span | None:
    """A keyword's name starts its argument; an attribute's name ends the attribute."""
    width = len(node.value.encode())
    if isinstance(parent, cst.Arg) and node is parent.keyword:
        if not isinstance(tree, ast.keyword) or tree.arg != node.value:
            return None
        return tree.lineno, tree.col_offset, tree.lineno, tree.col_offset + width
    if isinstance(parent, cst.Attribute) and node is parent.attr:
        if not isinstance(tree, ast.Attribute) or tree.attr != node.value:
            return None
        row, end = cast("int", tree.end_lineno), cast("int", tree.end_col_offset)
        return row, end - width, row, end
    return _expression_span(node, parent, tree)


def _dict_element_span(node: cst.DictElement, parent: cst.CSTNode, tree: Any) -> _Span | None:
    """From the key to the value, which Python's tree places without their parentheses."""
    if any(part.lpar or isinstance(part, _UNLIKE) for part in (node.key, node.value)):
        return None
    key, value = _own_span(tree[0]), _own_span(tree[1])
    return key[0], key[1], value[2], value[3]


def _expression_span(node: cst.CSTNode, parent: cst.CSTNode, tree: Any) -> _Span | None:
    """Both trees span these expressions without their own parentheses."""
    return _own_span(tree) if _fits(node, tree) else None


def _fits(node: cst.CSTNode, tree: Any) -> bool:
    """Whether ``tree`` is the kind of node Python makes of ``node``."""
    if isinstance(node, cst.Name):
        return isinstance(tree, ast.Name) and tree.id == node.value
    if isinstance(node, cst.SimpleString):
        return isinstance(tree, ast.Constant) and isinstance(tree.value, (str, bytes))
    return isinstance(node, cst.Call) and isinstance(tree, ast.Call)


_PLACE: Final[dict[type[cst.CSTNode], Callable[[Any, cst.CSTNode, Any], Optional[_Span]]]] = {
    cst.Arg: _arg_span,
    cst.Name: _name_span,
    cst.DictElement: _dict_element_span,
    cst.SimpleString: _expression_span,
    cst.Call: _expression_span,
}
PLACED: Final = frozenset(_PLACE)
