"""Where engine parts plug their scripted behaviour in.

Two kinds of rule:

- `register_structured(schema_name, responder)`: answers a structured request
  whose `response_format.json_schema.name` is `schema_name` (the pydantic
  model's class name; the class itself is accepted too).
- `register_tools(purpose_or_predicate, responder)`: answers any other chat
  request (with tools or without) whose purpose (the `X-Synthcomp-Purpose`
  header the client sends with `CallContext.purpose`) equals the string, or for
  which the predicate returns True.

A responder takes a `ScriptedRequest` and returns a `Reply`, a pydantic model or
dict (sent as JSON), or a string (sent as text). The newest matching rule
wins, and a policy's own rules come before the module-wide defaults, so a test
or a later engine part can override a default without removing it.

The module-wide `DEFAULT_RULES` is what every new `ScriptedPolicy` consults
(live, so a rule registered at import time reaches policies made earlier).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from engine.llm.scripted.request import Reply, ScriptedRequest
from engine.llm.wire import schema_name as name_of

Responder = Callable[[ScriptedRequest], Reply | BaseModel | dict[str, Any] | list[Any] | str]
Predicate = Callable[[ScriptedRequest], bool]


class Rules:
    def __init__(self, parent: Rules | None = None) -> None:
        self.parent = parent
        self._structured: dict[str, Responder] = {}
        self._chat: list[tuple[str | Predicate, Responder]] = []

    def register_structured(
        self, schema_name: str | type[BaseModel], responder: Responder
    ) -> Responder:
        key = schema_name if isinstance(schema_name, str) else name_of(schema_name)
        self._structured[key] = responder
        return responder

    def register_tools(
        self, purpose_or_predicate: str | Predicate, responder: Responder
    ) -> Responder:
        self._chat.append((purpose_or_predicate, responder))
        return responder

    def structured_for(self, schema_name: str) -> Responder | None:
        found = self._structured.get(schema_name)
        if found is None and self.parent is not None:
            return self.parent.structured_for(schema_name)
        return found

    def chat_for(self, request: ScriptedRequest) -> Responder | None:
        for matcher, responder in reversed(self._chat):
            if isinstance(matcher, str):
                if matcher == request.purpose:
                    return responder
            elif matcher(request):
                return responder
        return self.parent.chat_for(request) if self.parent is not None else None


DEFAULT_RULES = Rules()


def register_structured(schema_name: str | type[BaseModel], responder: Responder) -> Responder:
    """Register a structured-output rule for every scripted policy."""
    return DEFAULT_RULES.register_structured(schema_name, responder)


def register_tools(purpose_or_predicate: str | Predicate, responder: Responder) -> Responder:
    """Register a chat/tool-call rule for every scripted policy."""
    return DEFAULT_RULES.register_tools(purpose_or_predicate, responder)


register_tools("ping", lambda request: Reply.text("pong"))
