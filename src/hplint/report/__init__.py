"""Output formats: each turns the run's results into text for a stream."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TextIO

from hplint.engine import FileResult
from hplint.report import (
    github,
    gitlab,
    grouped,
    json_format,
    json_lines,
    junit,
    pylint,
    sarif,
    text,
)

Writer = Callable[[Sequence[FileResult], TextIO], None]

FORMATS: Mapping[str, Writer] = {
    "full": text.write_full,
    "concise": text.write_concise,
    "json": json_format.write,
    "json-lines": json_lines.write,
    "github": github.write,
    "gitlab": gitlab.write,
    "junit": junit.write,
    "sarif": sarif.write,
    "pylint": pylint.write,
    "grouped": grouped.write,
}

# Formats whose consumers are programs: no summary line is printed with them.
MACHINE_FORMATS = frozenset(
    {"json", "json-lines", "github", "gitlab", "junit", "sarif", "pylint"}
)


# The human formats, which take ``unsafe_fixes`` to mark the findings `--fix` would fix.
FIXABLE_MARKED: Mapping[str, Callable[..., None]] = {
    "full": text.write_full,
    "concise": text.write_concise,
    "grouped": grouped.write,
}
