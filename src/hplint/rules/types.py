"""What a rule's check is and what it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import libcst as cst

from hplint.diagnostics import Applicability, Edit, Fix, Hyperparameter, Location, Untuned
from hplint.model import ModuleFacts
from hplint.model.positions import Positions


@dataclass(frozen=True)
class Anchor:
    """The start or end of a node that sits in top-level statement ``statement``."""

    node: cst.CSTNode
    statement: int
    side: Literal["start", "end"]


@dataclass(frozen=True)
class NodeEdit:
    """Replace the text between two anchors with ``content`` (positions come later)."""

    start: Anchor
    end: Anchor
    content: str


@dataclass(frozen=True)
class FixPlan:
    """A fix in terms of nodes; the engine turns it into a positioned ``Fix``."""

    applicability: Applicability
    message: str
    edits: tuple[NodeEdit, ...]

    def place(self, positions: Positions) -> Fix:
        """The fix with rows and columns, as findings have them."""

        def where(anchor: Anchor) -> Location:
            start, end = positions.span(anchor.node, anchor.statement)
            return start if anchor.side == "start" else end

        edits = sorted(Edit(where(e.start), where(e.end), e.content) for e in self.edits)
        return Fix(self.applicability, self.message, tuple(edits))


@dataclass(frozen=True)
class UntunedPlan:
    """An HP101 finding's class and hard-coded arguments (name, value as shown, the
    argument's node), placed by the engine as ``Untuned``."""

    qualname: str
    owner: str
    arguments: tuple[tuple[str, str, cst.CSTNode], ...]

    def place(self, positions: Positions, statement: int) -> Untuned:
        placed = []
        for name, value, node in self.arguments:
            start, end = positions.span(node, statement)
            placed.append(Hyperparameter(name, value, start, end, start.row))
        return Untuned(self.qualname, self.owner, tuple(placed))


@dataclass(frozen=True)
class Violation:
    """A finding before it has a position: the node it is about and its statement."""

    code: str
    message: str
    node: cst.CSTNode
    statement: int
    fix: FixPlan | None = None
    untuned: UntunedPlan | None = None


Check = Callable[[ModuleFacts], Iterable[Violation]]
