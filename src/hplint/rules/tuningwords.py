"""Values and words that carry their tuning (HP101's evidence).

- **Search output.** A hyperparameter literal with four or more significant digits
  (``max_features=0.43709``, ``reg_alpha=3.5017``) was copied from a search's report, not
  chosen by hand: the call counts as tuned.
- **Words.** A comment on the call's lines or in the comment block that heads its
  statement (``_heading``: the block of comment lines above it, past imports) or, in a
  ``.py`` file, the run of model definitions its statement ends (``_group_heading``), or (in a
  notebook) the markdown cell right before the call's cell, that says the values were
  tuned (or that a search exported them: TPOT's "Average CV score on the training set
  was"). The vocabulary is ``TUNED_WORDS``, one reviewed table.
"""

from __future__ import annotations

import io
import re
import tokenize
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    r"grid[- ]?search(?:cv)?|grid[- ]?cv": "grid search, GridSearchCV (and its short name GridCV)",
    r"random(?:i[sz]ed)?[- ]?search(?:cv)?": "random search, RandomizedSearchCV",
    r"halving(?:grid|random)?search(?:cv)?": "successive halving searches",
    r"bayes(?:ian)?[- ]?(?:search|optimi[sz]ation)|bayessearchcv": "Bayesian optimization",
    r"optuna|hyperopt|skopt|scikit-optimize|ray[- ]tune|hyperband": "optimization libraries",
    # "hyperparameters have already been searched for you": the parameters, then the word.
    r"hyper[- ]?param(?:eter)?s?(?:\W+\w+){0,3}?\W+searched": "hyperparameters said to be searched",
    # Not "cross-validated AUC" or "cross-validated predictions": an evaluation.
    r"cross[- ]?validated(?!\W+(?:auc|roc|scores?|accuracy|predictions?|errors?|r2|rmse|mse"
    r"|log[- ]?loss|estimates?|performance|results?)\b)": "values chosen by cross-validation",
    # Two values compared, and the one kept said to be better: "'isotonic' worked better
    # than the default 'sigmoid'".
    r"(?:works?|worked|performs?|performed|scores?|scored)\s+better": "a value compared and kept",
    # The line TPOT writes above every pipeline its evolutionary search exports.
    r"average\s+cv\s+score\s+on\s+the\s+training\s+set\s+was": "a pipeline exported by TPOT's search",
    # Not "cross-validation" alone: it heads every ``cross_val_score`` of a fixed model.
    r"manual(?:ly)?\W{1,3}cross[- ]?validat(?:ed|ion)": "cross-validation done by hand",
}
_TUNED: Final = re.compile(r"\b(?:" + "|".join(TUNED_WORDS) + r")\b", re.IGNORECASE)

# Significant digits from which a number reads as a search's output.
_SEARCH_OUTPUT_DIGITS: Final = 4


# Words that, earlier in the same sentence, make a tuning word say that nothing was tuned
# ("this parameter should be tuned", "we would select it via grid-search", "not optimal",
# "an accuracy of 78.6% without tuning any parameters").
_NOT_DONE: Final = re.compile(
    r"\b(?:not|never|no|without|should|would|could|might|needs?\s+to|todo|future)\b|n't\b", re.IGNORECASE
)
# Where a sentence starts, for _NOT_DONE.
_SENTENCE_END: Final = re.compile(r"[.;!?\n]")


def says_tuned(text: str) -> bool:
    """Whether ``text`` (a comment, a markdown cell) says that values were tuned: a word of
    ``TUNED_WORDS`` that no negation or modal before it in its sentence turns around."""
    for match in _TUNED.finditer(text):
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())), default=0)
        # (the negation may sit inside a phrase: "hyperparameters were never searched")
        if _NOT_DONE.search(text, start, match.end()) is None:
            return True
    return False


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


# How many comment lines of a heading block are read, from its end: a short comment says
# what the statement below it is; a long block is prose (a sphinx-gallery text cell), whose
# "best" or "grid search" is about something else as often as not.
_HEADING_LINES: Final = 3


