"""`hplint server`: HP101 counts the tuning of the whole workspace, as `hplint check` on it
does (issue 20): a real LSP client (pytest-lsp) drives the real subprocess."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402

from hplint import engine, workspace  # noqa: E402
from hplint.config import Settings  # noqa: E402
from hplint.diagnostics import TuningFacts  # noqa: E402
from conftest import run_hplint  # noqa: E402

from test_notebooks import notebook  # noqa: E402
from test_project_tuning import TRAIN, TUNE, UNTUNED  # noqa: E402
from test_server import TIMEOUT, change_document, client, open_document, start  # noqa: E402, F401

ONLY_HP101 = {"select": ["HP101"]}


def hp101_rows(diagnostics: Sequence[types.Diagnostic]) -> list[int]:
    return [d.range.start.line for d in diagnostics if d.code == "HP101"]


async def settles(client: LanguageClient, uri: str, wanted: Callable[[list[int]], bool]) -> list[int]:
    """The HP101 rows of ``uri``'s latest diagnostics, once ``wanted`` holds of them."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while True:
        rows = hp101_rows(client.diagnostics.get(uri, []))
        if uri in client.diagnostics and wanted(rows):
            return rows
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{uri}: HP101 on rows {rows}, never as wanted")
        await asyncio.sleep(0.05)


def save(client: LanguageClient, path: Path, text: str) -> None:
    path.write_text(text)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
    )


@pytest.mark.asyncio
async def test_a_search_in_a_workspace_file_silences_the_open_document(client: LanguageClient, tmp_path: Path) -> None:
    tune, train = tmp_path / "tune.py", tmp_path / "train.py"
    tune.write_text(TUNE)
    train.write_text(TRAIN)
    await start(client, tmp_path, ONLY_HP101)
    await open_document(client, train, TRAIN)
    # tune.py is not open: the workspace's files are read for what they tune.
    assert await settles(client, train.as_uri(), lambda rows: rows == []) == []

    # Edit tune.py in the editor to remove its search, and save it: the finding returns.
    await open_document(client, tune, TUNE)
    await change_document(client, tune, UNTUNED, version=2)
    save(client, tune, UNTUNED)
    assert await settles(client, train.as_uri(), lambda rows: rows != []) == [2]

    # Closed, tune.py counts as saved (no search): the finding stays; the search back on
    # disk and saved silences it again.
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=tune.as_uri())))
    await asyncio.sleep(0.5)
    assert hp101_rows(client.diagnostics[train.as_uri()]) == [2]
    await open_document(client, tune, UNTUNED)
    await change_document(client, tune, TUNE, version=2)
    assert await settles(client, train.as_uri(), lambda rows: rows == []) == []


@pytest.mark.asyncio
async def test_a_notebook_on_disk_and_an_unsaved_document_count(client: LanguageClient, tmp_path: Path) -> None:
    train = tmp_path / "train.py"
    (tmp_path / "tune.ipynb").write_text(notebook(TUNE))
    await start(client, tmp_path, ONLY_HP101)
    await open_document(client, train, TRAIN)
    assert await settles(client, train.as_uri(), lambda rows: rows == []) == []
    # Another class, which nothing tunes yet; then a search in a document never saved.
    regressor = tmp_path / "regressor.py"
    await open_document(client, regressor, TRAIN.replace("Classifier", "Regressor"))
    assert await settles(client, regressor.as_uri(), lambda rows: rows != []) == [2]
    await open_document(client, tmp_path / "search.py", TUNE.replace("Classifier", "Regressor"))
    assert await settles(client, regressor.as_uri(), lambda rows: rows == []) == []



def test_the_workspace_is_read_from_the_cache_check_made_and_never_makes_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tune.py").write_text(TUNE)
    (tmp_path / "train.py").write_text(TRAIN)
    settings = Settings()
    assert workspace.files(tmp_path, settings) == [tmp_path / "train.py", tmp_path / "tune.py"]
    assert workspace.cache_root(tmp_path) is None
    jobs = [(str(tmp_path / "tune.py"), settings)]
    searched = TuningFacts(frozenset({("sklearn.ensemble.GradientBoostingClassifier", "n_estimators")}))
    expected = {workspace.key(tmp_path / "tune.py"): searched}
    assert workspace.tunings("", jobs, None) == expected
    assert not (tmp_path / ".hplint_cache").exists()
    run_hplint("check", ".", cwd=tmp_path)  # the user's run makes the cache
    directory = workspace.cache_root(tmp_path)
    assert directory is not None
    linted: list[Path] = []
    real = engine.lint_file
    monkeypatch.setattr(engine, "lint_file", lambda path, *args: linted.append(path) or real(path, *args))
    assert workspace.tunings("", jobs, directory) == expected
    assert linted == []  # the same settings as check's: answered from its entry
    (tmp_path / "tune.py").write_text(UNTUNED)
    assert workspace.tunings("", jobs, directory) == {workspace.key(tmp_path / "tune.py"): TuningFacts()}
    assert linted == [tmp_path / "tune.py"]


@pytest.mark.asyncio
async def test_a_file_changed_outside_the_editor_is_read_again(client: LanguageClient, tmp_path: Path) -> None:
    tune, train = tmp_path / "tune.py", tmp_path / "train.py"
    tune.write_text(TUNE)
    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        )
    )
    registrations: list[types.RegistrationParams] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registrations.append(params)

    await start(client, tmp_path, ONLY_HP101, capabilities=capabilities)
    await open_document(client, train, TRAIN)
    assert await settles(client, train.as_uri(), lambda rows: rows == []) == []
    patterns = {w["globPattern"] for r in registrations[0].registrations for w in r.register_options["watchers"]}
    assert {"**/*.py", "**/*.ipynb"} <= patterns
    tune.unlink()  # a checkout removes the search
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=tune.as_uri(), type=types.FileChangeType.Deleted)])
    )
    assert await settles(client, train.as_uri(), lambda rows: rows != []) == [2]
