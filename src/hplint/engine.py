"""Source text in, diagnostics out: the one entry point the CLI and tests call."""

from __future__ import annotations

import ast
import functools
import keyword
import re
import warnings

from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Final

from hplint import catalog, suppress
from hplint.catalog import builders, functions, removals, searches, target
from hplint.config import Settings
from hplint.deepstack import on_deep_stack
from hplint.diagnostics import NO_TUNING, Diagnostic, Location, TuningFacts
# Re-exported: the engine's callers know them as ``engine.FileResult`` and ``engine.io_error``.
from hplint.diagnostics import FileResult as FileResult
from hplint.diagnostics import io_error as io_error
from hplint.fix import whole_lines
from hplint.lines import split_lines
from hplint.notebook import Notebook, parse_notebook, read_notebook
from hplint.parsing import collector_paused, parse_module
from hplint.projecttuning import may_tune
from hplint.source import SourceError, decode, read_source

# LibCST (~150 ms to import), the model and the rules are imported where a file is parsed
# with LibCST: a file that needs no analysis (``_needs_analysis``) never loads them
# (tests/test_startup.py).
if TYPE_CHECKING:
    import libcst as cst

DEFAULT_SETTINGS = Settings()

# Python source longer than this is not parsed: parsing costs about a second and up to a
# gigabyte of memory per million characters of dense code (a 50 MB file took the whole
# 24 GB machine), and source that long is generated data, not code a person reads.
MAX_SOURCE_CHARS = 5_000_000

# Characters do not bound what LibCST's parse costs: its memory grows with the number of
# nodes it builds, a few kilobytes each, and ten characters may hold one node or five (a
# 4 MB list of small numbers took 10 GB). Python's tree, which the engine has anyway, is
# counted instead before LibCST parses (~2% of a lint). Measured peak of a whole lint per
# node of Python's tree: 2.2 to 5.9 KB over a dozen shapes of dense code (a long literal
# list is the worst), 3.4 to 5.6 KB on the largest real modules found (numpy's
# test_multiarray.py, 92,000 nodes, 340 MB). The limit is three times the largest real
# module and caps one file at about 1.8 GB (bench/run.py --memory measures it).
MAX_SYNTAX_NODES = 300_000
# Python's tree has at most about two nodes per character (``-a``, ``a<b``: an operator
# and its operand): below this many characters, no source can be over the node limit.
_COUNT_NODES_FROM = MAX_SYNTAX_NODES // 4


def lint_source(
    source: str, path: str = "<string>", settings: Settings = DEFAULT_SETTINGS, tree: ast.Module | None = None
) -> list[Diagnostic]:
    """Lint Python source text and return its diagnostics in source order (``tree``:
    Python's tree of ``source``, when the caller has parsed it already). HP101 counts the
    file's own tuning only: the project's is ``projecttuning.apply``'s."""
    return lint_source_tuning(source, path, settings, tree)[0]


Linted = tuple[list[Diagnostic], TuningFacts]


def lint_source_tuning(
    source: str,
    path: str = "<string>",
    settings: Settings = DEFAULT_SETTINGS,
    tree: ast.Module | None = None,
    cells: str | None = None,
) -> Linted:
    """``lint_source``, and what the source tunes (for the other files of its project);
    ``cells``: a notebook's code cells as written, when ``source`` is their Python."""
    if len(source) > MAX_SOURCE_CHARS:
        reason = f"too large to lint: {len(source):,} characters of Python (the limit is {MAX_SOURCE_CHARS:,})"
        return [io_error(reason)] if settings.enabled_in("HP002", path) else [], NO_TUNING
    # The trees of one file have no cycles and are freed when it is done: the collector
    # would only walk them again and again while they grow (parsing.py).
    with collector_paused():
        return _lint_source(source, path, settings, tree, cells)


