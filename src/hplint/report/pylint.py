"""``--output-format pylint``: ``path:row: [CODE] message``, as pylint's parseable format."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from hplint.diagnostics import FileResult
from hplint.report.paths import display_path


def write(results: Sequence[FileResult], stream: TextIO) -> None:
    for result in results:
        path = display_path(result.path)
        for diagnostic in result.diagnostics:
            stream.write(f"{path}:{diagnostic.start.row}: [{diagnostic.code}] {diagnostic.message}\n")
