"""``--output-format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other viewers.

Every rule is listed in ``tool.driver.rules`` with its summary and its page as help text;
``helpUri`` only when a documentation site is configured (``docs-url``). Artifact URIs are
relative to the working directory (``%SRCROOT%``), as code scanning expects from a run at
the repository root. Columns count characters (``columnKind: unicodeCodePoints``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from hplint import __version__
from hplint.docs import rule_page, rule_url
from hplint.diagnostics import FileResult
from hplint.rules import BY_CODE, RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(index: int, docs_url: str | None = None) -> dict[str, Any]:
    rule = RULES[index]
    page = rule_page(rule.code) or rule.summary
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": page},
        "help": {"text": page, "markdown": page},
        "defaultConfiguration": {"level": "error"},
    }
    url = rule_url(docs_url, rule.code)
    if url is not None:
        entry["helpUri"] = url
    return entry


def _artifact(path: Path, base: Path) -> dict[str, str]:
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(base)
    except ValueError:
        return {"uri": absolute.as_uri()}
    # A URI reference: its bytes percent-encoded, as ``as_uri`` does for absolute ones.
    return {"uri": quote(os.fsencode(relative.as_posix())), "uriBaseId": "%SRCROOT%"}


def write(results: Sequence[FileResult], stream: TextIO, docs_url: str | None = None) -> None:
    base = Path(os.path.abspath(Path.cwd()))
    index = {rule.code: position for position, rule in enumerate(RULES)}
    findings: list[dict[str, Any]] = []
    for result in results:
        artifact = _artifact(result.path, base)
        for d in result.diagnostics:
            location: dict[str, Any] = {"artifactLocation": artifact}
            message = d.message
            if d.cell is None:
                location["region"] = {
                    "startLine": d.start.row,
                    "startColumn": d.start.column,
                    "endLine": d.end.row,
                    "endColumn": d.end.column,
                }
            else:
                # Rows in a notebook count within a cell, not within the .ipynb file's
                # JSON: a region would point at the wrong line, so the cell goes in the text.
                message = f"cell {d.cell}, row {d.start.row}, column {d.start.column}: {message}"
            finding: dict[str, Any] = {
                "ruleId": d.code,
                "level": "error",
                "message": {"text": message},
                "locations": [{"physicalLocation": location}],
            }
            if d.code in BY_CODE:
                finding["ruleIndex"] = index[d.code]
            findings.append(finding)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hplint",
                        "version": __version__,
                        "rules": [_rule(position, docs_url) for position in range(len(RULES))],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": findings,
            }
        ],
    }
    json.dump(log, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
