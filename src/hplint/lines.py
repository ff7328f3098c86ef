"""Rows as Python counts them: only `\\n`, `\\r\\n` and `\\r` end a line."""

from __future__ import annotations

import re

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(source: str) -> list[str]:
    """``source`` as lines with their endings, the way Python numbers rows."""
    return _LINES.findall(source)


def rows(source: str) -> list[str]:
    """``source``'s lines without their endings: ``split_lines``, stripped, but without a
    regular expression's cost when the text has only ``\\n`` line ends (the usual case)."""
    if "\r" in source:
        return [line.rstrip("\r\n") for line in split_lines(source)]
    found = source.split("\n")
    if found[-1] == "":
        found.pop()  # the text ends with a line end, or is empty
    return found