def _lint_source(
    source: str, path: str, settings: Settings, parsed: ast.Module | None, cells: str | None = None
) -> Linted:
    # Python's verdict, on this thread and within Python's own recursion limit: what the
    # interpreter refuses as nested too deeply is refused here too.
    tree, python_error, final = (parsed, None, False) if parsed is not None else _python_parse(source)
    verdict = python_error, final
    if python_error is not None and final:
        return [python_error] if settings.enabled_in("HP001", path) else [], NO_TUNING
    if tree is not None and not _needs_analysis(source, tree) and not may_tune(source, tree, imported_names(tree)):
        # No rule can report on a file that imports no catalogued library: only whether it
        # parses matters, and Python's parser has answered that at a tenth of LibCST's cost.
        # (Its noqa comments may still name hplint codes that suppress nothing: HP003.)
        # Unless it may tune what another file of the project builds (HP101).
        return suppress.apply([], source, path, settings, tree), NO_TUNING
    nodes = _syntax_nodes(source, tree)
    if nodes > MAX_SYNTAX_NODES:
        reason = (
            f"too large to lint: {nodes:,} syntax tree nodes (the limit is {MAX_SYNTAX_NODES:,},"
            " which bounds the memory one file may take)"
        )
        return [io_error(reason)] if settings.enabled_in("HP002", path) else [], NO_TUNING
    return on_deep_stack(lambda: _lint_parsed(source, path, settings, verdict, tree, cells))


# The cell marker ``jupyter nbconvert --to script`` writes before each code cell: the
# script is a notebook, whose top-level names no other file imports.
_EXPORTED_NOTEBOOK: Final = re.compile(r"^# In\[[ \d]*\]:[ \t]*$", re.MULTILINE)


def importable(path: str) -> bool:
    """Whether an ``import`` statement can name the ``.py`` file at ``path``: its stem is an
    identifier (``train.py``, not ``01-train.py`` or ``2000.models.py``). Other paths (a
    string, standard input, a stub) count as importable."""
    name = PurePath(path).name
    if not name.endswith(".py"):
        return True
    stem = name[: -len(".py")]
    return stem.isidentifier() and not keyword.iskeyword(stem)


def _lint_parsed(
    source: str,
    path: str,
    settings: Settings,
    verdict: tuple[Diagnostic | None, bool],
    tree: ast.Module | None = None,
    cells: str | None = None,
) -> Linted:
    parsed = parse(source, verdict)
    if parsed is None:
        return [], NO_TUNING
    if isinstance(parsed, Diagnostic):
        reported = [parsed] if settings.enabled_in("HP001", path) else []
        return reported, _python2_tuning(source, path, settings) if cells is None else NO_TUNING
    from hplint import model
    from hplint.model.positions import Positions
    from hplint.rules.checks import CHECKS
    from hplint.rules.tuning import project_facts

    module = parsed
    if cells is None and (not importable(path) or _EXPORTED_NOTEBOOK.search(source) is not None):
        # A script no ``import`` can name (``01-train.py``), or a notebook exported as a
        # script: its names are nobody's import.
        cells = source
    facts = model.build(module, target_catalog(settings), settings.options, source, cells)
    positions: Positions | None = None
    lines: list[str] | None = None
    found = []
    for code, check in CHECKS.items():
        if not settings.enabled(code):
            continue
        for violation in check(facts):
            if positions is None:
                positions = Positions(module, tree, source)
            start, end = positions.span(violation.node, violation.statement)
            fix = None
            if violation.fix is not None:
                lines = split_lines(source) if lines is None else lines
                fix = whole_lines(violation.fix.place(positions), lines)
            untuned = violation.untuned.place(positions, violation.statement) if violation.untuned else None
            found.append(Diagnostic(violation.code, violation.message, start, end, start.row, fix=fix, untuned=untuned))
    found.sort(key=Diagnostic.sort_key)
    return suppress.apply(found, source, path, settings, tree), project_facts(facts)


