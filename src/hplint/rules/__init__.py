"""The rule registry: every code hplint can report, in code order."""

from __future__ import annotations

from collections.abc import Mapping

from hplint.rules import validity
from hplint.rules.types import Check, Rule, Violation

__all__ = ["BY_CODE", "FILE_LEVEL_CODES", "RULES", "Check", "Rule", "Violation"]

RULES: tuple[Rule, ...] = (
    Rule("HP001", "syntax-error", "A file that cannot be parsed as Python."),
    Rule("HP002", "io-error", "A file that cannot be read or decoded as text."),
    Rule(
        "HP401",
        "unknown-constructor-argument",
        "An argument the estimator's constructor does not accept.",
        validity.unknown_constructor_argument,
    ),
    Rule(
        "HP402",
        "invalid-hyperparameter-value",
        "A literal value the estimator's declared parameter constraints reject.",
        validity.invalid_hyperparameter_value,
    ),
)

BY_CODE: Mapping[str, Rule] = {rule.code: rule for rule in RULES}

# Reported by the engine for every file, whatever is selected, unless ignored explicitly.
FILE_LEVEL_CODES = frozenset({"HP001", "HP002"})
