"""How file names are shown."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """Relative to the working directory when the file is below it, else as absolute."""
    absolute = path.absolute()
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return os.path.normpath(str(absolute))
    return relative.as_posix() if os.sep == "/" else str(relative)
