"""HP403 on removed modules, classes and functions: imports and dotted uses.

``from sklearn.cross_validation import train_test_split`` fails with ``ImportError`` on
every release from 0.20 on, ``metrics.plot_confusion_matrix(...)`` with
``AttributeError`` from 1.2 on. The facts are the reviewed table of ``removals.py`` and
what the catalogued releases show removed (``removals.from_releases``), read at the target
release. An import inside a ``try`` (the usual fallback for older
releases) or under a test of a version says nothing: the code already handles both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import libcst as cst

from hplint.catalog import Catalog, history, removals
from hplint.catalog.removals import Removal
from hplint.model import Construction, ModuleFacts
from hplint.model.names import dotted_name, dotted_parts
from hplint.model.walk import descendants
from hplint.rules import deprecations, edits, validity
from hplint.rules.types import FixPlan, NodeEdit, Violation


@dataclass(frozen=True)
class _Import:
    node: cst.Import | cst.ImportFrom
    statement: int


@dataclass(frozen=True)
class _Statements:
    """The module's imports outside guards, and the guarded blocks (``try``, a version test)."""

    imports: tuple[_Import, ...]
    guarded: tuple[cst.CSTNode, ...]


def removed_api(facts: ModuleFacts) -> Iterator[Violation]:
    """HP403: imports and dotted uses of what the target release no longer has."""
    target = deprecations.catalog_of(facts).release
    if target is None or not removals.mentioned(facts.text):
        return
    statements = _statements(facts.module)
    for found in statements.imports:
        yield from _import_findings(found, target)
    yield from _use_findings(facts, target, statements.guarded)


def removed_function_parameter(facts: ModuleFacts) -> Iterator[Violation]:
    """HP403: a keyword of a validated function's call that the function no longer has,
    from the reviewed table (``mean_squared_error(..., squared=False)``) or the function's
    catalogued releases."""
    catalog = deprecations.catalog_of(facts)
    for call in validity.function_calls(facts):
        for argument in call.arguments:
            keyword = argument.node.keyword
            if keyword is None or argument.expanded:
                continue
            if argument.parameter is not None:
                yield from _deprecated_function_parameter(catalog, call, keyword)
                continue
            message = deprecations.function_parameter_note(catalog, call.estimator, keyword.value)
            if message is not None:
                if call.estimator.var_keyword:
                    # ``make_scorer(f, needs_proba=True)``: no TypeError, ``f`` gets it.
                    message += f"; `{call.estimator.name}` now passes it on through `**kwargs`"
                row = removals.parameter(call.estimator.qualname, keyword.value)
                fix = None
                new = row.replacement if row is not None and row.renamed else None
                if new is not None and new in call.estimator.parameters:
                    fix = edits.rename_keyword(call, keyword, new)
                yield Violation("HP403", message, keyword, call.site.statement, fix)


def _deprecated_function_parameter(catalog: Catalog, call: Construction, keyword: cst.Name) -> Iterator[Violation]:
    """HP403: a keyword the target release's function deprecates (``squared=`` of
    ``mean_squared_error`` in 1.4 and 1.5), as its docstring says; renamed to the
    replacement when the note names one the function has."""
    message = deprecations.parameter_note(catalog, call.estimator, keyword.value)
    if message is None:
        return
    past = history.parameter(catalog, call.estimator.qualname, keyword.value)
    deprecation = past.deprecation() if past is not None else None
    new = deprecation.replacement if deprecation is not None and deprecation.renamed else None
    fix = None
    if deprecation is not None and new is not None and new in call.estimator.parameters:
        fix = edits.rename_keyword(call, keyword, new, "safe" if deprecation.same_meaning else "unsafe")
    yield Violation("HP403", message, keyword, call.site.statement, fix)


