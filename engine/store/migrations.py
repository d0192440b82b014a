"""Numbered schema migrations, applied in order, each in its own transaction.

The database records every applied step in `schema_version`; the current
version is the highest one. A step is only ever appended to `MIGRATIONS`,
never edited once released: a database in the field was built by the old
text. A database whose version is higher than this code knows was written by
a newer synthcomp and is refused rather than guessed at.

Statements are listed one by one (not run with `executescript`, which commits
any open transaction first), so a step and its `schema_version` row commit
together or not at all.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from engine.errors import StoreError

from .db import immediate


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  REAL NOT NULL
)
"""

_STATUSES = "'created','running','paused','stopped','finished','failed'"
_CALL_STATUSES = "'pending','ok','error','truncated','refused','invalid'"

MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "worlds, runs, events, messages, model calls, blobs, snapshots",
        (
            """
            CREATE TABLE worlds (
                id          TEXT PRIMARY KEY,
                name        TEXT NOT NULL,
                slug        TEXT NOT NULL UNIQUE,
                path        TEXT NOT NULL,
                occupation  TEXT NOT NULL DEFAULT '',
                meta        TEXT NOT NULL DEFAULT '{}',
                created_at  REAL NOT NULL,
                updated_at  REAL NOT NULL
            )
            """,
            f"""
            CREATE TABLE runs (
                id             TEXT PRIMARY KEY,
                world_id       TEXT NOT NULL REFERENCES worlds(id) ON DELETE CASCADE,
                path           TEXT,
                options        TEXT NOT NULL DEFAULT '{{}}',
                status         TEXT NOT NULL DEFAULT 'created' CHECK (status IN ({_STATUSES})),
                status_reason  TEXT,
                parent_run_id  TEXT REFERENCES runs(id),
                parent_seq     INTEGER CHECK (parent_seq >= 0),
                head_seq       INTEGER NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
                created_at     REAL NOT NULL,
                updated_at     REAL NOT NULL,
                CHECK ((parent_run_id IS NULL) = (parent_seq IS NULL))
            )
            """,
            "CREATE INDEX runs_world ON runs(world_id, created_at)",
            "CREATE INDEX runs_parent ON runs(parent_run_id)",
            """
            CREATE TABLE events (
                run_id   TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                seq      INTEGER NOT NULL CHECK (seq >= 1),
                day      INTEGER NOT NULL,
                turn     INTEGER NOT NULL,
                kind     TEXT NOT NULL,
                actor    TEXT NOT NULL,
                payload  TEXT NOT NULL,
                ts       REAL NOT NULL,
                PRIMARY KEY (run_id, seq)
            )
            """,
            "CREATE INDEX events_kind ON events(run_id, kind, seq)",
            """
            CREATE TABLE messages (
                sha   TEXT PRIMARY KEY,
                body  TEXT NOT NULL
            )
            """,
            f"""
            CREATE TABLE model_calls (
                id                 INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id             TEXT REFERENCES runs(id) ON DELETE CASCADE,
                world_id           TEXT REFERENCES worlds(id) ON DELETE CASCADE,
                purpose            TEXT NOT NULL,
                turn               INTEGER,
                call_idx           INTEGER NOT NULL,
                backend            TEXT NOT NULL,
                model              TEXT NOT NULL,
                request_hash       TEXT NOT NULL,
                request_params     TEXT NOT NULL,
                base_id            INTEGER,
                base_len           INTEGER NOT NULL DEFAULT 0,
                message_refs       BLOB NOT NULL,
                message_count      INTEGER NOT NULL,
                status             TEXT NOT NULL DEFAULT 'pending'
                                   CHECK (status IN ({_CALL_STATUSES})),
                response           TEXT,
                usage              TEXT,
                prompt_tokens      INTEGER NOT NULL DEFAULT 0,
                completion_tokens  INTEGER NOT NULL DEFAULT 0,
                cached_tokens      INTEGER NOT NULL DEFAULT 0,
                latency_ms         REAL NOT NULL DEFAULT 0,
                attempts           INTEGER NOT NULL DEFAULT 0,
                error              TEXT,
                request_id         TEXT,
                started_at         REAL NOT NULL,
                ended_at           REAL
            )
            """,
            "CREATE INDEX model_calls_turn ON model_calls(run_id, turn, call_idx)",
            "CREATE INDEX model_calls_world ON model_calls(world_id, id)",
            "CREATE INDEX model_calls_base ON model_calls(run_id, purpose, id) WHERE base_id IS NULL",
            """
            CREATE TABLE blobs (
                sha          TEXT PRIMARY KEY,
                size         INTEGER NOT NULL,
                stored_size  INTEGER NOT NULL,
                codec        TEXT NOT NULL CHECK (codec IN ('raw', 'zlib')),
                data         BLOB NOT NULL,
                created_at   REAL NOT NULL
            )
            """,
            """
            CREATE TABLE snapshots (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id       TEXT REFERENCES runs(id) ON DELETE CASCADE,
                world_id     TEXT REFERENCES worlds(id) ON DELETE CASCADE,
                seq          INTEGER NOT NULL CHECK (seq >= 0),
                file_count   INTEGER NOT NULL,
                total_bytes  INTEGER NOT NULL,
                created_at   REAL NOT NULL,
                CHECK ((run_id IS NULL) <> (world_id IS NULL))
            )
            """,
            "CREATE UNIQUE INDEX snapshots_run_seq ON snapshots(run_id, seq)",
            "CREATE INDEX snapshots_world ON snapshots(world_id, id)",
            """
            CREATE TABLE snapshot_files (
                snapshot_id  INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
                path         TEXT NOT NULL,
                sha          TEXT NOT NULL REFERENCES blobs(sha),
                size         INTEGER NOT NULL,
                mtime        REAL NOT NULL,
                PRIMARY KEY (snapshot_id, path)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX snapshot_files_sha ON snapshot_files(sha)",
        ),
    ),
    Migration(
        2,
        "model calls: a note on a reply that was usable after a repair",
        (
            # What was cut away to use a reply (a code fence, words around the JSON...);
            # `error` stays for what went wrong. Older rows kept it in `error` as
            # "repaired: ..." on an ok call: moved here.
            "ALTER TABLE model_calls ADD COLUMN note TEXT",
            """
            UPDATE model_calls SET note = error, error = NULL
            WHERE status = 'ok' AND error LIKE 'repaired: %'
            """,
        ),
    ),
]

LATEST = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    """The highest applied step, 0 for a database that has none (or no table yet)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _refuse_newer(version: int, known: int, path: object) -> None:
    if version > known:
        raise StoreError(
            f"The workspace database {path} has schema version {version}, but this synthcomp "
            f"only knows up to {known}; upgrade synthcomp to open it."
        )


def migrate(
    conn: sqlite3.Connection, path: object, migrations: list[Migration] | None = None
) -> int:
    """Apply every missing step in order; return the version reached.

    An up-to-date database is only read. Otherwise the version is re-read
    inside each step's write transaction, so two processes opening the same
    new file at once cannot both apply a step.
    """
    steps = MIGRATIONS if migrations is None else migrations
    known = steps[-1].version if steps else 0
    version = current_version(conn)
    _refuse_newer(version, known, path)
    if version == known:
        return version
    for step in steps:
        with immediate(conn):
            conn.execute(_BOOTSTRAP)
            version = current_version(conn)
            _refuse_newer(version, known, path)
            if version >= step.version:
                continue
            if version != step.version - 1:
                raise StoreError(
                    f"The workspace database {path} is at schema version {version} and cannot "
                    f"take migration {step.version}; restore it from a backup."
                )
            for statement in step.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (step.version, step.description, time.time()),
            )
    return current_version(conn)
