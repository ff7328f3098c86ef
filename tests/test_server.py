"""`hplint server` end to end: a real LSP client (pytest-lsp) drives the real subprocess."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from hplint.lines import split_lines  # noqa: E402
from hplint.server import _column_units  # noqa: E402
from procs import HAS_PROC, children, tree_rss_mb  # noqa: E402

SERVER = [sys.executable, "-m", "hplint", "server"]

# `engine.lint_source` raises on text containing "boom": an internal error in one request
# (in the server and in its lint process, which a sitecustomize module patches alike).
CRASHING_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent / "crashing"), os.environ.get("PYTHONPATH", "")])}

# The check of each fix pass's result fails from the second pass on (fix-all's own check).
SECOND_PASS_FAILS_SERVER = [
    sys.executable,
    "-c",
    textwrap.dedent(
        """
        import hplint.fix as fix
        real = fix.fix_document
        def fix_document(data, lint, apply, parses, *args, **kwargs):
            calls = []
            def failing(changed):
                calls.append(changed)
                return len(calls) < 2 and parses(changed)
            return real(data, lint, apply, failing, *args, **kwargs)
        fix.fix_document = fix_document
        from hplint.cli import main
        main(["server"])
        """
    ),
]

# The tests look at the HP4 rules only (and HP001, which is always on): other rules'
# findings on the same text are theirs to test.
ONLY = {"select": ["HP4"]}
SOURCE = """\
from sklearn.svm import SVC

model = SVC(gama=0.1)
other = SVC(C="big")
"""
TIMEOUT = 20


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    lsp_client.diagnostics = Published()
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=CRASHING_ENV))
async def crashing_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    lsp_client.diagnostics = Published()
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SECOND_PASS_FAILS_SERVER))
async def failing_fix_client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    lsp_client.diagnostics = Published()
    yield
    await stop(lsp_client)


async def stop(client: LanguageClient) -> None:
    """shutdown and exit; a server that does not exit in time is killed (and fails)."""
    if client.stopped or (client._server is not None and client._server.returncode is not None):
        return
    if client.capabilities is None or client.error is not None:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()  # never initialized: it would wait for `exit` forever
        return
    try:
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    except asyncio.TimeoutError:
        if client._server is not None:
            client._server.kill()
        raise


# --------------------------------------------------------------------------- helpers


async def start(
    client: LanguageClient,
    root: Path,
    options: dict[str, Any] | None = None,
    capabilities: types.ClientCapabilities | None = None,
) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities or types.ClientCapabilities(),
            root_uri=root.as_uri(),
            initialization_options=ONLY if options is None else options,
        )
    )


class Published(dict[str, Sequence[types.Diagnostic]]):
    """pytest-lsp's record of the latest diagnostics by URI, plus every publication in order."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, list[types.Diagnostic]]] = []

    def __setitem__(self, uri: str, diagnostics: Sequence[types.Diagnostic]) -> None:
        self.log.append((uri, list(diagnostics)))
        super().__setitem__(uri, diagnostics)


def mark(client: LanguageClient) -> int:
    assert isinstance(client.diagnostics, Published)
    return len(client.diagnostics.log)


async def published(client: LanguageClient, uri: str, since: int, timeout: float = TIMEOUT) -> list[types.Diagnostic]:
    """The first diagnostics of ``uri`` published after the ``since`` mark (waiting for them)."""
    assert isinstance(client.diagnostics, Published)
    log = client.diagnostics.log
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for published_uri, diagnostics in log[since:]:
            if published_uri == uri:
                return diagnostics
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no diagnostics published for {uri}")
        await asyncio.sleep(0.01)


async def open_document(client: LanguageClient, path: Path, text: str, version: int = 1) -> Sequence[types.Diagnostic]:
    uri = path.as_uri()
    since = mark(client)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)
        )
    )
    return await published(client, uri, since)


async def change_document(client: LanguageClient, path: Path, text: str, version: int) -> Sequence[types.Diagnostic]:
    uri = path.as_uri()
    since = mark(client)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await published(client, uri, since)


