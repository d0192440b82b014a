"""The record of one model call, as `engine.llm` hands it to the store.

A call is recorded in two steps (ENGINE_NOTES rule 3): `ModelCallStart` is
written before the request leaves, `ModelCallEnd` completes the row when the
call is over, whatever the outcome. The request never carries credentials:
headers are not part of it.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

CallStatus = Literal["pending", "ok", "error", "truncated", "refused", "invalid"]


class ModelCallStart(BaseModel):
    run_id: str | None = None
    world_id: str | None = None
    purpose: str = Field(description="what the engine asked for, e.g. 'profile' or 'work_turn'")
    turn: int | None = None
    call_idx: int = 0
    backend: str
    model: str
    request: dict[str, Any] = Field(description="the chat-completions body, without headers")
    request_hash: str


class ModelCallEnd(BaseModel):
    status: CallStatus
    response: dict[str, Any] | None = None
    usage: dict[str, Any] | None = None
    latency_ms: float = 0.0
    attempts: int = 1
    error: str | None = None
    # A usable reply that needed help (e.g. "repaired: the JSON object was taken out of
    # the words around it"); `error` is for what went wrong.
    note: str | None = None
    request_id: str | None = None


class CallLog(Protocol):
    """Where model calls are recorded. `engine.store` implements it (`store.model_calls`)."""

    async def begin(self, start: ModelCallStart) -> int: ...

    async def complete(self, call_id: int, end: ModelCallEnd) -> None: ...
