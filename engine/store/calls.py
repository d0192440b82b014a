"""Model calls: recorded before they are sent, completed when they are over.

`begin` writes the row (status 'pending') and commits before the request
leaves (ENGINE_NOTES rule 3), so a crash mid-call leaves a trace, and on
resume `find_completed` hands back a call of the open turn that already has
its answer instead of paying for it again.

The request's messages go to the content-addressed pool; the row keeps an
ordered list of their 32-byte digests (rule 4). Since a prompt only grows at
its end between compactions, a row whose list extends the latest full list
of the same run and purpose stores only the tail plus a pointer to that
"base" row; a full list is written again once the tail passes
`tail_limit(base length)`, about sqrt(4 x base length). With a prompt that
grows by k messages a call, a row then costs about sqrt(k x history) refs
rather than history (at 1,000 messages: ~60 refs, 2 KB, instead of 32 KB),
and re-assembly never reads more than two rows.
"""

from __future__ import annotations

import math
import sqlite3
import time
from typing import Any

from engine.errors import NotFound, StoreError
from engine.schema.calls import ModelCallEnd, ModelCallStart

from .db import Db, dumps, immediate, loads, reading
from .messages import encode, fetch_messages, insert_messages
from .records import ModelCallInfo, ModelCallRecord, UsageTotals

MIN_TAIL = 16
_DIGEST = 32
_PLACEHOLDER = "@message_refs"  # stands in the stored request where the messages were
# Tool schemas and response formats repeat on every call of a run (tens of KB for a work
# turn): they go to the pool too, the row keeping "@pool:<sha>" in their place.
_POOLED = ("tools", "response_format")
_POOL_REF = "@pool:"
_REUSABLE = ("ok", "truncated", "refused", "invalid")  # the model answered; 'error' did not

_INFO = (
    "id, run_id, world_id, purpose, turn, call_idx, backend, model, request_hash, status, "
    "message_count, prompt_tokens, completion_tokens, cached_tokens, latency_ms, attempts, "
    "error, note, request_id, started_at, ended_at"
)
_FULL = _INFO + ", request_params, base_id, base_len, message_refs, response, usage"


def tail_limit(base_len: int) -> int:
    """How many refs a row may add to its base before a full list is written again.

    Per call, a tail costs ~limit/2 refs on average and a full row every
    limit/k calls costs ~k x history/limit; the sum is smallest near
    limit = sqrt(2k x history). k is about 2 (an assistant message and a tool result).
    """
    return max(MIN_TAIL, math.isqrt(4 * base_len))


def info_from_row(row: sqlite3.Row) -> ModelCallInfo:
    return ModelCallInfo(**{k: row[k] for k in ModelCallInfo.model_fields})


