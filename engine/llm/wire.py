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
from dataclasses import dataclass
from typing import Any, Literal

from openai.types.chat import ChatCompletion
from pydantic import BaseModel, Field

from engine.llm.profiles import (
    GENERIC,
    ServerProfile,
    add_instruction,
    ensure_system,
    plan_tools,
    tool_results_as_user,
)
from engine.llm.types import ChatMessage, ResultStatus, ToolCall, ToolSpec, Usage, schema_of

ToolChoice = Literal["auto", "required", "none"] | str


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, unicode kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def request_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def message_to_wire(message: ChatMessage, profile: ServerProfile = GENERIC) -> dict[str, Any]:
    out: dict[str, Any] = {"role": message.role}
    if message.role == "assistant":
        content = message.content
        if content is None and message.tool_calls:
            content = profile.tool_call_content
        out["content"] = content
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


def tool_to_wire(tool: ToolSpec, profile: ServerProfile = GENERIC) -> dict[str, Any]:
    function: dict[str, Any] = {"name": tool.name, "parameters": profile.schema(tool.json_schema())}
    if tool.description:
        function["description"] = tool.description
    return {"type": "function", "function": function}


def response_format_for(
    output: type[BaseModel], profile: ServerProfile = GENERIC
) -> dict[str, Any] | None:
    """Ask for `output` as the profile's server takes a schema (None in `tool` mode).

    Not strict, since pydantic schemas rarely meet OpenAI's strict rules.
    """
    if profile.structured == "json_object":
        return {"type": "json_object", "schema": profile.schema(schema_of(output))}
    if profile.structured == "tool":
        return None
    return {
        "type": "json_schema",
        "json_schema": {
            "name": schema_name(output),
            "schema": profile.schema(schema_of(output)),
            "strict": False,
        },
    }


def structured_tool(output: type[BaseModel]) -> ToolSpec:
    """The tool whose parameters are `output`'s schema, for servers in `tool` mode."""
    return ToolSpec(
        name=schema_name(output),
        description=f"Give the answer: one {output.__name__} object as the arguments.",
        params=output,
    )


