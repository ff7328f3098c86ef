"""The rule registry: every code hplint can report, in code order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from hplint.model import ModuleFacts
from hplint.rules import deprecations, fitstate, spaces, tuning, validity
from hplint.rules.types import Check, Rule, Violation

__all__ = ["BY_CODE", "FILE_LEVEL_CODES", "RULES", "Check", "Rule", "Violation"]


def _invalid_value(facts: ModuleFacts) -> Iterator[Violation]:
    """HP402 on constructor arguments and on search-space candidates."""
    yield from validity.invalid_hyperparameter_value(facts)
    yield from spaces.invalid_candidate(facts)


RULES: tuple[Rule, ...] = (
    Rule("HP000", "internal-error", "A file hplint itself failed on: a bug in hplint, reported as a finding."),
    Rule("HP001", "syntax-error", "A file that cannot be parsed as Python."),
    Rule("HP002", "io-error", "A file that cannot be read or decoded as text."),
    Rule(
        "HP101",
        "untuned-hyperparameter",
        "A literal hyperparameter in an estimator constructor that nothing in the file tunes.",
        tuning.untuned_hyperparameter,
    ),
    Rule(
        "HP102",
        "single-candidate-search",
        "A search-space entry with exactly one candidate: a fixed value dressed as a search.",
        spaces.single_candidate_search,
    ),
    Rule(
        "HP201",
        "learned-attribute-before-fit",
        "A learned attribute read on an estimator that is not fitted there.",
        fitstate.learned_attribute_before_fit,
    ),
    Rule(
        "HP202",
        "method-before-fit",
        "A method that needs a fitted estimator, called on one that is not fitted there.",
        fitstate.method_before_fit,
    ),
    Rule(
        "HP203",
        "unknown-learned-attribute",
        "A learned-looking attribute (`name_`) that the estimator never has.",
        fitstate.unknown_learned_attribute,
    ),
    Rule(
        "HP301",
        "non-model-argument-in-search-space",
        "A search-space key that is not a hyperparameter (random_state, n_jobs, verbose ...).",
        spaces.non_model_argument_in_search_space,
    ),
    Rule(
        "HP302",
        "unknown-search-parameter",
        "A search-space key that names no parameter of the estimator it targets.",
        spaces.unknown_search_parameter,
    ),
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
        _invalid_value,
    ),
    Rule(
        "HP403",
        "deprecated-argument",
        "A parameter or value the target scikit-learn release deprecates, or one it no longer has.",
        deprecations.deprecated_argument,
    ),
)

BY_CODE: Mapping[str, Rule] = {rule.code: rule for rule in RULES}

# Reported by the engine for every file, whatever is selected, unless ignored explicitly.
FILE_LEVEL_CODES = frozenset({"HP000", "HP001", "HP002"})
