"""Code that did not run as written (HP101's evidence).

A block of comment lines that parses as Python is code the author wrote, most often ran,
and then commented out: a slow search kept for the record, the loop that chose a value,
an earlier try of the model. A notebook cell that does not parse (a ``def`` line lost in
editing, Python 2 beyond its ``print`` statements: ``notebook`` reads a cell that only
those break as live code) is code that ran in an earlier version, with its outputs still
saved. What such code says about tuning counts in its own file, as the same code
would if it were live:

- a construction of a class the file constructs, resolved through the file's imports, is
  a try beside the live ones, compared as live tries are (``handtuning.varied_with``):
  another literal value of a parameter (``# vect = CountVectorizer(lowercase=False)``
  above ``CountVectorizer(lowercase=True)``), or one parameter apart with the other left
  at its default (``# poly = PolynomialFeatures()`` above
  ``PolynomialFeatures(interaction_only=True)``), says the parameter was tried by hand;
- a construction whose argument reads a variable of a loop or comprehension of the same
  block, or of a ``for`` header written in it: a sweep over that parameter
  (``# for k in ks: ... SelectKBest(k=k)``);
- a dict of candidates (or a list of them) assigned to a name that says it is a search
  space (``# param_grid = {"max_depth": [3, 5, 7]}``), or given to a ``*SearchCV`` call: its
  keys were searched, for any class of the file (``handtuning.named_spaces``).

A block is a run of comment lines; blank lines between them do not end it (kernels
exported with every line break doubled). So are the lines of a string of several lines
that stands as a statement of its own, but a docstring: code put out of the way between
triple quotes (the loop that chose ``n_neighbors``). The code is the widest span of lines
around a line that calls a class or a search which parses on its own; a block with no
such span (prose, a fragment) says nothing, and neither does a comment on a code line
(``x = 1  # was 2``: prose more often than code). The same literal written again (``1`` is
``True``), or a call hplint cannot resolve, is no try.
"""

from __future__ import annotations

import ast
import re
import textwrap
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

import libcst as cst

from hplint.model import Construction, ModuleFacts, bind_arguments
from hplint.model.literals import literal_value
from hplint.model.walk import CallSite, collect, descendants, names_in
from hplint.projecttuning import SPACE_NAME
from hplint.rules.handtuning import named_spaces, path_spaces, varied_with

# A comment line: only a comment on its line.
_COMMENT_LINE: Final = re.compile(r"^[ \t]*#(?P<text>[^\r\n]*)$")
# A ``for`` header in a comment line, and the names it binds.
_LOOP_HEADER: Final = re.compile(r"^\s*for\s+([\w\s,()]+?)\s+in\b")
_NAME: Final = re.compile(r"[^\W\d]\w*")
# A called name, and an assignment to a name that says it is a search space.
_CALLED: Final = re.compile(r"(\w+)\s*\(")
_SPACE_ASSIGNED: Final = re.compile(rf"(?:{SPACE_NAME.pattern})\w*\s*=(?!=)", re.IGNORECASE)
# Callees that search the dict given to them.
_SEARCH_SUFFIX: Final = "SearchCV"


@dataclass
class Commented:
    # (class qualname, parameter) that commented-out code tries or sweeps.
    classes: set[tuple[str, str]] = field(default_factory=set)
    # Parameter names (last ``__`` part) of commented-out search spaces: any class.
    names: set[str] = field(default_factory=set)