def _python2_tuning(source: str, path: str, settings: Settings) -> TuningFacts:
    """What a ``.py`` file saved for Python 2 tunes for the other files of its project, read
    with its ``print`` statements written as calls when that makes it parse (as a notebook's
    Python 2 cell is: the search its author ran counts). Only its HP001 is reported."""
    from hplint import unparsed

    converted = unparsed.python2_prints(source.splitlines())
    if converted is None:
        return NO_TUNING
    text = "\n".join(converted) + "\n"
    tree, error, _ = _python_parse(text)
    if tree is None or error is not None:
        return NO_TUNING
    return _lint_source(text, path, settings, tree)[1]


def target_catalog(settings: Settings) -> catalog.Catalog:
    """The catalog as of the scikit-learn release the settings target."""
    known = catalog.load()
    return known.at(target.effective(settings.target_sklearn_version, known))


# Python's parser gives up on these with a SyntaxError, a RecursionError or a MemoryError;
# LibCST's native parser would overflow its stack on the same input and kill the process.
# Indentation deeper than 100 levels is refused by every CPython's tokenizer (MAXINDENT).
_TOO_DEEP = (
    "too many nested parentheses", "too many statically nested blocks", "too complex",
    "too many levels of indentation",
)  # fmt: skip


def parse(
    source: str, verdict: tuple[Diagnostic | None, bool] | None = None
) -> cst.Module | Diagnostic | None:
    """Parse ``source`` with LibCST, or return the HP001 finding that explains why not.

    Python's own parser (``ast.parse``: it compiles nothing and runs nothing) reads the
    source first. It costs about a tenth of a LibCST parse and buys two things: input
    nested too deeply for any Python is refused before it can crash LibCST, and syntax
    errors are worded and placed as Python reports them. Source that only a newer Python
    accepts still goes to LibCST, which parses every version's syntax. Source Python
    accepts and LibCST does not (LibCST's own limits, such as 20,000 implicitly
    concatenated strings) is valid: None, nothing to report and nothing to check.
    ``verdict`` is ``python_syntax_error(source)`` when the caller has it already.
    """
    import libcst as cst

    python_error, final = verdict if verdict is not None else python_syntax_error(source)
    if python_error is not None and final:
        return python_error
    try:
        return parse_module(source)
    except cst.ParserSyntaxError as error:
        if python_error is not None:
            return python_error
        del error
        return None


def libcst_parses(source: str) -> bool:
    """Whether ``source`` parses (a fixed or commented file must): on a deep stack, as a
    lint does, since LibCST's native parser recurses once per level of nesting."""
    return not isinstance(on_deep_stack(lambda: parse(source)), Diagnostic)


def python_syntax_error(source: str) -> tuple[Diagnostic | None, bool]:
    """Python's own verdict on ``source``: (HP001 or None, whether it is final).

    Final means LibCST must not see the source (nested too deeply); otherwise an error
    may still be Python-version specific, and LibCST gets to try.
    """
    _, python_error, final = _python_parse(source)
    return python_error, final


