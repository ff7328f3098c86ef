"""Jupyter notebooks as Python modules: code cells joined in order, IPython syntax made inert.

A notebook is read with the standard library's ``json`` (nbformat 4, and 3). Its code cells,
in document order (execution counts are ignored), become one module, so that a name bound in
cell 3 is known in cell 7. Markdown and raw cells, cells in another language and cells run
by a non-Python cell magic (``%%bash``, ``%%writefile`` ...) are left out.

IPython's own syntax is rewritten line by line into Python that does nothing, keeping every
line where it was, so that a position in the joined module maps back to a cell and a row
of that cell with the column unchanged:

* ``%magic args``, ``!shell``, ``obj?``, ``??obj``, ``/f a``, ``,f a``, ``;f a`` -> ``pass``
  (their continuation lines -> blank);
* ``x = !ls``, ``x = %magic args`` -> ``x = get_ipython()`` (``x`` is bound to something
  unknown);
* ``%time stmt``, ``%timeit -n 10 stmt``, ``%prun stmt`` -> ``pass; stmt``, the statement
  kept at its column, because it runs (``%time grid.fit(X, y)`` fits ``grid``); likewise
  ``x = %time expr`` -> ``x =       expr``;
* ``%%time``, ``%%timeit``, ``%%capture``, ``%%prun``, ``%%debug``: the header line is blanked
  and the body kept as Python; any other ``%%`` cell magic skips its cell.

A cell whose first line of code is indented (IPython removes that indent) is preceded by
an ``if True:`` line that belongs to no cell, which keeps its columns as written.

Jupyter compiles each cell on its own: a cell that does not parse gets its HP001 (in its own
rows) and is replaced in the module by a stand-in of as many rows that claims nothing about
what it did (``unparsed``), and the other cells are linted. Since every cell is a whole
module on its own, a bracket or a string never runs from one cell into the next.
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hplint import notebook_json, unparsed
from hplint.deepstack import on_deep_stack
from hplint.diagnostics import Diagnostic, Edit, Fix, Location, Untuned
from hplint.fix import FixError, apply_edits
from hplint.parsing import collector_paused
from hplint.source import SourceError, read_bytes

# Cell magics whose body IPython runs as Python in the notebook's namespace.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})

# Line magics that run the Python statement after their options, and which of their
# options take a value (``-n 10`` as well as ``-n10``).
STATEMENT_MAGICS: Mapping[str, frozenset[str]] = {
    "time": frozenset(),
    "timeit": frozenset({"n", "r", "p"}),
    "prun": frozenset({"l", "s", "T", "D"}),
}

# A line is worth a closer look only if it could hold IPython syntax.
_ESCAPES = ("%", "!", "?", "/", ",", ";")
# IPython's ``assign_from_system`` / ``assign_from_magic`` left-hand side.
_ASSIGN = re.compile(r"(?P<lhs>\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*)(?P<escape>[!%])")
_MAGIC_NAME = re.compile(r"%+(?P<name>[\w.-]*)")
_INERT_VALUE = "get_ipython()"


class NotebookError(SourceError):
    """A file that is not a notebook hplint can read; the message names the problem."""


@dataclass(frozen=True)
class Notebook:
    """A notebook's code cells as one Python module, with the way back to cells."""

    # The module: every code cell's Python, in document order.
    python: str
    # The text of each code cell as written, by 1-based cell index (counting all cells).
    cells: Mapping[int, str]
    # For each row of ``python`` (0-based), the (cell, row in cell) it comes from.
    rows: Sequence[tuple[int, int]]
    # The HP001 of each cell that does not parse on its own, in its cell's rows; such a
    # cell is replaced in ``python`` by a stand-in (``unparsed``), so the others are linted.
    errors: tuple[Diagnostic, ...] = ()
    # Python's tree of ``python`` (None: it does not parse), for the engine to reuse.
    tree: ast.Module | None = field(default=None, compare=False, repr=False)
    # The text of the markdown cell right before a code cell, by the code cell's index
    # (what a notebook says about the code below it: HP101 reads "tuned with ...").
    markdown_before: Mapping[int, str] = field(default_factory=dict)
    # The same for the markdown cell right after a code cell, and the text of the
    # notebook's first markdown heading (HP101 reads values stated in words there).
    markdown_after: Mapping[int, str] = field(default_factory=dict)
    heading: str = ""

    @property
    def broken(self) -> frozenset[int]:
        """The cells that do not parse (a fix must not add one)."""
        return frozenset(error.cell for error in self.errors if error.cell is not None)

    def locate(self, row: int) -> tuple[int, int]:
        """The (cell, row) for a 1-based row of ``python``; rows past the end clamp."""
        if not self.rows:
            return (1, 1)
        return self.rows[min(max(row, 1), len(self.rows)) - 1]

    def map_diagnostic(self, diagnostic: Diagnostic) -> Diagnostic:
        """``diagnostic`` with rows relative to its cell and ``cell`` set."""
        cell, start_row = self.locate(diagnostic.start.row)
        end_cell, end_row = self.locate(diagnostic.end.row)
        end = Location(end_row, diagnostic.end.column)
        if end_cell != cell:  # ends in a later cell: stop at the end of this one
            last = self.cells[cell].split("\n")
            end = Location(len(last), len(last[-1]) + 1)
        noqa_row: int | None = None
        if diagnostic.noqa_row is not None:
            noqa_cell, noqa_row = self.locate(diagnostic.noqa_row)
            if noqa_cell != cell:
                noqa_row = start_row
        message = diagnostic.message
        if diagnostic.code == "HP001":  # Python's message may name rows of the module
            message = _LINE_NUMBER.sub(lambda m: f"line {self._row_in(cell, int(m.group(1)))}", message)
        return replace(
            diagnostic,
            message=message,
            start=Location(start_row, diagnostic.start.column),
            end=end,
            noqa_row=noqa_row,
            cell=cell,
            fix=self._map_fix(diagnostic.fix) if diagnostic.fix is not None else None,
            untuned=self._map_untuned(diagnostic.untuned) if diagnostic.untuned is not None else None,
        )

    def _map_untuned(self, untuned: Untuned) -> Untuned:
        """An HP101 finding's arguments with rows relative to their cell (one call: one cell)."""
        arguments = []
        for argument in untuned.arguments:
            _, start_row = self.locate(argument.start.row)
            _, end_row = self.locate(argument.end.row)
            noqa_row = self.locate(argument.noqa_row)[1] if argument.noqa_row is not None else None
            arguments.append(replace(
                argument, start=Location(start_row, argument.start.column),
                end=Location(end_row, argument.end.column), noqa_row=noqa_row,
            ))  # fmt: skip
        return replace(untuned, arguments=tuple(arguments))

    def _row_in(self, cell: int, row: int) -> str:
        """A row of ``python`` as a row of ``cell`` ("cell 3, line 2" when in another)."""
        other, cell_row = self.locate(row)
        return str(cell_row) if other == cell else f"{cell_row} of cell {other}"

    def _map_fix(self, fix: Fix) -> Fix | None:
        """``fix`` with each edit in cell coordinates; None if an edit spans two cells."""
        edits = []
        for edit in fix.edits:
            cell, start_row = self.locate(edit.start.row)
            end_cell, end_row = self.locate(edit.end.row)
            if end_cell != cell or edit.end.row > len(self.rows):
                return None
            edits.append(
                Edit(Location(start_row, edit.start.column), Location(end_row, edit.end.column), edit.content, cell)
            )
        return replace(fix, edits=tuple(edits))


