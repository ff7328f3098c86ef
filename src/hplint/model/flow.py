"""One forward data-flow engine over a scope's control flow, for every flow-sensitive analysis.

``model/scopes.py`` records, in its one statement pass over a module, the control flow of
each scope (the module, every function and class body) as a small structure, the *flow*:

- an ``int``: a statement, by its order in the module (a simple statement, or the header
  of a compound one: an ``if`` test, a ``for`` target, a ``with`` item, an ``except``
  clause, a ``def``...);
- ``("branch", (flow, ...))``: one of the flows runs (an ``else``-less ``if`` has an empty one);
- ``("loop", body, orelse)``: the body runs any number of times, then ``orelse``; the body's
  first item is the ``for``/``while`` header;
- ``("try", header, body, handlers, orelse, finalbody)``;
- ``("with", header, body)``: a ``with`` body (its header is the item before it);
- ``("jump", kind)``: ``break``, ``continue``, ``return`` or ``raise``;
- ``("opaque",)``: code hplint cannot see ran there (a notebook magic a converter commented
  out): it may have rebound or changed any name.

``Forward`` runs such a flow over abstract states of any type: the analysis gives the join,
the copy, and what each statement does (``step``), plus hooks at loop and ``try`` edges. The
reaching definitions of ``model/scopes.py`` and the fit state of ``model/fitstate.py`` are two
such analyses; neither keeps its own copy of the control-flow rules, which are:

- branches join;
- a loop body runs to a fixed point (at most ``max_passes`` times, then ``widen``), and, when
  ``final_pass``, once more from the fixed point with ``quiet`` back to 0: an analysis that
  reports reports only then, once the states inside the loop are final;
- an exception may leave a ``try`` body (and a ``with`` body, when ``guards_with``: a context
  manager may swallow it) after any statement: its handlers, its ``finally`` and the code after
  a ``with`` see every state recorded in the body; ``else`` runs after the body, unguarded;
- ``break``/``continue`` carry their state to the end/head of the loop (through the
  ``finally`` clauses between, ``leaving``); ``return``/``raise`` end the path (None).

A state of None means "no path reaches here".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["Flow", "Forward"]

# See the module docstring.
Flow = list[object]

S = TypeVar("S")


@dataclass
class _Loop(Generic[S]):
    breaks: list[S] = field(default_factory=list)
    continues: list[S] = field(default_factory=list)
    # How many ``try`` statements enclosed the loop when it started.
    finally_depth: int = 0


class Forward(Generic[S]):
    """A forward data-flow analysis over one scope's flow (see the module docstring)."""

    # Passes of a loop body looking for a fixed point before ``widen``.
    max_passes = 8
    # Whether a converged loop body runs once more, not quiet (for analyses that report).
    final_pass = True
    # Whether a ``with`` body is guarded like a ``try`` body (its context manager may
    # swallow an exception raised anywhere in it).
    guards_with = True

    def __init__(self) -> None:
        # Above 0 while a loop body runs towards its fixed point: states are not final.
        self.quiet = 0
        self._loops: list[_Loop[S]] = []
        # The states recorded in each enclosing guarded body (``try``, ``with``).
        self._guards: list[list[S]] = []
        # The headers of the enclosing ``try`` statements (their ``finally`` clauses run
        # when a ``break``/``continue`` leaves them).
        self._tries: list[int] = []

    # -- what an analysis provides -------------------------------------------------

    def step(self, order: int, state: S) -> S | None:
        """The state after the statement ``order`` (None: it does not complete)."""
        raise NotImplementedError

    def join(self, states: Iterable[S | None]) -> S | None:
        """What holds after any of ``states`` (None among them: an unreachable path)."""
        raise NotImplementedError

    def copy(self, state: S) -> S:
        """A state the analysis may change without changing ``state`` (immutable: itself)."""
        return state

    def widen(self) -> S:
        """The state when a loop reaches no fixed point: nothing is known."""
        raise NotImplementedError

    def opaque(self, state: S) -> S:
        """The state after code hplint cannot see (it may have rebound any name)."""
        return self.widen()

    def before_loop(self, header: int, state: S) -> S:
        """What runs once before a loop (a ``for``'s iterable)."""
        return state

    def after_loop(self, header: int, state: S) -> S:
        """What runs once when a loop ends (a ``while``'s last test)."""
        return state

    def enter_guard(self, header: int) -> None:
        """A ``try``/``with`` body starts running (its handlers are not yet)."""

    def exit_guard(self, header: int) -> None:
        """A ``try``/``with`` body ended."""

    def leaving(self, tries: Sequence[int], state: S) -> S:
        """A ``break``/``continue`` leaves the ``try`` statements ``tries`` (innermost last),
        running their ``finally`` clauses."""
        return state

    # -- the engine ----------------------------------------------------------------

    def run(self, flow: Flow, state: S | None) -> S | None:
        """The state after ``flow`` runs from ``state``."""
        for item in flow:
            if state is None:
                return None
            if type(item) is int:
                state = self.step(item, state)
                if state is not None:
                    for recorded in self._guards:
                        recorded.append(self.copy(state))
                continue
            assert isinstance(item, tuple)
            kind = item[0]
            if kind == "branch":
                flows: Sequence[Flow] = item[1]
                last = len(flows) - 1
                state = self.join(
                    [self.run(f, state if i == last else self.copy(state)) for i, f in enumerate(flows)]
                )
            elif kind == "loop":
                state = self._loop(item[1], item[2], state)
            elif kind == "try":
                state = self._try(item[1], item[2], item[3], item[4], item[5], state)
            elif kind == "with":
                if self.guards_with:
                    recorded, out = self._guarded(item[1], item[2], state)
                    state = self.join([*recorded, out])
                else:
                    state = self.run(item[2], state)
            elif kind == "jump":
                self._jump(item[1], state)
                state = None
            elif kind == "opaque":
                state = self.opaque(state)
        return state

    def _jump(self, kind: str, state: S) -> None:
        if kind not in ("break", "continue") or not self._loops:
            return
        loop = self._loops[-1]
        out = self.leaving(self._tries[loop.finally_depth:], self.copy(state))
        (loop.breaks if kind == "break" else loop.continues).append(out)

    def _loop(self, body: Flow, orelse: Flow, entry: S) -> S | None:
        header = body[0]
        assert type(header) is int
        entry = self.before_loop(header, entry)
        head = entry
        self.quiet += 1
        converged = False
        loop: _Loop[S] = _Loop()
        for _ in range(self.max_passes):
            loop = _Loop(finally_depth=len(self._tries))
            self._loops.append(loop)
            out = self.run(body, self.copy(head))
            self._loops.pop()
            grown = self.join([entry, out, *loop.continues])
            assert grown is not None
            if grown == head:
                converged = True
                break
            head = grown
        else:
            head = self.widen()
        self.quiet -= 1
        if self.final_pass or not converged:
            loop = _Loop(finally_depth=len(self._tries))
            self._loops.append(loop)
            self.run(body, self.copy(head))
            self._loops.pop()
        done = self.after_loop(header, self.copy(head))
        return self.join([self.run(orelse, done), *loop.breaks])

    def _guarded(self, header: int, body: Flow, entry: S) -> tuple[list[S], S | None]:
        """Run a guarded body, recording the state after each of its statements."""
        recorded = [self.copy(entry)]
        self._guards.append(recorded)
        self.enter_guard(header)
        out = self.run(body, self.copy(entry))
        self.exit_guard(header)
        self._guards.pop()
        return recorded, out

    def _try(
        self, header: int, body: Flow, handlers: list[Flow], orelse: Flow, finalbody: Flow, entry: S
    ) -> S | None:
        self._tries.append(header)
        recorded, out = self._guarded(header, body, entry)
        raised = self.join([*recorded, out])
        caught = [None if raised is None else self.run(h, self.copy(raised)) for h in handlers]
        out = self.run(orelse, out)
        self._tries.pop()
        done = self.join([out, *caught])
        if not finalbody:
            return done
        # ``finally`` runs after every way out, an uncaught exception's included.
        if done is None:
            self.run(finalbody, raised)
            return None
        return self.run(finalbody, self.join([done, raised]))
