"""A long simulation on the scripted backend: what the engine costs per turn at turn 2,000.

Run: .venv/bin/python benchmarks/simulate.py [--turns 2000] [--world PATH] [--watch] [--tracemalloc]

Runs one world (the hand-curated sample when it is built, else the small test
world) for `--turns` turns: 20 working days of 100 turns. The scripted work
agent finishes its deliverables early; after that, in place of ending the day,
it keeps reading and searching the computer, so every turn is a real tool call
on real files. Prints total time, the median and p99 of the engine's overhead
per turn (wall time of a turn minus its model call: building the prompt, the
tools, the collaborators' policy, the commit and the snapshot), prompt tokens at
turns 100 / 1,000 / 2,000 (server count, cached, and shared prefix), the peak
memory, and the database's size. Nothing is asserted; figures depend on the
machine. With the scripted backend a "model call" is the in-process policy
behind the real openai client.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.config import Settings  # noqa: E402
from engine.llm.scripted import Reply, ScriptedRequest, ScriptedToolCall  # noqa: E402
from engine.sim.options import WORK_PURPOSE, RunOptions  # noqa: E402
from engine.sim.scripted import worker  # noqa: E402
from engine.workspace import Workspace  # noqa: E402

SAMPLE = ROOT / "sample_worlds" / "wealth_adviser_edinburgh"


def busy(request: ScriptedRequest) -> Reply:
    """The scripted worker, but a day never ends early: idle turns read and search instead."""
    reply = worker.respond(request)
    if not any(c.name == "end_day" for c in reply.tool_calls):
        return reply
    ctx = worker.parse(request)
    if ctx.left == 0:
        return reply
    rng = random.Random(f"{ctx.turn}")
    known = [p for b in ctx.briefs for p in b.grounding] or ["."]
    kept = [c for c in reply.tool_calls if c.name != "end_day"]
    choice = rng.random()
    if choice < 0.6:
        extra = ScriptedToolCall("read_file", {"path": rng.choice(known)})
    elif choice < 0.85:
        extra = ScriptedToolCall(
            "search_files", {"text": rng.choice(["budget", "total", "review", "2024"])}
        )
    else:
        extra = ScriptedToolCall("list_dir", {"path": known[0].rsplit("/", 1)[0]})
    return Reply(tool_calls=[*kept, extra])


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def world_path(arg: str | None, tmp: Path) -> Path:
    if arg:
        return Path(arg)
    if (SAMPLE / ".synthcomp" / "world.json").is_file():
        return SAMPLE
    from tests.sim.test_run_support import make_world

    return make_world(tmp)


async def main(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="synthcomp-sim-"))
    world = world_path(args.world, tmp)
    settings = Settings.resolve(workspace=tmp / "ws", backend="scripted", env={})
    if args.tracemalloc:
        tracemalloc.start()
    async with await Workspace.open(tmp / "ws", settings) as ws:
        ws.llm().policy.register_tools(WORK_PURPOSE, busy)
        days = max(1, (args.turns + args.per_day - 1) // args.per_day)
        options = RunOptions(
            days=days, turns_per_day=args.per_day, max_turns=args.turns, watch=args.watch
        )
        started = time.perf_counter()
        run = await ws.start_run(str(world), options)
        setup_s = time.perf_counter() - started
        turn_s: list[float] = []
        last = [time.perf_counter()]

        def on_turn(report: object) -> None:
            now = time.perf_counter()
            turn_s.append(now - last[0])
            last[0] = now
            if len(turn_s) % 250 == 0:
                print(f"  ... {len(turn_s)} turns", file=sys.stderr, flush=True)

        run.on_turn = on_turn
        last[0] = time.perf_counter()
        await run.start()
        status = await run.wait()
        total_s = time.perf_counter() - started
        calls = {}
        since = 0
        while True:
            page = await ws.store.events.list(
                run.id, since_seq=since, limit=5000, kinds=["model_call"]
            )
            for ev in page:
                if ev.payload.get("purpose") == WORK_PURPOSE:
                    calls[ev.turn] = ev.payload
            if len(page) < 5000:
                break
            since = page[-1].seq
        counts = await ws.store.events.count(run.id)
        snaps = await ws.store.snapshots.list(run_id=run.id)
        blobs = await ws.store.blobs.stats()
        await ws.store.checkpoint()
    peak_traced = tracemalloc.get_traced_memory()[1] if args.tracemalloc else 0
    db = tmp / "ws" / "workspace.db"
    db_bytes = sum(p.stat().st_size for p in db.parent.glob("workspace.db*"))
    engine = run.engine_s
    print(f"world: {world}")
    print(f"status: {status} after {run.state.turn} turns over {run.state.day} day(s)")
    print(f"total time: {total_s:.1f} s (setup incl. objectives {setup_s:.2f} s)")
    print(
        f"turn wall time: median {statistics.median(turn_s) * 1000:.1f} ms, p99 {pct(turn_s, 0.99) * 1000:.1f} ms"
    )
    print(
        f"engine overhead per turn (not in the model call): median "
        f"{statistics.median(engine) * 1000:.1f} ms, p99 {pct(engine, 0.99) * 1000:.1f} ms"
    )
    for t in (100, 1000, 2000):
        c = calls.get(t)
        if c:
            print(
                f"turn {t:>5}: prompt {c['prompt_tokens']:>7,} tokens, cached {c['cached_tokens']:>7,}, "
                f"shared prefix {c['prefix_reuse_tokens']:>7,}"
            )
    if 100 in calls and 2000 in calls:
        print(
            f"prompt at 2,000 / prompt at 100: {calls[2000]['prompt_tokens'] / calls[100]['prompt_tokens']:.2f}"
        )
    cached = sum(c["cached_tokens"] for c in calls.values())
    prompt = sum(c["prompt_tokens"] for c in calls.values())
    print(f"cached share of all prompt tokens: {cached / max(prompt, 1):.1%}")
    print(
        f"events: {counts:,}; snapshots: {len(snaps)}; blobs: {blobs.count} ({blobs.stored_bytes / 1e6:.1f} MB stored)"
    )
    print(
        f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    if args.tracemalloc:
        print(f"peak Python allocations (tracemalloc): {peak_traced / 1e6:.1f} MB")
    print(f"database size: {db_bytes / 1e6:.1f} MB ({tmp / 'ws'})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--per-day", type=int, default=100, help="turn budget per day")
    parser.add_argument(
        "--world", help="a world folder (default: the sample, else a small test world)"
    )
    parser.add_argument("--watch", action="store_true", help="run the file watcher too")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="measure Python allocations (slower)"
    )
    asyncio.run(main(parser.parse_args()))
