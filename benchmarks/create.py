"""World creation throughput: one default computer on the scripted backend.

Run: .venv/bin/python benchmarks/create.py [--files 150] [--worlds 1] [--concurrency 8]

Creates worlds in a temporary workspace and prints seconds per computer, files
per second, and where the time went: the profile, folder and artifact stages,
then per file the content-spec model calls, reading the parents' text,
rendering and writing. File parts run concurrently, so their seconds are summed
over files and the shares are of all time counted, not of wall time; with more
than one file at once they include waiting for the GIL and for a worker thread
(`--concurrency 1` gives the breakdown without that). Nothing is asserted; the
figures depend on the machine. With the scripted backend a model call costs
only the policy's own work and the client's, so this measures the engine.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
import time
from pathlib import Path

from engine.config import Settings
from engine.synth.personas import sample_personas
from engine.synth.pipeline import StageTimings, create_world
from engine.synth.world import world_stats
from engine.workspace import Workspace

PARTS = [
    ("profile", "profile"),
    ("folders", "folders"),
    ("artifacts", "artifacts (file plan)"),
    ("content", "content generation (model)"),
    ("parents", "reading parents' text"),
    ("render", "rendering"),
    ("write", "writing"),
]


async def run(files: int, worlds: int, concurrency: int) -> int:
    personas = sample_personas(worlds, seed=2026)
    timings = StageTimings()
    with tempfile.TemporaryDirectory(prefix="synthcomp-bench-") as tmp:
        root = Path(tmp)
        async with await Workspace.open(root, Settings(workspace=root)) as ws:
            walls: list[float] = []
            made = 0
            for persona in personas:
                start = time.perf_counter()
                record = await create_world(
                    ws, persona, files=files, concurrency=concurrency, timings=timings
                )
                walls.append(time.perf_counter() - start)
                made += int(record.meta["files"].get("written", 0))
                stats = await world_stats(record.path)
                print(
                    f"  {record.slug}: {record.meta['status']}, "
                    f"{record.meta['files'].get('written', 0)}/{record.meta['files'].get('planned', 0)} "
                    f"files, {stats.folders} folders, depth {stats.mean_depth} (max {stats.max_depth}), "
                    f"{stats.total_bytes / 1e6:.1f} MB, {walls[-1]:.1f} s"
                )
    total = sum(walls)
    print()
    print(f"seconds per computer: {total / len(walls):.2f}")
    print(f"files per second:     {made / total:.1f}")
    counted = sum(timings.seconds.values()) or 1.0
    print("share of time (file parts summed over concurrent files):")
    for key, label in PARTS:
        secs = timings.seconds.get(key, 0.0)
        print(f"  {label:<28} {secs:8.2f} s  {100 * secs / counted:5.1f} %")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=150, help="files per computer")
    parser.add_argument("--worlds", type=int, default=1, help="computers to create")
    parser.add_argument("--concurrency", type=int, default=8, help="files made at once")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(f"{args.worlds} world(s) of {args.files} files, concurrency {args.concurrency}")
    return asyncio.run(run(args.files, args.worlds, args.concurrency))


if __name__ == "__main__":
    sys.exit(main())
