"""Worlds: one row per synthetic computer (its files live in a folder the row points at)."""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

from engine.errors import NotFound, StoreError

from .db import Db, dumps, immediate, loads
from .records import WorldRecord

_COLUMNS = "id, name, slug, path, occupation, meta, created_at, updated_at"
_UPDATABLE = frozenset({"name", "slug", "path", "occupation", "meta"})


def new_id() -> str:
    """A short random id (12 hex digits of a uuid4): unique enough for one workspace."""
    return uuid.uuid4().hex[:12]


def world_from_row(row: sqlite3.Row) -> WorldRecord:
    return WorldRecord(
        id=row["id"],
        name=row["name"],
        slug=row["slug"],
        path=row["path"],
        occupation=row["occupation"],
        meta=loads(row["meta"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def fetch_world(conn: sqlite3.Connection, world_id: str) -> WorldRecord:
    row = conn.execute(f"SELECT {_COLUMNS} FROM worlds WHERE id = ?", (world_id,)).fetchone()
    if row is None:
        raise NotFound(f"There is no world with id {world_id!r} in this workspace.")
    return world_from_row(row)


def _slug_taken(slug: str) -> StoreError:
    return StoreError(f"A world with the slug {slug!r} already exists; choose another name.")


class WorldReads:
    """The read side, shared by the writer's store and read-only readers."""

    def __init__(self, db: Db) -> None:
        self._db = db

    async def get(self, world_id: str) -> WorldRecord:
        """The world with this id; NotFound if there is none."""
        return await self._db.run(lambda conn: fetch_world(conn, world_id))

    async def get_by_slug(self, slug: str) -> WorldRecord:
        def job(conn: sqlite3.Connection) -> WorldRecord:
            row = conn.execute(f"SELECT {_COLUMNS} FROM worlds WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                raise NotFound(f"There is no world named {slug!r} in this workspace.")
            return world_from_row(row)

        return await self._db.run(job)

    async def list(self) -> list[WorldRecord]:
        """Every world, oldest first."""

        def job(conn: sqlite3.Connection) -> list[WorldRecord]:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM worlds ORDER BY created_at, id")
            return [world_from_row(r) for r in rows]

        return await self._db.run(job)


class Worlds(WorldReads):
    """`store.worlds`: create, read, update and delete world rows."""

    async def create(
        self,
        name: str,
        slug: str,
        path: str | Path,
        occupation: str = "",
        meta: dict[str, Any] | None = None,
        *,
        id: str | None = None,
    ) -> WorldRecord:
        """Add a world. The slug names its folder, so it is unique (StoreError if taken)."""
        world_id = id or new_id()
        meta_json = dumps(meta or {})
        now = time.time()

        def job(conn: sqlite3.Connection) -> WorldRecord:
            try:
                with immediate(conn):
                    conn.execute(
                        f"INSERT INTO worlds ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (world_id, name, slug, str(path), occupation, meta_json, now, now),
                    )
            except sqlite3.IntegrityError as exc:
                if "slug" in str(exc):
                    raise _slug_taken(slug) from exc
                raise StoreError(f"A world with the id {world_id!r} already exists.") from exc
            return fetch_world(conn, world_id)

        return await self._db.run(job)

    async def update(self, world_id: str, **fields: Any) -> WorldRecord:
        """Change some of name, slug, path, occupation, meta (meta is replaced whole)."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"cannot update world field(s) {sorted(unknown)}")
        values = {k: dumps(v) if k == "meta" else str(v) for k, v in fields.items()}
        now = time.time()

        def job(conn: sqlite3.Connection) -> WorldRecord:
            try:
                with immediate(conn):
                    fetch_world(conn, world_id)
                    if values:
                        sets = ", ".join(f"{k} = ?" for k in values)
                        conn.execute(
                            f"UPDATE worlds SET {sets}, updated_at = ? WHERE id = ?",
                            (*values.values(), now, world_id),
                        )
            except sqlite3.IntegrityError as exc:
                raise _slug_taken(str(fields.get("slug"))) from exc
            return fetch_world(conn, world_id)

        return await self._db.run(job)

    async def delete(self, world_id: str, *, cascade: bool = False) -> None:
        """Remove a world's row. Its runs (with their events, calls, snapshots) go too
        only when `cascade` is true; otherwise a world with runs is refused.
        The world's folder on disk is not touched: that is the caller's to remove."""

        def job(conn: sqlite3.Connection) -> None:
            with immediate(conn):
                fetch_world(conn, world_id)
                (runs,) = conn.execute(
                    "SELECT COUNT(*) FROM runs WHERE world_id = ?", (world_id,)
                ).fetchone()
                if runs and not cascade:
                    raise StoreError(
                        f"The world {world_id!r} still has {runs} run(s); delete them first "
                        "or delete the world with its runs."
                    )
                conn.execute("DELETE FROM worlds WHERE id = ?", (world_id,))

        await self._db.run(job)
