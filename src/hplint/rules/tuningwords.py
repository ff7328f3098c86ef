"""Values and words that carry their tuning (HP101's evidence).

- **Search output.** A hyperparameter literal with four or more significant digits
  (``max_features=0.43709``, ``reg_alpha=3.5017``) was copied from a search's report, not
  chosen by hand: the call counts as tuned.
- **Words.** A comment on the call's lines or on the line above it, or (in a notebook) the
  markdown cell right before the call's cell, that says the values were tuned. The
  vocabulary is ``TUNED_WORDS``, one reviewed table.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

import libcst as cst

from hplint.diagnostics import Diagnostic
from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import code
from hplint.model.walk import children

# What a comment or a markdown cell says when the values next to it came from tuning: each
# entry a regular expression (matched case-insensitively on word boundaries) and what it
# stands for. Reviewed against the corpus of issue 20; add a word here, nowhere else.
TUNED_WORDS: Final[Mapping[str, str]] = {
    r"(?:fine[- ]?)?tun(?:ed|ing)": "tuned, tuning, fine-tuned, hyperparameter tuning",
    r"best": "the best parameters, model or value",
    r"optimal|optimi[sz](?:ed|ation)": "optimal, optimized, optimisation",
    r"grid[- ]?search(?:cv)?": "grid search, GridSearchCV",
    r"random(?:i[sz]ed)?[- ]?search(?:cv)?": "random search, RandomizedSearchCV",
    r"halving(?:grid|random)?search(?:cv)?": "successive halving searches",
    r"bayes(?:ian)?[- ]?(?:search|optimi[sz]ation)|bayessearchcv": "Bayesian optimization",
    r"optuna|hyperopt|skopt|scikit-optimize|ray[- ]tune|hyperband": "optimization libraries",
    r"cross[- ]?validated": "values chosen by cross-validation",
}
_TUNED: Final = re.compile(r"\b(?:" + "|".join(TUNED_WORDS) + r")\b", re.IGNORECASE)

# Significant digits from which a number reads as a search's output.
_SEARCH_OUTPUT_DIGITS: Final = 4


def says_tuned(text: str) -> bool:
    """Whether ``text`` (a comment, a markdown cell) says that values were tuned."""
    return _TUNED.search(text) is not None


def has_search_output(arguments: Iterable[Argument]) -> bool:
    """Whether one of the (hyperparameter) ``arguments`` holds a number copied from a
    search's output."""
    return any(
        significant_digits(number) >= _SEARCH_OUTPUT_DIGITS
        for argument in arguments
        for number in _numbers(argument.node.value)
    )


def _numbers(node: cst.BaseExpression) -> Iterator[str]:
    """The numbers written in a literal: alone, signed, or in a tuple or list."""
    if type(node) is cst.Float or type(node) is cst.Integer:
        yield node.value
    elif type(node) is cst.UnaryOperation:
        yield from _numbers(node.expression)
    elif type(node) is cst.Tuple or type(node) is cst.List:
        for element in node.elements:
            yield from _numbers(element.value)


def significant_digits(number: str) -> int:
    """Significant digits of a number as written (``0.43709`` -> 5, ``1000`` -> 1, ``1e-4``
    -> 1). Trailing zeros count as padding: ``1.500`` -> 2."""
    mantissa = re.split(r"[eE]", number.replace("_", ""), maxsplit=1)[0]
    if mantissa.lower().startswith(("0x", "0o", "0b")):
        return 0
    digits = mantissa.replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


def commented_as_tuned(facts: ModuleFacts, construction: Construction) -> bool:
    """Whether a comment on the construction's lines, or on the line above its statement,
    says that its values were tuned."""
    if not facts.derived(_has_tuned_comment):
        return False
    line = _line_of(facts.module.body[construction.site.statement], construction.node)
    if line is None:
        return False
    comments = [c.comment.value for c in line.leading_lines[-1:] if c.comment is not None]
    if line.trailing_whitespace.comment is not None:
        comments.append(line.trailing_whitespace.comment.value)
    comments += _comments_in(construction.node)
    return any(says_tuned(comment) for comment in comments)


def _has_tuned_comment(facts: ModuleFacts) -> bool:
    """Whether any ``#`` of the module (a comment, or a ``#`` inside a string: a superset)
    is followed on its line by a word of the vocabulary. Most modules have none, and then
    no construction needs its comments read from the tree."""
    return any(says_tuned(match.group()) for match in _HASH_TO_END.finditer(facts.text))


_HASH_TO_END: Final = re.compile(r"#[^\r\n]*")


def _line_of(statement: cst.CSTNode, call: cst.Call) -> cst.SimpleStatementLine | None:
    """The innermost simple statement line of ``statement`` that holds ``call``."""
    stack: list[tuple[cst.CSTNode, cst.SimpleStatementLine | None]] = [(statement, None)]
    while stack:
        node, line = stack.pop()
        if type(node) is cst.SimpleStatementLine:
            line = node
        if node is call:
            return line
        stack.extend((child, line) for child in children(node))
    return None


def _comments_in(call: cst.Call) -> list[str]:
    """The comments inside a call that spans several lines."""
    text = code(call)
    if "#" not in text or "\n" not in text:
        return []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


def described_as_tuned(diagnostic: Diagnostic, markdown_before: Mapping[int, str]) -> bool:
    """Whether ``diagnostic`` is an HP101 finding in a notebook cell right after a markdown
    cell that says the values were tuned."""
    if diagnostic.code != "HP101" or diagnostic.cell is None:
        return False
    markdown = markdown_before.get(diagnostic.cell)
    return markdown is not None and says_tuned(markdown)