def read_notebook(path: Path) -> Notebook:
    """Read ``path`` as a notebook; raise SourceError (NotebookError) naming the problem."""
    return parse_notebook(read_bytes(path))


def parse_notebook(data: bytes | str, check: bool = True) -> Notebook:
    """Parse notebook JSON and join its Python code cells into one module.

    ``check=False`` only reads the cells, for showing findings already known (a warm
    run): no cell is parsed, so none is replaced by a stand-in and ``errors`` is empty.
    """
    document = _load_json(data)
    cells = _cells(document)
    builder = _Builder()
    if _is_python(document.get("metadata")):
        for index, cell in enumerate(cells, start=1):
            source = _code_source(cell, index)
            if source is not None and _cell_is_python(cell):
                builder.add(index, source)
                if index > 1 and (markdown := _markdown_source(cells[index - 2])) is not None:
                    builder.markdown_before[index] = markdown
                if index < len(cells) and (markdown := _markdown_source(cells[index])) is not None:
                    builder.markdown_after[index] = markdown
        builder.heading = _first_heading(text for cell in cells if (text := _markdown_source(cell)) is not None)
    return builder.build(check)


def _invalid(reason: str) -> NotebookError:
    return NotebookError(f"invalid notebook: {reason}")


def _load_json(data: bytes | str) -> dict[str, Any]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _invalid(f"not UTF-8 (invalid byte at offset {error.start})") from None
    try:
        document = json.loads(data)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise _invalid(f"not valid JSON ({error.msg} at {where})") from None
    except RecursionError:
        raise _invalid("JSON nested too deeply") from None
    if not isinstance(document, dict):
        raise _invalid(f"the top level is a JSON {_json_type(document)}, not an object")
    return document


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number"


