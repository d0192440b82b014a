"""The local backend end to end: a small world, a short run, and a server killed mid-run.

Everything here goes through the real SmolLM2-135M on llama-cpp-python's server, as a
user's `--backend local` would: world creation through `create_world`, a run through
`Workspace.start_run` and its `RunController`. The model's content is poor; the point is
that the engine gets through with it (bounded repairs, plain failures, nothing hung),
that what it relies on validates into the engine's models, and that every call is
stored with the request that was really sent and the reply that really came back.

The world is created once for the module (it is what takes longest). The runs use a
hand-curated sample world instead, so that what they prove does not depend on what the
small model happened to plan, and offer the agent the plain tools only (the Office
writers' schemas are thousands of prompt tokens that a 135M model on two cores reads
for a minute before its first turn).
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from engine.computer import formats
from engine.config import ModelSettings, Settings
from engine.schema.objectives import Objectives
from engine.schema.plans import ArtifactPlanSet, FolderPlan, WorldManifest
from engine.schema.profile import UserProfile
from engine.sim.controller import RunController
from engine.sim.options import PLAIN_TOOLS, RunOptions
from engine.store import EventRecord, ModelCallRecord, WorldRecord
from engine.synth.pipeline import Progress, WorldCreationFailed, create_world, resume_world
from engine.synth.world import load_world
from engine.workspace import Workspace
from tests.llm.conftest import alive, realmodel

pytestmark = [pytest.mark.realmodel, pytest.mark.slow, realmodel]

MODEL = ModelSettings(backend="local", model="local", validation_retries=2, timeout_s=300)
SAMPLE = Path(__file__).resolve().parents[2] / "sample_worlds" / "wealth_adviser_edinburgh"
PERSONA = "A bookkeeper at a family bakery in Leeds who keeps the accounts and the payroll."


def settings(root: Path) -> Settings:
    return Settings(workspace=root, model=MODEL)


async def all_events(ws: Workspace, run_id: str) -> list[EventRecord]:
    return await ws.store.events.history(run_id, since_seq=0, limit=10_000)


async def calls_of(ws: Workspace, **scope: Any) -> list[ModelCallRecord]:
    infos = await ws.store.model_calls.list(limit=1_000, **scope)
    return [await ws.store.model_calls.get(i.id) for i in infos]


def assert_real_call(rec: ModelCallRecord) -> None:
    """A call recorded as sent to the local server and answered by it (not scripted)."""
    assert rec.backend == "local" and rec.model == "SmolLM2-135M-Instruct.Q4_1"
    assert rec.request["model"] == rec.model and rec.request["messages"]
    assert rec.status in ("ok", "invalid", "truncated"), (rec.status, rec.error)
    assert rec.response is not None and rec.response["object"] == "chat.completion"
    assert rec.response["choices"][0]["message"]["role"] == "assistant"
    assert rec.response["model"] == rec.model  # the alias the server was started with
    assert rec.prompt_tokens > 0 and rec.latency_ms > 0


# -- a small world -------------------------------------------------------------------------


@dataclass
class Created:
    root: Path  # the workspace
    record: WorldRecord | None
    failure: WorldCreationFailed | None
    progress: list[Progress]


@pytest.fixture(scope="module")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Created]:
    """One world of a handful of files, created with the real model (once per module)."""
    root = tmp_path_factory.mktemp("local-world") / "ws"
    progress: list[Progress] = []

    async def create() -> Created:
        async with await Workspace.open(settings=settings(root)) as ws:
            try:
                record = await create_world(
                    ws, PERSONA, seed=7, files=6, concurrency=2, on_progress=progress.append
                )
            except WorldCreationFailed as failed:
                return Created(root, None, failed, progress)
            return Created(root, record, None, progress)

    yield asyncio.run(create())


async def test_a_small_world_is_created_end_to_end_with_every_call_stored(
    small_world: Created,
) -> None:
    assert small_world.failure is None, str(small_world.failure)
    record = small_world.record
    assert record is not None
    world_root = Path(record.path)
    # What the engine relies on is its own models, validated again from world.json.
    manifest = await asyncio.to_thread(load_world, world_root)
    assert isinstance(manifest, WorldManifest)
    UserProfile.model_validate(manifest.profile.model_dump())
    FolderPlan.model_validate(manifest.folders.model_dump())
    ArtifactPlanSet.model_validate(
        manifest.artifacts.model_dump(), context={"folder_plan": manifest.folders}
    )
    assert record.meta["owner"] == manifest.profile.identity.full_name
    stages = {p.stage for p in small_world.progress}
    assert {"profile", "folders", "artifacts", "files", "done"} <= stages

    async with await Workspace.open(settings=settings(small_world.root)) as ws:
        files = record.meta["files"]
        assert files["planned"] == len(manifest.files) >= 1
        written = [p for p, f in manifest.files.items() if f.status == "written"]
        failed = [p for p, f in manifest.files.items() if f.status == "failed"]
        assert files["written"] == len(written) and files["failed"] == len(failed)
        assert len(written) + len(failed) == len(manifest.files)
        assert written, f"no file was written: {record.meta.get('failed')}"
        # Real files, that the engine's own readers read back.
        for path in written:
            on_disk = world_root / path
            assert on_disk.is_file() and on_disk.stat().st_size == manifest.files[path].size
            extracted = await asyncio.to_thread(formats.extract, on_disk)
            assert extracted.error is None, (path, extracted.error)
        if failed:
            # A file that failed after its bounded repairs is listed, with why, and is
            # made again by resume_world (which asks the model again).
            assert record.meta["status"] == "incomplete"
            assert {f["path"] for f in record.meta["failed"]} == set(failed)
            assert all(f["error"] for f in record.meta["failed"])
            before = len(await ws.store.model_calls.list(world_id=record.id, limit=1_000))
            again = await resume_world(ws, record.slug)
            retried = await ws.store.model_calls.list(world_id=record.id, limit=1_000)
            assert {c.purpose for c in retried[before:]} <= {
                f"synth.content.{manifest.artifacts.get(p).kind}"  # type: ignore[union-attr]
                for p in failed
            }
            assert len(retried) > before
            assert again.meta["files"]["written"] >= len(written)
        else:
            assert record.meta["status"] == "complete"

        # Every call: the request as sent (a json_object with the lean schema) and the raw reply.
        calls = await calls_of(ws, world_id=record.id)
        purposes = [c.purpose for c in calls]
        assert purposes[0] == "synth.profile"
        assert {"synth.profile", "synth.folders", "synth.artifacts"} <= set(purposes)
        assert any(p.startswith("synth.content.") for p in purposes)
        for rec in calls:
            assert_real_call(rec)
            fmt = rec.request["response_format"]
            assert fmt["type"] == "json_object" and fmt["schema"]["type"] == "object"
            assert rec.request["max_tokens"] > 0  # never unbounded
            if rec.status == "invalid":
                assert rec.error  # what was fed back
            else:
                assert rec.error is None


# -- a short run ---------------------------------------------------------------------------


def objectives_for(manifest: WorldManifest) -> Objectives:
    """One small deliverable for the sample world's owner, asked by a real colleague."""
    boss = manifest.profile.collaborators[0]
    return Objectives.model_validate(
        {
            "summary": "A short note for the team on this week's client reviews.",
            "deliverables": [
                {
                    "id": "DLV_001",
                    "title": "Client review note",
                    "requester": boss.name,
                    "description": "A short note listing the client reviews due this week.",
                    "due_day": 1,
                    "expected_outputs": [
                        {
                            "kind": "txt",
                            "folder": manifest.profile.filesystem.documents,
                            "description": "the note",
                        }
                    ],
                    "rubric": [
                        {
                            "id": "DLV_001.R01",
                            "text": "Lists the client reviews due this week",
                            "points": 2,
                            "source": "spec",
                            "visibility": "initially_communicated",
                        },
                        {
                            "id": "DLV_001.R02",
                            "text": "Names each client as in the files",
                            "points": 2,
                            "source": "reference",
                            "visibility": "initially_communicated",
                        },
                        {
                            "id": "DLV_001.R03",
                            "text": "Fits on one page",
                            "points": 1,
                            "source": "quality",
                            "visibility": "only_at_review",
                        },
                    ],
                }
            ],
            "collaborators": [
                {
                    "name": boss.name,
                    "role": boss.role,
                    "email": boss.email,
                    "communication_style": boss.communication_style,
                }
            ],
        }
    )


