"""Chat messages stored once, by the sha256 of their canonical JSON.

A conversation at turn 2,000 shares all but its newest messages with the
turn before; model-call rows therefore hold references into this pool, not
copies of the history (ENGINE_NOTES rule 4), and a message seen before costs
nothing to "store" again.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from typing import Any

from engine.errors import NotFound

from .db import Db, canonical, chunks, immediate, loads


def encode(message: dict[str, Any]) -> tuple[str, str]:
    """(sha256 hex, canonical JSON body) of one message."""
    body = canonical(message)
    return hashlib.sha256(body.encode("utf-8")).hexdigest(), body


def insert_messages(conn: sqlite3.Connection, encoded: Sequence[tuple[str, str]]) -> int:
    """Store the messages not yet in the pool (inside the caller's transaction); return how many."""
    before = conn.total_changes
    conn.executemany("INSERT OR IGNORE INTO messages (sha, body) VALUES (?, ?)", encoded)
    return conn.total_changes - before


def fetch_messages(conn: sqlite3.Connection, shas: Sequence[str]) -> list[dict[str, Any]]:
    """The messages for these refs, in the given order (repeats allowed); NotFound if any is absent."""
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(sorted(set(shas))):
        marks = ",".join("?" * len(part))
        for sha, body in conn.execute(
            f"SELECT sha, body FROM messages WHERE sha IN ({marks})", part
        ):
            found[sha] = loads(body)
    missing = [s for s in shas if s not in found]
    if missing:
        raise NotFound(f"The message {missing[0]} is not in this workspace's message pool.")
    return [found[s] for s in shas]


class MessageReads:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def get_many(self, shas: Sequence[str]) -> list[dict[str, Any]]:
        """The messages in the order of `shas`; NotFound if one is missing."""
        wanted = list(shas)
        return await self._db.run(lambda conn: fetch_messages(conn, wanted))

    async def count(self) -> int:
        def job(conn: sqlite3.Connection) -> int:
            (n,) = conn.execute("SELECT COUNT(*) FROM messages").fetchone()
            return int(n)

        return await self._db.run(job)


class Messages(MessageReads):
    """`store.messages`: the content-addressed message pool."""

    async def put_many(self, messages: Sequence[dict[str, Any]]) -> list[str]:
        """Store messages (those already present cost nothing); return their shas in order."""
        items = list(messages)

        def job(conn: sqlite3.Connection) -> list[str]:
            encoded = [encode(m) for m in items]  # hashed on the worker thread, not the loop
            with immediate(conn):
                insert_messages(conn, encoded)
            return [sha for sha, _ in encoded]

        return await self._db.run(job)
