"""The one door to SQLite: run a plain function on a connection's own thread.

aiosqlite owns one worker thread per connection and runs every sqlite3 call on
it, one queued call at a time. Awaiting `execute` once per statement would put
an `await` between BEGIN and COMMIT, and a task cancelled at that `await`
leaves the transaction open on the connection ("database is locked" for
everyone else). So every repository operation here is a synchronous function
of a `sqlite3.Connection`, and `Db.run` hands that whole function to the worker
thread as ONE queued call: BEGIN, the statements and COMMIT (or ROLLBACK in
`finally`) all happen on that thread with nothing for a cancellation to
interrupt (ENGINE_NOTES rule 2).

aiosqlite (0.22) has no public way to queue a function: `Connection._execute`
is the private hook its own `create_function`, `backup` and `iterdump` use, and
`Connection._conn` is the sqlite3 connection it wraps. Both are used in this
module only, and `tests/store/test_db.py` pins them, so an aiosqlite upgrade
that renames them fails a test rather than the engine.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from engine.errors import CorruptDatabase, StoreError

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000


class _Abandoned(Exception):
    """The awaiting task was cancelled before the worker thread reached the job."""


class Db:
    """One aiosqlite connection (the writer, or a read-only reader) and its path."""

    def __init__(self, conn: aiosqlite.Connection, path: Path, *, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.closed = False

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run `fn(sqlite3_connection)` on the connection's worker thread and return its result.

        Cancelling the awaiting task has two possible outcomes, both clean: if
        the worker has not started the job yet, the job is skipped (nothing
        happens); if it has, the job runs to its end (commit or rollback) and
        its result is dropped. Either way the connection is never left inside
        a transaction, and because the worker runs jobs in order, any later
        call on this `Db` sees the finished state (so after a cancelled append,
        `last_seq` tells whether the turn landed).
        """
        if self.closed:
            raise StoreError(f"The workspace database {self.path} is already closed.")
        abandoned = threading.Event()
        aconn = self.conn

        def job() -> T:
            if abandoned.is_set():
                raise _Abandoned
            return fn(aconn._conn)  # private: the wrapped sqlite3.Connection (see module doc)

        try:
            # private hook: queue one callable on aiosqlite's worker thread (see module doc)
            return await aconn._execute(job)
        except asyncio.CancelledError:
            abandoned.set()
            raise
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        await self.conn.close()


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction taken with BEGIN IMMEDIATE, rolled back in `finally` on any failure.

    IMMEDIATE takes the write lock at BEGIN, so a busy database waits (busy
    timeout) at the start instead of failing at the first write mid-turn.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A short read transaction, so several SELECTs see one consistent state."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """Turn an sqlite3 error into one plain sentence about the workspace database."""
    text = str(exc)
    low = text.lower()
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return CorruptDatabase(
            f"The workspace database {path} is damaged ({text}); restore it from a backup, "
            "or move it aside so synthcomp can create a new one."
        )
    if "locked" in low or "busy" in low:
        return StoreError(
            f"The workspace database {path} is locked by another program; close the other "
            "synthcomp using it and try again."
        )
    if "readonly" in low or "read-only" in low:
        return StoreError(
            f"The workspace database {path} cannot be written ({text}); check its permissions."
        )
    if "disk i/o" in low or "full" in low:
        return StoreError(
            f"The workspace database {path} could not be written ({text}); check free disk space."
        )
    return StoreError(f"The workspace database {path} refused an operation: {text}.")


def dumps(obj: Any) -> str:
    """Compact JSON as stored in TEXT columns (key order kept)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical(obj: Any) -> str:
    """Canonical JSON (sorted keys, compact): the bytes a content hash is taken over."""
    return json.dumps(
        obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
    )


def chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """Split a list of keys so no statement binds more `?` parameters than SQLite allows."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
