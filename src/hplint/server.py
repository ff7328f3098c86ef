"""``hplint server``: hplint's findings in an editor, over the Language Server Protocol.

The server lints the editor's in-memory text through the public engine API
(``engine.lint_source_tuning``, and ``engine.lint_notebook_json_tuning`` for notebooks, run
in a child process: ``lintprocess``) and nothing else.
Diagnostics are pushed (``textDocument/publishDiagnostics``) on open, change and save and
cleared on close, or pulled (``textDocument/diagnostic``) when the client supports that.
Changes are coalesced rather than delayed: while a document is being linted, further
edits only mark it stale, and one more lint of the newest text follows (``debounceMs``
adds a fixed delay on top, 0 by default); a stale lint that has run longer than a new
process takes to start is stopped. Linting runs in a child process (``lintprocess``), so
that the connection keeps being served while a large file is linted and the memory of its
parse is not the server's.

Settings are the nearest configuration file's, looked up from each document's directory
with the CLI's loader, reloaded when a configuration file changes, with the client's
``initializationOptions`` (``select``, ``extendSelect``, ``ignore``, ``severity``,
``debounceMs``, ``preview``) on top. Positions: hplint counts 1-based characters (code points); LSP
counts 0-based code units of the negotiated encoding (UTF-16 unless the client offers
otherwise), converted here line by line.

HP101 counts tuning anywhere in the project, as ``hplint check`` on the workspace does: the
workspace's files are read for what they tune once, after ``initialized`` (``workspace``),
and again when one is saved or closed; an open document counts with its text as linted.
A change to what the project tunes lints the open documents again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import traceback
from urllib.parse import unquote
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from hplint import __version__, projecttuning, suppress, workspace
from hplint.config import CONFIG_FILES, ConfigError, Settings, resolve_settings, validate_selectors
from hplint.diagnostics import NO_TUNING, Diagnostic, Edit, Location, TuningFacts
from hplint.files import FileFilter
from hplint.docs import rule_url
from hplint.fix import apply_edits, fix_document
from hplint.lintprocess import Cancelled, LintFailed, LintProcess
from hplint.rules import BY_CODE
from hplint.server_protocol import HplintProtocol, parse_error

SOURCE = "hplint"
SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
# Languages whose documents are linted as Python.
PYTHON_LANGUAGES = ("python", "python3")
WATCHED = tuple(f"**/{name}" for name in CONFIG_FILES)
# Files changed outside the editor (a checkout) are read again for what they tune (HP101).
WATCHED_SOURCES = ("**/*.py", "**/*.ipynb")
# The code action kind that applies every safe fix (as ruff's `source.fixAll.ruff`).
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.hplint"
# About what a new lint process costs before its first answer (measured: 1.2 to 1.5 s on 2
# CPUs at load average 11, less on a quiet machine): a stale lint that has run this long
# likely has more to go, and is stopped rather than waited for.
RESTART_SECONDS = 1.0

logger = logging.getLogger(__name__)
T = TypeVar("T")


# --------------------------------------------------------------------------- positions


def _column_units(line: str, characters: int, encoding: str) -> int:
    """How many code units of ``encoding`` the first ``characters`` of ``line`` take."""
    prefix = line[:characters]
    if encoding == types.PositionEncodingKind.Utf32.value:
        return len(prefix)
    if encoding == types.PositionEncodingKind.Utf8.value:
        return len(prefix.encode("utf-8", "surrogatepass"))
    # UTF-16: a character outside the Basic Multilingual Plane is a surrogate pair.
    return len(prefix) + sum(1 for char in prefix if ord(char) > 0xFFFF)


def _position(lines: Sequence[str], where: Location, encoding: str) -> types.Position:
    """The LSP position of hplint's 1-based (row, character column)."""
    line_index = where.row - 1
    if line_index >= len(lines):
        # Python reports an unexpected end of file one row past the last line.
        if not lines:
            return types.Position(line=0, character=0)
        last = lines[-1]
        body = last.rstrip("\r\n")
        if body != last:
            return types.Position(line=len(lines), character=0)
        return types.Position(line=len(lines) - 1, character=_column_units(body, len(body), encoding))
    body = lines[max(line_index, 0)].rstrip("\r\n")
    column = min(max(where.column - 1, 0), len(body))
    return types.Position(line=max(line_index, 0), character=_column_units(body, column, encoding))


