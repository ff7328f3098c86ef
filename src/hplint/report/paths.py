"""How file names are shown."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    """Relative to the working directory when the file is below it, else as absolute;
    printable (see ``path_text``)."""
    if os.sep == "/":
        return path_text(_posix_display(os.fspath(path)))
    return path_text(_display(path))


def path_text(name: str) -> str:
    """A file name as text that any UTF-8 stream, line-based format and XML can take.

    Python keeps the bytes of a name that are not valid in the file system's encoding
    (``caf\\xe9.py`` from an old archive) as lone surrogates, which no strict encoder
    accepts: each such byte is shown as a ``\\xNN`` escape instead, as ``ls -b`` does;
    so is each character that is not printable (a line break, a control character).
    """
    if name.isprintable():
        return name
    try:
        text = os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a surrogate that is no escaped byte
        text = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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