def _cells(document: dict[str, Any]) -> list[Any]:
    """Every cell, of every type, in document order (nbformat 4, or 3's worksheets)."""
    version = document.get("nbformat", 4)
    if isinstance(version, bool) or not isinstance(version, int):
        raise _invalid(f"`nbformat` is {json.dumps(version)}, not a version number")
    if version == 4:
        cells = document.get("cells")
        if not isinstance(cells, list):
            raise _invalid("no `cells` list" if cells is None else "`cells` is not a list")
        return cells
    if version == 3:
        worksheets = document.get("worksheets")
        if not isinstance(worksheets, list):
            raise _invalid("nbformat 3 without a `worksheets` list")
        found: list[Any] = []
        for sheet in worksheets:
            sheet_cells = sheet.get("cells") if isinstance(sheet, dict) else None
            if not isinstance(sheet_cells, list):
                raise _invalid("a worksheet without a `cells` list")
            found.extend(sheet_cells)
        return found
    raise _invalid(f"nbformat {version} is not supported (hplint reads nbformat 3 and 4)")


def _markdown_source(cell: object) -> str | None:
    """A markdown cell's text, None for other cells and unreadable sources."""
    if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
        return None
    source = cell.get("source")
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    return source if isinstance(source, str) else None


def _first_heading(markdown: Iterable[str]) -> str:
    """The notebook's title: the heading (``# Title``) its first markdown cell with text
    starts with, if it starts with one."""
    for text in markdown:
        if text.strip():
            match = _HEADING.match(text.lstrip("\n"))
            return match.group(1).strip() if match else ""
    return ""


_HEADING = re.compile(r" {0,3}#{1,6}\s+(.*\w.*)")


def _code_source(cell: object, index: int) -> str | None:
    """A code cell's text, None for other cells."""
    if not isinstance(cell, dict):
        raise _invalid(f"cell {index} is not an object")
    if cell.get("cell_type") != "code":
        return None
    key = "source" if "source" in cell else "input"  # nbformat 3 says `input`
    source = cell.get(key)
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    if source is None:
        raise _invalid(f"code cell {index} has no `source`")
    raise _invalid(f"the `source` of cell {index} is not a string or a list of strings")


def _is_python(metadata: object) -> bool:
    """False only for a notebook that declares another language (an R or Julia kernel)."""
    if not isinstance(metadata, dict):
        return True
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        section = metadata.get(key)
        language = section.get(field) if isinstance(section, dict) else None
        if isinstance(language, str) and language:
            return _python_name(language)
    return True


def _cell_is_python(cell: dict[str, Any]) -> bool:
    """False for a cell marked as another language (VS Code's per-cell language, nbformat 3)."""
    language = cell.get("language")  # nbformat 3
    metadata = cell.get("metadata")
    if isinstance(metadata, dict) and isinstance(metadata.get("vscode"), dict):
        language = metadata["vscode"].get("languageId", language)
    return not isinstance(language, str) or not language or _python_name(language)


def _python_name(language: str) -> bool:
    return language.lower().startswith(("python", "ipython", "pypy"))


@dataclass(frozen=True)
class _Cell:
    """One code cell on its way into the module."""

    index: int
    # Its text as written (line ends made ``\n``, the last one dropped), and its Python:
    # one line per line of ``text``, IPython syntax made inert.
    text: str
    python: list[str]
    # Whether its first line of code is indented, which IPython's dedent allows.
    indented: bool


