"""``--output-format gitlab``: a GitLab Code Quality report (a JSON list of issues).

Paths are relative to ``$CI_PROJECT_DIR`` when set (GitLab's checkout), else to the working
directory. The fingerprint hashes the code, path and message, not the line, so an issue
keeps its identity when code above it moves; identical findings in one file get distinct
fingerprints by a counter, as in ruff.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from hplint.diagnostics import FileResult
from hplint.report.paths import path_text


def _relative(path: Path, base: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return path_text(absolute.relative_to(base).as_posix())
    except ValueError:
        return path_text(absolute.as_posix())


def fingerprint(code: str, path: str, message: str, salt: int) -> str:
    text = f"{code}\0{path}\0{message}\0{salt}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def write(results: Sequence[FileResult], stream: TextIO) -> None:
    base = Path(os.path.abspath(os.environ.get("CI_PROJECT_DIR") or Path.cwd()))
    seen: set[str] = set()
    issues: list[dict[str, Any]] = []
    for result in results:
        path = _relative(result.path, base)
        for d in result.diagnostics:
            salt = 0
            while (print_ := fingerprint(d.code, path, d.message, salt)) in seen:
                salt += 1
            seen.add(print_)
            issues.append(
                {
                    "check_name": d.code,
                    "description": f"{d.code}: {d.message}",
                    "severity": "major",
                    "fingerprint": print_,
                    "location": {
                        "path": path,
                        "positions": {
                            "begin": {"line": d.start.row, "column": d.start.column},
                            "end": {"line": d.end.row, "column": d.end.column},
                        },
                    },
                }
            )
    json.dump(issues, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
