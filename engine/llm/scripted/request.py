"""What a scripted rule sees (`ScriptedRequest`) and what it answers (`Reply`).

A rule reads the real chat-completions body the engine sent, exactly as a
model server would, and answers in model terms: some text, some tool calls, a
JSON object. It gets a seeded RNG derived from the policy's seed and the
request's hash, so the same request always gets the same answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from random import Random
from typing import Any

from pydantic import BaseModel

from engine.llm.scripted.fill import fill


def _text_of(content: Any) -> str:
    """Message content may be a string or a list of parts; rules want the text."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


@dataclass
class ScriptedRequest:
    body: dict[str, Any]
    purpose: str | None
    seed: int
    request_hash: str
    rng: Random

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    @property
    def tools(self) -> list[dict[str, Any]]:
        """The offered functions: each `{"name", "description", "parameters"}`."""
        return [t["function"] for t in self.body.get("tools") or [] if "function" in t]

    @property
    def tool_names(self) -> list[str]:
        return [t["name"] for t in self.tools]

    def tool_schema(self, name: str) -> dict[str, Any]:
        for tool in self.tools:
            if tool["name"] == name:
                return tool.get("parameters") or {"type": "object", "properties": {}}
        raise KeyError(f"no tool named {name!r} in this request")

    @property
    def tool_choice(self) -> str:
        """'auto', 'required', 'none', or the one function's name."""
        choice = self.body.get("tool_choice", "auto")
        if isinstance(choice, dict):
            return str(choice.get("function", {}).get("name", "required"))
        return str(choice)

    @cached_property
    def _format(self) -> dict[str, Any] | None:
        fmt = self.body.get("response_format")
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            return fmt.get("json_schema") or {}
        return None

    @property
    def schema_name(self) -> str | None:
        return self._format.get("name") if self._format is not None else None

    @property
    def schema(self) -> dict[str, Any] | None:
        return self._format.get("schema") if self._format is not None else None

    @property
    def system_text(self) -> str:
        return "\n".join(
            _text_of(m.get("content")) for m in self.messages if m.get("role") == "system"
        )

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return _text_of(message.get("content"))
        return ""

    @property
    def last_message(self) -> dict[str, Any]:
        return self.messages[-1] if self.messages else {}

    @property
    def tool_results(self) -> list[str]:
        """The tool messages after the last assistant message: what the last calls returned."""
        out: list[str] = []
        for message in reversed(self.messages):
            if message.get("role") != "tool":
                break
            out.append(_text_of(message.get("content")))
        return list(reversed(out))

    @property
    def text(self) -> str:
        """Every message's text, in order: for rules that look for facts anywhere."""
        return "\n".join(_text_of(m.get("content")) for m in self.messages)

    def fill(self, schema: dict[str, Any] | None = None) -> Any:
        """A seeded, schema-valid value (the requested schema by default)."""
        target = self.schema if schema is None else schema
        if target is None:
            raise ValueError("this request asked for no schema; pass one")
        return fill(target, self.rng)


@dataclass(frozen=True)
class ScriptedToolCall:
    name: str
    arguments: dict[str, Any] | str  # a str is sent as is: rules can send broken JSON on purpose


@dataclass(frozen=True)
class Reply:
    """A scripted answer. `finish_reason` defaults to 'tool_calls' or 'stop'."""

    content: str | None = None
    tool_calls: list[ScriptedToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    refusal: str | None = None

    @classmethod
    def text(cls, content: str) -> Reply:
        return cls(content=content)

    @classmethod
    def json(cls, value: BaseModel | dict[str, Any] | list[Any]) -> Reply:
        if isinstance(value, BaseModel):
            return cls(content=value.model_dump_json())
        return cls(content=json.dumps(value, ensure_ascii=False))

    @classmethod
    def call(cls, name: str, arguments: dict[str, Any] | str | None = None, **kwargs: Any) -> Reply:
        args: dict[str, Any] | str = arguments if arguments is not None else dict(kwargs)
        return cls(tool_calls=[ScriptedToolCall(name, args)])

    @classmethod
    def calls(cls, *calls: tuple[str, dict[str, Any] | str]) -> Reply:
        return cls(tool_calls=[ScriptedToolCall(name, args) for name, args in calls])


def as_reply(value: Reply | BaseModel | dict[str, Any] | list[Any] | str) -> Reply:
    """Rules may answer with a Reply, a model or dict (sent as JSON), or plain text."""
    if isinstance(value, Reply):
        return value
    if isinstance(value, str):
        return Reply.text(value)
    if isinstance(value, BaseModel | dict | list):
        return Reply.json(value)
    raise TypeError(
        f"a scripted rule returned {type(value).__name__}, not a Reply, model, dict or str"
    )
