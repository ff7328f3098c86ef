"""A language server's stdio spoken raw: JSON-RPC frames, malformed ones included, which
an LSP client library will not send (tests/test_server_protocol.py)."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from typing import Any

TIMEOUT = 20  # seconds a response may take


class Wire:
    """A server process and the messages it sends, read on a thread of their own."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()
        self._next_id = 0

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    self.messages.put(None)
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(stream.read(length)))

    def send_bytes(self, body: bytes) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(json.dumps(message).encode())

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    @property
    def last_id(self) -> int:
        """The id of the latest request sent."""
        return self._next_id

    def request(self, method: str, params: Any = None, **extra: Any) -> dict[str, Any]:
        """Send a request; its response (waiting for it, skipping everything else)."""
        message_id = self.new_id()
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": message_id, "method": method, **extra}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.response(message_id)

    def notify(self, method: str, params: Any = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def response(self, message_id: int | str | None, timeout: float = TIMEOUT) -> dict[str, Any]:
        for message in self.seen:
            if "method" not in message and message.get("id") == message_id:
                self.seen.remove(message)
                return message
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no response to request {message_id!r} in {timeout} s") from None
            if message is None:
                raise AssertionError(f"the server closed its output before answering {message_id!r}")
            if "method" not in message and message.get("id") == message_id:
                return message
            self.seen.append(message)

    def initialize(self) -> dict[str, Any]:
        answer = self.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        self.notify("initialized", {})
        return answer

    def close(self) -> int:
        """Close the server's input; its exit status (killed after a while)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()
            except BrokenPipeError:
                pass
        try:
            return self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
