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
