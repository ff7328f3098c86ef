"""What the files of the language server's workspace tune (HP101: tuning anywhere in the
project counts, in the editor as in ``hplint check``).

The server lists the workspace's files once, as ``hplint check`` on its root would, and
has their tuning read in its lint process a small batch at a time (``tunings``), so that
an open document's lint waits for one batch at most. A file's facts come from the cache
when the workspace has one (``hplint check`` made it) and its bytes are unchanged, else
from a lint, stored there for the next time. At most ``LIMIT`` files are read.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from hplint.cache import DEFAULT_DIRECTORY, ENVIRONMENT_VARIABLE, Cache, fingerprint, is_cache
from hplint.config import Settings
from hplint.diagnostics import NO_TUNING, TuningFacts
from hplint.files import discover

# Files read for their tuning at most (a larger workspace is read in part, and the server
# says so), and how many go to the lint process at a time.
LIMIT = 2000
BATCH = 16


def key(path: Path | str) -> str:
    """What the server knows a file by: its real path (an open document's and a listed
    file's names may differ by a symlink)."""
    return os.path.realpath(path)


def files(root: Path, settings: Settings) -> list[Path]:
    """The Python files and notebooks ``hplint check`` would lint below ``root``."""
    found = discover(
        [root],
        settings.respect_gitignore,
        exclude=settings.exclude,
        extend_exclude=settings.extend_exclude,
        include=settings.include,
        force_exclude=settings.force_exclude,
        root=settings.root or root,
    )
    return found.files


def cache_root(root: Path) -> str | None:
    """The workspace's cache directory, if ``hplint check`` has made one there: the server
    uses it but never creates one in a user's workspace."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    directory = Path(configured) if configured else root / DEFAULT_DIRECTORY
    return str(directory) if is_cache(directory) else None


def tunings(_: str, jobs: Sequence[tuple[str, Settings]], cache_directory: str | None) -> dict[str, TuningFacts]:
    """What each file tunes, by ``key``; run in the lint process (``LintProcess.call``'s
    first argument is the text it works on: none here)."""
    from hplint import runner

    caches: dict[Settings, Cache | None] = {}
    found: dict[str, TuningFacts] = {}
    for path, settings in jobs:
        if settings not in caches:
            caches[settings] = Cache(Path(cache_directory), fingerprint(settings)) if cache_directory else None
        result = runner.lint_one(Path(path), settings, caches[settings])
        found[key(path)] = result.tuning or NO_TUNING
    return found
