"""Fixtures' building blocks: sample worlds, and runs written straight through the store.

`write_run` appends a plausible, deterministic run (days of turns with tool
calls, results, errors, files written by the agent, collaborator messages)
exactly as the engine's run loop would store it: one `append_turn` per turn.
It is how the snapshot tests get a stable run to show and how the benchmark
makes a run of 10,000 turns without a model.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

from engine.schema.calls import ModelCallEnd, ModelCallStart
from engine.store import NewEvent, RunRecord, Store, WorldRecord

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_worlds"
T0 = 1_741_365_900.0  # a fixed clock for stored times (Fri 7 Mar 2025 16:45 UTC)

COLLABORATORS = ["Fiona Drummond", "Euan Fraser", "Priya Nair"]
READS = [
    "C:/Users/cmoffat/Documents/Clients/Client_Book_Jan2025.xlsx",
    "C:/Users/cmoffat/Documents/Model Portfolios",
    "C:/Users/cmoffat/Documents/Clients/Mehta, Dr Anjali/Mehta_FactFind_2024-10.docx",
    "C:/Users/cmoffat/Desktop/To do - w-c 24 Feb.txt",
]
WRITES = [
    "C:/Users/cmoffat/Documents/Investment Committee/IC_Paper_Mar2025_draft.docx",
    "C:/Users/cmoffat/Documents/Model Portfolios/Rebalance_Q1_2025.xlsx",
    "C:/Users/cmoffat/Desktop/notes - model refresh.md",
]


OBJECTIVES = {
    "summary": "March: refresh the model portfolios for the investment committee, review two "
    "client households and answer the compliance file check.",
    "deliverables": [
        {"id": "DLV_001", "title": "Model portfolio refresh paper", "requester": "Euan Fraser",
         "due_day": 6},
        {"id": "DLV_002", "title": "Ferguson annual review pack", "requester": "Fiona Drummond",
         "due_day": 9},
        {"id": "DLV_003", "title": "Mehta carry-forward calculation", "requester": "Priya Nair",
         "due_day": 14},
    ],
}  # fmt: skip


SAMPLE = "wealth_adviser_edinburgh"  # the world the TUI tests and snapshots show


def built_samples(out: Path) -> Path:
    """A folder holding the sample world `SAMPLE`: the repository's, else built now into `out`."""
    if (SAMPLES / SAMPLE / ".synthcomp" / "world.json").is_file():
        return SAMPLES
    subprocess.run(
        [sys.executable, str(SAMPLES / "build.py"), "--out", str(out), SAMPLE],
        check=True,
        capture_output=True,
    )
    return out


