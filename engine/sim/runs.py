"""Starting, resuming, forking and listing runs: where a `RunController` comes from.

A run is a copy of a world: `runs/<run_id>/computer/` is the world's folder
without its `.synthcomp/`, and the run's row in the store keeps its options.
Its first batch (`run_started`, `objectives_set`) commits with a snapshot of
the untouched computer, so every later state of the files can be restored.

Resume. The log is the truth: the state is the fold of the run's history and
the computer is restored to the snapshot at or before the head. Every batch
that changed files carries a snapshot (see `loop.commit`), so that snapshot
is exactly the files after the last stored turn, and whatever a half-finished
turn wrote is undone; the next turn is the one after the last stored one.

Fork. A fork is a new run with `(parent_run_id, parent_seq)` (ENGINE_NOTES
rule 6). `at_seq` is moved back to the nearest batch boundary (a fork never
starts inside a turn); the fork's computer is restored from the snapshot at
or before that seq (again exact), its state is the fold of the parent's
history up to it, and its own turns continue from there.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import engine.sim.scripted  # noqa: F401  (registers the scripted work agent and collaborators)
from engine.computer import Computer
from engine.errors import NotFound, StoreError
from engine.schema.objectives import Objectives
from engine.schema.plans import WorldManifest
from engine.sim import lock as run_lock
from engine.sim.calendar import Calendar, next_weekday
from engine.sim.controller import RunController, RunError
from engine.sim.loop import TurnRunner, commit
from engine.sim.options import PROMPT_VERSION, RunOptions
from engine.sim.state import RunState
from engine.store.records import EventRecord, NewEvent, RunRecord, WorldRecord

if TYPE_CHECKING:
    from engine.llm import LLM
    from engine.sim.tools import Tool
    from engine.workspace import Workspace

COMPUTER_DIR = "computer"
PAGE = 1_000


# --- worlds ------------------------------------------------------------------------------


async def find_or_import_world(ws: Workspace, world: str) -> WorldRecord:
    """A world by slug or id, or a world folder on disk (imported into the workspace once)."""
    from engine.synth.world import find_world, import_world

    try:
        return await find_world(ws, world)
    except NotFound:
        folder = await asyncio.to_thread(_world_folder, world)
        if folder is None:
            raise
    for rec in await ws.store.worlds.list():  # imported before: reuse it
        if rec.meta.get("imported_from") == str(folder):
            return rec
    return await import_world(ws, folder)


def _world_folder(world: str) -> Path | None:
    """`world` as a world folder on disk (it holds `.synthcomp/world.json`), or None."""
    folder = Path(world).expanduser().absolute()
    return folder if (folder / ".synthcomp" / "world.json").is_file() else None


async def load_manifest(record: WorldRecord) -> WorldManifest:
    from engine.synth.world import load_world

    return await asyncio.to_thread(load_world, Path(record.path))


def default_start(manifest: WorldManifest) -> dt.date:
    """The working day after the newest file on the computer: the run picks up from there."""
    newest = max((a.modified for a in manifest.artifacts.artifacts), default=manifest.created_at)
    return next_weekday(newest.date() + dt.timedelta(days=1))


def _copy_world(src: Path, dest: Path) -> None:
    """The world's files, without the engine's own folder, mtimes kept."""

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n in (".synthcomp", ".trash")] if Path(folder) == src else []

    tmp = dest.with_name(dest.name + ".copying")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp, symlinks=True, ignore=ignore)
    tmp.rename(dest)


# --- building a controller ---------------------------------------------------------------


class _Parts:
    """What a run's controller is made of, rebuilt from the store on resume and rollback."""

    def __init__(self, ws: Workspace, record: RunRecord, llm: LLM) -> None:
        self.ws = ws
        self.record = record
        self.llm = llm
        self.options = RunOptions.model_validate(record.options)
        self.run_dir = Path(record.path or ws.runs_dir / record.id)
        self.locked = False

    async def lock(self) -> None:
        """Take the run's lock before touching its folder (once; kept until the controller closes)."""
        if not self.locked:
            await asyncio.to_thread(run_lock.acquire, self.run_dir, self.record.id)
            self.locked = True

    def unlock(self) -> None:
        if self.locked:
            self.locked = False
            run_lock.release(self.run_dir)

    async def build(self, *, restore: bool) -> tuple[RunState, TurnRunner]:
        """The state folded from the log, the computer (restored to the head), the runner."""
        from engine.sim.collaborators import Collaborators
        from engine.sim.tools import default_tools, tool_specs

        await self.lock()
        world = await self.ws.store.worlds.get(self.record.world_id)
        manifest = await load_manifest(world)
        profile = manifest.profile
        opts = self.options
        root = self.run_dir / COMPUTER_DIR
        await asyncio.to_thread(root.mkdir, parents=True, exist_ok=True)
        computer = Computer(root, volumes=profile.filesystem.drive_volumes())
        calendar = Calendar(
            start=opts.start_date or default_start(manifest),
            days=opts.days,
            turns_per_day=opts.turns_per_day,
        )
        state = RunState(computer=computer, calendar=calendar, profile=profile, options=opts)
        tools = select_tools(default_tools(allow_code=opts.allow_code), opts)
        state.tool_names = [t.name for t in tools]
        head = await fold_history(self.ws, self.record.id, state)
        snap = await self.ws.store.snapshots.latest_at_or_before(self.record.id, head)
        if restore:
            if snap is None:
                raise RunError(
                    f"Run {self.record.id!r} has no stored snapshot of its files to restore; "
                    "start a new run of its world."
                )
            await computer.restore(snap.manifest, self.ws.store.blobs)
        collaborators = None
        if state.objectives is not None:
            collaborators = Collaborators(
                self.llm,
                state.objectives,
                profile,
                opts.seed,
                first_day=calendar.start,
                already_revealed=state.revealed_by(),
                already_sent=state.sent_files_by(),
                calls=self.ws.store.model_calls,  # a replayed turn reuses answered calls
            )
        runner = TurnRunner(
            run_id=self.record.id,
            store=self.ws.store,
            llm=self.llm,
            state=state,
            tools=tools,
            collaborators=collaborators,
            last_manifest=snap.manifest if snap else None,
        )
        runner.specs = tool_specs(tools)
        return state, runner

    async def controller(self, *, restore: bool) -> RunController:
        state, runner = await self.build(restore=restore)
        record = await self.ws.store.runs.get(self.record.id)
        return RunController(
            store=self.ws.store,
            record=record,
            state=state,
            runner=runner,
            reload=lambda: self.build(restore=True),
            run_dir=self.run_dir,
            release=self.unlock,
        )


