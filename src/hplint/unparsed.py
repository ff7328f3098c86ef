"""What stands for a notebook cell that does not parse, in the module of its notebook.

Jupyter compiles and runs each cell on its own, so one cell with a syntax error does not
stop the others from running, and hplint lints them. The broken cell gets its HP001; in
the joined module it is replaced by a statement of as many rows (so every other cell keeps
its rows) that parses and stands for what the cell may have done.

What may it have done? The cell as saved did not run, but an earlier version of it may
have (a notebook is edited after it is run), and the cells after it may depend on names it
bound then. So the stand-in claims nothing: it is an opaque call, ``get_ipython()``, which
the fit-state pass already treats as code that may fit or change any object, and it binds
to that unknown value every name the cell could have rebound or changed:

* every name the cell's text puts in a binding position (an assignment target or the
  object an assignment changes, ``import``, ``as``, ``for``, ``def``, ``class``, ``del``,
  ``global``, ``:=``);
* every other name it mentions that the notebook binds somewhere as a variable (not only
  by an import): ``param_grid.update(...)`` or ``model.fit(...)`` change the object such a
  name holds.

The cell's comment lines stay where they are (a ``# hplint: noqa`` there still applies to
the notebook). A name the cell only reads and the notebook binds only by importing it (``SVC``, ``np``)
or not at all (``print``) keeps what the other cells say: the cell cannot have changed
what it names without rebinding it, and forgetting it would hide findings in every cell.

The cell's text cannot be trusted to tokenize (it does not parse), so the names come
from a small lexer that never fails: it knows strings, comments, brackets and line ends,
which is all the binding positions above need.
"""

from __future__ import annotations

import ast
import keyword
import re
from collections.abc import Iterable, Sequence

__all__ = ["names_in", "python2_prints", "stand_in", "variables"]

