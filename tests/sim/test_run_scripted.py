"""A whole run with the scripted backend: objectives, turns, collaborators, files, the log."""

from __future__ import annotations

import hashlib
from pathlib import Path

from engine.computer import formats
from engine.sim.options import RunOptions
from tests.sim.test_run_support import (
    SAMPLE,
    all_events,
    assert_contiguous,
    comparable,
    make_world,
    workspace,
)

OPTIONS = RunOptions(days=3, turns_per_day=30, seed=5, watch=False)


async def test_a_short_run_does_the_work(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), OPTIONS)
        assert run.status == "created"
        await run.start()
        assert await run.wait() == "finished"
        events = await all_events(ws, run.id)
        rec = await ws.store.runs.get(run.id)

    assert rec.status == "finished" and rec.head_seq == events[-1].seq
    assert_contiguous(events)
    assert [e.kind for e in events[:2]] == ["run_started", "objectives_set"]
    assert events[-1].kind == "finished"
    assert sum(e.kind == "day_started" for e in events) == 3
    assert sum(e.kind == "day_ended" for e in events) == 3

    # Deliverables went in, as real files on the run's computer that read back.
    submitted = [e.payload for e in events if e.kind == "deliverable_submitted"]
    assert submitted
    computer = run.computer_root
    for sub in submitted:
        for path in sub["files"]:
            disk = computer / path.replace("C:/", "C/", 1)
            assert disk.is_file(), path
            assert not formats.extract(disk).error
    # ...built from what the agent read: a figure of the mark book is in its workbook.
    reads = [
        e.payload["arguments"]["path"]
        for e in events
        if e.kind == "tool_started" and e.payload["tool"] == "read_file"
    ]
    assert any("Mark book" in p for p in reads)

    # Collaborators answered in threads, later than the question was sent.
    sent = {e.payload["id"]: e for e in events if e.kind == "message_sent"}
    replies = [
        e for e in events if e.kind == "message_received" and e.payload.get("in_reply_to") in sent
    ]
    assert replies
    for r in replies:
        asked = sent[r.payload["in_reply_to"]]
        assert r.payload["deliver_at_turn"] > asked.turn
        assert r.payload["action"]["collaborator"] == r.actor
    # The agent kept notes, and the clock moved through each day.
    assert any(e.kind == "note_written" for e in events)
    times = [e.payload["time"] for e in events if e.kind == "turn_started" and e.day == 1]
    assert times[0] == "09:00" and times == sorted(times) and times[-1] > "09:00"
    # Every tool call has a start before its result, and the agent files changes as its own.
    started = [e.payload["call_id"] for e in events if e.kind == "tool_started"]
    results = [
        e.payload["call_id"] for e in events if e.kind == "tool_result" and e.payload["call_id"]
    ]
    assert started == results
    assert any(e.kind == "file_changed" and e.payload["by"] == "agent" for e in events)
    # Snapshots: the first batch, every file-changing turn, each day end.
    snaps = await _snapshots(tmp_path / "ws", run.id)
    day_ends = [
        e.seq for e in events if e.kind == "compaction" and e.payload["reason"] == "day_end"
    ]
    assert snaps[0] == 2
    assert all(any(s >= d for s in snaps) for d in day_ends)


async def _snapshots(ws_path: Path, run_id: str) -> list[int]:
    async with workspace(ws_path) as ws:
        return [s.seq for s in await ws.store.snapshots.list(run_id=run_id)]


async def test_the_same_seed_gives_the_same_log(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    logs = []
    for name in ("a", "b"):
        async with workspace(tmp_path / name) as ws:
            run = await ws.start_run(
                str(world), RunOptions(days=2, turns_per_day=12, seed=9, watch=False)
            )
            await run.start()
            assert await run.wait() == "finished"
            logs.append(comparable(await all_events(ws, run.id)))
    assert len(logs[0]) > 40
    assert logs[0] == logs[1]


async def test_a_sample_world_runs(tmp_path: Path) -> None:
    """The hand-curated adviser, when this checkout has it built."""
    import pytest

    if not (SAMPLE / ".synthcomp" / "world.json").is_file():
        pytest.skip("sample_worlds/wealth_adviser_edinburgh is not built in this checkout")
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(SAMPLE), RunOptions(days=2, turns_per_day=25, watch=False))
        await run.start()
        assert await run.wait() == "finished"
        events = await all_events(ws, run.id)
    assert_contiguous(events)
    assert any(e.kind == "deliverable_submitted" for e in events)


