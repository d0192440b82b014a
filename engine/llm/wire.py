"""Chat-completions JSON: building request bodies and reading replies.

The request body built here is exactly what is sent and exactly what is
recorded (and hashed), so a recorded call can be replayed and a divergence
caught by comparing hashes. Replies are read from the `openai` SDK's parsed
`ChatCompletion`, so every backend runs the SDK's own parsing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any, Literal

from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from engine.llm.types import ChatMessage, ResultStatus, ToolCall, ToolSpec, Usage, schema_of

ToolChoice = Literal["auto", "required", "none"] | str


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, unicode kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def request_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def message_to_wire(message: ChatMessage) -> dict[str, Any]:
    out: dict[str, Any] = {"role": message.role}
    if message.role == "assistant":
        out["content"] = message.content
        if message.tool_calls:
            out["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.raw_arguments},
                }
                for call in message.tool_calls
            ]
    elif message.role == "tool":
        out["tool_call_id"] = message.tool_call_id
        out["content"] = message.content or ""
    else:
        out["content"] = message.content or ""
    if message.name and message.role in ("system", "user", "assistant"):
        out["name"] = message.name
    return out


def tool_to_wire(tool: ToolSpec) -> dict[str, Any]:
    function: dict[str, Any] = {"name": tool.name, "parameters": tool.json_schema()}
    if tool.description:
        function["description"] = tool.description
    return {"type": "function", "function": function}


def tool_choice_to_wire(choice: ToolChoice) -> str | dict[str, Any]:
    if choice in ("auto", "required", "none"):
        return choice
    return {"type": "function", "function": {"name": choice}}


def response_format_for(output: type[BaseModel]) -> dict[str, Any]:
    """Ask for `output` as a JSON schema; not strict, since pydantic schemas rarely meet strict rules."""
    return {
        "type": "json_schema",
        "json_schema": {
            "name": schema_name(output),
            "schema": schema_of(output),
            "strict": False,
        },
    }


def schema_name(output: type[BaseModel]) -> str:
    """The model's name as OpenAI accepts it (letters, digits, _ and -, at most 64)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", output.__name__)[:64]


def build_body(
    *,
    model: str,
    messages: Sequence[ChatMessage],
    tools: Sequence[ToolSpec] | None = None,
    tool_choice: ToolChoice | None = None,
    response_format: dict[str, Any] | None = None,
    max_tokens: int | None = None,
    temperature: float | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"model": model, "messages": [message_to_wire(m) for m in messages]}
    if tools:
        body["tools"] = [tool_to_wire(t) for t in tools]
        body["tool_choice"] = tool_choice_to_wire(tool_choice or "auto")
    if response_format is not None:
        body["response_format"] = response_format
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    if temperature is not None:
        body["temperature"] = temperature
    return body


def status_of(raw: dict[str, Any]) -> ResultStatus:
    """Read the outcome from the raw reply itself, so it can be recorded before any parsing."""
    choices = raw.get("choices") or [{}]
    choice = choices[0] if isinstance(choices[0], dict) else {}
    reason = choice.get("finish_reason")
    message = choice.get("message") if isinstance(choice.get("message"), dict) else {}
    if reason == "length":
        return "truncated"
    if reason == "content_filter" or message.get("refusal"):
        return "refused"
    return "ok"


def usage_of(completion: ChatCompletion) -> Usage:
    usage = completion.usage
    if usage is None:
        return Usage()
    details = usage.prompt_tokens_details
    return Usage(
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        cached_tokens=(details.cached_tokens or 0) if details else 0,
        total_tokens=usage.total_tokens,
    )


class ParsedReply(BaseModel):
    """The first choice of a completion, in the engine's terms, before any validation."""

    content: str | None
    refusal: str | None
    finish_reason: str | None
    tool_calls: list[ToolCall]
    broken: dict[str, str]  # tool call id -> why its arguments are not a JSON object

    def message(self) -> ChatMessage:
        return ChatMessage.assistant(self.content, tool_calls=self.tool_calls or None)


def read_reply(completion: ChatCompletion) -> ParsedReply:
    """Take the first choice apart; arguments that are not a JSON object are noted, not raised."""
    if not completion.choices:
        return ParsedReply(content=None, refusal=None, finish_reason=None, tool_calls=[], broken={})
    choice = completion.choices[0]
    message = choice.message
    calls: list[ToolCall] = []
    broken: dict[str, str] = {}
    for index, call in enumerate(message.tool_calls or []):
        function = getattr(call, "function", None)
        if function is None:  # a custom (non-function) tool call: not something we offer
            call_id = getattr(call, "id", f"call_{index}")
            calls.append(ToolCall(id=call_id, name="", raw_arguments=""))
            broken[call_id] = "only function tools are available"
            continue
        raw_args = function.arguments or ""
        arguments: dict[str, Any] = {}
        try:
            decoded = json.loads(raw_args) if raw_args.strip() else {}
        except json.JSONDecodeError as err:
            broken[call.id] = f"the arguments are not valid JSON ({err.msg} at character {err.pos})"
        else:
            if isinstance(decoded, dict):
                arguments = decoded
            else:
                broken[call.id] = "the arguments must be a JSON object"
        calls.append(
            ToolCall(id=call.id, name=function.name, arguments=arguments, raw_arguments=raw_args)
        )
    return ParsedReply(
        content=message.content,
        refusal=message.refusal,
        finish_reason=choice.finish_reason,
        tool_calls=calls,
        broken=broken,
    )


_FENCE = re.compile(r"^\s*```(?:json|JSON)?\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)


def strip_json_fence(text: str) -> str:
    """Small local servers often wrap JSON in a markdown fence; accept it."""
    match = _FENCE.match(text)
    return match.group(1) if match else text.strip()