# Statements that only call something (``print(...)``, ``logger.info(...)``) right above the
# call's, with no blank line between, that its heading block may pass over in a ``.py``
# file: "# Initialize the model with the best parameters from RandomizedSearchCV" above a
# ``print`` and then ``model = ...``. Not a search space or a search: "# Model tuning" above
# ``params = {...}`` is about the search, not the estimator below it; and a comment that is
# code (``# GridSearchCV(SVC(), grid)``) is no statement about the model.
_TUNED_OVER: Final = 2


def commented_as_tuned(facts: ModuleFacts, construction: Construction) -> bool:
    """Whether a comment on the construction's lines, or the comment block that heads it
    or the run of model definitions it ends (``_group_heading``), says that its values
    were tuned."""
    if not facts.derived(_has_tuned_comment):
        return False
    if any(says_tuned(comment) for comment in comments_beside(facts, construction)):
        return True
    # A notebook's cells are joined with no line between: a comment above the statement
    # before may head another cell.
    if facts.notebook is None:
        comments = comments_beside(facts, construction, over=_TUNED_OVER, passable=_only_calls)
        if any(says_tuned(comment) and not _code(comment) for comment in comments):
            return True
    return any(says_tuned(comment) for comment in _group_heading(facts, construction))


def _group_heading(facts: ModuleFacts, construction: Construction) -> list[str]:
    """The comment block that heads a run of model definitions the construction's statement
    ends: statements ``name = Class(...)``, each one construction, one after another with
    only blank lines between (``# After GridSearchCV, these are the parameters that
    worked best`` above ``rf = ...``, ``et = ...``, ``svc = ...``). Not in a notebook, whose
    cells are joined with no line between: the statement above may be another cell's."""
    if facts.notebook is not None and facts.notebook != facts.text:
        return []
    found = _line_of(facts.module, construction.site.statement, construction.node)
    if found is None:
        return []
    line, block, index = found
    constructions = facts.derived(_construction_ids)
    if index == 0 or not _defines_one_model(line, constructions):
        return []
    if _last_comment_block(line.leading_lines, 1):
        return []  # its own heading speaks for it (``comments_beside``)
    current = index
    while current > 0:
        before = block[current - 1]
        if type(before) is not cst.SimpleStatementLine or not _defines_one_model(before, constructions):
            return []
        current -= 1
        comments = _last_comment_block(before.leading_lines, _HEADING_LINES)
        if comments:
            return comments
    return []


def _defines_one_model(line: cst.SimpleStatementLine, constructions: frozenset[int]) -> bool:
    """Whether ``line`` is ``name = Class(...)``, the call a construction."""
    if len(line.body) != 1 or type(line.body[0]) is not cst.Assign:
        return False
    assign = line.body[0]
    assert isinstance(assign, cst.Assign)
    return len(assign.targets) == 1 and type(assign.targets[0].target) is cst.Name and id(assign.value) in constructions


def _construction_ids(facts: ModuleFacts) -> frozenset[int]:
    return frozenset(id(c.node) for c in facts.constructions)


def comments_beside(
    facts: ModuleFacts,
    construction: Construction,
    heading: int = _HEADING_LINES,
    over: int = 0,
    passable: Callable[[cst.SimpleStatementLine], bool] | None = None,
) -> list[str]:
    """The comments on the construction's lines and the last ``heading`` lines of the
    comment block that heads its statement (``_heading``; ``over``: how many statements
    right above it, with no blank line between, the block may head, each one ``passable``
    if given), each with its ``#``."""
    found = _line_of(facts.module, construction.site.statement, construction.node)
    if found is None:
        return []
    line, block, index = found
    comments = _heading(block, index, heading, over, passable)
    if line.trailing_whitespace.comment is not None:
        comments.append(line.trailing_whitespace.comment.value)
    comments += _comments_in(construction.node)
    return comments