def _lsp_range(lines: Sequence[str], diagnostic: Diagnostic, encoding: str) -> types.Range:
    start = _position(lines, diagnostic.start, encoding)
    end = _position(lines, diagnostic.end, encoding)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Range(start=start, end=end)


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Options:
    """What the client's ``initializationOptions`` set."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: types.DiagnosticSeverity = types.DiagnosticSeverity.Warning
    debounce: float = 0.0  # seconds
    preview: bool | None = None  # None: the configuration's

    def apply(self, settings: Settings) -> Settings:
        """These options over a configuration file's settings (as the CLI's flags)."""
        changes: dict[str, Any] = {}
        if self.select is not None:
            changes["select"] = self.select
            changes["extend_select"] = ()
        if self.extend_select:
            changes["extend_select"] = (*changes.get("extend_select", settings.extend_select), *self.extend_select)
        if self.ignore:
            changes["ignore"] = (*settings.ignore, *self.ignore)
        if self.preview is not None:
            changes["preview"] = self.preview
        return replace(settings, **changes) if changes else settings


def parse_options(raw: object) -> tuple[Options, list[str]]:
    """``initializationOptions`` as Options, and a message for each value left out."""
    if not isinstance(raw, dict):
        return Options(), ([] if raw is None else ["initializationOptions must be an object"])
    problems: list[str] = []
    changes: dict[str, Any] = {}
    for key, field_name in (("select", "select"), ("extendSelect", "extend_select"), ("ignore", "ignore")):
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.append(f"`{key}` must be a list of rule codes or prefixes")
            continue
        try:
            changes[field_name] = validate_selectors(value, key)
        except ConfigError as error:
            problems.append(str(error))
    severity = raw.get("severity")
    if severity is not None:
        if isinstance(severity, str) and severity.lower() in SEVERITIES:
            changes["severity"] = SEVERITIES[severity.lower()]
        else:
            problems.append(f"`severity` must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    debounce = raw.get("debounceMs")
    if debounce is not None:
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and 0 <= debounce <= 10_000:
            changes["debounce"] = debounce / 1000
        else:
            problems.append(f"`debounceMs` must be a number of milliseconds (0 to 10000), not {debounce!r}")
    preview = raw.get("preview")
    if preview is not None:
        if isinstance(preview, bool):
            changes["preview"] = preview
        else:
            problems.append(f"`preview` must be true or false, not {preview!r}")
    return Options(**changes), problems


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Linted:
    """One document's (or notebook cell's) findings, as linted at ``version``."""

    version: int | None
    text: str
    findings: tuple[tuple[Diagnostic, types.Diagnostic], ...]
    result_id: str

    @property
    def lsp(self) -> list[types.Diagnostic]:
        return [lsp for _, lsp in self.findings]


class HplintServer(LanguageServer):
    """The language server: state between requests; the handlers are registered below."""

    def __init__(self) -> None:
        notebooks = types.NotebookDocumentSyncOptions(
            notebook_selector=[
                types.NotebookDocumentFilterWithCells(
                    notebook="*", cells=[types.NotebookCellLanguage(language="python")]
                )
            ],
            save=True,
        )
        super().__init__(
            "hplint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=notebooks,
            protocol_cls=HplintProtocol,
        )
        self.options = Options()
        self.pull = False  # whether the client pulls diagnostics
        self._settings: dict[Path | None, Settings] = {}
        self._generation = 0  # bumped on every configuration reload
        self._results: dict[str, Linted] = {}  # by document (or cell) URI
        # Open text documents and notebooks (not cells): URI as given, by unescaped URI.
        self.opened: dict[str, str] = {}
        self._active: dict[str, asyncio.Task[None]] = {}
        self._stale: set[str] = set()
        # The lint thread waits on the lint process, one lint at a time.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hplint-lint")
        self._lints = LintProcess()
        # What each file tunes (HP101), by ``workspace.key``: as on disk, and as last linted
        # for open documents (which count instead); lints write ``_fresh`` from the lint
        # thread, the event loop moves it into ``_open_tuning``.
        self._disk_tuning: dict[str, TuningFacts] = {}
        self._open_tuning: dict[str, TuningFacts] = {}
        self._fresh: dict[str, TuningFacts] = {}
        self._tuning = NO_TUNING  # the union, as the open documents were last linted with
        self._tuning_version = 0
        self._reading: set[asyncio.Task[None]] = set()  # workspace reads under way

    # ------------------------------------------------------------------ messages

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # noqa: BLE001 - no client to tell (not initialized, or gone)
            logger.exception("could not send a log message")

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls's own errors (e.g. a malformed message): logged, never fatal; a body
        that is not JSON is answered ParseError, as JSON-RPC asks."""
        self.log(f"hplint server error: {type(error).__name__}: {error}", types.MessageType.Error)
        refused = parse_error(error)
        if refused is not None and isinstance(self.protocol, HplintProtocol):
            self.protocol.answer(refused)

    # ------------------------------------------------------------------ settings

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(encoding, "value", encoding))

    def reload(self) -> None:
        """Forget every loaded configuration: the next lint reads the files again."""
        self._settings.clear()
        self._generation += 1

    def settings_for(self, path: Path | None) -> Settings:
        directory = path.parent if path is not None else self._root()
        found = self._settings.get(directory)
        if found is None:
            try:
                base = resolve_settings(None, False, cwd=directory) if directory is not None else Settings()
            except ConfigError as error:
                self.log(f"hplint: {error}; using the default settings", types.MessageType.Error)
                self.window_show_message(
                    types.ShowMessageParams(type=types.MessageType.Error, message=f"hplint: {error}")
                )
                base = Settings()
            found = self._settings[directory] = self.options.apply(base)
        return found

    def _root(self) -> Path | None:
        root = self.workspace.root_path
        return Path(root) if root else None

    def excluded(self, path: Path | None, settings: Settings) -> bool:
        if path is None:
            return False
        root = settings.root or self._root() or path.parent
        everything = (*settings.exclude, *settings.extend_exclude)
        return FileFilter(everything, settings.include, root).excluded_with_ancestors(path)

    # ------------------------------------------------------------------ linting

    def document(self, uri: str) -> TextDocument | None:
        """The open document (or notebook cell) ``uri`` names, however the client escaped it."""
        found: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        return found

    def open(self, uri: str) -> None:
        """Record an opened document or notebook under the URI the client spells."""
        self.opened[unquote(uri)] = uri

    def close(self, uri: str) -> None:
        self.opened.pop(unquote(uri), None)
        path = _path(uri)
        if path is not None and self._open_tuning.pop(workspace.key(path), None) is not None:
            # What the file tunes is its saved text's again.
            self.read_tuning([path])

    # ------------------------------------------------------------------ the project's tuning

    def tuning_index(self, exclude: str | None = None) -> TuningFacts:
        """What the project tunes: the open documents as linted, the other workspace files
        as on disk; without the file ``exclude`` (a lint counts its own text's tuning)."""
        found = [facts for key, facts in self._open_tuning.items() if key != exclude]
        found += [
            facts for key, facts in self._disk_tuning.items() if key != exclude and key not in self._open_tuning
        ]
        return TuningFacts.union(found)

    def absorb_tuning(self) -> None:
        """Take in what the lints since the last call found their documents tune (on the
        event loop); lint the open documents again if the project's tuning changed."""
        open_keys = {workspace.key(path) for uri in self.opened.values() if (path := _path(uri)) is not None}
        while self._fresh:
            key, facts = self._fresh.popitem()
            if key in open_keys:  # else closed meanwhile: its file on disk counts
                self._open_tuning[key] = facts
        self._tuning_changed()

    def _tuning_changed(self) -> None:
        index = self.tuning_index()
        if index != self._tuning:
            self._tuning = index
            self._tuning_version += 1
            self.refresh()

    def saved(self, uri: str) -> None:
        """A saved file is read again for what it tunes (it counts once closed)."""
        path = _path(uri)
        if path is not None and self.workspace.get_notebook_document(cell_uri=uri) is None:
            self.read_tuning([path])

    def read_tuning(self, paths: Sequence[Path] | None = None) -> None:
        """Read what ``paths`` (None: every file of the workspace) tune, in the background."""
        task = asyncio.get_running_loop().create_task(self._read_tuning(paths))
        self._reading.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self._reading.discard)

    async def _read_tuning(self, paths: Sequence[Path] | None) -> None:
        try:
            if paths is None:
                paths = await self._workspace_files()
            await self.rescan(paths)
        except Exception:  # noqa: BLE001 - the workspace's tuning is missed, the server goes on
            self.log(f"hplint: internal error while reading the workspace:\n{traceback.format_exc()}", types.MessageType.Error)

    async def _workspace_files(self) -> list[Path]:
        """The files ``hplint check`` would lint in the workspace (at most ``workspace.LIMIT``)."""
        root = self._root()
        if root is None:
            return []
        settings = self.settings_for(None)
        found = await asyncio.get_running_loop().run_in_executor(None, workspace.files, root, settings)
        if len(found) > workspace.LIMIT:
            self.log(
                f"hplint: the workspace has {len(found)} Python files; HP101 counts the tuning of "
                f"the first {workspace.LIMIT} and of the open documents"
            )
        return found[: workspace.LIMIT]

    async def rescan(self, paths: Sequence[Path]) -> None:
        """Read what ``paths`` tune on disk, a batch at a time in the lint process."""
        root = self._root()
        directory = workspace.cache_root(root) if root is not None else None
        loop = asyncio.get_running_loop()
        for start in range(0, len(paths), workspace.BATCH):
            jobs = []
            for path in paths[start : start + workspace.BATCH]:
                settings = self.settings_for(path)
                if not self.excluded(path, settings):
                    jobs.append((str(path), settings))
            if not jobs:
                continue
            try:
                found = await loop.run_in_executor(
                    self._worker, lambda: self._lints.call(workspace.tunings, "", jobs, directory)
                )
            except (Cancelled, LintFailed) as error:
                self.log(f"hplint: could not read the tuning of {jobs[0][0]} ...: {error}", types.MessageType.Error)
                continue
            self._disk_tuning.update(found)
        self._tuning_changed()

    def snapshot(self, uri: str) -> Callable[[], dict[str, Linted]] | None:
        """The lint of ``uri``'s current text (a document or a notebook), to run later.

        Called on the event loop: the text, version and settings are read here, so that
        the returned function, which may run on the worker thread, sees one consistent
        state. None for what is not Python.
        """
        if self.workspace.get_notebook_document(notebook_uri=uri) is not None:
            return self._notebook_snapshot(uri)
        document = self.document(uri)
        if document is None:
            return None
        path = _path(uri)
        language_ok = document.language_id in (None, *PYTHON_LANGUAGES)
        if not language_ok and (path is None or path.suffix not in (".py", ".pyi")):
            return None
        text, version = document.source, document.version
        settings = self.settings_for(path)
        where = str(path) if path is not None else uri
        excluded = self.excluded(path, settings)
        generation = self._generation
        key, tuning, tuning_version = self._tuning_for(path)

        def run() -> dict[str, Linted]:
            found, facts = ([], NO_TUNING) if excluded else self._lints.lint_tuning(text, where, settings, tag=uri)
            if key is not None:
                self._fresh[key] = facts
            found = projecttuning.filtered(found, tuning)
            return {uri: self._linted(version, text, found, generation, settings.docs_url, tuning_version)}

        return run

    def _tuning_for(self, path: Path | None) -> tuple[str | None, TuningFacts, int]:
        """A document's key, what the rest of the project tunes, and the version of that."""
        key = workspace.key(path) if path is not None else None
        return key, self.tuning_index(exclude=key), self._tuning_version

    def _notebook_snapshot(self, notebook_uri: str) -> Callable[[], dict[str, Linted]] | None:
        """Lint a notebook as the CLI does a .ipynb file: findings by cell URI."""
        book = self.workspace.get_notebook_document(notebook_uri=notebook_uri)
        if book is None:
            return None
        code_cells: list[tuple[int, str, str, int | None]] = []  # (index, uri, text, version)
        cells: list[dict[str, Any]] = []
        for index, cell in enumerate(book.cells, start=1):
            document = self.document(cell.document)
            text = document.source if document is not None else ""
            language = (document.language_id if document is not None else None) or ""
            if cell.kind == types.NotebookCellKind.Code:
                code_cells.append((index, cell.document, text, document.version if document is not None else None))
                cells.append({"cell_type": "code", "source": text, "metadata": {"vscode": {"languageId": language}}})
            else:
                cells.append({"cell_type": "markdown", "source": text, "metadata": {}})
        path = _path(notebook_uri)
        settings = self.settings_for(path)
        where = str(path) if path is not None else notebook_uri
        excluded = self.excluded(path, settings)
        generation = self._generation
        key, tuning, tuning_version = self._tuning_for(path)

        def run() -> dict[str, Linted]:
            by_cell: dict[int, list[Diagnostic]] = {}
            if not excluded:
                # Parsed (each cell on its own where the whole does not parse) and linted in
                # the lint process, as documents are.
                data = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4})
                found, facts = self._lints.lint_notebook_tuning(data, where, settings, tag=notebook_uri)
                if key is not None:
                    self._fresh[key] = facts
                for mapped in projecttuning.filtered(found, tuning):
                    cell = mapped.cell or 1
                    # A cell is a document of its own: its findings and their fixes' edits
                    # lose the cell index (a fix reaching into another cell is not offered).
                    fix = mapped.fix
                    if fix is not None:
                        inside = all(e.cell == cell for e in fix.edits)
                        fix = replace(fix, edits=tuple(replace(e, cell=None) for e in fix.edits)) if inside else None
                    by_cell.setdefault(cell, []).append(replace(mapped, cell=None, fix=fix))
            return {
                uri: self._linted(version, text, by_cell.get(index, []), generation, settings.docs_url, tuning_version)
                for index, uri, text, version in code_cells
            }

        return run

    def _linted(
        self,
        version: int | None,
        text: str,
        found: Iterable[Diagnostic],
        generation: int,
        docs_url: str | None = None,
        tuning_version: int = 0,
    ) -> Linted:
        lines = suppress.split_lines(text)
        encoding = self.encoding
        findings = tuple((d, self._to_lsp(lines, d, encoding, docs_url)) for d in found)
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        # The same text's findings change with what the rest of the project tunes.
        return Linted(version, text, findings, f"{generation}-{digest}-{tuning_version}")

    def _to_lsp(
        self, lines: Sequence[str], diagnostic: Diagnostic, encoding: str, docs_url: str | None = None
    ) -> types.Diagnostic:
        rule = BY_CODE.get(diagnostic.code)
        href = rule_url(docs_url, diagnostic.code) if rule is not None else None
        return types.Diagnostic(
            range=_lsp_range(lines, diagnostic, encoding),
            message=diagnostic.message,
            severity=self.options.severity,
            code=diagnostic.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source=SOURCE,
            data={"noqaRow": diagnostic.noqa_row} if diagnostic.noqa_row is not None else None,
        )

    # ------------------------------------------------------------------ push

    def schedule(self, uri: str) -> None:
        """Lint ``uri`` (a document or a notebook) soon; coalesce with a lint under way."""
        book = self.workspace.get_notebook_document(cell_uri=uri)
        if book is not None:
            uri = book.uri  # a cell is linted with the rest of its notebook
        if uri in self._active:
            self._stale.add(uri)
            self._stop_stale(uri)
            return
        self._active[uri] = asyncio.get_running_loop().create_task(self._run(uri))

    def _stop_stale(self, uri: str) -> None:
        """Stop the lint of ``uri``'s older text once it has run ``RESTART_SECONDS``: a
        longer lint most likely has more to go than a new lint process takes to start;
        a shorter one (most lints) is left to finish."""
        elapsed = self._lints.running(uri)
        if elapsed is None:
            return
        if elapsed >= RESTART_SECONDS:
            self._lints.cancel(uri)
        else:
            asyncio.get_running_loop().call_later(RESTART_SECONDS - elapsed, self._cancel_if_stale, uri)

    def _cancel_if_stale(self, uri: str) -> None:
        if uri in self._stale:
            self._lints.cancel(uri)

    def stop_linting(self) -> None:
        """End the lint process (the server is done)."""
        self._lints.close()

    async def _run(self, uri: str) -> None:
        try:
            while True:
                self._stale.discard(uri)
                if self.options.debounce:
                    await asyncio.sleep(self.options.debounce)
                try:
                    await self._lint_and_publish(uri)
                except Cancelled:
                    pass  # stopped for newer text: the loop lints it
                if uri not in self._stale:
                    return
        except Exception:  # noqa: BLE001 - one document's failure must not stop the server
            self.log(f"hplint: internal error while linting {uri}:\n{traceback.format_exc()}", types.MessageType.Error)
        finally:
            self._active.pop(uri, None)

    async def _lint_and_publish(self, uri: str) -> None:
        job = self.snapshot(uri)
        if job is None:
            return
        results = await asyncio.get_running_loop().run_in_executor(self._worker, job)
        self.absorb_tuning()
        if uri in self._stale:
            return  # edited meanwhile: the next lint publishes
        for document_uri, linted in results.items():
            document = self.document(document_uri)
            if document is None or document.version != linted.version:
                continue  # closed or edited meanwhile
            self._results[document_uri] = linted
            if not self.pull:
                self.publish(document_uri, linted.lsp, linted.version)

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None = None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def forget(self, uris: Iterable[str]) -> None:
        for uri in uris:
            self._results.pop(uri, None)
            if not self.pull:
                self.publish(uri, [])

    def refresh(self) -> None:
        """Re-lint everything open (push), or ask the client to pull again."""
        if self.pull:
            self._results.clear()
            capabilities = self.client_capabilities.workspace
            diagnostics = capabilities.diagnostics if capabilities is not None else None
            if diagnostics is not None and diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for uri in list(self.opened.values()):
            self.schedule(uri)

    # ------------------------------------------------------------------ pull

    async def pull_report(self, uri: str, previous: str | None) -> types.DocumentDiagnosticReport:
        document = self.document(uri)
        cached = self._results.get(uri)
        fresh = f"{self._generation}-"
        if document is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        if cached is None or cached.version != document.version or not cached.result_id.startswith(fresh):
            book = self.workspace.get_notebook_document(cell_uri=uri)
            while True:
                job = self.snapshot(book.uri if book is not None else uri)
                if job is None:
                    return types.RelatedFullDocumentDiagnosticReport(items=[])
                try:
                    results = await asyncio.get_running_loop().run_in_executor(self._worker, job)
                    break
                except Cancelled:
                    continue  # stopped for newer text: lint that
            self._results.update(results)
            self.absorb_tuning()
            cached = results.get(uri)
            if cached is None:
                return types.RelatedFullDocumentDiagnosticReport(items=[])
        if previous is not None and previous == cached.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=cached.result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=cached.lsp, result_id=cached.result_id)

    # ------------------------------------------------------------------ code actions, hover

    async def fix_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """A quick fix for each fixable finding asked about, and `source.fixAll.hplint`."""
        only = params.context.only
        uri = params.text_document.uri
        linted = self._results.get(uri)
        document = self.document(uri)
        if linted is None or document is None or document.source != linted.text:
            return []  # not linted, or edited since: the fixes' positions are stale
        lines = suppress.split_lines(linted.text)
        actions: list[types.CodeAction] = []
        if only is None or any(types.CodeActionKind.QuickFix.startswith(kind) for kind in only):
            for reported in params.context.diagnostics:
                for diagnostic, lsp in linted.findings:
                    if (lsp.range, lsp.code, lsp.message) != (reported.range, reported.code, reported.message):
                        continue
                    action = self._quick_fix(uri, lines, diagnostic, reported)
                    if action is not None:
                        actions.append(action)
                    break
        if only is None or any(FIX_ALL.startswith(kind) for kind in only):
            fix_all = await self._fix_all(uri, linted)
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    def _quick_fix(
        self, uri: str, lines: Sequence[str], diagnostic: Diagnostic, reported: types.Diagnostic
    ) -> types.CodeAction | None:
        fix = diagnostic.fix
        if fix is None or any(edit.cell != diagnostic.cell for edit in fix.edits):
            return None  # (a notebook fix that edits another cell is left to the CLI)
        encoding = self.encoding
        edits = [
            types.TextEdit(
                range=types.Range(start=_position(lines, e.start, encoding), end=_position(lines, e.end, encoding)),
                new_text=e.content,
            )
            for e in fix.edits
        ]
        return types.CodeAction(
            title=f"hplint ({diagnostic.code}): {fix.message}",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[reported],
            edit=types.WorkspaceEdit(changes={uri: edits}),
            is_preferred=fix.applicability == "safe",
        )

    async def _fix_all(self, uri: str, linted: Linted) -> types.CodeAction | None:
        """Every fix `--fix` would make (with the file's `unsafe-fixes`), as one edit."""
        if self.workspace.get_notebook_document(cell_uri=uri) is not None:
            return None
        path = _path(uri)
        settings = self.settings_for(path)
        if self.excluded(path, settings) or not any(d.fix is not None for d, _ in linted.findings):
            return None
        where = str(path) if path is not None else uri
        text = linted.text

        # Each pass lints and parses in the lint process, off the event loop (see _run).
        def lint(data: bytes) -> list[Diagnostic]:
            return self._lints.lint(data.decode("utf-8", "surrogatepass"), where, settings, tag=uri)

        def apply(data: bytes, edits: Sequence[Edit]) -> bytes:
            return apply_edits(data.decode("utf-8", "surrogatepass"), edits).encode("utf-8", "surrogatepass")

        def parses(data: bytes) -> bool:
            return self._lints.parses(data.decode("utf-8", "surrogatepass"), tag=uri)

        found = [d for d, _ in linted.findings]
        data = text.encode("utf-8", "surrogatepass")
        outcome = await asyncio.get_running_loop().run_in_executor(
            self._worker, lambda: fix_document(data, lint, apply, parses, settings.unsafe_fixes, found)
        )
        if outcome.data == data:
            return None
        lines = suppress.split_lines(text)
        end = _position(lines, Location(len(lines) + 1, 1), self.encoding)
        whole = types.Range(start=types.Position(line=0, character=0), end=end)
        edit = types.TextEdit(range=whole, new_text=outcome.data.decode("utf-8", "surrogatepass"))
        return types.CodeAction(
            title="hplint: Fix all auto-fixable problems",
            kind=FIX_ALL,
            edit=types.WorkspaceEdit(changes={uri: [edit]}),
        )

    def noqa_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        only = params.context.only
        if only is not None and not any(types.CodeActionKind.QuickFix.startswith(kind) for kind in only):
            return []
        document = self.document(params.text_document.uri)
        if document is None:
            return []
        text = document.source
        lines = suppress.split_lines(text)
        actions: list[types.CodeAction] = []
        seen: set[tuple[str, int]] = set()
        for reported in params.context.diagnostics:
            code = reported.code
            if reported.source != SOURCE or not isinstance(code, str) or code in suppress.UNSUPPRESSIBLE:
                continue
            row = _noqa_row(reported)
            if (code, row) in seen or not 1 <= row <= len(lines):
                continue
            seen.add((code, row))
            edit = _noqa_edit(lines, row, code, self.encoding)
            if edit is None:
                continue
            actions.append(
                types.CodeAction(
                    title=f"Disable {code} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[reported],
                    edit=types.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
                )
            )
        return actions

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        linted = self._results.get(params.text_document.uri)
        if linted is None:
            return None
        where = (params.position.line, params.position.character)
        for diagnostic, lsp in linted.findings:
            start, end = lsp.range.start, lsp.range.end
            if (start.line, start.character) <= where <= (end.line, end.character):
                rule = BY_CODE.get(diagnostic.code)
                if rule is None:
                    continue
                text = f"**{rule.code}** `{rule.name}`: {rule.summary}\n\n`hplint rule {rule.code}` explains it."
                return types.Hover(
                    contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=lsp.range
                )
        return None


