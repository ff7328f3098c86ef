"""Constructions whose object nothing uses (HP101).

``ridge = Ridge(alpha=1.0)`` with ``ridge`` never read again, or ``Ridge(alpha=1.0)`` alone
on its line (a notebook cell showing the object), fits nothing and feeds nothing: its
values shape no model, so they choose nothing. The object is unused when the construction
is the whole value of

- an expression statement in a function or a notebook: nothing can read it;
- a plain assignment to one name that is never read again: in a function body, the name
  appears nowhere else in that function (a nested function's read, a ``global`` or
  ``nonlocal`` declaration all count) and the function calls no ``locals``/``vars``/
  ``eval``/``exec``; at module level, only in a notebook or a script no ``import`` can
  name (``01-train.py``; ``engine.importable``: a ``.py`` module's names may be imported
  by another file), where the name's word appears nowhere else in the cells' code, strings
  or end-of-line comments but on lines that only show it (the name alone, ``print(name)``,
  ``display(name)``: its parameters looked at, nothing fitted), and no cell lists or
  evaluates names (``globals()``, ``eval`` ...); an assignment of the name or a keyword
  spelled like it (``cv=5``) is no read. A line that is only a comment reads nothing
  (``# knn.fit(X, y)``: code commented out runs nothing), unless it is a magic a
  converter commented out (``# %timeit ...``).

A construction nested in such a value as an argument of another construction or of a
pipeline factory (``make_pipeline``), or an element of a list or tuple there, is unused
too. A construction chained into a call (``Ridge(alpha=1.0).fit(X, y)``) is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Final

import libcst as cst

from hplint.model import ModuleFacts
from hplint.model.walk import descendants, leaf_names

# Calls that read names given as text or every name of a scope.
_INTROSPECTION: Final = frozenset({"locals", "vars", "eval", "exec", "globals", "dir"})
_NOTEBOOK_INTROSPECTION: Final = re.compile(r"\b(?:globals|locals|vars|eval|exec|dir)\s*\(|%(?:store|who)")
# Callees whose result only holds the objects given to them.
FACTORIES: Final = ("sklearn.pipeline.make_", "sklearn.compose.make_", "imblearn.pipeline.make_")


def unused_constructions(facts: ModuleFacts) -> frozenset[int]:
    """The ids of the constructor calls whose object nothing uses."""
    constructions = {id(c.node) for c in facts.constructions}
    if not constructions:
        return frozenset()
    found: set[int] = set()
    notebook_blocked = facts.notebook is not None and _NOTEBOOK_INTROSPECTION.search(facts.notebook) is not None
    names: dict[int, list[str]] = {}  # every name of a function, by the function's id
    for statement, function in _statements(facts.module.body, None):
        for small in statement.body:
            value = small.value if type(small) in (cst.Expr, cst.Assign) else None  # type: ignore[attr-defined]
            held = list(_held(facts, value, constructions)) if value is not None else []
            if not held:
                continue  # (the names of the function are read only for what may be dead)
            if function is not None and id(function) not in names:
                names[id(function)] = _names(function)
            if _dead_value(facts, small, names.get(id(function)) if function else None, notebook_blocked) is not None:
                found.update(held)
    return frozenset(found)


def _statements(
    body: Sequence[cst.CSTNode], function: cst.FunctionDef | None, in_class: bool = False
) -> Iterator[tuple[cst.SimpleStatementLine, cst.FunctionDef | None]]:
    """Every simple statement line with the function whose body it is in (None: module
    level). A class body's own lines are skipped (their names are attributes, read as
    ``self.name``); its methods are not."""
    for statement in body:
        if type(statement) is cst.SimpleStatementLine:
            if not in_class:
                yield statement, function
        elif type(statement) is cst.FunctionDef:
            yield from _statements(_suite(statement.body), statement)
        elif type(statement) is cst.ClassDef:
            yield from _statements(_suite(statement.body), function, in_class=True)
        else:
            yield from _statements(_blocks_body(statement), function, in_class)


def _blocks_body(statement: cst.CSTNode) -> list[cst.CSTNode]:
    """The statements of the blocks right under a compound statement (``if``/``else``,
    loops, ``with``, ``try`` and its handlers)."""
    found: list[cst.CSTNode] = []
    for name in ("body", "orelse", "handlers", "finalbody"):
        part = getattr(statement, name, None)
        if part is None:
            continue
        parts = part if isinstance(part, tuple) else (part,)
        for item in parts:
            if type(item) is cst.IndentedBlock:
                found.extend(item.body)
            elif isinstance(item, (cst.If, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler, cst.Finally)):
                found.extend(_blocks_body(item) if type(item) is cst.If else _suite(item.body))
    return found


def _suite(block: cst.BaseSuite) -> list[cst.CSTNode]:
    return list(block.body) if type(block) is cst.IndentedBlock else []


def _dead_value(
    facts: ModuleFacts, small: cst.BaseSmallStatement, function: list[str] | None, notebook_blocked: bool
) -> cst.BaseExpression | None:
    """The value of ``small`` when nothing can read it afterwards (``function``: the names
    of the function whose body it is in; None: module level)."""
    if type(small) is cst.Expr:
        # At a ``.py`` module's top level it stays reported, as a binding there does: one
        # rule for a module's top level (and such lines are mostly examples of a call).
        return small.value if function is not None or facts.notebook is not None else None
    if type(small) is not cst.Assign or len(small.targets) != 1 or type(small.targets[0].target) is not cst.Name:
        return None
    name = small.targets[0].target.value
    if function is not None:
        if function.count(name) == 1 and not _INTROSPECTION.intersection(function):
            return small.value
        return None
    if facts.notebook is not None and not notebook_blocked:
        # Read again only to be shown (a cell ending with the name, ``print(name)``): its
        # parameters are looked at, nothing is fitted with it.
        code = facts.derived(_code_lines)
        if _reads(name, code) == _shown_alone(name, code):
            return small.value
    return None


# A line that is only a comment, but a magic a converter commented out (``# %timeit f()``,
# ``# !python train.py``: jupytext writes a cell's magics so).
_COMMENT_LINE: Final = re.compile(r"^[ \t]*#(?![ \t]*[%!]).*$", re.MULTILINE)


def _code_lines(facts: ModuleFacts) -> str:
    """The notebook's cells without their comment lines: the text that may read a name."""
    assert facts.notebook is not None
    return _COMMENT_LINE.sub("", facts.notebook)


