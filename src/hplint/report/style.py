"""Colour for the human formats (``full``, ``concise``), in ruff's palette, and when to
use it: ``--color always|never``, else ``NO_COLOR`` (off), ``FORCE_COLOR`` (on), else
whether the output is a terminal (and not ``TERM=dumb``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

COLOR_CHOICES = ("auto", "always", "never")

BOLD, RED, GREEN, BLUE, CYAN = "1", "31", "32", "34", "36"


def wanted(choice: str, stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour what is written to ``stream``."""
    if choice != "auto":
        return choice == "always"
    # no-color.org and force-color.org: set and not empty. NO_COLOR wins over FORCE_COLOR,
    # as in ruff's terminal library (anstream).
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except ValueError:  # a closed stream
        return False


class Painter:
    """Wraps text in ANSI codes, or leaves it as it is."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, *codes: str) -> str:
        if not self.on or not text:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


PLAIN = Painter(False)
