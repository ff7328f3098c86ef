"""Parsing with LibCST at less than its default cost, and garbage collection held off
while one file is linted.

Two costs of a LibCST parse are not the parser's:

- Every node LibCST builds runs ``_validate()`` from its dataclass ``__post_init__``: checks
  that a node built by hand is well formed (``not`` has a space after it, a ``lambda``'s
  parameters have no annotations ...). A tree the parser built from source is well formed by
  construction; LibCST's own comment at ``CSTNode.__post_init__`` says as much ("avoid
  validating the tree when parsing a file"). The checks are about a seventh of a parse.
- A parse allocates a few hundred thousand objects that live until the file is done, and
  Python's collector runs a young-generation pass every 700 allocations and an older one
  every few thousand: it walks the growing tree again and again to find no garbage (the
  tree has no cycles; it is freed by reference counting when the file is done).

``parse_module`` parses with validation off; ``collector_paused`` holds collection off for
the span of one file (``hplint check`` also collects less often for the whole run:
``cli._collect_less``; this covers every other caller, such as the language server).
Both are process-wide switches that count their users: the language server may lint on
several threads at once, and the last one out restores them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst

__all__ = ["collector_paused", "parse_module", "validation_off"]

# Turns a setting on and returns what restores it, or None when there is nothing to do.
Apply = Callable[[], Callable[[], None] | None]


class _SharedSwitch:
    """A process-wide setting that several threads may hold at once: the first to enter
    applies it, the last to leave restores what was there before."""

    def __init__(self, apply: Apply) -> None:
        self._apply = apply
        self._lock = threading.Lock()
        self._users = 0
        self._restore: Callable[[], None] | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._restore = self._apply()
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0 and self._restore is not None:
                    self._restore()
                    self._restore = None


def _pause_collector() -> Callable[[], None] | None:
    if not gc.isenabled():
        return None  # the caller's choice: left as it is
    gc.disable()
    return gc.enable


def _no_validation(node: object) -> None:
    """Stands in for ``CSTNode.__post_init__`` while a parse runs."""


def _skip_validation() -> Callable[[], None] | None:
    from libcst._nodes.base import CSTNode

    hook = CSTNode.__dict__.get("__post_init__")
    if hook is None:
        return None  # LibCST validates elsewhere now: nothing to switch off

    def restore() -> None:
        CSTNode.__post_init__ = hook  # type: ignore[method-assign]

    CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign,assignment]
    return restore


_collector = _SharedSwitch(_pause_collector)
_validation = _SharedSwitch(_skip_validation)


def collector_paused() -> AbstractContextManager[None]:
    """Hold Python's cyclic garbage collector off inside the block (reference counting
    still frees everything without cycles, which is nearly everything)."""
    return _collector.held()


def validation_off() -> AbstractContextManager[None]:
    """Build LibCST nodes without ``_validate()`` inside the block.

    Only the parser's nodes are meant: hplint builds few nodes itself (a fix's new
    argument), always well formed. If LibCST ever stops validating in ``__post_init__``,
    this does nothing.
    """
    return _validation.held()


def parse_module(source: str) -> cst.Module:
    """``libcst.parse_module(source)`` without node validation: the same tree, sooner."""
    import libcst as cst

    with validation_off():
        return cst.parse_module(source)
