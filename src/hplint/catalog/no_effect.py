"""The relations HP501 and HP502 read: "parameter P has no effect when parameter S is one
of V", from ``relations.json``.

That file is written, and each relation verified by fitting scikit-learn, by
``python -m hplint.catalog.relations`` at catalog-build time; linting only reads it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["DATA_PATH", "Relation", "for_estimator", "load"]

DATA_FILE = "relations.json"
DATA_PATH = Path(__file__).with_name(DATA_FILE)


@dataclass(frozen=True)
class Relation:
    """``parameter`` of ``estimator`` has no effect when ``selector`` is one of ``values``."""

    estimator: str
    parameter: str
    selector: str
    # JSON scalars (strings, booleans), verified one by one.
    values: tuple[Any, ...]
    # Values of ``selector`` under which the control showed that ``parameter`` matters.
    used_with: tuple[Any, ...]


@cache
def load() -> Mapping[str, tuple[Relation, ...]]:
    """The shipped relations, by estimator qualname (read once per process)."""
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    found: dict[str, list[Relation]] = {}
    for item in data["relations"]:
        relation = Relation(
            item["estimator"], item["parameter"], item["selector"],
            tuple(item["values"]), tuple(item["used_with"]),
        )
        found.setdefault(relation.estimator, []).append(relation)
    return {name: tuple(relations) for name, relations in found.items()}


def for_estimator(qualname: str) -> tuple[Relation, ...]:
    return load().get(qualname, ())
