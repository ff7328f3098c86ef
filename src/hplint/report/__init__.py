"""Output formats: each turns the run's results into text for a stream.

A format's module is imported when the format is chosen, not before: a run pays for the
one it prints.
"""

from __future__ import annotations

from collections.abc import Callable

FORMATS = frozenset(
    {"full", "concise", "json", "json-lines", "github", "gitlab", "junit", "sarif", "pylint", "grouped"}
)

# Formats whose consumers are programs: no summary line is printed with them.
MACHINE_FORMATS = frozenset(
    {"json", "json-lines", "github", "gitlab", "junit", "sarif", "pylint"}
)

# The human formats, whose writers take ``unsafe_fixes`` to mark the findings `--fix`
# would fix.
FIXABLE_MARKED = frozenset({"full", "concise", "grouped"})


def writer(name: str) -> Callable[..., None]:
    """The writer of format ``name`` (one of ``FORMATS``): ``write(results, stream)``, plus
    ``unsafe_fixes=`` for the ``FIXABLE_MARKED`` ones."""
    # Plain imports, one per format (the package never imports by computed name).
    match name:
        case "full" | "concise":
            from hplint.report import text

            return text.write_full if name == "full" else text.write_concise
        case "json":
            from hplint.report import json_format

            return json_format.write
        case "json-lines":
            from hplint.report import json_lines

            return json_lines.write
        case "github":
            from hplint.report import github

            return github.write
        case "gitlab":
            from hplint.report import gitlab

            return gitlab.write
        case "junit":
            from hplint.report import junit

            return junit.write
        case "sarif":
            from hplint.report import sarif

            return sarif.write
        case "pylint":
            from hplint.report import pylint

            return pylint.write
        case "grouped":
            from hplint.report import grouped

            return grouped.write
    raise KeyError(name)