def summary(diagnostics: Sequence[types.Diagnostic]) -> list[tuple[Any, int, int, int, int]]:
    """(code, start line, start character, end line, end character) of each diagnostic."""
    return [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diagnostics
    ]


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply single-line UTF-16 edits (all the server makes) the way an editor does."""
    lines = split_lines(text)  # the protocol's lines are Python's: \n, \r\n, \r
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        assert edit.range.start.line == edit.range.end.line
        line = lines[edit.range.start.line]
        units = line.encode("utf-16-le")
        start, end = edit.range.start.character * 2, edit.range.end.character * 2
        edited = units[:start] + edit.new_text.encode("utf-16-le") + units[end:]
        lines[edit.range.start.line] = edited.decode("utf-16-le")
    return "".join(lines)


# --------------------------------------------------------------------------- tests


@pytest.mark.asyncio
async def test_findings_are_published_with_exact_ranges_and_follow_edits(client: LanguageClient, tmp_path: Path) -> None:
    result = await start(client, tmp_path)
    assert result.capabilities.code_action_provider
    path = tmp_path / "my project+1" / "model.py"  # the URI has %-escapes
    assert "%20" in path.as_uri()

    found = await open_document(client, path, SOURCE)
    assert summary(found) == [("HP401", 2, 12, 2, 16), ("HP402", 3, 14, 3, 19)]
    first = found[0]
    assert first.source == "hplint"
    assert first.severity == types.DiagnosticSeverity.Warning
    assert first.message == "`SVC` has no parameter `gama`; did you mean `gamma`?"
    assert first.code_description is None  # no `docs-url` configured: no invented URL

    # The in-memory text counts, not the file on disk (which does not even exist).
    found = await change_document(client, path, SOURCE.replace("gama", "gamma"), version=2)
    assert summary(found) == [("HP402", 3, 14, 3, 19)]

    since = mark(client)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
    )
    assert await published(client, path.as_uri(), since) == []


@pytest.mark.asyncio
async def test_positions_count_utf16_code_units(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    # Each emoji is one character to hplint and two UTF-16 code units to the client.
    text = 'from sklearn.svm import SVC\n\nlabel = "😀😀"; model = SVC(gama=0.1)\n'
    found = await open_document(client, tmp_path / "emoji.py", text)
    assert summary(found) == [("HP401", 2, 28, 2, 32)]
    line = text.splitlines()[2]
    begin = found[0].range.start.character
    assert line.encode("utf-16-le")[begin * 2 : (begin + 4) * 2].decode("utf-16-le") == "gama"


@pytest.mark.asyncio
async def test_positions_count_utf8_bytes_when_the_client_asks_for_them(client: LanguageClient, tmp_path: Path) -> None:
    general = types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8])
    result = await start(client, tmp_path, capabilities=types.ClientCapabilities(general=general))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    text = 'from sklearn.svm import SVC\n\nlabel = "😀é"; model = SVC(gama=0.1)\n'
    found = await open_document(client, tmp_path / "emoji.py", text)
    assert summary(found) == [("HP401", 2, 30, 2, 34)]  # 😀 is 4 bytes, é 2


def test_columns_convert_to_each_position_encoding() -> None:
    line = 'x = "é😀"; y'
    characters = line.index("y")
    assert _column_units(line, characters, types.PositionEncodingKind.Utf32.value) == 10
    assert _column_units(line, characters, types.PositionEncodingKind.Utf16.value) == 11
    assert _column_units(line, characters, types.PositionEncodingKind.Utf8.value) == 14


@pytest.mark.asyncio
async def test_disable_for_this_line_adds_and_extends_noqa(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    path = tmp_path / "model.py"
    text = SOURCE.replace('other = SVC(C="big")', 'other = SVC(C="big", gama=1)  # noqa: HP402')
    found = await open_document(client, path, text)
    assert summary(found) == [("HP401", 2, 12, 2, 16), ("HP401", 3, 21, 3, 25)]

    edits: list[types.TextEdit] = []
    for diagnostic in found:
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic]),
            )
        )
        assert actions is not None
        disable = [a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Disable")]
        assert len(disable) == 1
        action = disable[0]
        assert action.title == "Disable HP401 for this line"
        assert action.kind == types.CodeActionKind.QuickFix
        assert action.edit is not None and action.edit.changes is not None
        edits.extend(action.edit.changes[path.as_uri()])

    edited = apply_edits(text, edits)
    assert edited.splitlines()[2:] == [
        "model = SVC(gama=0.1)  # noqa: HP401",
        'other = SVC(C="big", gama=1)  # noqa: HP402, HP401',
    ]
    assert await change_document(client, path, edited, version=2) == []


async def code_actions(
    client: LanguageClient, path: Path, diagnostics: Sequence[types.Diagnostic], only: list[str] | None = None
) -> list[types.CodeAction]:
    everything = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=99, character=0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=diagnostics[0].range if diagnostics else everything,
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
        )
    )
    assert actions is not None
    return [a for a in actions if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio
async def test_each_fix_is_a_quick_fix(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    path = tmp_path / "model.py"
    text = SOURCE.replace("SVC(gama=0.1)", 'SVC(gama=0.1, kernel="rbff")  # é 😀')
    found = await open_document(client, path, text)
    edits: list[types.TextEdit] = []
    titles = []
    for diagnostic in found:
        for action in await code_actions(client, path, [diagnostic], only=[types.CodeActionKind.QuickFix]):
            if action.title.startswith("hplint"):
                titles.append(action.title)
                assert action.kind == types.CodeActionKind.QuickFix and list(action.diagnostics or []) == [diagnostic]
                assert action.edit is not None and action.edit.changes is not None
                edits.extend(action.edit.changes[path.as_uri()])
    assert titles == ["hplint (HP401): Rename `gama` to `gamma`", "hplint (HP402): Replace `'rbff'` with `'rbf'`"]
    edited = apply_edits(text, edits)
    assert edited.splitlines()[2] == 'model = SVC(gamma=0.1, kernel="rbf")  # é 😀'
    assert summary(await change_document(client, path, edited, version=2)) == [("HP402", 3, 14, 3, 19)]


@pytest.mark.asyncio
async def test_fix_all_applies_the_fixes_the_configuration_allows(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.hplint]\nunsafe-fixes = true\n")
    await start(client, tmp_path)
    path = tmp_path / "model.py"
    text = SOURCE.replace("SVC(gama=0.1)", 'SVC(gama=0.1, kernel="rbff")')
    found = await open_document(client, path, text)
    assert len(found) == 3
    (action,) = await code_actions(client, path, [], only=["source.fixAll.hplint"])
    assert action.kind == "source.fixAll.hplint"
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[path.as_uri()]
    assert edit.new_text == SOURCE.replace("SVC(gama=0.1)", 'SVC(gamma=0.1, kernel="rbf")')
    assert (edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character) == (0, 0, 4, 0)
    assert await code_actions(client, path, [], only=["source.organizeImports"]) == []


@pytest.mark.asyncio
async def test_quick_fix_and_fix_all_after_a_form_feed(client: LanguageClient, tmp_path: Path) -> None:
    """LibCST's columns on a line led by a form feed were one short: the quick fix and
    fix-all wrote `SVC(C=1,gamma=0.1)`-like text (issue 24, D1)."""
    (tmp_path / "pyproject.toml").write_text("[tool.hplint]\nunsafe-fixes = true\n")
    await start(client, tmp_path)
    path = tmp_path / "model.py"
    text = "from sklearn.svm import SVC\n\f\fmodel = SVC(C=1, gama=0.1)  # \x1c\u2028\nx = 1\n"
    expected = text.replace("gama", "gamma")
    found = await open_document(client, path, text)
    assert summary(found) == [("HP401", 1, 19, 1, 23)]
    (quick,) = [a for a in await code_actions(client, path, found, only=[types.CodeActionKind.QuickFix]) if a.title.startswith("hplint")]
    assert quick.edit is not None and quick.edit.changes is not None
    assert apply_edits(text, quick.edit.changes[path.as_uri()]) == expected
    (action,) = await code_actions(client, path, [], only=["source.fixAll.hplint"])
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[path.as_uri()]
    assert edit.new_text == expected


@pytest.mark.asyncio
async def test_fix_all_offers_nothing_when_a_later_pass_fails(failing_fix_client: LanguageClient, tmp_path: Path) -> None:
    """All or nothing per file, as `check --fix` (issue 24, D7): the server returned what
    the passes before the failed one made."""
    client = failing_fix_client
    (tmp_path / "pyproject.toml").write_text('[tool.hplint]\nunsafe-fixes = true\nselect = ["HP"]\n')
    await start(client, tmp_path, options={})
    path = tmp_path / "model.py"
    text = (
        "from sklearn.svm import SVC\nfrom sklearn.model_selection import GridSearchCV\n"
        'GridSearchCV(SVC(), {"random_state": [0, 1], "kernel": ["linear"]})\n'
    )
    await open_document(client, path, text)
    assert await code_actions(client, path, [], only=["source.fixAll.hplint"]) == []


@pytest.mark.asyncio
async def test_fix_all_without_unsafe_fixes_offers_nothing(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    path = tmp_path / "model.py"
    await open_document(client, path, SOURCE)
    assert await code_actions(client, path, [], only=["source.fixAll"]) == []


@pytest.mark.asyncio
async def test_configuration_is_reloaded_when_pyproject_changes(client: LanguageClient, tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.hplint]\nignore = ["HP402"]\n', encoding="utf-8")
    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        )
    )
    registrations: list[types.RegistrationParams] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registrations.append(params)

    await start(client, tmp_path, capabilities=capabilities)
    path = tmp_path / "my package" / "model.py"
    found = await open_document(client, path, SOURCE)
    assert summary(found) == [("HP401", 2, 12, 2, 16)]

    pyproject.write_text('[tool.hplint]\nignore = ["HP401"]\n', encoding="utf-8")
    since = mark(client)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert summary(await published(client, path.as_uri(), since)) == [("HP402", 3, 14, 3, 19)]
    # The server asked to be told about configuration files.
    watched = registrations[0].registrations[0]
    assert watched.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert isinstance(watched.register_options, dict)
    assert {w["globPattern"] for w in watched.register_options["watchers"]} == {
        "**/pyproject.toml", "**/hplint.toml", "**/.hplint.toml"
    }


@pytest.mark.asyncio
async def test_initialization_options_override_selection_and_severity(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path, options={"select": ["HP4"], "ignore": ["HP401"], "severity": "error", "extendSelect": ["XX"]})
    found = await open_document(client, tmp_path / "model.py", SOURCE)
    assert summary(found) == [("HP402", 3, 14, 3, 19)]
    assert found[0].severity == types.DiagnosticSeverity.Error
    # An unusable option is reported in the log and left out; the rest apply.
    assert any("extendSelect" in m.message and m.type == types.MessageType.Error for m in client.log_messages)


@pytest.mark.asyncio
async def test_syntax_error_is_reported_and_the_server_keeps_serving(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    path = tmp_path / "broken.py"
    found = await open_document(client, path, "from sklearn.svm import SVC\nmodel = SVC(\n")
    assert [d.code for d in found] == ["HP001"]
    assert found[0].message.startswith("SyntaxError:")
    assert found[0].range.start.line == 1
    assert summary(await change_document(client, path, SOURCE, version=2))[0][0] == "HP401"


@pytest.mark.asyncio
async def test_internal_error_is_logged_and_the_server_keeps_serving(crashing_client: LanguageClient, tmp_path: Path) -> None:
    client = crashing_client
    await start(client, tmp_path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=(tmp_path / "boom.py").as_uri(), language_id="python", version=1, text="boom = 1\n"
            )
        )
    )
    while not any("internal error" in m.message for m in client.log_messages):
        await asyncio.wait_for(client.wait_for_notification(types.WINDOW_LOG_MESSAGE), TIMEOUT)
    logged = next(m for m in client.log_messages if "internal error" in m.message)
    assert logged.type == types.MessageType.Error
    assert "RuntimeError: boom" in logged.message
    found = await open_document(client, tmp_path / "model.py", SOURCE)
    assert [d.code for d in found] == ["HP401", "HP402"]


@pytest.mark.asyncio
async def test_pull_diagnostics_when_the_client_supports_them(client: LanguageClient, tmp_path: Path) -> None:
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(diagnostic=types.DiagnosticClientCapabilities())
    )
    result = await start(client, tmp_path, capabilities=capabilities)
    assert result.capabilities.diagnostic_provider is not None
    path = tmp_path / "model.py"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="python", version=1, text=SOURCE)
        )
    )
    identifier = types.TextDocumentIdentifier(uri=path.as_uri())
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=identifier))
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert summary(report.items) == [("HP401", 2, 12, 2, 16), ("HP402", 3, 14, 3, 19)]
    again = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=identifier, previous_result_id=report.result_id)
    )
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert path.as_uri() not in client.diagnostics  # nothing pushed


def open_notebook(
    client: LanguageClient, notebook: Path, cells: list[str], kinds: list[types.NotebookCellKind]
) -> list[str]:
    """Open ``notebook`` with these cells in the client; the cells' URIs."""
    cell_uris = [f"vscode-notebook-cell:{notebook}#cell{i}" for i in range(len(cells))]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=notebook.as_uri(),
                notebook_type="jupyter-notebook",
                version=1,
                cells=[types.NotebookCell(kind=k, document=u) for k, u in zip(kinds, cell_uris)],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=u, language_id="python" if k == types.NotebookCellKind.Code else "markdown", version=1, text=t)
                for u, k, t in zip(cell_uris, kinds, cells)
            ],
        )
    )
    return cell_uris


