"""A real HTTP server on 127.0.0.1 that speaks the chat-completions protocol, for tests.

It serves a queue of canned replies (status, headers, body, delay) in order and
records every request it got, headers included, so a test can check what
arrived on the wire (the Authorization header) and what the engine recorded
(never that header). A reply's delay waits on an event that `close()` sets, so
a test of client timeouts never leaves a thread sleeping.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Canned:
    status: int = 200
    body: dict[str, Any] | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any
    note: Any = None  # what `on_request` returned when this request arrived


def completion(
    content: str | None = "ok",
    *,
    tool_calls: list[dict[str, Any]] | None = None,
    finish_reason: str | None = None,
    refusal: str | None = None,
    prompt_tokens: int = 11,
    completion_tokens: int = 3,
    cached_tokens: int = 0,
) -> dict[str, Any]:
    """A chat-completions reply body, as OpenAI sends it."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    if tool_calls:
        message["tool_calls"] = tool_calls
    reason = finish_reason or ("tool_calls" if tool_calls else "stop")
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_767_225_600,
        "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": reason, "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": cached_tokens},
        },
    }


def tool_call(name: str, arguments: str, call_id: str = "call_1") -> dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def error(status: int, message: str, *, code: str | None = None, **headers: str) -> Canned:
    body = {
        "error": {"message": message, "type": code or "server_error", "param": None, "code": code}
    }
    return Canned(status=status, body=body, headers=headers)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:
        stub = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        headers = {k.lower(): v for k, v in self.headers.items()}
        received = Received(path=self.path, headers=headers, body=body)
        if stub.on_request is not None:
            received.note = stub.on_request(received)
        with stub.lock:
            stub.received.append(received)
            reply = stub.replies.popleft() if stub.replies else stub.fallback
        if reply.delay_s and stub.stopping.wait(reply.delay_s):
            return  # the server is closing: drop the connection
        data = reply.body if isinstance(reply.body, str) else json.dumps(reply.body or {})
        payload = data.encode("utf-8")
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Connection", "close")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    stub: OpenAIStubServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up mid-reply is expected in timeout tests


class OpenAIStubServer:
    def __init__(self) -> None:
        self.replies: deque[Canned] = deque()
        self.received: list[Received] = []
        self.fallback = error(500, "the test server has no reply left")
        self.on_request: Callable[[Received], Any] | None = None
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def push(self, *replies: Canned | dict[str, Any]) -> None:
        for reply in replies:
            self.replies.append(reply if isinstance(reply, Canned) else Canned(body=reply))

    def start(self) -> OpenAIStubServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.stopping.set()
        if self._thread.is_alive():
            self._server.shutdown()  # waits for serve_forever, so only once it runs
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> OpenAIStubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
