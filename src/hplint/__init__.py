"""hplint: a static linter for machine-learning code."""

__version__ = "0.1.0"