@pytest.mark.asyncio
async def test_notebook_cells_are_linted_together(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    cells = ["from sklearn.svm import SVC", "# Fit", "model = SVC(gama=0.1)\n"]
    kinds = [types.NotebookCellKind.Code, types.NotebookCellKind.Markup, types.NotebookCellKind.Code]
    cell_uris = open_notebook(client, tmp_path / "analysis.ipynb", cells, kinds)
    assert await published(client, cell_uris[0], 0) == []
    assert summary(await published(client, cell_uris[2], 0)) == [("HP401", 0, 12, 0, 16)]
    assert cell_uris[1] not in client.diagnostics  # markdown


@pytest.mark.asyncio
async def test_a_notebook_cell_that_does_not_parse_hides_no_other_cell(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    cells = ["from sklearn.svm import SVC", "x = 1\nasdf.", "model = SVC(gama=0.1)\n"]
    cell_uris = open_notebook(client, tmp_path / "analysis.ipynb", cells, [types.NotebookCellKind.Code] * 3)
    assert summary(await published(client, cell_uris[1], 0)) == [("HP001", 1, 5, 1, 5)]
    assert summary(await published(client, cell_uris[2], 0)) == [("HP401", 0, 12, 0, 16)]


@pytest.mark.asyncio
async def test_excluded_files_are_not_linted(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.hplint]\nextend-exclude = ["generated"]\n', encoding="utf-8")
    await start(client, tmp_path)
    assert await open_document(client, tmp_path / "generated" / "model.py", SOURCE) == []
    assert len(await open_document(client, tmp_path / "model.py", SOURCE)) == 2


@pytest.mark.asyncio
async def test_hover_on_a_finding_explains_the_rule(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    path = tmp_path / "model.py"
    await open_document(client, path, SOURCE)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()), position=types.Position(line=2, character=14))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**HP401**")


# A document LibCST takes seconds to parse (native code that holds the GIL throughout): the
# costliest shape per node, within the node limit (the parse peaks at about 700 MB).
LARGE = "from sklearn.svm import SVC\nmodel = SVC(gama=1)\nx = [" + "1," * 120_000 + "]\n"


@pytest.mark.skipif(not HAS_PROC, reason="reads the server's memory from /proc")
@pytest.mark.asyncio
async def test_the_server_answers_while_it_lints_and_gives_the_memory_back(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path, options={"select": ["HP"]})  # every rule: what they keep counts
    assert client._server is not None and isinstance(client.diagnostics, Published)
    server = client._server.pid
    small = tmp_path / "model.py"
    await open_document(client, small, SOURCE)  # the lint process is up and has linted once
    baseline = tree_rss_mb(server)
    hover = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=small.as_uri()), position=types.Position(line=2, character=14)
    )

    large = tmp_path / "large.py"
    since = mark(client)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=large.as_uri(), language_id="python", version=1, text=LARGE)
        )
    )
    loop = asyncio.get_running_loop()
    waits = []
    # Hovers all through the lint, each answered promptly (a generous bound for a loaded
    # machine: before the fix, one waited as long as LibCST's parse, seconds).
    while all(uri != large.as_uri() for uri, _ in client.diagnostics.log[since:]):
        asked = loop.time()
        assert await asyncio.wait_for(client.text_document_hover_async(hover), 60) is not None
        waits.append(loop.time() - asked)
        await asyncio.sleep(0.1)
    assert len(waits) > 3, "the lint ended before the test could ask"
    assert max(waits) < 1.0, f"a hover waited {max(waits):.1f} s"
    assert "HP401" in {d.code for d in await published(client, large.as_uri(), since)}

    since = mark(client)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=large.as_uri())))
    assert await published(client, large.as_uri(), since) == []
    deadline = loop.time() + TIMEOUT
    while tree_rss_mb(server) > baseline + 150 and loop.time() < deadline:
        await asyncio.sleep(0.1)
    assert tree_rss_mb(server) <= baseline + 150, f"{tree_rss_mb(server):.0f} MB after close, {baseline:.0f} MB before"