class _Builder:
    """Collects cells' Python and the row map."""

    def __init__(self) -> None:
        self.cells: list[_Cell] = []
        self.markdown_before: dict[int, str] = {}
        self.markdown_after: dict[int, str] = {}
        self.heading = ""

    def add(self, index: int, source: str) -> None:
        text = source.replace("\r\n", "\n").replace("\r", "\n")
        if text.endswith("\n"):
            text = text[:-1]
        if not text.strip():
            return
        python = to_python(text.split("\n"))
        if python is None:
            return
        # IPython dedents a cell before running it (the common indent of its lines; IPython
        # 8 and older: the first line's). A comment or blank line indents nothing in
        # Python, so only the first line of code decides whether the cell needs the
        # ``if True:`` header that keeps its columns as written.
        code = next((line for line in python if line.strip() and not line.lstrip().startswith("#")), None)
        self.cells.append(_Cell(index, text, python, code is not None and code[0] in " \t"))

    def build(self, check: bool) -> Notebook:
        cells = {cell.index: cell.text for cell in self.cells}
        python, rows = _join(self.cells, {})
        book = Notebook(
            python, cells, rows, markdown_before=self.markdown_before, markdown_after=self.markdown_after,
            heading=self.heading,
        )  # fmt: skip
        if not check:
            return book
        tree = _parse(python)
        if tree is not None:
            return replace(book, tree=tree)
        # Some cell does not parse (or the module is too large to try): find which.
        errors, stand_ins = _unparsed_cells(self.cells, python)
        if not stand_ins:
            return book
        python, rows = _join(self.cells, stand_ins)
        return replace(book, python=python, rows=rows, errors=errors, tree=_parse(python))


def _lines_of(cell: _Cell) -> list[str]:
    """A cell's lines in the module: the ``if True:`` header that keeps an indented
    cell's columns (a row of no cell's own, mapped to its first row), then its Python."""
    return ["if True:", *cell.python] if cell.indented else cell.python