# The unknown value the stand-in binds, and the opaque call the fit-state pass knows.
OPAQUE = "get_ipython()"

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
    | (?P<string>(?P<prefix>[rRbBuUfF]{0,2})
        (?: '''(?:\\.|[^\\])*?(?:'''|\Z) | \"\"\"(?:\\.|[^\\])*?(?:\"\"\"|\Z)
          | '(?:\\.|[^\\\n'])*(?:'|$) | "(?:\\.|[^\\\n"])*(?:"|$) ))
    | (?P<name>[^\W\d]\w*)
    | (?P<number>\.?\d[\w.]*)
    | (?P<op>:=|\*\*=|//=|>>=|<<=|[-+*/%&|^@]=|[<>=!]=|->|[=;:,()\[\]{}])
    | (?P<newline>\n)
    | \\\n | [^\n]
    """,
    re.VERBOSE | re.MULTILINE | re.DOTALL,
)
_IDENTIFIER = re.compile(r"[^\W\d]\w*")
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")
_ASSIGNING = frozenset({"=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@="})
# Statements whose header ends at their first top-level colon.
_COMPOUND = frozenset(
    {"if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def", "class", "async", "match", "case"}
)
# Statements every name of which is bound (or unbound) by them.
_BINDING_ALL = frozenset({"global", "nonlocal", "del", "case"})
# Names that cannot be assigned to (keywords; ``__debug__``).
_UNASSIGNABLE = frozenset({*keyword.kwlist, "__debug__"})

Token = tuple[str, str]  # (kind, text): kind is "name", "op" or "keyword"


# A Python 2 ``print`` statement alone on its line: ``print x``, ``print "a", b,`` or a bare
# ``print`` (not ``print(x)``, ``print = f``, ``print.x``, ``print[...]`` nor ``print >>f, x``,
# whose target a call cannot take), with an optional comment after it.
_PRINT_STATEMENT = re.compile(
    r"^(?P<indent>[ \t]*)print(?:[ \t]+(?P<what>(?![=(.\[,)>])[^#\n]*?))?[ \t]*(?P<comment>#[^\n]*)?$"
)

# The first line of a print statement continued on the next lines by backslashes.
_CONTINUED_PRINT = re.compile(r"^(?P<indent>[ \t]*)print[ \t]+(?![=(.\[,)>])")


def python2_prints(lines: Sequence[str]) -> list[str] | None:
    """``lines`` with each Python 2 ``print`` statement alone on its line (or continued by
    backslashes) written as a call (``print x, y`` as ``print(x, y)``), one line out per
    line in; None when no line is one.
    A cell saved from a Python 2 kernel fails to parse on such lines alone, most often:
    its code then parses, and is read as what the author ran (a search, a model)."""
    out = list(lines)
    changed = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.rstrip().endswith("\\"):
            # A statement continued by backslashes: ``print(`` opens it, ``)`` closes its
            # last line (one without a comment, which the parenthesis would follow).
            end = index
            while end + 1 < len(lines) and lines[end].rstrip().endswith("\\"):
                end += 1
            start = _CONTINUED_PRINT.match(line)
            if start is not None and end > index and "#" not in lines[end]:
                out[index] = f"{start.group('indent')}print({line[start.end():]}"
                out[end] = lines[end].rstrip() + ")"
                changed = True
            index = end + 1
            continue
        match = _PRINT_STATEMENT.match(line)
        if match is not None:
            what = (match.group("what") or "").rstrip()
            comment = match.group("comment")
            out[index] = f"{match.group('indent')}print({what})" + (f"  {comment}" if comment else "")
            changed = True
        index += 1
    return out if changed else None


def names_in(lines: Sequence[str]) -> tuple[set[str], set[str]]:
    """(the names ``lines`` put in a binding position, every name they mention)."""
    bound: set[str] = set()
    mentioned: set[str] = set()
    for statement in _statements("\n".join(lines), mentioned):
        bound.update(_bound(statement))
    return bound - _UNASSIGNABLE, mentioned - _UNASSIGNABLE


def variables(tree: ast.AST) -> set[str]:
    """The names ``tree`` binds by anything but an import (functions' parameters aside)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            found.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            found.update(node.names)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            found.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            found.add(node.rest)
    return found


def stand_in(lines: Sequence[str], names: Iterable[str]) -> list[str]:
    """As many lines of Python as ``lines`` (which do not parse, so not all are comments):
    ``names`` bound to the opaque call on the first line that is not a comment, the
    comment lines of ``lines`` as they are, blank lines."""
    out = [line if _comment_line(line) else "" for line in lines]
    first = next((i for i, line in enumerate(out) if not line), 0)
    out[first] = "".join(f"{name} = " for name in sorted(names)) + OPAQUE
    return out


def _comment_line(line: str) -> bool:
    """Whether ``line`` is a comment that any module may hold (no NUL, no lone surrogate)."""
    if not line.lstrip().startswith("#") or "\0" in line:
        return False
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _statements(text: str, mentioned: set[str]) -> Iterable[list[Token]]:
    """The tokens of each simple statement or compound header of ``text``; every name
    met, in code or in an f-string's text, is added to ``mentioned``."""
    statement: list[Token] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "string":
            if "f" in match.group("prefix").lower():
                mentioned.update(_IDENTIFIER.findall(value))  # over-counts the literal text: safe
            continue
        if kind == "name":
            if value in _UNASSIGNABLE:
                statement.append(("keyword", value))
            else:
                mentioned.add(value)
                statement.append(("name", value))
            continue
        if kind == "op":
            if value in _OPENING:
                depth += 1
            elif value in _CLOSING:
                depth = max(depth - 1, 0)
            ends = depth == 0 and (
                value == ";" or (value == ":" and statement and statement[0][1] in _COMPOUND)
            )
            if ends:
                yield statement
                statement = []
            else:
                statement.append(("op", value))
            continue
        if kind == "newline" and depth == 0 and statement:
            yield statement
            statement = []
    if statement:
        yield statement


def _bound(statement: list[Token]) -> Iterable[str]:
    """The names one statement (or header) may bind or change."""
    if not statement:
        return
    head = statement[0][1]
    if head in _BINDING_ALL:
        yield from (text for kind, text in statement if kind == "name")
        return
    if head in ("import", "from"):
        yield from _imported(statement)
        return
    last_assign = _last_top_level_assignment(statement)
    for i, (kind, text) in enumerate(statement):
        if kind != "name":
            continue
        previous = statement[i - 1][1] if i > 0 else ""
        following = statement[i + 1][1] if i + 1 < len(statement) else ""
        if i < last_assign or previous in ("as", "def", "class") or following == ":=" or _in_for_target(statement, i):
            yield text


def _last_top_level_assignment(statement: list[Token]) -> int:
    """The index of the statement's last assignment operator outside brackets, or -1."""
    found, depth = -1, 0
    for i, (kind, text) in enumerate(statement):
        if kind != "op":
            continue
        if text in _OPENING:
            depth += 1
        elif text in _CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0 and text in _ASSIGNING:
            found = i
    return found


def _in_for_target(statement: list[Token], index: int) -> bool:
    """Whether the token at ``index`` is between a ``for`` and its ``in``."""
    for i in range(index - 1, -1, -1):
        if statement[i][1] == "in" and statement[i][0] == "keyword":
            return False
        if statement[i][1] == "for" and statement[i][0] == "keyword":
            return True
    return False


def _imported(statement: list[Token]) -> Iterable[str]:
    """The names an import statement binds: each item's ``as`` name, else its first name."""
    start = next((i + 1 for i, (kind, text) in enumerate(statement) if kind == "keyword" and text == "import"), None)
    if start is None:
        return
    item: list[Token] = []
    for token in [*statement[start:], ("op", ",")]:
        if token[1] != ",":
            if token[0] != "op":
                item.append(token)
            continue
        names = [text for kind, text in item if kind == "name"]
        aliased = [item[i + 1][1] for i in range(len(item) - 1) if item[i][1] == "as" and item[i + 1][0] == "name"]
        if aliased:
            yield from aliased
        elif names:
            yield names[0]
        item = []