@pytest.mark.skipif(not HAS_PROC, reason="watches the lint process through /proc")
@pytest.mark.asyncio
async def test_an_edit_stops_a_long_lint_of_the_older_text(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    assert client._server is not None
    server = client._server.pid
    path = tmp_path / "model.py"
    await open_document(client, path, SOURCE)  # the lint process is up
    before = children(server)
    since = mark(client)
    huge = "x = [" + "1," * 250_000 + "]\n"  # many seconds of LibCST's parse, under the node limit
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=(tmp_path / "huge.py").as_uri(), language_id="python", version=1, text="import sklearn\n" + huge)
        )
    )
    await asyncio.sleep(0.3)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=(tmp_path / "huge.py").as_uri(), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=SOURCE)],
        )
    )
    # The first publication is the new text's: the old one's lint was stopped, not published.
    assert [d.code for d in await published(client, (tmp_path / "huge.py").as_uri(), since, timeout=120)] == ["HP401", "HP402"]
    assert children(server) - before, "the lint of the older text was waited for, not stopped"


@pytest.mark.asyncio
async def test_shutdown_and_exit(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    await client.shutdown_session()
    assert client._server is not None and client._server.returncode == 0


def test_without_pygls_the_command_says_what_to_install() -> None:
    shim = textwrap.dedent(
        """
        import sys
        class Hide:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("pygls", "lsprotocol"):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None
        sys.meta_path.insert(0, Hide())
        from hplint.cli import main
        main(["server"])
        """
    )
    done = subprocess.run([sys.executable, "-c", shim], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == (
        "hplint: error: the language server needs pygls and lsprotocol: pip install 'hplint[server]'"
    )


@pytest.mark.asyncio
async def test_code_description_links_the_rule_page_on_the_configured_site(client: LanguageClient, tmp_path: Path) -> None:
    await start(client, tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "hplint.toml").write_text('docs-url = "https://hplint.example/docs"\n', encoding="utf-8")
    found = await open_document(client, tmp_path / "site" / "model.py", SOURCE)
    assert found[0].code_description is not None
    assert found[0].code_description.href == "https://hplint.example/docs/rules/HP401/"


@pytest.mark.asyncio
async def test_a_notebook_cell_gets_its_quick_fixes(client: LanguageClient, tmp_path: Path) -> None:
    """The fixes of a cell's findings are offered in that cell (their edits named the
    cell's index, which the cell's own document does not have)."""
    await start(client, tmp_path)
    cells = ["from sklearn.svm import SVC", "model = SVC(gama=0.1)\n"]
    cell_uris = open_notebook(client, tmp_path / "analysis.ipynb", cells, [types.NotebookCellKind.Code] * 2)
    (found,) = await published(client, cell_uris[1], 0)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=cell_uris[1]),
            range=found.range,
            context=types.CodeActionContext(diagnostics=[found], only=[types.CodeActionKind.QuickFix]),
        )
    )
    quick = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("hplint")]
    assert [a.title for a in quick] == ["hplint (HP401): Rename `gama` to `gamma`"]
    assert quick[0].edit is not None and quick[0].edit.changes is not None
    (edit,) = quick[0].edit.changes[cell_uris[1]]
    assert edit.new_text == "gamma" and edit.range.start.line == 0


@pytest.mark.asyncio
async def test_a_markdown_cell_saying_the_values_were_tuned_silences_hp101(client: LanguageClient, tmp_path: Path) -> None:
    """The editor applies the same notebook rule as the command: HP101 is not reported in a
    cell right after a markdown cell that says its values were tuned."""
    await start(client, tmp_path, {"select": ["HP101"]})
    code = "from sklearn.svm import SVC\n"
    call = "model = SVC(C=10.0)\nmodel.fit(X, y)\n"
    kinds = [types.NotebookCellKind.Code, types.NotebookCellKind.Markup, types.NotebookCellKind.Code]
    plain = open_notebook(client, tmp_path / "plain.ipynb", [code, "## Fit the model", call], kinds)
    assert [d.code for d in await published(client, plain[2], 0)] == ["HP101"]
    tuned = open_notebook(client, tmp_path / "tuned.ipynb", [code, "C tuned with a grid search", call], kinds)
    assert await published(client, tuned[2], 0) == []
