"""The connection plumbing: the aiosqlite hook we rely on, and every connection closed."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import aiosqlite
import pytest

from engine.errors import CorruptDatabase, StoreError
from engine.store import Store

from .conftest import read, write


def workers() -> set[threading.Thread]:
    """aiosqlite's worker threads (plain Threads running `_connection_worker_thread`)."""
    return {
        t for t in threading.enumerate() if "_connection_worker_thread" in t.name and t.is_alive()
    }


async def all_ended(threads: set[threading.Thread]) -> bool:
    """A closed connection's thread ends just after `close` returns: give it a moment."""
    for _ in range(200):
        if not any(t.is_alive() for t in threads):
            return True
        await asyncio.sleep(0.01)
    return False


async def test_aiosqlite_private_hook_runs_a_function_on_the_connection_thread(
    tmp_path: Path,
) -> None:
    """engine.store.db relies on Connection._execute and Connection._conn (no public API
    queues a callable). If an aiosqlite upgrade renames them, this fails first."""
    assert callable(aiosqlite.Connection._execute)
    assert isinstance(aiosqlite.Connection._conn, property)
    async with aiosqlite.connect(tmp_path / "x.db", isolation_level=None) as conn:
        loop_thread = threading.get_ident()

        def job() -> tuple[int, int]:
            raw = conn._conn  # sqlite3 refuses use from any thread but its creator's
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("CREATE TABLE t (x)")
            raw.execute("COMMIT")
            return threading.get_ident(), raw.execute("SELECT COUNT(*) FROM t").fetchone()[0]

        ident, count = await conn._execute(job)
        assert ident != loop_thread and count == 0


async def test_both_open_idioms_close(db_path: Path) -> None:
    before = workers()
    async with Store.open(db_path) as store:
        mine = workers() - before
        assert len(mine) == 1
    assert store.closed and await all_ended(mine)
    store = await Store.open(db_path)
    mine = workers() - before
    async with store:
        pass
    assert store.closed and await all_ended(mine)
    await store.close()  # twice is fine
    with pytest.raises(StoreError, match="already closed"):
        await store.worlds.list()


async def test_close_also_closes_forgotten_readers(db_path: Path) -> None:
    before = workers()
    store = await Store.open(db_path)
    readers = store.reader()
    reader = await readers.__aenter__()
    mine = workers() - before
    assert len(mine) == 2
    await store.close()
    assert await all_ended(mine)
    with pytest.raises(StoreError):
        await reader.worlds.list()
    await readers.__aexit__(None, None, None)


async def test_a_failed_open_leaves_no_connection(db_path: Path) -> None:
    async with Store.open(db_path):
        pass
    raw = bytearray(read(db_path))
    raw[4096 : 4096 * 2] = random.Random(3).randbytes(4096)  # junk over page 2
    write(db_path, bytes(raw))
    before = workers()
    with pytest.raises(CorruptDatabase):
        await Store.open(db_path)
    assert await all_ended(workers() - before)


async def test_checkpoint_truncates_the_log(store: Store) -> None:
    await store.worlds.create("W", "w", "/w")
    wal = store.path.with_name(store.path.name + "-wal")
    assert wal.stat().st_size > 0
    result = await store.checkpoint()
    assert not result.busy
    assert wal.stat().st_size == 0


def test_the_process_exits_after_using_a_store(tmp_path: Path) -> None:
    """An unclosed aiosqlite connection hangs the interpreter at exit; a used store must not."""
    script = textwrap.dedent(
        f"""
        import asyncio, warnings
        warnings.simplefilter("error", ResourceWarning)
        from engine.store import NewEvent, Store

        async def main():
            async with Store.open({str(tmp_path / "ws.db")!r}) as store:
                w = await store.worlds.create("W", "w", "/w")
                r = await store.runs.create(w.id)
                await store.events.append_turn(r.id, [NewEvent(kind="k")], expected_seq=1)
                async with store.reader() as reader:
                    assert await reader.events.count(r.id) == 1
                store.reader()  # a reader context never entered opens nothing
            print("done")

        asyncio.run(main())
        """
    )
    out = subprocess.run(
        [sys.executable, "-X", "dev", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "done"
    assert "ResourceWarning" not in out.stderr


async def test_a_locked_database_is_a_plain_error(db_path: Path) -> None:
    async with Store.open(db_path) as store:
        other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            await store._db.run(lambda conn: conn.execute("PRAGMA busy_timeout = 50"))
            with pytest.raises(StoreError, match="locked by another program"):
                await store.worlds.create("W", "w", "/w")
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert len(await store.worlds.list()) == 0
