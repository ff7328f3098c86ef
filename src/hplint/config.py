"""Settings for a run: which rules are selected."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hplint.rules import BY_CODE, FILE_LEVEL_CODES


class ConfigError(Exception):
    """A setting with a value hplint cannot use; the message says which and why."""


def validate_selectors(selectors: Iterable[str], option: str) -> tuple[str, ...]:
    """Normalise rule selectors (codes or prefixes such as ``HP4``; ``ALL``)."""
    result = []
    for raw in selectors:
        selector = raw.strip().upper()
        if not selector:
            continue
        if selector != "ALL" and not any(code.startswith(selector) for code in BY_CODE):
            raise ConfigError(f"invalid rule code or prefix `{raw.strip()}` in {option}")
        result.append("HP" if selector == "ALL" else selector)
    return tuple(result)


@dataclass(frozen=True)
class Settings:
    """Which rules run. Selection follows ruff: the most specific selector wins, and on a
    tie ``ignore`` wins over ``select``."""

    select: tuple[str, ...] = ("HP",)
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        chosen = max((s for s in self.select if code.startswith(s)), key=len, default=None)
        ignored = max((s for s in self.ignore if code.startswith(s)), key=len, default=None)
        if ignored is not None and (chosen is None or len(ignored) >= len(chosen)):
            return False
        # Unparseable or unreadable files are always reported unless ignored.
        return chosen is not None or code in FILE_LEVEL_CODES

    def enabled_codes(self) -> frozenset[str]:
        return frozenset(code for code in BY_CODE if self.enabled(code))
