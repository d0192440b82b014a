"""What the run tests share: a small real world, a workspace on it, and log helpers.

The world is the chemistry teacher of `tests.synth.factories`, every planned
file written as a real Office/PDF file with figures in it (a mark book, a
budget), so the scripted work agent has real text to read and quote. It is
registered in the workspace the way a user imports a world folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from engine.computer import formats
from engine.config import Settings
from engine.schema.plans import WORLD_MANIFEST_PATH, WorldManifest
from engine.store import EventRecord
from engine.workspace import Workspace
from tests.synth.factories import manifest_data

SAMPLE = Path(__file__).resolve().parents[2] / "sample_worlds" / "wealth_adviser_edinburgh"


def _spec(path: str, kind: str) -> dict[str, Any]:
    name = Path(path).stem
    if kind == "xlsx":
        rows = [[f"Pupil {i:02d}", 20 + (i * 7) % 30, 6 + i % 3] for i in range(1, 29)]
        return {
            "title": name,
            "author": "Maria Forsythe",
            "currency": "GBP",
            "sheets": [
                {
                    "name": "10C marks",
                    "columns": [
                        {"header": "Pupil"},
                        {"header": "Rates test"},
                        {"header": "Target"},
                    ],
                    "rows": rows,
                }
            ],
        }
    text = {
        "Scheme": "Year 10 Set C (28 pupils): six weeks of rates of reaction, two required practicals.",
        "Risk": "Consumables are charged to the Chemistry consumables budget 2023/24 (£4,850.00); "
        "supplier Scientific Supplies Ltd; eye protection for sodium thiosulfate.",
        "sds": "Sodium thiosulfate pentahydrate, Scientific Supplies Ltd, 500 g at £12.40.",
    }
    body = next(
        (v for k, v in text.items() if k in name), "Rates lesson 1: the disappearing cross."
    )
    blocks: list[dict[str, Any]] = [
        {"type": "heading", "text": name},
        {"type": "paragraph", "text": body},
    ]
    if "Scheme" in name:
        blocks.append(
            {
                "type": "table",
                "header": ["Week", "Lesson", "Practical"],
                "rows": [
                    ["1", "Rates lesson 1", "Disappearing cross"],
                    ["2", "Rates lesson 2", "-"],
                ],
            }
        )
    return {"title": name, "author": "Maria Forsythe", "blocks": blocks}


def make_world(folder: Path) -> Path:
    """The chemistry teacher's computer with every planned file written; returns its root."""
    manifest = WorldManifest.model_validate(manifest_data())
    root = folder / "chemistry-world"
    for f in manifest.folders.folders:
        (root / f.path).mkdir(parents=True, exist_ok=True)
    for art in manifest.artifacts.artifacts:
        data = formats.render(art.kind, _spec(art.path, art.kind))
        target = root / art.path
        target.write_bytes(data)
        stamp = art.modified.timestamp()
        os.utime(target, (stamp, stamp))
        manifest.mark_written(art.path, hashlib.sha256(data).hexdigest(), len(data))
    (root / WORLD_MANIFEST_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / WORLD_MANIFEST_PATH).write_text(manifest.model_dump_json(), encoding="utf-8")
    return root


def settings_for(path: Path, seed: int = 0) -> Settings:
    """Scripted backend, no environment leaking in (a developer's SYNTHCOMP_* or API key)."""
    base = Settings.resolve(workspace=path, backend="scripted", env={})
    return base.model_copy(update={"model": base.model.model_copy(update={"seed": seed})})


@asynccontextmanager
async def workspace(path: Path, seed: int = 0) -> AsyncIterator[Workspace]:
    async with await Workspace.open(path, settings_for(path, seed)) as ws:
        yield ws


async def all_events(ws: Workspace, run_id: str) -> list[EventRecord]:
    out: list[EventRecord] = []
    while True:
        page = await ws.store.events.history(
            run_id, since_seq=out[-1].seq if out else 0, limit=1000
        )
        out += page
        if len(page) < 1000:
            return out


def kinds(events: Sequence[EventRecord]) -> list[str]:
    return [e.kind for e in events]


def turn_numbers(events: Sequence[EventRecord]) -> list[int]:
    return [e.turn for e in events if e.kind == "turn_started"]


def comparable(events: Sequence[EventRecord]) -> list[tuple[Any, ...]]:
    """Events without what differs between two identical runs: wall times, workspace ids."""
    wall = {"latency_ms", "world_id", "call_id"}

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in wall}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return [(e.seq, e.kind, e.actor, e.day, e.turn, clean(e.payload)) for e in events]


def assert_contiguous(events: Sequence[EventRecord]) -> None:
    """Seqs 1..n without a gap or repeat; turns 1..m in order, each started once."""
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(seqs) + 1)), "seqs are not contiguous"
    turns = turn_numbers(events)
    assert turns == list(range(1, len(turns) + 1)), f"turn numbers are not contiguous: {turns}"
