"""``--output-format grouped``: findings under their file's name, as ruff groups them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from hplint.diagnostics import FileResult
from hplint.report.paths import display_path
from hplint.report.text import marker


def write(results: Sequence[FileResult], stream: TextIO, unsafe_fixes: bool = False) -> None:
    for result in results:
        if not result.diagnostics:
            continue
        stream.write(f"{display_path(result.path)}:\n")
        places = [
            (f"cell {d.cell}:" if d.cell is not None else "") + str(d.start.row)
            for d in result.diagnostics
        ]
        row_width = max(len(place) for place in places)
        column_width = max(len(str(d.start.column)) for d in result.diagnostics)
        for place, diagnostic in zip(places, result.diagnostics):
            column = str(diagnostic.start.column)
            stream.write(
                f"  {place:>{row_width}}:{column:<{column_width}} {diagnostic.code} {marker(diagnostic, unsafe_fixes)}{diagnostic.message}\n"
            )
        stream.write("\n")
