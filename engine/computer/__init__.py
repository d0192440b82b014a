"""One synthetic computer on disk: a sandboxed root folder, its file operations, snapshots
into a content-addressed store, and a watcher of changes made by others.

    computer = Computer(root)                           # or Computer(root, volumes={"C": "C"})
    await computer.write_text("Documents/notes.md", "# Notes")
    entries = await computer.list("Documents")
    manifest = await computer.snapshot(store.blobs)
    await computer.restore(manifest, store.blobs)
    async with computer.watch() as changes:
        change = await changes.get()      # or `async for change in changes`

File kinds (how a docx is written or read) live in `engine.computer.formats`.
"""

from __future__ import annotations

from engine.computer.computer import FOLDER, Computer, PathConflict
from engine.computer.models import (
    ChangeKind,
    Entry,
    FileChange,
    SnapshotDiff,
    TextHit,
    TextSearchResult,
    TrashItem,
    Unreadable,
)
from engine.computer.sandbox import (
    INTERNAL_DIRS,
    MAX_NAME_BYTES,
    MAX_PATH_BYTES,
    Resolved,
    Sandbox,
    is_internal_rel,
)
from engine.computer.snapshot import diff
from engine.computer.watcher import Watcher

__all__ = [
    "FOLDER",
    "INTERNAL_DIRS",
    "MAX_NAME_BYTES",
    "MAX_PATH_BYTES",
    "ChangeKind",
    "Computer",
    "Entry",
    "FileChange",
    "PathConflict",
    "Resolved",
    "Sandbox",
    "SnapshotDiff",
    "TextHit",
    "TextSearchResult",
    "TrashItem",
    "Unreadable",
    "Watcher",
    "diff",
    "is_internal_rel",
]
