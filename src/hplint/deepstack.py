"""Work that needs a deep stack, run on threads that have one.

LibCST's parser (native code) and the walks over its trees (hplint's and LibCST's code
generation, which positions use) recurse once or more per level of nesting, and LibCST
nests what Python keeps flat: `a and b and ...`, `elif` chains, comparisons. 200 nested
calls overflow Python's default recursion limit, 20,000 `and`s the native stack (a
segfault). So linting runs on a thread of its own with a large stack (virtual memory:
only the pages touched are ever used) and a recursion limit to match.

Such threads are kept and reused. Starting one per file cost more than a tenth of a
lint: a thread whose stack is a gigabyte of address space is mapped, started, scheduled,
joined and unmapped every time (measured on the gallery: 281 files, 0.4 s of CPU and
1.5 to 2 s of wall time more than the same work on reused threads). A thread waits, idle,
for its next call; one is started only when every kept thread is busy (the language
server lints on several threads at once).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["on_deep_stack"]

T = TypeVar("T")

STACK_BYTES = 1 << 30
RECURSION_LIMIT = 200_000

_limits = threading.Lock()
_deep_calls = 0
_saved_recursion_limit = 0
_here = threading.local()  # .deep: this thread is one of the deep-stack threads


class _Call(Generic[T]):
    """One call handed to a deep-stack thread, and what it returned or raised."""

    def __init__(self, function: Callable[[], T]) -> None:
        self.function = function
        self.outcome: list[T] = []
        self.failure: list[BaseException] = []

    def run(self) -> None:
        try:
            self.outcome.append(self.function())
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread
            self.failure.append(error)

    def result(self) -> T:
        if self.failure:
            raise self.failure[0]
        return self.outcome[0]


class _Thread:
    """A daemon thread with a deep stack that runs the calls handed to it, one at a time."""

    def __init__(self) -> None:
        self._job: Callable[[], None] | None = None
        self._given = threading.Semaphore(0)
        self._finished = threading.Semaphore(0)
        thread = threading.Thread(target=self._serve, name="hplint-lint", daemon=True)
        with _limits:
            previous = threading.stack_size(STACK_BYTES)
            try:
                thread.start()
            finally:
                threading.stack_size(previous)

    def _serve(self) -> None:
        _here.deep = True
        while True:
            self._given.acquire()
            job = self._job
            if job is not None:
                job()
            del job  # holds the call, and what it built, until the next call otherwise
            self._finished.release()

    def run(self, job: Callable[[], None]) -> None:
        """Run ``job`` on this thread; return when it is done."""
        self._job = job
        self._given.release()
        self._finished.acquire()
        self._job = None


_idle: list[_Thread] = []


def _forget_threads() -> None:
    """In a forked child: the parent's threads do not exist there, and a lock one of them
    held at the fork would never be released."""
    global _deep_calls, _limits
    _limits = threading.Lock()
    _idle.clear()
    _deep_calls = 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_threads)


def on_deep_stack(function: Callable[[], T]) -> T:
    """``function()``, run on a thread with a deep stack; its exception is re-raised here.

    On such a thread already, it is simply called. Where no such thread can be started (a
    system that refuses the stack size), it runs on the calling thread, which is as safe as
    Python's defaults make it.
    """
    if getattr(_here, "deep", False):
        return function()
    global _deep_calls, _saved_recursion_limit
    with _limits:
        if _deep_calls == 0:
            _saved_recursion_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_recursion_limit, RECURSION_LIMIT))
        _deep_calls += 1
    try:
        with _limits:
            thread = _idle.pop() if _idle else None
        try:
            thread = thread or _Thread()
        except (RuntimeError, ValueError, MemoryError):
            # No thread with that stack here: run on this one, within Python's usual limit.
            with _limits:
                sys.setrecursionlimit(_saved_recursion_limit)
            return function()
        call = _Call(function)
        thread.run(call.run)
        with _limits:
            _idle.append(thread)
        return call.result()
    finally:
        with _limits:
            _deep_calls -= 1
            if _deep_calls == 0:
                sys.setrecursionlimit(_saved_recursion_limit)
