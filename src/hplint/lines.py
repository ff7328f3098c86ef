"""Rows as Python counts them: only `\\n`, `\\r\\n` and `\\r` end a line."""

from __future__ import annotations

import re

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(source: str) -> list[str]:
    """``source`` as lines with their endings, the way Python numbers rows."""
    return _LINES.findall(source)