def select_tools(tools: list[Tool], options: RunOptions) -> list[Tool]:
    """The tools `options.tools` names (all if None), in their usual order; a `RunError`
    for a name that is not a tool."""
    if options.tools is None:
        return tools
    known = {t.name for t in tools}
    unknown = [name for name in options.tools if name not in known]
    if unknown:
        raise RunError(
            f"There is no tool named {', '.join(map(repr, unknown))}; the tools are: "
            f"{', '.join(sorted(known))}."
        )
    wanted = set(options.tools)
    return [t for t in tools if t.name in wanted]


async def fold_history(ws: Workspace, run_id: str, state: RunState) -> int:
    """Apply the run's whole history (a fork's ancestors' up to its fork point) to `state`."""
    last = 0
    while True:
        page = await ws.store.events.history(run_id, since_seq=last, limit=PAGE)
        for ev in page:
            state.apply(ev)
            last = ev.seq
        if len(page) < PAGE:
            break
    record = await ws.store.runs.get(run_id)
    state.head_seq = record.head_seq
    return record.head_seq


# --- the public surface ------------------------------------------------------------------


async def start_run(
    ws: Workspace,
    world: str,
    options: RunOptions | None = None,
    *,
    llm: LLM | None = None,
    objectives: Objectives | None = None,
) -> RunController:
    """A new run of `world` (slug, id, or a world folder): copied, objectives set, not started.

    Objectives come from `objectives` if given, else from `options.objectives`
    (a YAML/JSON file), else from the objectives agent. Call `start()` on the
    returned controller to run it.
    """
    from engine.sim.objectives import load_objectives, write_objectives
    from engine.sim.tools import default_tools

    llm = llm or ws.llm()
    opts = (options or RunOptions()).model_copy()
    select_tools(default_tools(allow_code=opts.allow_code), opts)  # names checked before any work
    record = await find_or_import_world(ws, world)
    manifest = await load_manifest(record)
    if opts.start_date is None:
        opts.start_date = default_start(manifest)
    opts.backend = opts.backend or llm.backend
    opts.model = opts.model or llm.model
    run = await ws.store.runs.create(record.id, options=opts.model_dump(mode="json"))
    run_dir = ws.runs_dir / run.id
    parts = _Parts(ws, run, llm)
    try:
        await parts.lock()
        run = await ws.store.runs.set_path(run.id, run_dir)
        await asyncio.to_thread(run_dir.mkdir, parents=True, exist_ok=True)
        root = run_dir / COMPUTER_DIR
        await asyncio.to_thread(_copy_world, Path(record.path), root)
        source = "given"
        if objectives is None and opts.objectives:
            objectives = await asyncio.to_thread(load_objectives, Path(opts.objectives))
            source = f"file:{opts.objectives}"
        elif objectives is None:
            objectives = await write_objectives(
                llm, manifest, root, days=opts.days, seed=opts.seed, run_id=run.id
            )
            source = "objectives agent"
        await _save_objectives(run_dir, objectives)
        state, runner = await parts.build(restore=False)
        first = [
            NewEvent(
                kind="run_started",
                payload={
                    "world_id": record.id,
                    "world": record.slug,
                    "options": opts.model_dump(mode="json"),
                    "seed": opts.seed,
                    "backend": opts.backend,
                    "model": opts.model,
                    "prompt_version": PROMPT_VERSION,
                    "agent": manifest.profile.identity.full_name,
                    "start_date": state.calendar.start.isoformat(),
                    "tools": [s.name for s in runner.specs],
                },
            ),
            NewEvent(
                kind="objectives_set",
                payload={"objectives": objectives.model_dump(mode="json"), "source": source},
            ),
        ]
        await commit(ws.store, run.id, state, first, runner, force_snapshot=True)
        return await parts.controller(restore=False)
    except BaseException:
        parts.unlock()
        await _discard(ws, run.id, run_dir)
        raise


