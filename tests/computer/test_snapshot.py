"""Snapshots into a blob store and restores from them, byte for byte; dedup of unchanged files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from engine.computer import Computer, diff, fsutil
from engine.computer import snapshot as snapshot_module
from engine.errors import PathOutsideComputer, StoreError
from engine.schema.snapshot import FileEntry, Manifest
from tests.computer.conftest import CountingBlobs, DictBlobs


def tree_state(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file outside internal areas: its bytes and mtime in microseconds."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d not in (".synthcomp", ".trash")]
        for name in filenames:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            out[rel] = (p.read_bytes(), round(p.stat().st_mtime_ns / 1000))
    return out


def dirs_of(root: Path) -> set[str]:
    return {
        Path(d).relative_to(root).as_posix()
        for d, _, _ in os.walk(root)
        if Path(d) != root and not Path(d).relative_to(root).parts[0].startswith(".")
    }


async def build(c: Computer) -> None:
    await c.write_text("Documents/report.md", "# Report\n\nv1\n", mtime=1_600_000_000.25)
    await c.write_bytes(
        "Documents/Data/raw.bin", os.urandom(4096) + b"\x00\xff" * 100, mtime=1_610_000_000
    )
    await c.write_text("Desktop/todo.txt", "one\ntwo\n", mtime=1_620_000_000)
    await c.write_text("Desktop/copy of todo.txt", "one\ntwo\n", mtime=1_620_000_001)
    await c.write_text("Ünïcödé/日本語.txt", "こんにちは", mtime=1_630_000_000)
    await c.write_bytes("empty.dat", b"", mtime=1_640_000_000)


async def test_manifest_lists_every_file_with_hash_size_and_mtime(
    computer: Computer, blobs: CountingBlobs
) -> None:
    await build(computer)
    (computer.root / ".synthcomp").mkdir()
    (computer.root / ".synthcomp" / "run.json").write_text("{}")
    m = await computer.snapshot(blobs)
    assert sorted(m.files) == [
        "Desktop/copy of todo.txt",
        "Desktop/todo.txt",
        "Documents/Data/raw.bin",
        "Documents/report.md",
        "empty.dat",
        "Ünïcödé/日本語.txt",
    ]
    e = m.files["Documents/report.md"]
    assert e.sha256 == hashlib.sha256(b"# Report\n\nv1\n").hexdigest()
    assert e.size == len(b"# Report\n\nv1\n")
    assert e.mtime == pytest.approx(1_600_000_000.25, abs=1e-6)
    # identical content is one blob
    assert m.files["Desktop/todo.txt"].sha256 == m.files["Desktop/copy of todo.txt"].sha256
    assert len(blobs.uploaded) == len({f.sha256 for f in m.files.values()}) == 5
    for entry in m.files.values():
        assert hashlib.sha256(await blobs.get(entry.sha256)).hexdigest() == entry.sha256


async def test_second_snapshot_of_an_unchanged_tree_uploads_nothing(
    computer: Computer, blobs: CountingBlobs
) -> None:
    await build(computer)
    first = await computer.snapshot(blobs)
    uploaded = len(blobs.uploaded)
    second = await computer.snapshot(blobs)
    assert second == first
    assert len(blobs.uploaded) == uploaded

    await computer.write_text("Desktop/todo.txt", "one\ntwo\nthree\n")
    third = await computer.snapshot(blobs)
    assert blobs.uploaded[uploaded:] == [hashlib.sha256(b"one\ntwo\nthree\n").hexdigest()]
    assert diff(second, third).changed == ["Desktop/todo.txt"]


async def test_unchanged_tree_is_not_rehashed(
    computer: Computer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat cache answers for files that did not change, so a second snapshot (by a new
    Computer object that has hashed the tree once) reads no file contents."""
    await build(computer)
    hashed: list[str] = []
    real = fsutil.sha256_file

    def counting(path: str) -> tuple[str, os.stat_result]:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(snapshot_module, "sha256_file", counting)
    store = CountingBlobs(DictBlobs())
    fresh = Computer(computer.root)  # nothing cached yet
    await fresh.snapshot(store)
    assert len(hashed) == 6
    await fresh.snapshot(store)
    assert len(hashed) == 6
    # the computer's own writes seed the cache: a file it wrote is not hashed again
    await fresh.write_text("Desktop/todo.txt", "changed")
    await fresh.snapshot(store)
    assert len(hashed) == 6
    # a file changed by someone else is
    (fresh.root / "empty.dat").write_bytes(b"now with content")
    await fresh.snapshot(store)
    assert hashed[6:] == [f"{fresh.root}/empty.dat"]


