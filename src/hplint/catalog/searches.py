"""Search APIs outside the catalog's estimators, named by qualified name.

The catalog lists estimators (search classes among them); these tables add the few other
callables whose arguments are search spaces. They live here, free of LibCST, because the
engine reads them before deciding whether a file needs LibCST at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["BARE_SPACES", "CURVES", "PEERS", "Peer"]


@dataclass(frozen=True)
class Peer:
    """A search class outside the catalog that follows scikit-learn's search API."""

    estimator: str
    space: str
    # "grid" (lists of candidates), "distributions" (lists or distribution objects),
    # or "ranges" (skopt: lists are candidates, tuples are bounds).
    kind: Literal["grid", "distributions", "ranges"]


# Qualified class name -> how it takes its estimator and space (estimator at position 0,
# space at position 1 for all of them).
PEERS: Final[dict[str, Peer]] = {
    "skopt.BayesSearchCV": Peer("estimator", "search_spaces", "ranges"),
    "skopt.searchcv.BayesSearchCV": Peer("estimator", "search_spaces", "ranges"),
    "optuna.integration.OptunaSearchCV": Peer("estimator", "param_distributions", "distributions"),
    "optuna_integration.OptunaSearchCV": Peer(
        "estimator", "param_distributions", "distributions"
    ),
}

# Estimator-less space builders: qualified name -> (space parameter, kind).
BARE_SPACES: Final[dict[str, tuple[str, Literal["grid", "distributions"]]]] = {
    "sklearn.model_selection.ParameterGrid": ("param_grid", "grid"),
    "sklearn.model_selection._search.ParameterGrid": ("param_grid", "grid"),
    "sklearn.model_selection.ParameterSampler": ("param_distributions", "distributions"),
    "sklearn.model_selection._search.ParameterSampler": ("param_distributions", "distributions"),
}

# Validation curves: one parameter's candidates, ``param_name`` and ``param_range``.
CURVES: Final = frozenset(
    {
        "sklearn.model_selection.validation_curve",
        "sklearn.model_selection._validation.validation_curve",
        "sklearn.model_selection.ValidationCurveDisplay.from_estimator",
    }
)
