"""A file's text: read, decoded the way Python itself decodes source files."""

from __future__ import annotations

import codecs
import io
import tokenize
from pathlib import Path


class SourceError(Exception):
    """A file that cannot be read or decoded; the message names the problem."""


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; raise SourceError with a one-line reason on failure."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except OSError as error:
        raise SourceError(error.strerror or str(error)) from None


def read_source(path: Path) -> str:
    """Read and decode ``path``; raise SourceError with a one-line reason on failure."""
    return decode(read_bytes(path))


def decode(data: bytes) -> str:
    """Decode source bytes using the BOM or PEP 263 coding cookie, else UTF-8."""
    if b"\0" in data:
        raise SourceError("binary file (contains NUL bytes), not Python source")
    try:
        encoding = _encoding(data)
    except SyntaxError as error:
        if not str(error.msg).startswith("invalid or missing encoding"):
            raise SourceError(str(error.msg)) from None
        # Undecodable bytes in the first two lines: let the decoder below name them.
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise SourceError(
            f"cannot decode as {encoding}: invalid byte 0x{bad} at offset {error.start}"
        ) from None
    except LookupError:
        raise SourceError(f"unknown encoding: {encoding}") from None


def _encoding(data: bytes) -> str:
    """The encoding ``tokenize.detect_encoding`` finds for source ``data``.

    It reads at most two lines and finds anything but UTF-8 only through a BOM or a
    coding cookie, which says "coding": without either, UTF-8 is its answer (or a
    SyntaxError for undecodable bytes, which ``decode`` turns into UTF-8 too), and asking
    it costs more than decoding the file (a warm run decodes every file it prints).
    """
    second_end = data.find(b"\n", data.find(b"\n") + 1)
    head = data if second_end < 0 else data[:second_end]
    if b"coding" not in head and not data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
