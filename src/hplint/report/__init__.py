"""Output formats: each turns the run's results into text for a stream.

A format's module is imported when the format is chosen, not before: a run pays for the
one it prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from importlib import import_module
from typing import TextIO, cast

from hplint.diagnostics import FileResult

Writer = Callable[[Sequence[FileResult], TextIO], None]

# Format name -> (module in this package, its writer function).
_WRITERS: Mapping[str, tuple[str, str]] = {
    "full": ("text", "write_full"),
    "concise": ("text", "write_concise"),
    "json": ("json_format", "write"),
    "json-lines": ("json_lines", "write"),
    "github": ("github", "write"),
    "gitlab": ("gitlab", "write"),
    "junit": ("junit", "write"),
    "sarif": ("sarif", "write"),
    "pylint": ("pylint", "write"),
    "grouped": ("grouped", "write"),
}

FORMATS: frozenset[str] = frozenset(_WRITERS)

# Formats whose consumers are programs: no summary line is printed with them.
MACHINE_FORMATS = frozenset(
    {"json", "json-lines", "github", "gitlab", "junit", "sarif", "pylint"}
)

# The human formats, whose writers take ``unsafe_fixes`` to mark the findings `--fix`
# would fix.
FIXABLE_MARKED = frozenset({"full", "concise", "grouped"})


def writer(name: str) -> Callable[..., None]:
    """The writer of format ``name`` (one of ``FORMATS``)."""
    module, function = _WRITERS[name]
    return cast("Callable[..., None]", getattr(import_module(f"{__name__}.{module}"), function))
