"""What the run screen costs on a long run: measured with Textual's pilot, asserted nowhere.

Run: .venv/bin/python benchmarks/tui.py [--turns 10000]

1. A run of 10,000 stored turns (synthetic events appended straight through the
   store, one `append_turn` per turn as the engine commits them) of the sample
   world.
2. Time to first frame of the run screen: from `open_run` to the screen's first
   refresh (the frame shows before the log is read), and the time to replay the
   whole stored log into the view.
3. Appending turns while the screen is open (through the store, as another
   process driving the run would): per turn, the time until the turn stream
   shows it (dominated by the poll interval, printed), and how many redraws a
   burst of turns cost (the stream redraws at most 20 times a second).
4. Responsiveness while turns stream in: the time a key press (cursor up)
   takes to move the stream's cursor.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.config import Settings
from engine.store import NewEvent
from engine.synth.world import import_world
from engine.workspace import Workspace
from tests.tui.support import SAMPLE, built_samples, write_run
from tui.app import SynthcompApp
from tui.screens.run import RunScreen
from tui.widgets.turn_stream import TurnStream


async def until(pilot, check, limit: float = 60.0) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > limit:
            raise TimeoutError("gave up waiting")
        await pilot.pause(0.002)
    return time.perf_counter() - start


def turn_events(day: int, turn: int, n: int) -> list[NewEvent]:
    return [
        NewEvent(kind="turn_started", actor="engine", day=day, turn=turn,
                 payload={"turn": turn, "day": day}),
        NewEvent(kind="model_call", actor="agent", day=day, turn=turn,
                 payload={"call_id": None, "purpose": "work_turn", "status": "ok",
                          "prompt_tokens": 3000, "completion_tokens": 80}),
        NewEvent(kind="tool_started", actor="agent", day=day, turn=turn,
                 payload={"call_id": f"b{n}", "tool": "read_file", "arguments": {"path": "a.txt"}}),
        NewEvent(kind="tool_result", actor="engine", day=day, turn=turn,
                 payload={"call_id": f"b{n}", "tool": "read_file", "ok": True, "observation": "ok"}),
    ]  # fmt: skip


async def main(turns: int, appended: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="synthcomp-bench-tui-"))
    settings = Settings.resolve(workspace=tmp / "ws", env={})
    started = time.perf_counter()
    async with await Workspace.open(settings.workspace, settings) as ws:
        world = await import_world(ws, built_samples(tmp / "samples") / SAMPLE)
        run = await write_run(ws.store, world, ws.runs_dir, turns=turns, status="running")
        events = await ws.store.events.count(run.id)
    (settings.workspace / ".samples-imported").write_text("bench\n")
    print(f"stored run: {turns:,} turns, {events:,} events in {time.perf_counter() - started:.1f}s")

    app = SynthcompApp(settings, sample_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.reader is not None)
        await app.workers.wait_for_complete()
        t0 = time.perf_counter()
        app.open_run(run.id)
        await until(pilot, lambda: isinstance(app.screen, RunScreen) and app.screen.first_frame_s)
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.first_frame_s and screen.settled_s
        first_frame = screen.created_at + screen.first_frame_s - t0
        settled = screen.created_at + screen.settled_s - t0
        await until(pilot, lambda: screen.loaded)
        loaded = time.perf_counter() - t0
        stream = screen.query_one(TurnStream)
        print(f"run screen: first frame drawn {first_frame * 1000:.0f} ms after open_run, "
              f"settled (no work queued) at {settled * 1000:.0f} ms; the whole log in the view "
              f"at {loaded * 1000:.0f} ms (reading and folding it: {screen.log_load_s * 1000:.0f} ms); "
              f"{len(stream.view):,} rows, {len(stream.children)} child widgets in the stream")  # fmt: skip

        # -- appending turns while it is open ------------------------------------
        assert app.workspace is not None
        store = app.workspace.store
        day = screen.runlog.day
        turn = screen.runlog.turn
        latencies = []
        for i in range(appended):
            turn += 1
            seq = (await store.events.last_seq(run.id)) + 1
            rows_before = len(stream.view)
            await store.events.append_turn(run.id, turn_events(day, turn, i), expected_seq=seq)
            t = time.perf_counter()
            await until(pilot, lambda rb=rows_before: len(stream.view) > rb, limit=10)
            latencies.append(time.perf_counter() - t)
        latencies.sort()
        print(f"append a turn -> visible in the stream: median {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {latencies[int(0.95 * len(latencies)) - 1] * 1000:.0f} ms over {appended} turns "
              f"(store polled every {app.poll_interval * 1000:.0f} ms when no controller runs here)")  # fmt: skip

        # a burst: 200 turns appended as fast as the store takes them
        redraws = stream.redraws
        burst_start = time.perf_counter()
        key_latency = []
        for i in range(200):
            turn += 1
            seq = (await store.events.last_seq(run.id)) + 1
            await store.events.append_turn(
                run.id, turn_events(day, turn, 10_000 + i), expected_seq=seq
            )
            if i % 40 == 0:
                before = stream.cursor
                t = time.perf_counter()
                stream.focus()
                await pilot.press("up")
                await until(pilot, lambda b=before: stream.cursor != b, limit=5)
                key_latency.append(time.perf_counter() - t)
        await until(pilot, lambda: screen.runlog.turn == turn, limit=20)
        burst = time.perf_counter() - burst_start
        print(f"burst of 200 turns in {burst:.2f}s: {stream.redraws - redraws} stream redraws; "
              f"a key press moved the cursor in {max(key_latency) * 1000:.0f} ms at worst")  # fmt: skip
    print(f"(workspace left in {tmp})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=10_000)
    parser.add_argument("--appended", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.turns, args.appended))