def _path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def _noqa_row(reported: types.Diagnostic) -> int:
    data = reported.data
    if isinstance(data, dict):
        row = data.get("noqaRow")
        if isinstance(row, int) and not isinstance(row, bool):
            return row
    return reported.range.start.line + 1


def _noqa_edit(lines: Sequence[str], row: int, code: str, encoding: str) -> types.TextEdit | None:
    """The edit that adds ``code`` to row ``row``'s ``# noqa`` (None if it is there)."""
    line = lines[row - 1]
    body = line.rstrip("\r\n")
    where = Location(row, 1)
    edited, changed = suppress.add_noqa(line, [Diagnostic(code, "", where, where, 1)])
    if not changed:
        return None
    new_body = edited.rstrip("\r\n")
    start = types.Position(line=row - 1, character=0)
    end = types.Position(line=row - 1, character=_column_units(body, len(body), encoding))
    return types.TextEdit(range=types.Range(start=start, end=end), new_text=new_body)


# --------------------------------------------------------------------------- handlers


def _guarded(server: HplintServer, default: Callable[[], T]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Log a handler's exception (window/logMessage) and answer ``default()`` instead."""

    def decorate(handler: Callable[..., T]) -> Callable[..., T]:
        @wraps(handler)
        def guarded(*args: Any) -> T:
            try:
                return handler(*args)
            except Exception:  # noqa: BLE001 - an error in one request must not kill the server
                server.log(f"hplint: internal error in {handler.__name__}:\n{traceback.format_exc()}", types.MessageType.Error)
                return default()

        return guarded

    return decorate


def _no_hover() -> types.Hover | None:
    return None


def create_server() -> HplintServer:
    """A server with every handler registered."""
    server = HplintServer()
    guard_none = _guarded(server, lambda: None)

    @server.feature(types.INITIALIZE)
    @guard_none
    def initialize(params: types.InitializeParams) -> None:
        server.options, problems = parse_options(params.initialization_options)
        for problem in problems:
            server.log(f"hplint: initializationOptions: {problem}; ignored", types.MessageType.Error)
        document = params.capabilities.text_document
        server.pull = document is not None and document.diagnostic is not None

    @server.feature(types.INITIALIZED)
    @guard_none
    def initialized(params: types.InitializedParams) -> None:
        client = server.client_capabilities.workspace
        watched = client.did_change_watched_files if client is not None else None
        if watched is not None and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
            registration = types.Registration(
                id="hplint-configuration",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            sources = types.Registration(
                id="hplint-sources",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED_SOURCES]
                ),
            )
            server.client_register_capability(types.RegistrationParams(registrations=[registration, sources]))
        mode = "pull" if server.pull else "push"
        server.log(f"hplint {__version__} language server started ({mode} diagnostics, {server.encoding} positions)")
        server.read_tuning()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guard_none
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        if server.workspace.get_notebook_document(cell_uri=params.text_document.uri) is None:
            server.open(params.text_document.uri)
        server.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guard_none
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guard_none
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        server.schedule(params.text_document.uri)
        server.saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guard_none
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.close(params.text_document.uri)
        server.forget([params.text_document.uri])

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    @guard_none
    def notebook_open(params: types.DidOpenNotebookDocumentParams) -> None:
        server.open(params.notebook_document.uri)
        server.schedule(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    @guard_none
    def notebook_change(params: types.DidChangeNotebookDocumentParams) -> None:
        structure = params.change.cells.structure if params.change.cells is not None else None
        if structure is not None:
            server.forget(cell.uri for cell in structure.did_close or [])
        server.schedule(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    @guard_none
    def notebook_save(params: types.DidSaveNotebookDocumentParams) -> None:
        server.schedule(params.notebook_document.uri)
        server.saved(params.notebook_document.uri)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    @guard_none
    def notebook_close(params: types.DidCloseNotebookDocumentParams) -> None:
        server.close(params.notebook_document.uri)
        server.forget(cell.uri for cell in params.cell_text_documents)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=False),
    )
    async def diagnostic(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        try:
            return await server.pull_report(params.text_document.uri, params.previous_result_id)
        except Exception:  # noqa: BLE001 - an error in one request must not kill the server
            server.log(f"hplint: internal error in diagnostic:\n{traceback.format_exc()}", types.MessageType.Error)
            return types.RelatedFullDocumentDiagnosticReport(items=[])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guard_none
    def watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.rsplit("/", 1)[-1] in CONFIG_FILES for change in params.changes):
            server.log("hplint: configuration changed; reloading")
            server.reload()
            server.refresh()
        changed = [path for change in params.changes if (path := _path(change.uri)) is not None]
        sources = [path for path in changed if path.suffix in (".py", ".ipynb")]
        if sources:
            server.read_tuning(sources[: workspace.LIMIT])  # a deleted file tunes nothing

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False),
    )
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        try:
            return [*await server.fix_actions(params), *server.noqa_actions(params)]
        except Cancelled:
            return []  # the document changed while its fixes were computed: they are stale
        except Exception:  # noqa: BLE001 - an error in one request must not kill the server
            server.log(f"hplint: internal error in code_action:\n{traceback.format_exc()}", types.MessageType.Error)
            return []

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_guarded(server, _no_hover)
    def hover(params: types.HoverParams) -> types.Hover | None:
        return server.hover(params)

    return server


def serve() -> int:
    """Speak LSP over stdin/stdout until the client says exit (or closes the connection).

    The exit status the protocol asks for: 0 after ``shutdown``, 1 otherwise.
    """
    logging.basicConfig(level=logging.WARNING, format="hplint server: %(levelname)s: %(message)s")
    server = create_server()
    try:
        server.start_io()
    finally:
        server.stop_linting()
    protocol = server.protocol
    return 0 if isinstance(protocol, HplintProtocol) and protocol.shut_down else 1
