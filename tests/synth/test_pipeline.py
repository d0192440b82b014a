"""World creation end to end on the scripted backend: real workspace, real files, real SQLite."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from engine.computer.formats import kind_of
from engine.schema.plans import WORLD_MANIFEST_PATH
from engine.synth.pipeline import Progress, create_world
from engine.synth.state import JOURNAL_PATH
from tests.synth.test_pipeline_support import (
    PERSONA,
    comparable,
    disk_hashes,
    manifest_of,
    open_ws,
)


def _read(path: Path) -> bytes:
    return path.read_bytes()


async def test_create_small_world(tmp_path: Path) -> None:
    events: list[Progress] = []
    async with open_ws(tmp_path / "ws") as ws:
        record = await create_world(ws, PERSONA, seed=3, files=30, on_progress=events.append)
        assert record.meta["status"] == "complete", record.meta
        assert record.path == str(ws.worlds_dir / record.slug)
        row = await ws.store.worlds.get_by_slug(record.slug)
        calls = await ws.store.model_calls.list(world_id=record.id, limit=1000)

    root = Path(record.path)
    manifest = manifest_of(record)
    assert manifest.world_id == record.id
    assert manifest.seed == 3
    assert manifest.is_complete()
    planned = manifest.artifacts.paths()
    assert 20 <= len(planned) <= 30  # repairs may drop a few; never more than asked
    assert set(manifest.files) == planned

    # Every planned path is on disk with its recorded hash and its planned mtime.
    on_disk = disk_hashes(root)
    assert set(on_disk) == planned
    for art in manifest.artifacts.artifacts:
        rec = manifest.files[art.path]
        assert rec.status == "written"
        assert on_disk[art.path] == rec.sha256
        assert kind_of(art.path) == art.kind
        expected = art.modified.replace(tzinfo=dt.UTC).timestamp()
        assert (root / art.path).stat().st_mtime == pytest.approx(expected, abs=1e-3)
        for link in art.links:  # the graph holds: every parent planned and older
            parent = manifest.artifacts.get(link.target)
            assert parent is not None and parent.created <= art.created

    # Every planned folder exists, empty ones included.
    for folder in manifest.folders.folders:
        assert (root / folder.path).is_dir(), folder.path
    fs = manifest.profile.filesystem
    assert (root / fs.to_disk(fs.documents)).is_dir()

    # The engine's files: world.json, creation.json; the journal is folded in at the end.
    assert (root / WORLD_MANIFEST_PATH).is_file()
    assert not (root / JOURNAL_PATH).exists()
    saved = json.loads(_read(root / WORLD_MANIFEST_PATH))
    assert saved["seed"] == 3

    # The store row carries persona, seed, counts and status.
    assert row.meta["status"] == "complete"
    assert row.meta["seed"] == 3
    assert row.meta["persona"]["text"] == PERSONA
    assert row.meta["files"]["planned"] == len(planned)
    assert row.meta["files"]["written"] == len(planned)
    assert row.meta["files"]["failed"] == 0
    assert row.meta["owner"] == manifest.profile.identity.full_name
    assert row.occupation

    # One call per stage and batch, one (or two, with a repair) per file, all recorded.
    purposes = [c.purpose for c in calls]
    assert purposes[0] == "synth.profile" and purposes[1] == "synth.folders"
    assert "synth.artifacts" in purposes
    content = [p for p in purposes if p.startswith("synth.content.")]
    assert len(content) >= len(planned)

    # Progress: stages in order, file progress counting up to the total, then done.
    stages = [e.stage for e in events]
    order = ["profile", "folders", "artifacts", "files", "done"]
    assert [s for s in order if s in stages] == order
    assert stages.index("done") == len(stages) - 1
    files = [e for e in events if e.stage == "files" and e.path]
    assert [e.done for e in files] == list(range(1, len(planned) + 1))
    assert {e.path for e in files} == planned
    assert events[-1].done == events[-1].total == len(planned)


async def test_same_seed_same_world_across_workspaces(tmp_path: Path) -> None:
    records = []
    for name in ("a", "b"):
        async with open_ws(tmp_path / name) as ws:
            records.append(await create_world(ws, PERSONA, seed=11, files=20, concurrency=4))
    one, two = (manifest_of(r) for r in records)
    assert comparable(one) == comparable(two)
    assert disk_hashes(records[0].path) == disk_hashes(records[1].path)
    # Concurrency changes only the order files finish in, never their content.
    async with open_ws(tmp_path / "c") as ws:
        serial = await create_world(ws, PERSONA, seed=11, files=20, concurrency=1)
    assert disk_hashes(serial.path) == disk_hashes(records[0].path)


async def test_another_seed_another_world(tmp_path: Path) -> None:
    async with open_ws(tmp_path / "ws") as ws:
        one = await create_world(ws, PERSONA, seed=1, files=10)
        two = await create_world(ws, PERSONA, seed=2, files=10)
    assert one.slug != two.slug
    assert comparable(manifest_of(one)) != comparable(manifest_of(two))


async def test_capture_date_is_fixed_and_nothing_is_newer(tmp_path: Path) -> None:
    async with open_ws(tmp_path / "ws") as ws:
        record = await create_world(ws, PERSONA, seed=4, files=12, today=dt.date(2024, 11, 29))
    manifest = manifest_of(record)
    assert manifest.created_at.date() == dt.date(2024, 11, 29)
    assert record.meta["request"]["today"] == "2024-11-29"
    for art in manifest.artifacts.artifacts:
        assert art.modified <= manifest.created_at


async def test_failed_render_is_repaired_once_then_reported(tmp_path: Path) -> None:
    """A spec that validates but cannot be written goes back once, then the file is failed."""
    from engine.llm.scripted import Reply

    async with open_ws(tmp_path / "ws") as ws:
        llm = ws.llm()
        assert llm.policy is not None
        seen: list[str] = []

        def broken_json(request):  # every TextSpec: JSON files get text that is not JSON
            seen.append(request.purpose or "")
            return Reply.json({"text": "{not json"})

        llm.policy.register_structured("TextSpec", broken_json)
        record = await create_world(ws, PERSONA, seed=6, files=30)
    manifest = manifest_of(record)
    json_files = [a.path for a in manifest.artifacts.artifacts if a.kind in ("json", "jsonl")]
    for path in json_files:
        rec = manifest.files[path]
        assert rec.status == "failed"
        assert "does not parse" in (rec.error or "") or "JSON" in (rec.error or "")
    if json_files:
        assert record.meta["status"] == "incomplete"
        assert {f["path"] for f in record.meta["failed"]} >= set(json_files)
        assert record.meta["files"]["failed"] >= len(json_files)
        # Two calls per failed JSON file: the first answer and the one repair.
        assert seen.count("synth.content.json") == 2 * sum(
            a.kind == "json" for a in manifest.artifacts.artifacts
        )
    # Text kinds that do not parse their text still render: those are written.
    for art in manifest.artifacts.artifacts:
        if art.kind in ("txt", "md", "py"):
            assert manifest.files[art.path].status == "written"
            data = _read(Path(record.path) / art.path)
            assert hashlib.sha256(data).hexdigest() == manifest.files[art.path].sha256


async def test_sampled_persona_grows_with_its_own_seed(tmp_path: Path) -> None:
    from engine.synth.personas import sample_personas

    persona = sample_personas(1, seed=9)[0]
    assert persona.seed is not None and persona.occupation
    async with open_ws(tmp_path / "ws") as ws:
        record = await create_world(ws, persona, files=5)
    assert record.meta["seed"] == persona.seed
    assert record.name == f"{persona.occupation} (seed {persona.seed})"
    assert record.occupation == persona.occupation
    assert manifest_of(record).persona == persona
