"""Managing created worlds: find, show, measure, export, import, delete.

A world is a folder (`worlds/<slug>/` in the workspace: the computer's root,
with `.synthcomp/world.json`) plus a row in the store. These functions keep the
two in step and speak in plain sentences when something is missing: a world
that is not there is `NotFound`, a folder that is not a world is `InvalidWorld`.
Copying, hashing and deleting trees run in threads.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from engine.errors import NotFound, PathConflict
from engine.schema.plans import FileRecord, WorldManifest
from engine.store import WorldRecord
from engine.synth.state import (
    JOURNAL_PATH,
    LOCK_PATH,
    InvalidWorld,
    Journal,
    ensure_idle,
    manifest_bytes,
    read_manifest,
    save_manifest_bytes,
    verify_written,
)
from engine.synth.stats import WorldStats, compute_stats

if TYPE_CHECKING:
    from engine.workspace import Workspace

__all__ = [
    "FailedFile",
    "InvalidWorld",
    "WorldInfo",
    "WorldStats",
    "delete_world",
    "export_world",
    "find_world",
    "import_world",
    "list_worlds",
    "load_world",
    "regenerate_file",
    "show_world",
    "slugify",
    "unique_slug",
    "world_stats",
]

_SLUG_MAX = 40


# --- finding -------------------------------------------------------------------------


def slugify(name: str) -> str:
    """A folder-safe slug: ASCII, lower case, words joined by '-' ('Maria's PC' -> 'maria-s-pc')."""
    folded = unicodedata.normalize("NFKD", name)
    ascii_ = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:_SLUG_MAX].strip("-")
    return slug or "world"


async def unique_slug(ws: Workspace, name: str) -> str:
    """The slug of `name`, with -2, -3... added while a row or a folder already has it."""
    base = slugify(name)
    taken = {w.slug for w in await ws.store.worlds.list()}
    slug, n = base, 1
    while slug in taken or await asyncio.to_thread((ws.worlds_dir / slug).exists):
        n += 1
        slug = f"{base}-{n}"
    return slug


async def find_world(ws: Workspace, slug_or_id: str) -> WorldRecord:
    """The world with this slug (or id); `NotFound` with a plain sentence if there is none."""
    try:
        return await ws.store.worlds.get_by_slug(slug_or_id)
    except NotFound:
        pass
    try:
        return await ws.store.worlds.get(slug_or_id)
    except NotFound:
        raise NotFound(
            f"There is no world called {slug_or_id!r} in this workspace; "
            "`synthcomp worlds list` shows the worlds there are."
        ) from None


def load_world(path: str | os.PathLike[str]) -> WorldManifest:
    """The manifest of the world folder at `path`, with files finished since its last save applied.

    Blocking (it reads a file); call it in a thread from async code.
    """
    root = Path(path)
    if not root.is_dir():
        raise NotFound(f"There is no world folder at {root}.")
    manifest = read_manifest(root)
    Journal(root).replay(manifest)
    return manifest


async def list_worlds(ws: Workspace) -> list[WorldRecord]:
    """Every world of the workspace, oldest first."""
    return await ws.store.worlds.list()


class FailedFile(BaseModel):
    path: str
    error: str


class WorldInfo(BaseModel):
    """What `synthcomp worlds show` prints: the row, the owner, and where creation stands."""

    record: WorldRecord
    status: str
    owner: str | None = None
    role: str | None = None
    organization: str | None = None
    seed: int | None = None
    folders: int = 0
    planned: int = 0
    written: int = 0
    failed: list[FailedFile] = Field(default_factory=list)
    repairs: dict[str, Any] = Field(default_factory=dict)


async def show_world(ws: Workspace, slug_or_id: str) -> WorldInfo:
    """A world's row and, when its manifest exists, its owner and file counts."""
    record = await find_world(ws, slug_or_id)
    meta = record.meta
    info = WorldInfo(
        record=record,
        status=str(meta.get("status", "unknown")),
        seed=meta.get("seed"),
        repairs=dict(meta.get("repairs") or {}),
    )
    root = Path(record.path)
    try:
        manifest = await asyncio.to_thread(load_world, root)
    except (NotFound, InvalidWorld):
        return info
    ident = manifest.profile.identity
    info.owner, info.role, info.organization = ident.full_name, ident.role, ident.organization
    info.folders = len(manifest.folders.folders)
    info.planned = len(manifest.files)
    info.written = sum(r.status == "written" for r in manifest.files.values())
    info.failed = [
        FailedFile(path=p, error=r.error or "unknown")
        for p, r in sorted(manifest.files.items())
        if r.status == "failed"
    ]
    return info


async def regenerate_file(ws: Workspace, slug_or_id: str, path: str) -> FileRecord:
    """Make one planned file again (see `engine.synth.pipeline.regenerate_file`)."""
    from engine.synth.pipeline import regenerate_file as regenerate

    return await regenerate(ws, slug_or_id, path)


async def world_stats(path: str | os.PathLike[str]) -> WorldStats:
    """Figures of the world at `path` (see `engine.synth.stats`)."""
    return await asyncio.to_thread(compute_stats, Path(path))