async def test_stat_cache_notices_a_same_size_rewrite(computer: Computer) -> None:
    await computer.write_text("a.txt", "aaaa", mtime=1_600_000_000)
    store = CountingBlobs(DictBlobs())
    m1 = await computer.snapshot(store)
    p = computer.root / "a.txt"
    p.write_text("bbbb")
    os.utime(p, ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9))  # same size, same mtime
    m2 = await computer.snapshot(store)
    assert (
        m2.files["a.txt"].sha256 == hashlib.sha256(b"bbbb").hexdigest() != m1.files["a.txt"].sha256
    )


async def test_restore_is_byte_for_byte(computer: Computer, blobs: CountingBlobs) -> None:
    await build(computer)
    before = tree_state(computer.root)
    dirs_before = dirs_of(computer.root)
    manifest = await computer.snapshot(blobs)

    # change everything a run might change
    await computer.write_text("Documents/report.md", "# Report\n\nv2, rewritten\n")
    await computer.delete("Desktop/todo.txt")
    (computer.root / "Documents" / "Data" / "raw.bin").unlink()
    await computer.write_text("Documents/New/deliverable.md", "new file")
    (computer.root / "Deep" / "er" / "est").mkdir(parents=True)
    (computer.root / "Deep" / "er" / "est" / "x.bin").write_bytes(b"\x00" * 10)
    os.utime(computer.root / "empty.dat", (1, 1))
    (computer.root / "Ünïcödé" / "日本語.txt").write_text("changed behind its back")
    (computer.root / "link").symlink_to(computer.root / "Documents")
    (computer.root / ".synthcomp").mkdir(exist_ok=True)
    (computer.root / ".synthcomp" / "keep.json").write_text("engine state")
    assert tree_state(computer.root) != before

    changes = await computer.restore(manifest, blobs)
    assert tree_state(computer.root) == before
    assert dirs_of(computer.root) == dirs_before  # emptied folders went, the others stayed
    assert not (computer.root / "link").is_symlink()
    assert (computer.root / ".synthcomp" / "keep.json").read_text() == "engine state"
    assert changes.added == ["Desktop/todo.txt", "Documents/Data/raw.bin"]
    assert changes.changed == ["Documents/report.md", "Ünïcödé/日本語.txt"]
    assert changes.removed == ["Deep/er/est/x.bin", "Documents/New/deliverable.md"]

    again = await computer.snapshot(blobs)
    assert diff(manifest, again).empty
    assert await computer.restore(again, blobs) == diff(again, again)


async def test_restore_into_an_empty_folder(tmp_path: Path, blobs: CountingBlobs) -> None:
    src = Computer(tmp_path / "src")
    await build(src)
    manifest = await src.snapshot(blobs)
    dst = Computer(tmp_path / "dst")
    await dst.restore(manifest, blobs)
    assert tree_state(dst.root) == tree_state(src.root)


async def test_restore_replaces_a_folder_where_a_file_was(
    computer: Computer, blobs: CountingBlobs
) -> None:
    await computer.write_text("thing", "a file")
    manifest = await computer.snapshot(blobs)
    (computer.root / "thing").unlink()
    (computer.root / "thing" / "inner").mkdir(parents=True)
    (computer.root / "thing" / "inner" / "f.txt").write_text("x")
    await computer.restore(manifest, blobs)
    assert (computer.root / "thing").read_text() == "a file"


async def test_restore_checks_the_store_first(computer: Computer) -> None:
    await computer.write_text("a.txt", "kept")
    missing = "0" * 64
    manifest = Manifest(files={"b.txt": FileEntry(sha256=missing, size=3, mtime=1.0)})
    with pytest.raises(StoreError, match="nothing was restored"):
        await computer.restore(manifest, DictBlobs())
    assert (computer.root / "a.txt").read_text() == "kept"


@pytest.mark.parametrize("bad", ["../escape.txt", "/etc/passwd", ".synthcomp/x", "a//b", "C:/x"])
async def test_restore_refuses_hostile_manifest_paths(computer: Computer, bad: str) -> None:
    sha = hashlib.sha256(b"x").hexdigest()
    store = DictBlobs()
    await store.put_many({sha: b"x"})
    manifest = Manifest(files={bad: FileEntry(sha256=sha, size=1, mtime=1.0)})
    with pytest.raises(PathOutsideComputer):
        await computer.restore(manifest, store)


def test_diff() -> None:
    def e(s: str) -> FileEntry:
        return FileEntry(sha256=hashlib.sha256(s.encode()).hexdigest(), size=len(s), mtime=0)

    a = Manifest(files={"same": e("1"), "changed": e("2"), "gone": e("3")})
    b = Manifest(files={"same": e("1"), "changed": e("2b"), "new": e("4")})
    d = diff(a, b)
    assert (d.added, d.changed, d.removed) == (["new"], ["changed"], ["gone"])
    assert diff(a, a).empty
