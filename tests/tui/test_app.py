"""The app opens a workspace and shows its worlds, driven by Textual's pilot."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from engine.config import Settings
from engine.workspace import Workspace
from tui.app import SynthcompApp


async def test_app_lists_worlds_of_the_workspace(tmp_path: Path) -> None:
    settings = Settings.resolve(workspace=tmp_path / "ws", env={})
    async with await Workspace.open(settings.workspace, settings) as ws:
        await ws.store.worlds.create(
            "Ada's laptop", "ada", str(tmp_path / "ada"), "Chemistry Teacher"
        )
    app = SynthcompApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#worlds", DataTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[:2] == ["Ada's laptop", "Chemistry Teacher"]
        await pilot.press("q")
    assert app.workspace is None  # closed on exit


def test_a_run_is_named_by_its_world_short_id_and_start() -> None:
    import time

    from engine.store import RunRecord
    from tui.identity import run_identity, short_id, sim_date

    now = time.mktime((2025, 3, 7, 16, 45, 0, 0, 0, -1))
    run = RunRecord(id="3f9c2a7d41b8", world_id="w", path=None, options={}, status="paused",
                    status_reason=None, parent_run_id=None, parent_seq=None, head_seq=0,
                    created_at=now, updated_at=now)  # fmt: skip
    assert (
        run_identity(run, "Ana (Teacher)")
        == "Ana (Teacher) · run 3f9c2a7d · started 7 Mar 2025 16:45"
    )
    fork = run.model_copy(update={"id": "0b1c2d3e4f50", "parent_run_id": run.id, "parent_seq": 9})
    assert run_identity(fork, "Ana").endswith("· fork of 3f9c2a7d")
    assert short_id(run.id) == "3f9c2a7d"
    assert sim_date("2025-03-17") == "Mon 17 Mar" and sim_date("someday") == "someday"
