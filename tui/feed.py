"""The App's event worker for one run: stored history first, then live events.

It reads through the store's read-only connection (`store.reader()`), pages
the run's whole timeline (`events.history`, which includes a fork's inherited
turns), folds each page into the `RunLog` and posts coalescing messages to
the run screen. Live events come from the run's controller when this process
drives the run (`controller.events(since_seq)`), else by paging the store
again every `poll_interval` (a run driven by the CLI in another process).
The worker never touches a widget.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from engine.store import EventRecord
from tui.messages import FilesChanged, InboxChanged, RunLogGrew, RunLogLoaded, RunStateChanged
from tui.runlog import Delta, RunLog

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.app import SynthcompApp

PAGE = 2_000
POLL_INTERVAL = 0.1


def post_delta(target: Screen[Any], run_id: str, delta: Delta, *, replaying: bool) -> None:
    if delta.rows_added or delta.rows_updated:
        target.post_message(RunLogGrew(run_id, replaying=replaying))
    if replaying:
        return  # files, inbox and header are read once when the replay ends
    if delta.status or delta.tokens or delta.rows_added:
        target.post_message(RunStateChanged(run_id))
    if delta.files:
        paths = [p for pair in delta.files for p in pair if p]
        target.post_message(FilesChanged(run_id, paths))
    if delta.inbox:
        target.post_message(InboxChanged(run_id))


def as_records(run_id: str, events: Iterable[Any]) -> list[EventRecord]:
    """Events from a controller as store records (they may already be)."""
    out = []
    for ev in events:
        if isinstance(ev, EventRecord):
            out.append(ev)
        else:
            data = ev.model_dump() if hasattr(ev, "model_dump") else dict(ev)
            data.setdefault("run_id", run_id)
            out.append(EventRecord.model_validate(data))
    return out


async def follow(app: SynthcompApp, run_id: str, log: RunLog, target: Screen[Any]) -> None:
    ws = app.workspace
    assert ws is not None
    started = time.perf_counter()
    async with ws.store.reader() as reader:
        record = await reader.runs.get(run_id)
        log.status, log.reason = record.status, record.status_reason
        options = record.options or {}
        log.backend = str(options.get("backend") or "")
        log.model = str(options.get("model") or "")
        while True:
            page = await reader.events.history(run_id, since_seq=log.last_seq, limit=PAGE)
            if not page:
                break
            post_delta(target, run_id, log.apply(page), replaying=True)
            await asyncio.sleep(0)  # let the first frame and keys through between pages
        record = await reader.runs.get(run_id)
        log.status, log.reason = record.status, record.status_reason
        target.post_message(RunLogLoaded(run_id, time.perf_counter() - started))

        while True:  # live: the controller's stream while its loop runs, else page the store
            ctl = app.controllers.get(run_id)
            if ctl is not None and getattr(ctl, "running", False):
                async for ev in ctl.events(since_seq=log.last_seq):
                    delta = log.apply(as_records(run_id, [ev]))
                    sync_status(log, ctl, delta)
                    post_delta(target, run_id, delta, replaying=False)
            await asyncio.sleep(app.poll_interval)
            page = await reader.events.history(run_id, since_seq=log.last_seq, limit=PAGE)
            delta = log.apply(page)
            if ctl is not None:
                sync_status(log, ctl, delta)
            elif delta.status:
                record = await reader.runs.get(run_id)
                log.status, log.reason = record.status, record.status_reason
            if page or delta.status:
                post_delta(target, run_id, delta, replaying=False)


def sync_status(log: RunLog, ctl: Any, delta: Delta) -> None:
    """The controller knows the run's status (stored at once) better than the events imply."""
    status, reason = getattr(ctl, "status", log.status), getattr(ctl, "reason", log.reason)
    if (status, reason) != (log.status, log.reason):
        log.status, log.reason = status, reason
        delta.status = True
