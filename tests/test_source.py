"""Decoding follows Python's rules, and undecodable input is a clear SourceError."""

from __future__ import annotations

from pathlib import Path

import pytest

from hplint.source import SourceError, decode, read_source


def test_utf8_by_default() -> None:
    assert decode("x = 'é'\n".encode()) == "x = 'é'\n"


def test_bom_is_stripped() -> None:
    assert decode(b"\xef\xbb\xbfx = 1\n") == "x = 1\n"


def test_coding_cookie_is_honoured() -> None:
    data = "# -*- coding: latin-1 -*-\nx = 'é'\n".encode("latin-1")
    assert decode(data).endswith("x = 'é'\n")


@pytest.mark.parametrize("prefix", [b"", b"# one\n# two\n# three\n"])
def test_invalid_utf8_names_the_byte(prefix: bytes) -> None:
    offset = len(prefix) + 5
    message = f"cannot decode as utf-8: invalid byte 0xe9 at offset {offset}"
    with pytest.raises(SourceError, match=message):
        decode(prefix + b"x = '\xe9'\n")


def test_unknown_cookie() -> None:
    with pytest.raises(SourceError, match="unknown encoding"):
        decode(b"# coding: klingon\nx = 1\n")


def test_binary_file() -> None:
    with pytest.raises(SourceError, match="binary file"):
        decode(b"\x7fELF\x00\x01")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="No such file"):
        read_source(tmp_path / "missing.py")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="is a directory"):
        read_source(tmp_path)


def test_rows_agree_with_python_line_ends() -> None:
    # Every string of up to 6 characters over these: line ends, and characters that
    # str.splitlines would wrongly treat as line ends.
    from itertools import product

    from hplint.lines import rows, split_lines

    for length in range(7):
        for chars in product("a\n\r\x0c\u2028", repeat=length):
            text = "".join(chars)
            assert rows(text) == [line.rstrip("\r\n") for line in split_lines(text)], repr(text)
