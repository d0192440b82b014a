"""The App's event worker for one run: stored history first, then live events.

It reads through the store's read-only connection (`store.reader()`), pages
the run's whole timeline (`events.history`, which includes a fork's inherited
turns), folds each page into the `RunLog` and posts coalescing messages to
the run screen. Live events come from the run's controller when this process
drives the run (`controller.events(since_seq)`), else by paging the store
again every `poll_interval` (a run driven by the CLI in another process).
The worker never touches a widget.

It shares the event loop with every key press, so it never holds it long:
events are folded `FOLD_SLICE` at a time with a yield between slices, and what
a slice changed is merged into one pending `Delta` that is posted once per
pass of the loop (a page of 500 live events costs one set of messages, not
500). A long log is also kept out of the cyclic garbage collector's way: the
objects it folded are frozen (`gc.freeze`) once read, and while a run screen
is open what survives a full collection is frozen too, so a full collection
during a live burst scans what is new rather than every row of a 10,000-turn
run (a pause of 100-400 ms otherwise). The run screen unfreezes them when it
closes (`release_heap`): what became garbage meanwhile is collected then.
"""

from __future__ import annotations

import asyncio
import gc
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
FOLD_SLICE = 250  # events folded between two yields to the loop


def merge(into: Delta, delta: Delta) -> None:
    into.rows_added += delta.rows_added
    into.rows_updated |= delta.rows_updated
    into.files += delta.files
    into.inbox |= delta.inbox
    into.status |= delta.status
    into.tokens |= delta.tokens


class Poster:
    """Deltas merged and posted to the screen once per pass of the event loop."""

    def __init__(self, target: Screen[Any], run_id: str) -> None:
        self.target = target
        self.run_id = run_id
        self.pending: Delta | None = None
        self.replaying = True

    def add(self, delta: Delta) -> None:
        if self.pending is None:
            self.pending = Delta()
            asyncio.get_running_loop().call_soon(self.flush)
        merge(self.pending, delta)

    def flush(self) -> None:
        delta, self.pending = self.pending, None
        if delta is not None:
            post_delta(self.target, self.run_id, delta, replaying=self.replaying)


async def fold(log: RunLog, events: list[EventRecord], poster: Poster) -> Delta:
    """Fold `events` into the log a slice at a time, yielding to keys and redraws between;
    post what each slice changed and return all of it."""
    changed = Delta()
    for start in range(0, len(events), FOLD_SLICE):
        delta = log.apply(events[start : start + FOLD_SLICE])
        merge(changed, delta)
        poster.add(delta)
        await asyncio.sleep(0)
    return changed


def _after_collection(phase: str, info: dict[str, int]) -> None:
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()  # what survived a full collection is alive: the next one skips it


def freeze_heap() -> None:
    """What is alive now (the folded log, the screen) is left out of future GC passes, and
    so is whatever survives a full collection from now on."""
    gc.freeze()
    if _after_collection not in gc.callbacks:
        gc.callbacks.append(_after_collection)


def release_heap() -> None:
    """Give frozen objects back to the collector (a closed run screen's rows can go)."""
    if _after_collection in gc.callbacks:
        gc.callbacks.remove(_after_collection)
    gc.unfreeze()


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
    poster = Poster(target, run_id)
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
            await fold(log, page, poster)
            freeze_heap()
        record = await reader.runs.get(run_id)
        log.status, log.reason = record.status, record.status_reason
        poster.flush()
        poster.replaying = False
        target.post_message(RunLogLoaded(run_id, time.perf_counter() - started))

        while True:  # live: the controller's stream while its loop runs, else page the store
            ctl = app.controllers.get(run_id)
            if ctl is not None and getattr(ctl, "running", False):
                n = 0
                async for ev in ctl.events(since_seq=log.last_seq):
                    delta = log.apply(as_records(run_id, [ev]))
                    sync_status(log, ctl, delta)
                    poster.add(delta)
                    n += 1
                    if n % FOLD_SLICE == 0:  # a page read at once: let keys through
                        await asyncio.sleep(0)
            await asyncio.sleep(app.poll_interval)
            page = await reader.events.history(run_id, since_seq=log.last_seq, limit=PAGE)
            changed = await fold(log, page, poster)
            delta = Delta()
            if ctl is not None:
                sync_status(log, ctl, delta)
            elif changed.status:  # the stored reason says more than the event implied
                record = await reader.runs.get(run_id)
                log.status, log.reason = record.status, record.status_reason
                delta.status = True
            if delta.status:
                poster.add(delta)


def sync_status(log: RunLog, ctl: Any, delta: Delta) -> None:
    """The controller knows the run's status (stored at once) better than the events imply."""
    status, reason = getattr(ctl, "status", log.status), getattr(ctl, "reason", log.reason)
    if (status, reason) != (log.status, log.reason):
        log.status, log.reason = status, reason
        delta.status = True
