"""Steering a run through `RunController`: pause, step, inject, edit, watch, fork, follow events."""

from __future__ import annotations

import asyncio
from pathlib import Path

from engine.computer import formats
from engine.sim.options import RunOptions
from tests.sim.test_run_support import all_events, assert_contiguous, make_world, workspace


def _events_of_turn(events, turn):  # type: ignore[no-untyped-def]
    return [e for e in events if e.turn == turn]


async def test_pause_step_edit_inject_and_watch(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), RunOptions(days=2, turns_per_day=20, seed=1))
        # One turn, then the gate closes again.
        await run.step(1)
        assert await run.wait_idle() == "paused"
        assert run.state.turn == 1
        assert (await ws.store.runs.get(run.id)).status == "paused"  # stored, so durable

        # The first file the agent will read, changed by the user before it does.
        events = await all_events(ws, run.id)
        objectives = next(e for e in events if e.kind == "objectives_set").payload["objectives"]
        target = objectives["deliverables"][0]["grounding_files"][0]
        edited = formats.render(
            "docx",
            {
                "title": "Edited",
                "blocks": [{"type": "paragraph", "text": "EDITED: the budget is now £5,100.00."}],
            },
        )
        change = await run.edit_file(target, edited)
        assert change["by"] == "user" and change["change"] == "modified"
        message = await run.inject_message(
            "David Okafor", "Correction to the budget", "Please use £5,100.00, not £4,850.00."
        )
        await run.inject_message("Zoe Newman", "Hello", "I joined the department today.")
        # Someone else's program writes a file while the run is paused: the watcher sees it.
        outside = run.computer_root / "C/Users/mforsythe/Desktop/todo.txt"
        outside.write_text("buy beakers\n", encoding="utf-8")
        watcher = run.runner.watcher
        assert watcher is not None
        for _ in range(100):  # the watcher settles changes after a short debounce
            await asyncio.sleep(0.1)
            if not watcher._queue.empty():
                break
        assert run.state.turn == 1  # nothing ran while paused

        await run.step(1)
        assert await run.wait_idle() == "paused"
        assert run.state.turn == 2
        events = await all_events(ws, run.id)
        note = next(e for e in events if e.kind == "turn_started" and e.turn == 2).payload["note"]
        assert f"New message [{message.id}] from David Okafor" in note
        assert "Zoe Newman" in note
        assert "modified by user" in note and "by outside" in note
        by = {e.payload["by"] for e in events if e.kind == "file_changed" and e.turn == 2}
        assert {"user", "outside"} <= by
        assert "Zoe Newman" in run.state.collaborator_names()

        # A whole day, then the run pauses at the day's end.
        await run.step_day()
        assert await run.wait_idle() == "paused"
        events = await all_events(ws, run.id)
        assert events[-1].kind in ("compaction", "paused") or any(
            e.kind == "day_ended" for e in events[-4:]
        )
        assert run.state.day == 1 and not run.state.day_open

        # The agent read the edited file in its changed form.
        reads = [
            e
            for e in events
            if e.kind == "tool_result" and e.payload["tool"] == "read_file" and e.turn >= 2
        ]
        starts = {e.payload["call_id"]: e for e in events if e.kind == "tool_started"}
        read_target = [
            r
            for r in reads
            if starts[r.payload["call_id"]].payload["arguments"].get("path") == target
        ]
        assert (
            read_target
            and "EDITED: the budget is now £5,100.00" in read_target[0].payload["observation"]
        )
        # ...and noted the injected correction.
        noted = " ".join(e.payload["text"] for e in events if e.kind == "note_written")
        assert message.id in noted

        await run.resume()
        assert await run.wait() == "finished"
        events = await all_events(ws, run.id)
        assert_contiguous(events)
        kinds = [e.kind for e in events]
        # Stepping never changed the stored status: one pause, one resume in the log.
        assert kinds.count("paused") == 1 and kinds.count("resumed") == 1
        assert (run.computer_root / target.replace("C:/", "C/")).read_bytes() == edited


async def test_events_stream_replays_then_follows(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), RunOptions(days=1, turns_per_day=8, watch=False))
        seen = []

        async def follow() -> None:
            async for ev in run.events(since_seq=0):
                seen.append(ev)

        reader = asyncio.create_task(follow())
        await asyncio.sleep(0.1)
        assert [e.kind for e in seen] == ["run_started", "objectives_set"]  # replay first
        await run.start()
        assert await run.wait() == "finished"
        await asyncio.wait_for(reader, 10)
        stored = await all_events(ws, run.id)
        assert [e.seq for e in seen] == [e.seq for e in stored]
        assert seen[-1].kind == "finished"
        later = [e async for e in run.events(since_seq=stored[-5].seq, follow=False)]
        assert [e.seq for e in later] == [e.seq for e in stored[-4:]]


async def test_fork_from_a_past_turn_continues_on_its_own(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        parent = await ws.start_run(str(world), RunOptions(days=2, turns_per_day=12, watch=False))
        await parent.start()
        assert await parent.wait() == "finished"
        events = await all_events(ws, parent.id)
        # A seq in the middle of turn 6: the fork goes back to the end of turn 5.
        mid = next(e for e in events if e.turn == 6 and e.kind == "tool_started").seq
        end_of_5 = max(e.seq for e in events if e.turn == 5)

        child = await ws.fork_run(parent.id, mid)
        assert child.record.parent_run_id == parent.id and child.record.parent_seq == end_of_5
        assert child.state.turn == 5 and child.head_seq == end_of_5
        # Its computer is the parent's as it was after turn 5.
        snap = await ws.store.snapshots.latest_at_or_before(parent.id, end_of_5)
        assert snap is not None
        now = await child.state.computer.snapshot(ws.store.blobs)
        assert {p: e.sha256 for p, e in now.files.items()} == {
            p: e.sha256 for p, e in snap.manifest.files.items()
        }
        parent_files = {
            p: e.sha256
            for p, e in (await parent.state.computer.snapshot(ws.store.blobs)).files.items()
        }

        await child.start()
        assert await child.wait() == "finished"
        own = await ws.store.events.list(child.id, since_seq=0, limit=5000)
        assert own[0].seq == end_of_5 + 1 and own[0].kind == "turn_started" and own[0].turn == 6
        history = await all_events(ws, child.id)
        assert_contiguous(history)
        assert [e.seq for e in history[:end_of_5]] == list(range(1, end_of_5 + 1))
        # The parent's computer did not move.
        again = await parent.state.computer.snapshot(ws.store.blobs)
        assert {p: e.sha256 for p, e in again.files.items()} == parent_files
        assert child.computer_root != parent.computer_root


async def test_a_user_edits_cells_of_a_workbook(tmp_path: Path) -> None:
    from engine.computer.formats.xlsx import CellEdit

    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), RunOptions(days=1, turns_per_day=4, watch=False))
        book = "C:/Users/mforsythe/Documents/Teaching/2024/Year 10/Mark book 10C.xlsx"
        change = await run.edit_cells(book, [CellEdit(cell="B2", value=99)])
        assert change["by"] == "user" and change["change"] == "modified"
        text = formats.extract(run.computer_root / book.replace("C:/", "C/")).text
        assert "99" in text
        events = await all_events(ws, run.id)
        assert events[-1].kind == "file_changed" and events[-1].turn == 1
        await run.close()