def commented_tuning(facts: ModuleFacts) -> Commented:
    """What the file's commented-out code tunes, for the classes the file constructs."""
    found = Commented()
    classes = {c.estimator.name for c in facts.constructions}
    if not classes:
        return found
    estimators = {c.estimator.qualname: c.estimator for c in facts.constructions}
    tries: list[Construction] = []
    for block in (*_comment_blocks(facts.text), *_string_blocks(facts), *_unparsed_blocks(facts)):
        # Code is looked for only around a line that calls a constructed class or a
        # search, or assigns a name that says it is a search space.
        wanted = [i for i, line in enumerate(block) if _wanted(line, classes)]
        if not wanted:
            continue
        # A loop's header may stand apart from the call that reads its variable, past
        # lines indented another way (``#for C in Cs:`` ... ``#     score(SelectKBest(k=C))``).
        headers = {name for line in block for match in _LOOP_HEADER.finditer(line) for name in _NAME.findall(match[1])}
        for module in _code_in(block, wanted):
            calls = collect(module).calls
            found.names |= named_spaces(module) | path_spaces(module) | _searched_keys(module, calls)
            swept = headers | _loop_variables(module)
            for site in calls:
                qualname = facts.resolver.resolve_parts(site.callee)
                estimator = estimators.get(qualname) if qualname is not None else None
                if estimator is None:
                    continue
                construction = Construction(site, estimator, bind_arguments(site.node, estimator))
                tries.append(construction)
                found.classes.update(_swept(construction, swept))
    if tries:
        # Tried beside the live code, as live constructions are tried beside each other.
        live = [c for c in facts.constructions if c.estimator.qualname in {t.estimator.qualname for t in tries}]
        found.classes |= varied_with(facts, live, tries)
    return found


def _wanted(line: str, classes: set[str]) -> bool:
    """Whether ``line`` calls one of ``classes`` or a search, or assigns a name that says
    it is a search space."""
    if "(" in line:
        for match in _CALLED.finditer(line):
            if match[1] in classes or match[1].endswith(_SEARCH_SUFFIX):
                return True
    return "=" in line and _SPACE_ASSIGNED.search(line) is not None


def _swept(construction: Construction, swept: set[str]) -> Iterator[tuple[str, str]]:
    """(class, parameter) of each argument that reads a loop variable of the commented code."""
    for argument in construction.arguments:
        if argument.parameter is not None and swept.intersection(names_in(argument.node.value)):
            yield construction.estimator.qualname, argument.parameter.name


def _comment_blocks(text: str) -> Iterator[list[str]]:
    """The runs of consecutive comment-only lines of ``text``, each line without its ``#``.
    Blank lines do not end a run, and are left out of it (exported kernels double every
    line break: ``# etc = ExtraTreesClassifier()``, a blank line, ``# param_grid = {...}``)."""
    return _runs(
        match.group("text") if (match := _COMMENT_LINE.match(line)) else None
        for line in text.splitlines()
        if line.strip()
    )


def _string_blocks(facts: ModuleFacts) -> Iterator[list[str]]:
    """The lines of each string of several lines that stands as a statement of its own
    (code quoted out of the way, a loop between triple quotes), docstrings aside."""
    if '"""' not in facts.text and "'''" not in facts.text:
        return
    # Statements only (a string statement is never inside an expression): the first of a
    # module's, class's or function's body is its docstring.
    pending: list[tuple[Sequence[cst.CSTNode], bool]] = [(facts.module.body, True)]
    while pending:
        statements, documented = pending.pop()
        for index, statement in enumerate(statements):
            if type(statement) is cst.SimpleStatementLine:
                if index == 0 and documented:
                    continue
                for small in statement.body:
                    if type(small) is cst.Expr and type(small.value) is cst.SimpleString:
                        value = literal_value(small.value)
                        if isinstance(value, str) and "\n" in value:
                            yield value.splitlines()
            elif isinstance(statement, cst.BaseCompoundStatement):
                pending.extend(_bodies(statement))


def _bodies(statement: cst.CSTNode) -> Iterator[tuple[Sequence[cst.CSTNode], bool]]:
    """The statement lists a compound statement holds (its body; ``elif``, ``else``,
    ``except`` and ``finally`` parts; a ``match``'s cases), each with whether its first
    statement is a docstring."""
    body = getattr(statement, "body", None)
    if type(body) is cst.IndentedBlock:
        yield body.body, type(statement) in (cst.FunctionDef, cst.ClassDef)
    parts = (
        getattr(statement, "orelse", None), getattr(statement, "finalbody", None),
        *getattr(statement, "handlers", ()), *getattr(statement, "cases", ()),
    )  # fmt: skip
    for part in parts:
        if part is not None:
            yield from _bodies(part)


