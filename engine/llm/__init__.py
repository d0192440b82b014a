"""The only door to a model.

    async with make_llm(settings.model, call_log) as llm:
        result = await llm.chat(messages, tools=tools, context=CallContext(purpose="work_turn"))
        profile = await llm.structured(messages, UserProfile, context=CallContext(purpose="profile"))

Backends: `scripted` (deterministic, in-process), `openai` (any
OpenAI-compatible server, its differences hidden by a server profile,
`profiles.py`) and `local` (a small real model on llama-cpp-python's server,
started and stopped by the engine, `local.py`); all run through the real
`openai` client, one retry loop, and the call recorder.
"""

from engine.llm.client import LLM
from engine.llm.factory import make_llm
from engine.llm.failures import CallFailed, ReplyInvalid, ReplyRefused, ReplyTruncated
from engine.llm.health import ping
from engine.llm.retry import RetryPolicy
from engine.llm.types import (
    CallContext,
    ChatMessage,
    ChatResult,
    Structured,
    ToolCall,
    ToolSpec,
    Usage,
)

__all__ = [
    "LLM",
    "CallContext",
    "CallFailed",
    "ChatMessage",
    "ChatResult",
    "ReplyInvalid",
    "ReplyRefused",
    "ReplyTruncated",
    "RetryPolicy",
    "Structured",
    "ToolCall",
    "ToolSpec",
    "Usage",
    "make_llm",
    "ping",
]
