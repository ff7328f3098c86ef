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
``cli._collect_less``; this covers every other caller, such as the language server). Both are process-wide switches, so both count their users: the
language server may lint on several threads at once, and the last one out restores them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import libcst as cst

__all__ = ["collector_paused", "parse_module", "validation_off"]

_lock = threading.Lock()
_collector_users = 0
_collector_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector off inside the block (reference counting
    still frees everything without cycles, which is nearly everything)."""
    global _collector_users, _collector_was_enabled
    with _lock:
        if _collector_users == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_users += 1
    try:
        yield
    finally:
        with _lock:
            _collector_users -= 1
            if _collector_users == 0 and _collector_was_enabled:
                gc.enable()


_validation_users = 0
_validating_hook: Callable[[Any], None] | None = None


def _no_validation(node: object) -> None:
    """Stands in for ``CSTNode.__post_init__`` while a parse runs."""


@contextmanager
def validation_off() -> Iterator[None]:
    """Build LibCST nodes without ``_validate()`` inside the block.

    Only the parser's nodes are meant: hplint builds few nodes itself (a fix's new
    argument), always well formed. If LibCST ever stops validating in ``__post_init__``,
    this does nothing.
    """
    global _validation_users, _validating_hook
    from libcst._nodes.base import CSTNode

    with _lock:
        if _validation_users == 0:
            _validating_hook = CSTNode.__dict__.get("__post_init__")
            if _validating_hook is not None:
                CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign,assignment]
        _validation_users += 1
    try:
        yield
    finally:
        with _lock:
            _validation_users -= 1
            if _validation_users == 0 and _validating_hook is not None:
                CSTNode.__post_init__ = _validating_hook  # type: ignore[method-assign,assignment]
                _validating_hook = None


def parse_module(source: str) -> cst.Module:
    """``libcst.parse_module(source)`` without node validation: the same tree, sooner."""
    import libcst as cst

    with validation_off():
        return cst.parse_module(source)