async def test_objectives_from_a_file_are_used_as_written(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        first = await ws.start_run(str(world), RunOptions(days=1, turns_per_day=3, watch=False))
        written = first.run_dir / "objectives.yaml"
        assert written.is_file()
        second = await ws.start_run(
            str(world), RunOptions(days=1, turns_per_day=3, objectives=str(written), watch=False)
        )
        a = next(e for e in await all_events(ws, first.id) if e.kind == "objectives_set")
        b = next(e for e in await all_events(ws, second.id) if e.kind == "objectives_set")
        assert a.payload["source"] == "objectives agent"
        assert b.payload["source"] == f"file:{written}"
        assert a.payload["objectives"] == b.payload["objectives"]
        assert second.state.objectives == first.state.objectives
        worlds = await ws.store.worlds.list()
        assert len(worlds) == 1  # the world folder was imported once, then reused
        await first.close()
        await second.close()


async def test_an_injected_attachment_lands_and_is_announced(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), RunOptions(days=1, turns_per_day=6, watch=False))
        host_file = tmp_path / "price list.csv"
        host_file.write_text("item,price\nbeaker,2.40\n", encoding="utf-8")
        msg = await run.inject_message(
            "Priya Shah",
            "Price list",
            "Here are this term's prices.",
            [host_file, ("C/Users/mforsythe/Documents/Department/quote.txt", b"Quote: 12.40 GBP")],
        )
        assert msg.attachments == [
            "C:/Users/mforsythe/Downloads/price list.csv",
            "C:/Users/mforsythe/Documents/Department/quote.txt",
        ]
        assert (run.computer_root / "C/Users/mforsythe/Downloads/price list.csv").is_file()
        await run.step(1)
        await run.wait_idle()
        events = await all_events(ws, run.id)
        changed = [e for e in events if e.kind == "file_changed" and e.actor == "Priya Shah"]
        assert len(changed) == 2 and all(e.turn == 1 for e in changed)
        note = next(e for e in events if e.kind == "turn_started").payload["note"]
        assert "Attached (now on your computer)" in note and "price list.csv" in note
        await run.close()


async def test_downloads_hold_one_copy_of_each_file_sent(tmp_path: Path) -> None:
    """A file a collaborator sends again (a scheduled share of what they already sent on
    request) points at the copy in Downloads: no 'name (1).xlsx' with the same bytes, also
    when the run was stopped and resumed in between."""
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), OPTIONS)
        while not (run.state.day == 2 and not run.state.day_open):
            await run.step(1)
            await run.wait_idle()
        await run.stop()
        run = await ws.resume_run(run.id)
        await run.start()
        assert await run.wait() == "finished"
        events = await all_events(ws, run.id)
        root = run.computer_root

    received = [e for e in events if e.kind == "message_received" and e.payload.get("action")]
    sent = [(e, f) for e in received for f in e.payload["action"]["sent_files"]]
    again = [(e, f) for e, f in sent if f["already_there"]]
    assert again and all(e.day == 3 for e, _ in again)  # after the resume
    first_path = {f["sha256"]: f["path"] for _, f in reversed(sent)}
    for e, f in again:
        assert e.payload["attachments"] == [f["path"]] and first_path[f["sha256"]] == f["path"]
    downloads = [p for p in (root / "C/Users/mforsythe/Downloads").iterdir() if p.is_file()]
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in downloads]
    assert len(digests) == len(set(digests)), sorted(p.name for p in downloads)
    # the same bytes delivered again leave the file alone: no 'modified' event for them
    for e, f in again:
        assert not [
            c
            for c in events
            if c.kind == "file_changed" and c.seq > e.seq and c.day == e.day
            and c.payload["sha256"] == f["sha256"]
        ]  # fmt: skip
