"""Figures of one world, measured from its folder: what the paper reports per computer.

Counted from what is on disk, not from the plan, so the figures describe the
computer an agent will see: files by kind (count and share), folders, depth,
total size, the span of modification times, and how many files mention a
fact-sheet entity by name (the facts that should recur across a real disk).
Blocking: call `compute_stats` in a thread (`engine.synth.world.world_stats` does).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field

from engine.computer.formats import extract, kind_of
from engine.computer.sandbox import is_internal_rel
from engine.errors import SynthcompError
from engine.schema.plans import WORLD_MANIFEST_PATH, WorldManifest

MENTION_MAX_CHARS = 200_000  # text read per file when looking for entity names


class KindShare(BaseModel):
    kind: str
    count: int
    percent: float = Field(description="Share of all files, in percent, one decimal.")


class WorldStats(BaseModel):
    files: int
    folders: int = Field(description="Folders under the computer root (engine folders excluded).")
    total_bytes: int
    kinds: list[KindShare] = Field(description="Most common kind first.")
    mean_depth: float = Field(
        description="Mean number of folders between the computer root and a file "
        "('C/Users/ana/a.docx' is 3 deep)."
    )
    max_depth: int
    first_mtime: dt.datetime | None = Field(
        description="Oldest file modification time, on the user's wall clock (stored as UTC)."
    )
    last_mtime: dt.datetime | None
    entity_files: int | None = Field(
        description="Files whose text names at least one fact-sheet entity; None without a manifest."
    )
    entity_share: float | None = Field(description="entity_files / files, 0 to 1.")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _walk(root: Path) -> tuple[list[tuple[str, os.stat_result]], int]:
    files: list[tuple[str, os.stat_result]] = []
    folders = 0
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        dirnames[:] = sorted(
            d for d in dirnames if not is_internal_rel(f"{rel_dir}/{d}" if rel_dir else d)
        )
        folders += len(dirnames)
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if is_internal_rel(rel):
                continue
            st = os.lstat(os.path.join(dirpath, name))
            files.append((rel, st))
    return files, folders


def _entity_names(root: Path) -> list[str] | None:
    path = root / WORLD_MANIFEST_PATH
    if not path.is_file():
        return None
    try:
        manifest = WorldManifest.model_validate_json(path.read_bytes())
    except ValueError:
        return None
    names = {_norm(e.name) for e in manifest.profile.fact_sheet.entities}
    return sorted(n for n in names if n)


def compute_stats(root: Path) -> WorldStats:
    """Measure the world at `root` (blocking)."""
    if not root.is_dir():
        raise SynthcompError(f"There is no world folder at {root}.")
    files, folders = _walk(root)
    kinds = Counter(kind_of(rel) for rel, _ in files)
    n = len(files)
    depths = [rel.count("/") for rel, _ in files]
    mtimes = [st.st_mtime for _, st in files]
    names = _entity_names(root)
    entity_files: int | None = None
    if names is not None:
        entity_files = 0
        for rel, _ in files:
            text = _norm(extract(root / rel, max_chars=MENTION_MAX_CHARS).text)
            if any(name in text for name in names):
                entity_files += 1

    def when(ts: float) -> dt.datetime:
        return dt.datetime.fromtimestamp(ts, dt.UTC).replace(tzinfo=None)

    return WorldStats(
        files=n,
        folders=folders,
        total_bytes=sum(st.st_size for _, st in files),
        kinds=[
            KindShare(kind=k, count=c, percent=round(100.0 * c / n, 1))
            for k, c in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        mean_depth=round(sum(depths) / n, 2) if n else 0.0,
        max_depth=max(depths, default=0),
        first_mtime=when(min(mtimes)) if mtimes else None,
        last_mtime=when(max(mtimes)) if mtimes else None,
        entity_files=entity_files,
        entity_share=(round(entity_files / n, 4) if n else 0.0)
        if entity_files is not None
        else None,
    )
