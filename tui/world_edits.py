"""What the curation screen does to a world, through the engine's public surface only.

Files are changed through the world's `Computer` (sandboxed, atomic writes,
deletes to the world's own `.trash/`); the profile through the engine's
manifest functions and schema (the `WorldManifest` validators decide what a
consistent world is); each change is noted in the world's row in the store
(`meta["curation"]`), which also moves its `updated_at`. Regenerating a file
is the engine's job: `engine.synth.world.regenerate_file` when it exists.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path, PurePosixPath
from typing import Any

from engine.computer import Computer
from engine.errors import SynthcompError
from engine.schema.profile import UserProfile
from engine.store import WorldRecord
from engine.workspace import Workspace

CURATION_LOG = 200  # changes kept in the world's meta


class EngineMissing(SynthcompError):
    """The engine has no call for this yet."""


class WorldEditor:
    def __init__(self, ws: Workspace, world: WorldRecord) -> None:
        self.ws = ws
        self.world = world
        self.root = Path(world.path)
        self.computer = Computer(self.root)  # root-relative paths: `C/Users/ana/...`
        self.changes: list[dict[str, Any]] = []

    async def _record(self, action: str, path: str, **details: Any) -> None:
        entry = {"action": action, "path": path, "at": time.time(), **details}
        self.changes.append(entry)
        meta = dict(self.world.meta)
        meta["curation"] = [*meta.get("curation", []), entry][-CURATION_LOG:]
        self.world = await self.ws.store.worlds.update(self.world.id, meta=meta)

    # -- files ---------------------------------------------------------------

    async def new_file(self, rel: str, text: str = "") -> None:
        if await self.computer.exists(rel):
            raise SynthcompError(f"{rel} already exists.")
        await self.computer.write_text(rel, text)
        await self._record("created", rel)

    async def new_folder(self, rel: str) -> None:
        await self.computer.mkdir(rel)
        await self._record("created_folder", rel)

    async def move(self, rel: str, dest: str) -> str:
        """Move or rename `rel` to the path `dest`; returns the new path."""
        if await self.computer.exists(dest):
            raise SynthcompError(f"{dest} already exists; choose another name.")
        entry = await self.computer.move(rel, dest)
        await self._record("moved", rel, to=entry.path)
        return entry.path

    async def delete(self, rel: str) -> None:
        item = await self.computer.delete(rel)
        await self._record("deleted", rel, trash_id=item.trash_id)

    async def write_text(self, rel: str, text: str) -> None:
        await self.computer.write_text(rel, text)
        await self._record("edited", rel)

    async def edit_cell(self, rel: str, sheet: str, ref: str, value: str) -> None:
        from engine.computer.formats.xlsx import CellEdit, edit_cells

        data = await self.computer.read_bytes(rel)
        change = CellEdit(cell=ref, value=value or None, sheet=sheet)
        await self.computer.write_bytes(rel, await asyncio.to_thread(edit_cells, data, [change]))
        await self._record("edited_cell", rel, cell=f"{sheet}!{ref}")

    async def import_path(self, source: Path, folder: str) -> list[str]:
        """Copy a file, or a folder's files, from the real disk into `folder`; returns new paths."""
        source = await asyncio.to_thread(source.expanduser)
        if not await asyncio.to_thread(source.exists):
            raise SynthcompError(f"There is no file or folder at {source}.")
        pairs = await asyncio.to_thread(_files_under, source)
        added = []
        base = PurePosixPath(folder) if folder else PurePosixPath()
        for real, rel in pairs:
            target = str(base / rel)
            data = await asyncio.to_thread(real.read_bytes)
            mtime = (await asyncio.to_thread(real.stat)).st_mtime
            await self.computer.write_bytes(target, data, mtime=mtime)
            added.append(target)
        await self._record("imported", str(base), source=str(source), files=len(added))
        return added

    # -- the profile and the model -------------------------------------------

    async def load_profile(self) -> UserProfile:
        from engine.synth.world import load_world

        return (await asyncio.to_thread(load_world, self.root)).profile

    async def save_profile(self, profile: UserProfile) -> None:
        """Put `profile` in the world's manifest (validated whole) and its owner in the store."""
        from engine.synth.state import manifest_bytes, save_manifest_bytes
        from engine.synth.world import load_world

        manifest = await asyncio.to_thread(load_world, self.root)
        data = manifest.model_dump(mode="json")
        data["profile"] = profile.model_dump(mode="json")
        checked = type(manifest).model_validate(data)  # the world's own consistency rules
        await asyncio.to_thread(save_manifest_bytes, self.root, manifest_bytes(checked))
        ident = profile.identity
        meta = dict(self.world.meta) | {"owner": ident.full_name, "role": ident.role}
        self.world = await self.ws.store.worlds.update(self.world.id, meta=meta)
        await self._record("profile", ".synthcomp/world.json",
                           collaborators=len(profile.collaborators))  # fmt: skip

    async def regenerate(self, rel: str) -> Any:
        """Make one file again with the model (the engine's call)."""
        from engine.synth import world as world_api

        regenerate = getattr(world_api, "regenerate_file", None)
        if regenerate is None:
            raise EngineMissing(
                "The engine cannot regenerate a single file yet "
                "(engine.synth.world.regenerate_file is not there)."
            )
        result = await regenerate(self.ws, self.world.id, rel)
        await self._record("regenerated", rel)
        return result


def _files_under(source: Path) -> list[tuple[Path, str]]:
    """(real path, relative destination) for a file, or every file under a folder."""
    if source.is_file():
        return [(source, source.name)]
    out = []
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            real = Path(dirpath) / name
            out.append((real, str(PurePosixPath(source.name, real.relative_to(source).as_posix()))))
    return out
