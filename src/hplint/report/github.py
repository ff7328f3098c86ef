"""``--output-format github``: GitHub Actions workflow commands, one annotation per finding.

``::error title=hplint (HP401),file=train.py,line=3,col=13,endLine=3,endColumn=17::train.py:3:13:
HP401 message``, with the workflow-command escaping: ``%``, CR and LF in the message; also
``:`` and ``,`` in property values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from hplint.diagnostics import FileResult
from hplint.report.paths import display_path


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(results: Sequence[FileResult], stream: TextIO) -> None:
    for result in results:
        path = display_path(result.path)
        for d in result.diagnostics:
            # A notebook's rows count within a cell, not within the .ipynb file: the
            # annotation then goes on the file, with the cell in the text.
            position: tuple[tuple[str, object], ...] = (
                ("line", d.start.row),
                ("col", d.start.column),
                ("endLine", d.end.row),
                ("endColumn", d.end.column),
            )
            where = f"{path}:{d.start.row}:{d.start.column}"
            if d.cell is not None:
                position = ()
                where = f"{path}:cell {d.cell}:{d.start.row}:{d.start.column}"
            properties = ",".join(
                f"{key}={escape_property(str(value))}"
                for key, value in (("title", f"hplint ({d.code})"), ("file", path), *position)
            )
            stream.write(f"::error {properties}::{escape_data(f'{where}: {d.code} {d.message}')}\n")
