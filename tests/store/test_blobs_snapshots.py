"""Blobs (content-addressed, compressed, deduplicated) and snapshot manifests."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from engine.errors import CorruptDatabase, NotFound, StoreError
from engine.schema.snapshot import BlobStore, FileEntry, Manifest
from engine.store import RunRecord, Store, WorldRecord

from .conftest import blob


def manifest_of(files: dict[str, bytes]) -> Manifest:
    return Manifest(
        files={
            p: FileEntry(sha256=hashlib.sha256(d).hexdigest(), size=len(d), mtime=1000.0 + i)
            for i, (p, d) in enumerate(files.items())
        }
    )


def by_sha(files: dict[str, bytes]) -> dict[str, bytes]:
    return {hashlib.sha256(d).hexdigest(): d for d in files.values()}


async def test_store_is_a_blob_store(store: Store) -> None:
    blobs: BlobStore = store.blobs
    assert blobs is store.blobs


async def test_put_dedups_and_get_roundtrips(store: Store) -> None:
    a, da = blob("quarterly figures " * 200)
    b, db = blob("minutes of the meeting " * 100)
    assert await store.blobs.put_many({a: da, b: db}) == 2
    assert await store.blobs.put_many({a: da, b: db}) == 0
    assert await store.blobs.has_many([a, b, "f" * 64]) == {a, b}
    assert await store.blobs.get(a) == da
    assert await store.blobs.get_many([a, b, a]) == {a: da, b: db}
    stats = await store.blobs.stats()
    assert stats.count == 2 and stats.raw_bytes == len(da) + len(db)
    assert stats.stored_bytes < stats.raw_bytes / 10  # repetitive text compresses
    with pytest.raises(NotFound):
        await store.blobs.get("0" * 64)
    with pytest.raises(NotFound):
        await store.blobs.get_many([a, "0" * 64])


async def test_incompressible_blobs_are_kept_raw(store: Store) -> None:
    data = os.urandom(4096)  # like a .docx: already a zip
    sha = hashlib.sha256(data).hexdigest()
    await store.blobs.put_many({sha: data})
    assert (await store.blobs.stats()).stored_bytes == 4096
    assert await store.blobs.get(sha) == data
    empty = hashlib.sha256(b"").hexdigest()
    await store.blobs.put_many({empty: b""})
    assert await store.blobs.get(empty) == b""


async def test_wrong_hashes_are_refused(store: Store) -> None:
    sha, _ = blob("one")
    with pytest.raises(ValueError, match="another sha256"):
        await store.blobs.put_many({sha: b"two"})
    with pytest.raises(ValueError, match="not a sha256"):
        await store.blobs.put_many({"abc": b"two"})
    assert (await store.blobs.stats()).count == 0


async def test_a_damaged_blob_is_reported(store: Store) -> None:
    sha, data = blob("the original text " * 10)
    await store.blobs.put_many({sha: data})
    await store._db.run(
        lambda conn: conn.execute(
            "UPDATE blobs SET codec = 'raw', data = ?, stored_size = size WHERE sha = ?",
            (b"x" * len(data), sha),
        )
    )
    with pytest.raises(CorruptDatabase, match="does not match its hash"):
        await store.blobs.get(sha)


async def test_snapshot_save_get_latest_list(
    store: Store, world: WorldRecord, run: RunRecord
) -> None:
    v1 = {"Documents/plan.docx": b"plan v1", "Notes/todo.txt": b"call Bo"}
    v2 = {**v1, "Documents/plan.docx": b"plan v2"}
    await store.blobs.put_many(by_sha(v1) | by_sha(v2))
    s1 = await store.snapshots.save(manifest_of(v1), seq=10, run_id=run.id)
    await store.snapshots.save(manifest_of(v2), seq=20, run_id=run.id)
    assert (s1.file_count, s1.total_bytes) == (2, len(b"plan v1") + len(b"call Bo"))
    assert await store.snapshots.get(s1.id) == s1
    assert await store.snapshots.latest_at_or_before(run.id, 9) is None
    assert (await store.snapshots.latest_at_or_before(run.id, 10)).id == s1.id  # type: ignore[union-attr]
    assert (await store.snapshots.latest_at_or_before(run.id, 19)).id == s1.id  # type: ignore[union-attr]
    latest = await store.snapshots.latest_at_or_before(run.id, 10_000)
    assert latest is not None and latest.manifest == manifest_of(v2)
    assert [s.seq for s in await store.snapshots.list(run_id=run.id)] == [10, 20]
    with pytest.raises(StoreError, match="already has a snapshot at seq 20"):
        await store.snapshots.save(manifest_of(v2), seq=20, run_id=run.id)
    with pytest.raises(NotFound):
        await store.snapshots.get(999)

    w0 = await store.snapshots.save(manifest_of(v1), seq=0, world_id=world.id)
    w1 = await store.snapshots.save(manifest_of(v2), seq=0, world_id=world.id)
    assert [s.id for s in await store.snapshots.list(world_id=world.id)] == [w0.id, w1.id]
    assert (await store.snapshots.latest_of_world(world.id)).id == w1.id  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        await store.snapshots.save(Manifest(), seq=0, run_id=run.id, world_id=world.id)
    with pytest.raises(NotFound):
        await store.snapshots.save(Manifest(), seq=0, run_id="nope")


async def test_a_manifest_naming_missing_blobs_is_refused(store: Store, run: RunRecord) -> None:
    files = {"a.txt": b"stored", "b.txt": b"not stored"}
    await store.blobs.put_many(by_sha({"a.txt": files["a.txt"]}))
    with pytest.raises(StoreError, match=r"1 blob.*store the blobs before the manifest"):
        await store.snapshots.save(manifest_of(files), seq=1, run_id=run.id)
    assert await store.snapshots.list(run_id=run.id) == []


async def test_fork_finds_snapshots_of_its_past(
    store: Store, world: WorldRecord, run: RunRecord
) -> None:
    files = {"a.txt": b"a"}
    await store.blobs.put_many(by_sha(files))
    from engine.store import NewEvent

    await store.events.append_turn(run.id, [NewEvent(kind="t")] * 30, expected_seq=1)
    early = await store.snapshots.save(manifest_of(files), seq=5, run_id=run.id)
    await store.snapshots.save(manifest_of(files), seq=25, run_id=run.id)  # after the fork point
    fork = await store.runs.create(world.id, {}, run.id, 20)
    found = await store.snapshots.latest_at_or_before(fork.id, 100)
    assert found is not None and found.id == early.id
    own = await store.snapshots.save(manifest_of(files), seq=22, run_id=fork.id)
    assert (await store.snapshots.latest_at_or_before(fork.id, 100)).id == own.id  # type: ignore[union-attr]
    assert (await store.snapshots.latest_at_or_before(fork.id, 21)).id == early.id  # type: ignore[union-attr]


async def test_orphans_are_collected(store: Store, world: WorldRecord, run: RunRecord) -> None:
    kept = {"a.txt": b"in a snapshot"}
    dropped = {"b.txt": b"in no snapshot"}
    late = {"c.txt": b"in a snapshot of a deleted run"}
    await store.blobs.put_many(by_sha(kept) | by_sha(dropped) | by_sha(late))
    await store.snapshots.save(manifest_of(kept), seq=0, world_id=world.id)
    doomed = await store.runs.create(world.id)
    await store.snapshots.save(manifest_of(late), seq=0, run_id=doomed.id)

    assert await store.blobs.collect_orphans() == 0  # too young: may belong to a save in progress
    assert await store.blobs.collect_orphans(min_age_s=0) == 1
    assert await store.blobs.has_many(by_sha(kept | dropped | late)) == set(by_sha(kept | late))
    await store.runs.delete(doomed.id)
    assert await store.blobs.collect_orphans(min_age_s=0) == 1
    assert await store.blobs.has_many(by_sha(kept | dropped | late)) == set(by_sha(kept))
    # a blob still named by a manifest cannot be deleted behind the store's back
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        await store._db.run(lambda conn: conn.execute("DELETE FROM blobs"))
    assert await store.snapshots.latest_of_world(world.id) is not None


async def test_snapshot_files_hold_every_reference(store: Store, world: WorldRecord) -> None:
    files = {f"dir/{i}.txt": f"file {i % 7}".encode() for i in range(40)}
    await store.blobs.put_many(by_sha(files))
    snap = await store.snapshots.save(manifest_of(files), seq=0, world_id=world.id)

    def job(conn: sqlite3.Connection) -> int:
        return conn.execute(
            "SELECT COUNT(*) FROM snapshot_files WHERE snapshot_id = ?", (snap.id,)
        ).fetchone()[0]

    assert await store._db.run(job) == 40
    assert (await store.blobs.stats()).count == 7
