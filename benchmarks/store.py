"""What the workspace database costs: measured here, asserted nowhere.

Run: .venv/bin/python benchmarks/store.py

1. Event appends with one `append_turn` transaction per event, as the engine
   commits a turn (synchronous=FULL: an fsync per commit), beside two
   baselines from the same run: the same events in one transaction, and one
   transaction per event with synchronous=NORMAL.
2. Blob-store dedup: snapshot a tree of ~200 files of a few KB, change 5% of
   them, snapshot again; raw bytes offered / bytes stored.
3. Model-call rows: bytes of message references per row as a conversation
   grows, against a row that copies the whole list of references.
4. The database's size on disk.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.schema.calls import ModelCallStart
from engine.schema.snapshot import FileEntry, Manifest
from engine.store import NewEvent, Store

EVENTS = 2000
FILES = 200
CHANGED = 0.05
CALLS = 400

WORDS = (
    "budget forecast client invoice quarter review draft meeting minutes project "
    "deadline revenue margin supplier contract schedule report figures summary "
    "approval risk action owner status update milestone deliverable analysis"
).split()


def event(i: int) -> NewEvent:
    return NewEvent(
        kind="tool_result",
        actor="agent",
        day=i // 100,
        turn=i,
        payload={
            "tool": "read_file",
            "path": f"Documents/file{i % 50}.docx",
            "chars": 1800,
            "excerpt": " ".join(WORDS[(i + k) % len(WORDS)] for k in range(40)),
        },
    )


async def append_rate(store: Store, run_id: str, n: int, *, one_transaction: bool) -> float:
    events = [event(i) for i in range(n)]
    start = time.perf_counter()
    if one_transaction:
        await store.events.append_turn(run_id, events, expected_seq=1)
    else:
        for i, ev in enumerate(events):
            await store.events.append_turn(run_id, [ev], expected_seq=i + 1)
    return n / (time.perf_counter() - start)


async def set_synchronous(store: Store, mode: str) -> None:
    await store._db.run(lambda conn: conn.execute(f"PRAGMA synchronous = {mode}"))


async def bench_events(store: Store) -> None:
    world = await store.worlds.create("Bench", "bench-events", "/bench")
    full = await store.runs.create(world.id)
    rate_full = await append_rate(store, full.id, EVENTS, one_transaction=False)
    batch = await store.runs.create(world.id)
    rate_batch = await append_rate(store, batch.id, EVENTS, one_transaction=True)
    await set_synchronous(store, "NORMAL")
    normal = await store.runs.create(world.id)
    rate_normal = await append_rate(store, normal.id, EVENTS, one_transaction=False)
    await set_synchronous(store, "FULL")
    print(f"event appends ({EVENTS} events, ~{len(event(0).model_dump_json())} B payload each)")
    print(
        f"  one transaction per event, synchronous=FULL : {rate_full:10,.0f} events/s"
        f"  ({1000 / rate_full:.2f} ms per commit)"
    )
    print(
        f"  baseline: all in one transaction           : {rate_batch:10,.0f} events/s"
        f"  (per-event commits run at {rate_full / rate_batch:.1%} of it)"
    )
    print(
        f"  baseline: per event, synchronous=NORMAL    : {rate_normal:10,.0f} events/s"
        f"  (FULL runs at {rate_full / rate_normal:.1%} of it)"
    )


def tree(rng: random.Random) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for i in range(FILES):
        size = rng.randint(2_000, 6_000)
        if i % 5 == 4:  # an Office file: already zip-compressed, so incompressible
            data = rng.randbytes(size)
            name = f"Documents/Project {i % 7}/deck_{i}.pptx"
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(size // 7))
            data = text.encode()[:size]
            name = f"Documents/Project {i % 7}/notes_{i}.txt"
        files[name] = data
    return files


def manifest(files: dict[str, bytes]) -> tuple[Manifest, dict[str, bytes]]:
    blobs = {hashlib.sha256(d).hexdigest(): d for d in files.values()}
    entries = {
        p: FileEntry(sha256=hashlib.sha256(d).hexdigest(), size=len(d), mtime=0.0)
        for p, d in files.items()
    }
    return Manifest(files=entries), blobs


async def snapshot(store: Store, world_id: str, files: dict[str, bytes]) -> int:
    """The engine's snapshot flow: ask what is missing, store that, then the manifest."""
    man, blobs = await asyncio.to_thread(manifest, files)
    have = await store.blobs.has_many(list(blobs))
    new = await store.blobs.put_many({s: d for s, d in blobs.items() if s not in have})
    await store.snapshots.save(man, seq=0, world_id=world_id)
    return new


