"""Runs: one row per simulation, with its stored status, head seq and fork pointers.

A fork is a new run whose `(parent_run_id, parent_seq)` name the turn it
branched from (ENGINE_NOTES rule 6). Its own seqs continue after
`parent_seq`, so a seq names the same moment along the whole lineage: the
fork's history is the parent's events up to `parent_seq`, then its own.
Ancestry is walked by those pointers, never by id or time order.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from engine.errors import NotFound, StoreError

from .db import Db, dumps, immediate, loads
from .records import RUN_STATUSES, RunRecord, RunStatus
from .worlds import fetch_world, new_id

_COLUMNS = (
    "id, world_id, path, options, status, status_reason, parent_run_id, parent_seq, "
    "head_seq, created_at, updated_at"
)


def run_from_row(row: sqlite3.Row) -> RunRecord:
    return RunRecord(
        id=row["id"],
        world_id=row["world_id"],
        path=row["path"],
        options=loads(row["options"]),
        status=row["status"],
        status_reason=row["status_reason"],
        parent_run_id=row["parent_run_id"],
        parent_seq=row["parent_seq"],
        head_seq=row["head_seq"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def fetch_run(conn: sqlite3.Connection, run_id: str) -> RunRecord:
    row = conn.execute(f"SELECT {_COLUMNS} FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise NotFound(f"There is no run with id {run_id!r} in this workspace.")
    return run_from_row(row)


def fetch_ancestry(conn: sqlite3.Connection, run_id: str) -> list[RunRecord]:
    """The run, its parent, its parent's parent... up to the root, by parent pointers."""
    rows = conn.execute(
        f"""
        WITH RECURSIVE lineage(id, depth) AS (
            SELECT id, 0 FROM runs WHERE id = ?
            UNION ALL
            SELECT runs.parent_run_id, lineage.depth + 1
            FROM runs JOIN lineage ON runs.id = lineage.id
            WHERE runs.parent_run_id IS NOT NULL
        )
        SELECT {", ".join("runs." + c.strip() for c in _COLUMNS.split(","))}
        FROM lineage JOIN runs ON runs.id = lineage.id
        ORDER BY lineage.depth
        """,
        (run_id,),
    ).fetchall()
    if not rows:
        raise NotFound(f"There is no run with id {run_id!r} in this workspace.")
    return [run_from_row(r) for r in rows]


class RunReads:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def get(self, run_id: str) -> RunRecord:
        return await self._db.run(lambda conn: fetch_run(conn, run_id))

    async def list(self, world_id: str | None = None) -> list[RunRecord]:
        """Every run (of one world, if given), oldest first."""

        def job(conn: sqlite3.Connection) -> list[RunRecord]:
            if world_id is None:
                rows = conn.execute(f"SELECT {_COLUMNS} FROM runs ORDER BY created_at, id")
            else:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM runs WHERE world_id = ? ORDER BY created_at, id",
                    (world_id,),
                )
            return [run_from_row(r) for r in rows]

        return await self._db.run(job)

    async def head_seq(self, run_id: str) -> int:
        """The last seq in the run's history (its parent_seq while a fresh fork has none)."""
        return (await self.get(run_id)).head_seq

    async def ancestry(self, run_id: str) -> list[RunRecord]:
        """The run first, then each parent up to the root run."""
        return await self._db.run(lambda conn: fetch_ancestry(conn, run_id))

    async def children(self, run_id: str) -> list[RunRecord]:
        """The runs forked directly from this one, oldest first."""

        def job(conn: sqlite3.Connection) -> list[RunRecord]:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM runs WHERE parent_run_id = ? ORDER BY created_at, id",
                (run_id,),
            )
            return [run_from_row(r) for r in rows]

        return await self._db.run(job)


class Runs(RunReads):
    """`store.runs`: create runs and forks, store their status."""

    async def create(
        self,
        world_id: str,
        options: dict[str, Any] | None = None,
        parent_run_id: str | None = None,
        parent_seq: int | None = None,
        *,
        path: str | Path | None = None,
        id: str | None = None,
    ) -> RunRecord:
        """Add a run of a world, or a fork of `parent_run_id` at `parent_seq`.

        A fork must be of a run of the same world, at a seq that run has
        reached; the fork's head starts at `parent_seq`.
        """
        if (parent_run_id is None) != (parent_seq is None):
            raise ValueError("a fork needs both parent_run_id and parent_seq")
        run_id = id or new_id()
        options_json = dumps(options or {})
        now = time.time()

        def job(conn: sqlite3.Connection) -> RunRecord:
            with immediate(conn):
                fetch_world(conn, world_id)
                head = 0
                if parent_run_id is not None and parent_seq is not None:
                    parent = fetch_run(conn, parent_run_id)
                    if parent.world_id != world_id:
                        raise StoreError(
                            f"Run {parent_run_id!r} belongs to another world; a fork stays "
                            "in its parent's world."
                        )
                    if not 0 <= parent_seq <= parent.head_seq:
                        raise StoreError(
                            f"Run {parent_run_id!r} has no seq {parent_seq} to fork from "
                            f"(its history ends at {parent.head_seq})."
                        )
                    head = parent_seq
                try:
                    conn.execute(
                        f"INSERT INTO runs ({_COLUMNS}) VALUES (?, ?, ?, ?, 'created', NULL, ?, ?, ?, ?, ?)",
                        (
                            run_id,
                            world_id,
                            None if path is None else str(path),
                            options_json,
                            parent_run_id,
                            parent_seq,
                            head,
                            now,
                            now,
                        ),
                    )
                except sqlite3.IntegrityError as exc:
                    raise StoreError(f"A run with the id {run_id!r} already exists.") from exc
            return fetch_run(conn, run_id)

        return await self._db.run(job)

    async def set_status(
        self, run_id: str, status: RunStatus, reason: str | None = None
    ) -> RunRecord:
        """Store the run's status (a paused run is still paused after a crash) and why."""
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        now = time.time()

        def job(conn: sqlite3.Connection) -> RunRecord:
            with immediate(conn):
                cur = conn.execute(
                    "UPDATE runs SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
                    (status, reason, now, run_id),
                )
                if cur.rowcount == 0:
                    raise NotFound(f"There is no run with id {run_id!r} in this workspace.")
            return fetch_run(conn, run_id)

        return await self._db.run(job)

    async def set_path(self, run_id: str, path: str | Path) -> RunRecord:
        """Record where the run's folder is (known once the id is)."""
        now = time.time()

        def job(conn: sqlite3.Connection) -> RunRecord:
            with immediate(conn):
                cur = conn.execute(
                    "UPDATE runs SET path = ?, updated_at = ? WHERE id = ?",
                    (str(path), now, run_id),
                )
                if cur.rowcount == 0:
                    raise NotFound(f"There is no run with id {run_id!r} in this workspace.")
            return fetch_run(conn, run_id)

        return await self._db.run(job)

    async def delete(self, run_id: str) -> None:
        """Remove a run with its events, model calls and snapshots; refused while forks of
        it exist (their history reads through it). Blobs stay until `collect_orphans`."""

        def job(conn: sqlite3.Connection) -> None:
            with immediate(conn):
                fetch_run(conn, run_id)
                (kids,) = conn.execute(
                    "SELECT COUNT(*) FROM runs WHERE parent_run_id = ?", (run_id,)
                ).fetchone()
                if kids:
                    raise StoreError(
                        f"Run {run_id!r} has {kids} fork(s) that read their history through "
                        "it; delete those first."
                    )
                conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))

        await self._db.run(job)
