"""The scripted model served as a chat-completions endpoint inside the process.

ENGINE_NOTES rule 10: the scripted backend sits *under* the real client. The
`openai.AsyncOpenAI` client is given an `httpx2.AsyncClient` whose transport is
a `MockTransport` calling `ScriptedServer.handle`; the handler reads the real
request body and returns real wire JSON (id, choices, message with content or
tool_calls, finish_reason, usage). So the SDK's parsing, usage and error paths
run for the scripted backend exactly as for a remote server.

Usage is computed, not invented: prompt tokens are counted from the request
text, and `prompt_tokens_details.cached_tokens` is the prefix shared with the
previous request of the same conversation (keyed by `prompt_cache_key` when
the body has one, else by the first message), like a server's prefix cache.
A `max_tokens` smaller than the answer cuts it and reports `length`.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import OrderedDict
from typing import Any

import httpx2

from engine.llm.scripted import tokens
from engine.llm.scripted.policy import ScriptedPolicy, body_hash
from engine.llm.scripted.request import Reply

CREATED = 1_767_225_600  # a fixed timestamp: the same request gives the same bytes
PURPOSE_HEADER = "x-synthcomp-purpose"


def _error(status: int, message: str, kind: str = "invalid_request_error") -> httpx2.Response:
    return httpx2.Response(
        status, json={"error": {"message": message, "type": kind, "param": None, "code": None}}
    )


class ScriptedServer:
    def __init__(self, policy: ScriptedPolicy, *, conversations: int = 512) -> None:
        self.policy = policy
        self._last_prompt: OrderedDict[str, list[str]] = OrderedDict()
        self._limit = conversations
        self._lock = threading.Lock()

    def transport(self) -> httpx2.MockTransport:
        return httpx2.MockTransport(self.handle_async)

    async def handle_async(self, request: httpx2.Request) -> httpx2.Response:
        """Answer in a worker thread: a rule may take tens of milliseconds to build a
        document or plan, and the event loop is shared with the TUI."""
        return await asyncio.to_thread(self.handle, request)

    def http_client(self) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(transport=self.transport())

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return _error(
                404,
                f"the scripted backend serves only POST /chat/completions, not {request.method} {request.url.path}",
                "not_found",
            )
        try:
            body = json.loads(request.content or b"null")
        except ValueError:
            return _error(400, "the request body is not JSON")
        problem = _check_body(body)
        if problem:
            return _error(400, problem)
        reply = self.policy.respond(body, purpose=request.headers.get(PURPOSE_HEADER))
        digest = body_hash(body)
        payload = self._completion(body, reply, digest)
        return httpx2.Response(200, json=payload, headers={"x-request-id": f"req_{digest[:20]}"})

    def _completion(self, body: dict[str, Any], reply: Reply, digest: str) -> dict[str, Any]:
        content = reply.content
        calls = [
            {
                "id": f"call_{digest[:12]}_{i}",
                "type": "function",
                "function": {
                    "name": call.name,
                    "arguments": call.arguments
                    if isinstance(call.arguments, str)
                    else json.dumps(call.arguments, ensure_ascii=False),
                },
            }
            for i, call in enumerate(reply.tool_calls)
        ]
        finish = reply.finish_reason or ("tool_calls" if calls else "stop")
        limit = body.get("max_completion_tokens") or body.get("max_tokens")
        if limit and content is not None and tokens.count(content) > limit:
            content, finish = tokens.cut(content, int(limit)), "length"
        if limit and calls:
            for call in calls:
                arguments = call["function"]["arguments"]
                if tokens.count(arguments) > limit:
                    call["function"]["arguments"] = tokens.cut(arguments, int(limit))
                    finish = "length"
        completion_tokens = tokens.count(content or "") + tokens.count(reply.refusal or "")
        completion_tokens += sum(
            tokens.count(c["function"]["name"] + c["function"]["arguments"]) for c in calls
        )
        prompt = tokens.prompt_tokens(body)
        cached = self._remember(body, prompt)
        message: dict[str, Any] = {
            "role": "assistant",
            "content": content,
            "refusal": reply.refusal,
        }
        if calls:
            message["tool_calls"] = calls
        return {
            "id": f"chatcmpl-{digest[:24]}",
            "object": "chat.completion",
            "created": CREATED,
            "model": body["model"],
            "system_fingerprint": f"scripted-seed-{self.policy.seed}",
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
            ],
            "usage": {
                "prompt_tokens": len(prompt),
                "completion_tokens": completion_tokens,
                "total_tokens": len(prompt) + completion_tokens,
                "prompt_tokens_details": {"cached_tokens": cached},
                "completion_tokens_details": {"reasoning_tokens": 0},
            },
        }

    def _remember(self, body: dict[str, Any], prompt: list[str]) -> int:
        """Tokens shared with this conversation's previous prompt; then remember this one."""
        key = str(body.get("prompt_cache_key") or "")
        if not key:
            first = (body.get("messages") or [{}])[0]
            key = body_hash({"first": first, "tools": body.get("tools")})
        with self._lock:
            previous = self._last_prompt.pop(key, None)
            self._last_prompt[key] = prompt
            while len(self._last_prompt) > self._limit:
                self._last_prompt.popitem(last=False)
        return tokens.shared_prefix(previous, prompt) if previous else 0


def _check_body(body: Any) -> str | None:
    """Reject what a real server rejects, with the same kind of message."""
    if not isinstance(body, dict):
        return "the request body must be a JSON object"
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array"
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in (
            "system",
            "developer",
            "user",
            "assistant",
            "tool",
        ):
            return f"messages[{i}] has no valid role"
    return None
