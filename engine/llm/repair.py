"""Checking a reply against what was asked, and telling the model what to fix.

A reply the engine cannot use (tool arguments that are not JSON or do not fit
the tool's parameters, an unknown tool, structured output that does not
validate) is not an exception yet: it goes back to the model with the error
text, as a tool message per faulty call or as a user message, a bounded number
of times (DESIGN: "a reply that does not validate is retried with the
validation error, then reported").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from engine.llm.types import ChatMessage, ToolSpec, explain
from engine.llm.wire import ParsedReply, ToolChoice, strip_json_fence

T = TypeVar("T", bound=BaseModel)

NOT_RUN = (
    "Not run: another tool call in the same reply was invalid. Send it again if it is still needed."
)


@dataclass
class Problems:
    """What is wrong with one reply; empty when the reply can be used."""

    per_call: dict[str, str] = field(default_factory=dict)  # tool_call_id -> problem
    general: str | None = None

    def __bool__(self) -> bool:
        return bool(self.per_call) or self.general is not None

    def summary(self) -> str:
        parts = [f"{call_id}: {text}" for call_id, text in self.per_call.items()]
        if self.general:
            parts.append(self.general)
        return "; ".join(parts)


def check_tool_calls(
    reply: ParsedReply, tools: Sequence[ToolSpec] | None, tool_choice: ToolChoice
) -> Problems:
    problems = Problems()
    offered = {tool.name: tool for tool in tools or ()}
    for call in reply.tool_calls:
        if call.id in reply.broken:
            problems.per_call[call.id] = (
                f"Error: {reply.broken[call.id]}. Call {call.name or 'the tool'} again "
                "with arguments that are one JSON object matching its parameters."
            )
            continue
        spec = offered.get(call.name)
        if spec is None:
            names = ", ".join(sorted(offered)) or "none"
            problems.per_call[call.id] = (
                f"Error: there is no tool named {call.name!r}. The tools are: {names}."
            )
            continue
        wrong = spec.check(call.arguments)
        if wrong:
            problems.per_call[call.id] = (
                f"Error: the arguments do not fit {call.name}'s parameters: {wrong}\n"
                "Call it again with corrected arguments."
            )
    if tools and not reply.tool_calls and tool_choice not in ("auto", "none"):
        wanted = "a tool" if tool_choice == "required" else f"the tool {tool_choice!r}"
        problems.general = f"You must call {wanted} in this reply."
    if tool_choice not in ("auto", "none", "required"):
        for call in reply.tool_calls:
            if call.name != tool_choice and call.id not in problems.per_call:
                problems.per_call[call.id] = f"Error: only {tool_choice!r} may be called here."
    return problems


def tool_feedback(reply: ParsedReply, problems: Problems) -> list[ChatMessage]:
    """The faulty reply, echoed, then one tool message per call (OpenAI requires each answered)."""
    messages = [reply.message()]
    for call in reply.tool_calls:
        messages.append(ChatMessage.tool(call.id, problems.per_call.get(call.id, NOT_RUN)))
    if problems.general:
        messages.append(ChatMessage.user(problems.general))
    return messages


def check_structured(reply: ParsedReply, output: type[BaseModel]) -> str | None:
    """Why this reply is not an instance of `output`, or None if it is."""
    if not reply.content or not reply.content.strip():
        return "the reply was empty; it must be one JSON object"
    try:
        output.model_validate_json(strip_json_fence(reply.content))
    except ValidationError as err:
        return explain(err)
    return None


def parse_structured(reply: ParsedReply, output: type[T]) -> T:
    return output.model_validate_json(strip_json_fence(reply.content or ""))


def structured_feedback(reply: ParsedReply, problem: str, schema_name: str) -> list[ChatMessage]:
    return [
        ChatMessage.assistant(reply.content or ""),
        ChatMessage.user(
            f"Your reply could not be used: {problem}\n"
            f"Reply again with only one JSON object that matches the {schema_name} schema."
        ),
    ]