def _unparsed_blocks(facts: ModuleFacts) -> Iterator[list[str]]:
    """In a notebook, the runs of lines of code cells that are not in its module: the cells
    that do not parse, which the module holds as stand-ins (``hplint.unparsed``), and its
    IPython lines."""
    if facts.notebook is None or facts.notebook == facts.text:
        return iter(())
    module = set(facts.text.splitlines())
    return _runs(line if line.strip() and line not in module else None for line in facts.notebook.splitlines())


def _runs(lines: Iterable[str | None]) -> Iterator[list[str]]:
    """The runs of lines that are not None."""
    run: list[str] = []
    for line in lines:
        if line is not None:
            run.append(line)
        elif run:
            yield run
            run = []
    if run:
        yield run


# How far from a wanted line a statement holding it may start (a loop header above the
# call) or end (a call's arguments over several lines): the code around it is found by
# trying spans, longest first, with Python's parser (a tenth of LibCST's cost).
_ABOVE: Final = 5
_BELOW: Final = 20


def _code_in(block: Sequence[str], wanted: Sequence[int]) -> Iterator[cst.Module]:
    """The code of a comment block around its ``wanted`` lines: for each, the widest span
    of lines that parses and holds it (prose above or below it left out)."""
    done = 0  # lines before it are in a span already found
    for line in wanted:
        if line < done:
            continue
        for start, end in _spans(line, len(block), done):
            module = _as_code(block[start:end])
            if module is not None:
                done = end
                yield module
                break


def _spans(line: int, size: int, first: int) -> Iterator[tuple[int, int]]:
    for start in range(max(first, line - _ABOVE), line + 1):
        for end in range(min(size, line + _BELOW + 1), line, -1):
            yield start, end


def _as_code(lines: Sequence[str]) -> cst.Module | None:
    """The lines as a module when they parse (as written under their ``#``, or with the one
    space after it taken off where there is one), else None."""
    for variant in (lines, [line[1:] if line.startswith(" ") else line for line in lines]):
        text = textwrap.dedent("\n".join(variant)) + "\n"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an invalid escape in a comment's string is no news
                ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        try:
            return cst.parse_module(text)
        except (cst.ParserSyntaxError, RecursionError):
            continue  # what Python accepts and LibCST does not: says nothing
    return None


def _loop_variables(module: cst.Module) -> set[str]:
    """The names a ``for`` loop or a comprehension of ``module`` binds."""
    return {
        name
        for node in descendants(module)
        if isinstance(node, (cst.For, cst.CompFor))
        for name in names_in(node.target)
    }


def _searched_keys(module: cst.Module, calls: Iterable[CallSite]) -> set[str]:
    """The string keys (last ``__`` part) of the dict displays given to ``*SearchCV`` calls,
    written in the call or bound to a name by the commented-out code's own ``name = {...}``
    (``forest_params = {...}`` then ``GridSearchCV(forest, param_grid=forest_params)``)."""
    keys: set[str] = set()
    spaces: dict[str, list[cst.Dict]] | None = None  # (read on first need)
    for site in calls:
        if not site.callee[-1].endswith(_SEARCH_SUFFIX):
            continue
        for arg in site.node.args:
            given = arg.value
            if type(given) is cst.Name:
                spaces = _dicts_bound(module) if spaces is None else spaces
                displays = spaces.get(given.value, [])
            else:
                displays = [given] if type(given) is cst.Dict else []
            for display in displays:
                for element in display.elements:
                    key = literal_value(element.key) if type(element) is cst.DictElement else None
                    if isinstance(key, str):
                        keys.add(key.rpartition("__")[2])
    return keys


def _dicts_bound(module: cst.Module) -> dict[str, list[cst.Dict]]:
    """The dict displays the code binds to a name at its top level (``grid = {...}``)."""
    bound: dict[str, list[cst.Dict]] = {}
    for statement in module.body:
        if type(statement) is not cst.SimpleStatementLine:
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and isinstance(small.value, cst.Dict):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        bound.setdefault(target.target.value, []).append(small.value)
    return bound
