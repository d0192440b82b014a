"""The scripted model: a seeded, rule-based policy that answers chat-completions bodies.

Given the same seed and the same request body it gives the same answer: the
RNG handed to rules and fallbacks is derived from `seed` and the request's
sha256. Registered rules answer first (see `rules.py`); what no rule answers
gets a fallback that is always valid for what was asked:

- a structured request: an instance built from the JSON schema itself;
- tools on offer: a call to one of them (the one `tool_choice` names, or one
  picked by the RNG) with arguments built from its parameter schema;
- anything else: a short plain-text acknowledgement of the last message.
"""

from __future__ import annotations

import hashlib
import json
from random import Random
from typing import Any

from pydantic import BaseModel

from engine.llm.scripted.request import Reply, ScriptedRequest, as_reply
from engine.llm.scripted.rules import DEFAULT_RULES, Predicate, Responder, Rules


def body_hash(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ScriptedPolicy:
    def __init__(self, seed: int = 0, *, rules: Rules | None = None) -> None:
        self.seed = seed
        self.rules = rules if rules is not None else Rules(parent=DEFAULT_RULES)

    def register_structured(
        self, schema_name: str | type[BaseModel], responder: Responder
    ) -> Responder:
        return self.rules.register_structured(schema_name, responder)

    def register_tools(
        self, purpose_or_predicate: str | Predicate, responder: Responder
    ) -> Responder:
        return self.rules.register_tools(purpose_or_predicate, responder)

    def request(self, body: dict[str, Any], *, purpose: str | None = None) -> ScriptedRequest:
        digest = body_hash(body)
        return ScriptedRequest(
            body=body,
            purpose=purpose,
            seed=self.seed,
            request_hash=digest,
            rng=Random(f"{self.seed}:{digest}"),
        )

    def respond(self, body: dict[str, Any], *, purpose: str | None = None) -> Reply:
        request = self.request(body, purpose=purpose)
        if request.schema_name is not None:
            responder = self.rules.structured_for(request.schema_name)
            return as_reply(responder(request) if responder else fallback_structured(request))
        responder = self.rules.chat_for(request)
        if responder is not None:
            return as_reply(responder(request))
        if request.tools and request.tool_choice != "none":
            return fallback_tool_call(request)
        return fallback_text(request)


def fallback_structured(request: ScriptedRequest) -> Reply:
    return Reply.json(request.fill())


def fallback_tool_call(request: ScriptedRequest) -> Reply:
    choice = request.tool_choice
    name = choice if choice in request.tool_names else request.rng.choice(request.tool_names)
    return Reply.call(name, request.fill(request.tool_schema(name)))


def fallback_text(request: ScriptedRequest) -> Reply:
    last = request.last_message
    if last.get("role") == "tool":
        return Reply.text("Done. The tool result is noted.")
    said = " ".join(request.last_user_text.split())
    if not said:
        return Reply.text("Understood.")
    first = said.split(". ")[0][:160].rstrip(".")
    return Reply.text(f"Understood: {first}.")