async def start_short_run(ws: Workspace, turns: int) -> RunController:
    """A run of the sample world: one day of `turns` turns, with the plain tools."""
    return await ws.start_run(
        str(SAMPLE),
        RunOptions(days=1, turns_per_day=turns, seed=1, watch=False, tools=list(PLAIN_TOOLS)),
        objectives=objectives_for(await asyncio.to_thread(load_world, SAMPLE)),
    )


async def assert_turns_stored(ws: Workspace, run_id: str, turns: int) -> list[EventRecord]:
    """Each turn's events are in the log, and its model call has its real request and reply."""
    events = await all_events(ws, run_id)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))  # no gap in seq
    for turn in range(1, turns + 1):
        mine = [e for e in events if e.turn == turn]
        kinds = [e.kind for e in mine]
        assert kinds.count("turn_started") == 1, (turn, kinds)
        assert "tool_result" in kinds, (turn, kinds)
        [call] = [e for e in mine if e.kind == "model_call" and e.actor == "agent"]
        assert call.payload["call_id"] is not None and not call.payload.get("reused")
        rec = await ws.store.model_calls.get(call.payload["call_id"])
        assert_real_call(rec)
        assert rec.run_id == run_id and rec.turn == turn and rec.purpose == "work_turn"
        sent = rec.request
        assert sent["messages"][0]["role"] == "system"
        assert sorted(t["function"]["name"] for t in sent["tools"]) == sorted(PLAIN_TOOLS)
        assert f"turn {turn};" in sent["messages"][-1]["content"]  # this turn's note
        assert call.payload["status"] == rec.status  # the event tells the stored outcome
    return events