def _import_findings(found: _Import, target: str) -> Iterator[Violation]:
    node = found.node
    if isinstance(node, cst.Import):
        for alias in node.names:
            full = dotted_name(alias.name)
            row = removals.api(full) if full is not None else None
            if row is not None and row[1].reported_at(target):
                fix = _import_alias_fix(alias, row, full, found.statement)
                yield Violation("HP403", _message(row, target), alias.name, found.statement, fix)
        return
    module = None if node.relative else dotted_name(node.module)
    if module is None or node.module is None:
        return
    row = removals.api(module)
    if row is not None:
        if row[1].reported_at(target):
            fix = _from_module_fix(node, row, module, found.statement)
            yield Violation("HP403", _message(row, target), node.module, found.statement, fix)
        return
    if isinstance(node.names, cst.ImportStar):
        return
    for alias in node.names:
        name = dotted_name(alias.name)
        row = removals.api(f"{module}.{name}") if name is not None else None
        if row is not None and row[1].reported_at(target):
            fix = _from_name_fix(node, alias, row, found.statement)
            yield Violation("HP403", _message(row, target), alias.name, found.statement, fix)


def _use_findings(facts: ModuleFacts, target: str, guarded: Sequence[cst.CSTNode]) -> Iterator[Violation]:
    """``metrics.plot_confusion_matrix(...)``, ``sklearn.externals.joblib.dump(...)``: the
    removed name is written in the call, past what the import bound (an import of the
    removed name itself is reported at the import); or in an argument of a call, used as a
    value (``fetch(datasets.load_boston)``, ``cv=cross_validation.KFold``)."""
    inside: set[int] | None = None
    for site in facts.calls:
        if site.expects_error:
            continue
        uses: list[tuple[cst.BaseExpression, Sequence[str]]] = [(site.node.func, site.callee)]
        for arg in site.node.args:
            parts = dotted_parts(arg.value) if type(arg.value) is cst.Attribute else None
            if parts is not None:
                uses.append((arg.value, parts))
        for expression, dotted in uses:
            found = _removed_use(facts, target, expression, dotted)
            if found is None:
                continue
            if inside is None:  # rare: computed for the first candidate only
                inside = {id(n) for block in guarded for n in descendants(block)}
            if id(site.node) not in inside:
                yield Violation("HP403", found[0], found[1], site.statement)


def _removed_use(
    facts: ModuleFacts, target: str, expression: cst.BaseExpression, parts: Sequence[str]
) -> tuple[str, cst.Name] | None:
    """The message and the name to report on, when the dotted ``expression`` (``parts``)
    writes a removed name past what its first name was imported as."""
    resolver = facts.resolver
    base = resolver.resolve_parts(parts[:1])
    full = resolver.resolve_parts(parts)
    if base is None or full is None or removals.api(base) is not None:
        return None
    row = removals.api(full)
    if row is None or not row[1].reported_at(target):
        return None
    depth = len(full.split(".")) - len(row[0].split("."))
    node = expression
    for _ in range(depth):
        assert isinstance(node, cst.Attribute)
        node = node.value
    if not isinstance(node, cst.Attribute) or len(row[0].split(".")) <= len(base.split(".")):
        return None
    return _message(row, target), node.attr


def _message(row: tuple[str, Removal], target: str) -> str:
    name, removal = row
    if removal.deprecated is None:  # seen gone from the catalogued releases
        message = f"`{name}` was removed in {removal.removed} (the target is scikit-learn {target})"
    else:
        message = f"`{name}` was deprecated" + deprecations.history_text(removal.deprecation(), target)
    if removal.replacement is not None:
        message += f"; use `{removal.replacement}` instead"
        if removal.note is not None:
            message += f" {removal.note}"
    elif removal.note is not None:
        message += f"; {removal.note}"
    return message


def _from_module_fix(node: cst.ImportFrom, row: tuple[str, Removal], module: str, statement: int) -> FixPlan | None:
    """``from sklearn.cross_validation import train_test_split``: the module's new name,
    when every name imported is the same object there."""
    name, removal = row
    if not removal.renamed or removal.replacement is None or isinstance(node.names, cst.ImportStar):
        return None
    imported = {dotted_name(alias.name) for alias in node.names}
    if removal.same_names is not None and not imported <= removal.same_names:
        return None
    assert node.module is not None
    new = removal.replacement + module[len(name):]
    return _plan(f"Import from `{new}`", edits.replace(node.module, statement, new))


