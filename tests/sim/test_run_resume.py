"""A run killed with SIGKILL in the middle of a turn, then resumed: no turn lost or repeated,
the files back to their state after the last stored turn, the open turn's model call reused."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from engine.sim.lock import RunBusy
from engine.sim.options import RunOptions
from tests.sim.test_run_support import all_events, assert_contiguous, make_world, workspace

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from engine.sim.options import RunOptions
    from engine.sim.tools.documents import WriteDocument
    from tests.sim.test_run_support import workspace

    original = WriteDocument.run

    async def write_then_hang(self, env, params):
        outcome = await original(self, env, params)
        print("WROTE", params.path, flush=True)  # on disk, but its turn is not stored yet
        await asyncio.sleep(600)
        return outcome

    WriteDocument.run = write_then_hang

    async def main():
        async with workspace(Path(sys.argv[1])) as ws:
            run = await ws.start_run(sys.argv[2], RunOptions(days=2, turns_per_day=20, watch=False))
            print("RUN", run.id, flush=True)
            await run.start()
            await run.wait()

    asyncio.run(main())
    """
)


def _read_line(proc: subprocess.Popen[str], prefix: str, deadline: float) -> str:
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(
        f"the child never printed {prefix!r}: {proc.stderr.read() if proc.stderr else ''}"
    )


async def test_sigkill_mid_turn_then_resume(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    ws_path = tmp_path / "ws"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SYNTHCOMP_", "OPENAI_"))}
    env["PYTHONPATH"] = str(ROOT)
    proc = await asyncio.to_thread(
        subprocess.Popen,
        [sys.executable, "-c", CHILD, str(ws_path), str(world)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        run_id = (await asyncio.to_thread(_read_line, proc, "RUN ", deadline)).split()[1]
        wrote = (await asyncio.to_thread(_read_line, proc, "WROTE ", deadline)).split(" ", 1)[1]
        # While the child drives the run, nobody else may resume it (or touch its files).
        async with workspace(ws_path) as ws:
            with pytest.raises(RunBusy, match="being run by another process"):
                await ws.resume_run(run_id)
        os.kill(proc.pid, signal.SIGKILL)
        await asyncio.to_thread(proc.wait, 30)
    finally:
        if proc.poll() is None:
            proc.kill()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL

    async with workspace(ws_path) as ws:
        before = await all_events(ws, run_id)
        assert_contiguous(before)
        stored_turn = max(e.turn for e in before if e.kind == "turn_started")
        rec = await ws.store.runs.get(run_id)
        assert rec.status == "running"  # it died running; nothing marked it otherwise
        computer = Path(rec.path or "") / "computer"
        half = computer / wrote.replace("C:/", "C/", 1)
        assert half.is_file()  # the killed turn's write reached the disk...

        run = await ws.resume_run(run_id)
        assert not half.exists()  # ...and is undone: the files are as after the last stored turn
        snap = await ws.store.snapshots.latest_at_or_before(run_id, rec.head_seq)
        assert snap is not None
        now = await run.state.computer.snapshot(ws.store.blobs)
        assert {p: e.sha256 for p, e in now.files.items()} == {
            p: e.sha256 for p, e in snap.manifest.files.items()
        }
        # ...and, read from the log itself, every file the stored turns wrote has its content.
        last_write = {e.payload["path"]: e.payload for e in before if e.kind == "file_changed"}
        assert last_write
        for path, change in last_write.items():
            disk = computer / path.replace("C:/", "C/", 1)
            if change["change"] == "deleted":
                assert not disk.exists()
            else:
                assert hashlib.sha256(disk.read_bytes()).hexdigest() == change["sha256"], path
        assert run.state.turn == stored_turn and run.head_seq == rec.head_seq

        await run.start()
        assert await run.wait() == "finished"
        after = await all_events(ws, run_id)

    assert_contiguous(after)
    assert after[: len(before)] == before  # nothing stored was rewritten
    resumed_turn = stored_turn + 1
    calls = [e for e in after if e.kind == "model_call" and e.turn == resumed_turn]
    assert calls and calls[0].payload.get("reused") is True  # the answered call was not paid twice
    assert "resumed" in [e.kind for e in after]
    assert half.is_file()  # the turn ran again, this time to its end
    assert any(
        e.kind == "file_changed"
        and e.turn == resumed_turn
        and e.payload["path"].endswith(half.name)
        for e in after
    )


async def test_resume_of_a_stopped_run_goes_on_from_the_next_turn(tmp_path: Path) -> None:
    world = make_world(tmp_path)
    async with workspace(tmp_path / "ws") as ws:
        run = await ws.start_run(str(world), RunOptions(days=1, turns_per_day=12, watch=False))
        await run.step(3)
        await run.wait_idle()
        await run.stop()
        assert run.status == "stopped"
        again = await ws.resume_run(run.id)
        assert again.state.turn == 3
        await again.start()
        assert await again.wait() == "finished"
        events = await all_events(ws, run.id)
    assert_contiguous(events)
    assert [e.kind for e in events].count("stopped") == 1
