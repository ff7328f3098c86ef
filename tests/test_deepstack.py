"""The deep-stack threads: reused, safe to nest, to share between threads and to fork."""

from __future__ import annotations

import multiprocessing
import sys
import threading

import pytest

from hplint import deepstack
from hplint.deepstack import on_deep_stack


def _depth(n: int) -> int:
    return 0 if n == 0 else 1 + _depth(n - 1)


def test_recursion_far_beyond_the_default_limit_runs() -> None:
    assert on_deep_stack(lambda: _depth(50_000)) == 50_000


def test_a_thread_is_reused_call_after_call() -> None:
    # Thread objects, not idents: the system may give a finished thread's ident to a new one.
    threads = [on_deep_stack(threading.current_thread) for _ in range(20)]
    assert threads[0] is not threading.current_thread()
    assert all(thread is threads[0] for thread in threads)


def test_a_call_that_raises_gives_its_thread_back() -> None:
    used = on_deep_stack(threading.get_ident)
    with pytest.raises(ZeroDivisionError):
        on_deep_stack(lambda: 1 // 0)
    assert on_deep_stack(threading.get_ident) == used
    assert deepstack._deep_calls == 0


def test_a_nested_call_runs_where_it_is() -> None:
    outer, inner = on_deep_stack(lambda: (threading.get_ident(), on_deep_stack(threading.get_ident)))
    assert outer == inner


def test_calls_from_two_threads_at_once_get_two_deep_threads() -> None:
    # Each call waits for the other to start: on one shared thread they would never meet.
    meeting = threading.Barrier(2, timeout=30)
    seen: list[int] = []

    def call() -> None:
        seen.append(on_deep_stack(lambda: (meeting.wait(), threading.get_ident())[1]))

    callers = [threading.Thread(target=call) for _ in range(2)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(timeout=60)
    assert len(set(seen)) == 2
    assert sys.getrecursionlimit() < deepstack.RECURSION_LIMIT


def _in_child(queue: multiprocessing.Queue[int]) -> None:
    queue.put(on_deep_stack(lambda: _depth(20_000)))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")
def test_a_forked_child_starts_its_own_threads() -> None:
    on_deep_stack(threading.get_ident)  # the parent has an idle deep thread
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[int] = context.Queue()
    child = context.Process(target=_in_child, args=(queue,))
    child.start()
    assert queue.get(timeout=60) == 20_000
    child.join(timeout=60)
    assert child.exitcode == 0
