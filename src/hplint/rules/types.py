"""What a rule is and what it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import libcst as cst

from hplint.model import ModuleFacts


@dataclass(frozen=True)
class Violation:
    """A finding before it has a position: the node it is about and its statement."""

    code: str
    message: str
    node: cst.CSTNode
    statement: int


Check = Callable[[ModuleFacts], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    # None for the rules the engine itself reports (unparseable or unreadable files).
    check: Check | None = None
