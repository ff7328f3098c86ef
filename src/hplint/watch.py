"""``check --watch``: run again whenever what a run read changes, by polling.

Polling, not an OS notification library: nothing to install, the same on every platform,
and the cost is a ``stat`` of each linted file (and of the configuration and requirements
files that decide their settings) every half second. A new file is found by walking the
paths again on each poll, which is what discovery costs (about 12 ms on 300 files).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from hplint.config import CONFIG_FILES

# A stat per path: (modification time, size), or None for a path that does not exist.
Snapshot = dict[str, tuple[int, int] | None]

INTERVAL = 0.5  # seconds between polls

# Files besides the linted ones whose change changes a run's results.
_PROJECT_FILES = (*CONFIG_FILES, "requirements.txt")


def notice(message: str) -> str:
    """ruff's watch-mode line: the local time, then the message."""
    return f"[{time.strftime('%H:%M:%S')}] {message}"


def snapshot(files: Iterable[Path], paths: Sequence[Path]) -> Snapshot:
    """What the run read: the linted files, every ``.py``/``.pyi``/``.ipynb`` file under
    ``paths`` (so that a new one is told from a known one), and the configuration and
    requirements files in the directories above them."""
    found: Snapshot = {}
    directories: set[str] = set()
    for path in files:
        found[os.path.abspath(path)] = _stat(str(path))
        directories.add(os.path.dirname(os.path.abspath(path)))
    for where in walk(paths):
        found.setdefault(where, _stat(where))
    for root in paths or [Path(".")]:
        top = os.path.abspath(root)
        directories.add(top if os.path.isdir(top) else os.path.dirname(top))
    for directory in directories:
        for above in (directory, *(str(p) for p in Path(directory).parents)):
            for name in _PROJECT_FILES:
                where = os.path.join(above, name)
                found.setdefault(where, _stat(where))
    return found


def walk(paths: Sequence[Path]) -> set[str]:
    """The absolute path of every Python file or notebook under ``paths`` (the default
    excluded directories left out, as discovery leaves them)."""
    from hplint.files import DEFAULT_EXCLUDES, PYTHON_SUFFIXES

    found = set()
    for root in paths or [Path(".")]:
        top = os.path.abspath(root)
        if os.path.isfile(top):
            found.add(top)
        for directory, names, filenames in os.walk(top):
            names[:] = [name for name in names if name not in DEFAULT_EXCLUDES]
            found.update(os.path.join(directory, name) for name in filenames if name.endswith(PYTHON_SUFFIXES))
    return found


def _stat(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def changed(before: Snapshot, paths: Sequence[Path]) -> bool:
    """Whether any path of ``before`` looks different now, or a new file is under ``paths``."""
    return any(_stat(path) != seen for path, seen in before.items()) or not walk(paths) <= before.keys()


def loop(
    run: Callable[[], Snapshot], on_change: Callable[[], None], paths: Sequence[Path], interval: float = INTERVAL
) -> None:
    """``run()``, then again after each change to what it read; until interrupted."""
    seen = run()
    while True:
        time.sleep(interval)
        if changed(seen, paths):
            on_change()
            seen = run()
