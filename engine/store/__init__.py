"""The workspace database (SQLite through aiosqlite): the only package that writes SQL.

`Store.open(path)` gives the writer with its repositories (`worlds`, `runs`,
`events`, `messages`, `model_calls`, `blobs`, `snapshots`); `store.reader()`
gives a read-only view for a UI. Everything returned is a typed record from
`engine.store.records`; errors are `engine.errors` sentences.
"""

from .records import (
    BlobStats,
    EventRecord,
    ModelCallInfo,
    ModelCallRecord,
    NewEvent,
    RunRecord,
    RunStatus,
    SnapshotInfo,
    SnapshotRecord,
    UsageTotals,
    WalCheckpoint,
    WorldRecord,
)
from .store import Reader, Store

__all__ = [
    "BlobStats",
    "EventRecord",
    "ModelCallInfo",
    "ModelCallRecord",
    "NewEvent",
    "Reader",
    "RunRecord",
    "RunStatus",
    "SnapshotInfo",
    "SnapshotRecord",
    "Store",
    "UsageTotals",
    "WalCheckpoint",
    "WorldRecord",
]