def _reads(name: str, text: str) -> int:
    """The times ``name``'s word appears in ``text`` (code, comments, strings), but where
    it is assigned or given as a keyword (``name = ...``, ``f(name=5)``: no read of it)."""
    return len(re.findall(rf"(?<![\w.]){re.escape(name)}\b(?!\s*=(?!=))", text))


def _shown_alone(name: str, text: str) -> int:
    """The lines of ``text`` that only show ``name``: the name alone, or given alone to
    ``print`` or ``display``."""
    word = re.escape(name)
    line = rf"^[ \t]*(?:{word}|(?:print|display)\([ \t]*{word}[ \t]*\))[ \t]*(?:#.*)?$"
    return len(re.findall(line, text, re.MULTILINE))


def _names(function: cst.FunctionDef) -> list[str]:
    """Every name read, bound or declared in ``function`` (not attributes: ``x.name``)."""
    found: list[str] = []
    for node in descendants(function):
        attribute = node.attr if type(node) is cst.Attribute else None
        found.extend(name.value for name in leaf_names(node) if name is not attribute)
    return found


def _held(facts: ModuleFacts, value: cst.BaseExpression, constructions: set[int]) -> Iterator[int]:
    """The constructions ``value`` is, or holds as arguments of constructions and pipeline
    factories, or elements of lists and tuples there."""
    if type(value) in (cst.List, cst.Tuple):
        for element in value.elements:  # type: ignore[attr-defined]
            yield from _held(facts, element.value, constructions)
        return
    if type(value) is not cst.Call:
        return
    if id(value) in constructions:
        yield id(value)
    elif id(value) not in facts.derived(_factories):
        return
    for arg in value.args:
        yield from _held(facts, arg.value, constructions)


def _factories(facts: ModuleFacts) -> frozenset[int]:
    """The ids of the module's pipeline factory calls (``make_pipeline(...)``)."""
    return frozenset(
        id(site.node) for site in facts.calls if (facts.resolver.resolve_parts(site.callee) or "").startswith(FACTORIES)
    )
