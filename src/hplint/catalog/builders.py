"""Functions that build or copy estimators without being estimators themselves.

Named by qualified name, free of LibCST: the model resolves calls to them, and the engine
reads them before deciding whether a file needs LibCST at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["CLONE", "FACTORIES"]

# Factory functions: qualified name -> (class built, whether positional args are
# ``(transformer, columns)`` tuples).
FACTORIES: Final[Mapping[str, tuple[str, bool]]] = {
    "sklearn.pipeline.make_pipeline": ("sklearn.pipeline.Pipeline", False),
    "sklearn.pipeline.make_union": ("sklearn.pipeline.FeatureUnion", False),
    "sklearn.compose.make_column_transformer": ("sklearn.compose.ColumnTransformer", True),
    "sklearn.compose._column_transformer.make_column_transformer": (
        "sklearn.compose.ColumnTransformer",
        True,
    ),
}

# Functions that return an unfitted copy of their estimator argument.
CLONE: Final = frozenset({"sklearn.base.clone", "sklearn.clone"})