def _split_request(request: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The request with its message list replaced by a placeholder, and the messages."""
    messages = request.get("messages")
    if isinstance(messages, list) and all(isinstance(m, dict) for m in messages):
        return {**request, "messages": _PLACEHOLDER}, messages
    return dict(request), []


def _pool_params(params: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Replace the repeated large parameters by pool references; return them encoded."""
    pooled: list[tuple[str, str]] = []
    out = dict(params)
    for key in _POOLED:
        if key in out and out[key] is not None:
            sha, text = encode({key: out[key]})
            pooled.append((sha, text))
            out[key] = _POOL_REF + sha
    return out, pooled


def _unpool_params(params: dict[str, Any], conn: sqlite3.Connection) -> dict[str, Any]:
    for key in _POOLED:
        value = params.get(key)
        if isinstance(value, str) and value.startswith(_POOL_REF):
            params[key] = fetch_messages(conn, [value.removeprefix(_POOL_REF)])[0][key]
    return params


def _refs(row: sqlite3.Row, conn: sqlite3.Connection) -> list[str]:
    """The row's full ordered list of message shas (its base's prefix, then its own tail)."""
    blob: bytes = row["message_refs"]
    if row["base_id"] is not None:
        base = conn.execute(
            "SELECT message_refs FROM model_calls WHERE id = ?", (row["base_id"],)
        ).fetchone()
        if base is None:
            raise StoreError(f"Model call {row['id']} refers to a missing base call.")
        blob = bytes(base[0])[: row["base_len"] * _DIGEST] + bytes(blob)
    return [blob[i : i + _DIGEST].hex() for i in range(0, len(blob), _DIGEST)]


def record_from_row(row: sqlite3.Row, conn: sqlite3.Connection) -> ModelCallRecord:
    request = _unpool_params(loads(row["request_params"]), conn)
    if request.get("messages") == _PLACEHOLDER:
        request["messages"] = fetch_messages(conn, _refs(row, conn))
    return ModelCallRecord(
        **info_from_row(row).model_dump(),
        request=request,
        response=loads(row["response"]),
        usage=loads(row["usage"]),
    )


def _tokens(usage: dict[str, Any] | None) -> tuple[int, int, int]:
    """(prompt, completion, cached) tokens from an OpenAI-style usage block, 0 where absent."""
    if not usage:
        return 0, 0, 0
    prompt = usage.get("prompt_tokens") or usage.get("input_tokens") or 0
    completion = usage.get("completion_tokens") or usage.get("output_tokens") or 0
    # The engine records its own flat `Usage` (cached_tokens at the top); a raw server
    # block nests it under prompt_tokens_details. Both are read.
    details = usage.get("prompt_tokens_details") or usage.get("input_tokens_details") or {}
    cached = usage.get("cached_tokens") or 0
    if not cached and isinstance(details, dict):
        cached = details.get("cached_tokens") or 0
    return int(prompt), int(completion), int(cached)


def _scope(run_id: str | None, world_id: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if run_id is not None:
        clauses.append("run_id = ?")
        params.append(run_id)
    if world_id is not None:
        clauses.append("world_id = ?")
        params.append(world_id)
    return (" AND ".join(clauses) or "1"), params


class CallReads:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def get(self, call_id: int) -> ModelCallRecord:
        """The call with its request re-assembled; NotFound if there is none."""

        def job(conn: sqlite3.Connection) -> ModelCallRecord:
            with reading(conn):
                row = conn.execute(
                    f"SELECT {_FULL} FROM model_calls WHERE id = ?", (call_id,)
                ).fetchone()
                if row is None:
                    raise NotFound(f"There is no model call {call_id} in this workspace.")
                return record_from_row(row, conn)

        return await self._db.run(job)

    async def list(
        self,
        run_id: str | None = None,
        world_id: str | None = None,
        limit: int = 100,
        since_id: int = 0,
    ) -> list[ModelCallInfo]:
        """One page of calls with id > since_id, oldest first (bodies not loaded: use `get`)."""
        where, params = _scope(run_id, world_id)

        def job(conn: sqlite3.Connection) -> list[ModelCallInfo]:
            rows = conn.execute(
                f"SELECT {_INFO} FROM model_calls WHERE {where} AND id > ? ORDER BY id LIMIT ?",
                (*params, since_id, limit),
            )
            return [info_from_row(r) for r in rows]

        return await self._db.run(job)

    async def find_completed(self, run_id: str, turn: int, call_idx: int) -> ModelCallRecord | None:
        """The latest answered call at (run, turn, call_idx), to reuse on resume; else None.

        Answered means the model replied (ok, truncated, refused, invalid);
        pending and error calls are sent again. The caller compares
        `request_hash` to catch a request that diverged from the recorded one.
        """
        marks = ",".join("?" * len(_REUSABLE))

        def job(conn: sqlite3.Connection) -> ModelCallRecord | None:
            with reading(conn):
                row = conn.execute(
                    f"SELECT {_FULL} FROM model_calls WHERE run_id = ? AND turn = ? "
                    f"AND call_idx = ? AND status IN ({marks}) ORDER BY id DESC LIMIT 1",
                    (run_id, turn, call_idx, *_REUSABLE),
                ).fetchone()
                return None if row is None else record_from_row(row, conn)

        return await self._db.run(job)

    async def usage_totals(
        self, run_id: str | None = None, world_id: str | None = None
    ) -> UsageTotals:
        """Calls, outcomes, tokens (prompt, completion, cached), attempts and latency summed."""
        where, params = _scope(run_id, world_id)

        def job(conn: sqlite3.Connection) -> UsageTotals:
            row = conn.execute(
                f"""
                SELECT COUNT(*) AS calls,
                       COALESCE(SUM(status = 'pending'), 0) AS pending,
                       COALESCE(SUM(status = 'ok'), 0) AS ok,
                       COALESCE(SUM(status NOT IN ('ok', 'pending')), 0) AS failed,
                       COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens,
                       COALESCE(SUM(completion_tokens), 0) AS completion_tokens,
                       COALESCE(SUM(cached_tokens), 0) AS cached_tokens,
                       COALESCE(SUM(attempts), 0) AS attempts,
                       COALESCE(SUM(latency_ms), 0.0) AS latency_ms
                FROM model_calls WHERE {where}
                """,
                params,
            ).fetchone()
            return UsageTotals(**{k: row[k] for k in row.keys()})

        return await self._db.run(job)


class ModelCalls(CallReads):
    """`store.model_calls`: implements `engine.schema.calls.CallLog`."""

    async def begin(self, start: ModelCallStart) -> int:
        """Record a call before it is sent; return its id (status 'pending')."""
        params, messages = _split_request(start.request)
        now = time.time()

        def job(conn: sqlite3.Connection) -> int:
            encoded = [encode(m) for m in messages]  # hashed on the worker thread
            refs = b"".join(bytes.fromhex(sha) for sha, _ in encoded)
            pooled_params, pooled = _pool_params(params)
            params_json = dumps(pooled_params)
            with immediate(conn):
                insert_messages(conn, [*encoded, *pooled])
                base_id, base_len, stored = None, 0, refs
                base = conn.execute(
                    "SELECT id, message_refs, message_count FROM model_calls "
                    "WHERE run_id IS ? AND world_id IS ? AND purpose = ? AND base_id IS NULL "
                    "ORDER BY id DESC LIMIT 1",
                    (start.run_id, start.world_id, start.purpose),
                ).fetchone()
                if base is not None and base["message_count"] > 0:
                    prefix = bytes(base["message_refs"])
                    tail = len(encoded) - base["message_count"]
                    if 0 <= tail <= tail_limit(base["message_count"]) and refs.startswith(prefix):
                        base_id, base_len = base["id"], base["message_count"]
                        stored = refs[len(prefix) :]
                try:
                    cur = conn.execute(
                        """
                        INSERT INTO model_calls (run_id, world_id, purpose, turn, call_idx,
                            backend, model, request_hash, request_params, base_id, base_len,
                            message_refs, message_count, status, started_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                        """,
                        (
                            start.run_id,
                            start.world_id,
                            start.purpose,
                            start.turn,
                            start.call_idx,
                            start.backend,
                            start.model,
                            start.request_hash,
                            params_json,
                            base_id,
                            base_len,
                            stored,
                            len(encoded),
                            now,
                        ),
                    )
                except sqlite3.IntegrityError as exc:
                    raise NotFound(
                        f"A model call names a run ({start.run_id!r}) or world "
                        f"({start.world_id!r}) this workspace does not have."
                    ) from exc
                return int(cur.lastrowid or 0)

        return await self._db.run(job)

    async def complete(self, call_id: int, end: ModelCallEnd) -> None:
        """Record how the call ended; a call is completed once."""
        if end.status == "pending":
            raise ValueError("a call is completed with its outcome, not 'pending'")
        prompt, completion, cached = _tokens(end.usage)
        response = None if end.response is None else dumps(end.response)
        usage = None if end.usage is None else dumps(end.usage)
        now = time.time()

        def job(conn: sqlite3.Connection) -> None:
            with immediate(conn):
                row = conn.execute(
                    "SELECT status FROM model_calls WHERE id = ?", (call_id,)
                ).fetchone()
                if row is None:
                    raise NotFound(f"There is no model call {call_id} in this workspace.")
                if row["status"] != "pending":
                    raise StoreError(f"Model call {call_id} is already complete ({row['status']}).")
                conn.execute(
                    """
                    UPDATE model_calls SET status = ?, response = ?, usage = ?,
                        prompt_tokens = ?, completion_tokens = ?, cached_tokens = ?,
                        latency_ms = ?, attempts = ?, error = ?, note = ?, request_id = ?,
                        ended_at = ?
                    WHERE id = ?
                    """,
                    (
                        end.status,
                        response,
                        usage,
                        prompt,
                        completion,
                        cached,
                        end.latency_ms,
                        end.attempts,
                        end.error,
                        end.note,
                        end.request_id,
                        now,
                        call_id,
                    ),
                )

        await self._db.run(job)