def _join(cells: Sequence[_Cell], stand_ins: Mapping[int, list[str]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The module of ``cells`` (with the stand-ins of those that do not parse) and, for
    each of its rows, the (cell, row in cell) it comes from."""
    lines: list[str] = []
    rows: list[tuple[int, int]] = []
    for cell in cells:
        body = stand_ins.get(cell.index) or _lines_of(cell)
        lines.extend(body)
        rows.extend([(cell.index, 1)] * (len(body) - len(cell.python)))  # ``if True:``
        rows.extend((cell.index, row) for row in range(1, len(cell.python) + 1))
    return "".join(line + "\n" for line in lines), tuple(rows)


def _parse(python: str) -> ast.Module | None:
    """Python's tree of ``python``; None when it does not parse, or is too large to try
    (the engine refuses it whole, with HP002)."""
    from hplint.engine import MAX_SOURCE_CHARS

    if len(python) > MAX_SOURCE_CHARS:
        return None
    try:
        # A tree has no cycles: the collector would only walk it again and again as it grows.
        with warnings.catch_warnings(), collector_paused():
            warnings.simplefilter("ignore")
            return ast.parse(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _unparsed_cells(cells: Sequence[_Cell], python: str) -> tuple[tuple[Diagnostic, ...], dict[int, list[str]]]:
    """The HP001 of each cell that does not parse on its own, and what stands for it: its
    code with its Python 2 ``print`` statements written as calls when that parses (the code
    the author ran in a Python 2 kernel: its searches and models count; the engine reports
    nothing else in the cell), else a stand-in."""
    from hplint.engine import MAX_SOURCE_CHARS

    if len(python) > MAX_SOURCE_CHARS:
        return (), {}
    known: set[str] = set()  # the names the notebook binds as variables
    broken: list[tuple[_Cell, Diagnostic, set[str], set[str]]] = []
    read_as: dict[int, list[str]] = {}  # Python 2 cells, their prints made calls
    errors: list[Diagnostic] = []
    for cell in cells:
        verdict = _cell_verdict(cell)
        if isinstance(verdict, Diagnostic):
            errors.append(verdict)
            converted = _python2_cell(cell)
            if converted is not None:
                read_as[cell.index], tree = converted
                known |= unparsed.variables(tree)
                continue
            bound, mentioned = unparsed.names_in(cell.python)
            broken.append((cell, verdict, bound, mentioned))
            known |= bound
        elif verdict is None:  # only LibCST reads it (a newer Python's syntax): count every name
            known |= unparsed.names_in(cell.python)[1]
        else:
            known |= unparsed.variables(verdict)
    stand_ins = {
        cell.index: unparsed.stand_in(cell.python, bound | (mentioned & known)) for cell, _, bound, mentioned in broken
    }
    return tuple(errors), {**stand_ins, **read_as}


def _python2_cell(cell: _Cell) -> tuple[list[str], ast.Module] | None:
    """The lines of a cell with its ``print`` statements written as calls, and their tree,
    when that makes it parse."""
    converted = unparsed.python2_prints(cell.python)
    if converted is None:
        return None
    lines = _lines_of(replace(cell, python=converted))
    tree = _parse("".join(line + "\n" for line in lines))
    return (lines, tree) if tree is not None else None


def _cell_verdict(cell: _Cell) -> ast.Module | Diagnostic | None:
    """A cell parsed on its own: Python's tree, its HP001 (rows of the cell), or None
    when only LibCST reads it (syntax of a newer Python than this one)."""
    from hplint import engine

    text = "".join(line + "\n" for line in _lines_of(cell))
    tree = _parse(text)
    if tree is not None:
        return tree
    verdict = engine.python_syntax_error(text)
    error = verdict[0]
    if error is None:
        return None
    if not verdict[1] and not isinstance(on_deep_stack(lambda: engine.parse(text, verdict)), Diagnostic):
        return None
    shift = 1 if cell.indented else 0  # the ``if True:`` row
    lines = cell.text.split("\n")
    row = min(max(error.start.row - shift, 1), len(lines))
    where = Location(row, min(error.start.column, len(lines[row - 1]) + 1))
    message = _LINE_NUMBER.sub(lambda m: f"line {max(int(m.group(1)) - shift, 1)}", error.message)
    return Diagnostic("HP001", message, where, where, row, cell=cell.index)


# Python's messages name rows ("expected an indented block after 'if' statement on line 4").
_LINE_NUMBER = re.compile(r"\bline (\d+)")


def to_python(lines: list[str]) -> list[str] | None:
    """A cell's lines with IPython syntax made inert, one line out per line in.

    None for a cell that is not Python (a ``%%bash`` cell, say).
    """
    start = next(i for i, line in enumerate(lines) if line.strip())
    head = lines[start].lstrip()
    if head.startswith("%%"):
        match = _MAGIC_NAME.match(head)
        if match is None or match.group("name") not in PYTHON_CELL_MAGICS:
            return None
        lines = [*lines[:start], "", *lines[start + 1 :]]
    if not any(_suspect(line) for line in lines):
        return lines  # the common case: nothing IPython-specific
    out = list(lines)
    for first, last, code_end in _logical_lines(lines):
        line = lines[first]
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith(_ESCAPES):
            out[first : last + 1] = _escaped(lines[first : last + 1], indent)
        elif (assign := _ASSIGN.match(line)) is not None:
            out[first : last + 1] = _assigned(lines[first : last + 1], assign)
        elif lines[last][:code_end].rstrip().endswith("?"):
            out[first : last + 1] = [indent + "pass"] + [""] * (last - first)
    return out


def _suspect(line: str) -> bool:
    stripped = line.lstrip(" \t")
    return (
        stripped.startswith(_ESCAPES)
        or stripped.rstrip().endswith("?")
        or ("=" in stripped and _ASSIGN.match(line) is not None)
    )


def _escaped(group: list[str], indent: str) -> list[str]:
    """``%magic``, ``!cmd``, ``?obj``, ``obj?`` and auto-calls, as a logical line."""
    inert = [indent + "pass"] + [""] * (len(group) - 1)
    statement = _magic_statement(group[0][len(indent) :])
    if statement is None:
        return inert
    offset, magic = statement
    if magic not in STATEMENT_MAGICS or offset < len("pass;"):
        return inert
    kept = [indent + "pass;".ljust(offset) + group[0][len(indent) + offset :], *group[1:]]
    return kept if _parses([kept[0][len(indent) :], *kept[1:]]) else inert


def _assigned(group: list[str], assign: re.Match[str]) -> list[str]:
    """``x = !cmd`` and ``x = %magic ...``: ``x`` is bound to an unknown value."""
    lhs = assign.group("lhs")
    inert = [lhs + _INERT_VALUE] + [""] * (len(group) - 1)
    if assign.group("escape") != "%":
        return inert
    statement = _magic_statement(group[0][assign.end("lhs") :])
    if statement is None or statement[1] != "time":
        return inert
    offset = assign.end("lhs") + statement[0]
    kept = [lhs.ljust(offset) + group[0][offset:], *group[1:]]
    indent = len(lhs) - len(lhs.lstrip())
    return kept if _parses([kept[0][indent:], *kept[1:]]) else inert


def _magic_statement(text: str) -> tuple[int, str] | None:
    """For ``%name [options] statement``: the statement's offset in ``text`` and ``name``."""
    match = _MAGIC_NAME.match(text)
    if match is None or text.startswith("%%"):
        return None
    name = match.group("name")
    valued = STATEMENT_MAGICS.get(name)
    if valued is None:
        return None
    position = match.end()
    while True:
        rest = text[position:]
        word = rest.lstrip()
        position += len(rest) - len(word)
        if not word.startswith("-"):
            break
        option = word.split(maxsplit=1)[0]
        position += len(option)
        if option[1:] in valued:  # the value is the next word
            rest = text[position:]
            word = rest.lstrip()
            position += len(rest) - len(word) + len(word.split(maxsplit=1)[0] if word else "")
    if position >= len(text.rstrip()):
        return None
    return position, name


def _parses(lines: list[str]) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse("\n".join(lines))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _logical_lines(lines: list[str]) -> list[tuple[int, int, int]]:
    """(first, last, code end in the last line) of each logical line whose first physical
    line could start IPython syntax: a line that starts outside any string or bracket and
    does not continue a backslash-ended line. ``code end`` is where a comment begins."""
    found = []
    quote: str | None = None  # the open string's delimiter
    depth = 0
    continued = False
    first = 0
    for number, line in enumerate(lines):
        starts = quote is None and depth == 0 and not continued
        if starts:
            first = number
        quote, depth, continued, code_end = _scan(line, quote, depth)
        if quote is None and depth == 0 and not continued:
            if _suspect(lines[first]) or _suspect(line):
                found.append((first, number, code_end))
    return found


def _scan(line: str, quote: str | None, depth: int) -> tuple[str | None, int, bool, int]:
    """Carry string/bracket state across one physical line.

    Returns the open string delimiter, bracket depth, whether a backslash continues the
    line, and the offset where a comment starts (the line's length if none).
    """
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if quote is not None:
            if char == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
            i += 1
            continue
        if char == "#":
            return None, depth, False, i
        if char in "'\"":
            quote = char * 3 if line.startswith(char * 3, i) else char
            i += len(quote)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        i += 1
    escaped = line.endswith("\\") and (n - len(line.rstrip("\\"))) % 2 == 1
    if quote is not None and len(quote) == 1 and not escaped:
        quote = None  # an unterminated string ends with its line (a syntax error anyway)
    return quote, depth, escaped and quote is None, n


# --------------------------------------------------------------------------- fixes


def apply_cell_edits(data: bytes, edits: Sequence[Edit]) -> bytes:
    """The notebook ``data`` with ``edits`` made to its cells' sources.

    Only the text of the lines that change is written anew: every other byte of the file
    stays as it was (the JSON's whitespace and escapes, a list ``source``'s one string per
    line; ``notebook_json``).
    """
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    text = data[len(bom) :].decode("utf-8")
    document = _load_json(text)
    cells = _cells(document)
    by_cell: dict[int, list[Edit]] = {}
    for edit in edits:
        if edit.cell is None or not 1 <= edit.cell <= len(cells):
            raise FixError("an edit names no cell of the notebook")
        by_cell.setdefault(edit.cell, []).append(edit)
    spans = _cell_spans(text, document)
    ascii = notebook_json.writes_ascii(text)
    # From the last cell back, so that the spans of the cells before stay where they are.
    for index, cell_edits in sorted(by_cell.items(), reverse=True):
        cell = cells[index - 1]
        source = cell.get("source" if "source" in cell else "input")
        if not isinstance(source, (str, list)) or not all(isinstance(part, str) for part in source):
            raise FixError(f"cell {index} has no source to edit")
        old = "".join(source)
        fixed = apply_edits(old, cell_edits)
        if fixed == old:
            continue
        members = notebook_json.member_spans(text, spans[index - 1][0])
        span = members["source" if "source" in members else "input"]
        text = text[: span[0]] + notebook_json.rewrite_source(text, span, source, fixed, ascii) + text[span[1] :]
    return bom + text.encode("utf-8")


def _cell_spans(text: str, document: dict[str, Any]) -> list[tuple[int, int]]:
    """Where each cell is in the notebook's JSON text, in ``_cells``' order."""
    top = notebook_json.document_members(text)
    if document.get("nbformat", 4) != 3:
        return notebook_json.array_spans(text, top["cells"][0])
    return [
        cell
        for sheet in notebook_json.array_spans(text, top["worksheets"][0])
        for cell in notebook_json.array_spans(text, notebook_json.member_spans(text, sheet[0])["cells"][0])
    ]
