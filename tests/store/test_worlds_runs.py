"""Worlds and runs: CRUD, stored status, forks and their ancestry."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import NotFound, StoreError
from engine.store import NewEvent, RunRecord, Store, WorldRecord


async def test_world_crud(store: Store) -> None:
    world = await store.worlds.create(
        "Ada's laptop", "ada", Path("/w/ada"), "accountant", {"k": [1]}
    )
    assert len(world.id) == 12
    assert (world.path, world.meta, world.occupation) == ("/w/ada", {"k": [1]}, "accountant")
    assert await store.worlds.get(world.id) == world
    assert await store.worlds.get_by_slug("ada") == world
    other = await store.worlds.create("Bo", "bo", "/w/bo")
    assert [w.id for w in await store.worlds.list()] == [world.id, other.id]

    changed = await store.worlds.update(world.id, name="Ada L.", meta={"k": 2})
    assert (changed.name, changed.meta, changed.slug) == ("Ada L.", {"k": 2}, "ada")
    assert changed.updated_at >= world.updated_at

    await store.worlds.delete(other.id)
    with pytest.raises(NotFound, match="no world"):
        await store.worlds.get(other.id)
    with pytest.raises(NotFound):
        await store.worlds.get_by_slug("bo")


async def test_world_slug_is_unique(store: Store, world: WorldRecord) -> None:
    with pytest.raises(StoreError, match="slug 'ada' already exists"):
        await store.worlds.create("Again", "ada", "/w/2")
    other = await store.worlds.create("Bo", "bo", "/w/bo")
    with pytest.raises(StoreError, match="slug 'ada' already exists"):
        await store.worlds.update(other.id, slug="ada")


async def test_world_update_rejects_unknown_fields(store: Store, world: WorldRecord) -> None:
    with pytest.raises(ValueError, match="id"):
        await store.worlds.update(world.id, id="x")
    with pytest.raises(NotFound):
        await store.worlds.update("nope", name="x")


async def test_world_with_runs_is_deleted_only_with_cascade(
    store: Store, world: WorldRecord, run: RunRecord
) -> None:
    await store.events.append_turn(run.id, [NewEvent(kind="a")], expected_seq=1)
    fork = await store.runs.create(world.id, {}, run.id, 1)
    with pytest.raises(StoreError, match="still has 2 run"):
        await store.worlds.delete(world.id)
    await store.worlds.delete(world.id, cascade=True)
    assert await store.runs.list() == []
    with pytest.raises(NotFound):
        await store.events.last_seq(fork.id)


async def test_run_create_get_list_status(store: Store, world: WorldRecord) -> None:
    run = await store.runs.create(world.id, {"days": 3, "seed": 1}, path="/r/a")
    assert (run.status, run.head_seq, run.parent_run_id, run.path) == ("created", 0, None, "/r/a")
    assert await store.runs.get(run.id) == run
    other_world = await store.worlds.create("Bo", "bo", "/w/bo")
    other = await store.runs.create(other_world.id)
    assert [r.id for r in await store.runs.list()] == [run.id, other.id]
    assert [r.id for r in await store.runs.list(world_id=world.id)] == [run.id]

    paused = await store.runs.set_status(run.id, "paused", "asked by the user")
    assert (paused.status, paused.status_reason) == ("paused", "asked by the user")
    assert (await store.runs.set_path(run.id, "/r/b")).path == "/r/b"
    with pytest.raises(ValueError):
        await store.runs.set_status(run.id, "sleeping")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        await store.runs.set_status("nope", "running")
    with pytest.raises(NotFound):
        await store.runs.create("no-such-world")


async def test_a_paused_run_is_still_paused_after_reopening(db_path: Path) -> None:
    async with Store.open(db_path) as store:
        world = await store.worlds.create("W", "w", "/w")
        run = await store.runs.create(world.id)
        await store.runs.set_status(run.id, "running")
        await store.runs.set_status(run.id, "paused", "step")
    async with Store.open(db_path) as store:
        again = await store.runs.get(run.id)
    assert (again.status, again.status_reason) == ("paused", "step")


async def _turns(store: Store, run_id: str, n: int) -> None:
    for _ in range(n):
        seq = await store.events.last_seq(run_id) + 1
        await store.events.append_turn(run_id, [NewEvent(kind="turn")], expected_seq=seq)


async def test_fork_ancestry_walks_parent_pointers(store: Store, world: WorldRecord) -> None:
    root = await store.runs.create(world.id)
    await _turns(store, root.id, 5)
    child = await store.runs.create(
        world.id, {"note": "what if"}, parent_run_id=root.id, parent_seq=3
    )
    assert (child.parent_run_id, child.parent_seq, child.head_seq) == (root.id, 3, 3)
    await _turns(store, child.id, 4)  # seqs 4..7 in the child
    grandchild = await store.runs.create(world.id, {}, child.id, 6)
    # a run created later but unrelated must not appear in the lineage
    await store.runs.create(world.id)

    lineage = await store.runs.ancestry(grandchild.id)
    assert [r.id for r in lineage] == [grandchild.id, child.id, root.id]
    assert [r.id for r in await store.runs.ancestry(root.id)] == [root.id]
    assert [r.id for r in await store.runs.children(root.id)] == [child.id]
    with pytest.raises(NotFound):
        await store.runs.ancestry("nope")


async def test_fork_is_checked(store: Store, world: WorldRecord, run: RunRecord) -> None:
    await _turns(store, run.id, 2)
    with pytest.raises(StoreError, match="no seq 5"):
        await store.runs.create(world.id, {}, run.id, 5)
    other = await store.worlds.create("Bo", "bo", "/w/bo")
    with pytest.raises(StoreError, match="another world"):
        await store.runs.create(other.id, {}, run.id, 1)
    with pytest.raises(ValueError):
        await store.runs.create(world.id, {}, run.id)
    with pytest.raises(NotFound):
        await store.runs.create(world.id, {}, "nope", 0)


async def test_run_delete_refused_while_forked(
    store: Store, world: WorldRecord, run: RunRecord
) -> None:
    await _turns(store, run.id, 2)
    fork = await store.runs.create(world.id, {}, run.id, 1)
    with pytest.raises(StoreError, match="1 fork"):
        await store.runs.delete(run.id)
    await store.runs.delete(fork.id)
    await store.runs.delete(run.id)
    assert await store.runs.list() == []
