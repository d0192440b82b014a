"""`RunController`: the one handle the TUI, the CLI and the tests drive a run with.

    run = await ws.start_run("maria-forsythe", RunOptions(days=20, seed=3))
    await run.start()                      # the loop runs as a task on this event loop
    await run.pause(); await run.step(1); await run.step_day(); await run.resume()
    await run.inject_message("Dana Lee", "Budget", "Use the Q3 figures.")
    await run.edit_file("Documents/plan.md", "# Plan\\n...")
    async for ev in run.events(since_seq=0): ...   # replay, then live
    await run.stop()

The gate (ENGINE_NOTES rule 7). The run's status is stored (a paused run is
still paused after a crash) and checked at every turn boundary; a turn in
flight always finishes. `step(n)` opens the gate for exactly n turns of a
paused run, `step_day()` until the current day ends; neither changes the
stored status. Pause, resume and stop also write `paused`/`resumed`/
`stopped` events, after the turn in flight.

What a person does between turns (an injected message, an edited file) is
applied at a turn boundary under the same lock the loop holds for a turn, so
it never races a tool on the same file; it is committed at once as its own
small batch (with a snapshot), tagged with the turn to come, and the agent
sees it in that turn's note. The lock is fair: a person's action waits for
the turn in flight, never for the next one.

A model that cannot be reached pauses the run with a plain reason; anything
else that escapes a turn is an engine bug: the run is marked failed with the
reason stored, and can be resumed once the bug is fixed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import SynthcompError
from engine.schema.events import MessagePayload
from engine.sim.loop import ModelUnavailable, TurnReport, TurnRunner, commit
from engine.store.records import EventRecord, NewEvent, RunRecord, RunStatus

if TYPE_CHECKING:
    from engine.sim.state import RunState
    from engine.store import Store

log = logging.getLogger(__name__)


class RunError(SynthcompError):
    """A run cannot do what was asked in its state; the message says why."""


TERMINAL: frozenset[str] = frozenset({"finished", "failed", "stopped"})
Reload = Callable[[], Awaitable[tuple["RunState", TurnRunner]]]
Attachment = tuple[str, bytes] | Path


class RunController:
    """Start, pause, step, steer and watch one run. Made by `engine.sim.runs` (via Workspace)."""

    def __init__(
        self,
        *,
        store: Store,
        record: RunRecord,
        state: RunState,
        runner: TurnRunner,
        reload: Reload,
        run_dir: Path,
        release: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.record = record
        self.id = record.id
        self.state = state
        self.runner = runner
        self.run_dir = run_dir
        self._reload = reload
        self._release = release  # the run's lock (engine.sim.lock), given up on close
        self._status: RunStatus = record.status
        self._reason: str | None = record.status_reason
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._changed = asyncio.Condition()
        self._version = 0
        self._task: asyncio.Task[None] | None = None
        self._step_budget = 0
        self._step_day = False
        self._closed = False
        self.last_report: TurnReport | None = None
        self.on_turn: Callable[[TurnReport], None] | None = None
        self.engine_s: list[float] = []  # per turn: time not spent waiting for the model

    # -- what it is --------------------------------------------------------------------

    @property
    def status(self) -> RunStatus:
        return self._status

    @property
    def reason(self) -> str | None:
        return self._reason

    @property
    def head_seq(self) -> int:
        return self.state.head_seq

    @property
    def computer_root(self) -> Path:
        return self.state.computer.root

    @property
    def running(self) -> bool:
        """Whether the loop task is alive (it may be parked at the gate)."""
        return self._task is not None and not self._task.done()

    def __repr__(self) -> str:
        return f"RunController({self.id!r}, status={self._status!r}, turn={self.state.turn})"

    # -- the gate ----------------------------------------------------------------------

    async def start(self) -> None:
        """Run the loop as a task. A paused run waits at the gate; others (re)start running."""
        if self.running:
            return
        if self.state.finished or self._status == "finished":
            return
        if self._status != "paused":
            before = self._status
            await self._set_status("running", None)
            if before in ("stopped", "failed", "running"):
                why = {
                    "stopped": "after a stop",
                    "failed": "after a failure",
                    "running": "after a crash",
                }
                await self._control([self._event("resumed", {"reason": f"resumed {why[before]}"})])
        self._launch()

    def _launch(self) -> None:
        self._idle.clear()  # until the loop parks or ends: wait_idle() waits for that
        self._task = asyncio.create_task(self._loop(), name=f"run-{self.id}")

    async def pause(self, reason: str | None = None) -> None:
        """Stop at the next turn boundary (the turn in flight finishes); stored at once."""
        if self._status in TERMINAL or self._status == "paused":
            self._step_budget, self._step_day = 0, False
            return
        self._step_budget, self._step_day = 0, False
        await self._set_status("paused", reason or "paused by a person")
        self._wake.set()
        await self._control([self._event("paused", {"reason": self._reason})])

    async def resume(self) -> None:
        """Let a paused (or stopped) run go on; starts the loop if it is not running."""
        if self.state.finished:
            return
        if self._status in ("paused", "stopped", "created", "failed"):
            was = self._status
            await self._set_status("running", None)
            if was != "created":
                await self._control([self._event("resumed", {"reason": f"resumed from {was}"})])
            self._wake.set()
            if not self.running:  # a new controller (`resume_run`): the status is written
                self._launch()
            return
        self._wake.set()
        await self.start()

    async def step(self, n: int = 1) -> None:
        """Open the gate for exactly `n` turns, then stay paused (a running run pauses)."""
        if n < 1 or self.state.finished:
            return
        if self._status != "paused":
            await self.pause("stepping")
        self._step_budget += n
        self._wake.set()
        await self.start()

    async def step_day(self) -> None:
        """Run until the current day ends (or the next one, between days), then pause."""
        if self.state.finished:
            return
        if self._status != "paused":
            await self.pause("stepping")
        self._step_day = True
        self._wake.set()
        await self.start()

    async def stop(self, reason: str | None = None) -> None:
        """End the loop at the next boundary; the run stays resumable (`ws.resume_run`)."""
        if self._status in TERMINAL:
            return
        await self._set_status("stopped", reason or "stopped by a person")
        self._wake.set()
        await self._control([self._event("stopped", {"reason": self._reason})])
        await self.wait()

    async def wait(self) -> RunStatus:
        """Until the loop task ends (finished, stopped, failed): the final status."""
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(self._task)
        return self._status

    async def wait_idle(self) -> RunStatus:
        """Until the loop is parked at the gate (paused) or has ended."""
        await asyncio.sleep(0)
        await self._idle.wait()
        return self._status

    async def close(self) -> None:
        """Stop the loop task without changing the stored status (as a process exit would)."""
        self._closed = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._release is not None:
            release, self._release = self._release, None
            release()
        await self._notify()

    # -- a person's actions ------------------------------------------------------------

    async def inject_message(
        self,
        sender: str,
        subject: str,
        body: str,
        attachments: Sequence[Attachment] = (),
        *,
        to: Sequence[str] | None = None,
    ) -> MessagePayload:
        """A message to the agent, as any collaborator or a new one, delivered next turn.

        Attachments are `(path on the computer, bytes)` or host files (put in the
        user's Downloads); they are written now and recorded as changed by the sender.
        """
        self._steerable()
        async with self._lock:
            st = self.state
            turn = st.next_turn
            files = [await self._attachment(a) for a in attachments]
            n = sum(1 for m in st.messages if m.startswith(f"inj-{turn:05d}-")) + 1
            message = MessagePayload(
                id=f"inj-{turn:05d}-{n}",
                sender=sender.strip() or "Someone",
                to=list(to or [st.agent_name]),
                subject=subject,
                body=body,
                attachments=[],
                deliver_at_turn=turn,
            )
            events: list[NewEvent] = []
            written: list[str] = []
            for path, data in files:
                entry, change = await self._write(path, data)
                written.append(entry)
                events.append(self._file_event(entry, change, message.sender, data))
            message = message.model_copy(update={"attachments": written})
            events.insert(
                0, self._event("message_received", message.model_dump(mode="json"), actor="user")
            )
            await self._commit(events)
            return message

    async def edit_file(self, path: str, content: str | bytes) -> dict[str, Any]:
        """Write a file of the run's computer as the user; the agent sees it changed next turn."""
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        self._steerable()
        async with self._lock:
            entry, change = await self._write(path, data)
            event = self._file_event(entry, change, "user", data)
            await self._commit([event])
            return dict(event.payload)

    async def edit_cells(self, path: str, edits: Sequence[Any]) -> dict[str, Any]:
        """Set cells of a workbook as the user: read, change and write under the turn lock,
        so the agent's own writes never interleave with it (`formats.xlsx.CellEdit`s)."""
        from engine.computer.formats.xlsx import edit_cells

        self._steerable()
        async with self._lock:
            computer = self.state.computer
            data = await computer.read_bytes(path)
            new = await asyncio.to_thread(edit_cells, data, list(edits), modified=self.state.now)
            entry, change = await self._write(path, new)
            event = self._file_event(entry, change, "user", new)
            await self._commit([event])
            return dict(event.payload)

    # -- the event stream --------------------------------------------------------------

    async def events(
        self, since_seq: int = 0, *, follow: bool = True, page: int = 500
    ) -> AsyncIterator[EventRecord]:
        """The run's history (a fork's ancestors' too) after `since_seq`, then live events.

        Reads on a read-only connection of its own, page by page (`seq > ? LIMIT k`).
        With `follow`, it waits for new turns until the loop has ended (or the
        controller is closed) and everything is read.
        """
        last = since_seq
        async with self.store.reader() as reader:
            while True:
                seen = self._version
                batch = await reader.events.history(self.id, since_seq=last, limit=page)
                for ev in batch:
                    last = ev.seq
                    yield ev
                if len(batch) == page:
                    continue
                if not follow:
                    return
                if self._closed or (self._ended() and last >= self.state.head_seq):
                    return
                async with self._changed:
                    await self._changed.wait_for(lambda s=seen: self._version != s or self._closed)

    # -- the loop ----------------------------------------------------------------------

    async def _loop(self) -> None:
        watcher = None
        try:
            if self.state.options.watch:
                watcher = self.state.computer.watch()
                await watcher.start()
                self.runner.watcher = watcher
            while True:
                self._wake.clear()
                async with self._lock:
                    decision = self._gate()
                    if decision == "run":
                        self._idle.clear()
                        await self._turn()
                        continue
                    if decision == "exit":
                        break
                self._idle.set()
                await self._notify()
                await self._wake.wait()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # an engine bug: the run fails with the reason kept
            await self._fail(exc)
        finally:
            self.runner.watcher = None
            if watcher is not None:
                with contextlib.suppress(Exception):
                    await watcher.stop()
            self._idle.set()
            await self._notify()

    def _gate(self) -> str:
        if self.state.finished or self._status in TERMINAL:
            return "exit"
        if self._status == "running":
            return "run"
        if self._status == "paused":
            if self._step_day:
                return "run"
            if self._step_budget > 0:
                self._step_budget -= 1
                return "run"
        return "park"

    async def _turn(self) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            report = await self.runner.run_turn()
        except ModelUnavailable as exc:
            await self._rollback()
            self._step_budget, self._step_day = 0, False
            await self._set_status("paused", str(exc))
            await self._commit([self._event("paused", {"reason": str(exc)})])
            return
        self.engine_s.append(max(0.0, loop.time() - started - report.model_s))
        self.last_report = report
        if report.ended_day:
            self._step_day = False
        if report.finished:
            await self._set_status("finished", self.state.finish_reason)
        elif report.paused:
            self._step_budget, self._step_day = 0, False
            await self._set_status("paused", report.paused)
        if self.on_turn is not None:
            self.on_turn(report)
        await self._notify()

    async def _rollback(self) -> None:
        """Forget a turn that did not commit: state refolded from the log, files restored."""
        self.state, self.runner = await self._reload()

    async def _fail(self, exc: BaseException) -> None:
        where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        at = f" (at {where[0].filename.rsplit('/', 1)[-1]}:{where[0].lineno})" if where else ""
        reason = f"engine error: {type(exc).__name__}: {exc}{at}"
        log.exception("run %s failed", self.id)
        try:
            await self._set_status("failed", reason)
            self.state, self.runner = await self._reload()
            await self._commit([self._event("failed", {"reason": reason})])
        except Exception:  # the store itself may be what broke; the status is what matters
            log.exception("run %s: could not record its failure", self.id)

    # -- helpers -----------------------------------------------------------------------

    def _steerable(self) -> None:
        if self._closed:
            raise RunError(
                f"The controller of run {self.id!r} is closed; resume the run to steer it."
            )
        if self.state.finished:
            raise RunError(
                f"Run {self.id!r} has finished; fork it at an earlier turn to change its course."
            )

    def _ended(self) -> bool:
        return not self.running and (self._status in TERMINAL or self.state.finished)

    async def _notify(self) -> None:
        async with self._changed:
            self._version += 1
            self._changed.notify_all()

    async def _set_status(self, status: RunStatus, reason: str | None) -> None:
        self.record = await self.store.runs.set_status(self.id, status, reason)
        self._status, self._reason = status, reason

    def _event(self, kind: str, payload: dict[str, Any], *, actor: str = "user") -> NewEvent:
        st = self.state
        return NewEvent(kind=kind, actor=actor, day=st.day, turn=st.next_turn, payload=payload)

    async def _control(self, events: list[NewEvent]) -> None:
        async with self._lock:
            await self._commit(events)

    async def _commit(self, events: list[NewEvent]) -> None:
        await commit(self.store, self.id, self.state, events, self.runner, apply=True)
        await self._notify()

    async def _attachment(self, item: Attachment) -> tuple[str, bytes]:
        if isinstance(item, Path):
            data = await asyncio.to_thread(item.read_bytes)
            fs = self.state.profile.filesystem
            return f"{fs.to_disk(fs.downloads)}/{item.name}", data
        path, data = item
        return str(path), bytes(data)

    async def _write(self, path: str, data: bytes) -> tuple[str, str]:
        """Write as the person (PathOutsideComputer, a plain sentence, for a path outside)."""
        computer = self.state.computer
        existed = await computer.exists(path)
        entry = await computer.write_bytes(path, data, mtime=self.state.now)
        return entry.path, "modified" if existed else "created"

    def _file_event(self, path: str, change: str, by: str, data: bytes) -> NewEvent:
        payload = {
            "path": path,
            "change": change,
            "by": by,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
        return self._event("file_changed", payload, actor="user" if by == "user" else by)


__all__ = ["RunController", "RunError"]
