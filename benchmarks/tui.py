"""What the run screen costs on a long run: measured with Textual's pilot, asserted nowhere.

Run: .venv/bin/python benchmarks/tui.py [--turns 10000] [--burst 200]

1. A run of 10,000 stored turns (synthetic events appended straight through the
   store, one `append_turn` per turn as the engine commits them) of the sample
   world.
2. Time to first frame of the run screen: from `open_run` to the screen's first
   refresh (the frame shows before the log is read), the time to replay the
   whole stored log into the view, and the longest the event loop was blocked
   while it did (a key pressed then waits at most that long).
3. Appending turns while the screen is open (through the store, as another
   process driving the run would): per turn, the time until the turn stream
   shows it (dominated by the poll interval, printed).
4. A burst: `--burst` varied turns (reads, writes that change files, messages
   sent, messages received) appended as fast as the store takes them while a
   key (cursor up) is pressed every 50 ms. Key latency is the time from the key
   event reaching the app (as a terminal's would) to the stream's cursor
   having moved; the loop's longest stall and the cyclic GC's pauses are
   printed too, since either holds every key behind it. (`pilot.press` is not
   used to time keys: it also waits for the whole process to go idle, up to a
   second, which measures the burst rather than the key.)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # before benchmarks/: `tui` is the package, not this file

from textual import events  # noqa: E402

from engine.config import Settings  # noqa: E402
from engine.store import NewEvent  # noqa: E402
from engine.synth.world import import_world  # noqa: E402
from engine.workspace import Workspace  # noqa: E402
from tests.tui.support import SAMPLE, built_samples, turn_events, write_run  # noqa: E402
from tui.app import SynthcompApp  # noqa: E402
from tui.screens.run import RunScreen  # noqa: E402
from tui.widgets.turn_stream import TurnStream  # noqa: E402


async def until(check, limit: float = 60.0) -> float:  # type: ignore[no-untyped-def]
    """Wait (yielding to the app's loop, not for it to go idle) until `check()`; the time taken."""
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > limit:
            raise TimeoutError("gave up waiting")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


class Stalls:
    """The event loop's stalls (a 5 ms sleep that overslept) and the cyclic GC's pauses."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self.gc: list[float] = []
        self._gc_start = 0.0
        self._task: asyncio.Task[None] | None = None

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self.gc.append(time.perf_counter() - self._gc_start)

    async def _watch(self) -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.005)
            self.lags.append(time.perf_counter() - t - 0.005)

    def __enter__(self) -> Stalls:
        gc.callbacks.append(self._on_gc)
        self._task = asyncio.get_running_loop().create_task(self._watch())
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._on_gc)
        assert self._task is not None
        self._task.cancel()

    def summary(self) -> str:
        worst = max(self.lags, default=0.0)
        over = sum(lag > 0.05 for lag in self.lags)
        gc_worst = max(self.gc, default=0.0)
        return (f"loop stalled {worst * 1000:.0f} ms at worst ({over} stalls over 50 ms); "
                f"{len(self.gc)} GC passes, the longest {gc_worst * 1000:.0f} ms")  # fmt: skip


def ms(values: list[float], q: float) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f}"


async def main(turns: int, appended: int, burst: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="synthcomp-bench-tui-"))
    settings = Settings.resolve(workspace=tmp / "ws", env={})
    started = time.perf_counter()
    async with await Workspace.open(settings.workspace, settings) as ws:
        world = await import_world(ws, built_samples(tmp / "samples") / SAMPLE)
        run = await write_run(ws.store, world, ws.runs_dir, turns=turns, status="running")
        events_n = await ws.store.events.count(run.id)
    (settings.workspace / ".samples-imported").write_text("bench\n")
    print(
        f"stored run: {turns:,} turns, {events_n:,} events in {time.perf_counter() - started:.1f}s"
    )

    app = SynthcompApp(settings, sample_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: app.reader is not None)
        await app.workers.wait_for_complete()
        t0 = time.perf_counter()
        with Stalls() as replay:
            app.open_run(run.id)
            await until(lambda: isinstance(app.screen, RunScreen) and app.screen.first_frame_s)
            screen = app.screen
            assert isinstance(screen, RunScreen) and screen.first_frame_s and screen.settled_s
            await until(lambda: screen.loaded)
            loaded = time.perf_counter() - t0
        first_frame = screen.created_at + screen.first_frame_s - t0
        settled = screen.created_at + screen.settled_s - t0
        stream = screen.query_one(TurnStream)
        print(f"run screen: first frame drawn {first_frame * 1000:.0f} ms after open_run, "
              f"settled (no work queued) at {settled * 1000:.0f} ms; the whole log in the view "
              f"at {loaded * 1000:.0f} ms (reading and folding it: {screen.log_load_s * 1000:.0f} ms); "
              f"{len(stream.view):,} rows, {len(stream.children)} child widgets in the stream")  # fmt: skip
        print(f"  while replaying: {replay.summary()}")
        await pilot.pause(0.5)

        # -- appending turns while it is open ------------------------------------
        assert app.workspace is not None
        store = app.workspace.store
        day, turn = screen.runlog.day, screen.runlog.turn
        latencies = []
        for i in range(appended):
            turn += 1
            seq = (await store.events.last_seq(run.id)) + 1
            rows_before = len(stream.view)
            await store.events.append_turn(
                run.id, turn_events(random.Random(i), day, turn, i), expected_seq=seq
            )
            latencies.append(await until(lambda rb=rows_before: len(stream.view) > rb, limit=10))
        print(f"append a turn -> visible in the stream: median {ms(latencies, 0.5)} ms, "
              f"p95 {ms(latencies, 0.95)} ms over {appended} turns "
              f"(store polled every {app.poll_interval * 1000:.0f} ms when no controller runs here)")  # fmt: skip

        # -- a burst, with keys pressed all along -------------------------------------
        stream.focus()
        await pilot.pause(0.2)
        redraws = stream.redraws
        rng = random.Random(3)
        keys: list[float] = []

        async def append_burst() -> None:
            nonlocal turn
            for i in range(burst):
                turn += 1
                batch = turn_events(rng, day, turn, 20_000 + i)
                if i % 9 == 4:
                    batch.append(NewEvent(kind="message_received", actor="Euan Fraser", day=day,
                                          turn=turn, payload={"id": f"b{i}", "sender": "Euan Fraser",
                                          "to": ["Catriona Moffat"], "subject": f"Burst {i}",
                                          "body": "Numbers attached."}))  # fmt: skip
                seq = (await store.events.last_seq(run.id)) + 1
                await store.events.append_turn(run.id, batch, expected_seq=seq)

        driver = app._driver
        assert driver is not None
        with Stalls() as during:
            burst_start = time.perf_counter()
            appender = asyncio.get_running_loop().create_task(append_burst())
            while not appender.done() or screen.runlog.turn < turn:
                before = stream.cursor
                if before <= 1:
                    stream.action_end()
                    await asyncio.sleep(0.05)
                    continue
                t = time.perf_counter()
                driver.send_message(events.Key("up", None))
                await until(lambda b=before: stream.cursor != b, limit=10)
                keys.append(time.perf_counter() - t)
                await asyncio.sleep(0.05)
            await appender
            took = time.perf_counter() - burst_start
        print(f"burst of {burst} turns in {took:.2f}s ({stream.redraws - redraws} stream redraws): "
              f"a key press moved the cursor in {ms(keys, 0.5)} ms median, {ms(keys, 0.95)} ms p95, "
              f"{max(keys) * 1000:.0f} ms at worst over {len(keys)} presses")  # fmt: skip
        print(f"  during the burst: {during.summary()}")
    print(f"(workspace left in {tmp})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=10_000)
    parser.add_argument("--appended", type=int, default=30)
    parser.add_argument("--burst", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.turns, args.appended, args.burst))