def turn_events(rng: random.Random, day: int, turn: int, n: int) -> list[NewEvent]:
    """One agent turn's events as the run loop stores them: a model call, one tool, its result
    (and the file change or message the tool made)."""
    roll = rng.random()
    events = [NewEvent(kind="turn_started", actor="engine", day=day, turn=turn, ts=T0 + n,
                       payload={"turn": turn, "day": day})]  # fmt: skip
    usage = {"prompt_tokens": 2_000 + 13 * n % 4_000, "completion_tokens": 120 + n % 90}

    def ev(kind: str, payload: dict, actor: str = "agent") -> NewEvent:
        return NewEvent(kind=kind, actor=actor, day=day, turn=turn, payload=payload, ts=T0 + n)

    call = f"c{n}"
    if roll < 0.45:
        tool, args = "read_file", {"path": READS[n % len(READS)], "page": 1}
        result = {"ok": True, "observation": f"Read page 1 of 2 ({1_200 + n % 700} characters)."}
    elif roll < 0.6:
        tool, args = "search_files", {"query": rng.choice(["rebalance", "Mehta", "IHT", "ESG"])}
        result = {"ok": True, "observation": f"{1 + n % 6} files contain it."}
    elif roll < 0.72:
        path = WRITES[n % len(WRITES)]
        tool, args = "write_document", {"path": path, "spec": {"title": "Draft", "blocks": [1, 2]}}
        result = {"ok": True, "observation": f"Wrote {path} (3 pages)."}
    elif roll < 0.8:
        tool, args = "edit_cells", {"path": WRITES[1], "edits": [{"cell": "B7", "value": 1250}]}
        result = {"ok": False, "observation": "ERROR: sheet 'Q1' not found. How to fix: sheets are 'Summary', 'Holdings'.",
                  "error_kind": "bad_argument"}  # fmt: skip
    elif roll < 0.9:
        to = COLLABORATORS[n % len(COLLABORATORS)]
        tool, args = (
            "send_message",
            {"to": [to], "subject": "Model portfolio refresh", "body": "..."},
        )
        result = {"ok": True, "observation": f"Sent to {to}."}
    else:
        tool, args = "list_dir", {"path": "C:/Users/cmoffat/Documents"}
        result = {"ok": True, "observation": "7 folders, 0 files."}
    events.append(ev("model_call", {"call_id": None, "purpose": "work_turn", "status": "ok",
                                    **usage, "cached_tokens": usage["prompt_tokens"] // 2}))  # fmt: skip
    events.append(ev("tool_started", {"call_id": call, "tool": tool, "arguments": args}))
    events.append(ev("tool_result", {"call_id": call, "tool": tool, **result}, actor="engine"))
    if tool == "write_document":
        events.append(
            ev("file_changed", {"path": args["path"], "change": "modified", "by": "agent"})
        )
    if tool == "send_message":
        msg = {"id": f"m{n}", "sender": "Catriona Moffat", "to": args["to"],
               "subject": args["subject"], "body": "Could you confirm the new weights?"}  # fmt: skip
        events.append(ev("message_sent", msg))
    return events


async def write_run(
    store: Store,
    world: WorldRecord,
    runs_dir: Path,
    *,
    turns: int,
    turns_per_day: int = 40,
    seed: int = 7,
    status: str = "paused",
    copy_files: bool = True,
    model_calls: bool = False,
    run_id: str | None = None,
) -> RunRecord:
    """A run of `world` with `turns` agent turns, stored as the engine stores them."""
    rng = random.Random(seed)
    options = {"days": 20, "turns_per_day": turns_per_day, "seed": seed, "backend": "scripted",
               "model": "scripted-1"}  # fmt: skip
    run = await store.runs.create(world.id, options, id=run_id)
    folder = runs_dir / run.id / "computer"
    if copy_files:
        shutil.copytree(world.path, folder, ignore=shutil.ignore_patterns(".synthcomp"))
    else:
        folder.mkdir(parents=True)
    await store.runs.set_path(run.id, folder.parent)
    seq = 1

    async def append(events: list[NewEvent]) -> None:
        nonlocal seq
        await store.events.append_turn(run.id, events, expected_seq=seq)
        seq += len(events)

    await append([
        NewEvent(kind="run_started", actor="engine", ts=T0, payload={
            "backend": "scripted", "model": "scripted-1", "seed": seed, "agent": "Catriona Moffat",
            "options": {"days": 20, "turns_per_day": turns_per_day, "seed": seed}}),
        NewEvent(kind="objectives_set", actor="engine", ts=T0, payload={"objectives": OBJECTIVES}),
    ])  # fmt: skip
    day, turn = 0, 0
    for n in range(turns):
        new_day = n % turns_per_day == 0
        if new_day and day:
            await append([NewEvent(kind="day_ended", day=day, turn=turn,
                                   payload={"day": day, "turns": turns_per_day,
                                            "reason": "the day's turn budget is spent"}, ts=T0 + n)])  # fmt: skip
        day += new_day
        turn += 1
        events = turn_events(rng, day, turn, n)
        if new_day:
            events.insert(1, NewEvent(kind="day_started", day=day, turn=turn, ts=T0 + n,
                                      payload={"day": day, "date": f"2025-03-{9 + day:02d}"}))  # fmt: skip
        if model_calls:
            call_id = await _model_call(store, run.id, turn, events)
            next(e for e in events if e.kind == "model_call").payload["call_id"] = call_id
        await append(events)
        if n % 17 == 5:
            who = COLLABORATORS[(n // 17) % len(COLLABORATORS)]
            msg = {"id": f"r{n}", "sender": who, "to": ["Catriona Moffat"],
                   "subject": f"Re: Model portfolio refresh ({n})",
                   "body": "Here are the weights we agreed at committee.",
                   "attachments": [READS[0]] if n % 2 else []}  # fmt: skip
            await append([NewEvent(kind="message_received", actor=who, day=day, turn=turn + 1,
                                   payload=msg, ts=T0 + n)])  # fmt: skip
    if status != "running":
        await append([NewEvent(kind=status, actor="user" if status == "paused" else "engine",
                               day=day, turn=turn, payload={"reason": "paused by you"}, ts=T0 + turns)])  # fmt: skip
    return await store.runs.set_status(
        run.id, status, "paused by you" if status == "paused" else None
    )  # type: ignore[arg-type]


async def _model_call(store: Store, run_id: str, turn: int, events: list[NewEvent]) -> int:
    tool = next(e for e in events if e.kind == "tool_started").payload
    request = {"model": "scripted-1", "messages": [
        {"role": "system", "content": "You are Catriona Moffat, a senior financial adviser..."},
        {"role": "user", "content": f"Turn {turn}. New: nothing. What next?"}]}  # fmt: skip
    call_id = await store.model_calls.begin(ModelCallStart(
        run_id=run_id, purpose="work_turn", turn=turn, backend="scripted", model="scripted-1",
        request=request, request_hash=f"{turn:064x}"))  # fmt: skip
    mc = next(e for e in events if e.kind == "model_call").payload
    usage = {k: mc[k] for k in ("prompt_tokens", "completion_tokens")}
    response = {"choices": [{"message": {"tool_calls": [{"function": {"name": tool["tool"]}}]}}]}
    await store.model_calls.complete(call_id, ModelCallEnd(status="ok", response=response,
                                                           usage=usage, latency_ms=42.0))  # fmt: skip
    return call_id


async def wait_until(pilot, check, timeout: float = 60.0, step: float = 0.05) -> None:  # type: ignore[no-untyped-def]  # noqa: ASYNC109
    """Let the app run until `check()` is true (a sync or async callable); fail after `timeout`."""
    import asyncio
    import inspect

    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        result = check()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {getattr(check, '__name__', check)}")
        await pilot.pause(step)


class Scene:
    """A workspace for pictures: the sample world and a paused run of it, at a frozen clock."""

    RUN_ID = "3f9c2a7d41b8"  # as `engine.store.worlds.new_id` makes them: 12 hex digits

    def __init__(self, root: Path, samples: Path) -> None:
        self.root = root
        self.samples = samples

    @property
    def settings(self):  # type: ignore[no-untyped-def]
        from engine.config import Settings

        return Settings.resolve(workspace=self.root / "ws", env={})

    async def build(self, turns: int = 300) -> tuple[WorldRecord, RunRecord]:
        import time
        from unittest import mock

        from engine.synth.world import import_world
        from engine.workspace import Workspace

        settings = self.settings
        with mock.patch.object(time, "time", lambda: T0):
            async with await Workspace.open(settings.workspace, settings) as ws:
                world = await import_world(ws, self.samples / SAMPLE)
                run = await write_run(ws.store, world, ws.runs_dir, turns=turns,
                                      model_calls=True, run_id=self.RUN_ID)  # fmt: skip
        (settings.workspace / ".samples-imported").write_text("pictures\n")
        return world, run
