"""File contents by sha256, stored once, zlib-compressed where that helps.

Snapshots of a computer repeat most files from one checkpoint to the next, so
a blob is written only the first time its hash is seen. Office files are zip
archives already; a blob is kept raw when compression does not shrink it.
Hashing, compression and checking run on the connection's worker thread,
never on the event loop.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
import zlib
from collections.abc import Iterable, Mapping

from engine.errors import CorruptDatabase, NotFound

from .db import Db, chunks, immediate
from .records import BlobStats

_SHA = re.compile(r"^[0-9a-f]{64}$")
ORPHAN_MIN_AGE_S = 3600.0


def existing_shas(conn: sqlite3.Connection, shas: Iterable[str]) -> set[str]:
    wanted = sorted(set(shas))
    found: set[str] = set()
    for part in chunks(wanted):
        marks = ",".join("?" * len(part))
        found.update(
            r[0] for r in conn.execute(f"SELECT sha FROM blobs WHERE sha IN ({marks})", part)
        )
    return found


def _check_sha(sha: str) -> None:
    if not _SHA.match(sha):
        raise ValueError(f"not a sha256 hex digest: {sha!r}")


def _unpack(sha: str, size: int, codec: str, data: bytes, path: object) -> bytes:
    raw = zlib.decompress(data) if codec == "zlib" else bytes(data)
    if len(raw) != size or hashlib.sha256(raw).hexdigest() != sha:
        raise CorruptDatabase(
            f"The blob {sha} in the workspace database {path} does not match its hash; "
            "restore the database from a backup."
        )
    return raw


class BlobReads:
    def __init__(self, db: Db) -> None:
        self._db = db

    async def has_many(self, shas: Iterable[str]) -> set[str]:
        """Which of these hashes the store holds."""
        wanted = list(shas)
        return await self._db.run(lambda conn: existing_shas(conn, wanted))

    async def get(self, sha: str) -> bytes:
        """The blob's bytes (checked against its hash); NotFound if absent."""
        _check_sha(sha)
        path = self._db.path

        def job(conn: sqlite3.Connection) -> bytes:
            row = conn.execute(
                "SELECT size, codec, data FROM blobs WHERE sha = ?", (sha,)
            ).fetchone()
            if row is None:
                raise NotFound(f"The file content {sha} is not in this workspace's blob store.")
            return _unpack(sha, row["size"], row["codec"], row["data"], path)

        return await self._db.run(job)

    async def get_many(self, shas: Iterable[str]) -> dict[str, bytes]:
        """Several blobs at once (restoring a snapshot); NotFound if any is absent."""
        wanted = sorted(set(shas))
        path = self._db.path

        def job(conn: sqlite3.Connection) -> dict[str, bytes]:
            out: dict[str, bytes] = {}
            for part in chunks(wanted):
                marks = ",".join("?" * len(part))
                for row in conn.execute(
                    f"SELECT sha, size, codec, data FROM blobs WHERE sha IN ({marks})", part
                ):
                    out[row["sha"]] = _unpack(
                        row["sha"], row["size"], row["codec"], row["data"], path
                    )
            missing = [s for s in wanted if s not in out]
            if missing:
                raise NotFound(
                    f"The file content {missing[0]} is not in this workspace's blob store."
                )
            return out

        return await self._db.run(job)

    async def stats(self) -> BlobStats:
        """How many blobs, their raw bytes and the bytes they take in the database."""

        def job(conn: sqlite3.Connection) -> BlobStats:
            row = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0), COALESCE(SUM(stored_size), 0) FROM blobs"
            ).fetchone()
            return BlobStats(count=row[0], raw_bytes=row[1], stored_bytes=row[2])

        return await self._db.run(job)


class Blobs(BlobReads):
    """`store.blobs`: implements `engine.schema.snapshot.BlobStore`."""

    async def put_many(self, blobs: Mapping[str, bytes]) -> int:
        """Store blobs keyed by their sha256 (checked); return how many were new."""
        items = dict(blobs)
        for sha in items:
            _check_sha(sha)

        def job(conn: sqlite3.Connection) -> int:
            present = existing_shas(conn, items)
            rows = []
            now = time.time()
            for sha, data in items.items():
                if sha in present:
                    continue
                if hashlib.sha256(data).hexdigest() != sha:
                    raise ValueError(f"the bytes offered as {sha} have another sha256")
                packed = zlib.compress(data, 6)
                codec, stored = ("zlib", packed) if len(packed) < len(data) else ("raw", data)
                rows.append((sha, len(data), len(stored), codec, stored, now))
            if not rows:
                return 0
            with immediate(conn):
                before = conn.total_changes
                conn.executemany(
                    "INSERT OR IGNORE INTO blobs (sha, size, stored_size, codec, data, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
                return conn.total_changes - before

        return await self._db.run(job)

    async def collect_orphans(self, *, min_age_s: float = ORPHAN_MIN_AGE_S) -> int:
        """Delete blobs no snapshot references; return how many.

        Blobs are stored before the manifest that names them, so a blob
        younger than `min_age_s` may belong to a snapshot being written and is
        kept. (The freed pages are reused by SQLite; the file only shrinks on
        VACUUM.)
        """
        cutoff = time.time() - min_age_s

        def job(conn: sqlite3.Connection) -> int:
            with immediate(conn):
                cur = conn.execute(
                    "DELETE FROM blobs WHERE created_at <= ? AND NOT EXISTS "
                    "(SELECT 1 FROM snapshot_files f WHERE f.sha = blobs.sha)",
                    (cutoff,),
                )
                return cur.rowcount

        return await self._db.run(job)
