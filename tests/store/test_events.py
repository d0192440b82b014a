"""The run log: one transaction per turn, the never-repeat guard, paging, cancellation."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from engine.errors import NotFound, StoreError
from engine.schema.snapshot import FileEntry, Manifest
from engine.store import NewEvent, RunRecord, Store, WorldRecord

from .conftest import blob


def turn(n: int, size: int = 3) -> list[NewEvent]:
    return [
        NewEvent(
            kind="tool_call" if i else "turn_started",
            actor="agent",
            day=n // 10,
            turn=n,
            payload={"turn": n, "i": i, "text": "é" * i},
        )
        for i in range(size)
    ]


async def in_transaction(store: Store) -> bool:
    return await store._db.run(lambda conn: conn.in_transaction)


async def test_append_assigns_seqs_and_moves_the_head(store: Store, run: RunRecord) -> None:
    written = await store.events.append_turn(run.id, turn(0), expected_seq=1)
    assert [e.seq for e in written] == [1, 2, 3]
    assert written[2].payload == {"turn": 0, "i": 2, "text": "éé"}
    assert (await store.runs.get(run.id)).head_seq == 3
    assert await store.runs.head_seq(run.id) == 3
    assert await store.events.last_seq(run.id) == 3
    assert await store.events.list(run.id) == written
    more = await store.events.append_turn(run.id, [NewEvent(kind="note", ts=12.5)], expected_seq=4)
    assert more[0].ts == 12.5 and more[0].seq == 4
    assert await store.events.count(run.id) == 4


async def test_a_seq_that_exists_is_refused(store: Store, run: RunRecord) -> None:
    await store.events.append_turn(run.id, turn(0), expected_seq=1)
    with pytest.raises(StoreError, match=r"already has seq 1.*never appended twice"):
        await store.events.append_turn(run.id, turn(0), expected_seq=1)
    with pytest.raises(StoreError, match="already has seq 3"):
        await store.events.append_turn(run.id, turn(1), expected_seq=3)
    with pytest.raises(StoreError, match="next turn starts at 4, not 9"):
        await store.events.append_turn(run.id, turn(1), expected_seq=9)
    assert await store.events.count(run.id) == 3
    assert not await in_transaction(store)


async def test_bad_calls_are_refused(store: Store, run: RunRecord) -> None:
    with pytest.raises(ValueError):
        await store.events.append_turn(run.id, [], expected_seq=1)
    with pytest.raises(NotFound):
        await store.events.append_turn("nope", turn(0), expected_seq=1)
    with pytest.raises(ValueError):
        await store.events.list(run.id, limit=0)


async def test_paging_by_seq(store: Store, run: RunRecord) -> None:
    seq = 1
    for n in range(25):
        await store.events.append_turn(run.id, turn(n, 4), expected_seq=seq)
        seq += 4
    pages, since = [], 0
    while page := await store.events.list(run.id, since_seq=since, limit=30):
        pages.append(len(page))
        since = page[-1].seq
    assert pages == [30, 30, 30, 10]
    started = await store.events.list(run.id, kinds=["turn_started"], limit=100)
    assert [e.seq for e in started] == list(range(1, 101, 4))
    assert await store.events.list(run.id, since_seq=100) == []


async def test_history_reads_through_forks(
    store: Store, world: WorldRecord, run: RunRecord
) -> None:
    seq = 1
    for n in range(4):
        await store.events.append_turn(run.id, turn(n, 2), expected_seq=seq)
        seq += 2
    fork = await store.runs.create(world.id, {}, run.id, 4)
    mine = await store.events.append_turn(fork.id, turn(9, 3), expected_seq=5)
    assert [e.seq for e in mine] == [5, 6, 7]
    history = await store.events.history(fork.id)
    assert [(e.run_id == run.id, e.seq) for e in history] == [
        (True, 1),
        (True, 2),
        (True, 3),
        (True, 4),
        (False, 5),
        (False, 6),
        (False, 7),
    ]
    page = await store.events.history(fork.id, since_seq=3, limit=3)
    assert [e.seq for e in page] == [4, 5, 6]
    assert await store.events.count(fork.id) == 3
    assert [e.seq for e in await store.events.history(run.id)] == list(range(1, 9))


async def test_a_failed_turn_leaves_nothing(store: Store, run: RunRecord) -> None:
    """The manifest is written after the events, in the same transaction: its failure
    (a blob that is not stored) must take the turn's events and head move with it."""
    await store.events.append_turn(run.id, turn(0), expected_seq=1)
    sha, _ = blob("never stored")
    manifest = Manifest(files={"a.txt": FileEntry(sha256=sha, size=12, mtime=0.0)})
    with pytest.raises(StoreError, match="does not hold"):
        await store.events.append_turn(run.id, turn(1), expected_seq=4, snapshot=(6, manifest))
    assert await store.events.count(run.id) == 3
    assert await store.events.last_seq(run.id) == 3
    assert await store.snapshots.list(run_id=run.id) == []
    assert not await in_transaction(store)
    # and the same turn can then be appended for real
    sha, data = blob("now stored")
    await store.blobs.put_many({sha: data})
    manifest = Manifest(files={"a.txt": FileEntry(sha256=sha, size=len(data), mtime=0.0)})
    await store.events.append_turn(run.id, turn(1), expected_seq=4, snapshot=(6, manifest))
    snap = await store.snapshots.latest_at_or_before(run.id, 6)
    assert snap is not None and snap.seq == 6 and snap.manifest == manifest


