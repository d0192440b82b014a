"""Opening the workspace database: create, configure, migrate, refuse what cannot be used."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from engine.errors import CorruptDatabase, StoreError
from engine.store import NewEvent, Store
from engine.store.migrations import LATEST, MIGRATIONS, Migration, migrate

from .conftest import read, write


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    return names


async def test_open_creates_and_migrates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "down" / "workspace.db"
    async with Store.open(path) as store:
        assert store.schema_version == LATEST
        assert store.path == path
    assert {"worlds", "runs", "events", "messages", "model_calls", "blobs", "snapshots"} <= tables(
        path
    )


async def test_open_migrates_an_empty_file(db_path: Path) -> None:
    write(db_path, b"")
    async with Store.open(db_path) as store:
        assert store.schema_version == LATEST


async def test_reopen_is_idempotent_and_keeps_data(db_path: Path) -> None:
    async with Store.open(db_path) as store:
        world = await store.worlds.create("W", "w", "/w")
    for _ in range(2):
        store = await Store.open(db_path)
        try:
            assert store.schema_version == LATEST
            assert (await store.worlds.get(world.id)).slug == "w"
        finally:
            await store.close()
    with sqlite3.connect(db_path) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
    conn.close()
    assert versions == [m.version for m in MIGRATIONS]


async def test_pragmas_are_set(store: Store) -> None:
    def job(conn: sqlite3.Connection) -> tuple[str, int, int, int]:
        return (
            conn.execute("PRAGMA journal_mode").fetchone()[0],
            conn.execute("PRAGMA foreign_keys").fetchone()[0],
            conn.execute("PRAGMA busy_timeout").fetchone()[0],
            conn.execute("PRAGMA synchronous").fetchone()[0],
        )

    mode, fks, busy, sync = await store._db.run(job)
    assert (mode, fks, sync) == ("wal", 1, 2)  # synchronous 2 = FULL
    assert busy >= 5000


async def test_a_newer_schema_is_refused(db_path: Path) -> None:
    async with Store.open(db_path):
        pass
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'from the future', 0)", (LATEST + 1,))
    conn.close()
    with pytest.raises(StoreError, match=r"schema version \d+.*upgrade synthcomp") as info:
        await Store.open(db_path)
    assert not isinstance(info.value, CorruptDatabase)
    assert str(db_path) in str(info.value)


def test_a_later_migration_applies_on_top(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    extra = Migration(LATEST + 1, "a test column", ("ALTER TABLE worlds ADD COLUMN note TEXT",))
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, path) == LATEST
        assert migrate(conn, path, [*MIGRATIONS, extra]) == LATEST + 1
        assert migrate(conn, path, [*MIGRATIONS, extra]) == LATEST + 1  # idempotent
        cols = {r[1] for r in conn.execute("PRAGMA table_info(worlds)")}
        assert "note" in cols
        with pytest.raises(StoreError, match="upgrade synthcomp"):
            migrate(conn, path)  # the older code meets the newer file
    finally:
        conn.close()


def _plain(exc: BaseException, path: Path) -> None:
    text = str(exc)
    assert str(path) in text
    assert "backup" in text and "move it aside" in text
    assert "\n" not in text


async def test_junk_bytes_are_not_a_database(db_path: Path) -> None:
    write(db_path, random.Random(1).randbytes(8192))
    with pytest.raises(CorruptDatabase, match="not an SQLite database") as info:
        await Store.open(db_path)
    _plain(info.value, db_path)


async def _filled(path: Path) -> int:
    """A real workspace database with many pages; returns its page size."""
    async with Store.open(path) as store:
        world = await store.worlds.create("W", "w", "/w")
        run = await store.runs.create(world.id)
        seq = 1
        for turn in range(60):
            events = [
                NewEvent(kind="tool_result", turn=turn, payload={"text": f"{turn}-{i} " * 40})
                for i in range(5)
            ]
            await store.events.append_turn(run.id, events, expected_seq=seq)
            seq += len(events)
        await store.checkpoint()
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    return int(page_size)


async def test_pages_overwritten_in_the_middle_fail_the_check(db_path: Path) -> None:
    page_size = await _filled(db_path)
    raw = bytearray(read(db_path))
    pages = len(raw) // page_size
    assert pages > 20
    rng = random.Random(7)
    for page in (pages // 2, pages // 2 + 1, pages // 3):  # whole pages of junk, mid-file
        start = page * page_size
        raw[start : start + page_size] = rng.randbytes(page_size)
    write(db_path, bytes(raw))
    with pytest.raises(CorruptDatabase, match="integrity check") as info:
        await Store.open(db_path)
    _plain(info.value, db_path)


async def test_a_truncated_file_is_refused(db_path: Path) -> None:
    page_size = await _filled(db_path)
    raw = read(db_path)
    write(db_path, raw[: len(raw) // 2 + page_size // 3])  # cut mid-page
    with pytest.raises(CorruptDatabase, match="truncated") as info:
        await Store.open(db_path)
    _plain(info.value, db_path)


async def test_a_file_cut_on_a_page_boundary_is_refused(db_path: Path) -> None:
    page_size = await _filled(db_path)
    raw = read(db_path)
    write(db_path, raw[: (len(raw) // page_size // 2) * page_size])
    with pytest.raises(CorruptDatabase, match="truncated"):
        await Store.open(db_path)


async def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "ws.db").mkdir()
    with pytest.raises(StoreError, match="not a file"):
        await Store.open(tmp_path / "ws.db")


async def test_full_check_on_demand(store: Store) -> None:
    await store.check(full=True)
    await store.check(full=False)
