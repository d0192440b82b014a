"""Interrupted creations resume into the same world, without remaking finished files.

Two ways to die halfway: the creation task is cancelled (Ctrl-C in the CLI, a
closed TUI screen), or the process is killed outright with SIGKILL.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from engine.errors import NotFound
from engine.synth.pipeline import Progress, create_world, resume_world
from engine.synth.world import load_world
from tests.synth.test_pipeline_support import (
    PERSONA,
    comparable,
    content_call_paths,
    disk_hashes,
    file_states,
    last_call_id,
    manifest_of,
    open_ws,
)

SEED = 21
FILES = 24
KILL_AFTER = 9


async def _reference(tmp_path: Path) -> tuple[dict, dict[str, str]]:
    async with open_ws(tmp_path / "reference") as ws:
        record = await create_world(ws, PERSONA, seed=SEED, files=FILES)
    assert record.meta["status"] == "complete"
    return comparable(manifest_of(record)), disk_hashes(record.path)


async def _check_resume(ws_path: Path, slug: str, reference: tuple[dict, dict[str, str]]) -> None:
    """Resume `slug` and check it is the reference world, with finished files left alone."""
    async with open_ws(ws_path) as ws:
        record = await ws.store.worlds.get_by_slug(slug)
        assert record.meta["status"] in ("creating", "incomplete")
        before = load_world(record.path)
        finished = sorted(p for p, r in before.files.items() if r.status == "written")
        assert len(finished) >= KILL_AFTER
        assert len(finished) < len(before.files), "nothing was left to resume"
        states = file_states(record.path, finished)
        since = await last_call_id(ws, record.id)

        resumed = await resume_world(ws, slug)
        assert resumed.meta["status"] == "complete", resumed.meta
        assert resumed.id == record.id

        remade = await content_call_paths(ws, record.id, since_id=since)
    # The same world as an uninterrupted run with the same seed...
    assert comparable(manifest_of(resumed)) == reference[0]
    assert disk_hashes(resumed.path) == reference[1]
    # ...and the files finished before the interruption were neither asked for nor rewritten.
    assert not set(remade) & set(finished)
    assert set(remade) == set(before.files) - set(finished)
    assert file_states(resumed.path, finished) == states


async def test_cancel_halfway_then_resume(tmp_path: Path) -> None:
    reference = await _reference(tmp_path)
    ws_path = tmp_path / "ws"
    async with open_ws(ws_path) as ws:
        task: asyncio.Task | None = None
        cancelled = False

        def on_progress(p: Progress) -> None:
            nonlocal cancelled
            if p.stage == "files" and p.path and p.done >= KILL_AFTER and not cancelled:
                cancelled = True
                assert task is not None
                task.cancel()

        task = asyncio.create_task(
            create_world(ws, PERSONA, seed=SEED, files=FILES, on_progress=on_progress)
        )
        with pytest.raises(asyncio.CancelledError):
            await task
        rows = await ws.store.worlds.list()
        assert len(rows) == 1
        assert rows[0].meta["status"] == "incomplete"
        assert "interrupted" in rows[0].meta["error"]
        slug = rows[0].slug
    await _check_resume(ws_path, slug, reference)


_KILL_SCRIPT = """
import asyncio, os, signal, sys
from pathlib import Path
from engine.config import Settings
from engine.synth.pipeline import create_world
from engine.workspace import Workspace

ws_path, kill_after, persona, seed, files = sys.argv[1:6]

def on_progress(p):
    if p.stage == "files" and p.path and p.done >= int(kill_after):
        os.kill(os.getpid(), signal.SIGKILL)

async def main():
    ws = await Workspace.open(Path(ws_path), Settings(workspace=Path(ws_path)))
    await create_world(ws, persona, seed=int(seed), files=int(files), on_progress=on_progress)
    print("not killed")