def _from_name_fix(
    node: cst.ImportFrom, alias: cst.ImportAlias, row: tuple[str, Removal], statement: int
) -> FixPlan | None:
    """``from sklearn.externals import joblib`` becomes ``import joblib``: a one-name
    import of a renamed object, rewritten to bind the same local name to the new one."""
    _, removal = row
    new = removal.replacement
    if not removal.renamed or new is None or isinstance(node.names, cst.ImportStar) or len(node.names) != 1:
        return None
    if removal.same_names is not None:
        return None  # a module only some of whose names are the same under the new one
    local = _local_name(alias)
    parent, _, last = new.rpartition(".")
    content = f"from {parent} import {last}" if parent else f"import {new}"
    if local != last:
        content += f" as {local}"
    return _plan(f"Import `{new}`", edits.replace(node, statement, content))


def _import_alias_fix(alias: cst.ImportAlias, row: tuple[str, Removal], full: str | None, statement: int) -> FixPlan | None:
    """``import sklearn.externals.joblib as joblib``: the new name under the same alias
    (without an alias, the uses spell the old dotted name: no fix)."""
    name, removal = row
    if alias.asname is None or not removal.renamed or removal.replacement is None or full is None:
        return None
    if removal.same_names is not None or full != name:
        return None
    return _plan(f"Import `{removal.replacement}`", edits.replace(alias.name, statement, removal.replacement))


def _plan(message: str, edit: NodeEdit) -> FixPlan:
    # Unsafe: the table does not record that the replacement means the same (and the code
    # may also run on the old release).
    return FixPlan("unsafe", message, (edit,))


def _local_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return dotted_name(alias.name)


def _statements(module: cst.Module) -> _Statements:
    """Imports and guarded blocks, found by walking statements only (no expressions)."""
    imports: list[_Import] = []
    guarded: list[cst.CSTNode] = []
    for index, statement in enumerate(module.body):
        _visit(statement, index, imports, guarded)
    return _Statements(tuple(imports), tuple(guarded))


def _visit(statement: cst.CSTNode, index: int, imports: list[_Import], guarded: list[cst.CSTNode]) -> None:
    # (A function of the module, not a closure that calls itself: that would be a reference
    # cycle holding what it found, and so the nodes, until the cyclic collector ran.)
    if isinstance(statement, (cst.Import, cst.ImportFrom)):  # in ``if x: import y``
        imports.append(_Import(statement, index))
        return
    if isinstance(statement, cst.SimpleStatementLine):
        imports.extend(
            _Import(small, index) for small in statement.body
            if isinstance(small, (cst.Import, cst.ImportFrom))
        )
        return
    if _is_guard(statement):
        guarded.append(statement)
        return
    for block in _blocks(statement):
        for inner in block:
            _visit(inner, index, imports, guarded)


def _is_guard(statement: cst.CSTNode) -> bool:
    """A ``try`` with handlers, or an ``if`` that tests a version."""
    if isinstance(statement, (cst.Try, cst.TryStar)):
        return bool(statement.handlers)
    return isinstance(statement, cst.If) and "version" in edits.code(statement.test).lower()


def _blocks(statement: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    """The statement lists directly inside a compound statement."""
    for field in ("body", "orelse", "finalbody"):
        part = getattr(statement, field, None)
        if isinstance(part, (cst.IndentedBlock, cst.SimpleStatementSuite)):
            yield part.body
        elif isinstance(part, cst.If):  # ``elif``
            yield (part,)
        elif isinstance(part, (cst.Else, cst.Finally)):
            yield part.body.body
    for case in getattr(statement, "cases", ()):
        yield case.body.body
