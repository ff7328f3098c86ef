"""The rule registry: every code hplint can report, in code order.

Codes, names and summaries only: what selection, configuration, ``hplint rule`` and the
reports need. It imports nothing, so that commands that lint nothing (``--version``,
``rule``, a run answered from the cache) do not load LibCST; the checks that implement the
rules are in ``checks.py``, loaded with the first file linted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["BY_CODE", "ENGINE_CODES", "FILE_LEVEL_CODES", "PREVIEW_NOTE", "RULES", "Rule", "is_preview"]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    # A rule in preview (ruff's model) runs only when preview is on (`--preview`,
    # `preview = true`): new rule families ship so until their precision on real code has
    # been measured. Its page carries PREVIEW_NOTE under the title.
    preview: bool = False


RULES: tuple[Rule, ...] = (
    Rule("HP000", "internal-error", "A file hplint itself failed on: a bug in hplint, reported as a finding."),
    Rule("HP001", "syntax-error", "A file that cannot be parsed as Python."),
    Rule("HP002", "io-error", "A file that cannot be read or decoded as text."),
    Rule(
        "HP003",
        "unused-noqa",
        "A `# noqa` directive naming an hplint code that suppresses nothing on its line.",
        preview=True,
    ),
    Rule(
        "HP101",
        "untuned-hyperparameter",
        "A literal hyperparameter in an estimator constructor that nothing in the project tunes.",
    ),
    Rule(
        "HP102",
        "single-candidate-search",
        "A search-space entry with exactly one candidate: a fixed value dressed as a search.",
    ),
    Rule(
        "HP201",
        "learned-attribute-before-fit",
        "A learned attribute read on an estimator that is not fitted there.",
    ),
    Rule(
        "HP202",
        "method-before-fit",
        "A method that needs a fitted estimator, called on one that is not fitted there.",
    ),
    Rule(
        "HP203",
        "unknown-learned-attribute",
        "A learned-looking attribute (`name_`) that the estimator never has.",
    ),
    Rule(
        "HP301",
        "non-model-argument-in-search-space",
        "A search-space key that is not a hyperparameter (random_state, n_jobs, verbose ...).",
    ),
    Rule(
        "HP302",
        "unknown-search-parameter",
        "A search-space key that names no parameter of the estimator it targets.",
    ),
    Rule(
        "HP401",
        "unknown-constructor-argument",
        "An argument the estimator's constructor does not accept.",
    ),
    Rule(
        "HP402",
        "invalid-hyperparameter-value",
        "A literal value the estimator's declared parameter constraints reject.",
    ),
    Rule(
        "HP403",
        "deprecated-argument",
        "A parameter, value, module, class or function the target scikit-learn release deprecates, or no longer has.",
    ),
    Rule(
        "HP501",
        "argument-without-effect",
        "A constructor argument that the estimator ignores given its other arguments.",
        preview=True,
    ),
    Rule(
        "HP502",
        "search-key-without-effect",
        "A search-space key whose candidates cannot change the model: wasted fits.",
        preview=True,
    ),
    Rule(
        "HP503",
        "class-weight-after-resampling",
        '`class_weight="balanced"` on a classifier whose pipeline resamples every class to one size first.',
        preview=True,
    ),
)

BY_CODE: Mapping[str, Rule] = {rule.code: rule for rule in RULES}

# The line a preview rule's page has under its title (ruff's wording), and no other page.
PREVIEW_NOTE = "This rule is unstable and in preview. The `--preview` flag is required for use."


def is_preview(code: str) -> bool:
    """Whether ``code`` names a rule in preview (an unknown code is not)."""
    rule = BY_CODE.get(code)
    return rule is not None and rule.preview

# Reported by the engine for every file, whatever is selected, unless ignored explicitly.
FILE_LEVEL_CODES = frozenset({"HP000", "HP001", "HP002"})

# Reported by the engine rather than by a check of rules/checks.py: the file-level codes,
# and HP003 (unused noqa directives), which suppress.py finds while applying them.
ENGINE_CODES = FILE_LEVEL_CODES | {"HP003"}