asyncio.run(main())
"""


async def test_sigkill_halfway_then_resume(tmp_path: Path) -> None:
    reference = await _reference(tmp_path)
    ws_path = tmp_path / "ws"
    args = [str(ws_path), str(KILL_AFTER), PERSONA, str(SEED), str(FILES)]
    proc = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", _KILL_SCRIPT, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ},
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    async with open_ws(ws_path) as ws:
        rows = await ws.store.worlds.list()
    assert len(rows) == 1
    assert rows[0].meta["status"] == "creating"  # nobody got to say otherwise
    await _check_resume(ws_path, rows[0].slug, reference)


async def test_resume_a_complete_world_does_nothing(tmp_path: Path) -> None:
    async with open_ws(tmp_path / "ws") as ws:
        record = await create_world(ws, PERSONA, seed=2, files=8)
        since = await last_call_id(ws, record.id)
        states = file_states(record.path, sorted(manifest_of(record).files))
        again = await resume_world(ws, record.slug)
        assert again.meta["status"] == "complete"
        assert await last_call_id(ws, record.id) == since
    assert file_states(record.path, sorted(states)) == states


async def test_resume_remakes_a_deleted_or_changed_file(tmp_path: Path) -> None:
    async with open_ws(tmp_path / "ws") as ws:
        record = await create_world(ws, PERSONA, seed=2, files=8)
        manifest = manifest_of(record)
        gone, changed = sorted(manifest.files)[:2]
        root = Path(record.path)
        original = disk_hashes(root)
        (root / gone).unlink()
        (root / changed).write_bytes(b"edited by hand")
        since = await last_call_id(ws, record.id)
        await resume_world(ws, record.id)  # by id works too
        remade = await content_call_paths(ws, record.id, since_id=since)
    assert sorted(remade) == sorted([gone, changed])
    assert disk_hashes(root) == original


async def test_resume_a_missing_world_is_a_plain_not_found(tmp_path: Path) -> None:
    async with open_ws(tmp_path / "ws") as ws:
        with pytest.raises(NotFound, match="no world called 'nobody'"):
            await resume_world(ws, "nobody")


async def test_cancel_between_artifact_batches_then_resume(tmp_path: Path) -> None:
    """Batches already answered are kept, not asked again; the world is the same."""
    async with open_ws(tmp_path / "reference") as ws:
        ref = await create_world(ws, PERSONA, seed=SEED, files=41)
    async with open_ws(tmp_path / "ws") as ws:
        task: asyncio.Task | None = None

        def on_progress(p: Progress) -> None:
            if p.stage == "artifacts" and p.done == 1 and task is not None:
                task.cancel()

        task = asyncio.create_task(
            create_world(ws, PERSONA, seed=SEED, files=41, on_progress=on_progress)
        )
        with pytest.raises(asyncio.CancelledError):
            await task
        (row,) = await ws.store.worlds.list()
        assert row.meta["stage"] == "artifacts"
        calls = await ws.store.model_calls.list(world_id=row.id, limit=1000)
        answered = [c.purpose for c in calls if c.status == "ok"]
        assert answered.count("synth.artifacts") == 1
        resumed = await resume_world(ws, row.slug)
        calls = await ws.store.model_calls.list(world_id=row.id, limit=1000)
    purposes = [c.purpose for c in calls if c.status == "ok"]
    assert purposes.count("synth.profile") == 1 and purposes.count("synth.folders") == 1
    assert purposes.count("synth.artifacts") == 2  # 41 files: two batches, each asked once
    assert comparable(manifest_of(resumed)) == comparable(manifest_of(ref))
    assert disk_hashes(resumed.path) == disk_hashes(ref.path)


async def test_a_failed_stage_is_reported_and_resumable(tmp_path: Path) -> None:
    from engine.llm.scripted import DEFAULT_RULES
    from engine.synth.pipeline import WorldCreationFailed

    async with open_ws(tmp_path / "ws") as ws:
        policy = ws.llm().policy
        assert policy is not None
        policy.register_structured("UserProfile", lambda request: {"name": "nobody"})
        with pytest.raises(WorldCreationFailed, match="stopped at its profile stage") as failed:
            await create_world(ws, PERSONA, seed=3, files=6)
        assert "UserProfile" in str(failed.value) and "create --resume" in str(failed.value)
        (row,) = await ws.store.worlds.list()
        assert row.meta["status"] == "incomplete"
        assert row.meta["stage"] == "profile"
        assert "profile stage failed" in row.meta["error"]
        # The model behaves again (the default answer for profiles): resume finishes the world.
        real = DEFAULT_RULES.structured_for("UserProfile")
        assert real is not None
        policy.register_structured("UserProfile", real)
        resumed = await resume_world(ws, row.slug)
    assert resumed.meta["status"] == "complete"
    assert resumed.meta["error"] is None
