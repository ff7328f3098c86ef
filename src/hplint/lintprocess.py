"""Linting in a process of its own, for the language server.

A thread is not enough to keep the server answering while it lints: LibCST's parser is
native code that holds the GIL for the whole parse (measured: 3.4 s without a switch in a
5.4 s parse of 200 KB; a hover waited 11.6 s on a 1 MB document). And the memory of a
large parse stays with the process that made it, since the allocator keeps freed pages.
So the server hands each lint to one long-lived child process: the server's own threads
keep running, a lint that has gone stale can be stopped by ending the child (the next
lint starts a new one), and the child gives its freed memory back to the system after a
large file.

The child is started with ``spawn`` (a fresh interpreter: forking the server's threads
would copy locks they hold) and ends when the server does, even in the middle of a lint
(``orphans.die_with_parent``).
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from hplint.config import Settings
from hplint.diagnostics import Diagnostic, TuningFacts

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

# A source at least this long is followed by giving the child's free memory back.
_TRIM_FROM = 100_000
T = TypeVar("T")
# Findings, and what the linted text tunes (HP101 across files).
Linted = tuple[list[Diagnostic], TuningFacts]


class Cancelled(Exception):
    """The lint was stopped (``cancel``) before it finished."""


class LintFailed(Exception):
    """The lint raised in the child (the message carries its traceback), or the child
    ended without an answer (a crash, or killed by the system)."""


class LintProcess:
    """One child process that lints a source at a time; started on first use.

    ``lint`` blocks its caller (the server's lint thread) until the answer comes; the
    wait releases the GIL, so the server's event loop keeps serving.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one lint at a time
        self._state = threading.Lock()  # guards what follows
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._tag: object = None
        self._started = 0.0
        self._cancelled = False

    def lint(self, source: str, path: str, settings: Settings, tag: object = None) -> list[Diagnostic]:
        """``engine.lint_source(source, path, settings)`` in the child. ``tag`` names the
        job for ``cancel`` (the server passes the document's URI)."""
        from hplint import engine

        return self.call(engine.lint_source, source, path, settings, tag=tag)

    def lint_tuning(self, source: str, path: str, settings: Settings, tag: object = None) -> Linted:
        """``lint``, and what the source tunes (``engine.lint_source_tuning``)."""
        from hplint import engine

        return self.call(engine.lint_source_tuning, source, path, settings, tag=tag)

    def lint_notebook_tuning(self, data: str, path: str, settings: Settings, tag: object = None) -> Linted:
        """``engine.lint_notebook_json_tuning(data, path, settings)`` in the child: a
        notebook's JSON, parsed and linted there (a cell that does not parse gets its
        HP001), and what it tunes."""
        from hplint import engine

        return self.call(engine.lint_notebook_json_tuning, data, path, settings, tag=tag)

    def parses(self, source: str, tag: object = None) -> bool:
        """Whether LibCST parses ``source`` (``engine.parse``), asked of the child."""
        return self.call(_parses, source, tag=tag)

    def call(self, function: Callable[..., T], source: str, *args: Any, tag: object = None) -> T:
        """``function(source, *args)`` in the child: a module-level function (it is sent
        by name), whose first argument is the source it works on."""
        with self._lock:
            connection = self._begin(tag)
            try:
                connection.send((function, source, args))
                status, payload = connection.recv()
            except (EOFError, OSError) as error:
                self._end()
                if self._cancelled:
                    raise Cancelled from None
                raise LintFailed(f"the lint process ended without an answer ({error or type(error).__name__})") from None
            finally:
                with self._state:
                    self._tag = None
            if status == "error":
                raise LintFailed(payload)
            answer: T = payload
            return answer

    def running(self, tag: object) -> float | None:
        """How long the lint tagged ``tag`` has run, in seconds; None if it is not running."""
        with self._state:
            if self._tag is None or self._tag != tag:
                return None
            return time.monotonic() - self._started

    def cancel(self, tag: object) -> bool:
        """Stop the lint tagged ``tag`` if it is running (its ``lint`` raises Cancelled)."""
        with self._state:
            if self._tag is None or self._tag != tag or self._process is None:
                return False
            self._cancelled = True
            self._process.kill()
            return True

    def close(self) -> None:
        with self._state:
            self._end_locked()

    def _begin(self, tag: object) -> Connection:
        with self._state:
            if self._process is None or not self._process.is_alive():
                self._end_locked()
                self._start_locked()
            self._tag, self._started, self._cancelled = tag, time.monotonic(), False
            assert self._connection is not None
            return self._connection

    def _start_locked(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs,), name="hplint-lint", daemon=True)
        process.start()
        theirs.close()  # the child's end lives in the child only: its death is our EOF
        self._process, self._connection = process, ours

    def _end(self) -> None:
        with self._state:
            self._end_locked()

    def _end_locked(self) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            connection.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=5)


def _serve(connection: Connection) -> None:
    """The child: run what the pipe brings until it closes."""
    from hplint.orphans import die_with_parent

    die_with_parent()
    while True:
        try:
            function, source, args = connection.recv()
        except EOFError:
            return
        answer: tuple[str, Any]
        try:
            answer = ("ok", function(source, *args))
        except Exception as error:  # noqa: BLE001 - reported to the server, which logs it
            answer = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
        connection.send(answer)
        del answer
        if len(source) >= _TRIM_FROM:
            _give_memory_back()


def _parses(source: str) -> bool:
    from hplint import engine

    return engine.libcst_parses(source)


def _give_memory_back() -> None:
    """Return the allocator's free pages to the system (glibc's ``malloc_trim``); the
    trees of a large file otherwise keep the process at its peak for good."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc (musl has no malloc_trim): nothing to ask
