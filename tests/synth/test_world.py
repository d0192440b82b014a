"""World management: show, stats, export, import, delete, and plain errors for what is missing."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from engine.computer import formats
from engine.errors import NotFound, PathConflict
from engine.schema.plans import WORLD_MANIFEST_PATH, WorldManifest
from engine.schema.specs import DocSpec, Heading, Paragraph, Sheet, SheetSpec
from engine.synth.pipeline import create_world
from engine.synth.state import InvalidWorld, manifest_bytes
from engine.synth.world import (
    delete_world,
    export_world,
    import_world,
    list_worlds,
    load_world,
    show_world,
    slugify,
    world_stats,
)
from tests.synth import factories as F
from tests.synth.test_pipeline_support import PERSONA, disk_hashes, manifest_of, open_ws


def _exists(path: str | Path) -> bool:
    return Path(path).exists()


def test_slugify() -> None:
    assert slugify("Maria's PC") == "maria-s-pc"
    assert slugify("Chemistry Teacher (seed 3)") == "chemistry-teacher-seed-3"
    assert slugify("Zoë Müller") == "zoe-muller"
    assert slugify("!!!") == "world"
    assert len(slugify("x" * 100)) <= 40


async def test_export_import_delete_round_trip(tmp_path: Path) -> None:
    async with open_ws(tmp_path / "one") as ws:
        record = await create_world(ws, PERSONA, seed=4, files=12)
        assert [w.slug for w in await list_worlds(ws)] == [record.slug]
        info = await show_world(ws, record.slug)
        assert info.status == "complete"
        assert info.written == info.planned == len(manifest_of(record).files)
        assert info.failed == []
        assert info.owner == manifest_of(record).profile.identity.full_name

        out = tmp_path / "out"
        out.mkdir()
        exported = await export_world(ws, record.slug, out)
        assert exported == out / record.slug
        with pytest.raises(PathConflict, match="already exists"):
            await export_world(ws, record.slug, out)
    assert (exported / WORLD_MANIFEST_PATH).is_file()
    assert disk_hashes(exported) == disk_hashes(record.path)
    # mtimes travel with the files
    some = next(iter(manifest_of(record).files))
    assert (exported / some).stat().st_mtime == (Path(record.path) / some).stat().st_mtime

    async with open_ws(tmp_path / "two") as ws:
        imported = await import_world(ws, exported)
        assert imported.meta["status"] == "complete"
        assert imported.meta["seed"] == 4
        assert Path(imported.path).parent == ws.worlds_dir
        assert load_world(imported.path).world_id == imported.id
        assert disk_hashes(imported.path) == disk_hashes(record.path)
        # importing again gets its own slug
        again = await import_world(ws, exported, name="A second copy")
        assert again.slug == "a-second-copy"
        assert len(await list_worlds(ws)) == 2

        await delete_world(ws, imported.slug)
        assert not _exists(imported.path)
        with pytest.raises(NotFound, match=f"no world called '{imported.slug}'"):
            await show_world(ws, imported.slug)
        assert [w.slug for w in await list_worlds(ws)] == ["a-second-copy"]
        assert not [p for p in ws.worlds_dir.iterdir() if p.name.startswith(".")]


async def test_import_refuses_a_folder_without_a_world(tmp_path: Path) -> None:
    plain = tmp_path / "holiday photos"
    (plain / "2023").mkdir(parents=True)
    (plain / "2023" / "beach.txt").write_text("sand")
    broken = tmp_path / "broken"
    (broken / ".synthcomp").mkdir(parents=True)
    (broken / WORLD_MANIFEST_PATH).write_text('{"seed": "not a number"}')
    async with open_ws(tmp_path / "ws") as ws:
        with pytest.raises(InvalidWorld, match=r"is not a synthcomp world: it has no \.synthcomp"):
            await import_world(ws, plain)
        with pytest.raises(InvalidWorld, match="is not a valid world manifest"):
            await import_world(ws, broken)
        with pytest.raises(NotFound, match="no folder"):
            await import_world(ws, tmp_path / "nowhere")
        assert await list_worlds(ws) == []
        assert list(ws.worlds_dir.iterdir()) == []


async def test_missing_worlds_are_plain_not_found(tmp_path: Path) -> None:
    async with open_ws(tmp_path / "ws") as ws:
        for call in (
            show_world(ws, "ghost"),
            export_world(ws, "ghost", tmp_path),
            delete_world(ws, "ghost"),
        ):
            with pytest.raises(NotFound, match="There is no world called 'ghost'"):
                await call
    with pytest.raises(NotFound, match="no world folder"):
        load_world(tmp_path / "ghost")


# --- stats on a world whose every number is known --------------------------------------


def _known_world(root: Path) -> tuple[WorldManifest, dict[str, bytes]]:
    """The factories' world, each file written with known bytes and its planned mtime."""
    manifest = WorldManifest.model_validate(F.manifest_data())
    mention = {"Rates lesson 1.docx", "Mark book 10C.xlsx", "Risk assessment thiosulfate.docx"}
    written: dict[str, bytes] = {}
    for art in manifest.artifacts.artifacts:
        name = art.path.rsplit("/", 1)[1]
        says = "Hillside Academy" if name in mention else "nothing in particular"
        if art.kind == "xlsx":
            spec = SheetSpec(
                sheets=[Sheet(name="Marks", columns=[{"header": "Note"}], rows=[[says]])]
            )
        else:
            spec = DocSpec(blocks=[Heading(text=name), Paragraph(text=f"This file: {says}.")])
        data = formats.render(art.kind, spec)
        path = root / art.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        stamp = art.modified.replace(tzinfo=dt.UTC).timestamp()
        os.utime(path, (stamp, stamp))
        written[art.path] = data
    for folder in manifest.folders.folders:
        (root / folder.path).mkdir(parents=True, exist_ok=True)
    (root / ".synthcomp").mkdir()
    (root / WORLD_MANIFEST_PATH).write_bytes(manifest_bytes(manifest))
    (root / ".trash").mkdir()  # engine areas are not counted
    (root / ".trash" / "old.docx").write_bytes(b"x")
    return manifest, written


