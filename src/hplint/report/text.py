"""The human formats: ``full`` (with the source line and a caret) and ``concise``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from hplint.diagnostics import Diagnostic, FileResult
from hplint.report.paths import display_path
from hplint.lines import rows


def marker(diagnostic: Diagnostic, unsafe_fixes: bool) -> str:
    """ruff's `[*] ` before the message of a finding that `--fix` would fix."""
    fix = diagnostic.fix
    return "[*] " if fix is not None and fix.applies(unsafe_fixes) else ""


def _header(path: str, diagnostic: Diagnostic, unsafe_fixes: bool = False) -> str:
    where = f"{diagnostic.start.row}:{diagnostic.start.column}"
    if diagnostic.cell is not None:
        where = f"cell {diagnostic.cell}:{where}"
    return f"{path}:{where}: {diagnostic.code} {marker(diagnostic, unsafe_fixes)}{diagnostic.message}"


# Both writers build the whole text and write it once: a terminal's stream is line
# buffered, and one write per line would be one system call per line.


def write_concise(results: Sequence[FileResult], stream: TextIO, unsafe_fixes: bool = False) -> None:
    out = []
    for result in results:
        if not result.diagnostics:
            continue
        path = display_path(result.path)
        for diagnostic in result.diagnostics:
            out.append(_header(path, diagnostic, unsafe_fixes) + "\n")
    stream.write("".join(out))


def write_full(results: Sequence[FileResult], stream: TextIO, unsafe_fixes: bool = False) -> None:
    out = []
    for result in results:
        if not result.diagnostics:
            continue  # splitting the lines of every clean file costs more than the rest
        path = display_path(result.path)
        # Rows as Python counts them: str.splitlines would also break at \f, \v, \x1c-\x1e,
        # \x85 and \u2028, which are not line ends in Python source.
        lines = rows(result.source) if result.source is not None else []
        for diagnostic in result.diagnostics:
            out.append(_header(path, diagnostic, unsafe_fixes) + "\n")
            out.append(_snippet(_lines_of(result, diagnostic, lines), diagnostic))
            out.append("\n")
    stream.write("".join(out))


def _lines_of(result: FileResult, diagnostic: Diagnostic, lines: list[str]) -> list[str]:
    """The lines a diagnostic's rows count: its notebook cell's, else the file's."""
    if diagnostic.cell is None:
        return lines
    cell = result.cells.get(diagnostic.cell) if result.cells is not None else None
    return cell.split("\n") if cell is not None else []


def _snippet(lines: Sequence[str], diagnostic: Diagnostic) -> str:
    """The reported line with one line of context each side and a caret line."""
    row = diagnostic.start.row
    if not 1 <= row <= len(lines):
        return ""
    first, last = max(1, row - 1), min(len(lines), row + 1)
    width = len(str(last))
    gutter = " " * width
    out = [f"{gutter} |\n"]
    for number in range(first, last + 1):
        line = shown(lines[number - 1]).expandtabs(4).rstrip()
        out.append(f"{number:>{width}} | {line}\n".replace(" | \n", " |\n"))
        if number == row:
            out.append(f"{gutter} | {_carets(lines[row - 1], diagnostic)}\n")
    out.append(f"{gutter} |\n")
    return "".join(out)


# Characters a terminal would act on rather than show: C0 controls (tab aside) as their
# Control Pictures (one column each, as ruff shows them), and what would break the line or
# no strict stream can take (C1 controls, U+2028/U+2029, a notebook's lone surrogates) as
# escapes.
_SHOWN = {
    **{code: chr(0x2400 + code) for code in range(0x20) if code != 0x09},
    0x7F: "\u2421",
    **{code: f"\\x{code:02x}" for code in range(0x80, 0xA0)},
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def shown(text: str) -> str:
    """``text`` as a source line is printed: every character visible, none a line break."""
    if text.isprintable():
        return text
    text = text.translate(_SHOWN)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _carets(line: str, diagnostic: Diagnostic) -> str:
    start = diagnostic.start.column - 1
    if diagnostic.end.row == diagnostic.start.row:
        end = max(diagnostic.end.column - 1, start + 1)
    else:
        end = max(len(line.rstrip()), start + 1)
    # Align with the line shown above, tabs expanded and characters escaped.
    pad = len(shown(line[:start]).expandtabs(4))
    span = len(shown(line[:end]).expandtabs(4)) - pad
    return " " * pad + "^" * max(span, 1) + f" {diagnostic.code}"