async def resume_run(ws: Workspace, run_id: str, *, llm: LLM | None = None) -> RunController:
    """A controller for an existing run, its files restored to the state after its last
    stored turn; `start()` (or `resume()` if it was paused) continues with the next turn."""
    record = await ws.store.runs.get(run_id)
    if record.head_seq == 0:
        raise RunError(
            f"Run {run_id!r} never started (it has no events); start a new run of its world."
        )
    parts = _Parts(ws, record, llm or ws.llm())
    try:
        return await parts.controller(restore=True)
    except BaseException:
        parts.unlock()
        raise


async def fork_run(
    ws: Workspace, run_id: str, at_seq: int, *, llm: LLM | None = None
) -> RunController:
    """A new run that shares `run_id`'s history up to `at_seq` (moved back to the nearest
    turn boundary) and continues on its own from there; not started."""
    parent = await ws.store.runs.get(run_id)
    if not 1 <= at_seq <= parent.head_seq:
        raise RunError(
            f"Run {run_id!r} has events 1 to {parent.head_seq}; fork it at one of those seqs."
        )
    at = await turn_boundary(ws, run_id, at_seq)
    if at < 2:
        raise RunError(f"Run {run_id!r} has no complete turn boundary at or before seq {at_seq}.")
    child = await ws.store.runs.create(
        parent.world_id, options=parent.options, parent_run_id=run_id, parent_seq=at
    )
    run_dir = ws.runs_dir / child.id
    try:
        child = await ws.store.runs.set_path(child.id, run_dir)
        await asyncio.to_thread((run_dir / COMPUTER_DIR).mkdir, parents=True, exist_ok=True)
        src = Path(parent.path or ws.runs_dir / run_id) / "objectives.yaml"
        if await asyncio.to_thread(src.is_file):
            await asyncio.to_thread(shutil.copy2, src, run_dir / "objectives.yaml")
        parts = _Parts(ws, child, llm or ws.llm())
        try:
            return await parts.controller(restore=True)
        except BaseException:
            parts.unlock()
            raise
    except BaseException:
        await _discard(ws, child.id, run_dir)
        raise


async def turn_boundary(ws: Workspace, run_id: str, at_seq: int) -> int:
    """The largest seq <= at_seq that ends a batch: the next event starts a turn, or is
    tagged with another turn, or there is none. A fork never splits a turn."""
    lo = max(0, at_seq - 400)
    events: list[EventRecord] = await ws.store.events.history(
        run_id, since_seq=lo, limit=at_seq - lo + 1
    )
    by_seq = {ev.seq: ev for ev in events}
    s = at_seq
    while s > lo:
        ev, nxt = by_seq.get(s), by_seq.get(s + 1)
        if ev is None:
            break
        if nxt is None or nxt.kind == "turn_started" or nxt.turn != ev.turn:
            return s
        s -= 1
    return s if lo == 0 or s > lo else lo


async def list_runs(ws: Workspace, world: str | None = None) -> list[RunRecord]:
    if world is None:
        return await ws.store.runs.list()
    from engine.synth.world import find_world

    return await ws.store.runs.list((await find_world(ws, world)).id)


async def _save_objectives(run_dir: Path, objectives: Objectives) -> None:
    """A copy for people (and `--objectives` of a later run); the log holds the truth."""
    try:
        from engine.sim.objectives import dump_objectives

        await asyncio.to_thread(dump_objectives, objectives, run_dir / "objectives.yaml")
    except (OSError, ImportError):  # a convenience copy; never worth failing a run
        pass


async def _discard(ws: Workspace, run_id: str, run_dir: Path) -> None:
    """Remove a run that never got its first batch in (its row and folder)."""
    try:
        await ws.store.runs.delete(run_id)
    except (StoreError, NotFound):
        pass
    await asyncio.to_thread(shutil.rmtree, run_dir, True)
