"""First run: the sample worlds, imported through the engine so a new user lands on something real."""

from __future__ import annotations

import asyncio
from pathlib import Path

from engine.workspace import Workspace

MARKER = ".samples-imported"  # in the workspace folder: import once, even if they are deleted later


def default_dir() -> Path | None:
    """`sample_worlds/` beside the installed engine package (a source checkout), if present."""
    import engine

    candidate = Path(engine.__file__).resolve().parent.parent / "sample_worlds"
    return candidate if candidate.is_dir() else None


def sample_worlds(folder: Path) -> list[Path]:
    """The world folders in `folder` (those with `.synthcomp/world.json`), by name."""
    return sorted(
        p for p in folder.iterdir() if p.is_dir() and (p / ".synthcomp" / "world.json").is_file()
    )


async def seed_workspace(ws: Workspace, folder: Path | None) -> int:
    """Import every sample world into a workspace that never had them; return how many."""
    if folder is None:
        return 0
    marker = ws.root / MARKER
    if await asyncio.to_thread(marker.exists):
        return 0
    if await ws.store.worlds.list():  # a workspace already in use is left as it is
        await asyncio.to_thread(marker.write_text, "existing worlds\n")
        return 0
    worlds = await asyncio.to_thread(sample_worlds, folder)
    if not worlds:
        return 0
    from engine.synth.world import import_world

    for path in worlds:
        await import_world(ws, path)
    await asyncio.to_thread(marker.write_text, "\n".join(p.name for p in worlds) + "\n")
    return len(worlds)
