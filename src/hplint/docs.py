"""The rule pages (``rules/HPxxx.md``), shipped in the wheel as ``hplint/_rules``."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:
    from importlib.abc import Traversable


def _pages_dir() -> Traversable:
    shipped = resources.files("hplint").joinpath("_rules")
    if shipped.is_dir():
        return shipped
    # An editable install or a source checkout: the pages live at the repository root.
    return Path(__file__).resolve().parents[2] / "rules"


def rule_url(base: str | None, code: str) -> str | None:
    """Where rule ``code``'s page is published on the documentation site at ``base`` (the
    ``docs-url`` setting; ``scripts/build-docs`` lays pages out as ``rules/HP401/``), or
    None when no site is configured: the JSON ``url``, SARIF ``helpUri`` and the language
    server's ``codeDescription`` are then left out, not guessed."""
    if not base:
        return None
    return f"{base.rstrip('/')}/rules/{code}/"


def rule_page(code: str) -> str | None:
    """The Markdown page of rule ``code``, or None if it has none."""
    page = _pages_dir().joinpath(f"{code}.md")
    return page.read_text(encoding="utf-8") if page.is_file() else None