def _python_parse(source: str) -> tuple[ast.Module | None, Diagnostic | None, bool]:
    """``ast.parse(source)``: (the tree, None, False), or (None, HP001, whether final)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source), None, False
    except SyntaxError as error:
        too_deep = any(reason in error.msg for reason in _TOO_DEEP)
        return None, _hp001(error.msg, error.lineno or 1, error.offset or 1), too_deep
    except (RecursionError, MemoryError):
        return None, _hp001("too deeply nested to parse", 1, 1), True
    except ValueError as error:  # e.g. "source code string cannot contain null bytes"
        return None, _hp001(str(error), 1, 1), True


def _syntax_nodes(source: str, tree: ast.Module | None) -> int:
    """How many nodes Python's tree of ``source`` has: what LibCST's memory grows with.

    Counted only where the limit could be reached. Without a tree (syntax only a newer
    Python accepts, which LibCST still parses), the characters stand in, one node each:
    the densest code measured costs LibCST at most about 3 KB per character.
    """
    if len(source) < _COUNT_NODES_FROM:
        return 0
    if tree is None:
        return len(source)
    count = 0
    pending: list[ast.AST] = [tree]
    node_type = ast.AST
    # ``ast.walk`` does the same at twice the cost (a generator and iter_child_nodes).
    while pending:
        node = pending.pop()
        count += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                pending.extend(item for item in value if isinstance(item, node_type))
            elif isinstance(value, node_type):
                pending.append(value)
    return count


def _needs_analysis(source: str, tree: ast.Module) -> bool:
    """Whether any rule could report on this module.

    Every finding is about a call whose callee resolves, through an absolute import in the
    file, to something catalogued: an estimator, a factory (``make_pipeline``), a search
    space builder (``ParameterGrid``, ``validation_curve``). Relative imports resolve to
    nothing and unresolved names are silent, so a file needs analysis only if one of its
    imports binds such a name or a module above one (``sklearn``, ``sklearn.svm``). A file
    that imports only, say, ``sklearn.utils.check_array`` cannot be reported on.

    A cheap textual test first, since an import spells the library's name out; then
    Python's tree, which tells an import from a mention in a comment or a string.
    """
    roots = _catalogued_roots()
    if not any(root in source for root in roots):
        return False
    imported = imported_names(tree)
    reachable = _reachable()
    # A star import from a catalogued module may bind anything of it.
    return any(name.partition(".")[0] in roots for name in imported) and any(
        name in reachable or (name.endswith(".*") and name.partition(".")[0] in roots)
        or removals.leads_to(name)  # HP403 reports the import, or a dotted use past it
        for name in imported
    )


@functools.cache
def _catalogued_roots() -> frozenset[str]:
    return catalog.load().roots()


@functools.cache
def _reachable() -> frozenset[str]:
    """Every qualified name a rule's subject goes by, in any catalogued release, and every
    module path above one: what an import must bind for a call to resolve to a subject."""
    known = catalog.load()
    names = set(searches.PEERS).union(
        searches.BARE_SPACES, searches.CURVES, builders.FACTORIES, builders.CLONE, functions.names()
    )
    for release in known.releases or [known.release]:
        names.update(known.at(release).entry_names() if release else known.entry_names())
    parents = {name.rpartition(".")[0] for name in names}
    while parents - names:
        names |= parents
        parents = {name.rpartition(".")[0] for name in parents if "." in name}
    return frozenset(names - {""})


def imported_names(tree: ast.Module) -> list[str]:
    """What each name an absolute import binds stands for, as the resolver reads it:
    ``import a.b`` binds ``a``; ``import a.b as x`` and ``from a import b`` bind ``a.b``;
    ``from a import *`` is ``a.*``. Relative imports bind nothing that resolves."""
    found: list[str] = []
    # Imports are statements, and statements only nest in other statements' bodies: the
    # expressions, by far the bulk of a tree, need not be visited.
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        statement = pending.pop()
        if isinstance(statement, ast.Import):
            found.extend(a.name if a.asname else a.name.partition(".")[0] for a in statement.names)
        elif isinstance(statement, ast.ImportFrom):
            if statement.level == 0 and statement.module:
                found.extend(f"{statement.module}.{alias.name}" for alias in statement.names)
        else:
            for name in _BODIES:
                pending.extend(getattr(statement, name, ()))
            for handler in getattr(statement, "handlers", ()):
                pending.extend(handler.body)
            for case in getattr(statement, "cases", ()):
                pending.extend(case.body)
    return found


# The fields of a statement that hold statements (handlers and match cases hold bodies).
_BODIES = ("body", "orelse", "finalbody")


def _hp001(message: str, row: int, column: int) -> Diagnostic:
    where = Location(row, max(column, 1))
    return Diagnostic("HP001", f"SyntaxError: {message}", where, where, row)


def internal_error(error: BaseException) -> Diagnostic:
    """HP000 for a file hplint failed on: a bug in hplint, never in the file."""
    lines = str(error).strip().splitlines()
    detail = f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__
    where = Location(1, 1)
    message = f"internal error: {detail}; this is a bug in hplint, please report it (`--verbose` shows the traceback)"
    return Diagnostic("HP000", message, where, where, None)


def _failed(
    path: Path,
    settings: Settings,
    error: Exception,
    source: str | None = None,
    cells: Mapping[int, str] | None = None,
) -> FileResult:
    """The result for a file hplint itself failed on: one HP000, and the failure kept."""
    import traceback

    found = [internal_error(error)] if settings.enabled_in("HP000", str(path)) else []
    return FileResult(
        path, found, source, cells,
        internal_error=f"{type(error).__name__}: {error}", traceback=traceback.format_exc(),
    )  # fmt: skip


def lint_file(
    path: Path, settings: Settings = DEFAULT_SETTINGS, data: bytes | None = None
) -> FileResult:
    """Read (unless ``data`` holds the file's bytes), decode and lint one file.

    Failures become diagnostics, never exceptions: HP002 for a file that cannot be read,
    HP000 (and ``internal_error``) when hplint itself fails on it.
    """
    if path.suffix.lower() == ".ipynb":
        return _lint_notebook(path, settings, data)
    try:
        source = read_source(path) if data is None else decode(data)
    except SourceError as error:
        found = [io_error(str(error))] if settings.enabled_in("HP002", str(path)) else []
        return FileResult(path, found)
    except Exception as error:  # noqa: BLE001 - one file's failure must not stop the run
        return _failed(path, settings, error)
    try:
        found, tuning = lint_source_tuning(source, str(path), settings)
        return FileResult(path, found, source, tuning=tuning)
    except Exception as error:  # noqa: BLE001 - one file's failure must not stop the run
        return _failed(path, settings, error, source)


def _lint_notebook(path: Path, settings: Settings, data: bytes | None) -> FileResult:
    """Lint a notebook's code cells as one module; report rows relative to their cell."""
    try:
        book = read_notebook(path) if data is None else parse_notebook(data)
    except SourceError as error:
        found = [io_error(str(error))] if settings.enabled_in("HP002", str(path)) else []
        return FileResult(path, found)
    except Exception as error:  # noqa: BLE001 - one file's failure must not stop the run
        return _failed(path, settings, error)
    try:
        found, tuning = lint_notebook_tuning(book, str(path), settings)
    except Exception as error:  # noqa: BLE001 - one file's failure must not stop the run
        return _failed(path, settings, error, book.python, book.cells)
    return FileResult(path, found, book.python, book.cells, tuning=tuning)


def lint_notebook_json_tuning(data: str, path: str, settings: Settings = DEFAULT_SETTINGS) -> Linted:
    """``lint_notebook_tuning`` of a notebook's JSON text (for the language server's lint
    process)."""
    return lint_notebook_tuning(parse_notebook(data), path, settings)


def lint_notebook(book: Notebook, path: str, settings: Settings = DEFAULT_SETTINGS) -> list[Diagnostic]:
    """A notebook's findings, rows relative to their cell: the HP001 of each cell that does
    not parse, and what the other cells, linted as one module, give."""
    return lint_notebook_tuning(book, path, settings)[0]


def lint_notebook_tuning(book: Notebook, path: str, settings: Settings = DEFAULT_SETTINGS) -> Linted:
    """``lint_notebook``, and what the notebook tunes."""
    found = list(book.errors) if settings.enabled_in("HP001", path) else []
    linted, tuning = lint_source_tuning(book.python, path, settings, book.tree, "\n".join(book.cells.values()))
    # A cell that does not parse is read for what the others need (a Python 2 cell's code),
    # never reported on but by its HP001.
    broken = book.broken
    found += [mapped for d in linted if (mapped := book.map_diagnostic(d)).cell not in broken]
    if (book.markdown_before or book.markdown_after or book.heading) and any(d.code == "HP101" for d in found):
        # What the markdown around a cell says about its values (HP101): tuned, or stated.
        from hplint.rules.statedvalues import described

        found = described(found, book.markdown_before, book.markdown_after, book.heading)
    found.sort(key=Diagnostic.sort_key)
    return found, tuning