# --- moving worlds around ------------------------------------------------------------

_NOT_COPIED = (LOCK_PATH,)


def _copy_tree(src: Path, dest: Path) -> None:
    """Copy a world folder (mtimes kept, links as links) to a new `dest`, all or nothing."""
    tmp = dest.with_name(f".{dest.name}.copying")
    shutil.rmtree(tmp, ignore_errors=True)
    skip = {str(src / p) for p in _NOT_COPIED}

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if os.path.join(folder, n) in skip]

    try:
        shutil.copytree(src, tmp, symlinks=True, ignore=ignore)
        os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


async def export_world(ws: Workspace, slug: str, dest_dir: str | os.PathLike[str]) -> Path:
    """Copy a world's folder (computer and `.synthcomp/`) out of the workspace.

    Into `dest_dir/<slug>` when `dest_dir` is an existing folder, else to
    `dest_dir` itself (as `cp -r` does). Returns the path of the copy.
    """
    record = await find_world(ws, slug)
    src = Path(record.path)
    if not await asyncio.to_thread(src.is_dir):
        raise NotFound(f"The folder of world {record.slug!r} ({src}) is missing.")
    target = Path(dest_dir)
    if await asyncio.to_thread(target.is_dir):
        target = target / record.slug
    if await asyncio.to_thread(target.exists):
        raise PathConflict(f"{target} already exists; choose another destination.")
    await asyncio.to_thread(ensure_idle, src, record.slug)
    await asyncio.to_thread(_fold_journal, src)
    await asyncio.to_thread(_copy_tree, src, target)
    return target


def _fold_journal(root: Path) -> None:
    """Write files finished since the manifest's last save into it (only if no creation runs)."""
    if not (root / JOURNAL_PATH).exists():
        return
    try:
        manifest = read_manifest(root)
    except InvalidWorld:
        return
    if Journal(root).replay(manifest):
        save_manifest_bytes(root, manifest_bytes(manifest))


async def import_world(
    ws: Workspace, src_dir: str | os.PathLike[str], name: str | None = None
) -> WorldRecord:
    """Copy a world folder into the workspace and register it.

    The folder must hold a valid `.synthcomp/world.json`; anything else is
    refused with `InvalidWorld`, before anything is copied. Files whose bytes
    no longer match the manifest are marked planned, so `resume` remakes them.
    """
    src = Path(src_dir)
    if not await asyncio.to_thread(src.is_dir):
        raise NotFound(f"There is no folder at {src} to import.")
    manifest = await asyncio.to_thread(load_world, src)
    ident = manifest.profile.identity
    name = name or f"{ident.full_name} ({ident.role})"
    slug = await unique_slug(ws, name)
    dest = ws.worlds_dir / slug
    await asyncio.to_thread(_copy_tree, src, dest)
    try:
        reset = await asyncio.to_thread(verify_written, dest, manifest)
        written = sum(r.status == "written" for r in manifest.files.values())
        complete = manifest.is_complete()
        meta = {
            "status": "complete" if complete else "incomplete",
            "stage": "done" if complete else "files",
            "seed": manifest.seed,
            "persona": manifest.persona.model_dump(mode="json", exclude_none=True),
            "files": {
                "target": len(manifest.files),
                "planned": len(manifest.files),
                "written": written,
                "failed": 0,
            },
            "folders": len(manifest.folders.folders),
            "owner": ident.full_name,
            "role": ident.role,
            "imported_from": str(src),
            "changed_on_import": len(reset),
            "creator_version": manifest.creator_version,
        }
        record = await ws.store.worlds.create(
            name, slug, dest, occupation=manifest.persona.occupation or ident.role, meta=meta
        )
        manifest.world_id = record.id
        await asyncio.to_thread(_after_import, dest, manifest)
    except BaseException:
        await asyncio.to_thread(shutil.rmtree, dest, True)
        raise
    return record


def _after_import(root: Path, manifest: WorldManifest) -> None:
    save_manifest_bytes(root, manifest_bytes(manifest))
    # The journal was folded into the manifest just saved. A creation.json copied along
    # is kept: its request is this world's, and it lets `resume` finish an incomplete one.
    Journal(root).clear()


async def delete_world(ws: Workspace, slug: str, *, with_runs: bool = False) -> None:
    """Remove a world's row and its folder.

    A world with runs is refused unless `with_runs` (then its runs go too). The
    folder is first renamed aside, so a failure halfway never leaves a row
    pointing at half a folder.
    """
    record = await find_world(ws, slug)
    root = Path(record.path)
    aside = root.with_name(f".deleting-{record.slug}-{record.id}")
    moved = False
    await asyncio.to_thread(ensure_idle, root, record.slug)
    if await asyncio.to_thread(root.exists):
        await asyncio.to_thread(os.replace, root, aside)
        moved = True
    try:
        await ws.store.worlds.delete(record.id, cascade=with_runs)
    except BaseException:
        if moved:
            await asyncio.to_thread(os.replace, aside, root)
        raise
    if moved:
        await asyncio.to_thread(shutil.rmtree, aside, True)