def schema_name(output: type[BaseModel]) -> str:
    """The model's name as OpenAI accepts it (letters, digits, _ and -, at most 64)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", output.__name__)[:64]


def build_body(
    *,
    model: str,
    messages: Sequence[ChatMessage],
    tools: Sequence[ToolSpec] | None = None,
    tool_choice: ToolChoice | None = None,
    output: type[BaseModel] | None = None,
    max_tokens: int | None = None,
    temperature: float | None = None,
    profile: ServerProfile = GENERIC,
) -> dict[str, Any]:
    """The chat-completions body for `profile`'s server: what is sent, recorded and hashed.

    `output` asks for structured output in the profile's way (a response format,
    or a forced tool named after the schema); `tool_choice` is the engine's
    wish, weakened to what the server honours, with an instruction when it was.
    """
    wire_messages = [message_to_wire(m, profile) for m in messages]
    if profile.tool_results_as_user:
        wire_messages = tool_results_as_user(wire_messages)
    if output is not None and profile.structured == "tool":
        tools, tool_choice = [structured_tool(output)], schema_name(output)
    if tools and profile.tools_in_system:
        wire_messages = ensure_system(wire_messages)
    body: dict[str, Any] = {"model": model, "messages": wire_messages}
    if tools:
        plan = plan_tools(profile, tools, tool_choice or "auto")
        body["tools"] = [tool_to_wire(t, profile) for t in plan.tools]
        body["tool_choice"] = plan.choice
        if plan.instruction:
            add_instruction(wire_messages, plan.instruction)
    if output is not None:
        response_format = response_format_for(output, profile)
        if response_format is not None:
            body["response_format"] = response_format
    if max_tokens is None:
        max_tokens = profile.default_max_tokens
    if max_tokens is not None:
        body[profile.tokens_key] = max_tokens
    if temperature is None:
        temperature = profile.default_temperature
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
    broken_kinds: dict[str, str] = Field(default_factory=dict)  # tool call id -> problem kind
    repairs: list[str] = Field(default_factory=list)  # kinds of what was fixed while reading

    def message(self) -> ChatMessage:
        return ChatMessage.assistant(self.content, tool_calls=self.tool_calls or None)


def read_reply(completion: ChatCompletion) -> ParsedReply:
    """Take the first choice apart; arguments that are not a JSON object are noted, not raised.

    Arguments wrapped in a code fence or in words are taken out (and the repair
    noted); `raw_arguments` keeps what the model sent, byte for byte.
    """
    if not completion.choices:
        return ParsedReply(content=None, refusal=None, finish_reason=None, tool_calls=[], broken={})
    choice = completion.choices[0]
    message = choice.message
    calls: list[ToolCall] = []
    broken: dict[str, str] = {}
    kinds: dict[str, str] = {}
    repairs: list[str] = []
    for index, call in enumerate(message.tool_calls or []):
        function = getattr(call, "function", None)
        if function is None:  # a custom (non-function) tool call: not something we offer
            call_id = getattr(call, "id", f"call_{index}")
            calls.append(ToolCall(id=call_id, name="", raw_arguments=""))
            broken[call_id] = "only function tools are available"
            kinds[call_id] = "unknown_tool"
            continue
        raw_args = function.arguments or ""
        arguments: dict[str, Any] = {}
        if raw_args.strip():
            found = extract_json(raw_args)
            if found.text is None:
                broken[call.id] = f"the arguments are {found.problem}"
                kinds[call.id] = found.kind or "malformed_json"
            else:
                decoded = json.loads(found.text)
                if isinstance(decoded, dict):
                    arguments = decoded
                    repairs.extend(found.repairs)
                else:
                    broken[call.id] = "the arguments must be a JSON object"
                    kinds[call.id] = "malformed_json"
        calls.append(
            ToolCall(id=call.id, name=function.name, arguments=arguments, raw_arguments=raw_args)
        )
    return ParsedReply(
        content=message.content,
        refusal=message.refusal,
        finish_reason=choice.finish_reason,
        tool_calls=calls,
        broken=broken,
        broken_kinds=kinds,
        repairs=repairs,
    )


# -- JSON in a model's words -----------------------------------------------------------

_FENCE = re.compile(r"^\s*```(?:json|JSON)?\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)
_ANY_FENCE = re.compile(r"```[ \t]*(?:json5?|JSON)?[ \t]*\n(.*?)```", re.DOTALL)
_MAX_STARTS = 32  # how many '{' to try as the start of the object in a long reply

REPAIR_TEXT = {
    "json_in_code_fence": "the JSON object was taken out of a code fence",
    "json_in_prose": "the JSON object was taken out of the words around it",
    "json_in_content": "the object came as text instead of as the tool call's arguments",
    "control_characters": "raw line breaks or tabs inside JSON strings were escaped",
}

_STRICT = json.JSONDecoder()
_LENIENT = json.JSONDecoder(strict=False)  # takes raw control characters inside strings


def strip_json_fence(text: str) -> str:
    """Small local servers often wrap JSON in a markdown fence; accept it."""
    match = _FENCE.match(text)
    return match.group(1) if match else text.strip()


@dataclass(frozen=True)
class Extracted:
    """One JSON value found in a model's text, or why there is none.

    `text` is the JSON alone, as strict JSON (None when nothing usable was
    found); `repairs` names what had to be done to get it ("json_in_code_fence",
    "json_in_prose", "control_characters"); `kind` and `problem` say what is
    wrong when nothing was found ("empty_reply", "no_json", "truncated_json",
    "malformed_json").
    """

    text: str | None
    repairs: tuple[str, ...] = ()
    kind: str | None = None
    problem: str | None = None


def _decode(text: str, start: int = 0, *, whole: bool) -> tuple[str, int, bool] | None:
    """JSON at `text[start:]`: (the strict JSON text, end, lenient?) or None.

    `whole` asks for nothing but whitespace after the value. A value that only
    parses with raw control characters allowed in its strings is re-encoded.
    """
    for decoder, lenient in ((_STRICT, False), (_LENIENT, True)):
        try:
            value, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        if whole and text[end:].strip():
            return None
        if lenient:
            return json.dumps(value, ensure_ascii=False), end, True
        return text[start:end], end, False
    return None


def extract_json(text: str) -> Extracted:
    """Find the JSON value in `text`: as is, inside a code fence, or the first object in prose."""
    stripped = text.strip()
    if not stripped:
        return Extracted(None, kind="empty_reply", problem="empty")
    found = _decode(stripped, whole=True)
    if found is not None:
        return Extracted(found[0], ("control_characters",) if found[2] else ())
    for match in _ANY_FENCE.finditer(text):
        found = _decode(match.group(1).strip(), whole=True)
        if found is not None:
            extra = ("control_characters",) if found[2] else ()
            return Extracted(found[0], ("json_in_code_fence", *extra))
    starts = [i for i, ch in enumerate(text) if ch == "{"][:_MAX_STARTS]
    for start in starts:
        found = _decode(text, start, whole=False)
        if found is not None and found[0].lstrip().startswith("{"):
            extra = ("control_characters",) if found[2] else ()
            return Extracted(found[0], ("json_in_prose", *extra))
    if not starts and not stripped.startswith("["):
        return Extracted(None, kind="no_json", problem="prose, with no JSON object in it")
    candidate = text[starts[0] :] if starts else stripped
    if _unclosed(candidate):
        return Extracted(
            None,
            kind="truncated_json",
            problem="not valid JSON: it stops before it is complete (a string, object "
            "or list is never closed)",
        )
    try:
        json.loads(stripped)
    except json.JSONDecodeError as err:
        where = f"{err.msg} at character {err.pos}"
    else:  # pragma: no cover - a whole value would have been found above
        where = "it could not be read"
    return Extracted(None, kind="malformed_json", problem=f"not valid JSON ({where})")


def _unclosed(text: str) -> bool:
    """True when `text` ends inside a string or with a bracket still open."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return False  # a complete value: whatever is wrong, it is not the end
    return in_string or depth > 0
