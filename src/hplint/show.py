"""``check --show-settings`` and ``check --show-files``: what a run would use, printed
instead of linting (ruff's flags)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

from hplint.config import Settings
from hplint.report.paths import path_text

# Settings that are not configuration keys of their own.
_NOT_KEYS = frozenset({"root", "source", "options", "target_sklearn_version", "target_reason"})


def settings_text(path: Path, settings: Settings) -> str:
    """The settings ``path`` is linted with, as TOML-like ``key = value`` lines."""
    from hplint.catalog import target

    lines = [
        f"Resolved settings for: {json.dumps(path_text(str(path.absolute())))}",
        f"Settings path: {json.dumps(str(settings.source)) if settings.source else 'none (the defaults)'}",
        "",
    ]
    for field in fields(settings):
        if field.name in _NOT_KEYS:
            continue
        value = getattr(settings, field.name)
        shown = "{}" if field.name == "per_file_ignores" and not value else _toml(value)
        lines.append(f"{field.name.replace('_', '-')} = {shown}")
    for field in fields(settings.options):
        code, _, option = field.name.partition("_")
        lines.append(f"{code}.{option.replace('_', '-')} = {_toml(getattr(settings.options, field.name))}")
    lines.append(f"root = {json.dumps(str(settings.root or Path.cwd().absolute()))}")
    release, why = target.explain(settings.target_sklearn_version, reason=settings.target_reason)
    lines.append(f"target-sklearn-version = {json.dumps(release)}  # {why}")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value) and value:
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value) + " }"
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if value is None:
        return '""'
    return json.dumps(value if isinstance(value, (int, float, str)) else str(value))


def files_text(files: Sequence[Path]) -> str:
    """ruff's ``--show-files``: the absolute path of each file a run would lint, sorted."""
    # (Escaped as every other output escapes names: undecodable bytes, line breaks.)
    return "".join(f"{path_text(str(path.absolute()))}\n" for path in sorted(files, key=lambda p: str(p.absolute())))
