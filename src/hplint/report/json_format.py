"""``--output-format json``: ruff's JSON shape, a list of finding objects."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from hplint.diagnostics import Diagnostic, FileResult, Fix
from hplint.docs import rule_url
from hplint.report.paths import path_text
from hplint.rules import BY_CODE


def as_json(filename: str, diagnostic: Diagnostic, docs_url: str | None = None) -> dict[str, Any]:
    """ruff's object for one finding; ``url`` is the rule's page on the site at
    ``docs_url`` (the ``docs-url`` setting), null without one."""
    rule = BY_CODE.get(diagnostic.code)
    return {
        "cell": diagnostic.cell,
        "code": diagnostic.code,
        "end_location": {"column": diagnostic.end.column, "row": diagnostic.end.row},
        "filename": filename,
        "fix": fix_json(diagnostic.fix) if diagnostic.fix is not None else None,
        "location": {"column": diagnostic.start.column, "row": diagnostic.start.row},
        "message": diagnostic.message,
        "name": rule.name if rule is not None else None,
        "noqa_row": diagnostic.noqa_row,
        "url": rule_url(docs_url, diagnostic.code) if rule is not None else None,
    }


def fix_json(fix: Fix) -> dict[str, Any]:
    """ruff's ``fix`` object; an edit in a notebook also names its ``cell``."""
    edits = []
    for edit in fix.edits:
        item: dict[str, Any] = {
            "content": edit.content,
            "end_location": {"column": edit.end.column, "row": edit.end.row},
            "location": {"column": edit.start.column, "row": edit.start.row},
        }
        if edit.cell is not None:
            item["cell"] = edit.cell
        edits.append(item)
    return {"applicability": fix.applicability, "edits": edits, "message": fix.message}


def write(results: Sequence[FileResult], stream: TextIO, docs_url: str | None = None) -> None:
    items = [
        as_json(path_text(str(result.path.absolute())), diagnostic, docs_url)
        for result in results
        for diagnostic in result.diagnostics
    ]
    json.dump(items, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
