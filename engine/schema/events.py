"""The kinds of event a run's log holds, and the shape of each payload.

The log is the source of truth (DESIGN.md, Storage): the inbox, the turn
stream, the files' history and the scores are views computed from it. Each
event is stored as `NewEvent(kind, actor, day, turn, payload)`; the payload is
one of the models below, dumped with `mode="json"`. `actor` says who caused it:
"engine", "agent", "user" (a person at the TUI/CLI), "outside" (another program
changing files, seen by the watcher), or a collaborator's name.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

EventKind = Literal[
    "run_started",  # options, world, seed, backend/model, prompt version
    "objectives_set",  # Objectives
    "day_started",  # day, date
    "turn_started",  # day, turn
    "model_call",  # call id, purpose, tokens, cached, prefix reuse, latency, status
    "tool_started",  # written BEFORE any side effect (ENGINE_NOTES rule 11)
    "tool_result",  # ok/error, observation (trimmed), error kind
    "file_changed",  # path, change, by (agent|user|outside|collaborator), sha256
    "message_sent",  # from the agent to collaborators
    "message_received",  # from a collaborator (or injected by a person)
    "note_written",  # the agent's notes/plan
    "deliverable_submitted",
    "compaction",  # the window replaced by a summary
    "day_ended",  # day, turns, tokens, reason
    "paused",
    "resumed",
    "stopped",
    "finished",
    "failed",
]

Actor = str
ChangeKind = Literal["created", "modified", "deleted", "moved"]


class FileChangedPayload(BaseModel):
    path: str
    change: ChangeKind
    by: str = Field(description="agent | user | outside | <collaborator name>")
    dest_path: str | None = None
    sha256: str | None = None
    size: int | None = None


class MessagePayload(BaseModel):
    """A mail-like message. `id` is stable so replies thread by `in_reply_to`."""

    id: str
    sender: str
    to: list[str]
    subject: str
    body: str
    attachments: list[str] = Field(default_factory=list, description="paths on the computer")
    in_reply_to: str | None = None
    deliver_at_turn: int | None = Field(
        default=None, description="collaborator replies take simulated time to arrive"
    )
    malformed: str | None = Field(default=None, description="why the message is empty or broken")


class ToolStartedPayload(BaseModel):
    call_id: str
    tool: str
    arguments: dict[str, Any]


class ToolResultPayload(BaseModel):
    call_id: str
    tool: str
    ok: bool
    observation: str
    error_kind: str | None = None


class ModelCallPayload(BaseModel):
    call_id: int | None
    purpose: str
    status: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    prefix_reuse_tokens: int = 0
    latency_ms: float = 0.0
    text: str = ""
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)


class SubmissionPayload(BaseModel):
    deliverable_id: str
    files: list[str]
    summary: str


class StatusPayload(BaseModel):
    reason: str | None = None
