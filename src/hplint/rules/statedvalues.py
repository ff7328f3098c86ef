"""Prose beside a call that states a hyperparameter's value (HP101's evidence).

A value the author wrote down in words next to the call, together with the parameter it
sets, is a choice made on purpose, not a forgotten guess: "decided to go with ... 4
clusters", "# max_depth=3 keeps the tree readable", "'isotonic' worked better". Read:

- the comments on the call's lines and the comment block that heads its statement (its
  last ``HEADING_LINES`` lines), or the paragraph of code it ends (``HEADING_OVER``);
- in a notebook, the markdown cell right before and the one right after the call's cell
  (fenced code blocks left out);
- for a string value only, the title of the file (the module docstring's first line of
  text, a notebook's first heading): "A demo of structured Ward hierarchical clustering"
  is about ``linkage="ward"``, the value the example demonstrates.

A statement (``states``) is the parameter and the value side by side, in a sentence that
gives a reason (``REASON_WORDS``) or, in a markdown cell, written out as code on its own
(``n_neighbors=1`` in backticks: prose that quotes the exact setting is about it): the
parameter by its name or a noun made from it, then the value ("n_clusters=4", "max depth of
3", "learning rate 0.1", "linkage: ward"); a count before the noun of a count parameter ("4
clusters", "100 trees", "three clusters"); a string value before the parameter's noun ("ward
linkage", "linear kernel") or quoted anywhere ("'isotonic'", "`ward`"). A number alone, or
the value beside another name ("K=50" for ``n_neighbors``), states nothing; nor does
commented-out code ("# n_clusters = 4", "# model = KMeans(n_clusters=4)").

In the comments beside the call only (a markdown cell is about more than one call), two
more things justify values: the parameter named without its value in a sentence with a
reason (``names_with_reason``: "We fix the l1_ratio parameter such that the solution is
still sparse"), and words that say the call's values are there to show something
(``demonstrates``: "don't regularize for illustration purposes"), which justify them all.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Final

import libcst as cst

from hplint.diagnostics import Diagnostic, Hyperparameter
from hplint.model import Argument, Construction, ModuleFacts
from hplint.model.literals import source_text
from hplint.projecttuning import without
from hplint.rules.tuningwords import comments_beside, described_as_tuned

# Comment lines read above the call, from the end of the block that heads its statement:
# more than the three tuning words are read from (a statement names the parameter and its
# value, which a paragraph about something else rarely does), but not a whole page.
HEADING_LINES: Final = 10
# Statements right above the call's, with no blank line between (one paragraph of code),
# whose heading block is read too: "# 'isotonic' worked better" above ``clf = ...`` heads
# the ``CalibratedClassifierCV(clf, method="isotonic")`` on the next line as well.
HEADING_OVER: Final = 2

# Nouns that count what a count parameter sets, written after the number ("4 clusters"),
# each a regular expression. A parameter ``n_<things>`` or ``num_<things>`` counts
# ``<things>`` without an entry here. Reviewed against the corpus of issue 20.
COUNT_NOUNS: Final[Mapping[str, tuple[str, ...]]] = {
    "n_estimators": ("trees", "decision trees", "boosting rounds", "estimators"),
    "n_neighbors": (r"(?:nearest\s+)?neighbou?rs",),
    "n_components": (r"(?:principal\s+)?components", "topics"),
    "k": ("features",),
    "n_features_to_select": ("features",),
}
# Nouns that name a parameter, written before its value ("a depth of 3"), beyond those made
# from its name ("max depth", "maximum depth", "number of clusters").
NAME_NOUNS: Final[Mapping[str, tuple[str, ...]]] = {
    "max_depth": (r"(?:tree\s+)?depth",),
    "n_estimators": (r"number\s+of\s+trees",),
    # The strength of the penalty of linear models, GLMs and the perceptron ("a weak L2
    # penalization to avoid numerical issues"); not "penalty", a parameter of its own.
    "alpha": (r"(?:l[12]\s+)?(?:penali[sz]ation|regulari[sz]ation)(?:\s+strength)?",),
    "C": (r"(?:l[12]\s+)?regulari[sz]ation(?:\s+strength)?",),
}
# Counts written as words ("three clusters").
NUMBER_WORDS: Final[Mapping[str, int]] = {
    word: number
    for number, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), start=1
    )
}

_NUMBER: Final = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_QUOTE: Final = "[`'\"\u2018\u2019\u201c\u201d]"
# Between a parameter and its value: "=", ":", "of", "is", "set to" ..., or nothing.
_CONNECTOR: Final = (
    rf"{_QUOTE}?\s*(?:==?|:|\b(?:is|was|of|to|at|as|equals?|equal\s+to|set\s+to|becomes)\b)?\s*{_QUOTE}?"
)
# Parameter names this short ("C", "k", "p") are read only as written, with "=" or ":".
_SHORT: Final = 2


# What the sentence of a statement says when it gives a reason for the value or tells how
# it was found: each entry a regular expression (matched case-insensitively on word
# boundaries) and what it stands for. A statement without one restates the code ("# Keep 5
# features", "# DBSCAN with eps=1 and min_samples=3", "identify 10 clusters"): on the
# corpus of issue 20 those were as often a value nobody questioned. Reviewed against that
# corpus; add a word here, nowhere else.
REASON_WORDS: Final[Mapping[str, str]] = {
    r"decid(?:e|ed|ing)|chos(?:e|en)|choos(?:e|ing)|pick(?:ed)?|prefer(?:red)?|opted\s+for|settled\s+on"
    r"|(?:go|going|went)\s+with": "a decision",
    r"because|since|so\s+that|such\s+that|in\s+order\s+to|due\s+to|hence|therefore|ensures?|to\s+avoid": "a reason",
    r"seems?|appears?|looks?\s+(?:like|good|right|reasonable)|observed?|we\s+(?:can\s+)?see|there\s+(?:are|is|were|was)"
    r"|visible|clearly|indeed|suggests?|elbow|silhouette|required|trial\s+and\s+error": "what the data shows",
    r"better|worse|faster|good|works?|worked|helps?|helpful|enough|sufficient|reasonable|equivalent|same\s+as"
    r"|recommended": "an assessment",
}
_REASON: Final = re.compile(r"\b(?:" + "|".join(REASON_WORDS) + r")\b", re.IGNORECASE)

# What a comment beside a call says when the call's values are there to show something,
# not to fit the data as well as possible ("don't regularize for illustration purposes",
# "a model that is too regularized (C too low) to see the impact on the results", "a
# degree 10 polynomial to potentially overfit"): the values are the demonstration's, and
# the call counts as justified. Each entry a regular expression (case-insensitive, on word
# boundaries) and what it stands for; reviewed against the gallery and the corpus of
# issue 20. Not read in markdown cells, whose paragraphs are about more than one call.
DEMONSTRATION_WORDS: Final[Mapping[str, str]] = {
    r"for\s+(?:the\s+)?(?:sake\s+of\s+)?(?:illustration|demonstration|simplicity)(?:\s+purposes?)?":
        "for illustration, for simplicity",
    r"to\s+(?:illustrate|demonstrate)|illustrative": "to illustrate",
    r"to\s+see\s+(?:the|its|their|how)\s+(?:impact|effects?|influence|difference)": "to see the impact",
    r"on\s+purpose|deliberately|intentionally": "on purpose",
    r"to\s+(?:potentially\s+)?(?:over|under)[- ]?fit|too\s+(?:regulari[sz]ed|complex|simple|flexible)":
        "to overfit on purpose",
}
_DEMONSTRATION: Final = re.compile(r"\b(?:" + "|".join(DEMONSTRATION_WORDS) + r")\b", re.IGNORECASE)
# A negation before a reason word in its sentence turns it around ("not flexible enough").
_NEGATION: Final = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)
# Where a sentence ends: a full stop (not a decimal point), a blank line, a list item or
# heading on the next line. A single line break does not: comments and markdown wrap.
_SENTENCE_END: Final = re.compile(r"[.!?;](?=\s|$)|\n\s*\n|\n(?=\s*(?:[-*+#>|]|\d+[.)])\s)")


def states(text: str, name: str, value: str, *, markdown: bool = False) -> bool:
    """Whether ``text`` states that parameter ``name`` is ``value`` (its source text), in a
    sentence that gives a reason (``REASON_WORDS``), or, in a notebook's ``markdown``,
    quoted whole as code (in a comment, ``max_depth=4`` in backticks restates the line
    below it as often: the gallery's sphinx text)."""
    lowered = text.lower()
    if not any(needle in lowered for needle in _needles(name, value)):
        return False  # the cheap test: no word every statement of it holds
    return any(
        _value_matches(match, value)
        and (_reasoned(text, match.start(), match.end()) or (markdown and _quoted_setting(text, match)))
        for pattern in _patterns(name, value)
        for match in pattern.finditer(text)
    )


def _quoted_setting(text: str, match: re.Match[str]) -> bool:
    """Whether the statement is the setting written out as code on its own ("Here we'll
    use a k-neighbors classifier with ``n_neighbors=1``", "`bandwidth=0.01`"): prose that
    quotes the exact setting is about it, reason word or not."""
    start, end = match.span()
    return text[start - 1 : start] == "`" and text[end : end + 1] == "`" and "=" in match.group()


def names_with_reason(text: str, name: str) -> bool:
    """Whether ``text`` names parameter ``name`` (by the ways ``_names`` knows; a short
    name only as written, as a word of its own) in a sentence that gives a reason:
    "# We fix the l1_ratio parameter such that the solution is still sparse"."""
    if len(name) > _SHORT and not any(needle in text.lower() for needle in _needles(name, "0")):
        return False
    return any(
        _reasoned(text, match.start(), match.end()) for pattern in _name_patterns(name) for match in pattern.finditer(text)
    )


@lru_cache(maxsize=1024)
def _name_patterns(name: str) -> tuple[re.Pattern[str], ...]:
    if len(name) > _SHORT:
        return (re.compile(rf"(?<![\w.])(?:{'|'.join(_names(name))})(?!\w)", re.IGNORECASE),)
    # A short name as written, a word of its own; its nouns (``NAME_NOUNS``) in any case.
    found = [re.compile(rf"(?<![\w.'\"`]){re.escape(name)}(?![\w.'\"`(])")]
    if name in NAME_NOUNS:
        found.append(re.compile(rf"(?<![\w.])(?:{'|'.join(NAME_NOUNS[name])})(?!\w)", re.IGNORECASE))
    return tuple(found)


def demonstrates(text: str) -> bool:
    """Whether ``text`` (comments beside a call) says its values are there to show
    something (``DEMONSTRATION_WORDS``)."""
    return _DEMONSTRATION.search(text) is not None


def _reasoned(text: str, start: int, end: int) -> bool:
    """Whether the sentence of ``text`` around ``start:end`` has a reason word that no
    negation before it turns around."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = _SENTENCE_END.search(text, end)
    sentence = text[begin : stop.start() if stop else len(text)]
    return any(_NEGATION.search(sentence, 0, m.start()) is None for m in _REASON.finditer(sentence))


def titled(title: str, owner: str, name: str, value: str) -> bool:
    """Whether ``title`` names the string ``value`` (source text) as what it is about: the
    value's word next to a word of the class's name ("Ward hierarchical clustering" for
    ``AgglomerativeClustering``), or before the parameter's noun ("L1 Penalty")."""
    word = _string(value)
    if not title or word is None or word.lower() not in title.lower():
        return False
    pattern = _title_pattern(owner, name, word)
    return pattern is not None and pattern.search(title) is not None


@lru_cache(maxsize=1024)
def _title_pattern(owner: str, name: str, word: str) -> re.Pattern[str] | None:
    if len(word) < 2 or not re.fullmatch(r"\w[\w -]*\w", word):
        return None
    # A word of the class's name by its first five letters ("clust", "calib"), at most
    # one word away from the value's.
    stems = [part[:5] for part in re.findall(r"[A-Z][a-z]{3,}", owner)]
    if not stems:
        return None
    around = rf"(?:\w+\s+)?(?:{'|'.join(stems)})\w*"
    near = rf"(?<!\w){re.escape(word)}\s+{around}|{around}\s+{re.escape(word)}(?!\w)"
    return re.compile(f"{near}|{_before_name(word, name)}", re.IGNORECASE)


def _before_name(word: str, name: str) -> str:
    """A string value's word, quoted or not, before a noun naming parameter ``name``."""
    return rf"(?<!\w){_QUOTE}?{re.escape(word)}{_QUOTE}?\s+(?:{'|'.join(_names(name))})(?!\w)"


@lru_cache(maxsize=1024)
def _patterns(name: str, value: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of a statement of ``name`` = ``value``; a number is captured in group
    ``number`` and compared by ``_value_matches``."""
    literal = _literal(value)
    short = len(name) <= _SHORT
    flags = 0 if short else re.IGNORECASE
    if type(literal) in (int, float):
        written = rf"(?P<number>{_NUMBER})(?![\w]|\.\d)"
    elif isinstance(literal, str):
        written = rf"{re.escape(literal)}(?!\w)"
    else:  # a tuple, True, None ...: token by token as written
        written = r"\s*".join(re.escape(token) for token in re.findall(r"\w+|\S", value)) + r"(?!\w)"
    names = "|".join(_names(name))
    connector = r"\s*[=:]\s*" if short else _CONNECTOR
    found = [re.compile(rf"(?<![\w.])(?:{names}){connector}{written}", flags)]
    if isinstance(literal, str):
        found.append(re.compile(rf"{_QUOTE}{re.escape(literal)}{_QUOTE}", re.IGNORECASE))
        if not short:
            found.append(re.compile(_before_name(literal, name), re.IGNORECASE))
    elif type(literal) is int and (nouns := _count_nouns(name)):
        words = "|".join(word for word, number in NUMBER_WORDS.items() if number == literal)
        count = rf"(?P<number>{_NUMBER})" + (f"|{words}" if words else "")
        found.append(
            re.compile(rf"(?<![\w.])(?:{count})\s+(?:[a-z-]+\s+)?(?:{'|'.join(nouns)})\b", re.IGNORECASE)
        )
    return tuple(found)


@lru_cache(maxsize=1024)
def _needles(name: str, value: str) -> tuple[str, ...]:
    """Lowercase strings one of which every statement of ``name`` = ``value`` holds: a
    string value itself, or the words (three letters or more) of the patterns that name
    the parameter or count what it sets (each of those patterns has one it cannot do
    without), or a short name as written."""
    literal = _literal(value)
    if isinstance(literal, str):
        return (literal.lower(),)
    sources = [*_names(name), *_count_nouns(name)]
    words = {word.lower() for source in sources for word in re.findall(r"[A-Za-z]{3,}", source)}
    return (*words, name.lower()) if len(name) <= _SHORT else tuple(words)


def _names(name: str) -> list[str]:
    """The ways prose names parameter ``name``: as written, with spaces for underscores,
    ``max_`` as "maximum", ``n_`` as "number of", and ``NAME_NOUNS``."""
    found = [re.escape(name)]
    words = name.split("_")
    if len(words) > 1:
        found.append(r"\s+".join(map(re.escape, words)))
        head, rest = words[0], r"\s+".join(map(re.escape, words[1:]))
        if head in ("max", "min"):
            found.append(rf"{head}imum\s+{rest}")
        elif head in ("n", "num"):
            found.append(rf"number\s+of\s+{rest}")
    found += NAME_NOUNS.get(name, ())
    return found


def _count_nouns(name: str) -> list[str]:
    words = name.split("_")
    made = [r"\s+".join(map(re.escape, words[1:]))] if len(words) > 1 and words[0] in ("n", "num") else []
    return made + list(COUNT_NOUNS.get(name, ()))


def _value_matches(match: re.Match[str], value: str) -> bool:
    number = match.groupdict().get("number")
    if number is None:
        return True  # a string, a token pattern, or a count in words
    try:
        return float(number) == float(_literal(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _literal(value: str) -> object:
    try:
        return ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _string(value: str) -> str | None:
    literal = _literal(value)
    return literal if isinstance(literal, str) else None


# -- scripts: comments and the docstring's title ---------------------------------------------


def stated_arguments(
    facts: ModuleFacts, construction: Construction, arguments: Sequence[Argument]
) -> tuple[list[Argument], bool]:
    """The ``arguments`` whose value the comments beside the construction, or the file's
    title, state; and whether the comments say the call's values are there to show
    something (``demonstrates``: they justify them all)."""
    title = facts.derived(_title)
    owner = construction.estimator.name
    shown = [(a, a.parameter.name, source_text(a.node.value)) for a in arguments if a.parameter is not None]
    justified = [a for a, name, value in shown if titled(title, owner, name, value)]
    if len(justified) < len(shown) and "#" in facts.text:
        prose = _prose(comments_beside(facts, construction, HEADING_LINES, HEADING_OVER))
        if prose and demonstrates(prose):
            return justified, True
        if prose:
            justified += [
                a for a, name, value in shown
                if a not in justified and (states(prose, name, value) or names_with_reason(prose, name))
            ]  # fmt: skip
    return justified, False


def _prose(comments: Sequence[str]) -> str:
    """The comments' text, one a line, without ``#`` and commented-out code (a statement
    may run over two lines of the heading block)."""
    texts = [comment.lstrip("#").strip() for comment in comments]
    return "\n".join(text for text in texts if not _is_code(text))


def _is_code(text: str) -> bool:
    """Whether a comment's text is commented-out code: Python other than a lone name or
    constant ("# TODO", "# 'isotonic'")."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return not all(
        type(statement) is ast.Expr and type(statement.value) in (ast.Name, ast.Constant) for statement in tree.body
    )


