"""The JSON-RPC rules of the Language Server Protocol that pygls 2 leaves to the server.

pygls (2.1) handles a message it can read and drops the rest without a word: a request
whose params do not match the method's type, a request that is not JSON-RPC 2.0 and any
request after ``shutdown`` are logged and never answered, so the client waits forever; a
request before ``initialize`` runs its handler on a server that has no workspace yet. And
``exit``'s status is lost: pygls's ``sys.exit`` is caught by its own ``start_io``, which
returns normally. The protocol says:

- every request gets exactly one response (JSON-RPC 2.0): InvalidParams (-32602) for
  params that are not the method's, InvalidRequest (-32600) for what is not a request
  (and for a notification's method sent with an id), ParseError (-32700, id null) for a
  body that is not JSON;
- before ``initialize``, a request is answered ServerNotInitialized (-32002) and a
  notification dropped, except ``exit``;
- after ``shutdown``, a request is answered InvalidRequest;
- the process exits 0 on ``exit`` after ``shutdown``, 1 otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCRequest

MessageId = int | str


@dataclass(frozen=True)
class Refused:
    """A request answered with ``error`` without reaching its handler."""

    id: MessageId | None
    error: JsonRpcException


class HplintProtocol(LanguageServerProtocol):
    """pygls's language server protocol, with an answer to every request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initialize_received = False

    @property
    def shut_down(self) -> bool:
        """Whether the client has asked for ``shutdown``."""
        return bool(self._shutdown)

    def structure_message(self, data: dict[str, Any]) -> Any:
        """pygls's reading of one JSON object, or a Refused request it could not read."""
        try:
            message = super().structure_message(data)
        except JsonRpcException as error:
            message_id = _request_id(data)
            if message_id is None:
                # Not a request: a notification nobody waits for an answer to, or an object
                # inside a message's params that has a "jsonrpc" key (``json.loads`` calls
                # this hook for every object, innermost first, and pygls takes any object
                # with that key for a message). Raising here would drop the whole message
                # around it, a request included, without an answer: it stays plain data,
                # and the message is judged as a whole.
                return data
            return Refused(message_id, type(error)(f"{error.message} for {data['method']!r}"))
        message_id = _request_id(data) if "jsonrpc" in data else None
        if message_id is not None and not hasattr(message, "id"):
            # A notification's method sent with an id: pygls reads it as the notification,
            # and the sender waits for an answer that would never come.
            return Refused(message_id, JsonRpcInvalidRequest(f"{data['method']!r} is a notification, not a request"))
        return message

    def handle_message(self, message: Any) -> None:
        refused = self._refusal(message)
        if refused is not None:
            self.answer(refused)
        elif self._accepted(message):
            super().handle_message(message)

    def answer(self, refused: Refused) -> None:
        """Send the error response to a refused request (id null when it had none: as a
        plain object, since pygls's converter leaves a null id out)."""
        error = self._converter.unstructure(refused.error.to_response_error())
        self._send_data({"jsonrpc": "2.0", "id": refused.id, "error": error})

    def _refusal(self, message: Any) -> Refused | None:
        """The error a request is answered with before any handler sees it, or None."""
        if isinstance(message, Refused):
            return message
        if isinstance(message, dict):
            # Not JSON-RPC 2.0 (pygls reads an object without "jsonrpc" as plain data).
            message_id = _request_id(message)
            return None if message_id is None else Refused(message_id, JsonRpcInvalidRequest())
        if not hasattr(message, "jsonrpc"):
            return Refused(None, JsonRpcInvalidRequest())  # a JSON array, number or string
        if not isinstance(message, RPCRequest):
            return None
        if message.jsonrpc != "2.0":
            return Refused(message.id, JsonRpcInvalidRequest())
        if not self.initialize_received and message.method != types.INITIALIZE:
            return Refused(message.id, JsonRpcServerNotInitialized())
        if self.shut_down:
            return Refused(message.id, JsonRpcInvalidRequest("the server has been shut down"))
        return None

    def _accepted(self, message: Any) -> bool:
        """Whether a message that needs no refusal goes to pygls (notifications before
        ``initialize`` are dropped, except ``exit``)."""
        if isinstance(message, dict):
            return False  # not JSON-RPC 2.0, and not a request: nothing to answer
        method = getattr(message, "method", None)
        if method == types.INITIALIZE:
            self.initialize_received = True
        return self.initialize_received or method == types.EXIT


def _request_id(data: dict[str, Any]) -> MessageId | None:
    """The id of what claims to be a request, if it is a usable id."""
    message_id = data.get("id")
    if "method" not in data or isinstance(message_id, bool) or not isinstance(message_id, (int, str)):
        return None
    return message_id


def parse_error(error: Exception) -> Refused | None:
    """The answer to a message body that is not JSON (pygls reports it and moves on)."""
    if isinstance(error, (json.JSONDecodeError, UnicodeDecodeError)):
        return Refused(None, JsonRpcParseError())
    return None