async def test_a_short_run_stores_every_turn_with_its_real_request_and_response(
    tmp_path: Path,
) -> None:
    async with await Workspace.open(settings=settings(tmp_path / "ws")) as ws:
        run = await start_short_run(ws, turns=3)
        try:
            await run.start()
            status = await run.wait()
        finally:
            await run.close()
        assert status == "finished", run.reason
        events = await assert_turns_stored(ws, run.id, 3)
        assert events[-1].kind == "finished"
        assert (await ws.store.runs.get(run.id)).head_seq == events[-1].seq


async def test_a_server_killed_mid_run_pauses_it_plainly_and_the_run_resumes(
    tmp_path: Path,
) -> None:
    async with await Workspace.open(settings=settings(tmp_path / "ws")) as ws:
        server = ws.llm().server
        assert server is not None
        run = await start_short_run(ws, turns=3)
        try:
            await run.start()
            # Turn 1 goes through; then the server is killed while turn 2's call is in flight.
            while run.state.turn < 1:
                assert run.running, run.reason
                await asyncio.sleep(0.05)
            killed = server.pid
            assert killed is not None
            while not await in_flight(ws, run.id, turn=2):
                assert run.running and run.status == "running", run.reason
                await asyncio.sleep(0.02)
            os.kill(killed, signal.SIGKILL)
            status = await run.wait_idle()
            reason = run.reason or ""
            head = run.head_seq
        finally:
            await run.close()

        assert status == "paused"
        assert "local model server" in reason and "SIGKILL" in reason, reason
        assert "\n" not in reason and len(reason) < 1_000
        kept = await all_events(ws, run.id)
        assert kept[-1].kind == "paused" and kept[-1].seq == head
        assert {e.turn for e in kept if e.kind == "turn_started"} == {1}  # turn 1 kept whole
        assert not alive(killed)

        # The same workspace's model starts its server again on the next call.
        resumed = await ws.resume_run(run.id)
        try:
            await resumed.resume()
            status = await resumed.wait()
        finally:
            await resumed.close()
        assert status == "finished", resumed.reason
        assert server.pid not in (None, killed)
        events = await assert_turns_stored(ws, run.id, 3)
        assert events[: len(kept)] == kept  # what was stored before the kill is untouched
        assert [e.kind for e in events].count("resumed") == 1


async def in_flight(ws: Workspace, run_id: str, *, turn: int) -> bool:
    """Whether a model call of this turn is recorded as sent and not yet answered."""
    calls = await ws.store.model_calls.list(run_id=run_id, limit=1_000)
    return any(c.turn == turn and c.status == "pending" for c in calls)
