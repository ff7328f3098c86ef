"""Rewriting one value of a notebook's JSON text in place, every other byte kept.

A fix or a ``# noqa`` comment changes a few lines of a cell. Writing the whole document
back with ``json.dumps`` would change whatever the writer of the file did differently
(whitespace before the opening brace, an indent, escapes, key spacing), so only the span
of text that holds the edited cell's ``source`` is replaced, and within it only the lines
that changed: a list ``source`` keeps one string per line as Jupyter writes it (and its
unchanged strings as they were written), a string ``source`` keeps the escapes of its
unchanged lines.

The spans are found by a scanner that walks the JSON text along one path (the cells, then
one cell's members) and skips every other value whole, strings with ``json``'s own
``scanstring``; it is only run on text ``json.loads`` has accepted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from json.decoder import scanstring  # type: ignore[attr-defined]

__all__ = ["array_spans", "document_members", "member_spans", "rewrite_source", "writes_ascii"]

Span = tuple[int, int]

_SPACE = re.compile(r"[ \t\n\r]*")
_STRUCTURE = re.compile(r'["\[\]{}]')
_SCALAR = re.compile(r"-?(?:\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|Infinity)|true|false|null|NaN")
# A \u escape of a character outside ASCII: the writer escaped non-ASCII text.
_ESCAPED_NON_ASCII = re.compile(r"\\u(?:00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# An escape in a JSON string's text; only those that stand for a line end split lines.
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")
# A string's lines, cut after each "\n".
_NEWLINE_LINES = re.compile(r"[^\n]*\n|[^\n]+\Z")
# What ``str.splitlines``, and so Jupyter writing a list ``source``, ends a line with.
_LINE_ENDS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _space(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def value_end(text: str, start: int) -> int:
    """Where the JSON value that starts at ``start`` ends."""
    first = text[start]
    if first == '"':
        end: int = scanstring(text, start + 1)[1]
        return end
    if first in "[{":
        depth, at = 0, start
        while True:
            match = _STRUCTURE.search(text, at)
            if match is None:
                raise ValueError("unterminated JSON container")
            at = match.end()
            if match.group() == '"':
                at = scanstring(text, at)[1]
                continue
            depth += 1 if match.group() in "[{" else -1
            if depth == 0:
                return at
    match = _SCALAR.match(text, start)
    if match is None:
        raise ValueError(f"no JSON value at offset {start}")
    return match.end()


def document_members(text: str) -> dict[str, Span]:
    """``member_spans`` of the object that is the whole document."""
    return member_spans(text, _space(text, 0))


def member_spans(text: str, start: int) -> dict[str, Span]:
    """The span of each member's value in the object at ``start`` (the last of duplicates,
    as ``json.loads`` keeps it)."""
    spans: dict[str, Span] = {}
    at = _space(text, start + 1)
    while text[at] != "}":
        key, at = scanstring(text, at + 1)
        at = _space(text, _space(text, at) + 1)  # past the colon
        end = value_end(text, at)
        spans[key] = (at, end)
        at = _space(text, end)
        if text[at] == ",":
            at = _space(text, at + 1)
    return spans


def array_spans(text: str, start: int) -> list[Span]:
    """The span of each element of the array at ``start``."""
    spans: list[Span] = []
    at = _space(text, start + 1)
    while text[at] != "]":
        end = value_end(text, at)
        spans.append((at, end))
        at = _space(text, end)
        if text[at] == ",":
            at = _space(text, at + 1)
    return spans


def writes_ascii(text: str) -> bool:
    """Whether the file's writer escaped non-ASCII text (``json.dumps``' default) rather
    than writing it as is (Jupyter's way, and the answer when nothing tells)."""
    return _NON_ASCII.search(text) is None and _ESCAPED_NON_ASCII.search(text) is not None


def rewrite_source(text: str, span: Span, source: str | Sequence[str], new: str, ascii: bool) -> str:
    """The JSON text of a cell's ``source`` (``text[span[0]:span[1]]``: a string, or a
    list of strings) made to hold ``new``."""
    start, end = span
    if isinstance(source, str):
        # A string's lines are cut where its text escapes a line end ("\n").
        lines = _NEWLINE_LINES.findall(source)
        raw = list(_raw_lines(text[start + 1 : end - 1]))
        head, tail = _kept(lines, new)
        middle = _middle(lines, new, head, tail)
        return '"' + "".join(raw[:head]) + _encode(middle, ascii)[1:-1] + "".join(raw[len(raw) - tail :]) + '"'
    elements = array_spans(text, start)
    head, tail = _kept(source, new)
    written = [_encode(line, ascii) for line in _middle(source, new, head, tail).splitlines(keepends=True)]
    if len(elements) >= 2:
        separator = text[elements[0][1] : elements[1][0]]
    else:  # one element: a comma, then the space that comes before it
        separator = "," + text[start + 1 : elements[0][0]] if elements else ", "
    # Replaced: the text from the end of the last kept leading string to the start of the
    # first kept trailing one.
    cut = elements[head - 1][1] if head else (elements[0][0] if elements else start + 1)
    resume = elements[len(elements) - tail][0] if tail else (elements[-1][1] if elements else start + 1)
    pieces = ([""] if head else []) + written + ([""] if tail else [])
    return text[start:cut] + separator.join(pieces) + text[resume:end]


def _middle(parts: Sequence[str], new: str, head: int, tail: int) -> str:
    """The text of ``new`` between the ``head`` leading and ``tail`` trailing parts."""
    return new[len("".join(parts[:head])) : len(new) - len("".join(parts[len(parts) - tail :]))]


def _kept(parts: Sequence[str], new: str) -> tuple[int, int]:
    """How many of ``parts`` at the start and at the end ``new`` still holds unchanged,
    each run ending (or starting) where a line starts, so that the text between them is
    whole lines, to be cut as Jupyter cuts them (``str.splitlines``)."""
    head, at = 0, 0
    for part in parts:
        if not new.startswith(part, at):
            break
        head, at = head + 1, at + len(part)
    while head and not _line_start(new, at):
        head -= 1
        at -= len(parts[head])
    tail, back = 0, len(new)
    for part in reversed(parts[head:]):
        if back - len(part) < at or not new.endswith(part, 0, back):
            break
        tail, back = tail + 1, back - len(part)
    while tail and not _line_start(new, back):
        back += len(parts[len(parts) - tail])
        tail -= 1
    return head, tail


def _line_start(text: str, at: int) -> bool:
    """Whether a line starts at ``at`` in ``text`` (as ``str.splitlines`` cuts lines)."""
    if at in (0, len(text)):
        return True
    before = text[at - 1]
    return before in _LINE_ENDS and not (before == "\r" and text[at] == "\n")


def _raw_lines(raw: str) -> Iterator[str]:
    """A JSON string's text cut after each escape that stands for a line end."""
    start = 0
    for match in _ESCAPE.finditer(raw):
        if match.group() in ("\\n", "\\u000a", "\\u000A"):
            yield raw[start : match.end()]
            start = match.end()
    if start < len(raw):
        yield raw[start:]


def _encode(value: str, ascii: bool) -> str:
    """``value`` as a JSON string; lone surrogates escaped (they cannot be UTF-8)."""
    written = json.dumps(value, ensure_ascii=ascii)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", written)
