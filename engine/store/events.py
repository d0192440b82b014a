"""The run log: append-only events keyed by (run_id, seq), one transaction per turn.

The log is the source of truth (the inbox, the turn stream and the scores are
views of it), so a turn lands whole or not at all: its events, the run's head
seq and optionally its file manifest commit in one BEGIN IMMEDIATE
transaction executed as one call on the writer's thread (ENGINE_NOTES rules 1
and 2). The seq the caller expects is checked against the run's head inside
that transaction: an append of a seq the run already has is refused, which is
the guard that keeps a resumed run from repeating a turn.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence

from engine.errors import StoreError
from engine.schema.snapshot import Manifest

from .db import Db, dumps, immediate, loads, reading
from .records import EventRecord, NewEvent
from .runs import fetch_ancestry, fetch_run
from .snapshots import insert_manifest

_COLUMNS = "run_id, seq, day, turn, kind, actor, payload, ts"
MAX_PAGE = 10_000


def event_from_row(row: sqlite3.Row) -> EventRecord:
    return EventRecord(
        run_id=row["run_id"],
        seq=row["seq"],
        day=row["day"],
        turn=row["turn"],
        kind=row["kind"],
        actor=row["actor"],
        payload=loads(row["payload"]),
        ts=row["ts"],
    )


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit must be between 1 and {MAX_PAGE}")


class EventReads:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def list(
        self,
        run_id: str,
        since_seq: int = 0,
        limit: int = 500,
        *,
        kinds: Sequence[str] | None = None,
    ) -> list[EventRecord]:
        """One page of the run's own events with seq > since_seq, in order.

        Page on with the last seq seen: `list(run, since_seq=page[-1].seq)`.
        """
        _check_limit(limit)
        kind_list = list(kinds) if kinds is not None else None

        def job(conn: sqlite3.Connection) -> list[EventRecord]:
            if kind_list is None:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM events WHERE run_id = ? AND seq > ? "
                    "ORDER BY seq LIMIT ?",
                    (run_id, since_seq, limit),
                )
            else:
                marks = ",".join("?" * len(kind_list))
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM events WHERE run_id = ? AND seq > ? "
                    f"AND kind IN ({marks}) ORDER BY seq LIMIT ?",
                    (run_id, since_seq, *kind_list, limit),
                )
            return [event_from_row(r) for r in rows]

        return await self._db.run(job)

    async def history(self, run_id: str, since_seq: int = 0, limit: int = 500) -> list[EventRecord]:
        """One page of the run's whole timeline: for a fork, the ancestors' events up to
        each fork point, then its own. Pages the same way as `list`."""
        _check_limit(limit)

        def job(conn: sqlite3.Connection) -> list[EventRecord]:
            with reading(conn):
                lineage = fetch_ancestry(conn, run_id)
                out: list[EventRecord] = []
                upper: int | None = None  # the seq up to which the run below reads from this one
                segments: list[tuple[str, int | None]] = []
                for run in lineage:
                    segments.append((run.id, upper))
                    upper = run.parent_seq
                for seg_run, seg_upper in reversed(segments):
                    if len(out) >= limit:
                        break
                    cap = seg_upper if seg_upper is not None else -1
                    rows = conn.execute(
                        f"SELECT {_COLUMNS} FROM events WHERE run_id = ? AND seq > ? "
                        "AND (? < 0 OR seq <= ?) ORDER BY seq LIMIT ?",
                        (seg_run, since_seq, cap, cap, limit - len(out)),
                    )
                    out.extend(event_from_row(r) for r in rows)
                return out

        return await self._db.run(job)

    async def last_seq(self, run_id: str) -> int:
        """The run's head seq: its last event's (or its fork point while it has none)."""
        return await self._db.run(lambda conn: fetch_run(conn, run_id).head_seq)

    async def count(self, run_id: str) -> int:
        """How many events the run itself holds (a fork's inherited ones not counted)."""

        def job(conn: sqlite3.Connection) -> int:
            (n,) = conn.execute(
                "SELECT COUNT(*) FROM events WHERE run_id = ?", (run_id,)
            ).fetchone()
            return int(n)

        return await self._db.run(job)


class EventLog(EventReads):
    """`store.events`: the append-only log."""

    async def append_turn(
        self,
        run_id: str,
        events: Sequence[NewEvent],
        *,
        expected_seq: int,
        snapshot: tuple[int, Manifest] | None = None,
    ) -> list[EventRecord]:
        """Append one turn's events as seq expected_seq, expected_seq+1, ..., atomically.

        `expected_seq` must be the run's head + 1: a seq the run already has
        is refused (StoreError, nothing written), and so is a gap. With
        `snapshot=(seq, manifest)` the turn's file manifest commits in the same
        transaction; its blobs must already be stored. If the awaiting task is
        cancelled, the turn is either wholly written or not at all; read
        `last_seq` to know which.
        """
        if not events:
            raise ValueError("a turn has at least one event")
        now = time.time()
        rows = [
            (
                run_id,
                expected_seq + i,
                ev.day,
                ev.turn,
                ev.kind,
                ev.actor,
                dumps(ev.payload),
                now if ev.ts is None else ev.ts,
            )
            for i, ev in enumerate(events)
        ]
        last = expected_seq + len(rows) - 1
        if snapshot is not None and not expected_seq - 1 <= snapshot[0] <= last:
            raise ValueError(
                f"a turn's snapshot seq must lie in [{expected_seq - 1}, {last}], not {snapshot[0]}"
            )

        def job(conn: sqlite3.Connection) -> list[EventRecord]:
            with immediate(conn):
                head = fetch_run(conn, run_id).head_seq
                if expected_seq <= head:
                    raise StoreError(
                        f"Run {run_id!r} already has seq {expected_seq} (its head is {head}); "
                        "a turn is never appended twice, so resume from seq "
                        f"{head + 1}."
                    )
                if expected_seq != head + 1:
                    raise StoreError(
                        f"Run {run_id!r} ends at seq {head}, so its next turn starts at "
                        f"{head + 1}, not {expected_seq}."
                    )
                try:
                    conn.executemany(
                        f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
                    )
                except sqlite3.IntegrityError as exc:  # a backstop: the head check comes first
                    raise StoreError(
                        f"Run {run_id!r} already has an event in seq {expected_seq}..{last}; "
                        "a turn is never appended twice."
                    ) from exc
                conn.execute(
                    "UPDATE runs SET head_seq = ?, updated_at = ? WHERE id = ?",
                    (last, now, run_id),
                )
                if snapshot is not None:
                    insert_manifest(conn, snapshot[1], seq=snapshot[0], run_id=run_id, now=now)
            return [
                EventRecord(
                    run_id=r[0],
                    seq=r[1],
                    day=r[2],
                    turn=r[3],
                    kind=r[4],
                    actor=r[5],
                    payload=ev.payload,
                    ts=r[7],
                )
                for r, ev in zip(rows, events, strict=True)
            ]

        return await self._db.run(job)
