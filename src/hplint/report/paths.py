"""How file names are shown."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """Relative to the working directory when the file is below it, else as absolute."""
    if os.sep == "/":
        return _posix_display(os.fspath(path))
    return _display(path)


def _display(path: Path) -> str:
    """``display_path`` through pathlib (any OS)."""
    absolute = path.absolute()
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return os.path.normpath(str(absolute))
    return relative.as_posix() if os.sep == "/" else str(relative)


def _posix_display(text: str) -> str:
    """``_display`` on POSIX from the path's string: every file a run prints comes through
    here, and pathlib's objects cost several times the rest.

    ``text`` is a Path's string: normalised but for ``..`` parts, which both compare as
    they are. A relative path is shown as it is (``absolute`` puts the working directory
    in front, ``relative_to`` takes it off again). ``//`` at the start is a root of its
    own to pathlib, never below the working directory.
    """
    if not text.startswith("/"):
        return text
    if text.startswith("//"):
        return os.path.normpath(text)
    cwd = os.getcwd()
    if text == cwd:
        return "."
    prefix = cwd if cwd.endswith("/") else cwd + "/"
    return text[len(prefix) :] if text.startswith(prefix) else os.path.normpath(text)
