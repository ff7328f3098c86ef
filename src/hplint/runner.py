"""Many files: answered from the cache when unchanged, linted in parallel otherwise.

The engine (and with it LibCST, the model, the rules and the catalog) is imported when
the first file has to be linted: a run answered entirely from the cache never loads it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path

from hplint.cache import Cache
from hplint.config import Settings
from hplint.diagnostics import Diagnostic, FileResult
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
    diagnostics = cache.get(path, data, resolved)
    return None if diagnostics is None else _from_cache(path, data, diagnostics)


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
        return _from_cache(path, data, answer)
    result = engine.lint_file(path, settings, data)
    if result.internal_error is None:
        cache.put(path, data, result.diagnostics)
    return result


def _from_cache(path: Path, data: bytes, diagnostics: list[Diagnostic]) -> FileResult:
    """A cached answer, with the text the reports show beside it."""
    try:
        if path.suffix.lower() == ".ipynb":
            from hplint.notebook import parse_notebook

            book = parse_notebook(data, check=False)  # the cells, to show: parsing them is done
            return FileResult(path, diagnostics, book.python, book.cells)
        return FileResult(path, diagnostics, decode(data))
    except SourceError:
        return FileResult(path, diagnostics)


def default_jobs() -> int:
    return os.cpu_count() or 1


def run(
    paths: Sequence[Path],
    settings: Settings,
    jobs: int | None = None,
    cache: Cache | None = None,
    resolved: Sequence[str] | None = None,
) -> list[FileResult]:
    """Lint ``paths``; results come back in the order of ``paths`` however they ran.

    The cache is read here, in this process: answering a file from it costs less than
    sending it to a worker, so only the files that changed (all of them with no cache)
    decide whether workers are worth starting. ``resolved``: the ``os.path.realpath`` of
    each of ``paths`` (``Discovery.resolved``), sparing the cache resolving them again.
    """
    results: list[FileResult | None] = [None] * len(paths)
    if cache is not None:
        known = resolved if resolved is not None else [None] * len(paths)
        results = [cached(path, cache, real) for path, real in zip(paths, known, strict=True)]
    todo = [path for path, result in zip(paths, results) if result is None]
    workers = min(jobs or default_jobs(), len(todo))
    if workers <= 1 or len(todo) < PARALLEL_THRESHOLD:
        linted = [lint_one(path, settings, cache, look_up=False) for path in todo]
    else:
        linted = _in_workers(todo, settings, cache, workers)
    fresh = iter(linted)
    return [result if result is not None else next(fresh) for result in results]


def _in_workers(
    paths: Sequence[Path], settings: Settings, cache: Cache | None, workers: int
) -> list[FileResult]:
    """Lint ``paths`` in worker processes; results in the order of ``paths``.

    The largest files go first, in small chunks, so that no worker is still busy with a
    large file while the others have run out of work.
    """
    order = sorted(range(len(paths)), key=lambda i: _size(paths[i]), reverse=True)
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(8, len(paths) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
        todo = [paths[i] for i in order]
        done = pool.map(lint_one, todo, repeat(settings), repeat(cache), repeat(False), chunksize=chunk)
        by_index = dict(zip(order, done))
    return [by_index[i] for i in range(len(paths))]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
