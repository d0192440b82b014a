"""Checking a reply against what was asked, and telling the model what to fix.

A reply the engine cannot use (tool arguments that are not JSON or do not fit
the tool's parameters, an unknown tool, structured output that does not
validate) is not an exception yet: it goes back to the model with the error
text, as a tool message per faulty call or as a user message, a bounded number
of times (DESIGN: "a reply that does not validate is retried with the
validation error, then reported").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from engine.llm.types import ChatMessage, ToolSpec, explain
from engine.llm.wire import ParsedReply, ToolChoice, extract_json

T = TypeVar("T", bound=BaseModel)

NOT_RUN = (
    "Not run: another tool call in the same reply was invalid. Send it again if it is still needed."
)


@dataclass
class Problems:
    """What is wrong with one reply; empty when the reply can be used.

    `kinds` names each problem in a word the engine counts ("empty_reply",
    "prose_instead_of_tool_call", "malformed_json", "truncated_json",
    "unknown_tool", "invalid_arguments", "wrong_tool").
    """

    per_call: dict[str, str] = field(default_factory=dict)  # tool_call_id -> problem
    general: str | None = None
    kinds: list[str] = field(default_factory=list)

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
    """Check a chat reply against what was asked: `tool_choice` as the engine meant it,
    whatever form of it the server was sent."""
    problems = Problems()
    offered = {tool.name: tool for tool in tools or ()}
    for call in reply.tool_calls:
        if call.id in reply.broken:
            problems.per_call[call.id] = (
                f"Error: {reply.broken[call.id]}. Call {call.name or 'the tool'} again "
                "with arguments that are one JSON object matching its parameters."
            )
            problems.kinds.append(reply.broken_kinds.get(call.id, "malformed_json"))
            continue
        spec = offered.get(call.name)
        if spec is None:
            names = ", ".join(sorted(offered)) or "none"
            problems.per_call[call.id] = (
                f"Error: there is no tool named {call.name!r}. The tools are: {names}."
            )
            problems.kinds.append("unknown_tool")
            continue
        wrong = spec.check(call.arguments)
        if wrong:
            problems.per_call[call.id] = (
                f"Error: the arguments do not fit {call.name}'s parameters: {wrong}\n"
                "Call it again with corrected arguments."
            )
            problems.kinds.append("invalid_arguments")
    empty = not reply.tool_calls and not (reply.content or "").strip()
    if tools and not reply.tool_calls and tool_choice not in ("auto", "none"):
        wanted = "a tool" if tool_choice == "required" else f"the tool {tool_choice!r}"
        problems.general = f"You must call {wanted} in this reply."
        problems.kinds.append("empty_reply" if empty else "prose_instead_of_tool_call")
    elif empty:
        problems.general = (
            "Your reply was empty. Answer in words, or call one of the tools."
            if tools and tool_choice != "none"
            else "Your reply was empty. Answer in words."
        )
        problems.kinds.append("empty_reply")
    if tool_choice not in ("auto", "none", "required"):
        for call in reply.tool_calls:
            if call.name != tool_choice and call.id not in problems.per_call:
                problems.per_call[call.id] = f"Error: only {tool_choice!r} may be called here."
                problems.kinds.append("wrong_tool")
    return problems


def tool_feedback(reply: ParsedReply, problems: Problems) -> list[ChatMessage]:
    """The faulty reply, echoed, then one tool message per call (OpenAI requires each answered).

    An empty reply is echoed as an empty string, so the roles keep alternating
    and no server sees an assistant message with neither text nor calls.
    """
    echo = reply.message() if reply.tool_calls else ChatMessage.assistant(reply.content or "")
    messages = [echo]
    for call in reply.tool_calls:
        messages.append(ChatMessage.tool(call.id, problems.per_call.get(call.id, NOT_RUN)))
    if problems.general:
        messages.append(ChatMessage.user(problems.general))
    return messages


@dataclass(frozen=True)
class StructuredCheck(Generic[T]):
    """A structured reply checked: the value, or the problem (and its kind) to send back.

    `repairs` names what was cut away to find the object (a code fence, words
    around it, text where a tool call was asked for): the reply was usable,
    and the record says it needed help.
    """

    value: T | None = None
    problem: str | None = None
    kind: str | None = None
    repairs: tuple[str, ...] = ()

    def __bool__(self) -> bool:  # truthy when there is a problem, like `Problems`
        return self.problem is not None


def check_structured(
    reply: ParsedReply, output: type[T], *, tool_name: str | None = None
) -> StructuredCheck[T]:
    """Why this reply is not an instance of `output`, or the instance.

    With `tool_name` (a server in `tool` mode) the object is the arguments of the
    call to that tool; an object written as text instead is accepted as a repair.
    """
    repairs: list[str] = list(reply.repairs)
    if tool_name is not None and reply.tool_calls:
        call = next((c for c in reply.tool_calls if c.name == tool_name), None)
        if call is None:
            return StructuredCheck(
                problem=f"only {tool_name} may be called here", kind="wrong_tool"
            )
        if call.id in reply.broken:
            return StructuredCheck(
                problem=reply.broken[call.id],
                kind=reply.broken_kinds.get(call.id, "malformed_json"),
            )
        return _validate(json.dumps(call.arguments, ensure_ascii=False), output, repairs)
    found = extract_json(reply.content or "")
    if found.text is None:
        if found.kind == "empty_reply":
            return StructuredCheck(
                problem="the reply was empty; it must be one JSON object", kind="empty_reply"
            )
        if found.kind == "no_json" and tool_name is not None:
            return StructuredCheck(
                problem=f"the reply was prose; call {tool_name} with the object as its arguments",
                kind="prose_instead_of_tool_call",
            )
        return StructuredCheck(problem=f"the reply is {found.problem}", kind=found.kind)
    repairs.extend(found.repairs)
    if tool_name is not None:
        repairs.append("json_in_content")
    return _validate(found.text, output, repairs)


def _validate(text: str, output: type[T], repairs: list[str]) -> StructuredCheck[T]:
    try:
        value = output.model_validate_json(text)
    except ValidationError as err:
        return StructuredCheck(problem=explain(err), kind="schema_mismatch")
    return StructuredCheck(value=value, repairs=tuple(repairs))


def structured_feedback(reply: ParsedReply, problem: str, schema_name: str) -> list[ChatMessage]:
    """Tell the model what was wrong with its object: as tool messages if it made calls
    (every call must be answered), else as a user message after its text."""
    if reply.tool_calls:
        messages = [reply.message()]
        for call in reply.tool_calls:
            messages.append(
                ChatMessage.tool(
                    call.id,
                    f"Error: {problem}\nCall {schema_name} again with arguments that are "
                    f"one {schema_name} object.",
                )
            )
        return messages
    return [
        ChatMessage.assistant(reply.content or ""),
        ChatMessage.user(
            f"Your reply could not be used: {problem}\n"
            f"Reply again with only one JSON object that matches the {schema_name} schema."
        ),
    ]
