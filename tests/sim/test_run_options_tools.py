"""A run given a subset of the tools, and a paused run resumed by a new controller."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.sim.controller import RunError
from engine.sim.options import RunOptions
from tests.sim.test_run_support import all_events, assert_contiguous, make_world, workspace

PLAIN = ["list_dir", "read_file", "write_text", "send_message", "end_day"]


async def test_a_run_offers_only_the_tools_it_is_given(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(
            str(world), RunOptions(days=1, turns_per_day=3, watch=False, tools=PLAIN)
        )
        try:
            assert [s.name for s in run.runner.specs] == PLAIN  # in their usual order
            await run.step(1)
            await run.wait_idle()
            calls = await ws.store.model_calls.list(run_id=run.id, limit=100)
            call = next(c for c in calls if c.purpose == "work_turn")
            sent = (await ws.store.model_calls.get(call.id)).request
            assert [t["function"]["name"] for t in sent["tools"]] == PLAIN
        finally:
            await run.close()
        # Stored with the run: a resumed run offers the same tools.
        again = await ws.resume_run(run.id)
        try:
            assert [s.name for s in again.runner.specs] == PLAIN
        finally:
            await again.close()


async def test_an_unknown_tool_name_is_refused_before_a_run_exists(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        with pytest.raises(RunError, match=r"no tool named 'read_minds'.*read_file"):
            await ws.start_run(str(world), RunOptions(tools=["read_file", "read_minds"]))
        assert await ws.store.runs.list() == []


async def test_a_paused_run_resumed_by_a_new_controller_says_so_once(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), RunOptions(days=1, turns_per_day=3, watch=False))
        await run.step(1)
        assert await run.wait_idle() == "paused"
        await run.close()

        again = await ws.resume_run(run.id)
        try:
            await again.resume()
            assert await again.wait() == "finished"
        finally:
            await again.close()
        events = await all_events(ws, run.id)
        assert_contiguous(events)
        resumed = [e for e in events if e.kind == "resumed"]
        assert [e.payload["reason"] for e in resumed] == ["resumed from paused"]


async def test_the_plain_tool_set_names_real_tools(tmp_path: Path) -> None:
    from engine.sim.options import PLAIN_TOOLS

    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(
            str(world), RunOptions(days=1, turns_per_day=2, watch=False, tools=list(PLAIN_TOOLS))
        )
        try:
            assert sorted(s.name for s in run.runner.specs) == sorted(PLAIN_TOOLS)
        finally:
            await run.close()
