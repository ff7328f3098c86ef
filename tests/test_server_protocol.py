"""`hplint server` and the JSON-RPC rules of the protocol, spoken raw over its stdio: every
request gets one response, whatever it holds and whenever it comes, and the exit status
says whether the client shut the server down first. An LSP client library sends none of
this malformed traffic, so the tests write the frames themselves (tests/lsp_wire.py)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pygls")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from lsprotocol import types  # noqa: E402

from hplint.server import create_server  # noqa: E402
from lsp_wire import Wire  # noqa: E402

SERVER = [sys.executable, "-m", "hplint", "server"]
URI = "file:///nowhere/model.py"
POSITION = {"line": 0, "character": 0}
RANGE = {"start": POSITION, "end": POSITION}
HOVER = {"textDocument": {"uri": URI}, "position": POSITION}

# JSON-RPC's and LSP's error codes.
PARSE_ERROR, INVALID_REQUEST, INVALID_PARAMS, NOT_INITIALIZED = -32700, -32600, -32602, -32002


@pytest.fixture
def wire() -> Iterator[Wire]:
    server = Wire(SERVER)
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()


def error_code(response: dict[str, Any]) -> int:
    assert "error" in response, response
    code: int = response["error"]["code"]
    return code


def test_a_request_before_initialize_is_refused_and_notifications_are_dropped(wire: Wire) -> None:
    assert error_code(wire.request("textDocument/hover", HOVER)) == NOT_INITIALIZED
    assert error_code(wire.request("shutdown")) == NOT_INITIALIZED
    item = {"uri": URI, "languageId": "python", "version": 1, "text": "import sklearn\nx = (\n"}
    wire.notify("textDocument/didOpen", {"textDocument": item})  # dropped: nothing is open after initialize
    assert "result" in wire.initialize()
    answer = wire.request("textDocument/diagnostic", {"textDocument": {"uri": URI}})
    assert answer["result"]["items"] == []


def test_exit_before_initialize_ends_the_server_with_status_1(wire: Wire) -> None:
    wire.notify("exit")
    assert wire.close() == 1


def test_malformed_params_get_invalid_params_and_the_server_stays_up(wire: Wire) -> None:
    wire.initialize()
    answer = wire.request("textDocument/hover", {"textDocument": 5})
    assert error_code(answer) == INVALID_PARAMS
    assert "textDocument/hover" in answer["error"]["message"]
    assert error_code(wire.request("textDocument/codeAction", [1, 2])) == INVALID_PARAMS
    assert wire.request("textDocument/hover", HOVER) == {"jsonrpc": "2.0", "id": wire.last_id, "result": None}


def test_an_object_with_a_jsonrpc_key_inside_params_does_not_hide_the_request(wire: Wire) -> None:
    # json.loads hands every object to pygls, innermost first, and pygls took any object
    # with a "jsonrpc" key for a message: one that failed to read dropped the request
    # around it without an answer (found by the fuzz below: a second initialize).
    wire.initialize()
    assert error_code(wire.request("initialize", {"jsonrpc": None})) == INVALID_PARAMS
    assert error_code(wire.request("textDocument/hover", {"textDocument": {"jsonrpc": 1}})) == INVALID_PARAMS
    wire.notify("textDocument/didOpen", {"jsonrpc": None})
    assert wire.request("textDocument/hover", HOVER) == {"jsonrpc": "2.0", "id": wire.last_id, "result": None}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", PARSE_ERROR),
        (b"\xff\xfe", PARSE_ERROR),
        (b"[1, 2]", INVALID_REQUEST),
        (b"42", INVALID_REQUEST),
    ],
    ids=["not JSON", "not UTF-8", "an array", "a number"],
)
def test_a_body_that_is_no_request_gets_an_error_with_a_null_id(wire: Wire, body: bytes, code: int) -> None:
    wire.initialize()
    wire.send_bytes(body)
    answer = wire.response(None)
    assert answer["id"] is None and error_code(answer) == code
    assert "result" in wire.request("textDocument/hover", HOVER)


@pytest.mark.parametrize("version", [None, "1.0", 2])
def test_a_request_that_is_not_json_rpc_2_gets_invalid_request(wire: Wire, version: object) -> None:
    wire.initialize()
    message: dict[str, Any] = {"id": 77, "method": "textDocument/hover", "params": HOVER}
    if version is not None:
        message["jsonrpc"] = version
    wire.send(message)
    assert error_code(wire.response(77)) == INVALID_REQUEST
    assert "result" in wire.request("textDocument/hover", HOVER)


def test_a_notification_sent_with_an_id_gets_invalid_request(wire: Wire) -> None:
    wire.initialize()
    answer = wire.request("textDocument/didSave", {"textDocument": {"uri": URI}})
    assert error_code(answer) == INVALID_REQUEST
    assert "notification" in answer["error"]["message"]


def test_after_shutdown_requests_are_refused_and_exit_ends_with_status_0(wire: Wire) -> None:
    wire.initialize()
    assert wire.request("shutdown") == {"jsonrpc": "2.0", "id": wire.last_id, "result": None}
    assert error_code(wire.request("textDocument/hover", HOVER)) == INVALID_REQUEST
    assert error_code(wire.request("shutdown")) == INVALID_REQUEST
    wire.notify("exit")
    assert wire.close() == 0


def test_exit_without_shutdown_ends_with_status_1(wire: Wire) -> None:
    wire.initialize()
    wire.notify("exit")
    assert wire.close() == 1


def test_a_closed_connection_without_shutdown_ends_with_status_1(wire: Wire) -> None:
    wire.initialize()
    assert wire.close() == 1


# --------------------------------------------------------------------------- fuzz

# A well-formed params object for each method hplint serves (pygls's built-in ones
# included), to be broken in one place; shutdown and exit end the session and are tested
# above. The test below fails when the server learns a method this table lacks.
WELL_FORMED: dict[str, dict[str, Any]] = {
    "initialize": {"processId": None, "rootUri": None, "capabilities": {}},
    "initialized": {},
    "$/setTrace": {"value": "off"},
    "textDocument/hover": HOVER,
    "textDocument/codeAction": {"textDocument": {"uri": URI}, "range": RANGE, "context": {"diagnostics": []}},
    "textDocument/diagnostic": {"textDocument": {"uri": URI}},
    "workspace/executeCommand": {"command": "hplint.nothing", "arguments": []},
    "textDocument/didOpen": {"textDocument": {"uri": URI, "languageId": "python", "version": 1, "text": "import sklearn\n"}},
    "textDocument/didChange": {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "x = 1\n"}]},
    "textDocument/didSave": {"textDocument": {"uri": URI}},
    "textDocument/didClose": {"textDocument": {"uri": URI}},
    "notebookDocument/didOpen": {
        "notebookDocument": {"uri": "file:///nowhere/n.ipynb", "notebookType": "jupyter-notebook", "version": 1, "cells": []},
        "cellTextDocuments": [],
    },
    "notebookDocument/didChange": {"notebookDocument": {"uri": "file:///nowhere/n.ipynb", "version": 2}, "change": {}},
    "notebookDocument/didSave": {"notebookDocument": {"uri": "file:///nowhere/n.ipynb"}},
    "notebookDocument/didClose": {"notebookDocument": {"uri": "file:///nowhere/n.ipynb"}, "cellTextDocuments": []},
    "window/workDoneProgress/cancel": {"token": "t"},
    "workspace/didChangeWatchedFiles": {"changes": [{"uri": "file:///nowhere/pyproject.toml", "type": 2}]},
    "workspace/didChangeWorkspaceFolders": {"event": {"added": [], "removed": []}},
}
SESSION_ENDING = {"shutdown", "exit"}


def served_methods() -> set[str]:
    features = create_server().protocol.fm
    return set(features.features) | set(features.builtin_features)


def is_request(method: str) -> bool:
    message_type = types.METHOD_TO_TYPES[method][0]
    return any(field.name == "id" for field in message_type.__attrs_attrs__)


def test_the_fuzz_covers_every_method_the_server_serves() -> None:
    assert served_methods() - SESSION_ENDING == set(WELL_FORMED)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON value: keys of objects, indices of arrays."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


_DELETE = object()


def _edited(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A copy of ``value`` with the place at ``path`` set to ``new`` (or removed: _DELETE)."""
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    holder = copy
    for step in path[:-1]:
        holder = holder[step]
    if new is _DELETE:
        del holder[path[-1]]
    else:
        holder[path[-1]] = new
    return copy


