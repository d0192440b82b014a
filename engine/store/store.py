"""The workspace database: open (check, configure, migrate), repositories, readers, close.

One `Store` owns the only writer connection (ENGINE_NOTES rule 12); a UI on
the same event loop reads through `store.reader()`, a separate read-only
connection that pages the log without ever holding the write lock.

Two ways to hold one, both closing the connection on the way out::

    async with Store.open(path) as store:    # preferred
        ...

    store = await Store.open(path)           # when the owner closes it later
    try:
        ...
    finally:
        await store.close()

An aiosqlite connection that is never closed keeps its worker thread alive
and hangs the process at exit, so `close` also closes any reader still open.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Coroutine, Generator
from contextlib import asynccontextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import aiosqlite

from engine.errors import CorruptDatabase, StoreError

from .blobs import BlobReads, Blobs
from .calls import CallReads, ModelCalls
from .db import BUSY_TIMEOUT_MS, Db, translate
from .events import EventLog, EventReads
from .messages import MessageReads, Messages
from .migrations import current_version, migrate
from .records import WalCheckpoint
from .runs import RunReads, Runs
from .snapshots import SnapshotReads, Snapshots
from .worlds import WorldReads, Worlds

Check = Literal["quick", "full", "none"]
_MAGIC = b"SQLite format 3\x00"


def _damaged(path: Path, what: str) -> CorruptDatabase:
    return CorruptDatabase(
        f"The workspace database {path} {what}; restore it from a backup, or move it aside "
        "so synthcomp can create a new one."
    )


def check_file(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is not SQLite or is cut short.

    The size check is skipped while a write-ahead log is present: a crash in
    the middle of a checkpoint may leave the main file short, and SQLite
    repairs that from the log on open (the integrity check after opening
    still runs).
    """
    if not path.exists():
        return
    if not path.is_file():
        raise StoreError(f"The workspace database {path} is not a file; move it aside.")
    size = path.stat().st_size
    if size == 0:  # SQLite treats an empty file as an empty database
        return
    with path.open("rb") as f:
        head = f.read(100)
    if len(head) < 100 or not head.startswith(_MAGIC):
        raise _damaged(path, "is not an SQLite database")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise _damaged(path, "has a damaged header")
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    pages = int.from_bytes(head[28:32], "big")
    header_size_valid = head[24:28] == head[92:96]
    if size % page_size or (header_size_valid and size < pages * page_size):
        raise _damaged(path, "is truncated")


def check_integrity(conn: sqlite3.Connection, path: Path, check: Check) -> None:
    if check == "none":
        return
    pragma = "quick_check" if check == "quick" else "integrity_check"
    try:
        problems = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:  # damage bad enough that the check itself fails
        raise _damaged(path, f"failed its integrity check ({exc})") from exc
    if problems != ["ok"]:
        raise _damaged(path, f"failed its integrity check ({problems[0]})")


async def _connect(
    path: Path, setup: Callable[[sqlite3.Connection], Any], *, readonly: bool
) -> tuple[Db, Any]:
    """Open an aiosqlite connection and run `setup` on its thread; close it if anything fails.

    `isolation_level=None` turns off the sqlite3 module's implicit BEGINs:
    every transaction here is an explicit BEGIN (see `db.immediate`).
    """
    target, extra = (path.as_uri() + "?mode=ro", {"uri": True}) if readonly else (path, {})
    try:
        conn = await aiosqlite.connect(target, isolation_level=None, **extra)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    db = Db(conn, path, readonly=readonly)
    try:
        result = await db.run(setup)
    except BaseException:
        await db.close()
        raise
    return db, result


class Store:
    """The workspace database. Repositories are attributes: worlds, runs, events,
    messages, model_calls, blobs, snapshots."""

    def __init__(self, db: Db, schema_version: int) -> None:
        self._db = db
        self.path = db.path
        self.schema_version = schema_version
        self._readers: set[Db] = set()
        self.worlds = Worlds(db)
        self.runs = Runs(db)
        self.events = EventLog(db)
        self.messages = Messages(db)
        self.model_calls = ModelCalls(db)
        self.blobs = Blobs(db)
        self.snapshots = Snapshots(db)

    @classmethod
    def open(cls, path: str | Path, *, check: Check = "quick") -> _Opening:
        """Open (creating if missing), check, configure and migrate the database at `path`.

        Await it, or use it as an async context manager. A file that is not
        SQLite, is truncated or fails `PRAGMA quick_check` (`integrity_check`
        with check="full") raises CorruptDatabase; a schema newer than this
        code raises StoreError.
        """
        resolved = Path(path).expanduser().absolute()
        return _Opening(lambda: cls._open(resolved, check))

    @classmethod
    async def _open(cls, path: Path, check: Check) -> Store:
        def prepare() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            check_file(path)

        await asyncio.to_thread(prepare)  # file system work stays off the event loop

        def setup(conn: sqlite3.Connection) -> int:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            check_integrity(conn, path, check)
            (mode,) = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            if str(mode).lower() != "wal":
                raise StoreError(
                    f"The workspace database {path} cannot use write-ahead logging "
                    f"(journal mode stayed {mode!r}); put the workspace on a local disk."
                )
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            return migrate(conn, path)

        db, version = await _connect(path, setup, readonly=False)
        return cls(db, version)

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Reader]:
        """A read-only connection of its own (URI mode=ro), closed on leaving the block.

        It sees what the writer has committed, never a turn half-written, and
        each read is its own short transaction, so it never blocks the writer.
        """

        def setup(conn: sqlite3.Connection) -> int:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
            return current_version(conn)

        db, version = await _connect(self.path, setup, readonly=True)
        self._readers.add(db)
        try:
            yield Reader(db, version)
        finally:
            self._readers.discard(db)
            await db.close()

    async def checkpoint(self) -> WalCheckpoint:
        """Fold the write-ahead log into the database and truncate it (call when idle)."""

        def job(conn: sqlite3.Connection) -> WalCheckpoint:
            busy, log, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return WalCheckpoint(busy=bool(busy), log_frames=log, checkpointed_frames=done)

        return await self._db.run(job)

    async def check(self, *, full: bool = True) -> None:
        """Run integrity_check (or quick_check); CorruptDatabase if anything is wrong."""
        path = self.path
        await self._db.run(lambda conn: check_integrity(conn, path, "full" if full else "quick"))

    async def close(self) -> None:
        """Close every reader still open, then the writer. Safe to call twice."""
        for db in list(self._readers):
            await db.close()
        self._readers.clear()
        await self._db.close()

    @property
    def closed(self) -> bool:
        return self._db.closed

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class Reader:
    """Read-only repositories over a reader connection (no method here writes)."""

    def __init__(self, db: Db, schema_version: int) -> None:
        self._db = db
        self.schema_version = schema_version
        self.worlds = WorldReads(db)
        self.runs = RunReads(db)
        self.events = EventReads(db)
        self.messages = MessageReads(db)
        self.model_calls = CallReads(db)
        self.blobs = BlobReads(db)
        self.snapshots = SnapshotReads(db)


class _Opening:
    """What `Store.open` returns: awaitable (gives the Store) and an async context manager."""

    def __init__(self, open_: Callable[[], Coroutine[Any, Any, Store]]) -> None:
        self._open = open_  # called on first use, so an unused opener leaves no coroutine behind
        self._store: Store | None = None

    def __await__(self) -> Generator[Any, None, Store]:
        return self._open().__await__()

    async def __aenter__(self) -> Store:
        self._store = await self._open()
        return self._store

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._store is not None:
            await self._store.close()
