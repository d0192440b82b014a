"""The shapes that cross the door to a model: messages, tools, results, call context.

These are the engine's own types, not the `openai` SDK's: the rest of the engine
builds `ChatMessage`s and reads `ChatResult`s and never imports `openai`, so a
backend can change without touching the callers. `engine.llm.wire` converts
them to and from chat-completions JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Role = Literal["system", "user", "assistant", "tool"]
ResultStatus = Literal["ok", "truncated", "refused"]
T = TypeVar("T", bound=BaseModel)


def explain(err: ValidationError, limit: int = 12) -> str:
    """Pydantic's errors as short `field.path: problem` lines, the way a model can act on them."""
    lines = []
    for item in err.errors(include_url=False)[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "(the whole reply)"
        lines.append(f"{where}: {item['msg']}")
    more = len(err.errors()) - limit
    if more > 0:
        lines.append(f"... and {more} more")
    return "; ".join(lines)


@cache
def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON schema, built once per class (it is asked for on every request)."""
    return model.model_json_schema()


class ToolCall(BaseModel):
    """One function call the model asked for.

    `arguments` is the parsed JSON object; `raw_arguments` is the string exactly
    as the model sent it, kept so the assistant message can be echoed back in
    the history byte for byte (prefix caches depend on it).
    """

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    raw_arguments: str = "{}"


class ChatMessage(BaseModel):
    """One message of a conversation, in any of the four chat roles."""

    model_config = ConfigDict(frozen=True)

    role: Role
    content: str | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None
    name: str | None = None

    @classmethod
    def system(cls, content: str) -> ChatMessage:
        return cls(role="system", content=content)

    @classmethod
    def user(cls, content: str, *, name: str | None = None) -> ChatMessage:
        return cls(role="user", content=content, name=name)

    @classmethod
    def assistant(
        cls, content: str | None = None, *, tool_calls: list[ToolCall] | None = None
    ) -> ChatMessage:
        return cls(role="assistant", content=content, tool_calls=tool_calls or None)

    @classmethod
    def tool(cls, tool_call_id: str, content: str) -> ChatMessage:
        return cls(role="tool", tool_call_id=tool_call_id, content=content)


class ToolSpec(BaseModel):
    """A tool the model may call: its name, what it is for, and its parameters.

    `params` is either a pydantic model (preferred: arguments are validated by
    it, and a failure goes back to the model with pydantic's own error text) or
    a plain JSON schema (then only the object shape and required keys are
    checked).
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    description: str = ""
    params: type[BaseModel] | dict[str, Any] = Field(
        default_factory=lambda: {"type": "object", "properties": {}}
    )

    def json_schema(self) -> dict[str, Any]:
        if isinstance(self.params, dict):
            return self.params
        return schema_of(self.params)

    def check(self, arguments: dict[str, Any]) -> str | None:
        """Return what is wrong with these arguments, or None when they are acceptable."""
        if isinstance(self.params, dict):
            required = self.params.get("required") or []
            missing = [key for key in required if key not in arguments]
            if missing:
                return f"missing required argument(s): {', '.join(missing)}"
            if self.params.get("additionalProperties") is False:
                known = set((self.params.get("properties") or {}).keys())
                extra = sorted(set(arguments) - known)
                if extra:
                    return f"unknown argument(s): {', '.join(extra)}"
            return None
        try:
            self.params.model_validate(arguments)
        except ValidationError as err:
            return explain(err)
        return None

    def parse(self, call: ToolCall) -> BaseModel | dict[str, Any]:
        """The call's arguments as the params model (or the dict, for a JSON-schema tool)."""
        if isinstance(self.params, dict):
            return dict(call.arguments)
        return self.params.model_validate(call.arguments)


class Usage(BaseModel):
    """Token counts as the server reported them; `cached_tokens` is the prefix it reused."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class CallContext(BaseModel):
    """Why a call is made and where it belongs, carried into the call record.

    `call_idx` numbers the requests of one turn. A single `chat` or `structured`
    call may send more than one request (each repair of an invalid reply is a
    request of its own, recorded as such), so the requests take the indices
    `call_idx, call_idx + 1, ...` and the result says which index comes next
    (`ChatResult.next_call_idx`). Replay keys on `(run_id, turn, call_idx)`.
    """

    model_config = ConfigDict(frozen=True)

    purpose: str
    run_id: str | None = None
    world_id: str | None = None
    turn: int | None = None
    call_idx: int = 0

    def at(self, call_idx: int) -> CallContext:
        return self.model_copy(update={"call_idx": call_idx})


class ChatResult(BaseModel):
    """What one `LLM.chat` call produced, after any repair of invalid tool calls.

    `usage`, `latency_ms`, `attempts`, `problems` and `repairs` add up every
    request the call made; `call_id` is the record of the last one. A
    `truncated` or `refused` status is an outcome the caller decides about, not
    an exception.
    """

    message: ChatMessage
    tool_calls: list[ToolCall] = Field(default_factory=list)
    finish_reason: str | None = None
    status: ResultStatus = "ok"
    refusal: str | None = None
    usage: Usage = Field(default_factory=Usage)
    latency_ms: float = 0.0
    attempts: int = 1
    requests: int = 1
    model: str = ""
    call_id: int | None = None
    request_id: str | None = None
    next_call_idx: int = 1
    # What went wrong on the way, by kind: `problems` went back to the model as
    # feedback (one request each round), `repairs` were fixed without asking it.
    problems: dict[str, int] = Field(default_factory=dict)
    repairs: dict[str, int] = Field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message.content or ""


@dataclass(frozen=True)
class Structured(Generic[T]):
    """A validated structured reply together with the call that produced it."""

    value: T
    result: ChatResult
