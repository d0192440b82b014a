"""Writing each model request to the call log: begun before it is sent, completed after.

ENGINE_NOTES rule 3: the row exists before the request leaves, so a crash
mid-call leaves a trace and a resumed run can tell a sent call from an unsent
one. Everything recorded goes through the `Redactor`; headers are never part of
the record. Recording is optional (`call_log=None`), for tools like `doctor`.
"""

from __future__ import annotations

from typing import Any

from engine.llm.redact import Redactor
from engine.llm.types import CallContext
from engine.schema.calls import CallLog, CallStatus, ModelCallEnd, ModelCallStart


class Recorder:
    def __init__(
        self, call_log: CallLog | None, *, backend: str, model: str, redactor: Redactor
    ) -> None:
        self._log = call_log
        self._backend = backend
        self._model = model
        self._redact = redactor

    async def begin(self, context: CallContext, body: dict[str, Any], digest: str) -> int | None:
        if self._log is None:
            return None
        start = ModelCallStart(
            run_id=context.run_id,
            world_id=context.world_id,
            purpose=context.purpose,
            turn=context.turn,
            call_idx=context.call_idx,
            backend=self._backend,
            model=self._model,
            request=self._redact.value(body),
            request_hash=digest,
        )
        return await self._log.begin(start)

    async def complete(
        self,
        call_id: int | None,
        *,
        status: CallStatus,
        response: dict[str, Any] | None = None,
        usage: dict[str, Any] | None = None,
        latency_ms: float = 0.0,
        attempts: int = 1,
        error: str | None = None,
        note: str | None = None,
        request_id: str | None = None,
    ) -> None:
        if self._log is None or call_id is None:
            return
        end = ModelCallEnd(
            status=status,
            response=self._redact.value(response) if response is not None else None,
            usage=usage,
            latency_ms=latency_ms,
            attempts=attempts,
            error=self._redact.text(error) if error else None,
            note=self._redact.text(note) if note else None,
            request_id=request_id,
        )
        await self._log.complete(call_id, end)
