"""``--output-format json-lines``: one compact JSON object per finding, per line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from hplint.diagnostics import FileResult
from hplint.report.json_format import as_json
from hplint.report.paths import path_text


def write(results: Sequence[FileResult], stream: TextIO, docs_url: str | None = None) -> None:
    for result in results:
        filename = path_text(str(result.path.absolute()))
        for diagnostic in result.diagnostics:
            item = as_json(filename, diagnostic, docs_url)
            stream.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
