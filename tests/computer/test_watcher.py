"""The watcher reports other people's changes once each, never the computer's own, and stops
cleanly. Absence of an event is checked without sleeping: a marker file is written after the
action, and everything that arrives before the marker's own event is what the action caused."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from pathlib import Path

import pytest
from watchdog.utils import BaseThread

from engine.computer import Computer, FileChange, Watcher

TIMEOUT = 15.0  # a bound on waiting, never an assertion about speed


async def next_change(w: Watcher) -> FileChange | None:
    async with asyncio.timeout(TIMEOUT):
        return await w.get()


async def until_marker(w: Watcher, root: Path, name: str = "marker.txt") -> list[FileChange]:
    """Write a marker file from outside; return every change that arrives before its event."""
    (root / name).write_text(name)
    seen: list[FileChange] = []
    while True:
        change = await next_change(w)
        assert change is not None, "watcher stopped before the marker arrived"
        if change.path == name:
            assert change.change == "created"
            return seen
        seen.append(change)


def summary(changes: list[FileChange]) -> list[tuple[str, str, str | None]]:
    return [(c.change, c.path, c.dest_path) for c in changes]


def watchdog_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, BaseThread) and t.is_alive()]


def append_in_two_writes(path: Path) -> None:
    with open(path, "a") as f:
        f.write(" and more")
        f.flush()
        f.write(" and more")


@pytest.fixture
async def watched(computer: Computer):  # type: ignore[no-untyped-def]
    await computer.write_text("Documents/existing.txt", "old", mtime=1_600_000_000)
    async with computer.watch() as w:
        yield computer, w


async def test_external_create_is_reported_once(watched: tuple[Computer, Watcher]) -> None:
    c, w = watched
    (c.root / "Documents" / "new.txt").write_text("hello")
    change = await next_change(w)
    assert change is not None
    assert (change.change, change.path, change.is_dir) == ("created", "Documents/new.txt", False)
    assert change.at.tzinfo is not None
    assert await until_marker(w, c.root) == []


async def test_external_modify_is_reported_once(watched: tuple[Computer, Watcher]) -> None:
    c, w = watched
    append_in_two_writes(c.root / "Documents" / "existing.txt")
    changes = await until_marker(w, c.root)
    assert summary(changes) == [("modified", "Documents/existing.txt", None)]


async def test_external_delete_is_reported_once(watched: tuple[Computer, Watcher]) -> None:
    c, w = watched
    (c.root / "Documents" / "existing.txt").unlink()
    changes = await until_marker(w, c.root)
    assert summary(changes) == [("deleted", "Documents/existing.txt", None)]


async def test_external_move_is_reported_once(watched: tuple[Computer, Watcher]) -> None:
    c, w = watched
    os.rename(c.root / "Documents" / "existing.txt", c.root / "renamed.txt")
    changes = await until_marker(w, c.root)
    assert summary(changes) == [("moved", "Documents/existing.txt", "renamed.txt")]


async def test_external_folder_move_and_delete(watched: tuple[Computer, Watcher]) -> None:
    c, w = watched
    os.rename(c.root / "Documents", c.root / "Docs")
    changes = await until_marker(w, c.root)
    assert summary(changes) == [
        ("moved", "Documents", "Docs"),
        ("moved", "Documents/existing.txt", "Docs/existing.txt"),
    ]
    assert changes[0].is_dir
    shutil.rmtree(c.root / "Docs")
    changes = await until_marker(w, c.root, "marker2.txt")
    assert sorted(summary(changes)) == [
        ("deleted", "Docs", None),
        ("deleted", "Docs/existing.txt", None),
    ]


async def test_an_editor_save_is_one_modification(watched: tuple[Computer, Watcher]) -> None:
    """Swap file, write to a temp name, rename over the original, drop the swap file."""
    c, w = watched
    docs = c.root / "Documents"
    (docs / ".existing.txt.swp").write_bytes(b"swap")
    (docs / "existing.txt.tmp~").write_text("new content")
    os.replace(docs / "existing.txt.tmp~", docs / "existing.txt")
    (docs / ".existing.txt.swp").unlink()
    changes = await until_marker(w, c.root)
    assert summary(changes) == [("modified", "Documents/existing.txt", None)]


async def test_a_burst_of_writes_is_one_change(watched: tuple[Computer, Watcher]) -> None:
    c, w = watched
    p = c.root / "burst.txt"
    for i in range(10):
        p.write_text(f"version {i}")
    changes = await until_marker(w, c.root)
    assert summary(changes) == [("created", "burst.txt", None)]


async def test_the_computers_own_changes_are_not_reported(
    watched: tuple[Computer, Watcher],
) -> None:
    c, w = watched
    await c.write_text("Documents/mine.txt", "written by the agent")
    await c.write_text("Documents/existing.txt", "rewritten by the agent", mtime=1_700_000_000)
    await c.mkdir("Projects/New")
    await c.copy("Documents", "Projects/Copy")
    await c.move("Documents/mine.txt", "Projects/mine.txt")
    await c.move("Projects/Copy", "Archive")
    item = await c.delete("Archive")
    await c.restore_from_trash(item.trash_id)
    await c.delete("Projects/New")
    (c.state_dir / "engine.json").write_text("internal")
    assert await until_marker(w, c.root) == []


async def test_own_write_then_external_edit_is_reported(watched: tuple[Computer, Watcher]) -> None:
    c, w = watched
    await c.write_text("shared.txt", "agent draft")
    assert await until_marker(w, c.root) == []
    (c.root / "shared.txt").write_text("a colleague's edit")
    changes = await until_marker(w, c.root, "marker2.txt")
    assert summary(changes) == [("modified", "shared.txt", None)]


async def test_restore_is_not_reported(computer: Computer) -> None:
    from tests.computer.conftest import DictBlobs

    await computer.write_text("a.txt", "one")
    store = DictBlobs()
    manifest = await computer.snapshot(store)
    async with computer.watch() as w:
        (computer.root / "a.txt").write_text("external")
        (computer.root / "b.txt").write_text("external")
        assert {c.path for c in await until_marker(w, computer.root)} == {"a.txt", "b.txt"}
        await computer.restore(manifest, store)
        assert await until_marker(w, computer.root, "marker2.txt") == []


async def test_no_events_after_stop_and_no_thread_left(computer: Computer) -> None:
    before = watchdog_threads()
    w = computer.watch()
    await w.start()
    assert w.running
    assert len(watchdog_threads()) > len(before)
    (computer.root / "before-stop.txt").write_text("x")
    assert (await next_change(w)) is not None
    await w.stop()
    assert not w.running
    assert watchdog_threads() == before
    (computer.root / "after-stop.txt").write_text("x")
    assert await next_change(w) is None
    assert await next_change(w) is None
    assert w.drain() == []
    await w.stop()  # a second stop is harmless


async def test_async_iteration_ends_at_stop(computer: Computer) -> None:
    async with computer.watch() as w:
        (computer.root / "one.txt").write_text("1")
        got = []
        async with asyncio.timeout(TIMEOUT):
            async for change in w:
                got.append(change.path)
                break
        assert got == ["one.txt"]
    assert [c async for c in w] == []


async def test_volume_paths_are_reported_in_logical_form(tmp_path: Path) -> None:
    c = Computer(tmp_path / "pc", volumes={"C": "C"})
    await c.mkdir("C:/Users/me")
    async with c.watch() as w:
        (c.root / "C" / "Users" / "me" / "notes.txt").write_text("x")
        change = await next_change(w)
        assert change is not None and change.path == "C:/Users/me/notes.txt"
