"""Worlds the objectives and collaborator tests run on, and checks of those worlds.

Two computers: the chemistry teacher of `tests.synth.factories`, written here as real
Office files, and the hand-curated financial adviser in `sample_worlds/` when it is
present (copied, never touched in place).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from engine.computer import formats
from engine.config import ModelSettings
from engine.llm import LLM, make_llm
from engine.schema.calls import ModelCallEnd, ModelCallStart
from engine.schema.plans import WORLD_MANIFEST_PATH, WorldManifest
from tests.synth.factories import manifest_data

SAMPLE = Path(__file__).resolve().parents[2] / "sample_worlds" / "wealth_adviser_edinburgh"


class MemoryLog:
    """The `CallLog` protocol in memory: which calls were made, for what, with what."""

    def __init__(self) -> None:
        self.starts: list[ModelCallStart] = []
        self.ends: list[ModelCallEnd] = []

    async def begin(self, start: ModelCallStart) -> int:
        self.starts.append(start)
        return len(self.starts)

    async def complete(self, call_id: int, end: ModelCallEnd) -> None:
        self.ends.append(end)

    def purposes(self) -> list[str]:
        return [s.purpose for s in self.starts]


def scripted_llm(seed: int = 0, log: MemoryLog | None = None) -> LLM:
    return make_llm(ModelSettings(backend="scripted", seed=seed), log)


def _spec_for(path: str, kind: str) -> dict[str, object]:
    name = Path(path).stem
    if kind == "xlsx":
        pupils = [f"Pupil {i:02d}" for i in range(1, 29)]
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
                    "rows": [[p, 20 + (i * 7) % 30, "6"] for i, p in enumerate(pupils)],
                }
            ],
        }
    blocks: list[dict[str, object]] = [{"type": "heading", "text": name}]
    if "Scheme" in name:
        blocks += [
            {
                "type": "paragraph",
                "text": "Year 10 Set C (28 pupils): rates of reaction and required practicals.",
            },
            {
                "type": "table",
                "header": ["Week", "Lesson", "Practical"],
                "rows": [
                    ["1", "Rates lesson 1", "Sodium thiosulfate disappearing cross"],
                    ["2", "Rates lesson 2", "-"],
                ],
            },
        ]
    elif "Risk" in name:
        blocks += [
            {
                "type": "paragraph",
                "text": "Sodium thiosulfate and hydrochloric acid: irritant; eye protection.",
            },
            {
                "type": "paragraph",
                "text": "Consumables charged to the Chemistry consumables budget 2023/24 (£4,850.00), supplier Scientific Supplies Ltd.",
            },
        ]
    elif "sds" in name:
        blocks += [
            {
                "type": "paragraph",
                "text": "Safety data sheet, Scientific Supplies Ltd: sodium thiosulfate pentahydrate.",
            }
        ]
    else:
        blocks += [
            {
                "type": "paragraph",
                "text": "Rates of reaction, lesson 1 for Year 10 Set C: the disappearing cross practical.",
            }
        ]
    return {"title": name, "author": "Maria Forsythe", "blocks": blocks}


def chemistry_world(tmp: Path) -> tuple[WorldManifest, Path]:
    """The chemistry teacher's computer with every planned file written as a real file."""
    manifest = WorldManifest.model_validate(manifest_data())
    root = tmp / "chemistry"
    for folder in manifest.folders.folders:
        (root / folder.path).mkdir(parents=True, exist_ok=True)
    for art in manifest.artifacts.artifacts:
        data = formats.render(art.kind, _spec_for(art.path, art.kind))
        target = root / art.path
        target.write_bytes(data)
        stamp = art.modified.timestamp()
        os.utime(target, (stamp, stamp))
        manifest.mark_written(art.path, hashlib.sha256(data).hexdigest(), len(data))
    (root / WORLD_MANIFEST_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / WORLD_MANIFEST_PATH).write_text(manifest.model_dump_json(), encoding="utf-8")
    return manifest, root


def sample_world(tmp: Path) -> tuple[WorldManifest, Path] | None:
    """A copy of the financial adviser's sample computer, or None where it is absent or unreadable."""
    manifest_path = SAMPLE / WORLD_MANIFEST_PATH
    if not manifest_path.is_file():
        return None
    try:
        manifest = WorldManifest.model_validate_json(manifest_path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    root = tmp / "adviser"
    shutil.copytree(SAMPLE, root)
    return manifest, root


def test_chemistry_world_has_every_planned_file(tmp_path: Path) -> None:
    manifest, root = chemistry_world(tmp_path)
    for art in manifest.artifacts.artifacts:
        extract = formats.extract(root / art.path)
        assert extract.error is None, (art.path, extract.error)
    assert manifest.is_complete()


def test_sample_world_copy_is_a_world(tmp_path: Path) -> None:
    found = sample_world(tmp_path)
    if found is None:
        pytest.skip("sample_worlds/wealth_adviser_edinburgh is not present in this checkout")
    manifest, root = found
    written = [p for p, rec in manifest.files.items() if rec.status == "written"]
    assert written and all((root / p).is_file() for p in written)