def _title(facts: ModuleFacts) -> str:
    """The first line of text of the module's docstring (over a sphinx-gallery title's
    ``====`` rules)."""
    body = facts.module.body
    first = body[0] if body else None
    if type(first) is not cst.SimpleStatementLine or type(first.body[0]) is not cst.Expr:
        return ""
    string = first.body[0].value
    if not isinstance(string, (cst.SimpleString, cst.ConcatenatedString)):
        return ""
    text = string.evaluated_value
    return _title_line(text) if isinstance(text, str) else ""


def _title_line(text: str) -> str:
    """The first line of ``text`` with a letter in it, markdown's ``#`` left out."""
    for line in text.splitlines():
        if any(c.isalpha() for c in line):
            return line.strip().lstrip("#").strip()
    return ""


# -- notebooks: the markdown cells around a cell ----------------------------------------------


def described(
    found: Sequence[Diagnostic], before: Mapping[int, str], after: Mapping[int, str], heading: str
) -> list[Diagnostic]:
    """A notebook's findings less what its markdown says: the HP101 findings of a cell
    right after a markdown cell that says the values were tuned, and the arguments whose
    value the markdown cell right before or right after the finding's cell states, or
    whose string value the notebook's ``heading`` names."""
    kept = []
    for diagnostic in found:
        if described_as_tuned(diagnostic, before):
            continue
        left = _unstated_in_markdown(diagnostic, before, after, heading)
        if left is not None:
            kept.append(left)
    return kept


def _unstated_in_markdown(
    diagnostic: Diagnostic, before: Mapping[int, str], after: Mapping[int, str], heading: str
) -> Diagnostic | None:
    """``diagnostic`` less the arguments the markdown around its cell states (None: all)."""
    untuned, cell = diagnostic.untuned, diagnostic.cell
    if untuned is None or cell is None:
        return diagnostic
    prose = [_FENCED.sub("", text) for text in (before.get(cell), after.get(cell)) if text]
    if not prose and not heading:
        return diagnostic
    owner = untuned.qualname.rpartition(".")[2]

    def stated(argument: Hyperparameter) -> bool:
        name, value = argument.name, argument.value
        return titled(heading, owner, name, value) or any(states(text, name, value, markdown=True) for text in prose)

    return without(diagnostic, stated)


# A fenced code block of a markdown cell: code, not prose.
_FENCED: Final = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
