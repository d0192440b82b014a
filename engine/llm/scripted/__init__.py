"""The scripted backend: a deterministic, seeded, rule-based model served under the real client.

Engine parts teach it their requests with `register_structured(schema_name,
responder)` and `register_tools(purpose_or_predicate, responder)` (for every
policy) or the same methods on one `ScriptedPolicy` (for one LLM: `llm.policy`).
"""

from engine.llm.scripted.fill import fill
from engine.llm.scripted.policy import ScriptedPolicy
from engine.llm.scripted.request import Reply, ScriptedRequest, ScriptedToolCall
from engine.llm.scripted.rules import DEFAULT_RULES, Rules, register_structured, register_tools
from engine.llm.scripted.server import ScriptedServer

__all__ = [
    "DEFAULT_RULES",
    "Reply",
    "Rules",
    "ScriptedPolicy",
    "ScriptedRequest",
    "ScriptedServer",
    "ScriptedToolCall",
    "fill",
    "register_structured",
    "register_tools",
]