async def test_stats_of_a_known_world(tmp_path: Path) -> None:
    manifest, written = _known_world(tmp_path)
    stats = await world_stats(tmp_path)
    # The factories' world: 7 files (4 docx, 2 pdf, 1 xlsx) in 12 planned folders,
    # at depths 6, 7, 7, 7, 7, 4 and 5, modified from 2024-01-05 09:00 to 2024-02-11 07:45.
    n = len(written)
    assert stats.files == n == 7
    assert stats.folders == len(manifest.folders.folders) == 12
    assert stats.total_bytes == sum(len(b) for b in written.values())
    assert [(k.kind, k.count, k.percent) for k in stats.kinds] == [
        ("docx", 4, 57.1),
        ("pdf", 2, 28.6),
        ("xlsx", 1, 14.3),
    ]
    assert stats.mean_depth == round(43 / 7, 2) == 6.14
    assert stats.max_depth == 7
    assert stats.first_mtime == dt.datetime(2024, 1, 5, 9, 0)
    assert stats.last_mtime == dt.datetime(2024, 2, 11, 7, 45)
    assert stats.entity_files == 3
    assert stats.entity_share == round(3 / n, 4)


async def test_stats_without_a_manifest_count_files_only(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "notes.md").write_text("# notes\n")
    (tmp_path / "top.txt").write_text("hello")
    stats = await world_stats(tmp_path)
    assert stats.files == 2 and stats.folders == 2
    assert stats.mean_depth == 1.0 and stats.max_depth == 2
    assert stats.entity_files is None and stats.entity_share is None
    assert json.loads(stats.model_dump_json())["files"] == 2


async def test_a_world_being_created_is_not_deleted_exported_or_resumed(tmp_path: Path) -> None:
    from engine.synth.pipeline import resume_world
    from engine.synth.state import WorldBusy, world_lock

    async with open_ws(tmp_path / "ws") as ws:
        record = await create_world(ws, PERSONA, seed=4, files=5)
        with world_lock(Path(record.path), record.slug):  # as a creating process holds it
            with pytest.raises(WorldBusy, match="being created by another process"):
                await delete_world(ws, record.slug)
            with pytest.raises(WorldBusy):
                await export_world(ws, record.slug, tmp_path / "out")
            with pytest.raises(WorldBusy):
                await resume_world(ws, record.slug)
        assert _exists(record.path)
        await delete_world(ws, record.slug)
        assert await list_worlds(ws) == []


async def test_regenerate_one_file_leaves_the_others_alone(tmp_path: Path) -> None:
    from engine.synth.world import regenerate_file

    async with open_ws(tmp_path / "ws") as ws:
        record = await create_world(ws, PERSONA, seed=4, files=8)
        manifest = manifest_of(record)
        root = Path(record.path)
        target, curated = sorted(manifest.files)[:2]
        before = manifest.files[target]
        (root / target).unlink()
        (root / curated).write_bytes(b"a curator's edit")
        rec = await regenerate_file(ws, record.slug, target)
        assert rec == before  # the scripted model writes the same file again
        # the agents' spelling of the path works too
        fs = manifest.profile.filesystem
        if fs.drive_volumes():
            letter, folder = next(iter(fs.drive_volumes().items()))
            logical = f"{letter}:/" + target.removeprefix(folder + "/")
            assert await regenerate_file(ws, record.id, logical) == before
        with pytest.raises(NotFound, match="is not a planned file"):
            await regenerate_file(ws, record.slug, "C/nowhere.docx")
    after = manifest_of(record)
    assert after.files[target] == before
    assert after.files[curated] == manifest.files[curated]  # its record is not touched
    assert (root / curated).read_bytes() == b"a curator's edit"
    assert disk_hashes(root)[target] == before.sha256
