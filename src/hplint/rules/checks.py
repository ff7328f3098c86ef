"""The checks that implement the rules, by code (the registry, ``rules/__init__``, names them).

Rules the engine reports itself (unreadable and unparseable files, its own failures) have
no check here. A test requires every other registered code to have one, and no more.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from hplint.model import ModuleFacts
from hplint.rules import deprecations, effects, fitstate, removed, resampled, spaces, tuning, validity
from hplint.rules.types import Check, Violation


def _invalid_value(facts: ModuleFacts) -> Iterator[Violation]:
    """HP402 on constructor arguments and on search-space candidates."""
    yield from validity.invalid_hyperparameter_value(facts)
    yield from spaces.invalid_candidate(facts)


def _deprecated(facts: ModuleFacts) -> Iterator[Violation]:
    """HP403 on constructor arguments and on removed modules, classes and functions."""
    yield from deprecations.deprecated_argument(facts)
    yield from spaces.deprecated_search_entry(facts)
    yield from removed.removed_api(facts)
    yield from removed.removed_function_parameter(facts)


# In code order, which is the order the engine runs them in.
CHECKS: Mapping[str, Check] = {
    "HP101": tuning.untuned_hyperparameter,
    "HP102": spaces.single_candidate_search,
    "HP201": fitstate.learned_attribute_before_fit,
    "HP202": fitstate.method_before_fit,
    "HP203": fitstate.unknown_learned_attribute,
    "HP301": spaces.non_model_argument_in_search_space,
    "HP302": spaces.unknown_search_parameter,
    "HP401": validity.unknown_constructor_argument,
    "HP402": _invalid_value,
    "HP403": _deprecated,
    "HP501": effects.argument_without_effect,
    "HP502": effects.search_key_without_effect,
    "HP503": resampled.class_weight_after_resampling,
}
