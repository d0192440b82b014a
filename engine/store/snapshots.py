"""Snapshots: a manifest (path -> blob hash) of a run or a world at a seq.

The manifest row is the checkpoint's commit marker (ENGINE_NOTES rule 5):
blobs are stored first, the manifest last, and saving a manifest that names a
blob the store lacks is refused, so a manifest that exists always restores.
Files are rows of `snapshot_files` (not a JSON document) so that orphan
collection and the blob foreign key can see every reference.
"""

from __future__ import annotations

import sqlite3
import time

from engine.errors import NotFound, StoreError
from engine.schema.snapshot import FileEntry, Manifest

from .blobs import existing_shas
from .db import Db, immediate, reading
from .records import SnapshotInfo, SnapshotRecord
from .runs import fetch_ancestry, fetch_run
from .worlds import fetch_world

_COLUMNS = "id, run_id, world_id, seq, file_count, total_bytes, created_at"


def info_from_row(row: sqlite3.Row) -> SnapshotInfo:
    return SnapshotInfo(
        id=row["id"],
        run_id=row["run_id"],
        world_id=row["world_id"],
        seq=row["seq"],
        file_count=row["file_count"],
        total_bytes=row["total_bytes"],
        created_at=row["created_at"],
    )


def insert_manifest(
    conn: sqlite3.Connection,
    manifest: Manifest,
    *,
    seq: int,
    run_id: str | None = None,
    world_id: str | None = None,
    now: float,
) -> SnapshotInfo:
    """Write a manifest inside the caller's transaction, after checking its blobs exist."""
    if (run_id is None) == (world_id is None):
        raise ValueError("a snapshot belongs to exactly one of a run or a world")
    if seq < 0:
        raise ValueError("a snapshot's seq is >= 0")
    if run_id is not None:
        fetch_run(conn, run_id)
    else:
        fetch_world(conn, world_id or "")
    needed = {e.sha256 for e in manifest.files.values()}
    missing = needed - existing_shas(conn, needed)
    if missing:
        sample = ", ".join(sorted(missing)[:3])
        raise StoreError(
            f"A snapshot names {len(missing)} blob(s) the store does not hold ({sample}...); "
            "store the blobs before the manifest."
        )
    try:
        cur = conn.execute(
            "INSERT INTO snapshots (run_id, world_id, seq, file_count, total_bytes, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (run_id, world_id, seq, len(manifest.files), manifest.total_bytes(), now),
        )
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"Run {run_id!r} already has a snapshot at seq {seq}.") from exc
    snap_id = cur.lastrowid
    conn.executemany(
        "INSERT INTO snapshot_files (snapshot_id, path, sha, size, mtime) VALUES (?, ?, ?, ?, ?)",
        [(snap_id, p, e.sha256, e.size, e.mtime) for p, e in manifest.files.items()],
    )
    row = conn.execute(f"SELECT {_COLUMNS} FROM snapshots WHERE id = ?", (snap_id,)).fetchone()
    return info_from_row(row)


def load_snapshot(conn: sqlite3.Connection, row: sqlite3.Row) -> SnapshotRecord:
    files = {
        r["path"]: FileEntry(sha256=r["sha"], size=r["size"], mtime=r["mtime"])
        for r in conn.execute(
            "SELECT path, sha, size, mtime FROM snapshot_files WHERE snapshot_id = ? ORDER BY path",
            (row["id"],),
        )
    }
    return SnapshotRecord(**info_from_row(row).model_dump(), manifest=Manifest(files=files))


class SnapshotReads:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def get(self, snapshot_id: int) -> SnapshotRecord:
        def job(conn: sqlite3.Connection) -> SnapshotRecord:
            with reading(conn):
                row = conn.execute(
                    f"SELECT {_COLUMNS} FROM snapshots WHERE id = ?", (snapshot_id,)
                ).fetchone()
                if row is None:
                    raise NotFound(f"There is no snapshot {snapshot_id} in this workspace.")
                return load_snapshot(conn, row)

        return await self._db.run(job)

    async def latest_at_or_before(self, run_id: str, seq: int) -> SnapshotRecord | None:
        """The nearest snapshot at or before `seq` in the run's history.

        For a fork this looks through its ancestors too (each only up to the
        point the run below branched off), since their files are its past.
        None when no snapshot covers that seq.
        """

        def job(conn: sqlite3.Connection) -> SnapshotRecord | None:
            with reading(conn):
                bound = seq
                for run in fetch_ancestry(conn, run_id):
                    row = conn.execute(
                        f"SELECT {_COLUMNS} FROM snapshots WHERE run_id = ? AND seq <= ? "
                        "ORDER BY seq DESC LIMIT 1",
                        (run.id, bound),
                    ).fetchone()
                    if row is not None:
                        return load_snapshot(conn, row)
                    if run.parent_seq is None:
                        break
                    bound = min(bound, run.parent_seq)
                return None

        return await self._db.run(job)

    async def latest_of_world(self, world_id: str) -> SnapshotRecord | None:
        """The world's most recently saved snapshot (of the world itself, not of its runs)."""

        def job(conn: sqlite3.Connection) -> SnapshotRecord | None:
            with reading(conn):
                row = conn.execute(
                    f"SELECT {_COLUMNS} FROM snapshots WHERE world_id = ? ORDER BY id DESC LIMIT 1",
                    (world_id,),
                ).fetchone()
                return None if row is None else load_snapshot(conn, row)

        return await self._db.run(job)

    async def list(
        self, *, run_id: str | None = None, world_id: str | None = None
    ) -> list[SnapshotInfo]:
        """A run's snapshots by seq, or a world's own snapshots by age (manifests not loaded)."""
        if (run_id is None) == (world_id is None):
            raise ValueError("list the snapshots of exactly one of a run or a world")

        def job(conn: sqlite3.Connection) -> list[SnapshotInfo]:
            if run_id is not None:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM snapshots WHERE run_id = ? ORDER BY seq", (run_id,)
                )
            else:
                rows = conn.execute(
                    f"SELECT {_COLUMNS} FROM snapshots WHERE world_id = ? ORDER BY id",
                    (world_id,),
                )
            return [info_from_row(r) for r in rows]

        return await self._db.run(job)


class Snapshots(SnapshotReads):
    """`store.snapshots`: save manifests (the commit marker of a checkpoint) and find them."""

    async def save(
        self,
        manifest: Manifest,
        *,
        seq: int,
        run_id: str | None = None,
        world_id: str | None = None,
    ) -> SnapshotRecord:
        """Save the manifest of a run (at a seq) or of a world; its blobs must be stored."""
        now = time.time()

        def job(conn: sqlite3.Connection) -> SnapshotInfo:
            with immediate(conn):
                return insert_manifest(
                    conn, manifest, seq=seq, run_id=run_id, world_id=world_id, now=now
                )

        info = await self._db.run(job)
        return SnapshotRecord(**info.model_dump(), manifest=manifest)
