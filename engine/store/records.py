"""The typed shapes that leave the store: no sqlite3 row ever crosses the package border.

Records are frozen pydantic models built from rows by the repositories; the
inputs the store takes that are not already engine schema (`NewEvent`) live
here too.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.schema.calls import CallStatus
from engine.schema.snapshot import Manifest

RunStatus = Literal["created", "running", "paused", "stopped", "finished", "failed"]
RUN_STATUSES: tuple[str, ...] = ("created", "running", "paused", "stopped", "finished", "failed")


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class WorldRecord(_Record):
    id: str
    name: str
    slug: str
    path: str
    occupation: str
    meta: dict[str, Any]
    created_at: float
    updated_at: float


class RunRecord(_Record):
    """A run; a fork is a run with a parent pointer, its seqs continuing after `parent_seq`."""

    id: str
    world_id: str
    path: str | None
    options: dict[str, Any]
    status: RunStatus
    status_reason: str | None
    parent_run_id: str | None
    parent_seq: int | None
    head_seq: int
    created_at: float
    updated_at: float


class NewEvent(BaseModel):
    """An event as the engine hands it to `append_turn`: the store assigns seq (and ts if absent)."""

    kind: str = Field(min_length=1)
    actor: str = "engine"
    day: int = 0
    turn: int = 0
    payload: dict[str, Any] = Field(default_factory=dict)
    ts: float | None = None


class EventRecord(_Record):
    run_id: str
    seq: int
    day: int
    turn: int
    kind: str
    actor: str
    payload: dict[str, Any]
    ts: float


class ModelCallInfo(_Record):
    """A model call without its bodies: what a list shows."""

    id: int
    run_id: str | None
    world_id: str | None
    purpose: str
    turn: int | None
    call_idx: int
    backend: str
    model: str
    request_hash: str
    status: CallStatus
    message_count: int
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    latency_ms: float
    attempts: int
    error: str | None
    note: str | None = None  # how a usable reply was repaired ("repaired: ...")
    request_id: str | None
    started_at: float
    ended_at: float | None


class ModelCallRecord(ModelCallInfo):
    """A model call with its request re-assembled (messages resolved) and its reply."""

    request: dict[str, Any]
    response: dict[str, Any] | None
    usage: dict[str, Any] | None


class UsageTotals(_Record):
    calls: int = 0
    pending: int = 0
    ok: int = 0
    failed: int = Field(default=0, description="calls that ended in any status but ok")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    attempts: int = 0
    latency_ms: float = 0.0


class BlobStats(_Record):
    count: int
    raw_bytes: int
    stored_bytes: int


class SnapshotInfo(_Record):
    """A snapshot without its manifest: what a list shows."""

    id: int
    run_id: str | None
    world_id: str | None
    seq: int
    file_count: int
    total_bytes: int
    created_at: float


class SnapshotRecord(SnapshotInfo):
    manifest: Manifest


class WalCheckpoint(_Record):
    """The answer of `PRAGMA wal_checkpoint(TRUNCATE)`."""

    busy: bool
    log_frames: int
    checkpointed_frames: int
