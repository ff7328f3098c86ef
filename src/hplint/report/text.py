"""The human formats: ``full`` (with the source line and a caret) and ``concise``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from hplint.diagnostics import Diagnostic, FileResult
from hplint.report.paths import display_path
from hplint.report.style import BLUE, BOLD, CYAN, PLAIN, RED, Painter
from hplint.lines import rows

# The did-you-mean the rules end a message with (rules/validity.py, spaces.py, fitstate.py).
_DID_YOU_MEAN = "; did you mean "


def marker(diagnostic: Diagnostic, unsafe_fixes: bool, paint: Painter = PLAIN) -> str:
    """ruff's `[*] ` before the message of a finding that `--fix` would fix."""
    fix = diagnostic.fix
    return f"{paint('[*]', CYAN)} " if fix is not None and fix.applies(unsafe_fixes) else ""


def _header(
    path: str, diagnostic: Diagnostic, unsafe_fixes: bool = False, paint: Painter = PLAIN, message: str | None = None
) -> str:
    where = f"{diagnostic.start.row}:{diagnostic.start.column}"
    if diagnostic.cell is not None:
        where = f"cell {diagnostic.cell}:{where}"
    colon = paint(":", CYAN)
    where = where.replace(":", colon)
    code = paint(diagnostic.code, BOLD, RED)
    text = diagnostic.message if message is None else message
    return f"{paint(path, BOLD)}{colon}{where}{colon} {code} {marker(diagnostic, unsafe_fixes, paint)}{text}"


def split_help(diagnostic: Diagnostic) -> tuple[str, str | None]:
    """The message for the header line, and the ``help:`` line under it, if any: the fix's
    title, else the message's closing did-you-mean (then taken off the header)."""
    message = diagnostic.message
    head, found, suggestion = message.rpartition(_DID_YOU_MEAN)
    has_question = bool(found) and suggestion.endswith("?") and "; " not in suggestion
    if diagnostic.fix is not None:
        return (head if has_question else message), diagnostic.fix.message
    if has_question:
        return head, f"Did you mean {suggestion}"
    return message, None


# Both writers build the whole text and write it once: a terminal's stream is line
# buffered, and one write per line would be one system call per line.


def write_concise(
    results: Sequence[FileResult], stream: TextIO, unsafe_fixes: bool = False, color: bool = False
) -> None:
    paint = Painter(color)
    out = []
    for result in results:
        if not result.diagnostics:
            continue
        path = display_path(result.path)
        for diagnostic in result.diagnostics:
            out.append(_header(path, diagnostic, unsafe_fixes, paint) + "\n")
    stream.write("".join(out))


def write_full(
    results: Sequence[FileResult], stream: TextIO, unsafe_fixes: bool = False, color: bool = False
) -> None:
    """Each finding's header, its line with context and carets, and (as ruff) a
    ``= help:`` line when it has a fix or a did-you-mean."""
    paint = Painter(color)
    out = []
    for result in results:
        if not result.diagnostics:
            continue  # splitting the lines of every clean file costs more than the rest
        path = display_path(result.path)
        # Rows as Python counts them: str.splitlines would also break at \f, \v, \x1c-\x1e,
        # \x85 and \u2028, which are not line ends in Python source.
        lines = rows(result.source) if result.source is not None else []
        for diagnostic in result.diagnostics:
            message, hint = split_help(diagnostic)
            out.append(_header(path, diagnostic, unsafe_fixes, paint, message) + "\n")
            shown = _lines_of(result, diagnostic, lines)
            snippet = _snippet(shown, diagnostic, paint)
            out.append(snippet)
            if hint is not None:
                # Under the snippet's bars, as ruff writes it: `  = help: ...`.
                indent = " " * len(str(min(len(shown), diagnostic.start.row + 1))) if snippet else ""
                out.append(f"{indent} {paint('=', BLUE, BOLD)} {paint('help', BOLD)}: {hint}\n")
            out.append("\n")
    stream.write("".join(out))


def _lines_of(result: FileResult, diagnostic: Diagnostic, lines: list[str]) -> list[str]:
    """The lines a diagnostic's rows count: its notebook cell's, else the file's."""
    if diagnostic.cell is None:
        return lines
    cell = result.cells.get(diagnostic.cell) if result.cells is not None else None
    return cell.split("\n") if cell is not None else []


def _snippet(lines: Sequence[str], diagnostic: Diagnostic, paint: Painter = PLAIN) -> str:
    """The reported line with one line of context each side and a caret line."""
    row = diagnostic.start.row
    if not 1 <= row <= len(lines):
        return ""
    first, last = max(1, row - 1), min(len(lines), row + 1)
    width = len(str(last))
    gutter = " " * width
    bar = paint("|", BLUE, BOLD)
    out = [f"{gutter} {bar}\n"]
    for number in range(first, last + 1):
        line = shown(lines[number - 1]).expandtabs(4).rstrip()
        number_text = paint(f"{number:>{width}}", BLUE, BOLD)
        out.append(f"{number_text} {bar} {line}".rstrip(" ") + "\n")
        if number == row:
            out.append(f"{gutter} {bar} {paint(_carets(lines[row - 1], diagnostic), RED, BOLD)}\n")
    out.append(f"{gutter} {bar}\n")
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