@st.composite
def malformed(draw: st.DrawFn) -> tuple[str, Any]:
    """A method hplint serves and params broken somewhere: a value of the wrong type in
    one place of a well-formed object, a missing field, or no object at all."""
    method = draw(st.sampled_from(sorted(WELL_FORMED)))
    good = WELL_FORMED[method]
    path = draw(st.sampled_from(list(_paths(good))))
    removed = bool(path) and draw(st.booleans())
    return method, _edited(good, path, _DELETE if removed else draw(JSON))


@pytest.fixture(scope="module")
def session() -> Iterator[Wire]:
    server = Wire(SERVER)
    server.initialize()
    yield server
    server.process.kill()
    server.process.wait()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(malformed())
def test_every_request_with_malformed_params_is_answered_and_the_server_stays_up(
    session: Wire, case: tuple[str, Any]
) -> None:
    method, params = case
    if is_request(method):
        answer = session.request(method, params)
        assert ("result" in answer) != ("error" in answer), answer
    else:
        session.notify(method, params)
    # Still serving: a well-formed request after it is answered.
    assert "result" in session.request("textDocument/hover", HOVER)
    assert session.process.poll() is None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(sorted(WELL_FORMED)) | st.text(max_size=12).filter(lambda m: m not in SESSION_ENDING),
    params=JSON,
    message_id=st.integers(min_value=1000) | st.text(min_size=1, max_size=8),
)
def test_any_request_is_answered_once_with_its_id(session: Wire, method: str, params: Any, message_id: int | str) -> None:
    # Any method (served, unknown, or a notification's sent with an id), any params.
    session.send({"jsonrpc": "2.0", "id": message_id, "method": method, "params": params})
    answer = session.response(message_id)
    assert ("result" in answer) != ("error" in answer), answer
    assert "result" in session.request("textDocument/hover", HOVER)