async def bench_blobs(store: Store) -> None:
    rng = random.Random(42)
    world = await store.worlds.create("Bench", "bench-blobs", "/bench")
    first = tree(rng)
    second = dict(first)
    for name in rng.sample(sorted(first), int(FILES * CHANGED)):
        second[name] = (
            first[name][: len(first[name]) // 2]
            + b" edited by the agent "
            + first[name][len(first[name]) // 2 :]
        )
    start = time.perf_counter()
    new1 = await snapshot(store, world.id, first)
    new2 = await snapshot(store, world.id, second)
    elapsed = time.perf_counter() - start
    offered = sum(map(len, first.values())) + sum(map(len, second.values()))
    stats = await store.blobs.stats()
    print(f"blob store ({FILES} files of 2-6 KB, snapshotted twice, {CHANGED:.0%} changed)")
    print(f"  blobs written: {new1} then {new2}; {stats.count} held")
    print(
        f"  raw bytes offered {offered:,} / raw unique {stats.raw_bytes:,} = "
        f"{offered / stats.raw_bytes:.2f}x (dedup)"
    )
    print(
        f"  raw bytes offered {offered:,} / stored {stats.stored_bytes:,} = "
        f"{offered / stats.stored_bytes:.2f}x (dedup + zlib; 1 in 5 files incompressible)"
    )
    print(f"  two snapshots took {elapsed * 1000:.0f} ms")


async def bench_calls(store: Store) -> None:
    world = await store.worlds.create("Bench", "bench-calls", "/bench")
    run = await store.runs.create(world.id)
    history: list[dict[str, str]] = [{"role": "system", "content": "You are Ada's assistant."}]
    naive = 0
    start = time.perf_counter()
    for t in range(CALLS):
        history = [
            *history,
            {"role": "assistant", "content": f"tool call {t}"},
            {"role": "tool", "content": f"result {t} " + " ".join(WORDS[:20])},
        ]
        await store.model_calls.begin(
            ModelCallStart(
                run_id=run.id,
                purpose="work_turn",
                turn=t,
                backend="scripted",
                model="m",
                request={"model": "m", "messages": history},
                request_hash=str(t),
            )
        )
        naive += 32 * len(history)
    elapsed = time.perf_counter() - start

    def stored(conn: sqlite3.Connection) -> int:
        return conn.execute(
            "SELECT SUM(length(message_refs)) FROM model_calls WHERE run_id = ?", (run.id,)
        ).fetchone()[0]

    refs = await store._db.run(stored)
    print(f"model-call rows ({CALLS} calls, history growing to {len(history)} messages)")
    print(
        f"  reference bytes stored {refs:,} vs a full list per row {naive:,} "
        f"({naive / refs:.1f}x less); {refs / CALLS:,.0f} B per row"
    )
    print(f"  begin() at {CALLS / elapsed:,.0f} calls/s including hashing the history")


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        async with Store.open(path) as store:
            print(f"SQLite {sqlite3.sqlite_version}, database in {tmp}\n")
            await bench_events(store)
            print()
            await bench_blobs(store)
            print()
            await bench_calls(store)
            print()
            wal = path.with_name(path.name + "-wal")
            print(f"database size: {path.stat().st_size:,} B (+ {wal.stat().st_size:,} B log)")
            await store.checkpoint()
            print(
                f"after wal_checkpoint(TRUNCATE): {path.stat().st_size:,} B "
                f"(+ {wal.stat().st_size:,} B log)"
            )
        print(f"\ntotal {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
