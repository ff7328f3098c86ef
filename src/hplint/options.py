"""Options of individual rules, read from ``[tool.hplint.<code>]`` tables.

A module of its own (importing nothing of hplint) so that the configuration, the model and
the rules can all share the one type without import cycles.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_OPTIONS", "RuleOptions"]


@dataclass(frozen=True)
class RuleOptions:
    """Per-rule options. Entries are ``param`` (any class) or ``Class.param`` (one class).

    Tuples, sorted, not sets: the settings' ``repr`` is part of the cache key and must not
    depend on hash order.
    """

    # HP101: parameters a project deliberately fixes (never reported).
    hp101_ignore_parameters: tuple[str, ...] = ()
    # HP101: parameters reported as hyperparameters although the catalog classes them
    # as settings or non-model arguments.
    hp101_extend_hyperparameters: tuple[str, ...] = ()


DEFAULT_OPTIONS = RuleOptions()