def _has_tuned_comment(facts: ModuleFacts) -> bool:
    """Whether any ``#`` of the module is followed on its line by what ``says_tuned``
    accepts. Every comment starts at one of them (a ``#`` inside a string only adds
    candidates), so this is a superset of the comments read below: most modules have no
    tuning word at all, and then no construction needs its comments read from the tree."""
    text = facts.text
    if _TUNED.search(text) is None:
        return False
    return any(says_tuned(match.group(1)) for match in _EVERY_HASH_TO_END.finditer(text))


# Every ``#`` with the rest of its line (overlapping: each ``#`` of a line is a start).
_EVERY_HASH_TO_END: Final = re.compile(r"(?=(#[^\r\n]*))")


_WITH_LINES: Final = (cst.SimpleStatementLine, cst.BaseCompoundStatement)
_IMPORTS: Final = (cst.Import, cst.ImportFrom)


def _heading(
    block: Sequence[cst.BaseStatement],
    index: int,
    lines: int,
    over: int = 0,
    passable: Callable[[cst.SimpleStatementLine], bool] | None = None,
) -> list[str]:
    """The comment block that heads ``block[index]``: the last run of comment lines above
    it, blank lines between allowed, passing over imports (``# tuned by hand`` above
    ``import xgboost as xgb`` still heads the model below them). Not past other code
    (unless ``over`` says how many simple statements with no blank line between may be
    passed): a notebook's cells are joined without blank lines, so what a comment above
    the previous statement says may be about another cell."""
    current = index
    while True:
        statement = block[current]
        leading = statement.leading_lines if isinstance(statement, _WITH_LINES) else ()
        comments = _last_comment_block(leading, lines)
        if comments or current == 0:
            return comments
        before = block[current - 1]
        if type(before) is not cst.SimpleStatementLine:
            return []
        if not all(type(s) in _IMPORTS for s in before.body):
            if over == 0 or leading or (passable is not None and not passable(before)):
                return []
            over -= 1
        current -= 1


def _code(comment: str) -> bool:
    """Whether a comment is code put out of the way (``# GridSearchCV(SVC(), grid).fit(X,
    y)``): a call or an assignment that parses. What it says is code, not a statement that
    the values below were tuned (``rules.commented`` reads it as code)."""
    text = comment.lstrip("#").strip()
    if "(" not in text and "=" not in text:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<comment>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def _only_calls(line: cst.SimpleStatementLine) -> bool:
    """Whether ``line`` only calls something (``print(...)``), its value thrown away."""
    return all(isinstance(s, cst.Expr) and type(s.value) is cst.Call for s in line.body)


def _last_comment_block(lines: Sequence[cst.EmptyLine], most: int) -> list[str]:
    """The last ``most`` comments of the last run of comment lines in ``lines``, blank
    lines after it allowed."""
    found: list[str] = []
    for line in reversed(lines):
        if line.comment is not None:
            found.append(line.comment.value)
        elif found:
            break
    return found[most - 1 :: -1] if len(found) > most else found[::-1]


# A statement's block and its index there; a simple statement line with its place.
_Place = tuple[Sequence[cst.BaseStatement], int]
_Line = tuple[cst.SimpleStatementLine, Sequence[cst.BaseStatement], int]


def _line_of(module: cst.Module, statement: int, call: cst.Call) -> _Line | None:
    """The innermost simple statement line of ``module.body[statement]`` that holds
    ``call``, with the block of statements it is in and its index there."""
    stack: list[tuple[cst.CSTNode, _Place, _Line | None]] = [
        (module.body[statement], (module.body, statement), None)
    ]
    while stack:
        node, place, line = stack.pop()
        if type(node) is cst.SimpleStatementLine:
            line = (node, *place)
        if node is call:
            return line
        if type(node) is cst.IndentedBlock:
            stack.extend((child, (node.body, i), line) for i, child in enumerate(node.body))
        else:
            stack.extend((child, place, line) for child in children(node))
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