async def test_snapshot_seq_must_lie_in_the_turn(store: Store, run: RunRecord) -> None:
    with pytest.raises(ValueError):
        await store.events.append_turn(run.id, turn(0), expected_seq=1, snapshot=(9, Manifest()))


class Gate:
    """Holds the writer thread inside an append (at the head update, after the inserts)."""

    def __init__(self, marker: str = "UPDATE runs SET head_seq") -> None:
        self.marker = marker
        self.armed = True
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, sql: str) -> None:
        if self.armed and self.marker in sql:
            self.armed = False
            self.entered.set()
            self.release.wait(10)


async def test_cancel_mid_transaction_commits_whole_or_nothing(
    store: Store, run: RunRecord
) -> None:
    gate = Gate()
    await store._db.conn.set_trace_callback(gate)
    task = asyncio.create_task(store.events.append_turn(run.id, turn(0, 5), expected_seq=1))
    assert await asyncio.to_thread(gate.entered.wait, 5)
    # the writer is between its inserts and its COMMIT: a reader sees none of the turn
    async with store.reader() as reader:
        assert await reader.events.count(run.id) == 0
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    gate.release.set()
    await store._db.conn.set_trace_callback(None)
    # the job had started, so it ran to its end on the writer thread: the whole turn
    assert await store.events.count(run.id) == 5
    assert await store.events.last_seq(run.id) == 5
    assert not await in_transaction(store)
    with pytest.raises(StoreError, match="never appended twice"):
        await store.events.append_turn(run.id, turn(0, 5), expected_seq=1)
    await store.events.append_turn(run.id, turn(1), expected_seq=6)


async def test_cancel_before_the_writer_starts_writes_nothing(store: Store, run: RunRecord) -> None:
    gate = Gate()
    await store._db.conn.set_trace_callback(gate)
    first = asyncio.create_task(store.events.append_turn(run.id, turn(0), expected_seq=1))
    assert await asyncio.to_thread(gate.entered.wait, 5)
    second = asyncio.create_task(store.events.append_turn(run.id, turn(1), expected_seq=4))
    for _ in range(3):
        await asyncio.sleep(0)  # let it queue behind the first
    second.cancel()
    with pytest.raises(asyncio.CancelledError):
        await second
    gate.release.set()
    assert [e.seq for e in await first] == [1, 2, 3]
    await store._db.conn.set_trace_callback(None)
    assert await store.events.last_seq(run.id) == 3  # the queued turn never ran
    assert not await in_transaction(store)
    await store.events.append_turn(run.id, turn(1), expected_seq=4)


async def test_an_interrupted_statement_rolls_the_turn_back(store: Store, run: RunRecord) -> None:
    await store.events.append_turn(run.id, turn(0), expected_seq=1)
    gate = Gate()
    await store._db.conn.set_trace_callback(gate)
    task = asyncio.create_task(store.events.append_turn(run.id, turn(1), expected_seq=4))
    assert await asyncio.to_thread(gate.entered.wait, 5)
    await store._db.conn.interrupt()  # fails the statement the writer is about to run
    gate.release.set()
    with pytest.raises(StoreError, match="interrupted"):
        await task
    await store._db.conn.set_trace_callback(None)
    assert await store.events.count(run.id) == 3
    assert await store.events.last_seq(run.id) == 3
    assert not await in_transaction(store)


async def test_reader_sees_committed_turns_while_the_writer_goes_on(
    store: Store, run: RunRecord
) -> None:
    async def write() -> None:
        seq = 1
        for n in range(40):
            await store.events.append_turn(run.id, turn(n, 4), expected_seq=seq)
            seq += 4
            await asyncio.sleep(0)

    seen: list[int] = []
    async with store.reader() as reader:
        writer = asyncio.create_task(write())
        since = 0
        while not writer.done() or since < 160:
            page = await reader.events.list(run.id, since_seq=since, limit=7)
            if page:
                assert [e.seq for e in page] == list(range(since + 1, since + 1 + len(page)))
                since = page[-1].seq
            count = await reader.events.count(run.id)
            assert count % 4 == 0  # never a turn half-written
            seen.append(count)
            await asyncio.sleep(0)
        await writer
        assert since == 160
        assert (await reader.runs.get(run.id)).head_seq == 160
        assert reader.schema_version == store.schema_version
        with pytest.raises(StoreError, match="cannot be written"):
            await reader._db.run(
                lambda conn: conn.execute("DELETE FROM events WHERE run_id = ?", (run.id,))
            )
    assert seen == sorted(seen) and seen[-1] == 160


async def test_events_survive_reopening(store: Store, run: RunRecord) -> None:
    written = await store.events.append_turn(run.id, turn(0), expected_seq=1)
    path = store.path
    await store.close()
    async with Store.open(path) as again:
        assert await again.events.list(run.id) == written


def test_sqlite_errors_are_sentences() -> None:
    from pathlib import Path

    from engine.errors import CorruptDatabase
    from engine.store.db import translate

    p = Path("/x/ws.db")
    assert isinstance(
        translate(sqlite3.DatabaseError("database disk image is malformed"), p), CorruptDatabase
    )
    assert "locked by another program" in str(
        translate(sqlite3.OperationalError("database is locked"), p)
    )
