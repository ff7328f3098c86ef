"""Many files: answered from the cache when unchanged, linted in parallel otherwise.

The engine (and with it LibCST, the model, the rules and the catalog) is imported when
the first file has to be linted: a run answered entirely from the cache never loads it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from hplint.cache import Cache
from hplint.config import Settings
from hplint.diagnostics import NO_TUNING, Diagnostic, FileResult, TuningFacts
from hplint.orphans import die_with_parent
from hplint.source import SourceError, decode

# Below this many files to lint, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 16


def cached(path: Path, cache: Cache, resolved: str | None = None) -> FileResult | None:
    """The cached result for this file's current bytes, or None (a miss: lint it).
    ``resolved``: the file's ``os.path.realpath``, if known."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    entry = cache.get(path, data, resolved)
    return None if entry is None else _from_cache(path, data, *entry)


def lint_one(path: Path, settings: Settings, cache: Cache | None, look_up: bool = True) -> FileResult:
    """Lint one file, or answer from the cache when its bytes are unchanged; the result
    is stored there. ``look_up=False``: the caller has just asked the cache and missed."""
    from hplint import engine

    if cache is None:
        return engine.lint_file(path, settings)
    try:
        data = path.read_bytes()
    except OSError:
        return engine.lint_file(path, settings)
    answer = cache.get(path, data) if look_up else None
    if answer is not None:
        return _from_cache(path, data, *answer)
    result = engine.lint_file(path, settings, data)
    if result.internal_error is None:
        cache.put(path, data, result.diagnostics, result.tuning or NO_TUNING)
    return result


def _from_cache(path: Path, data: bytes, diagnostics: list[Diagnostic], tuning: TuningFacts) -> FileResult:
    """A cached answer, with the text the reports show beside it."""
    try:
        if path.suffix.lower() == ".ipynb":
            from hplint.notebook import parse_notebook

            book = parse_notebook(data, check=False)  # the cells, to show: parsing them is done
            return FileResult(path, diagnostics, book.python, book.cells, tuning=tuning)
        return FileResult(path, diagnostics, decode(data), tuning=tuning)
    except SourceError:
        return FileResult(path, diagnostics, tuning=tuning)


def default_jobs() -> int:
    return os.cpu_count() or 1


class Job(NamedTuple):
    """One file to lint, with its own settings and cache (configuration is per file)."""

    path: Path
    settings: Settings
    cache: Cache | None
    # The file's ``os.path.realpath`` (``Discovery.resolved``), sparing the cache resolving it.
    resolved: str | None = None


def run(
    paths: Sequence[Path],
    settings: Settings,
    jobs: int | None = None,
    cache: Cache | None = None,
    resolved: Sequence[str] | None = None,
) -> list[FileResult]:
    """Lint ``paths`` with one set of settings; results in the order of ``paths``."""
    known = resolved if resolved is not None else [None] * len(paths)
    return run_each([Job(path, settings, cache, real) for path, real in zip(paths, known, strict=True)], jobs)


def run_each(jobs: Sequence[Job], workers: int | None = None) -> list[FileResult]:
    """Lint each job's file with its settings; results come back in the order of ``jobs``
    however they ran.

    The caches are read here, in this process: answering a file from its cache costs less
    than sending it to a worker, so only the files that changed (all of them with no cache)
    decide whether workers are worth starting, and they all share one pool whatever their
    settings.
    """
    results = [cached(job.path, job.cache, job.resolved) if job.cache is not None else None for job in jobs]
    todo = [job for job, result in zip(jobs, results) if result is None]
    count = min(workers or default_jobs(), len(todo))
    if count <= 1 or len(todo) < PARALLEL_THRESHOLD:
        linted = [lint_one(job.path, job.settings, job.cache, look_up=False) for job in todo]
    else:
        linted = _in_workers(todo, count)
    fresh = iter(linted)
    return [result if result is not None else next(fresh) for result in results]


def _in_workers(jobs: Sequence[Job], workers: int) -> list[FileResult]:
    """Lint ``jobs`` in worker processes; results in the order of ``jobs``.

    The largest files go first, in small chunks, so that no worker is still busy with a
    large file while the others have run out of work.
    """
    order = sorted(range(len(jobs)), key=lambda i: _size(jobs[i].path), reverse=True)
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(8, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
        todo = [jobs[i] for i in order]
        done = pool.map(
            lint_one,
            [job.path for job in todo],
            [job.settings for job in todo],
            [job.cache for job in todo],
            repeat(False),
            chunksize=chunk,
        )
        by_index = dict(zip(order, done))
    return [by_index[i] for i in range(len(jobs))]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
