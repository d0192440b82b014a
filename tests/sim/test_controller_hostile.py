"""A model that gets everything wrong: online feedback, a bounded error streak, a resumable pause.
And an engine bug: the one thing that marks a run failed."""

from __future__ import annotations

import re
from pathlib import Path

from engine.llm.scripted import Reply, ScriptedRequest
from engine.sim.options import WORK_PURPOSE, RunOptions
from tests.sim.test_run_support import all_events, assert_contiguous, make_world, workspace

_TURN = re.compile(r"turn (\d+);")


def turn_of(request: ScriptedRequest) -> int:
    for m in reversed(request.messages):
        text = str(m.get("content") or "")
        if m.get("role") == "user" and text.startswith("["):
            hit = _TURN.search(text)
            if hit:
                return int(hit.group(1))
    return 0


def hostile(request: ScriptedRequest) -> Reply:
    """Turn by turn: each kind of mistake once, one good call, then errors without end."""
    turn = turn_of(request)
    if turn == 1:
        return Reply.call("teleport", {"to": "the moon"})
    if turn == 2:
        return Reply.call("read_file", '{"path": "C/Users/mforsythe/Documents/')  # cut-off JSON
    if turn == 3:
        return Reply.call("read_file", {"path": "../../../../etc/passwd"})
    if turn == 4:
        return Reply.call(
            "write_document",
            {
                "path": "C/Users/mforsythe/x.docx",
                "spec": {"blocks": [{"type": "heading", "level": 9}]},
            },
        )
    if turn == 5:
        return Reply.text("I think the work is going well.")
    if turn == 6:
        return Reply.call("tree", {"path": ".", "depth": 2})
    return Reply.call("read_file", {"path": "/etc/shadow"})


async def test_mistakes_are_fed_back_then_the_run_pauses_and_resumes(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        ws.llm().policy.register_tools(WORK_PURPOSE, hostile)
        run = await ws.start_run(
            str(world), RunOptions(days=1, turns_per_day=40, max_error_streak=8, watch=False)
        )
        await run.start()
        assert await run.wait_idle() == "paused"
        assert run.state.turn == 6 + 8  # one good turn resets the streak; 8 bad ones pause
        rec = await ws.store.runs.get(run.id)
        assert rec.status == "paused"
        assert rec.status_reason and "8 turns all failed" in rec.status_reason
        assert "Resume" in rec.status_reason and "Traceback" not in rec.status_reason

        events = await all_events(ws, run.id)
        results = {e.turn: e.payload for e in events if e.kind == "tool_result"}
        assert (
            results[1]["error_kind"] == "unknown_tool" and "teleport" in results[1]["observation"]
        )
        assert results[2]["error_kind"] == "bad_json"
        assert results[3]["error_kind"] == "path_outside"
        assert results[4]["error_kind"] == "bad_arguments"
        assert results[5]["error_kind"] == "no_tool_call" and results[5]["call_id"] == ""
        assert results[6]["ok"] is True
        assert all(results[t]["error_kind"] == "path_outside" for t in range(7, 15))
        for t in range(1, 6):
            assert "How to fix" in results[t]["observation"]
        # The feedback reached the model: turn 2's prompt holds turn 1's error as a tool result.
        call = await ws.store.model_calls.find_completed(run.id, 2, 0)
        assert call is not None
        assert any(
            m.get("role") == "tool" and "teleport" in str(m.get("content"))
            for m in call.request["messages"]
        )
        assert events[-1].kind == "paused"

        # A better model arrives: the run goes on from the next turn.
        ws.llm().policy.register_tools(
            WORK_PURPOSE, lambda r: Reply.call("end_day", {"summary": "Recovered; done for today."})
        )
        await run.resume()
        assert await run.wait() == "finished"
        events = await all_events(ws, run.id)
        assert_contiguous(events)
        assert run.state.turn == 15


async def test_an_engine_bug_fails_the_run_with_its_reason_and_resume_goes_on(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from engine.sim.tools.browse import ReadFile

    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), RunOptions(days=1, turns_per_day=10, watch=False))

        async def broken(self, env, params):  # type: ignore[no-untyped-def]
            raise RuntimeError("the extractor lost its mind")

        monkeypatch.setattr(ReadFile, "run", broken)
        await run.start()
        assert await run.wait() == "failed"
        rec = await ws.store.runs.get(run.id)
        assert rec.status == "failed"
        assert "RuntimeError: the extractor lost its mind" in (rec.status_reason or "")
        events = await all_events(ws, run.id)
        assert events[-1].kind == "failed"
        failed_at = run.state.turn  # the turn that failed was not stored
        monkeypatch.undo()

        again = await ws.resume_run(run.id)
        assert again.status == "failed" and again.state.turn == failed_at
        await again.start()
        assert await again.wait() == "finished"
        events = await all_events(ws, run.id)
        assert_contiguous(events)
        assert "resumed" in [e.kind for e in events]
