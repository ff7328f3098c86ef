"""Edits the rules' fixes are made of, in terms of LibCST nodes.

Each helper returns None when it cannot make the edit without guessing (a string that
would need escaping, an entry hplint cannot find in a written-out dict or call): then the
finding simply has no fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Union

import libcst as cst

from hplint.diagnostics import Applicability
from hplint.model import Construction
# Re-exported: the rules' fixes write values as ``edits.code(node)``.
from hplint.model.literals import code as code
from hplint.rules.types import Anchor, FixPlan, NodeEdit

Element = Union[cst.BaseDictElement, cst.Arg]


def only_close_match(word: str, options: Iterable[str]) -> str | None:
    """The one option close to ``word`` (difflib's 0.6 cutoff); None for zero or several."""
    matches = difflib.get_close_matches(word, list(options), n=2, cutoff=0.6)
    return matches[0] if len(matches) == 1 else None


def replace(node: cst.CSTNode, statement: int, content: str) -> NodeEdit:
    """Replace ``node``'s text with ``content``."""
    return NodeEdit(Anchor(node, statement, "start"), Anchor(node, statement, "end"), content)


def rename_keyword(
    construction: Construction, keyword: cst.Name, new: str, applicability: Applicability = "unsafe"
) -> FixPlan | None:
    """Rename ``keyword`` to ``new``, unless the call gives ``new`` already."""
    given = {a.node.keyword.value for a in construction.arguments if a.node.keyword is not None}
    given |= {a.parameter.name for a in construction.arguments if a.parameter is not None}
    if new in given:
        return None
    edit = replace(keyword, construction.site.statement, new)
    return FixPlan(applicability, f"Rename `{keyword.value}` to `{new}`", (edit,))


def string_literal(node: cst.CSTNode, value: str) -> str | None:
    """``value`` written as ``node`` writes its string (same prefix and quotes), or None
    when ``node`` is not a plain string or ``value`` would need escaping."""
    if not isinstance(node, cst.SimpleString) or "b" in node.prefix.lower():
        return None
    if any(char in value for char in (node.quote[0], "\\", "\n", "\r")) or not value.isprintable():
        return None
    return f"{node.prefix}{node.quote}{value}{node.quote}"


def remove_entry(module: cst.Module, statement: int, key: cst.CSTNode) -> NodeEdit | None:
    """Remove the dict element whose key is ``key`` (or the ``dict(...)`` keyword
    argument), with its comma, from the written-out dict or call in ``statement``.

    A comment at the end of the element's line goes with it: it is about the element, and
    what would stay of the line is its indent and the comment (the engine widens a deletion
    that leaves only blanks on its lines to those whole lines: ``fix.whole_lines``).
    """
    found = _container(module.body[statement], key)
    if found is None:
        return None
    container, elements, index = found
    element = elements[index]
    comment = _trailing_comment(container, elements, index)
    start = Anchor(element, statement, "start")
    previous = elements[index - 1].comma if index > 0 else None
    if isinstance(previous, cst.Comma) and isinstance(previous.whitespace_after, cst.SimpleWhitespace):
        start = Anchor(previous, statement, "end")  # the space after a comma on the same line
    if index + 1 < len(elements) and not _has_comment(element):
        # The element, its comma and the space up to the next element.
        return NodeEdit(Anchor(element, statement, "start"), Anchor(elements[index + 1], statement, "start"), "")
    comma = element.comma
    last: cst.CSTNode = comment if comment is not None else comma if isinstance(comma, cst.Comma) else element
    end = Anchor(last, statement, "end")
    if isinstance(comma, cst.Comma):
        return NodeEdit(start, end, "")
    if index > 0:
        # The last element without a trailing comma: from the previous one's comma on.
        if isinstance(previous, cst.Comma) and not _has_comment(elements[index - 1]):
            return NodeEdit(Anchor(previous, statement, "start"), end, "")
        return None
    return NodeEdit(start, end, "")


def _has_comment(element: Element) -> bool:
    """Whether a comment follows the element's comma (on its line or on lines of their own)."""
    comma = element.comma
    return isinstance(comma, cst.Comma) and "#" in code(comma)


def _trailing_comment(container: cst.Dict | cst.Call, elements: Sequence[Element], index: int) -> cst.Comment | None:
    """The comment that ends the line an element (with its comma) ends on, if any."""
    element = elements[index]
    # Where LibCST keeps the space after the element: its comma's, else (the last one) the
    # closing brace's or the argument's own.
    places: list[cst.BaseParenthesizableWhitespace] = []
    if isinstance(element.comma, cst.Comma):
        places.append(element.comma.whitespace_after)
    if isinstance(element, cst.Arg):
        places.append(element.whitespace_after_arg)
    elif index + 1 == len(elements) and isinstance(container, cst.Dict):
        places.append(container.rbrace.whitespace_before)
    for after in places:
        if isinstance(after, cst.ParenthesizedWhitespace):
            return after.first_line.comment
    return None


def _container(root: cst.CSTNode, key: cst.CSTNode) -> tuple[cst.Dict | cst.Call, Sequence[Element], int] | None:
    """The dict literal or call holding ``key``, its elements, and the index of ``key``'s."""
    finder = _Finder(key)
    root.visit(finder)
    return finder.found


class _Finder(cst.CSTVisitor):
    def __init__(self, key: cst.CSTNode) -> None:
        self.key = key
        self.found: tuple[cst.Dict | cst.Call, Sequence[Element], int] | None = None

    def visit_Dict(self, node: cst.Dict) -> bool:
        for index, element in enumerate(node.elements):
            if isinstance(element, cst.DictElement) and element.key is self.key:
                self.found = (node, node.elements, index)
        return self.found is None

    def visit_Call(self, node: cst.Call) -> bool:
        for index, arg in enumerate(node.args):
            if arg.keyword is self.key:
                self.found = (node, node.args, index)
        return self.found is None


def add_argument(call: cst.Call, statement: int, name: str, value: str) -> NodeEdit | None:
    """Add ``name=value`` as the last argument of ``call``."""
    if not call.args:
        if call.lpar:
            return None
        tight = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        arg = cst.Arg(value=cst.parse_expression(value), keyword=cst.Name(name), equal=tight)
        return replace(call, statement, code(call.with_changes(args=[arg])))
    last = call.args[-1]
    if last.star:
        return None
    end = Anchor(last, statement, "end")
    return NodeEdit(end, end, f", {name}={value}")
