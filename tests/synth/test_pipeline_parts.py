"""The pieces of world creation that need no model: scheduling, merging, the DAG runner, state."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from engine.llm.types import schema_of
from engine.llm.wire import schema_name
from engine.schema import plans
from engine.schema.plans import FileRecord, FolderPlan, WorldManifest
from engine.schema.profile import UserProfile
from engine.synth.dag import run_dag
from engine.synth.merge import BatchPlanSet, Merger, merge_batches, normalise_folders
from engine.synth.schedule import (
    MAX_BATCH,
    allocate_files,
    default_today,
    kind_mix,
    make_batches,
    target_folders,
)
from engine.synth.state import Journal, atomic_write, verify_written
from tests.synth import factories as F

CAPTURE = dt.datetime(2024, 7, 1, 17, 30)


def profile() -> UserProfile:
    return UserProfile.model_validate(F.profile_data())


def folders() -> FolderPlan:
    return FolderPlan.model_validate(F.folder_data())


def art(path: str, created: str, *links: tuple[str, str], kind: str = "docx") -> dict[str, Any]:
    return {
        "path": path,
        "kind": kind,
        "purpose": f"file {path}",
        "author": "Maria Forsythe",
        "created": created,
        "modified": created,
        "origin": "user_created",
        "projects": ["y10-scheme"],
        "entities": [],
        "links": [{"relation": r, "target": t} for r, t in links],
    }


def batch(*artifacts: dict[str, Any]) -> plans.ArtifactPlanSet:
    return BatchPlanSet.model_validate(
        {
            "projects": [{"id": "y10-scheme", "name": "Year 10 scheme", "status": "current"}],
            "artifacts": list(artifacts),
        }
    )


# --- scheduling ---------------------------------------------------------------------------


def test_default_today_is_a_working_day_from_the_seed_alone() -> None:
    days = {default_today(s) for s in range(50)}
    assert len(days) > 30
    assert all(d.weekday() < 5 for d in days)
    assert default_today(7) == default_today(7)


def test_target_folders_scales_with_files() -> None:
    assert target_folders(30) < target_folders(150) < target_folders(500)
    assert 30 <= target_folders(150) <= 45  # the paper: 30.4 folders for 111.6 files


def test_allocation_sums_and_spares_system_folders() -> None:
    alloc = allocate_files(folders(), profile(), 150, seed=1)
    assert sum(alloc.values()) == 150
    assert "C" not in alloc and "C/Users" not in alloc and "D" not in alloc
    assert alloc == allocate_files(folders(), profile(), 150, seed=1)
    assert alloc != allocate_files(folders(), profile(), 150, seed=2)


@pytest.mark.parametrize("total", [1, 30, 40, 41, 150, 500])
def test_batches_are_balanced_and_bounded(total: int) -> None:
    alloc = allocate_files(folders(), profile(), total, seed=3)
    batches = make_batches(alloc)
    assert sum(b.count for b in batches) == total
    assert all(0 < b.count <= MAX_BATCH for b in batches)
    assert max(b.count for b in batches) - min(b.count for b in batches) <= 1
    assert [b.index for b in batches] == list(range(len(batches)))
    assert all(b.of == len(batches) for b in batches)
    covered = {f for b in batches for f in b.folders}
    assert covered == set(alloc)


def test_kind_mix_follows_the_family() -> None:
    paper = kind_mix(None)
    assert sum(paper.values()) == pytest.approx(1.0, abs=1e-3)
    teacher = kind_mix("school_teaching")
    assert sum(teacher.values()) == pytest.approx(1.0, abs=1e-3)
    assert teacher != paper
    assert kind_mix("no_such_family") == paper


# --- merging ------------------------------------------------------------------------------


def test_batch_plan_set_is_artifact_plan_set_on_the_wire() -> None:
    assert schema_name(BatchPlanSet) == "ArtifactPlanSet"
    assert schema_of(BatchPlanSet) == schema_of(plans.ArtifactPlanSet)


def test_batch_may_link_to_earlier_batches() -> None:
    first = batch(art(f"{F.TEACH}/a.docx", "2024-01-01T09:00:00"))
    second = batch(
        art(f"{F.TEACH}/b.docx", "2024-01-02T09:00:00", ("version_of", f"{F.TEACH}/a.docx"))
    )
    merged, _, repairs = merge_batches(profile(), folders(), [(first, 5), (second, 5)], CAPTURE)
    assert repairs.dropped_links == 0
    assert merged.get(f"{F.TEACH}/b.docx").links[0].target == f"{F.TEACH}/a.docx"


def test_broken_links_are_dropped_and_counted() -> None:
    a = f"{F.TEACH}/a.docx"
    one = batch(
        art(a, "2024-01-05T09:00:00"),
        # links to a file that does not exist, and to a newer file
        art(f"{F.TEACH}/b.docx", "2024-01-02T09:00:00", ("derived_from", "C/nowhere.docx")),
        art(f"{F.TEACH}/c.docx", "2024-01-03T09:00:00", ("references", a)),
    )
    merged, _, repairs = merge_batches(profile(), folders(), [(one, 10)], CAPTURE)
    assert repairs.dropped_links == 2
    assert len(repairs.notes) == 2
    assert all(not x.links for x in merged.artifacts)
    assert "not a planned file" in repairs.notes[0]
    assert "newer" in repairs.notes[1]


def test_cycles_at_equal_times_are_broken() -> None:
    a, b = f"{F.TEACH}/a.docx", f"{F.TEACH}/b.docx"
    one = batch(
        art(a, "2024-01-05T09:00:00", ("references", b)),
        art(b, "2024-01-05T09:00:00", ("references", a)),
    )
    merged, _, repairs = merge_batches(profile(), folders(), [(one, 10)], CAPTURE)
    assert repairs.dropped_links == 1
    assert sum(len(x.links) for x in merged.artifacts) == 1
    merged.topological_order()  # no cycle left


def test_files_are_deduplicated_and_placed() -> None:
    one = batch(
        art(f"{F.TEACH}/a.docx", "2024-01-01T09:00:00"),
        art(f"{F.TEACH}/A.docx", "2024-01-01T09:00:00"),  # the same name, another case
        art(f"{F.DOCS}/Notes.txt", "2024-01-01T09:00:00", kind="txt"),  # a planned folder
        art(f"{F.DOCS}/New folder/Sub/x.docx", "2024-01-01T09:00:00"),  # folder gets added
        art("Z/elsewhere/y.docx", "2024-01-01T09:00:00"),  # no volume Z
        art(f"{F.HOME}/documents/z.docx", "2024-01-01T09:00:00"),  # Documents in lower case
    )
    data = F.folder_data()
    data["folders"].append({"path": f"{F.DOCS}/Notes.txt", "purpose": "odd name", "area": "work"})
    start = FolderPlan.model_validate(data)
    merged, plan, repairs = merge_batches(profile(), start, [(one, 10)], CAPTURE)
    paths = merged.paths()
    assert f"{F.TEACH}/a.docx" in paths and f"{F.TEACH}/A.docx" not in paths
    assert f"{F.DOCS}/New folder/Sub/x.docx" in paths
    assert {f"{F.DOCS}/New folder", f"{F.DOCS}/New folder/Sub"} <= plan.paths()
    assert f"{F.DOCS}/z.docx" in paths
    assert not any(p.startswith("Z/") for p in paths)
    assert repairs.added_folders == 2
    assert repairs.dropped_files == 3
    merged.check_folders(plan)


def test_surplus_files_unknown_ids_and_late_times() -> None:
    late = art(f"{F.TEACH}/late.docx", "2030-01-01T09:00:00")
    late["projects"] = ["y10-scheme", "lab-inventory", "ghost-project"]
    late["entities"] = ["budget_lab", "ghost_entity"]
    one = batch(late, art(f"{F.TEACH}/extra.docx", "2024-01-01T09:00:00"))
    merged, _, repairs = merge_batches(profile(), folders(), [(one, 1)], CAPTURE)
    assert merged.paths() == {f"{F.TEACH}/late.docx"}
    got = merged.get(f"{F.TEACH}/late.docx")
    assert got.modified == CAPTURE and got.created == CAPTURE
    assert got.projects == ["y10-scheme", "lab-inventory"]  # a profile project joins the index
    assert got.entities == ["budget_lab"]
    assert repairs.surplus_files == 1 and repairs.clamped_times == 1 and repairs.dropped_refs == 2
    # The index holds every current project of the profile.
    assert {"y10-scheme", "lab-inventory"} <= {p.id for p in merged.projects}


def test_merger_tells_the_next_batch_what_exists() -> None:
    merger = Merger(profile(), folders(), CAPTURE)
    merger.add(batch(art(f"{F.TEACH}/a.docx", "2024-01-01T09:00:00")), 5, "batch 1")
    assert merger.existing() == [
        {
            "path": f"{F.TEACH}/a.docx",
            "kind": "docx",
            "created": "2024-01-01T09:00:00",
            "modified": "2024-01-01T09:00:00",
            "projects": ["y10-scheme"],
        }
    ]


def test_normalise_folders_adds_home_folders_and_drops_strays() -> None:
    data = F.folder_data()
    data["folders"] = [
        f
        for f in data["folders"]
        if not f["path"].endswith(("Downloads", "Desktop")) and not f["path"].startswith("D")
    ]
    data["folders"].append({"path": "Q", "purpose": "a stray volume", "area": "personal"})
    plan, notes = normalise_folders(FolderPlan.model_validate(data), profile())
    paths = plan.paths()
    assert {f"{F.HOME}/Downloads", f"{F.HOME}/Desktop"} <= paths
    assert "Q" not in paths
    assert len(notes) == 3


# --- the DAG runner -----------------------------------------------------------------------


async def test_run_dag_orders_children_after_parents_and_bounds_concurrency() -> None:
    graph = {"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"], "e": [], "f": ["outside"]}
    finished: list[str] = []
    running = 0
    peak = 0

    async def work(key: str) -> None:
        nonlocal running, peak
        for parent in graph[key]:
            if parent in graph:
                assert parent in finished, f"{key} started before {parent} finished"
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        finished.append(key)

    await run_dag(list(graph), lambda k: graph[k], work, limit=2)
    assert sorted(finished) == sorted(graph)
    assert peak == 2


async def test_run_dag_stops_on_an_exception() -> None:
    async def work(key: str) -> None:
        if key == "b":
            raise RuntimeError("boom")
        await asyncio.sleep(0.05)

    with pytest.raises(ExceptionGroup):
        await run_dag(["a", "b", "c"], lambda k: [], work, limit=3)


# --- state on disk ------------------------------------------------------------------------


def _manifest() -> WorldManifest:
    return WorldManifest.model_validate(F.manifest_data())


def test_journal_replays_and_ignores_a_torn_line(tmp_path: Path) -> None:
    (tmp_path / ".synthcomp").mkdir()
    manifest = _manifest()
    paths = sorted(manifest.files)
    journal = Journal(tmp_path)
    journal.append(paths[0], FileRecord(status="written", sha256="a" * 64, size=3))
    journal.append(paths[1], FileRecord(status="failed", error="the model refused"))
    with open(journal.path, "a", encoding="utf-8") as fh:
        fh.write('{"path": "' + paths[2] + '", "status": "writ')  # a crash mid-line
    assert journal.replay(manifest) == 2
    assert manifest.files[paths[0]].status == "written"
    assert manifest.files[paths[1]].error == "the model refused"
    assert manifest.files[paths[2]].status == "planned"
    assert journal.replay(manifest) == 0  # idempotent
    journal.clear()
    assert not journal.path.exists()


def test_verify_written_resets_missing_changed_and_failed(tmp_path: Path) -> None:
    import hashlib

    manifest = _manifest()
    good, changed, missing, failed = sorted(manifest.files)[:4]
    for rel in (good, changed):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"hello")
    sha = hashlib.sha256(b"hello").hexdigest()
    for rel in (good, changed, missing):
        manifest.mark_written(rel, sha, 5)
    (tmp_path / changed).write_bytes(b"HELLO")
    manifest.mark_failed(failed, "render failed")
    reset = verify_written(tmp_path, manifest)
    assert sorted(reset) == sorted([changed, missing, failed])
    assert manifest.files[good].status == "written"
    assert all(manifest.files[p].status == "planned" for p in reset)


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "world.json"
    atomic_write(target, b'{"a": 1}')
    atomic_write(target, b'{"a": 2}')
    assert json.loads(target.read_text()) == {"a": 2}
    assert [p.name for p in target.parent.iterdir()] == ["world.json"]


def test_a_name_reused_for_another_purpose_is_renamed_from_that_purpose() -> None:
    first = art(f"{F.TEACH}/notes_2024.docx", "2024-01-01T09:00:00")
    second = art(f"{F.TEACH}/notes_2024.docx", "2024-01-02T09:00:00")
    second["purpose"] = "Parents evening seating plan, spring term"
    again = art(f"{F.TEACH}/notes_2024.docx", "2024-01-03T09:00:00")
    again["purpose"] = first["purpose"].upper()  # the same purpose: a true repeat
    merged, _, repairs = merge_batches(
        profile(), folders(), [(batch(first, second, again), 10)], CAPTURE
    )
    paths = merged.paths()
    renamed = f"{F.TEACH}/Parents_evening_seating_plan_spring_term.docx"
    assert paths == {f"{F.TEACH}/notes_2024.docx", renamed}
    assert merged.get(renamed).purpose == second["purpose"]
    assert repairs.dropped_files == 1
    assert any("planned again" in n and "Parents_evening" in n for n in repairs.notes)
