"""Helpers shared by the world-creation tests (no tests here).

Real workspaces (SQLite and folders under tmp_path) on the scripted backend.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from engine.config import Settings
from engine.schema.plans import WorldManifest
from engine.store import WorldRecord
from engine.synth.prompts import read_context
from engine.synth.world import load_world
from engine.workspace import Workspace

PERSONA = (
    "A chemistry teacher at a large secondary school in Leeds who keeps meticulous notes "
    "and runs the department's lab inventory."
)


@contextlib.asynccontextmanager
async def open_ws(path: Path) -> AsyncIterator[Workspace]:
    """A workspace at `path` on the scripted backend, always closed."""
    ws = await Workspace.open(path, Settings(workspace=path))
    try:
        yield ws
    finally:
        await ws.close()


def manifest_of(record: WorldRecord) -> WorldManifest:
    return load_world(record.path)


def comparable(manifest: WorldManifest) -> dict[str, Any]:
    """The manifest minus the workspace's own id for the world (a random row id)."""
    return manifest.model_dump(mode="json", exclude={"world_id"})


def disk_hashes(root: str | Path) -> dict[str, str]:
    """sha256 of every file under the computer root, engine folders excluded."""
    root = Path(root)
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d not in (".synthcomp", ".trash")]
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def file_states(root: str | Path, paths: list[str]) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) per file: unchanged means the file was not written again."""
    out = {}
    for rel in paths:
        st = os.stat(Path(root) / rel)
        out[rel] = (st.st_ino, st.st_mtime_ns)
    return out


async def content_call_paths(ws: Workspace, world_id: str, since_id: int = 0) -> list[str]:
    """The artifact path of every synth.content.* call recorded for the world after `since_id`."""
    paths: list[str] = []
    last = since_id
    while True:
        page = await ws.store.model_calls.list(world_id=world_id, since_id=last, limit=200)
        if not page:
            return paths
        for info in page:
            last = info.id
            if info.purpose.startswith("synth.content."):
                full = await ws.store.model_calls.get(info.id)
                context = read_context(full.request["messages"])
                paths.append(context["artifact"]["path"])


async def last_call_id(ws: Workspace, world_id: str) -> int:
    calls = await ws.store.model_calls.list(world_id=world_id, limit=100_000)
    return calls[-1].id if calls else 0
